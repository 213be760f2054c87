"""/api/v1/releases/: the numbered releases of the dataset, with their files and checksums."""

from django.urls import reverse
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny

from core.licences import DATA_LICENCE
from overview.models import Release
from overview.releases import CHANGELOG, CHECKSUMS


class ReleaseSerializer(serializers.ModelSerializer):
    package_url = serializers.SerializerMethodField(help_text="The release's data package (zip).")
    changelog_url = serializers.SerializerMethodField(help_text="Incidents added, changed and retracted (Markdown).")
    checksums_url = serializers.SerializerMethodField(help_text="SHA-256 checksums of both (`sha256sum -c`).")
    licence = serializers.SerializerMethodField(help_text="The data's licence.")

    class Meta:
        model = Release
        fields = (
            "number",
            "published_at",
            "data_as_of",
            "notes",
            "package_url",
            "package_size",
            "package_sha256",
            "changelog_url",
            "changelog_sha256",
            "checksums_url",
            "added",
            "changed",
            "retracted",
            "licence",
        )

    def _url(self, release: Release, name: str) -> str:
        path = reverse("release-file", args=[release.number, name])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def get_package_url(self, release: Release) -> str:
        return self._url(release, release.package_name)

    def get_changelog_url(self, release: Release) -> str:
        return self._url(release, CHANGELOG)

    def get_checksums_url(self, release: Release) -> str:
        return self._url(release, CHECKSUMS)

    def get_licence(self, release: Release) -> dict[str, str]:
        return DATA_LICENCE.as_dict()


class ReleasePagination(PageNumberPagination):
    page_size = 50

    def paginate_queryset(self, queryset, request, view=None):
        """A page that is not a number or lies beyond the last is a refused parameter (400 naming `page`),
        as everywhere in Veta's API, not a missing record."""
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound as error:
            raise ValidationError({self.page_query_param: [str(error.detail)]}) from error


class ReleaseViewSet(viewsets.ReadOnlyModelViewSet):
    """Numbered releases of the public dataset, newest first: each a data package, a changelog of the
    incidents added, changed and retracted since the previous release, and their SHA-256 checksums."""

    queryset = Release.objects.defer("manifest").order_by("-number")
    serializer_class = ReleaseSerializer
    permission_classes = [AllowAny]
    filter_backends: list = []
    pagination_class = ReleasePagination
    lookup_field = "number"
    lookup_value_regex = "[0-9]+"
