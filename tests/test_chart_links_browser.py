"""In a real browser, a chart's bar leads to the list of the incidents it counts."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_clicking_a_bar_of_a_regions_chart_lists_that_months_incidents(page) -> None:
    page.goto("/regions/17/")
    canvas = page.locator("#place-casualties")
    page.wait_for_selector('[data-casualty-chart][data-chart-drawn="true"]')
    # Where Chart.js drew the tallest bar, and which month it stands for.
    target = page.evaluate(
        """() => {
            const canvas = document.getElementById("place-casualties");
            const chart = Chart.getChart(canvas);
            const months = JSON.parse(document.getElementById("place-casualties-data").textContent).months;
            let best = null;
            chart.data.datasets.forEach((dataset, d) => dataset.data.forEach((value, i) => {
                if (value > 0 && (!best || value > best.value)) {
                    const bar = chart.getDatasetMeta(d).data[i];
                    best = {value, x: bar.x, y: (bar.y + bar.base) / 2, month: months[i]};
                }
            }));
            return best;
        }"""
    )
    assert target is not None, "the chart draws at least one bar"
    canvas.click(position={"x": target["x"], "y": target["y"]})
    page.wait_for_url(re.compile(r".*/incidents/\?region=17&date_from=.*"))
    assert f"date_from={target['month']}-01" in page.url
    rows = page.locator(".incident-table tbody tr")
    assert rows.count() >= 1
