"""Reading the tables people send us: CSV files as spreadsheets save them, and XLSX workbooks.

Every importer (REINFO lists, incident spreadsheets...) reads its file through `read_table`,
which takes the file's bytes and the columns the importer knows, and gives back the rows as
dictionaries keyed by column, each with the line it came from:

    COLUMNS = [
        Column("ruc", "RUC"),
        Column("name", "NOMBRE DEL DECLARANTE", aliases=("DECLARANTE",)),
        Column("number", "N°", aliases=("NRO",), required=False),
    ]
    try:
        table = read_table(data, "lista.csv", COLUMNS)
        for row in table.rows:        # an iterator: the file is read as it goes
            row.line, row["ruc"]      # "" for an empty cell
    except TableError as error:       # raised by read_table and while iterating the rows
        for problem in error.problems:
            print(problem)            # "line 1: the column “RUC” is missing."

What it accepts:

- **CSV** in UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark
  (Excel's "Unicode text"), or Windows-1252 — which also reads Latin-1 (ISO-8859-1) text,
  as the two agree on every character such text uses. Comma, semicolon, tab or pipe
  separated: the separator is guessed from the first lines (`delimiter=` forces one).
  Text that was encoded twice ("CÃ³digo" for "Código"), NUL bytes, or bytes that are
  neither UTF-8 nor Windows-1252 stop the reading with a message saying so.
- **XLSX** (Excel 2007 and later), read with openpyxl in read-only mode, first sheet unless
  `sheet=` names another; numbers that are whole come back without ".0", dates as ISO dates.
  Old `.xls` and OpenDocument files are refused with a message asking for XLSX or CSV.
- **Headers** are found among the first rows (title lines above them are skipped) and
  matched to the columns case-, accent- and punctuation-insensitively ("Código único",
  "CODIGO_UNICO" and "codigo unico" are the same). A missing required column, or a column
  given twice, is a `TableError` naming it. Columns nobody asked for are ignored and listed
  in `Table.ignored_headers`.
- **Lines** are numbered as a person sees them: the file's line for CSV (where the record
  starts, if a quoted cell spans lines), the sheet's row number for XLSX. Fully empty rows
  are skipped; cells are stripped of surrounding spaces.

`fold()` gives the case- and accent-insensitive key used to compare names (places,
statuses...) the same way.
"""

import codecs
import csv
import difflib
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.utils.translation import gettext as _

# How far down the file the header row may be (title lines above it are skipped).
HEADER_SEARCH_ROWS = 20
# How many lines the delimiter guess looks at.
SNIFF_LINES = 20
DELIMITERS = (",", ";", "\t", "|")
ZIP_MAGIC = b"PK\x03\x04"
# How much of a worksheet's XML is read looking for its <dimension> (it comes before the rows).
DIMENSION_SEARCH_BYTES = 64 * 1024
DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=[\"']([A-Z]{1,3})?(\d+)?(?::([A-Z]{1,3})(\d+))?[\"']")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls (and .doc) files


@dataclass(frozen=True)
class Problem:
    """Something wrong with a file, a line or a cell; `str()` gives `line N, COLUMN: message`."""

    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.line is not None and self.column:
            return _("line %(line)s, %(column)s: %(message)s") % {
                "line": self.line,
                "column": self.column,
                "message": self.message,
            }
        if self.line is not None:
            return _("line %(line)s: %(message)s") % {"line": self.line, "message": self.message}
        return self.message


class TableError(Exception):
    """The file cannot be read as a table: wrong format or encoding, damaged, columns missing."""

    def __init__(self, problems: Problem | Sequence[Problem]):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("; ".join(str(problem) for problem in self.problems))


@dataclass(frozen=True)
class Limits:
    """How big a file `read_table` reads: beyond any of these it refuses the file, before or while reading.

    A spreadsheet compresses hugely (a 500 kB XLSX can hold eight million rows), so the
    workbook's parts are measured uncompressed, from the zip's directory, before any is
    read; the rows and columns a worksheet declares are checked next; and the rows are
    counted as they stream, so a worksheet that declares nothing is stopped all the same.
    Memory stays bounded by these numbers whatever the file says.
    """

    rows: int = 100_000  # lines of the file (a CSV's text lines, a worksheet's row numbers)
    columns: int = 200
    cell_chars: int = 32_767  # Excel's own limit for a cell
    xlsx_bytes: int = 256 * 1024 * 1024  # the workbook's parts, uncompressed (worksheet, strings, styles)

    def describe(self) -> str:
        return _(
            "at most %(rows)s lines, %(columns)s columns, %(chars)s characters in a cell, "
            "and %(megabytes)s MB of worksheet data once unzipped"
        ) % {
            "rows": f"{self.rows:,}",
            "columns": self.columns,
            "chars": f"{self.cell_chars:,}",
            "megabytes": self.xlsx_bytes // (1024 * 1024),
        }


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Column:
    """A column an importer reads: its key, its name as published, and other names it goes by."""

    key: str
    label: str
    aliases: tuple[str, ...] = ()
    required: bool = True
    # Names read only when the file has none of the above (MINEM's ID_UNIDAD stands for the
    # código único in layers without CODIGOU): with both, the first kind wins.
    fallbacks: tuple[str, ...] = ()

    @property
    def header_keys(self) -> set[str]:
        return {header_key(name) for name in (self.label, *self.aliases)}

    @property
    def fallback_keys(self) -> set[str]:
        return {header_key(name) for name in self.fallbacks}


@dataclass(frozen=True)
class Row:
    """One data row: the line it came from and its cells by column key (stripped strings)."""

    line: int
    values: dict[str, str]

    def __getitem__(self, key: str) -> str:
        return self.values.get(key, "")


@dataclass
class Table:
    """A file read as a table. `rows` is an iterator and can be walked once."""

    file_name: str
    format: str  # "csv" or "xlsx"
    encoding: str | None  # CSV only: "utf-8", "utf-8-sig", "utf-16" or "cp1252"
    delimiter: str | None  # CSV only
    header_line: int
    headers: dict[str, str]  # column key -> the header as the file writes it
    ignored_headers: list[str]
    estimated_rows: int | None  # data rows, roughly (for progress reports); None when unknown
    rows: Iterator[Row] = field(repr=False)

    def label(self, key: str) -> str:
        """The header the file uses for a column (for messages), or the column key."""
        return self.headers.get(key, key)


# Names and headers --------------------------------------------------------------------


def fold(text: str) -> str:
    """A case- and accent-insensitive key: 'Junín' and 'JUNIN' fold alike; so do 'Rupa-Rupa' and 'RUPA RUPA'.

    Accents and the tilde of ñ are dropped, letters lower-cased, hyphens, dots and other
    punctuation become spaces, and runs of spaces collapse.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^\w]+|_", " ", stripped.casefold()).split())


# Words a header may leave out or write in full: "NOMBRE DERECHO MINERO" is "NOMBRE DEL
# DERECHO MINERO"; "COD. ÚNICO" is "CÓDIGO ÚNICO"; "NOMBRE_DM" is "NOMBRE DEL DERECHO MINERO".
HEADER_ARTICLES = frozenset({"del", "de", "la", "las", "los", "el", "lo", "the", "of"})
HEADER_ABBREVIATIONS = {
    "cod": "codigo",
    "codig": "codigo",
    "nro": "numero",
    "num": "numero",
    "nom": "nombre",
    "nomb": "nombre",
    "dm": "derecho minero",
    "dpto": "departamento",
    "depto": "departamento",
    "dep": "departamento",
    "depa": "departamento",
    "departamen": "departamento",  # a shapefile's ten-character field name
    "prov": "provincia",
    "dist": "distrito",
    "distr": "distrito",
}


def header_key(text: str) -> str:
    """The key a header is matched by, so that headers match the way people write them.

    Like `fold` (case, accents, underscores and punctuation do not count), and 'N°', 'Nº'
    and 'N.' all give 'n'; articles (DEL, DE, LA, LOS...) are left out and the usual
    abbreviations written in full (COD → código, DPTO → departamento, DM → derecho minero).
    """
    words = fold(re.sub(r"[°º˚ª.]", "", text)).split()
    expanded = " ".join(HEADER_ABBREVIATIONS.get(word, word) for word in words).split()
    kept = [word for word in expanded if word not in HEADER_ARTICLES]
    return " ".join(kept or expanded)


def closest_names(header: str, columns: Sequence["Column"], count: int = 3) -> list[str]:
    """The known column names closest to an unknown header (difflib's ratio over their keys)."""
    names: dict[str, str] = {}
    for column in columns:  # a column's label first: it is the name to suggest
        for name in (column.label, *column.aliases, *column.fallbacks):
            names.setdefault(header_key(name), name)
    return [names[key] for key in difflib.get_close_matches(header_key(header), list(names), n=count, cutoff=0.6)]


# Format and text detection ------------------------------------------------------------

# (line, cells) pairs as the file gives them, before the header is matched.
RawRows = Iterator[tuple[int, list[str]]]


def _refusal(message: str) -> TableError:
    """A problem with the whole file, not one line of it."""
    return TableError(Problem(None, None, message))


def detect_format(data: bytes, file_name: str = "") -> str:
    """'xlsx' or 'csv', from the file's first bytes (the name only explains a refusal)."""
    name = file_name.lower()
    if data.startswith(ZIP_MAGIC):
        if b"opendocument.spreadsheet" in data[:200]:
            raise _refusal(_("OpenDocument spreadsheets are not read: save the file as XLSX or CSV."))
        return "xlsx"
    if data.startswith(OLE_MAGIC):
        raise _refusal(_("Old Excel files (.xls) are not read: save the file as XLSX or CSV."))
    if name.endswith((".xlsx", ".xlsm")):
        raise _refusal(_("The file is named like an XLSX workbook but is not one: it is damaged or truncated."))
    return "csv"


def decode_text(data: bytes) -> tuple[str, str]:
    """The file's text and the encoding it was read with; a TableError when it is not text we can read."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as error:
            raise TableError(_undecodable(data, error)) from error
    if b"\x00" in data:
        raise TableError(
            Problem(
                _line_of(data, data.index(b"\x00")),
                None,
                _(
                    "the file contains NUL bytes: it is not UTF-8, Windows-1252 or Latin-1 text "
                    "(UTF-16 without a byte-order mark, or a spreadsheet saved under a CSV name?)."
                ),
            )
        )
    encoding = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
            encoding = "cp1252"
        except UnicodeDecodeError as error:
            raise TableError(_undecodable(data, error)) from error
    if _encoded_twice(text):
        raise _refusal(
            _(
                "The text looks encoded twice (for example “Ã³” where “ó” was meant): "
                "save the file again as UTF-8 from the original."
            )
        )
    return text, encoding


def _line_of(data: bytes, position: int) -> int:
    return data.count(b"\n", 0, position) + 1


def _undecodable(data: bytes, error: UnicodeDecodeError) -> Problem:
    byte = data[error.start : error.start + 1].hex().upper()
    return Problem(
        _line_of(data, error.start),
        None,
        _("byte 0x%(byte)s is neither UTF-8 nor Windows-1252/Latin-1 text: save the file as UTF-8.") % {"byte": byte},
    )


MOJIBAKE = re.compile(r"[ÃÂ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]")


def _encoded_twice(text: str) -> bool:
    """True when UTF-8 bytes were read as Windows-1252 and saved again ('CÃ“DIGO')."""
    match = MOJIBAKE.search(text)
    if not match:
        return False
    sample = text[max(0, match.start() - 200) : match.end() + 200]
    try:
        repaired = sample.encode("cp1252").decode("utf-8")
    except UnicodeError:
        # Only part of the sample repairs; look at the match alone.
        try:
            repaired = match.group().encode("cp1252").decode("utf-8")
        except UnicodeError:
            return False
        return len(repaired) == 1
    return repaired != sample


def sniff_delimiter(text: str) -> str:
    """The separator that splits the first lines into the most cells (comma on a tie)."""
    sample = "\n".join(text[:65536].splitlines()[:SNIFF_LINES])
    best, best_cells = ",", 0
    for delimiter in DELIMITERS:
        try:
            cells = max((len(row) for row in csv.reader(io.StringIO(sample), delimiter=delimiter)), default=0)
        except csv.Error:
            continue
        if cells > best_cells:
            best, best_cells = delimiter, cells
    return best


# Reading ------------------------------------------------------------------------------


def read_table(
    data: bytes,
    file_name: str,
    columns: Sequence[Column],
    *,
    delimiter: str | None = None,
    sheet: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Table:
    """Read a CSV or XLSX file's header and give an iterator over its data rows.

    Raises TableError when the file is empty, unreadable, larger than `limits`, or lacks a
    required column; iterating the rows may raise it too (a workbook damaged past its
    first rows, a file longer or wider than `limits`).
    """
    if not data:
        raise _refusal(_("The file is empty."))
    if detect_format(data, file_name) == "xlsx":
        raw_rows, estimated, close = _xlsx_rows(data, sheet, limits)
        file_format, encoding = "xlsx", None
    else:
        text, encoding = decode_text(data)
        lines = text.count("\n") + (not text.endswith("\n"))
        if lines > limits.rows:
            raise _too_big(
                _("The file has %(lines)s lines; Veta reads at most %(limit)s at a time: split it into several files.")
                % {"lines": f"{lines:,}", "limit": f"{limits.rows:,}"},
                limits,
            )
        delimiter = delimiter or sniff_delimiter(text)
        raw_rows, estimated, close = _csv_rows(text, delimiter), text.count("\n"), None
        file_format = "csv"
    raw_rows = _within_limits(raw_rows, limits)
    try:
        header_line, cells = _find_header(raw_rows, columns)
        index, headers, ignored = _match_header(header_line, cells, columns)
    except BaseException:
        if close:
            close()
        raise
    if estimated is not None:
        estimated = max(estimated - header_line, 0)
    return Table(
        file_name=file_name,
        format=file_format,
        encoding=encoding,
        delimiter=delimiter if file_format == "csv" else None,
        header_line=header_line,
        headers=headers,
        ignored_headers=ignored,
        estimated_rows=estimated,
        rows=_data_rows(raw_rows, index, close),
    )


def _csv_rows(text: str, delimiter: str) -> RawRows:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise TableError(Problem(start, None, _("the CSV cannot be read: %(error)s") % {"error": error})) from error
        yield start, cells
        start = reader.line_num + 1


def _too_big(message: str, limits: Limits) -> TableError:
    return _refusal(message + " " + _("(Veta reads %(limits)s.)") % {"limits": limits.describe()})


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.decode("ascii"):
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _measure_workbook(data: bytes, limits: Limits) -> None:
    """Refuse a workbook whose parts, unzipped, exceed the limits, or whose worksheets declare too many rows or columns.

    Reads the zip's directory and the first bytes of each worksheet only: nothing the
    size of the file's contents is held.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise TableError(_damaged_workbook(error)) from error
    with archive:
        unzipped = sum(member.file_size for member in members)
        if unzipped > limits.xlsx_bytes:
            raise _too_big(
                _("The workbook holds %(megabytes)s MB once unzipped: split it into several files.")
                % {"megabytes": f"{unzipped / (1024 * 1024):,.0f}"},
                limits,
            )
        for member in members:
            if not (member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml")):
                continue
            try:
                with archive.open(member) as part:
                    head = part.read(DIMENSION_SEARCH_BYTES)
            except (zipfile.BadZipFile, ValueError, OSError, EOFError) as error:
                raise TableError(_damaged_workbook(error)) from error
            match = DIMENSION.search(head)
            last_row = match and (match.group(4) or match.group(2))
            last_column = match and (match.group(3) or match.group(1))
            if last_row and int(last_row) > limits.rows:
                raise _too_big(
                    _("A sheet of the workbook has %(rows)s rows: split it into several files.")
                    % {"rows": f"{int(last_row):,}"},
                    limits,
                )
            if last_column and _column_number(last_column) > limits.columns:
                raise _too_big(
                    _("A sheet of the workbook has %(columns)s columns.")
                    % {"columns": f"{_column_number(last_column):,}"},
                    limits,
                )
            # The rows are counted whatever the <dimension> says: it may be missing (openpyxl
            # would then read the whole sheet to size it) or lie. Counting streams the part a
            # megabyte at a time and stops past the limit.
            if _count_rows(archive, member, stop_after=limits.rows) > limits.rows:
                raise _too_big(
                    _("A sheet of the workbook has more than %(limit)s rows: split it into several files.")
                    % {"limit": f"{limits.rows:,}"},
                    limits,
                )


ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
CHUNK_BYTES = 1024 * 1024


def _count_rows(archive: zipfile.ZipFile, member: zipfile.ZipInfo, stop_after: int) -> int:
    """How many <row> elements a worksheet's XML holds, read a megabyte at a time; stops past `stop_after`."""
    count, tail = 0, b""
    try:
        with archive.open(member) as part:
            while chunk := part.read(CHUNK_BYTES):
                text = tail + chunk
                # From the last "<" on, a tag may be cut: it is counted with the next chunk.
                cut = text.rfind(b"<")
                cut = len(text) if cut < 0 else cut
                count += len(ROW_TAG.findall(text, 0, cut))
                tail = text[cut:]
                if count > stop_after:
                    return count
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as error:
        raise TableError(_damaged_workbook(error)) from error
    return count + len(ROW_TAG.findall(tail))


def _xlsx_rows(data: bytes, sheet: str | None, limits: Limits) -> tuple[RawRows, int | None, Callable[[], None]]:
    from openpyxl import load_workbook

    _measure_workbook(data, limits)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged zip or sheet
        raise TableError(_damaged_workbook(error)) from error
    try:
        if sheet is not None:
            if sheet not in workbook.sheetnames:
                raise _refusal(_("The workbook has no sheet named “%(sheet)s”.") % {"sheet": sheet})
            worksheet = workbook[sheet]
        else:
            worksheet = workbook.worksheets[0]
        estimated = worksheet.max_row if isinstance(worksheet.max_row, int) else None
        # Rows are not padded to a declared width (a sheet may claim 16,384 columns): each row
        # comes as wide as its last cell, and `_within_limits` refuses one too wide.
        worksheet.reset_dimensions()
    except TableError:
        workbook.close()
        raise
    except Exception as error:
        workbook.close()
        raise TableError(_damaged_workbook(error)) from error

    def rows() -> RawRows:
        try:
            for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
                if number > limits.rows:
                    raise _too_big(
                        _("The sheet has more than %(limit)s rows: split it into several files.")
                        % {"limit": f"{limits.rows:,}"},
                        limits,
                    )
                if len(values) > limits.columns:
                    raise _too_big(
                        _("Row %(row)s has %(columns)s columns.") % {"row": number, "columns": f"{len(values):,}"},
                        limits,
                    )
                yield number, [_cell_text(value) for value in values]
        except TableError:
            raise
        except Exception as error:
            raise TableError(_damaged_workbook(error)) from error

    return rows(), estimated, workbook.close


def _damaged_workbook(error: Exception) -> Problem:
    detail = str(error) or type(error).__name__
    return Problem(
        None,
        None,
        _("The XLSX workbook cannot be read: it is damaged or truncated (%(detail)s).") % {"detail": detail},
    )


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value).strip()


def _within_limits(raw_rows: RawRows, limits: Limits) -> RawRows:
    """The rows, refused as soon as one lies past the last line read, is too wide, or holds too long a cell."""
    for line, cells in raw_rows:
        if line > limits.rows:
            raise _too_big(
                _("The file has more than %(limit)s lines: split it into several files.")
                % {"limit": f"{limits.rows:,}"},
                limits,
            )
        if len(cells) > limits.columns:
            raise TableError(
                Problem(
                    line,
                    None,
                    _("the row has %(columns)s cells; Veta reads at most %(limit)s columns.")
                    % {"columns": f"{len(cells):,}", "limit": limits.columns},
                )
            )
        for position, cell in enumerate(cells):
            if len(cell) > limits.cell_chars:
                raise TableError(
                    Problem(
                        line,
                        None,
                        _("cell %(column)s holds %(chars)s characters; Veta reads at most %(limit)s in a cell.")
                        % {
                            "column": _column_letters(position + 1),
                            "chars": f"{len(cell):,}",
                            "limit": f"{limits.cell_chars:,}",
                        },
                    )
                )
        yield line, cells


def _column_letters(number: int) -> str:
    """1 → A, 27 → AA: the column as a spreadsheet names it."""
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _find_header(raw_rows: RawRows, columns: Sequence[Column]) -> tuple[int, list[str]]:
    """The first row among the first few that names every required column, or the closest one."""
    required = [column for column in columns if column.required]
    best: tuple[int, int, list[str]] | None = None  # (matches, line, cells)
    seen = 0
    for line, cells in raw_rows:
        if not any(cell.strip() for cell in cells):
            continue
        keys = {header_key(cell) for cell in cells}
        found = sum(1 for column in required if (column.header_keys | column.fallback_keys) & keys)
        if found == len(required):
            return line, cells
        if best is None or found > best[0]:
            best = (found, line, cells)
        seen += 1
        if seen >= HEADER_SEARCH_ROWS:
            break
    if best is None:
        raise _refusal(_("The file has no rows."))
    return best[1], best[2]


def _match_header(
    line: int, cells: list[str], columns: Sequence[Column]
) -> tuple[dict[str, int], dict[str, str], list[str]]:
    index: dict[str, int] = {}
    headers: dict[str, str] = {}
    ignored: list[str] = []
    problems: list[Problem] = []
    by_key = {key: column for column in columns for key in column.header_keys}
    by_fallback = {key: column for column in columns for key in column.fallback_keys}
    fallbacks: dict[str, tuple[int, str]] = {}
    for position, cell in enumerate(cells):
        name = cell.strip()
        key = header_key(name)
        column = by_key.get(key)
        if column is None:
            fallback = by_fallback.get(key)
            if fallback is not None and fallback.key not in fallbacks:
                fallbacks[fallback.key] = (position, name)
            elif name:
                ignored.append(name)
            continue
        if column.key in index:
            problems.append(
                Problem(
                    line,
                    name,
                    _("the column appears twice (as “%(first)s” and “%(second)s”).")
                    % {"first": headers[column.key], "second": name},
                )
            )
            continue
        index[column.key] = position
        headers[column.key] = name
    for key, (position, name) in fallbacks.items():
        if key in index:
            ignored.append(name)
        else:
            index[key] = position
            headers[key] = name
    for column in columns:
        if column.required and column.key not in index:
            problems.append(Problem(line, None, _("the column “%(column)s” is missing.") % {"column": column.label}))
    if problems:
        # Name the headers that were not recognised, each with the known names closest to it:
        # the missing column is usually one of them, spelt another way.
        for name in ignored:
            closest = closest_names(name, columns)
            if closest:
                message = _("the header “%(header)s” is not one Veta knows; the closest known names are: %(names)s.")
                names = ", ".join(f"“{known}”" for known in closest)
                problems.append(Problem(line, None, message % {"header": name, "names": names}))
        raise TableError(problems)
    return index, headers, ignored


def _data_rows(
    raw_rows: Iterable[tuple[int, list[str]]], index: dict[str, int], close: Callable[[], None] | None
) -> Iterator[Row]:
    positions = list(index.items())
    try:
        for line, cells in raw_rows:
            width = len(cells)
            values = {key: (cells[position].strip() if position < width else "") for key, position in positions}
            if any(values.values()):
                yield Row(line, values)
    finally:
        if close:
            close()
