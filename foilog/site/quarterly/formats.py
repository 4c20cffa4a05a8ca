"""The formats ``foilog stats --format`` knows, by name."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from foilog.log.requests import RequestRecord
from foilog.site.quarterly.cabinet_office import cabinet_office_figures
from foilog.site.quarterly.figures import Cell
from foilog.site.quarterly.quarter import Quarter
from foilog.site.quarterly.s45 import s45_figures
from foilog.site.quarterly.sic import sic_figures


@dataclass(frozen=True)
class Format:
    """A return: its title, the regimes it covers and how its figures are made."""

    name: str
    title: str
    regimes: tuple[str, ...]
    make: Callable[[list[RequestRecord], Quarter, dt.date], list[Cell]]


FORMATS: dict[str, Format] = {
    "s45": Format("s45", "FOIA section 45 Code of Practice (2018), paragraphs 8.5-8.6", ("FOIA", "EIR"), s45_figures),
    "sic": Format("sic", "Scottish Information Commissioner's quarterly statistics", ("FOISA", "EISR"), sic_figures),
    "cabinet-office": Format(
        "cabinet-office", "Cabinet Office FOI statistics (central government monitoring)", ("FOIA", "EIR"), cabinet_office_figures
    ),
}


def figures(name: str, records: list[RequestRecord], quarter: Quarter, as_of: dt.date) -> list[Cell]:
    """The cells of format ``name`` for ``quarter``, from every closed request in ``records``, as things stood on ``as_of``."""
    return FORMATS[name].make(records, quarter, as_of)
