"""The register: ``register/<year>.csv``, one row per request closed without a published response.

A published response fills its own row of the register (:func:`foilog.log.requests.record_of`);
the register adds the rest (withdrawn, vexatious, personal data...), typed in by the
publishing team. Each row is read with the schema's own types (dates, regimes,
outcomes, sections, clock events, review and appeal), so a row and a
``response.yml`` cannot disagree about what a value means, and every problem becomes a
:class:`Finding` naming the file, the line and the column, with how to fix it.

The register holds no free text: its columns are exactly
:data:`foilog.log.requests.REGISTER_COLUMNS`, each of a closed vocabulary, a
date, a section or a reference without spaces, so a name typed into a cell is
refused here (and the leak gate scans the files too: :func:`foilog.gate.leakgate.scan_log`).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
import typing
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from foilog.log.clock_checks import check_clock
from foilog.log.findings import Finding, Severity, mask
from foilog.log.links import is_link_free
from foilog.log.requests import NOT_PUBLISHED_REASONS, REGISTER_COLUMNS, RequestRecord
from foilog.log.reviews import REGULATOR_OF
from foilog.log.schema import (
    APPEAL_OUTCOMES,
    CLOCK_EVENT_KINDS,
    OUTCOME_IDS,
    REGIMES,
    REVIEW_OUTCOMES,
    SECTION_PATTERN,
    Appeal,
    ClockEvent,
    ExemptionUse,
    Review,
    parse_date,
)
from foilog.log.schema_errors import normal_section, suggest
from foilog.log.settings import Project

if TYPE_CHECKING:
    from foilog.log.model import Response

MAX_REGISTER_BYTES = 5 * 1024 * 1024
"""A register file larger than this is not read (a year of 20,000 closed requests is about 2 MB)."""

REFERENCE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/._\-]{0,79}$")
"""A reference as authorities write them (``FOI-2025-0107``, ``01/FOI/19/011430``): no spaces, so no name fits in it."""

_SECTION = re.compile(SECTION_PATTERN)
_YEAR_FILE = re.compile(r"^(\d{4})\.csv$")


@dataclass(frozen=True)
class RegisterRow:
    """A record read from a register file, with where it was (for messages about it)."""

    record: RequestRecord
    path: str
    line: int


class _Row:
    """One row being read: its cells by column, and the findings about it."""

    def __init__(self, path: str, line: int, cells: dict[str, str]) -> None:
        self.path, self.line, self.cells = path, line, cells
        self.findings: list[Finding] = []

    def error(self, column: str, message: str) -> None:
        self.findings.append(
            Finding(self.path, line=self.line, field=column, message=message, extra={"column": str(REGISTER_COLUMNS.index(column) + 1)})
        )

    def text(self, column: str) -> str:
        return self.cells[column].strip()

    def date(self, column: str, *, required: bool = False) -> dt.date | None:
        value = self.text(column)
        if not value:
            if required:
                self.error(column, "is empty (expected a date written YYYY-MM-DD)")
            return None
        try:
            return parse_date(value)
        except ValueError as exc:
            self.error(column, _date_error(value, exc))
            return None

    def choice(self, column: str, choices: Sequence[str], *, required: bool = False) -> str | None:
        value = self.text(column)
        if not value:
            if required:
                self.error(column, f"is empty (expected one of: {', '.join(choices)})")
            return None
        if value not in choices:
            hint = suggest(value, choices) if _PLAIN.match(value) else ""
            self.error(column, f"expected one of: {', '.join(choices)}, got {shown(value)}{hint}")
            return None
        return value

    def sections(self, column: str) -> tuple[str, ...]:
        found: list[str] = []
        for part in _split(self.text(column)):
            if _SECTION.match(part):
                found.append(part)
                continue
            normal = normal_section(part)
            loose = normal is not None and _SECTION.match(normal) is not None
            hint = f"; write '{normal}'" if loose else ""
            got = f"'{part}'" if loose else shown(part)
            self.error(column, f"expected sections such as 's40(2)' or 'reg12(5)(b)' separated by ';', got {got}{hint}")
        return tuple(found)


_PLAIN = re.compile(r"^[A-Za-z0-9()./_\-]{0,60}$")


def shown(value: str) -> str:
    """A cell's value quoted for a message: masked (``'J*** S****'``) unless it is a plain code without spaces.

    A wrong cell may hold exactly what the register must not (a name, an e-mail address), and
    messages reach CI logs, which are public for a public repository.
    """
    return f"'{value}'" if _PLAIN.match(value) else f"'{mask(value)}' (masked)"


def _date_error(value: str, exc: ValueError) -> str:
    return str(exc) if _PLAIN.match(value) else f"expected a date written YYYY-MM-DD, got {shown(value)}"


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def load_register(
    folder: Path, root: Path, *, authorities: Sequence[str], default_authority: str, today: dt.date
) -> tuple[list[RegisterRow], list[Finding]]:
    """Every ``<year>.csv`` of ``folder`` (none when the folder does not exist: the register is optional)."""
    rows: list[RegisterRow] = []
    findings: list[Finding] = []
    if not folder.is_dir():
        return rows, findings
    for path in register_files(folder):
        display = _rel(path, root)
        more_rows, more = read_register_file(path, display, authorities=authorities, default_authority=default_authority, today=today)
        rows += more_rows
        findings += more
    findings += duplicate_findings(rows)
    return rows, findings


def register_files(folder: Path) -> list[Path]:
    """The register's CSV files, in name order (symbolic links are not read)."""
    return sorted(p for p in folder.glob("*.csv") if p.is_file() and not p.is_symlink())


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def read_register_file(
    path: Path, display: str, *, authorities: Sequence[str], default_authority: str, today: dt.date
) -> tuple[list[RegisterRow], list[Finding]]:
    """One register file: its header checked against :data:`REGISTER_COLUMNS`, then each row."""
    name = _YEAR_FILE.match(path.name)
    if name is None:
        return [], [
            Finding(display, line=1, message=f"a register file is named after its year, such as 'register/2025.csv'; rename '{path.name}'")
        ]
    if path.stat().st_size > MAX_REGISTER_BYTES:
        return [], [
            Finding(display, message=f"the file is larger than {MAX_REGISTER_BYTES // (1024 * 1024)} MB and was not read; split it by year")
        ]
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        return [], [Finding(display, line=line, message="the file is not UTF-8 text; save it as 'CSV UTF-8 (comma delimited)'")]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        return [], [Finding(display, line=1, message=f"the header is not valid CSV ({exc})")]
    if header is None:
        return [], [Finding(display, line=1, message=f"the file is empty; its first line must be the header: {','.join(REGISTER_COLUMNS)}")]
    problem = header_problem([h.strip() for h in header])
    if problem:
        return [], [Finding(display, line=1, message=problem)]
    rows: list[RegisterRow] = []
    findings: list[Finding] = []
    year = int(name.group(1))
    start = reader.line_num + 1
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            if reader.line_num + 1 - line > 1:
                findings.append(
                    Finding(display, line=line, message="a cell holds a line break; the register holds no free text: one line per request")
                )
                continue
            if len(cells) != len(REGISTER_COLUMNS):
                findings.append(
                    Finding(
                        display,
                        line=line,
                        message=f"the row has {len(cells)} cells, expected {len(REGISTER_COLUMNS)} (one per column of the header)",
                    )
                )
                continue
            row = _Row(display, line, dict(zip(REGISTER_COLUMNS, cells, strict=True)))
            record = read_row(row, authorities=authorities, default_authority=default_authority, today=today, year=year)
            findings += row.findings
            if record is not None:
                rows.append(RegisterRow(record, display, line))
    except csv.Error as exc:
        findings.append(Finding(display, line=reader.line_num, message=f"the file is not valid CSV from here on ({exc}); check the quotes"))
    return rows, findings


def header_problem(header: list[str]) -> str | None:
    """What is wrong with a header (missing, unknown or misspelt columns, order), or None."""
    if tuple(header) == REGISTER_COLUMNS:
        return None
    expected = f"the header must be exactly: {','.join(REGISTER_COLUMNS)}"
    unknown = [h for h in header if h not in REGISTER_COLUMNS]
    missing = [c for c in REGISTER_COLUMNS if c not in header]
    parts = []
    for h in unknown:
        hint = suggest(h, missing or REGISTER_COLUMNS) if _PLAIN.match(h) else ""
        parts.append(f"unknown column {shown(h)}{hint} (the register holds no other columns: no free text)")
    if missing:
        parts.append(f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
    twice = sorted({h for h in header if header.count(h) > 1})
    if twice:
        parts.append(f"column{'s' if len(twice) > 1 else ''} {', '.join(twice)} more than once")
    if not parts:
        parts.append("the columns are in another order")
    return "; ".join(parts) + f"; {expected}"


def read_row(row: _Row, *, authorities: Sequence[str], default_authority: str, today: dt.date, year: int) -> RequestRecord | None:
    """The record of a row, or None when any of its cells is wrong (each one is reported)."""
    reference = row.text("reference")
    if not reference:
        row.error("reference", "is empty (expected the authority's reference, such as 'FOI-2025-0107')")
    elif not REFERENCE_PATTERN.match(reference):
        row.error(
            "reference",
            f"expected the authority's reference (letters, digits and / . _ -, no spaces, at most 80 characters), got {shown(reference)}",
        )
    authority = row.choice("authority", authorities) if row.text("authority") else default_authority
    regime = row.choice("regime", REGIMES, required=True)
    received = row.date("received", required=True)
    responded = row.date("responded", required=True)
    outcome = row.choice("outcome", OUTCOME_IDS)
    exemptions = row.sections("exemptions")
    ncnd = row.sections("ncnd")
    for section in ncnd:
        if section not in exemptions:
            row.error(
                "ncnd", f"'{section}' is not in the exemptions column; list every section applied to neither confirm nor deny there too"
            )
    clock = tuple(_clock(row))
    review = _review(row, responded)
    appeal = _appeal(row, regime, responded)
    published = row.choice("published", ("yes", "no"), required=True)
    reason = row.choice("not_published_reason", NOT_PUBLISHED_REASONS)
    if published == "no" and not row.text("not_published_reason"):
        row.error("not_published_reason", f"is empty; say why the response was not published: one of {', '.join(NOT_PUBLISHED_REASONS)}")
    if published == "yes":
        row.error(
            "published",
            "a published response fills its own row of the register (from its response.yml); delete this row, or write 'no' with a not_published_reason",
        )
    if received and responded:
        if responded < received:
            row.error("responded", f"{responded} is before the request was received ({received})")
        if responded > today:
            row.error("responded", f"{responded} is in the future; the register lists requests already closed")
        if responded.year != year:
            row.error("responded", f"{responded} is in {responded.year}, not {year}; move the row to register/{responded.year}.csv")
    if reason == "withdrawn" and row.text("outcome"):
        row.error("outcome", "a request the requester withdrew has no outcome; leave the cell empty")
    if not row.text("outcome") and reason != "withdrawn" and published is not None:
        row.error("outcome", f"is empty (expected one of: {', '.join(OUTCOME_IDS)}); only a request the requester withdrew has no outcome")
    if not row.findings and clock and regime and received and responded:
        row.findings += clock_findings(row, regime, received, responded, clock)
    if any(f.is_error for f in row.findings):
        return None
    assert regime is not None and received is not None and responded is not None and authority is not None
    return RequestRecord(
        reference=reference,
        authority=authority,
        regime=regime,
        received=received,
        responded=responded,
        outcome=outcome,
        exemptions=tuple(ExemptionUse(section=s, ncnd=s in ncnd) for s in exemptions),
        clock=clock,
        review=review,
        appeals=(appeal,) if appeal else (),
        published=False,
        not_published_reason=reason,
        source=f"{row.path}:{row.line}",
    )


CLOCK_SYNTAX = "event YYYY-MM-DD (and the new target date after a public-interest-extension), events separated by ';'"


def _clock(row: _Row) -> Iterator[ClockEvent]:
    for part in _split(row.text("clock")):
        words = part.split()
        kind = words[0]
        if not all(_PLAIN.match(word) for word in words):
            row.error("clock", f"{shown(part)}: expected {CLOCK_SYNTAX}")
            continue
        if kind not in CLOCK_EVENT_KINDS:
            choices = ", ".join(CLOCK_EVENT_KINDS)
            row.error("clock", f"unknown clock event '{kind}' (expected one of: {choices}){suggest(kind, CLOCK_EVENT_KINDS)}")
            continue
        size = 3 if kind == "public-interest-extension" else 2
        if len(words) != size:
            target = " and the new target date" if size == 3 else ""
            row.error("clock", f"'{part}': expected '{kind}' followed by its date{target}, written {CLOCK_SYNTAX}")
            continue
        try:
            dates = [parse_date(word) for word in words[1:]]
        except ValueError as exc:
            row.error("clock", f"'{part}': {exc}")
            continue
        event = ClockEvent(event=kind, date=dates[0], new_target=dates[1] if size == 3 else None)  # type: ignore[arg-type]
        if event.new_target is not None and event.new_target <= event.date:
            row.error("clock", f"'{part}': the new target {event.new_target} must be after the day the requester was told ({event.date})")
            continue
        yield event


@dataclass(frozen=True)
class _ClockData:
    regime: str
    received: dt.date
    responded: dt.date
    clock: list[ClockEvent]


@dataclass(frozen=True)
class _RowAsResponse:
    """What :func:`foilog.log.clock_checks.check_clock` reads of a response, for a register row."""

    data: _ClockData
    yml_path: str
    line: int

    def line_of(self, *path: str | int) -> int:
        return self.line


_EVENT_FIELD = re.compile(r"^clock\[(\d+)\]")


def clock_findings(row: _Row, regime: str, received: dt.date, responded: dt.date, clock: tuple[ClockEvent, ...]) -> list[Finding]:
    """The legal clock's own checks (:mod:`foilog.log.clock_checks`) on a row's events: one law, one set of rules.

    Impossible sequences (clarification received before it was sought), extensions the regime does not
    allow or notified too late, events outside the request's dates; each message names the event by its
    place in the cell.
    """
    adapter = _RowAsResponse(_ClockData(regime, received, responded, list(clock)), row.path, row.line)
    findings = []
    for f in check_clock(typing.cast("Response", adapter)):
        m = _EVENT_FIELD.match(f.field or "")
        where = f"event {int(m.group(1)) + 1} of the cell: " if m else ""
        findings.append(dataclasses.replace(f, field="clock", message=where + f.message, extra={"column": _column("clock")}))
    return findings


def _column(name: str) -> str:
    return str(REGISTER_COLUMNS.index(name) + 1)


def _review(row: _Row, responded: dt.date | None) -> Review | None:
    requested = row.date("review_requested")
    done = row.date("review_responded")
    outcome = row.choice("review_outcome", REVIEW_OUTCOMES)
    if not (row.text("review_requested") or row.text("review_responded") or row.text("review_outcome")):
        return None
    if not row.text("review_requested"):
        row.error("review_requested", "is empty; a review's response or outcome needs the date the review was requested")
    if done is not None and outcome is None and not row.text("review_outcome"):
        row.error("review_outcome", f"is empty; the review was responded to, so give its outcome: one of {', '.join(REVIEW_OUTCOMES)}")
    if outcome is not None and not row.text("review_responded"):
        row.error("review_responded", "is empty; a review with an outcome needs the date its result was sent")
    if requested and responded and requested < responded:
        row.error("review_requested", f"{requested} is before the request was answered ({responded})")
    if requested and done and done < requested:
        row.error("review_responded", f"{done} is before the review was requested ({requested})")
    if requested is None:
        return None
    return Review(requested=requested, responded=done, outcome=outcome)  # type: ignore[arg-type]


def _appeal(row: _Row, regime: str | None, responded: dt.date | None) -> Appeal | None:
    regulator = row.choice("appeal_regulator", ("ICO", "SIC"))
    reference = row.text("appeal_reference")
    decided = row.date("appeal_decided")
    outcome = row.choice("appeal_outcome", APPEAL_OUTCOMES)
    columns = ("appeal_regulator", "appeal_reference", "appeal_decided", "appeal_outcome")
    if not any(row.text(c) for c in columns):
        return None
    if not row.text("appeal_regulator"):
        row.error("appeal_regulator", "is empty; an appeal needs its regulator: ICO or SIC")
    if regulator and regime and REGULATOR_OF[regime] != regulator:
        row.error("appeal_regulator", f"a {regime} complaint goes to the {REGULATOR_OF[regime]}, not the {regulator}")
    if not reference:
        row.error("appeal_reference", "is empty; give the regulator's case reference, such as 'IC-123456-A1B2'")
    elif not REFERENCE_PATTERN.match(reference):
        row.error("appeal_reference", f"expected the regulator's case reference (no spaces), got {shown(reference)}")
    if decided is not None and not row.text("appeal_outcome"):
        row.error("appeal_outcome", f"is empty; the case was decided, so give its outcome: one of {', '.join(APPEAL_OUTCOMES)}")
    if outcome is not None and not row.text("appeal_decided"):
        row.error("appeal_decided", "is empty; an appeal with an outcome needs the date of the decision")
    if decided and responded and decided < responded:
        row.error("appeal_decided", f"{decided} is before the request was answered ({responded})")
    if regulator is None or not reference:
        return None
    return Appeal(regulator=regulator, case_reference=reference, decided=decided, outcome=outcome)  # type: ignore[arg-type]


def duplicate_findings(rows: Sequence[RegisterRow]) -> list[Finding]:
    """A reference on two rows of the register (in one file or two)."""
    first: dict[str, RegisterRow] = {}
    findings = []
    for row in rows:
        seen = first.setdefault(row.record.reference, row)
        if seen is not row:
            findings.append(
                Finding(
                    row.path,
                    line=row.line,
                    field="reference",
                    message=f"'{row.record.reference}' is on the register already ({seen.path}:{seen.line}); each request has one row",
                    extra={"column": "1"},
                )
            )
    return findings


def published_clash_findings(rows: Sequence[RegisterRow], published: dict[str, str]) -> list[Finding]:
    """A register row for a request whose response is in the log (``published``: reference -> its response.yml).

    Published responses fill their own rows, so the row would count the request twice.
    """
    return [
        Finding(
            row.path,
            line=row.line,
            field="reference",
            message=f"'{row.record.reference}' is a response of the log ({published[row.record.reference]}), which fills its own row "
            "of the register; delete this row",
            severity=Severity.ERROR,
            extra={"column": "1"},
        )
        for row in rows
        if row.record.reference in published
    ]


def register_of(project: Project, responses: Sequence[Response], today: dt.date) -> tuple[list[RequestRecord], list[Finding]]:
    """The load stage's entry: the register's valid records and every finding about it (rows, duplicates, clashes)."""
    settings = project.settings
    if not is_link_free(project.register_dir, project.root):
        shown = _rel(project.register_dir, project.root)
        return [], [
            Finding(shown, message="the register folder is (or is under) a symbolic link, which foilog never reads; make it a real folder")
        ]
    rows, findings = load_register(
        project.register_dir,
        project.root,
        authorities=[a.id for a in settings.authorities],
        default_authority=settings.default_authority,
        today=today,
    )
    published = {ref: r.yml_path for r in responses for ref in (r.reference, *r.data.previous_references)}
    findings += published_clash_findings(rows, published)
    return [row.record for row in rows if row.record.reference not in published], findings
