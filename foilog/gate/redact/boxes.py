"""Read a ``--boxes`` file: the areas an officer wants covered, checked field by field.

A box drawn in the wrong place leaves a name readable, so nothing is guessed: a
missing page, a number that is not a number, a rectangle whose corners are the
wrong way round or a label on two lines is refused, and every problem names the
file, the line, the field and what was expected. YAML is read with foilog's own
reader (:func:`foilog.log.yamlload.load_yaml`: line numbers, no anchors, every
value a string) so its errors read like ``response.yml``'s; CSV (one box a row,
a header row naming the columns) suits officers who measure boxes in a
spreadsheet.

Coordinates are in points (1/72 inch) from the **top-left** corner of the page
as displayed, ``x0 < x1`` left to right and ``y0 < y1`` top to bottom: the shape
of :class:`foilog.gate.redact.model.Box`.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from foilog.gate.redact.model import Box
from foilog.log.yamlload import LoadedYaml, YamlProblem, load_yaml

MAX_BOXES_BYTES = 1024 * 1024
MAX_BOXES = 10_000
#: Largest coordinate accepted, in points (200 inches: bigger than any real page).
MAX_POINTS = 14_400.0
_FIELDS = ("file", "page", "x0", "y0", "x1", "y1", "label")
_NUMBERS = ("x0", "y0", "x1", "y1")


class BoxesError(ValueError):
    """The ``--boxes`` file cannot be used; ``problems`` holds one ``file:line: field: ...`` line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems[0] if problems else "the boxes file cannot be used")
        self.problems = problems


@dataclass(frozen=True)
class FileBox:
    """A box and the input it is for (``file`` as written in the boxes file; ``None``: every PDF given)."""

    file: str | None
    box: Box
    line: int | None = None


def load_boxes(path: Path) -> list[FileBox]:
    """The boxes of ``path`` (``.csv``: CSV, anything else: YAML); raises :class:`BoxesError` listing every problem."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BoxesError([f"{path}: cannot read the boxes file: {exc.strerror or exc}"]) from None
    if len(raw) > MAX_BOXES_BYTES:
        raise BoxesError([f"{path}: the boxes file is {len(raw):,} bytes, more than the {MAX_BOXES_BYTES:,} allowed"])
    rows = _csv_rows(raw, path) if path.suffix.lower() == ".csv" else _yaml_rows(raw, path)
    if len(rows) > MAX_BOXES:
        raise BoxesError([f"{path}: {len(rows):,} boxes, more than the {MAX_BOXES:,} allowed; split the file"])
    problems: list[str] = []
    boxes: list[FileBox] = []
    for where, line, row in rows:
        found = _box(row, f"{path}:{line}" if line else str(path), where, problems)
        if found is not None:
            boxes.append(FileBox(found[0], found[1], line))
    if problems:
        raise BoxesError(problems)
    if not boxes:
        raise BoxesError([f"{path}: the boxes file lists no box; give at least one (page, x0, y0, x1, y1)"])
    return boxes


Row = tuple[str, int | None, Mapping[str, object]]


def _yaml_rows(raw: bytes, path: Path) -> list[Row]:
    """(name of the item, its line, its fields) for each box of a YAML list (or a mapping with ``boxes:``)."""
    try:
        loaded = load_yaml(raw, max_bytes=MAX_BOXES_BYTES)
    except YamlProblem as exc:
        raise BoxesError([f"{path}:{exc.line}: {exc.message}" if exc.line else f"{path}: {exc.message}"]) from None
    data: object = loaded.data
    prefix: tuple[str, ...] = ()
    if isinstance(data, dict) and set(data) == {"boxes"}:
        data, prefix = data["boxes"], ("boxes",)
    if not isinstance(data, list):
        raise BoxesError(
            [f"{path}:{loaded.line_of(prefix) or 1}: expected a list of boxes (each with page, x0, y0, x1, y1), found {_kind(data)}"]
        )
    rows: list[Row] = []
    for i, item in enumerate(data):
        name = f"{'boxes' if prefix else ''}[{i}]"
        line = _line(loaded, (*prefix, i))
        if not isinstance(item, dict):
            raise BoxesError([f"{path}:{line}: {name}: expected a box (a mapping with page, x0, y0, x1, y1), found {_kind(item)}"])
        rows.append((name, line, item))
    return rows


def _line(loaded: LoadedYaml, where: tuple[str | int, ...]) -> int | None:
    return loaded.line_of(where)


def _csv_rows(raw: bytes, path: Path) -> list[Row]:
    """One row per box after a header row naming the columns (``page,x0,y0,x1,y1`` at least)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise BoxesError([f"{path}:{line}: the boxes file is not valid UTF-8; save it as UTF-8 CSV"]) from None
    reader = csv.reader(io.StringIO(text))
    try:
        header = [cell.strip().lower() for cell in next(reader)]
    except StopIteration:
        raise BoxesError([f"{path}: the boxes file is empty; give a header row (page,x0,y0,x1,y1,label) and one row per box"]) from None
    unknown = [h for h in header if h not in _FIELDS]
    if unknown:
        raise BoxesError([f"{path}:1: unknown column {unknown[0]!r}; the columns are {', '.join(_FIELDS)} (file and label optional)"])
    rows: list[Row] = []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        line = reader.line_num
        if len(cells) > len(header):
            raise BoxesError([f"{path}:{line}: {len(cells)} values but {len(header)} columns in the header row"])
        rows.append((f"row {line}", line, {h: c for h, c in zip(header, cells, strict=False) if c.strip()}))
    return rows


def _kind(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"the text {str(value)!r}"


def _box(row: Mapping[str, object], at: str, name: str, problems: list[str]) -> tuple[str | None, Box] | None:
    """The box of one row, or None after adding its problems (``at`` is ``file:line``)."""
    before = len(problems)
    for key in row:
        if key not in _FIELDS:
            problems.append(f"{at}: {name}.{key}: unknown field; a box has {', '.join(_FIELDS)} (file and label optional)")
    page = _number(row, "page", at, name, problems, whole=True)
    corners = [_number(row, key, at, name, problems) for key in _NUMBERS]
    label = _text(row, "label", at, name, problems)
    file = _text(row, "file", at, name, problems)
    if page is not None and page < 1:
        problems.append(f"{at}: {name}.page: expected a page number counting from 1, got {int(page)}")
    x0, y0, x1, y1 = corners
    if x0 is not None and x1 is not None and x0 >= x1:
        problems.append(f"{at}: {name}.x1: expected x1 greater than x0 (left to right, in points), got x0={x0:g}, x1={x1:g}")
    if y0 is not None and y1 is not None and y0 >= y1:
        problems.append(
            f"{at}: {name}.y1: expected y1 greater than y0 (measured down from the top of the page, in points), got y0={y0:g}, y1={y1:g}"
        )
    if len(problems) > before or page is None or x0 is None or y0 is None or x1 is None or y1 is None:
        return None
    return file, Box(page=int(page), x0=x0, y0=y0, x1=x1, y1=y1, label=label)


def _number(row: Mapping[str, object], key: str, at: str, name: str, problems: list[str], *, whole: bool = False) -> float | None:
    value = row.get(key)
    expected = "a whole page number (1 for the first page)" if whole else "a number of points from the top-left corner of the page"
    if value is None or (isinstance(value, str) and not value.strip()):
        problems.append(f"{at}: {name}.{key}: missing; expected {expected}")
        return None
    try:
        number = float(str(value).strip())
    except ValueError:
        problems.append(f"{at}: {name}.{key}: expected {expected}, got {str(value)!r}")
        return None
    if not math.isfinite(number) or (whole and not number.is_integer()) or abs(number) > MAX_POINTS:
        problems.append(f"{at}: {name}.{key}: expected {expected}, got {str(value)!r}")
        return None
    if not whole and number < 0:
        problems.append(f"{at}: {name}.{key}: expected {expected} (0 or more), got {str(value)!r}")
        return None
    return number


def _text(row: Mapping[str, object], key: str, at: str, name: str, problems: list[str]) -> str | None:
    value = row.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{at}: {name}.{key}: expected text on one line, found {_kind(value)}")
        return None
    if "\n" in value or len(value) > 200:
        problems.append(f"{at}: {name}.{key}: expected text on one line of at most 200 characters")
        return None
    return value.strip()
