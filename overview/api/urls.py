"""/api/v1/: every app's routes on one router, the statistics, the deletions list and the schema."""

from django.urls import include, path
from rest_framework import routers
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.docs import SchemaView
from core.licences import ATTRIBUTION, CODE_LICENCE, DATA_LICENCE
from core.moderation_api import RevisionViewSet
from enforcement.api.urls import ROUTES as ENFORCEMENT_ROUTES
from incidents.api.urls import ROUTES as INCIDENT_ROUTES
from overview.api.releases import ReleaseViewSet
from regions.api.urls import ROUTES as REGION_ROUTES


class APIRootView(routers.APIRootView):
    """Veta's API: every list it serves, and the licences of its data and its code."""

    def get(self, request: Request, *args, **kwargs) -> Response:
        response = super().get(request, *args, **kwargs)
        response.data = {
            **response.data,
            "licence": {**DATA_LICENCE.as_dict(), "attribution": ATTRIBUTION},
            "code_licence": CODE_LICENCE.as_dict(),
        }
        return response


class Router(routers.DefaultRouter):
    APIRootView = APIRootView


router = Router()
for prefix, viewset, basename in [*REGION_ROUTES, *INCIDENT_ROUTES, *ENFORCEMENT_ROUTES]:
    router.register(prefix, viewset, basename=basename)
router.register("releases", ReleaseViewSet, basename="release")
# Proposed revisions of published incidents, operations and mining sites (core.revisions).
router.register("revisions", RevisionViewSet, basename="revision")

app_name = "api"
urlpatterns = [
    path("schema/", SchemaView.as_view(), name="schema"),
    path("stats/", include("overview.api.stats")),
    path("deletions/", include("core.api.deletions")),
    path("", include(router.urls)),
]
