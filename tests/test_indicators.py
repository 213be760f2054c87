"""The database refuses context figures that do not hold together."""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from core.choices import DatePrecision
from incidents.models import Source
from overview.choices import IndicatorTopic, IndicatorUnit
from overview.models import Indicator

pytestmark = pytest.mark.django_db


@contextmanager
def refused_by(constraint: str) -> Iterator[None]:
    """The block must fail with an IntegrityError naming the constraint; the test's transaction survives."""
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        yield
    assert constraint in str(caught.value)


def make_indicator(**fields: object) -> Indicator:
    source = Source.objects.create(title="Test source for an indicator")
    day = datetime.date(2024, 1, 1)
    return Indicator.objects.create(
        **{
            "topic": IndicatorTopic.UNREGISTERED_MINERS_SHARE,
            "label": "Miners not registered",
            "unit": IndicatorUnit.PERCENT,
            "source": source,
            "date_start": day,
            "date_end": datetime.date(2024, 12, 31),
            "date_precision": DatePrecision.YEAR,
            **fields,
        }
    )


def test_a_percentage_cannot_exceed_100() -> None:
    with refused_by("indicator_percent_at_most_100"):
        make_indicator(value=Decimal("150"))


def test_a_percentage_of_exactly_100_is_accepted() -> None:
    assert make_indicator(value=Decimal("100")).value == Decimal("100")


def test_a_figure_in_hectares_may_exceed_100() -> None:
    indicator = make_indicator(value=Decimal("150000"), unit=IndicatorUnit.HECTARES)
    assert Indicator.objects.get(pk=indicator.pk).value == Decimal("150000")


def test_a_context_figure_cannot_be_negative() -> None:
    with refused_by("indicator_value_not_negative"):
        make_indicator(value=Decimal("-1"), unit=IndicatorUnit.HECTARES)
