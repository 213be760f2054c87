"""The dashboard and the timeline in a real browser: Chart.js draws, months come in order.

The browser's server sees the session's committed data only: Veta's real records.
"""

import pytest

from tests.browser import screenshot

pytestmark = pytest.mark.django_db


def test_the_dashboard_draws_the_casualty_chart(page) -> None:
    page.goto("/")
    canvas = page.locator("canvas#dashboard-casualties")
    canvas.wait_for()
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('dashboard-casualties'))")
    size = canvas.bounding_box()
    assert size["width"] > 200
    assert size["height"] > 100
    assert canvas.get_attribute("role") == "img"
    assert "Bar chart of people killed" in canvas.get_attribute("aria-label")
    datasets = page.evaluate(
        "() => Chart.getChart(document.getElementById('dashboard-casualties')).data.datasets.map(d => d.label)"
    )
    assert datasets == ["Killed", "Injured", "Missing"]
    assert page.locator("h1").count() == 1
    # The accessible table opens from its summary, by keyboard too.
    page.locator(".casualty-chart__table summary").focus()
    page.keyboard.press("Enter")
    assert page.locator(".casualty-chart__table table").is_visible()
    page.keyboard.press("Enter")
    page.locator(".casualty-chart__table summary").blur()
    screenshot(page, "dashboard")


def test_the_dashboard_fits_a_narrow_screen(page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('dashboard-casualties'))")
    canvas = page.locator("canvas#dashboard-casualties").bounding_box()
    assert 0 < canvas["width"] <= 390
    # Nothing but the scrollable tables is wider than the screen.
    overflow = page.evaluate("() => document.documentElement.scrollWidth")
    assert overflow <= 390
    screenshot(page, "dashboard-narrow")


def test_the_timeline_lists_months_in_order_with_their_incidents(page) -> None:
    page.goto("/timeline/")
    headings = page.locator(".timeline-month h3")
    ids = [headings.nth(n).get_attribute("id") for n in range(headings.count())]
    months = [identifier.removeprefix("month-") for identifier in ids if identifier.startswith("month-")]
    assert len(months) >= 4
    assert months == sorted(months, reverse=True)
    assert headings.first.inner_text() == "December 2025"
    for identifier in ids:
        section = page.locator(f"section[aria-labelledby='{identifier}']")
        assert section.locator(".timeline-item").count() >= 1
    first_item = page.locator("section[aria-labelledby='month-2025-12'] .timeline-item a").first
    assert "tunnel entrance" in first_item.inner_text()
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('timeline-casualties'))")
    screenshot(page, "timeline")


def test_the_timeline_order_reverses_and_keeps_the_filter(page) -> None:
    page.goto("/timeline/")
    page.select_option("#id_region", "17")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/timeline/?*region=17*")
    page.get_by_role("link", name="Show oldest first").click()
    page.wait_for_url("**sort=oldest**")
    assert "region=17" in page.url
    months = [
        m.removeprefix("month-") for m in page.locator(".timeline-month h3").evaluate_all("hs => hs.map(h => h.id)")
    ]
    assert months == sorted(months)
    assert all(region.endswith("Madre de Dios") for region in page.locator(".timeline-item__place").all_inner_texts())
