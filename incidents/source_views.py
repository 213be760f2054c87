from django.shortcuts import render


def _placeholder(request, *args, **kwargs):
    return render(request, "base.html")


source_detail = _placeholder
