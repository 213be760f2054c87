"""The seed attack's qualified figures in a real browser, in English and in Spanish.

The browser's server sees the session's committed data only: Veta's real records, where the
attack in La Libertad is "at least 3 killed, at least 7 missing" and the published incidents
add up to "at least 20 killed".
"""

import pytest

from incidents.models import Incident
from tests.browser import screenshot

pytestmark = pytest.mark.django_db

SEED_ATTACK = "incident-2026-la-libertad-new-year-attack"


def switch_to_spanish(page) -> None:
    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Change").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "es"


def read_seed_attack(page, pk: int) -> dict[str, object]:
    """The incident page's headline, the dashboard card's figures and the dashboard's killed total."""
    page.goto(f"/incidents/{pk}/")
    headline = page.locator("#incident-toll").inner_text()
    page.goto("/")
    card = page.locator(".latest-incident", has=page.locator(f"a[href='/incidents/{pk}/']"))
    figures = card.locator(".latest-incident__figures li").all_inner_texts()
    total = page.locator(".headline__item--killed .headline__total").inner_text()
    return {"headline": headline, "card": figures, "total": total}


def test_the_seed_attack_reads_at_least_on_its_page_its_card_and_the_dashboard_in_both_languages(page) -> None:
    pk = Incident.objects.get(import_key=SEED_ATTACK).pk

    english = read_seed_attack(page, pk)
    assert english == {
        "headline": "At least 3 killed, at least 7 missing",
        "card": ["at least 3 killed", "at least 7 missing"],
        "total": "at least 20 killed",
    }
    # The chart draws whiskers: its data say which months are open above.
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('dashboard-casualties'))")
    killed = page.evaluate(
        "() => Chart.getChart(document.getElementById('dashboard-casualties')).data.datasets[0].vetaOpen"
    )
    assert True in killed
    screenshot(page, "dashboard-qualified-figures")

    switch_to_spanish(page)
    spanish = read_seed_attack(page, pk)
    assert spanish == {
        "headline": "Al menos 3 muertos, al menos 7 desaparecidos",
        "card": ["al menos 3 muertos", "al menos 7 desaparecidos"],
        "total": "al menos 20 muertos",
    }
    screenshot(page, "dashboard-qualified-figures-es")


def test_the_chart_table_gives_the_range_of_each_month(page) -> None:
    page.goto("/")
    page.locator(".casualty-chart__table summary").click()
    cells = page.locator(".casualty-chart__table tbody td.casualty-chart__killed").all_inner_texts()
    assert "at least 3" in cells
