"""The text of a JSON file in the built site as its readers' tools see it, for the post-build sweep (:mod:`foilog.gate.sweep`).

A JSON file keeps its text escaped: a response's JSON document
(``data/responses/<year>/<slug>.json``) holds the whole letter on one line,
every line break written ``\\n``. Scanned as it is written, a detector reads
``\\nZoë Whitfield`` as the word ``nZoë`` (so a deny-listed name after a line
break was missed), ``\\n07700 900123`` as a number glued to a letter, and a
signature block as one endless line. Whoever opens the file with a JSON
tool (a spreadsheet's import, ``jq``, a newsroom's script) sees the real
text. So the sweep reads what they read: every value decoded, written
``key: value`` (the key is the label a reader sees beside it, and a label
such as ``telephone`` is context a detector uses), one value after another,
its own line breaks kept.

Each line of that text knows where it came from (:class:`JsonText`): the
file's line (a JSON string never spans lines, so a value is on one line of
the file) and the value's path (``questions[2].answer``), which every
finding names. A line the reader cannot follow (not JSON: a truncated
file, a stray character) is kept as it is written, so nothing is ever
scanned less than before.

A string value that is exactly a text the leak gate has judged whole (a
response's letter, a long answer: :mod:`foilog.gate.judged`) is read as
blank, its key kept.
"""

from __future__ import annotations

import bisect
import dataclasses
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from foilog.gate.judged import JudgedTexts
from foilog.log.findings import Finding

__all__ = ["JSON_SUFFIXES", "JsonReader", "JsonText", "Where", "json_text", "placed"]

JSON_SUFFIXES = frozenset({".json"})

#: A JSON token: a string, a structural character, or a literal (number, true, false, null); anything else is ``bad``.
_TOKEN = re.compile(r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"|[{}\[\],:]|[^\s{}\[\],:"]+|(?P<bad>")')
#: Written between two values, so that no detector reads the end of one and the start of the next as one text:
#: a line that is neither blank (a name is looked for on the first non-blank line after "Yours sincerely") nor a word.
SEPARATOR = ","


@dataclass(frozen=True, slots=True)
class Where:
    """Where a line of the decoded text comes from: the file's line and the value's path (``None``: written as it is)."""

    line: int
    path: str | None
    #: The line of the value (1-based) this is, for a value with line breaks of its own.
    value_line: int = 1


class JsonText:
    """Decoded values, one after another (:data:`SEPARATOR` between them), and where each came from."""

    __slots__ = ("_lines", "_places", "_starts", "_values")

    def __init__(self) -> None:
        self._values: list[str] = []
        #: The line of the decoded text (0-based) each value starts on, and its file line and path.
        self._starts: list[int] = []
        self._places: list[tuple[int, str | None]] = []
        self._lines = 0

    def __bool__(self) -> bool:
        return bool(self._values)

    @property
    def text(self) -> str:
        return "\n".join(self._values) + "\n" if self._values else ""

    def add(self, text: str, line: int, path: str | None) -> None:
        """One value (or one line kept as written) from the file's ``line``, after a separator if it is not the first."""
        if self._values:
            self._values.append(SEPARATOR)
            self._lines += 1
        if "\r" in text:
            text = text.replace("\r", " ")  # a line break of its own would throw the lines out
        self._values.append(text)
        self._starts.append(self._lines)
        self._places.append((line, path))
        self._lines += text.count("\n") + 1

    def where(self, index: int) -> Where | None:
        """Where line ``index`` (0-based) of :attr:`text` comes from; ``None`` past its end."""
        if not 0 <= index < self._lines:
            return None
        k = bisect.bisect_right(self._starts, index) - 1
        line, path = self._places[k]
        if k + 1 < len(self._starts) and index == self._starts[k + 1] - 1:
            return Where(self._places[k + 1][0], None)  # the separator before the next value
        return Where(line, path, index - self._starts[k] + 1)


@dataclass(slots=True)
class _Frame:
    """An object (``key``: the current member's name) or an array (``index``: the current element's)."""

    is_object: bool
    key: str | None = None
    index: int = 0
    expect_key: bool = True


def _decoded(piece: str) -> str:
    """A JSON string token's value (escapes decoded; a lone surrogate kept, as a reader's tool would show it)."""
    if "\\" not in piece:
        return piece[1:-1]
    try:
        value = json.loads(piece)
    except ValueError:
        return piece[1:-1]
    return value if isinstance(value, str) else piece[1:-1]


class JsonReader:
    """Reads a JSON text line by line (a large export a chunk at a time), keeping track of where each value is.

    String values in ``judged`` are read as blank (:func:`_shown`).
    """

    def __init__(self, judged: JudgedTexts | None = None) -> None:
        self._stack: list[_Frame] = []
        self._broken = False
        self._judged = judged

    def path(self) -> str:
        """The path of the value being read: ``questions[2].answer``, ``[3].title``, or ``""`` at the top."""
        out = ""
        for frame in self._stack:
            if frame.is_object:
                out += f".{frame.key}" if out else (frame.key or "")
            else:
                out += f"[{frame.index}]"
        return out

    def read(self, line: str, number: int, into: JsonText) -> None:
        """Add the values of the file's line ``number`` to ``into``; a line that is not JSON, as it is written."""
        if self._broken:
            if line.strip():
                into.add(line.rstrip("\n"), number, None)
            return
        if self._read_whole(line, number, into):
            return
        values: list[tuple[str, str]] = []
        for match in _TOKEN.finditer(line):
            if match.group("bad") is not None or not self._take(match.group(), values):
                self._broken = True  # from here on the structure is unknown: read the rest as written
                into.add(line.rstrip("\n"), number, None)
                return
        for path, value in values:
            into.add(value, number, path)

    def _read_whole(self, line: str, number: int, into: JsonText) -> bool:
        """A line that is a whole value (a one-line document, a row of an export), read by the C parser; False if it is not.

        The same text as token by token (:meth:`_take`), several times faster
        on a letter of tens of kilobytes.
        """
        top = self._stack[-1] if self._stack else None
        if top is not None and top.is_object:
            return False
        body = line.strip()
        comma = body.endswith(",")
        if comma and top is None:
            return False
        try:
            value = json.loads(
                body[:-1] if comma else body, object_pairs_hook=_Members, parse_int=_Literal, parse_float=_Literal, parse_constant=_Literal
            )
        except ValueError:
            return False
        _walk(value, self.path(), None, number, into, self._judged)
        if comma:
            top.index += 1  # type: ignore[union-attr]  # checked above: inside an array
        return True

    def _take(self, piece: str, values: list[tuple[str, str]]) -> bool:
        """Follow one token; a value is added to ``values`` as ``(path, "key: value")``. False: not JSON."""
        top = self._stack[-1] if self._stack else None
        if piece in ("{", "["):
            if top is not None and top.is_object and top.key is not None and not top.expect_key:
                values.append((self.path(), f"{top.key}:"))  # a key is text too, even before a list or object
            self._stack.append(_Frame(is_object=piece == "{"))
            return True
        if piece in ("}", "]"):
            if top is None or top.is_object != (piece == "}"):
                return False
            self._stack.pop()
            return True
        if piece == ",":
            if top is None:
                return False
            if top.is_object:
                top.expect_key, top.key = True, None
            else:
                top.index += 1
            return True
        if piece == ":":
            if top is None or not top.is_object or top.key is None or not top.expect_key:
                return False
            top.expect_key = False
            return True
        value = _decoded(piece) if piece.startswith('"') else piece
        if top is not None and top.is_object and top.expect_key:
            if not piece.startswith('"'):
                return False
            top.key = value
            return True
        label = top.key if top is not None and top.is_object else None
        values.append((self.path(), _shown(label, value, self._judged if piece.startswith('"') else None)))
        return True


def json_text(lines: Iterable[str], first_line: int = 1, reader: JsonReader | None = None) -> JsonText:
    """The decoded text of ``lines`` (the file's lines from ``first_line`` on), read by ``reader`` (a new one: from the start)."""
    reader = reader if reader is not None else JsonReader()
    out = JsonText()
    for number, line in enumerate(lines, start=first_line):
        reader.read(line, number, out)
    return out


class _Literal(str):
    """A number (or ``NaN``) as written: text to the sweep, never a string value."""

    __slots__ = ()


class _Members(list[tuple[str, object]]):
    """An object's members in their order, duplicates kept (a later one must not hide an earlier one's text)."""


_LITERALS: dict[object, str] = {True: "true", False: "false", None: "null"}


def _shown(label: str | None, value: str, judged: JudgedTexts | None) -> str:
    """A value as the sweep reads it: ``label: value``; a text the gate judged whole, blank (the label kept)."""
    if judged is not None and value in judged:
        return f"{label}:" if label is not None else ""
    return f"{label}: {value}" if label is not None else value


def _walk(value: object, path: str, label: str | None, number: int, into: JsonText, judged: JudgedTexts | None = None) -> None:
    """Add a parsed value's text to ``into`` as :meth:`JsonReader._take` would, token by token."""
    if isinstance(value, _Members):
        if label is not None:
            into.add(f"{label}:", number, path)
        for key, member in value:
            _walk(member, f"{path}.{key}" if path else key, key, number, into, judged)
    elif isinstance(value, list):
        if label is not None:
            into.add(f"{label}:", number, path)
        for index, item in enumerate(value):
            _walk(item, f"{path}[{index}]", None, number, into, judged)
    elif isinstance(value, str):
        into.add(_shown(label, value, None if isinstance(value, _Literal) else judged), number, path)
    else:
        text = _LITERALS[value]
        into.add(f"{label}: {text}" if label is not None else text, number, path)


def placed(findings: Iterable[Finding], text: JsonText) -> list[Finding]:
    """Findings on lines of ``text`` moved to the file's line, each naming the value it is in."""
    out: list[Finding] = []
    for f in findings:
        where = text.where((f.line or 0) - 1)
        if where is None:
            out.append(f)
        elif where.path is None:
            out.append(dataclasses.replace(f, line=where.line))
        else:
            of_it = f" (line {where.value_line} of it)" if where.value_line > 1 else ""
            named = f"the JSON value {where.path}" if where.path else "the JSON text"
            out.append(dataclasses.replace(f, line=where.line, field=where.path or None, message=f"in {named}{of_it}: {f.message}"))
    return out
