from django.shortcuts import render


def _placeholder(request, *args, **kwargs):
    return render(request, "base.html")


region_list = region_detail = province_detail = district_detail = _placeholder
