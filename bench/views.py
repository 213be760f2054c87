"""Baselines the benchmark compares Veta's incident list with, on the same server and database.

- `ok`: a trivial `{"ok": 1}`, the cost of the stack itself (gunicorn, Django, middleware);
- `floor`: the list's query as raw SQL through psycopg (one persistent connection per
  process), encoded with orjson: the least any implementation of the page can cost;
- `StandardIncidentList`: what a textbook DRF viewset gives (ModelSerializer, select_related,
  page-number pagination with its COUNT);
- `NaiveIncidentList`: the same without select_related (one query per place and site).
"""

import datetime

import orjson
import psycopg
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from rest_framework import generics, pagination, serializers

from incidents.models import Incident

FLOOR_SQL = """
SELECT i.id, i.title, i.incident_type, i.status, i.date_start, i.date_end, i.date_precision,
       i.region_id, r.display_name, i.province_id, p.display_name, i.district_id, d.display_name,
       i.place_precision, i.location_name, i.latitude, i.longitude, i.site_id, s.name,
       i.killed_low, i.killed_best, i.killed_high, i.injured_low, i.injured_best, i.injured_high,
       i.missing_low, i.missing_best, i.missing_high, i.updated_at
FROM incidents_incident i
JOIN regions_region r ON r.code = i.region_id
LEFT JOIN regions_province p ON p.code = i.province_id
LEFT JOIN regions_district d ON d.code = i.district_id
LEFT JOIN regions_miningsite s ON s.id = i.site_id
WHERE i.status = 'published' AND i.region_id = %s AND i.date_end >= %s AND i.date_start <= %s
ORDER BY i.date_start DESC, i.id DESC
LIMIT 100
"""
FLOOR_KEYS = [
    "id",
    "title",
    "type",
    "status",
    "date_start",
    "date_end",
    "date_precision",
    "region",
    "region_name",
    "province",
    "province_name",
    "district",
    "district_name",
    "place_precision",
    "location_name",
    "latitude",
    "longitude",
    "site_id",
    "site",
    "killed_low",
    "killed_best",
    "killed_high",
    "injured_low",
    "injured_best",
    "injured_high",
    "missing_low",
    "missing_best",
    "missing_high",
    "updated_at",
]

_connection: psycopg.Connection | None = None


def _floor_connection() -> psycopg.Connection:
    global _connection
    if _connection is None or _connection.closed:
        database = settings.DATABASES["default"]
        _connection = psycopg.connect(
            dbname=database["NAME"],
            user=database.get("USER") or None,
            password=database.get("PASSWORD") or None,
            host=database.get("HOST") or None,
            port=database.get("PORT") or None,
            autocommit=True,
        )
    return _connection


def ok(request: HttpRequest) -> HttpResponse:
    return HttpResponse(orjson.dumps({"ok": 1}), content_type="application/json")


def floor(request: HttpRequest) -> HttpResponse:
    region = request.GET["region"]
    date_from = datetime.date.fromisoformat(request.GET["date_from"])
    date_to = datetime.date.fromisoformat(request.GET["date_to"])
    with _floor_connection().cursor() as cursor:
        cursor.execute(FLOOR_SQL, [region, date_from, date_to])
        rows = [dict(zip(FLOOR_KEYS, row, strict=True)) for row in cursor.fetchall()]
    return HttpResponse(orjson.dumps({"results": rows}, default=str), content_type="application/json")


class StandardIncidentSerializer(serializers.ModelSerializer):
    region_name = serializers.CharField(source="region.display_name")
    province_name = serializers.CharField(source="province.display_name", default=None)
    district_name = serializers.CharField(source="district.display_name", default=None)
    site_name = serializers.CharField(source="site.name", default=None)

    class Meta:
        model = Incident
        # The many-to-many actors and sources would add two queries per row: a standard list leaves them out.
        exclude = ["search_vector", "description", "retraction_reason", "import_key", "actors", "sources"]


class PageNumber(pagination.PageNumberPagination):
    page_size = 100


class StandardIncidentList(generics.ListAPIView):
    serializer_class = StandardIncidentSerializer
    pagination_class = PageNumber
    filter_backends: list = []
    throttle_classes: list = []
    related = ("region", "province", "district", "site")

    def get_queryset(self):
        params = self.request.query_params
        queryset = Incident.objects.filter(
            status="published",
            region_id=params["region"],
            date_end__gte=params["date_from"],
            date_start__lte=params["date_to"],
        ).order_by("-date_start", "-id")
        return queryset.select_related(*self.related) if self.related else queryset


class NaiveIncidentList(StandardIncidentList):
    related = ()
