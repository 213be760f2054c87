from django.shortcuts import render


def _placeholder(request, *args, **kwargs):
    return render(request, "base.html")


review_queue = _placeholder
