"""Veta's URL map: the pages, the feeds, the admin and the API."""

from django.contrib import admin
from django.urls import include, path

from enforcement import import_views as reinfo_imports
from incidents import feeds, review_views, source_views
from incidents import import_views as incident_imports
from veta import about, maps, package, views
from veta.api.docs import RedocDocsView, SwaggerDocsView

handler404 = "veta.health.not_found"
handler500 = "veta.health.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", about.about, name="about"),
    path("about/veta-data.zip", package.download_package, name="data-package"),
    path("imports/reinfo/", reinfo_imports.reinfo_import, name="reinfo-import"),
    path("imports/incidents/", incident_imports.incident_import, name="incident-import"),
    path("map/", maps.map_page, name="map"),
    path("map/regions.geojson", maps.region_layer, name="map-regions"),
    path("review/", review_views.review_queue, name="review-queue"),
    path("sources/<int:pk>/", source_views.source_detail, name="source-detail"),
    path("feeds/incidents/", feeds.IncidentFeed(), name="feed-incidents"),
    path("feeds/regions/<str:code>/", feeds.RegionIncidentFeed(), name="feed-region"),
    path("", include("incidents.urls")),
    path("", include("regions.urls")),
    path("", include("enforcement.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("veta.api.urls", namespace="api")),
    path("api/docs/", SwaggerDocsView.as_view(), name="api-docs"),
    path("api/redoc/", RedocDocsView.as_view(), name="api-redoc"),
]
