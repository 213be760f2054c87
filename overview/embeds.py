"""Embeddable charts, maps and incident summaries for newsrooms, and oEmbed.

- `/embed/regions/<code>/casualties/`: a region's people killed, injured and missing per
  month, drawn as an SVG in the page (no script), with its data table;
  `…/casualties.svg` and `…/casualties.png` the same chart as a file for print. The chart is
  declared once (`casualty_figure`, matplotlib) and both files are written from it.
- `/embed/regions/<code>/map/`: the region's map (outlines and the incidents with a point).
- `/embed/incidents/<id>/`: one published incident's summary.

Each embed page may be framed by any site (`frame-ancestors *`, no X-Frame-Options), sets no
cookie and loads nothing from elsewhere; it says the date of the data, the figures'
qualifiers (best figure, with the low–high range), the licence and links back to Veta.
`?lang=es` or `?lang=en` chooses the language (the reader's otherwise). The "Embed" buttons
on region and incident pages give the `<iframe>` snippet; `/oembed/?url=…` gives it to
publishing systems (oEmbed 1.0, JSON), discovered from the pages' `<link rel="alternate">`.
"""

import datetime
import hashlib
import io
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urlsplit

from csp.decorators import csp_replace
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from core.licences import DATA_LICENCE
from incidents.charts import CHART_OUTCOMES, CasualtySeries, outcome_labels, rolled_up_monthly_casualties
from incidents.models import Incident
from regions.models import Region

if TYPE_CHECKING:
    from matplotlib.figure import Figure

LANGUAGES = ("en", "es")
# Each outcome its colour (WCAG AA against white) and its own hatching, so colour is not needed.
STYLES = {
    "killed": {"color": "#8e1c16", "hatch": ""},
    "injured": {"color": "#9c5700", "hatch": "///"},
    "missing": {"color": "#3f5f86", "hatch": ".."},
}
# As long as shared caches may keep an embed (Cache-Control below); the key changes with the figures anyway.
CHART_CACHE_SECONDS = 300
EMBED_SIZES = {"casualties": (640, 420), "map": (640, 480), "incident": (480, 260)}
FRAMEABLE = {"frame-ancestors": ["*"]}


def embeddable(view):
    """Any site may frame it; it sets no cookie; shared caches may keep it for five minutes."""
    view = csp_replace(FRAMEABLE)(view)
    view = xframe_options_exempt(view)
    view = cache_control(public=True, max_age=CHART_CACHE_SECONDS)(view)
    return require_safe(view)


def in_language(request: HttpRequest) -> str:
    """The embed's language: `?lang=` when it names one of Veta's, else the reader's."""
    asked = request.GET.get("lang")
    return asked if asked in LANGUAGES else (translation.get_language() or "en")[:2]


def absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


# --- The chart, declared once ---------------------------------------------------------------------


def region_series(region: Region) -> CasualtySeries:
    """The region's published incidents' casualties per month (from the rollup)."""
    return rolled_up_monthly_casualties({"region": [region.code]}, False)


def casualty_figure(region: Region, series: CasualtySeries, as_of: datetime.date) -> "Figure":
    """People killed, injured and missing per month in the region: best figures as bars, the low–high
    range as whiskers where a source gave one, each outcome with its own hatching."""
    # matplotlib (with numpy) takes a second and a half and 60 MB to load: only a process that
    # draws a chart loads it, not every server process as it starts.
    from matplotlib.figure import Figure

    months = series.filled_months()
    labels = outcome_labels()
    figure = Figure(figsize=(8, 5.25), dpi=100, layout="constrained")
    axes = figure.add_subplot()
    width = 0.8 / len(CHART_OUTCOMES)
    positions = range(len(months))
    for index, outcome in enumerate(CHART_OUTCOMES):
        style = STYLES[outcome]
        xs = [position - 0.4 + width * (index + 0.5) for position in positions]
        best = [row[outcome] for row in months]
        # Only the months with people to show get a bar: most months of a long series have none,
        # and drawing hundreds of empty bars was most of the chart's cost.
        drawn = [i for i, value in enumerate(best) if value]
        axes.bar(
            [xs[i] for i in drawn], [best[i] for i in drawn], width, label=labels[outcome],
            color="white" if style["hatch"] else style["color"], edgecolor=style["color"], hatch=style["hatch"],
            linewidth=1.2,
        )  # fmt: skip
        lows = [row.get(f"{outcome}_low", value) for row, value in zip(months, best, strict=True)]
        highs = [row.get(f"{outcome}_high", value) for row, value in zip(months, best, strict=True)]
        ranged = [i for i, (low, high) in enumerate(zip(lows, highs, strict=True)) if low != high]
        if ranged:
            axes.errorbar(
                [xs[i] for i in ranged], [best[i] for i in ranged],
                yerr=[[best[i] - lows[i] for i in ranged], [highs[i] - best[i] for i in ranged]],
                fmt="none", ecolor="#1d1d1b", capsize=3, linewidth=1,
            )  # fmt: skip
    axes.set_xlim(-0.5, max(len(months), 1) - 0.5)
    step = max(1, len(months) // 12)
    axes.set_xticks(list(positions)[::step], [date_format(row["month"], "M Y") for row in months][::step])
    axes.tick_params(axis="x", labelrotation=45, labelsize=8)
    axes.set_ylabel(_("People (best figure; whiskers: low–high)"))
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(frameon=False, loc="upper left")
    axes.set_title(_("People killed, injured and missing per month in %(region)s") % {"region": region.display_name})
    if not months:
        axes.text(0.5, 0.5, _("No incident with casualties recorded yet."), ha="center", transform=axes.transAxes)
    figure.text(
        0.01, 0.005,
        _("Veta · data as of %(date)s · %(licence)s") % {"date": as_of.isoformat(), "licence": DATA_LICENCE.spdx},
        fontsize=7, color="#5b5b57",
    )  # fmt: skip
    return figure


def chart_bytes(figure: "Figure", file_format: str) -> bytes:
    buffer = io.BytesIO()
    metadata = {"svg": {"Date": None, "Creator": None}, "png": {"Software": None}}[file_format]
    figure.savefig(buffer, format=file_format, metadata=metadata)
    return buffer.getvalue()


def region_chart(region: Region, series: CasualtySeries, as_of: datetime.date, file_format: str) -> bytes:
    """The region's chart as SVG or PNG, drawn once for the same figures, day and language.

    Drawing takes a good part of a second; the answer is kept in the cache under a digest
    of everything the chart shows, so a change of any figure draws it anew at once.
    """
    shown = repr((region.code, region.display_name, translation.get_language(), as_of, series.filled_months()))
    key = f"embed-chart:{file_format}:{hashlib.sha256(shown.encode()).hexdigest()}"
    body = cache.get(key)
    if body is None:
        body = chart_bytes(casualty_figure(region, series, as_of), file_format)
        cache.set(key, body, CHART_CACHE_SECONDS)
    return body


def data_date() -> datetime.date:
    """The date the chart's data is as of: today, since the rollup follows every change at once."""
    return timezone.localdate()


@embeddable
def region_casualty_chart_file(request: HttpRequest, code: str, file_format: str) -> HttpResponse:
    """…/casualties.svg and …/casualties.png: the chart as a file, for print and slides."""
    if file_format not in ("svg", "png"):
        raise Http404("The chart is offered as .svg and .png.")
    region = get_object_or_404(Region, code=code)
    with translation.override(in_language(request)):
        series = region_series(region)
        body = region_chart(region, series, data_date(), file_format)
    content_type = "image/svg+xml" if file_format == "svg" else "image/png"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="veta-{region.code}-casualties.{file_format}"'
    return response


@embeddable
def region_casualty_embed(request: HttpRequest, code: str) -> HttpResponse:
    """/embed/regions/<code>/casualties/: the chart in the page, its table, its date and a link back."""
    region = get_object_or_404(Region, code=code)
    language = in_language(request)
    with translation.override(language):
        series = region_series(region)
        as_of = data_date()
        svg = region_chart(region, series, as_of, "svg").decode()
        svg = svg[svg.index("<svg") :]  # without the XML prolog and doctype, inside HTML
        context = {
            "region": region,
            "svg": svg,
            "months": [
                (row["month"], row["incidents"], [row[outcome] for outcome in CHART_OUTCOMES])
                for row in series.filled_months()
                if row["incidents"]
            ],
            "outcomes": [(outcome, outcome_labels()[outcome]) for outcome in CHART_OUTCOMES],
            "as_of": as_of,
            "page_url": absolute(request, reverse("region-detail", args=[region.code])),
            "svg_url": reverse("embed-region-casualties-file", args=[region.code, "svg"]) + f"?lang={language}",
            "png_url": reverse("embed-region-casualties-file", args=[region.code, "png"]) + f"?lang={language}",
            "language": language,
            "licence": DATA_LICENCE,
        }
        return render(request, "embed/casualties.html", context)


@embeddable
def region_map_embed(request: HttpRequest, code: str) -> HttpResponse:
    """/embed/regions/<code>/map/: the region's outline and its incidents that have a point."""
    region = get_object_or_404(Region, code=code)
    language = in_language(request)
    with translation.override(language):
        context = {
            "region": region,
            "points_url": reverse("incident-export") + f"?format=geojson&region={region.code}",
            "page_url": absolute(request, reverse("region-detail", args=[region.code])),
            "as_of": timezone.localdate(),
            "language": language,
            "licence": DATA_LICENCE,
        }
        return render(request, "embed/map.html", context)


@embeddable
def incident_embed(request: HttpRequest, pk: int) -> HttpResponse:
    """/embed/incidents/<id>/: a published incident's title, date, place and figures, and a link back."""
    incident = get_object_or_404(Incident.objects.published().select_related("region", "province", "district"), pk=pk)
    language = in_language(request)
    with translation.override(language):
        context = {
            "incident": incident,
            "page_url": absolute(request, reverse("incident-detail", args=[incident.pk])),
            "as_of": timezone.localdate(incident.updated_at),
            "language": language,
            "licence": DATA_LICENCE,
        }
        return render(request, "embed/incident.html", context)


# --- oEmbed -----------------------------------------------------------------------------------------


def embed_for(path: str) -> tuple[str, str, tuple[int, int]] | None:
    """(embed path, title, size) for a Veta page that has an embed: a published incident or a region.

    The title is in the active language (an incident's falls back to its other language)."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.url_name == "incident-detail":
        incident = Incident.objects.published().filter(pk=match.kwargs["pk"]).only("title", "title_es").first()
        if incident is None:
            return None
        return reverse("embed-incident", args=[match.kwargs["pk"]]), str(incident), EMBED_SIZES["incident"]
    if match.url_name == "region-detail":
        region = Region.objects.filter(code=match.kwargs["code"]).first()
        if region is None:
            return None
        title = _("People killed, injured and missing per month in %(region)s") % {"region": region.display_name}
        return reverse("embed-region-casualties", args=[region.code]), title, EMBED_SIZES["casualties"]
    return None


def iframe(src: str, title: str, size: tuple[int, int]) -> str:
    return format_html(
        '<iframe src="{}" width="{}" height="{}" title="{}" loading="lazy" style="border:0;max-width:100%"></iframe>',
        src, size[0], size[1], title,
    )  # fmt: skip


@require_safe
def oembed(request: HttpRequest) -> JsonResponse:
    """/oembed/?url=<a Veta incident or region page>[&maxwidth=&maxheight=]: oEmbed 1.0 (JSON, type rich)."""
    if request.GET.get("format", "json") != "json":
        return JsonResponse({"format": ["Only json is offered."]}, status=501)
    url = request.GET.get("url", "")
    parts = urlsplit(url)
    if not url or (parts.netloc and parts.netloc != request.get_host()):
        return JsonResponse({"url": ["Give the address of a Veta incident or region page on this site."]}, status=404)
    language = in_language(request)
    with translation.override(language):
        found = embed_for(parts.path or "/")
    if found is None:
        raise Http404("That page has no embed.")
    path, title, (width, height) = found
    size = {"maxwidth": width, "maxheight": height}
    for name in size:
        value = request.GET.get(name)
        if value is not None:
            if not value.isascii() or not value.isdigit():
                return JsonResponse({name: ["A whole number of pixels."]}, status=400)
            size[name] = min(size[name], int(value))
    width, height = size["maxwidth"], size["maxheight"]
    src = absolute(request, f"{path}?{urlencode({'lang': language})}")
    return JsonResponse(
        {
            "version": "1.0",
            "type": "rich",
            "title": title,
            "provider_name": "Veta",
            "provider_url": absolute(request, "/"),
            "html": iframe(src, title, (width, height)),
            "width": width,
            "height": height,
            "cache_age": 300,
            "license": DATA_LICENCE.spdx,
            "license_url": DATA_LICENCE.url,
        }
    )
