"""The images link previews show (og:image, twitter:image): a chart of what the page counts.

1200×630 PNGs drawn with Pillow in the reader's language: the dashboard's and a region's
people killed, injured and missing per year (best figures, from the rollups, published
incidents only), and an incident's low, best and high figure per outcome. Each outcome has
its own colour and its own fill (solid, stripes, dots), so the chart does not rely on colour.
A draft incident's image answers 404 to whoever may not see the incident.
"""

import io
from collections import defaultdict

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from PIL import Image, ImageDraw, ImageFont

from incidents.charts import CHART_OUTCOMES, outcome_labels, rolled_up_monthly_casualties
from incidents.models import Incident
from regions.models import Region

WIDTH, HEIGHT = 1200, 630
INK, MUTED, LINE, PAPER, ACCENT = "#1d1d1b", "#5b5b57", "#d9d6cf", "#ffffff", "#8a5a00"
# The charts' colours (static/js/charts.js): each at least 3:1 against white (WCAG 1.4.11).
COLOURS = {"killed": "#8e1c16", "injured": "#9c5700", "missing": "#3f5f86"}


def font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)


def fill(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], outcome: str) -> None:
    """A bar: killed solid, injured striped, missing dotted, each in its colour."""
    left, top, right, bottom = box
    if right - left < 1 or bottom - top < 1:
        return
    colour = COLOURS[outcome]
    if outcome == "killed":
        draw.rectangle(box, fill=colour)
        return
    draw.rectangle(box, fill=PAPER, outline=colour, width=2)
    if outcome == "injured":
        for offset in range(-(bottom - top), right - left, 10):
            start = (left + max(offset, 0), bottom - max(-offset, 0))
            length = min(right - start[0], start[1] - top)
            draw.line([start, (start[0] + length, start[1] - length)], fill=colour, width=3)
    else:
        for y in range(top + 4, bottom - 2, 8):
            for x in range(left + 4, right - 2, 8):
                draw.ellipse((x - 2, y - 2, x + 2, y + 2), fill=colour)


def wrapped(draw: ImageDraw.ImageDraw, text: str, size: int, width: int, lines: int) -> list[str]:
    words, rows, row = text.split(), [], ""
    for word in words:
        candidate = f"{row} {word}".strip()
        if draw.textlength(candidate, font=font(size)) <= width:
            row = candidate
        else:
            rows.append(row)
            row = word
    rows.append(row)
    if len(rows) > lines:
        rows = [*rows[: lines - 1], rows[lines - 1] + " …"]
    return rows


def card(title: str, subtitle: str) -> tuple[Image.Image, ImageDraw.ImageDraw, int]:
    """The frame: brand, title and subtitle; returns where the chart may start."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 12), fill=ACCENT)
    draw.text((60, 40), "Veta", font=font(40), fill=ACCENT)
    y = 100
    for row in wrapped(draw, title, 46, WIDTH - 120, 2):
        draw.text((60, y), row, font=font(46), fill=INK)
        y += 56
    draw.text((60, y + 4), subtitle, font=font(26), fill=MUTED)
    return image, draw, y + 56


def legend(draw: ImageDraw.ImageDraw, x: int, y: int) -> None:
    labels = outcome_labels()
    for outcome in CHART_OUTCOMES:
        fill(draw, (x, y, x + 28, y + 28), outcome)
        draw.text((x + 38, y), str(labels[outcome]), font=font(26), fill=INK)
        x += 70 + int(draw.textlength(str(labels[outcome]), font=font(26)))


def yearly_chart(title: str, subtitle: str, series) -> bytes:
    """People killed, injured and missing per year, stacked bars."""
    image, draw, top = card(title, subtitle)
    years: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(CHART_OUTCOMES, 0))
    for row in series:
        for outcome in CHART_OUTCOMES:
            years[row["month"].year][outcome] += row[outcome]
    for total in series.year_only:
        for outcome in CHART_OUTCOMES:
            years[total.year][outcome] += getattr(total, outcome)
    legend(draw, 60, top)
    left, right, bottom, chart_top = 60, WIDTH - 60, HEIGHT - 60, top + 60
    draw.line((left, bottom, right, bottom), fill=LINE, width=2)
    if not years:
        draw.text((left, chart_top + 40), _("No incidents to chart yet."), font=font(30), fill=MUTED)
        return png(image)
    span = list(range(min(years), max(years) + 1))
    highest = max(sum(years[year].values()) for year in span) or 1
    slot = (right - left) / len(span)
    bar = max(4, min(80, int(slot * 0.7)))
    label_every = max(1, len(span) // 10)
    for index, year in enumerate(span):
        x = int(left + slot * index + (slot - bar) / 2)
        y = bottom
        for outcome in CHART_OUTCOMES:
            height = int((bottom - chart_top - 30) * years[year][outcome] / highest)
            fill(draw, (x, y - height, x + bar, y), outcome)
            y -= height
        if sum(years[year].values()):
            draw.text((x + bar / 2, y - 6), f"{sum(years[year].values())}", font=font(20), fill=INK, anchor="md")
        if index % label_every == 0:
            draw.text((x + bar / 2, bottom + 8), str(year), font=font(20), fill=MUTED, anchor="ma")
    return png(image)


def png(image: Image.Image) -> bytes:
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=True)
    return output.getvalue()


def answer(content: bytes) -> HttpResponse:
    return HttpResponse(content, content_type="image/png")


@require_safe
@cache_control(max_age=3600, public=True)
def home_image(request: HttpRequest) -> HttpResponse:
    series = rolled_up_monthly_casualties({}, sees_drafts=False)
    subtitle = _("People killed, injured and missing per year (best figures)")
    return answer(yearly_chart(_("Violence around gold mining in Peru"), subtitle, series))


@require_safe
@cache_control(max_age=3600, public=True)
def region_image(request: HttpRequest, code: str) -> HttpResponse:
    region = get_object_or_404(Region, code=code)
    series = rolled_up_monthly_casualties({"region": [code]}, sees_drafts=False)
    subtitle = _("People killed, injured and missing per year (best figures)")
    return answer(yearly_chart(region.display_name, subtitle, series))


@require_safe
@cache_control(max_age=3600, private=True)
def incident_image(request: HttpRequest, pk: int) -> HttpResponse:
    """The incident's low, best and high figure per outcome: a bar to the best, a line across the range."""
    incident = Incident.objects.with_page_for(request.user).filter(pk=pk).first()
    if incident is None:
        raise Http404
    image, draw, top = card(incident.title, incident.date_label)
    labels = outcome_labels()
    values = {o: [getattr(incident, f"{o}_{b}") for b in ("low", "best", "high")] for o in CHART_OUTCOMES}
    highest = max([v for triple in values.values() for v in triple if v is not None] or [1]) or 1
    left, right = 300, WIDTH - 160
    row_height = min(90, (HEIGHT - 40 - top) // len(CHART_OUTCOMES))
    for index, outcome in enumerate(CHART_OUTCOMES):
        y = top + 20 + index * row_height
        low, best, high = values[outcome]
        draw.text((60, y + 8), str(labels[outcome]).capitalize(), font=font(30), fill=INK)
        if best is None and low is None and high is None:
            draw.text((left, y + 8), _("not known"), font=font(28), fill=MUTED)
            continue
        scale = (right - left) / highest
        if best:
            fill(draw, (left, y, left + max(4, int(best * scale)), y + row_height - 30), outcome)
        if low is not None and high is not None and high != low:
            middle = y + (row_height - 30) // 2
            draw.line((left + int(low * scale), middle, left + int(high * scale), middle), fill=INK, width=4)
        text = f"{best if best is not None else '?'}"
        if low is not None and high is not None and (low, high) != (best, best):
            text += f" ({low}–{high})"
        draw.text((left + max(4, int((best or 0) * scale)) + 12, y + 8), text, font=font(28), fill=INK)
    return answer(png(image))
