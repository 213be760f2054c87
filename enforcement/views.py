from django.shortcuts import render


def _placeholder(request, *args, **kwargs):
    return render(request, "base.html")


operation_list = operation_detail = reinfo_list = _placeholder
