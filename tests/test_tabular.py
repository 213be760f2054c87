"""Reading tables from CSV and XLSX files: encodings, separators, headers, line numbers, damaged files."""

import codecs
import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from core.tabular import Column, Problem, TableError, decode_text, fold, header_key, read_table, sniff_delimiter

COLUMNS = [
    Column("number", "N°", aliases=("NRO",), required=False),
    Column("code", "CÓDIGO ÚNICO"),
    Column("name", "NOMBRE DEL DECLARANTE", aliases=("DECLARANTE",)),
    Column("place", "DISTRITO"),
]


def rows_of(data: bytes, name: str = "list.csv", **options) -> list[tuple[int, dict[str, str]]]:
    table = read_table(data, name, COLUMNS, **options)
    return [(row.line, row.values) for row in table.rows]


def xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def problems_of(error: pytest.ExceptionInfo[TableError]) -> list[str]:
    return [str(problem) for problem in error.value.problems]


# Names and headers


def test_fold_ignores_case_accents_tilde_and_hyphens() -> None:
    assert fold("Junín") == fold("JUNIN") == "junin"
    assert fold("Rupa-Rupa") == fold("RUPA RUPA")
    assert fold("Cañete") == "canete"
    assert fold("  Madre   de  Dios ") == "madre de dios"


def test_header_key_reads_the_number_sign_in_its_spellings() -> None:
    assert header_key("N°") == header_key("Nº") == header_key("N.º") == header_key("n") == "n"
    assert header_key("CÓDIGO_ÚNICO") == header_key("codigo unico")


# Encodings and separators


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("cp1252", "cp1252"), ("latin-1", "cp1252"), ("utf-16", "utf-16")],
)
def test_a_csv_is_read_in_each_encoding_spreadsheets_save(encoding: str, expected: str) -> None:
    text = "N°,CÓDIGO ÚNICO,NOMBRE DEL DECLARANTE,DISTRITO\r\n1,010001,ÑAHUI QUISPE JOSÉ,Huepetuhe\r\n"
    table = read_table(text.encode(encoding), "list.csv", COLUMNS)

    assert table.encoding == expected
    assert [row.values for row in table.rows] == [
        {"number": "1", "code": "010001", "name": "ÑAHUI QUISPE JOSÉ", "place": "Huepetuhe"}
    ]


def test_a_semicolon_separated_csv_is_recognised() -> None:
    data = "NRO;CODIGO UNICO;DECLARANTE;DISTRITO\n1;010001;PEREZ, JUAN;Inambari\n".encode("cp1252")

    table = read_table(data, "list.csv", COLUMNS)

    assert table.delimiter == ";"
    assert [row.values["name"] for row in table.rows] == ["PEREZ, JUAN"]


def test_the_separator_is_the_one_that_splits_most_cells() -> None:
    assert sniff_delimiter("a,b,c\n1,2,3\n") == ","
    assert sniff_delimiter("a;b;c\n1;2,5;3\n") == ";"
    assert sniff_delimiter("a\tb\tc\n") == "\t"


def test_a_file_with_nul_bytes_is_refused_as_not_text() -> None:
    data = "CÓDIGO ÚNICO,DECLARANTE,DISTRITO\n".encode("utf-16-le")  # UTF-16 without its byte-order mark

    with pytest.raises(TableError) as error:
        read_table(data, "list.csv", COLUMNS)

    assert problems_of(error) == [
        "line 1: the file contains NUL bytes: it is not UTF-8, Windows-1252 or Latin-1 text "
        "(UTF-16 without a byte-order mark, or a spreadsheet saved under a CSV name?)."
    ]


def test_bytes_that_are_neither_utf8_nor_windows_1252_name_their_line() -> None:
    data = b"CODIGO UNICO,DECLARANTE,DISTRITO\n1,JOS\xc9,X\n2,BAD \x81 BYTE,Y\n"

    with pytest.raises(TableError) as error:
        decode_text(data)

    assert problems_of(error) == [
        "line 3: byte 0x81 is neither UTF-8 nor Windows-1252/Latin-1 text: save the file as UTF-8."
    ]


def test_text_encoded_twice_is_refused_with_the_reason() -> None:
    garbled = "CÓDIGO ÚNICO,DECLARANTE,DISTRITO\n1,JOSÉ,Huepetuhe\n".encode().decode("cp1252")

    with pytest.raises(TableError) as error:
        read_table(garbled.encode("utf-8"), "list.csv", COLUMNS)

    assert problems_of(error) == [
        "The text looks encoded twice (for example “Ã³” where “ó” was meant): "
        "save the file again as UTF-8 from the original."
    ]


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(TableError) as error:
        read_table(b"", "list.csv", COLUMNS)

    assert problems_of(error) == ["The file is empty."]


# Headers and rows


def test_the_header_may_follow_title_lines_and_columns_come_in_any_order() -> None:
    data = (
        "REGISTRO INTEGRAL DE FORMALIZACIÓN MINERA\n"
        "Actualizado al 31/12/2025\n"
        "\n"
        "distrito,Declarante,codigo_unico,Observaciones\n"
        "Pataz,MINERA SAC,650001,ninguna\n"
    ).encode()

    table = read_table(data, "list.csv", COLUMNS)

    assert table.header_line == 4
    assert table.headers == {"place": "distrito", "name": "Declarante", "code": "codigo_unico"}
    assert table.ignored_headers == ["Observaciones"]
    assert [(row.line, row.values) for row in table.rows] == [
        (5, {"place": "Pataz", "name": "MINERA SAC", "code": "650001"})
    ]


def test_every_missing_required_column_is_named() -> None:
    with pytest.raises(TableError) as error:
        read_table(b"N,RUC,DECLARANTE\n1,2,3\n", "list.csv", COLUMNS)

    assert problems_of(error) == [
        "line 1: the column “CÓDIGO ÚNICO” is missing.",
        "line 1: the column “DISTRITO” is missing.",
    ]


def test_a_column_given_twice_is_refused() -> None:
    with pytest.raises(TableError) as error:
        read_table("CÓDIGO ÚNICO,DECLARANTE,DISTRITO,Nombre del declarante\n".encode(), "list.csv", COLUMNS)

    assert problems_of(error) == [
        "line 1, Nombre del declarante: the column appears twice (as “DECLARANTE” and “Nombre del declarante”)."
    ]


def test_lines_count_as_the_file_does_with_empty_rows_skipped_and_cells_stripped() -> None:
    data = b'CODIGO UNICO,DECLARANTE,DISTRITO\n\n  1 ,"TWO\nLINES",X\n,,\n2,B,Y\n3,C\n'

    assert rows_of(data) == [
        (3, {"code": "1", "name": "TWO\nLINES", "place": "X"}),
        (6, {"code": "2", "name": "B", "place": "Y"}),
        (7, {"code": "3", "name": "C", "place": ""}),
    ]


def test_a_problem_reads_line_column_and_message() -> None:
    assert str(Problem(4, "RUC", "the cell is empty.")) == "line 4, RUC: the cell is empty."
    assert str(Problem(4, None, "bad line.")) == "line 4: bad line."
    assert str(Problem(None, None, "Bad file.")) == "Bad file."


# XLSX


def test_an_xlsx_workbook_is_read_with_sheet_row_numbers_and_plain_numbers() -> None:
    data = xlsx(
        [
            ["Lista REINFO"],
            ["Nº", "Código único", "Declarante", "Distrito"],
            [1, 10000105.0, "QUISPE ROSA", "Pataz"],
            [None, None, None, None],
            [2, "07000123", "MINERA SAC", datetime(2025, 12, 31)],
            [3, 5, "X", date(2025, 1, 2)],
        ]
    )

    table = read_table(data, "list.xlsx", COLUMNS)

    assert table.format == "xlsx"
    assert table.encoding is None
    assert [(row.line, row.values) for row in table.rows] == [
        (3, {"number": "1", "code": "10000105", "name": "QUISPE ROSA", "place": "Pataz"}),
        (5, {"number": "2", "code": "07000123", "name": "MINERA SAC", "place": "2025-12-31"}),
        (6, {"number": "3", "code": "5", "name": "X", "place": "2025-01-02"}),
    ]


def test_an_xlsx_is_recognised_by_its_content_whatever_its_name() -> None:
    data = xlsx([["CODIGO UNICO", "DECLARANTE", "DISTRITO"], ["1", "A", "B"]])

    assert rows_of(data, "list.csv") == [(2, {"code": "1", "name": "A", "place": "B"})]


def test_a_truncated_xlsx_is_refused_as_damaged() -> None:
    data = xlsx([["CODIGO UNICO", "DECLARANTE", "DISTRITO"], ["1", "A", "B"]])

    with pytest.raises(TableError) as error:
        rows_of(data[: len(data) // 2], "list.xlsx")

    [message] = problems_of(error)
    assert message.startswith("The XLSX workbook cannot be read: it is damaged or truncated (")


def test_a_file_named_xlsx_that_is_not_a_workbook_is_refused() -> None:
    with pytest.raises(TableError) as error:
        rows_of(b"CODIGO UNICO,DECLARANTE,DISTRITO\n", "list.xlsx")

    assert problems_of(error) == ["The file is named like an XLSX workbook but is not one: it is damaged or truncated."]


def test_old_xls_files_are_refused_with_what_to_do() -> None:
    with pytest.raises(TableError) as error:
        rows_of(codecs.decode("d0cf11e0a1b11ae1", "hex") + b"\x00" * 100, "list.xls")

    assert problems_of(error) == ["Old Excel files (.xls) are not read: save the file as XLSX or CSV."]
