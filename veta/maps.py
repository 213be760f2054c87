from django.shortcuts import render


def _placeholder(request, *args, **kwargs):
    return render(request, "base.html")


map_page = region_layer = _placeholder
