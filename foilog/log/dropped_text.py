"""Text YAML silently drops: a ``#`` after an unquoted free-text value.

In YAML, `` #`` starts a comment wherever a value is not quoted, so
``answer: Drivers are on rota #2; names are withheld.`` reads as "Drivers are
on rota" and nothing says so. Case numbers, flat numbers and ``#`` lists are
everyday FOI text, so in the fields that hold prose (:data:`FREE_TEXT_FIELDS`)
a comment after an unquoted value on the same line is an error that shows the
quoted form. Everywhere else a comment is what it looks like
(``received: 2026-09-01  # by post``), and YAML keeps ``#`` inside quotes and
block scalars (``|``, ``>``), so those are fine.

PyYAML's scanner does not hand out comments, so the check reads the event
stream instead: for each plain (unquoted) scalar of a free-text field, the
rest of its source line after the scalar's end says whether a comment followed
it. It runs only after :func:`foilog.log.yamlload.load_yaml` accepted the text,
and only on files with a `` #`` after other text on some line, so a log
without inline comments pays nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import yaml

from foilog.log.findings import Finding

RULE = "text-after-hash"

#: The prose fields of ``response.yml`` (``[]``: each item of a list).
FREE_TEXT_FIELDS: tuple[str, ...] = (
    "title",
    "summary",
    "exemptions[].public_interest",
    "questions[].question",
    "questions[].answer",
    "attachments[].title",
    "attachments[].description",
    "corrections[].note",
    "withdrawn.reason",
    "acknowledgements[].text",  # the exact text: cut short, it would accept some other text
    "acknowledgements[].reason",
    "questions[].changed_after.released",
    "clock[].to",
    "clock[].note",
    "review.summary",
    "appeals[].steps",
    "related[].note",
)

#: The other string fields, where a comment after the value is only a comment: ids, numbers,
#: sections, paths and references (``reference: NCC/FOI/26/0042  # as on the letter``). None
#: of them can hold `` #`` anyway: each has a pattern or a vocabulary that refuses a cut value.
NOT_FREE_TEXT_FIELDS: tuple[str, ...] = (
    "reference",
    "authority",
    "topics[]",
    "exemptions[].section",
    "questions[].number",
    "questions[].exemptions[]",
    "attachments[].path",
    "previous_references[]",
    "withdrawn.superseded_by",
    "acknowledgements[].rule",
    "appeals[].case_reference",
    "appeals[].decision_notice",
    "appeals[].url",
    "appeals[].tribunal_reference",
    "related[].reference",
)

#: The prose fields of a topic page's front matter (``content/topics/<id>.md``).
TOPIC_FREE_TEXT: tuple[str, ...] = ("title", "description")

#: A line with a ``#`` after a space and some text before it: the only lines that can cut a value.
_INLINE_COMMENT = re.compile(r"\S[ \t]+#", re.MULTILINE)

Key = str | int


def pattern_of(path: Sequence[Key]) -> str:
    """``("questions", 2, "answer")`` -> ``questions[].answer``, the form of :data:`FREE_TEXT_FIELDS`."""
    out = ""
    for part in path:
        out += "[]" if isinstance(part, int) else ("." if out else "") + part
    return out


def field_name(path: Sequence[Key]) -> str:
    """``("questions", 2, "answer")`` -> ``questions[2].answer``, as other findings name fields."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + part
    return out


def quoted(text: str) -> str:
    """``text`` as a YAML scalar in quotes: double quotes unless it holds some, then single, else escaped."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass(frozen=True)
class _Plain:
    """A plain scalar value and where it starts and ends: (line, column), 0-based as PyYAML's marks."""

    path: tuple[Key, ...]
    value: str
    start: tuple[int, int]
    end: tuple[int, int]


@dataclass
class _Open:
    """An open mapping or list: its path, and the key being read (a mapping) or the next index (a list)."""

    path: tuple[Key, ...]
    is_map: bool
    key: str | None = None
    index: int = 0

    def child(self) -> tuple[Key, ...] | None:
        """The path of the next node, or None when it is a mapping's key."""
        if self.is_map:
            return None if self.key is None else (*self.path, self.key)
        return (*self.path, self.index)

    def advance(self, key: str | None = None) -> None:
        """After a node: a mapping remembers the key just read (or, after a value, expects the next key); a list counts."""
        if self.is_map:
            self.key = key
        else:
            self.index += 1


def _plain_values(text: str) -> Iterator[_Plain]:
    """Every non-empty plain scalar *value* (not key) with its path, from the event stream."""
    stack: list[_Open] = []
    for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        path = stack[-1].child() if stack else ()
        if isinstance(event, yaml.ScalarEvent):
            if path is None:
                stack[-1].advance(event.value)
                continue
            start, end = event.start_mark, event.end_mark
            # Plain style is None in PyYAML and '' in libyaml.
            if not event.style and event.value and start is not None and end is not None:
                yield _Plain(path, event.value, (start.line, start.column), (end.line, end.column))
            if stack:
                stack[-1].advance()
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            stack.append(_Open(path or (), is_map=isinstance(event, yaml.MappingStartEvent)))
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            stack.pop()
            if stack:
                stack[-1].advance()


def dropped_text(text: str, display: str, *, fields: Sequence[str] = FREE_TEXT_FIELDS, line_offset: int = 0) -> list[Finding]:
    """An error for each free-text value a comment cut short; ``text`` must be YAML that loads.

    ``line_offset``: lines before ``text`` in the file (a page's front matter starts on line 2).
    """
    if not _INLINE_COMMENT.search(text):
        return []
    lines = text.split("\n")
    wanted = set(fields)
    findings = []
    try:
        plain = list(_plain_values(text))
    except yaml.YAMLError:
        return []  # the loader reports it
    for value in plain:
        if pattern_of(value.path) not in wanted:
            continue
        end_line, end_column = value.end
        rest = lines[end_line][end_column:]
        if not rest.lstrip(" \t").startswith("#"):
            continue
        findings.append(_finding(value, rest.strip(), lines, display, line_offset))
    return findings


def _finding(value: _Plain, comment: str, lines: list[str], display: str, line_offset: int) -> Finding:
    kept = " ".join(value.value.split())
    key = value.path[-1]
    (start_line, start_column), (end_line, _) = value.start, value.end
    if start_line == end_line and isinstance(key, str):
        whole = lines[start_line][start_column:].rstrip()
        fix = f"put the whole value in quotes: {key}: {quoted(whole)}"
    else:
        fix = "put the whole value in quotes (\"...\"), or write it as a block after '|' on the lines below"
    return Finding(
        display,
        line=end_line + 1 + line_offset,
        field=field_name(value.path),
        rule=RULE,
        message=(
            f"the text after ' #' is read as a comment: '{comment}' is dropped and only '{kept}' would be published; "
            f"{fix} (a note for editors goes on a line of its own)"
        ),
    )
