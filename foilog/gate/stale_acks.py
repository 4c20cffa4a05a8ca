"""Acknowledgements that excuse nothing any more: a warning, so none silently outlives what it excused.

An acknowledgement accepts a text *wherever* it stands in its response, so
one left behind after the name it excused was redacted would accept that name
again if it came back, in another place, unseen by a reviewer. It is stale
when its text appears nowhere in the response's files any more: not in
``response.yml`` (outside the ``acknowledgements:`` list itself, comments
included, and in the values as decoded), not in ``response.md``, not in any
attachment's text, properties or stored text. Text is compared the way the
leak gate matches acknowledgements (:func:`foilog.gate.textscan.normalise.normalise_key`:
case, spacing and Unicode forms aside).

The check reads the texts, never only the findings: findings are cached before
acknowledgements, and an acknowledgement can also excuse text no detector
flags today. An acknowledgement that accepted a finding of this run is in use
whatever the texts say (the gate may have matched one of a finding's other
spellings, such as "Mr Exampleford" for "Exampleford").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from foilog.gate.attachments import AttachmentReport
from foilog.gate.textscan.normalise import normalise_key
from foilog.log.findings import Category, Finding, Severity, mask
from foilog.log.model import Response

RULE = "stale-acknowledgement"


def response_texts(r: Response, reports: Iterable[AttachmentReport]) -> Iterator[str]:
    """Every text of the response an acknowledgement could be for, except the acknowledgements themselves."""
    if r.source_yml is not None:
        yield _without_acknowledgements(r.source_yml.decode("utf-8", errors="replace"), r)
    yield from _strings(r.data.model_dump(mode="json", exclude={"acknowledgements"}))
    yield r.body
    for report in reports:
        yield from report.text_pages
        yield from (f"{name}: {value}" for name, value in report.metadata)
        yield from (text for _, text in report.stored)


def _strings(data: object) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


def _without_acknowledgements(text: str, r: Response) -> str:
    """``response.yml`` as written, without the lines of its top-level ``acknowledgements:`` list."""
    start = r.lines.get(("acknowledgements",))
    if start is None:
        return text
    lines = text.split("\n")
    later = [line for path, line in r.lines.items() if len(path) == 1 and line > start]
    end = min(later) if later else len(lines) + 1  # the next top-level key, or the end of the file
    return "\n".join(lines[: start - 1] + lines[end - 1 :])


def stale_acknowledgements(r: Response, texts: Iterable[str], findings: Sequence[Finding]) -> list[Finding]:
    """A warning at each acknowledgement of ``r`` whose text is in none of ``texts`` and accepted none of ``findings``."""
    acks = r.data.acknowledgements
    if not acks:
        return []
    used = {f.acknowledged for f in findings if f.acknowledged is not None}
    haystack = normalise_key("\n".join(texts))
    out = []
    for i, ack in enumerate(acks):
        if ack.reason in used or normalise_key(ack.text) in haystack:
            continue
        out.append(
            Finding(
                r.yml_path,
                line=r.line_of("acknowledgements", i, "text"),
                field=f"acknowledgements[{i}].text",
                rule=RULE,
                category=Category.INVALID_DATA,
                severity=Severity.WARNING,
                message=(
                    "the text of this acknowledgement appears nowhere in this response any more (response.yml, response.md, attachments); "
                    "remove the acknowledgement, or it would accept the same text if it came back unseen"
                ),
                excerpt=mask(ack.text),
            )
        )
    return out
