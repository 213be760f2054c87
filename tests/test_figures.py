"""The template filters that write Veta's figures: soles in each language."""

from decimal import Decimal

import pytest
from django.utils import translation

from core.templatetags.veta import soles


@pytest.mark.parametrize(
    ("amount", "english", "spanish"),
    [
        (Decimal("1000000"), "S/ 1 million", "S/ 1 millón"),
        (Decimal("-1000000"), "S/ -1 million", "S/ -1 millón"),
        (Decimal("1500000"), "S/ 1.5 million", "S/ 1,5 millones"),
        (Decimal("2000000"), "S/ 2 million", "S/ 2 millones"),
        (Decimal("3700000000"), "S/ 3,700 million", "S/ 3.700 millones"),
        (Decimal("950000"), "S/ 950,000.00", "S/ 950.000,00"),
    ],
)
def test_soles_are_written_for_each_language_with_million_in_the_singular_for_one(
    amount: Decimal, english: str, spanish: str
) -> None:
    with translation.override("en"):
        assert soles(amount) == english
    with translation.override("es"):
        assert soles(amount) == spanish


def test_an_unknown_amount_is_a_dash() -> None:
    assert soles(None) == soles("") == "—"
