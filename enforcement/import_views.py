from django.shortcuts import render


def _placeholder(request, *args, **kwargs):
    return render(request, "base.html")


reinfo_import = _placeholder
