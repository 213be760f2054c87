"""Validation of Peruvian taxpayer numbers (RUC) and INGEMMET's códigos únicos of mining rights."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

RUC_PREFIXES = ("10", "15", "16", "17", "20")
RUC_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
# INGEMMET numbers mining rights with nine digits, often starting with 0 (010000101).
CODIGO_UNICO_DIGITS = 9


def ruc_check_digit(first_ten: str) -> int:
    """SUNAT's modulo-11 check digit for the first ten digits of a RUC."""
    total = sum(int(digit) * weight for digit, weight in zip(first_ten, RUC_WEIGHTS, strict=True))
    digit = 11 - total % 11
    return {10: 0, 11: 1}.get(digit, digit)


def ruc_problem(ruc: str) -> str | None:
    """Why a RUC is invalid, or None when it is valid."""
    if len(ruc) != 11 or not ruc.isascii() or not ruc.isdigit():
        return _("A RUC has exactly 11 digits.")
    if not ruc.startswith(RUC_PREFIXES):
        return _("A RUC starts with 10, 15, 16, 17 or 20.")
    if int(ruc[10]) != ruc_check_digit(ruc[:10]):
        return _("The RUC's check digit is wrong.")
    return None


def validate_ruc(ruc: str) -> None:
    problem = ruc_problem(ruc)
    if problem:
        raise ValidationError(problem, code="invalid_ruc")


def normalize_codigo_unico(codigo: str) -> str:
    """A código único as INGEMMET writes it: all-digit codes padded back to nine digits.

    A spreadsheet that stores 010000101 as a number gives 10000101; padding makes it the same
    record whether the list came as CSV or XLSX. Codes with other characters are kept as they are.
    """
    if codigo.isascii() and codigo.isdigit() and len(codigo) < CODIGO_UNICO_DIGITS:
        return codigo.zfill(CODIGO_UNICO_DIGITS)
    return codigo
