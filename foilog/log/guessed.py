"""Values the importer guessed and nobody has confirmed yet: the ``# guessed`` markers in ``response.yml``.

``foilog import`` marks every value it inferred (title, outcome, topics,
authority, neither-confirm-nor-deny...) with a comment starting ``# guessed``
on the value's line (a multi-line answer: on the line above it). Deleting the
marker is the reviewer's confirmation, so a marker that is still there means
an unchecked guess: a warning, which ``check --strict``, ``build --strict``
and so the pull request refuse.

Comments are not part of the YAML data, so the markers are found in the text.
A ``#`` only starts a comment outside a value, which the YAML scanner knows:
its tokens cover every value (quoted, plain or a ``|`` block), and a ``#``
after a space outside them is a comment. So ``answer: 'rota # guessed'``
and a block answer with a line "# guessed" in it are text, not markers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import yaml

from foilog.log.findings import Category, Finding, Severity
from foilog.log.schema_errors import field_name
from foilog.log.yamlload import Path as DataPath

RULE = "guessed-value"
ADVICE = "value guessed by the importer: confirm it and delete the `# guessed` marker"
_MARKER = re.compile(r"#\s*guessed\b", re.IGNORECASE)
_COMMENT = re.compile(r"(?:^|(?<=\s))#")


@dataclass(frozen=True)
class Marker:
    """A ``# guessed`` comment: its 1-based line, and whether it stands on a line of its own."""

    line: int
    alone: bool


def _value_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of every scalar (keys and values) as the YAML scanner reads them.

    A file the scanner cannot read past a point yields the spans up to it: the
    syntax error is reported elsewhere, and markers before it are still found.
    """
    spans: list[tuple[int, int]] = []
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if isinstance(token, yaml.ScalarToken):
                start = token.start_mark.index
                if token.style in ("|", ">"):
                    # The block's header line (``|-  # comment``) may carry a comment of its own.
                    start = text.find("\n", start)
                    start = len(text) if start < 0 else start
                spans.append((start, token.end_mark.index))
    except yaml.YAMLError:
        pass
    return spans


def find_markers(text: str) -> list[Marker]:
    """The ``# guessed`` comments of a YAML text, in order (cheap when there are none)."""
    if not _MARKER.search(text):
        return []
    spans = _value_spans(text)
    markers: list[Marker] = []
    offset = 0
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        for m in _COMMENT.finditer(line):
            at = offset + m.start()
            if any(start <= at < end for start, end in spans):
                continue  # a '#' inside a value is text
            if _MARKER.match(line, m.start()):
                markers.append(Marker(number, alone=not line[: m.start()].strip()))
            break  # the first '#' outside a value starts the comment: the rest of the line is in it
        offset += len(line)
    return markers


def _field_at(line: int, lines: Mapping[DataPath, int], *, below: bool) -> DataPath | None:
    """The most specific field on ``line`` (or, for a marker on a line of its own, on the first line below it)."""
    candidates = [(n, path) for path, n in lines.items() if path and (n > line if below else n == line)]
    if not candidates:
        return None
    first = min(n for n, _ in candidates)
    return max((path for n, path in candidates if n == first), key=len)


def guessed_findings(text: str, lines: Mapping[DataPath, int], yml_path: str) -> Iterator[Finding]:
    """A warning per ``# guessed`` marker, naming the file, the line and the field it marks.

    The value itself is not repeated: findings reach CI logs, which are public,
    and an unreviewed draft is exactly where personal data may still be.
    """
    for marker in find_markers(text):
        path = _field_at(marker.line, lines, below=marker.alone)
        yield Finding(
            yml_path,
            line=marker.line,
            field=field_name(path) if path else None,
            rule=RULE,
            category=Category.INVALID_DATA,
            severity=Severity.WARNING,
            message=ADVICE,
        )
