from django.shortcuts import render


def _placeholder(request, *args, **kwargs):
    return render(request, "base.html")


incident_list = incident_detail = _placeholder
