"""The measures of incidents are declared once, and every writer of statistics takes them from there."""

import orjson
import pytest
from django.db import connection

from incidents import measures, rollup
from incidents.choices import FIGURE_FIELDS, FIGURE_OUTCOMES
from incidents.models import IncidentRegionMonthRollup, IncidentRollup

pytestmark = pytest.mark.django_db

VALUES = {name: position * 7 + 1 for position, name in enumerate(measures.NAMES)}


def test_the_measures_are_the_incident_count_and_every_figure_with_its_open_count():
    expected = tuple(
        f"{outcome.value}_{part}" for outcome in FIGURE_OUTCOMES for part in ("low", "best", "high", "open")
    )
    assert ("incidents", *expected) == measures.NAMES
    assert set(FIGURE_FIELDS) < set(measures.NAMES)


@pytest.mark.parametrize("model", [IncidentRollup, IncidentRegionMonthRollup])
def test_each_rollup_has_a_column_per_measure_besides_its_key(model):
    layout = rollup.RollupLayout.of(model)
    assert layout.measures == measures.NAMES
    assert not set(layout.key) & set(measures.NAMES)


def test_the_installed_trigger_function_is_the_one_written_from_the_models():
    """A measure added without a migration rebuilding the triggers fails here."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT prosrc FROM pg_proc WHERE proname = 'veta_incident_rollup'")
        (installed,) = cursor.fetchone()
    written = rollup.trigger_sql(IncidentRollup, IncidentRegionMonthRollup)
    body = written.split("$$")[1]
    assert installed == body
    for name in measures.NAMES:
        assert f"{name} = r.{name} + EXCLUDED.{name}" in installed


def test_pythons_json_template_and_postgresqls_json_write_the_same_text():
    from_python = measures.JSON_TEMPLATE % tuple(VALUES[name] for name in measures.NAMES)
    columns = ", ".join(f"{value}::bigint AS {name}" for name, value in VALUES.items())
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {measures.json_sql('m.')} FROM (SELECT {columns}) m")
        (from_postgresql,) = cursor.fetchone()
    assert from_postgresql == from_python
    assert orjson.loads("{" + from_python + "}") == measures.represent(VALUES)


def test_the_region_month_rollup_keeps_the_json_the_statistics_write():
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT figures_json, {', '.join(measures.NAMES)} FROM incidents_incidentregionmonthrollup")
        rows = cursor.fetchall()
    assert rows  # Veta's real records are loaded for every test
    for figures_json, *values in rows:
        assert figures_json == measures.JSON_TEMPLATE % tuple(values)


def test_the_orm_aggregates_name_and_sum_every_measure():
    aggregates = measures.aggregates(prefix="m_")
    assert list(aggregates) == [f"m_{name}" for name in measures.NAMES]
    assert measures.aggregates(("killed_best",), unknown_as_zero=False)["killed_best"].name == "Sum"
