"""How to cite Veta or one of its records: APA and BibTeX, the same on every page and in `/about/`.

A citation names the title, the record's dates, the dataset release it belongs to (when one
has been made), the date the reader accessed it, its address and the data's licence. The
formats follow APA 7's data-set reference ("Author. (Year, Month Day). *Title* [Data set,
release]. Publisher. URL") and BibTeX's `@misc` with `urldate`, as data repositories write them.
"""

import datetime
from dataclasses import dataclass

from core.licences import DATA_LICENCE

AUTHOR = "Veta"
DATASET_TITLE = "Veta: violence around illegal and informal gold mining in Peru"
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
MESES = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio",
    "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
)  # fmt: skip


@dataclass(frozen=True)
class Release:
    """What a citation says of a numbered release of the dataset."""

    number: int
    published_on: datetime.date


@dataclass(frozen=True)
class Citation:
    title: str
    url: str
    accessed: datetime.date
    updated: datetime.date | None = None
    release: Release | None = None
    key: str = "veta"
    # What the record says in a few words, e.g. its toll "at least 3 killed", after the title.
    note: str = ""

    @property
    def full_title(self) -> str:
        return f"{self.title} ({self.note})" if self.note else self.title

    @property
    def dated(self) -> datetime.date:
        """The date the cited version bears: the record's last change, else the release's, else access."""
        return self.updated or (self.release.published_on if self.release else self.accessed)

    def _description(self) -> str:
        if self.release:
            return f"Data set, release {self.release.number} of {self.release.published_on.isoformat()}"
        return "Data set"

    def apa(self, language: str = "en") -> str:
        """APA 7, in English or, for `language` "es", as APA's Spanish edition writes it."""
        date, accessed = self.dated, self.accessed
        if language == "es":
            title = self.title if self.title == DATASET_TITLE else f"{self.full_title}. En {DATASET_TITLE}"
            described = (
                f"Conjunto de datos, versión {self.release.number} del {self.release.published_on.isoformat()}"
                if self.release
                else "Conjunto de datos"
            )
            return (
                f"{AUTHOR}. ({date.year}, {date.day} de {MESES[date.month - 1]}). {title} [{described}]. "
                f"Recuperado el {accessed.day} de {MESES[accessed.month - 1]} de {accessed.year}, de {self.url}. "
                f"Licencia: {DATA_LICENCE.spdx}."
            )
        title = self.title if self.title == DATASET_TITLE else f"{self.full_title}. In {DATASET_TITLE}"
        return (
            f"{AUTHOR}. ({date.year}, {MONTHS[date.month - 1]} {date.day}). {title} [{self._description()}]. "
            f"Retrieved {MONTHS[accessed.month - 1]} {accessed.day}, {accessed.year}, from "
            f"{self.url}. Licence: {DATA_LICENCE.spdx}."
        )

    def bibtex(self) -> str:
        date = self.dated
        lines = [
            f"@misc{{{self.key},",
            f"  author = {{{{{AUTHOR}}}}},",
            f"  title = {{{_bibtex_escape(self.full_title)}}},",
            f"  year = {{{date.year}}},",
            f"  month = {{{date.month}}},",
            f"  date = {{{date.isoformat()}}},",
            f"  howpublished = {{\\url{{{self.url}}}}},",
            f"  url = {{{self.url}}},",
            f"  urldate = {{{self.accessed.isoformat()}}},",
        ]
        if self.release:
            lines.append(f"  version = {{{self.release.number}}},")
        lines += [f"  note = {{{self._description()}. Licence: {DATA_LICENCE.title} ({DATA_LICENCE.spdx})}}", "}"]
        return "\n".join(lines)


BIBTEX_SPECIAL = {"\\": "\\textbackslash{}", **{character: "\\" + character for character in "{}&%$#_"}}


def _bibtex_escape(text: str) -> str:
    return "".join(BIBTEX_SPECIAL.get(character, character) for character in text)
