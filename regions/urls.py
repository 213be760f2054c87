"""Place profiles (regions, provinces, districts) and mining-site pages."""

from django.urls import path

from regions import site_views, views

urlpatterns = [
    path("regions/", views.region_list, name="region-list"),
    path("regions/<str:code>/", views.region_detail, name="region-detail"),
    path("provinces/<str:code>/", views.province_detail, name="province-detail"),
    path("districts/<str:code>/", views.district_detail, name="district-detail"),
    path("sites/", site_views.site_list, name="site-list"),
    path("sites/<int:pk>/", site_views.site_detail, name="site-detail"),
]
