"""Veta's licences: CC BY 4.0 for the data, AGPL-3.0-or-later for the code.

Declared once here and used by the data package, the API root, every export's metadata (the
`Link: <…>; rel="license"` header on every API answer and download, and the `license` member
of GeoJSON), `/about/` and the citation. The texts are in the repository's `LICENSE` (code)
and `LICENSE-DATA` (data), taken from the SPDX License List.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse


@dataclass(frozen=True)
class Licence:
    spdx: str
    title: str
    url: str
    file: str

    def text(self) -> str:
        return (Path(settings.BASE_DIR) / self.file).read_text(encoding="utf-8")

    def as_dict(self) -> dict[str, str]:
        """As Frictionless Data Package's `licenses` and Veta's API write a licence."""
        return {"name": self.spdx, "title": self.title, "path": self.url}


DATA_LICENCE = Licence(
    spdx="CC-BY-4.0",
    title="Creative Commons Attribution 4.0 International",
    url="https://creativecommons.org/licenses/by/4.0/",
    file="LICENSE-DATA",
)
CODE_LICENCE = Licence(
    spdx="AGPL-3.0-or-later",
    title="GNU Affero General Public License v3.0 or later",
    url="https://www.gnu.org/licenses/agpl-3.0.html",
    file="LICENSE",
)
# What a reuser must do, in one sentence, wherever the data goes out.
ATTRIBUTION = (
    "Veta's data is licensed under CC BY 4.0: you may share and adapt it for any purpose, "
    "provided you credit Veta and link to the licence."
)


def link_header() -> str:
    """The HTTP `Link` header naming the data's licence (RFC 8288, relation `license`)."""
    return f'<{DATA_LICENCE.url}>; rel="license"'


# Where Veta's data goes out: the API (answers and exports), the feeds and the data package.
DATA_PATHS = ("/api/v1/", "/feeds/", "/about/veta-data.zip", "/map/regions.geojson")


class DataLicenceMiddleware:
    """Names the data's licence (CC BY 4.0) in a `Link: <…>; rel="license"` header on every answer that
    carries Veta's data: the API, the exports, the feeds and the data package (RFC 8288)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(DATA_PATHS) or response.has_header("Content-Disposition"):
            response["Link"] = link_header()
        return response
