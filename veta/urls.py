"""Veta's URL map: each app's pages, the admin and the API."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

handler404 = "core.health.not_found"
handler500 = "core.health.server_error"

# The admin names itself Veta's, in the reader's language, not "Django administration".
admin.site.site_header = _("Veta administration")
admin.site.site_title = _("Veta administration")
admin.site.index_title = _("Veta's records")

urlpatterns = [
    path("", include("overview.urls")),
    path("", include("incidents.urls")),
    path("", include("enforcement.urls")),
    path("", include("core.urls")),
    path("", include("alerts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("overview.api.urls", namespace="api")),
]
