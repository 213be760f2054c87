from django.shortcuts import render


def _placeholder(request, *args, **kwargs):
    return render(request, "base.html")


download_package = _placeholder
