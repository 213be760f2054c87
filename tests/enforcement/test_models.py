"""RUC check digits, and the database refusing enforcement records that do not hold together."""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.choices import DatePrecision, PlacePrecision
from enforcement.choices import MachineryKind, OperationKind, ReinfoStatus
from enforcement.models import (
    EnforcementOperation,
    MachineryDestroyed,
    OperationReport,
    ReinfoRecord,
    ReinfoSnapshot,
    ReinfoStatusChange,
)
from enforcement.validators import ruc_check_digit, ruc_problem, validate_ruc
from incidents.models import Source

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 3, 14)

WRONG_LENGTH = "A RUC has exactly 11 digits."
WRONG_PREFIX = "A RUC starts with 10, 15, 16, 17 or 20."
WRONG_CHECK_DIGIT = "The RUC's check digit is wrong."

# Check digits worked out by hand from SUNAT's rule: multiply the first ten digits by
# 5, 4, 3, 2, 7, 6, 5, 4, 3, 2, add up, take the sum modulo 11 and subtract it from 11;
# a result of 10 becomes 0 and 11 becomes 1.
#
# 2010012345: 2·5 + 0·4 + 1·3 + 0·2 + 0·7 + 1·6 + 2·5 + 3·4 + 4·3 + 5·2
#           = 10 + 0 + 3 + 0 + 0 + 6 + 10 + 12 + 12 + 10 = 63; 63 mod 11 = 8; 11 − 8 = 3
RUC_2010012345 = "20100123453"
# 2013131295 (SUNAT's own RUC): 2·5 + 0·4 + 1·3 + 3·2 + 1·7 + 3·6 + 1·5 + 2·4 + 9·3 + 5·2
#           = 10 + 0 + 3 + 6 + 7 + 18 + 5 + 8 + 27 + 10 = 94; 94 mod 11 = 6; 11 − 6 = 5
RUC_SUNAT = "20131312955"
# 1046789012 (a person's RUC): 1·5 + 0·4 + 4·3 + 6·2 + 7·7 + 8·6 + 9·5 + 0·4 + 1·3 + 2·2
#           = 5 + 0 + 12 + 12 + 49 + 48 + 45 + 0 + 3 + 4 = 178; 178 mod 11 = 2; 11 − 2 = 9
RUC_PERSON = "10467890129"
# 2001000000: 2·5 + 1·2 = 12; 12 mod 11 = 1; 11 − 1 = 10, which becomes 0
RUC_TEN_BECOMES_ZERO = "20010000000"
# 2000020000: 2·5 + 2·6 = 22; 22 mod 11 = 0; 11 − 0 = 11, which becomes 1
RUC_ELEVEN_BECOMES_ONE = "20000200001"
# 3010012345: as 2010012345 but 3·5 instead of 2·5: 68; 68 mod 11 = 2; 11 − 2 = 9
RUC_PREFIX_30 = "30100123459"

VALID_RUCS = [RUC_2010012345, RUC_SUNAT, RUC_PERSON, RUC_TEN_BECOMES_ZERO, RUC_ELEVEN_BECOMES_ONE]


@contextmanager
def refused_by(constraint: str) -> Iterator[None]:
    """The block must fail with an IntegrityError naming the constraint; the test's transaction survives."""
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        yield
    assert constraint in str(caught.value)


# RUC check digit and messages


@pytest.mark.parametrize("ruc", VALID_RUCS)
def test_the_check_digit_of_a_ruc_worked_out_by_hand_matches(ruc: str) -> None:
    assert ruc_check_digit(ruc[:10]) == int(ruc[10])


@pytest.mark.parametrize("ruc", VALID_RUCS)
def test_a_ruc_with_the_right_check_digit_has_no_problem(ruc: str) -> None:
    assert ruc_problem(ruc) is None
    validate_ruc(ruc)


def test_a_check_digit_of_ten_becomes_zero() -> None:
    assert ruc_check_digit("2001000000") == 0


def test_a_check_digit_of_eleven_becomes_one() -> None:
    assert ruc_check_digit("2000020000") == 1


@pytest.mark.parametrize("ruc", ["2010012345", "201001234533", "", "2010012345 "])
def test_a_ruc_of_the_wrong_length_is_refused_for_its_length(ruc: str) -> None:
    assert str(ruc_problem(ruc)) == WRONG_LENGTH


@pytest.mark.parametrize("ruc", ["2010012345X", "20A00123453", "-2010012345"])
def test_a_ruc_with_letters_or_signs_is_refused_for_its_digits(ruc: str) -> None:
    assert str(ruc_problem(ruc)) == WRONG_LENGTH


def test_a_ruc_written_in_non_ascii_digits_is_refused() -> None:
    arabic_indic = "".join(chr(0x0660 + int(digit)) for digit in RUC_2010012345)
    assert arabic_indic.isdigit()
    assert str(ruc_problem(arabic_indic)) == WRONG_LENGTH


def test_a_ruc_starting_with_30_is_refused_for_its_prefix_even_with_a_right_check_digit() -> None:
    assert ruc_check_digit(RUC_PREFIX_30[:10]) == int(RUC_PREFIX_30[10])
    assert str(ruc_problem(RUC_PREFIX_30)) == WRONG_PREFIX


@pytest.mark.parametrize("prefix", ["15", "16", "17"])
def test_rucs_may_start_with_15_16_or_17(prefix: str) -> None:
    first_ten = prefix + "00000000"
    assert ruc_problem(first_ten + str(ruc_check_digit(first_ten))) is None


@pytest.mark.parametrize("wrong_digit", [digit for digit in "0123456789" if digit != "3"])
def test_a_ruc_with_any_other_check_digit_is_refused_for_its_check_digit(wrong_digit: str) -> None:
    assert str(ruc_problem(RUC_2010012345[:10] + wrong_digit)) == WRONG_CHECK_DIGIT


def test_validating_a_bad_ruc_raises_its_message_with_a_code() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_ruc("20100123454")
    assert caught.value.messages == [WRONG_CHECK_DIGIT]
    assert caught.value.code == "invalid_ruc"


# REINFO records


def new_record(**fields: object) -> ReinfoRecord:
    return ReinfoRecord(
        **{
            "ruc": RUC_PERSON,
            "declarant_name": "Minero de prueba",
            "codigo_unico": "010000123",
            "district_id": "170101",
            "status": ReinfoStatus.VIGENTE,
            **fields,
        }
    )


def create_record(**fields: object) -> ReinfoRecord:
    record = new_record(**fields)
    record.save()
    return record


def test_a_reinfo_record_ruc_must_have_11_digits_with_a_known_prefix() -> None:
    with refused_by("reinfo_record_ruc_format"):
        create_record(ruc="12345")


def test_a_reinfo_record_ruc_starting_with_30_is_refused() -> None:
    with refused_by("reinfo_record_ruc_format"):
        create_record(ruc=RUC_PREFIX_30)


def test_a_ruc_registers_each_mining_right_only_once() -> None:
    create_record()
    with refused_by("reinfo_record_ruc_codigo_unique"):
        create_record(declarant_name="Same miner, entered twice")


def test_a_ruc_may_register_several_mining_rights() -> None:
    create_record(codigo_unico="010000123")
    create_record(codigo_unico="010000456")
    assert ReinfoRecord.objects.filter(ruc=RUC_PERSON).count() == 2


def test_cleaning_a_reinfo_record_with_a_wrong_check_digit_names_the_ruc() -> None:
    record = new_record(ruc="10467890120")

    with pytest.raises(ValidationError) as caught:
        record.full_clean()

    assert caught.value.message_dict["ruc"] == [WRONG_CHECK_DIGIT]


def test_cleaning_a_reinfo_record_with_a_right_ruc_passes() -> None:
    new_record(ruc=RUC_SUNAT).full_clean()


def test_a_reinfo_status_change_must_change_the_status() -> None:
    record = create_record()
    snapshot = ReinfoSnapshot.objects.create(as_of=DAY)
    with refused_by("reinfo_change_changes_status"):
        ReinfoStatusChange.objects.create(
            record=record,
            snapshot=snapshot,
            from_status=ReinfoStatus.VIGENTE,
            to_status=ReinfoStatus.VIGENTE,
            changed_on=DAY,
        )


def test_a_first_listing_is_a_status_change_from_nothing() -> None:
    record = create_record()
    snapshot = ReinfoSnapshot.objects.create(as_of=DAY)
    ReinfoStatusChange.objects.create(
        record=record, snapshot=snapshot, from_status="", to_status=ReinfoStatus.VIGENTE, changed_on=DAY
    )
    assert record.status_changes.get().to_status == ReinfoStatus.VIGENTE


def test_cleaning_a_status_change_dated_apart_from_its_snapshot_names_the_date() -> None:
    record = create_record()
    snapshot = ReinfoSnapshot.objects.create(as_of=DAY)
    change = ReinfoStatusChange(
        record=record,
        snapshot=snapshot,
        from_status=ReinfoStatus.VIGENTE,
        to_status=ReinfoStatus.SUSPENDIDO,
        changed_on=DAY + datetime.timedelta(days=1),
    )

    with pytest.raises(ValidationError) as caught:
        change.full_clean()

    assert caught.value.message_dict["changed_on"] == ["A status change is dated by its snapshot."]


def test_there_is_one_reinfo_snapshot_per_date() -> None:
    ReinfoSnapshot.objects.create(as_of=DAY)
    with refused_by("as_of"):
        ReinfoSnapshot.objects.create(as_of=DAY, title="The same list again")
    assert ReinfoSnapshot.objects.filter(as_of=DAY).count() == 1


# Operations and reports


def create_operation(**fields: object) -> EnforcementOperation:
    return EnforcementOperation.objects.create(
        **{
            "title": "Interdiction on the Malinowski river",
            "kind": OperationKind.INTERDICTION,
            "region_id": "17",
            "place_precision": PlacePrecision.REGION,
            "date_start": DAY,
            "date_end": DAY,
            "date_precision": DatePrecision.DAY,
            **fields,
        }
    )


def test_an_operation_cannot_destroy_a_negative_value() -> None:
    with refused_by("operation_value_not_negative"):
        create_operation(value_destroyed=Decimal("-1.00"))


def test_an_operation_may_destroy_nothing_of_value() -> None:
    operation = create_operation(value_destroyed=Decimal("0"))
    assert EnforcementOperation.objects.get(pk=operation.pk).value_destroyed == Decimal("0")


def test_an_operation_cannot_seize_a_negative_quantity_of_mercury() -> None:
    with refused_by("operation_mercury_not_negative"):
        create_operation(mercury_seized_kg=Decimal("-0.5"))


def test_an_operation_place_must_hold_together() -> None:
    with refused_by("operation_province_in_region"):
        create_operation(province_id="1308", place_precision=PlacePrecision.PROVINCE)


def test_machinery_destroyed_counts_at_least_one_machine() -> None:
    operation = create_operation()
    with refused_by("machinery_count_positive"):
        MachineryDestroyed.objects.create(operation=operation, kind=MachineryKind.DREDGE, count=0)


def test_machinery_destroyed_has_one_row_per_kind() -> None:
    operation = create_operation()
    MachineryDestroyed.objects.create(operation=operation, kind=MachineryKind.DREDGE, count=3)
    with refused_by("machinery_one_row_per_kind"):
        MachineryDestroyed.objects.create(operation=operation, kind=MachineryKind.DREDGE, count=2)


def test_an_operations_report_cannot_end_before_it_starts() -> None:
    source = Source.objects.create(title="Annual report on interdictions")
    with refused_by("operation_report_date_end_not_before_start"):
        OperationReport.objects.create(
            title="Interdictions in 2024",
            issuer="Ministerio del Interior",
            source=source,
            date_start=datetime.date(2024, 12, 31),
            date_end=datetime.date(2024, 1, 1),
            date_precision=DatePrecision.DAYS,
        )
