"""API v1 routes of this app: (prefix, viewset, basename)."""

from regions.api import views

ROUTES: list = [
    ("regions", views.RegionViewSet, "region"),
    ("provinces", views.ProvinceViewSet, "province"),
    ("districts", views.DistrictViewSet, "district"),
    ("protected-areas", views.ProtectedAreaViewSet, "protected-area"),
    ("mining-sites", views.MiningSiteViewSet, "mining-site"),
]
