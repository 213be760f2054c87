"""python manage.py export_incidents --format acled|ucdp|csv|geojson [filters] OUT — published incidents to a file."""

import codecs
from collections.abc import Iterator
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import QueryDict

from core.api.exports import csv_chunks, geojson_chunks
from incidents.api.views import INCIDENT_CSV_LAYOUT, INCIDENT_GEOJSON
from incidents.exports import ACLED_LAYOUT, UCDP_LAYOUT
from incidents.filtersets import IncidentFilterSet
from incidents.models import Incident

LAYOUTS = {"csv": INCIDENT_CSV_LAYOUT, "acled": ACLED_LAYOUT, "ucdp": UCDP_LAYOUT}
FORMATS = [*LAYOUTS, "geojson"]


def option_name(filter_name: str) -> str:
    return "--" + filter_name.replace("_", "-")


def as_text(chunks: Iterator[str] | Iterator[bytes]) -> Iterator[str]:
    """Veta's CSV comes from PostgreSQL as UTF-8 bytes; the other layouts are text already."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    for chunk in chunks:
        yield decoder.decode(chunk) if isinstance(chunk, bytes) else chunk


class Command(BaseCommand):
    help = (
        "Write the published incidents, filtered as the API filters them, as Veta's CSV, an ACLED- or "
        "UCDP-GED-compatible CSV, or GeoJSON. OUT is a file name, or - for standard output."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", metavar="OUT", help="The file to write, or - for standard output.")
        parser.add_argument("--format", choices=FORMATS, default="csv", help="The layout (default: csv).")
        for name, filter_ in IncidentFilterSet.base_filters.items():
            description = filter_.extra.get("help_text") or f"The API's {name} filter."
            parser.add_argument(option_name(name), dest=f"filter_{name}", metavar="VALUE", help=description)

    def handle(self, *args, **options) -> None:
        data = QueryDict(mutable=True)
        for name in IncidentFilterSet.base_filters:
            if options.get(f"filter_{name}") is not None:
                data[name] = options[f"filter_{name}"]
        filterset = IncidentFilterSet(data=data, queryset=Incident.objects.for_api().published())
        if not filterset.is_valid():
            problems = "; ".join(
                f"{option_name(name)}: {' '.join(errors)}" for name, errors in filterset.errors.items()
            )
            raise CommandError(f"Refused filter: {problems}")
        queryset = filterset.qs.order_by("-date_start", "-pk")
        export = options["format"]
        chunks = as_text(
            geojson_chunks(queryset, INCIDENT_GEOJSON) if export == "geojson" else csv_chunks(queryset, LAYOUTS[export])
        )
        if options["out"] == "-":
            for chunk in chunks:
                self.stdout.write(chunk, ending="")
            return
        target = Path(options["out"])
        try:
            with target.open("w", encoding="utf-8", newline="") as out:
                for chunk in chunks:
                    out.write(chunk)
        except OSError as error:
            raise CommandError(f"Cannot write {target}: {error.strerror}.") from None
        self.stderr.write(f"Wrote {filterset.qs.count()} incident(s) as {export} to {target}.")
