from django.shortcuts import render


def _placeholder(request, *args, **kwargs):
    return render(request, "base.html")


site_list = site_detail = _placeholder
