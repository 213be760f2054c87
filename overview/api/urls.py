"""/api/v1/: every app's routes on one router, the statistics, the deletions list and the schema."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from core.moderation_api import RevisionViewSet
from enforcement.api.urls import ROUTES as ENFORCEMENT_ROUTES
from incidents.api.urls import ROUTES as INCIDENT_ROUTES
from regions.api.urls import ROUTES as REGION_ROUTES

router = DefaultRouter()
for prefix, viewset, basename in [*REGION_ROUTES, *INCIDENT_ROUTES, *ENFORCEMENT_ROUTES]:
    router.register(prefix, viewset, basename=basename)
# Proposed revisions of published incidents, operations and mining sites (core.revisions).
router.register("revisions", RevisionViewSet, basename="revision")

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("stats/", include("overview.api.stats")),
    path("deletions/", include("core.api.deletions")),
    path("", include(router.urls)),
]
