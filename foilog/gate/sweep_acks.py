"""Whose acknowledgement covers which text of the built site, for the post-build sweep (:mod:`foilog.gate.sweep`).

A reviewer's acknowledgement accepts a text *in one response*. During the
sweep it must not silence the same text anywhere else (an override template
that prints the name on every page, another response's page), so:

* the pages of a response (everything under its URL: its page and its
  attachments, and its JSON document ``data/responses/<year>/<slug>.json``)
  are swept with that response's acknowledgements only;
* a page that belongs to no response (home, lists by topic, year, outcome or
  exemption, corrections, feeds, open data, hand-written pages) shows
  several responses' titles, summaries and answers. There an acknowledged
  finding is accepted only where it lies inside that response's own text: the
  page is scanned again with the lines of the acknowledging response's text
  that hold the acknowledged words blanked out (as written, HTML-, XML-,
  JSON- or CSV-escaped); a finding that disappears is inside the response's
  text and takes its acknowledgement, one that is still found is someone
  else's and is not acknowledged. If another response's line is identical,
  that response's own sources hold the text too and the leak gate judged it
  there with its own acknowledgements.

A plain list of ``(text, reason)`` pairs (tests, callers without a log) still
covers every page, as before.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import escape as jinja_escape

from foilog.gate.textscan.normalise import normalise_key
from foilog.log.findings import Finding

if TYPE_CHECKING:
    from foilog.gate.scancache import Scanned
    from foilog.log.model import Log, Response

__all__ = ["ResponseAcknowledgements", "SiteAcknowledgements", "site_acknowledgements"]

#: One acknowledgement: (text, reason, rule or None).
Ack = tuple[str, str, "str | None"]


@dataclass(frozen=True)
class ResponseAcknowledgements:
    """One response's acknowledgements and the lines of its own text that hold an acknowledged text."""

    folder: str
    """The response's folder in the site (its URL without the leading ``/``): ``responses/2019/01-foi-19-011430/``."""
    acks: tuple[Ack, ...]
    quotes: tuple[str, ...]

    @property
    def pairs(self) -> tuple[tuple[str, str], ...]:
        return tuple((text, reason) for text, reason, _ in self.acks)

    def rule_filter(self, findings: list[Finding]) -> list[Finding]:
        """An acknowledgement that names a rule covers only that rule's findings (as the leak gate applies it)."""
        out = []
        for f in findings:
            if f.acknowledged is not None:
                rules = {rule for _, reason, rule in self.acks if reason == f.acknowledged}
                if rules and None not in rules and f.rule not in rules:
                    f = dataclasses.replace(f, acknowledged=None)
            out.append(f)
        return out

    def mask(self, content: str) -> str:
        """``content`` with every copy of this response's acknowledged lines blanked (newlines kept), however escaped."""
        for quote in self.quotes:
            for variant in _variants(quote):
                if variant in content:
                    content = content.replace(variant, " " * len(variant))
        return content


@dataclass(frozen=True)
class SiteAcknowledgements:
    """Every response's acknowledgements, by the site folder they hold for; and any that hold everywhere."""

    responses: tuple[ResponseAcknowledgements, ...] = ()
    everywhere: tuple[tuple[str, str], ...] = ()
    others: frozenset[str] = frozenset()
    """The site folders of the responses without acknowledgements: their pages are theirs, not shared."""

    @classmethod
    def of(cls, acknowledgements: SiteAcknowledgements | Sequence[tuple[str, str]]) -> SiteAcknowledgements:
        """As given, or a plain list of ``(text, reason)`` pairs that holds for every page."""
        if isinstance(acknowledgements, SiteAcknowledgements):
            return acknowledgements
        return cls(everywhere=tuple((text, reason) for text, reason in acknowledgements))

    @functools.cached_property
    def _by_folder(self) -> dict[str, ResponseAcknowledgements]:
        return {response.folder: response for response in self.responses}

    def owner(self, rel: str) -> ResponseAcknowledgements | None:
        """The response whose folder holds the site file ``rel``, if it has acknowledgements."""
        if not self.responses:
            return None
        rel = _as_response_path(rel)
        by_folder = self._by_folder
        end = rel.find("/")
        while end != -1:
            found = by_folder.get(rel[: end + 1])
            if found is not None:
                return found
            end = rel.find("/", end + 1)
        return None

    def resolve(
        self,
        scanned: Scanned,
        rel: str,
        display: str,
        *,
        line_offset: int = 0,
        content: str | None = None,
        rescan: Callable[[str], Scanned] | None = None,
    ) -> list[Finding]:
        """The findings of one scanned unit of the site file ``rel``, acknowledged as the module docstring says.

        ``content`` is what was scanned and ``rescan`` scans another text the
        same way: both are needed to accept anything on a page that belongs
        to no response.
        """
        owner = self.owner(rel)
        if owner is not None:
            return owner.rule_filter(scanned.resolve(display, self.everywhere + owner.pairs, line_offset=line_offset))
        findings = scanned.resolve(display, self.everywhere, line_offset=line_offset)
        if not self.responses or not scanned.findings or content is None or rescan is None or self._in_other_response(rel):
            return findings
        open_ = [i for i, f in enumerate(findings) if f.acknowledged is None]
        for response in self.responses:
            accepted = response.rule_filter(scanned.resolve(display, response.pairs, line_offset=line_offset))
            candidates = [i for i in open_ if accepted[i].acknowledged is not None and findings[i].acknowledged is None]
            if not candidates:
                continue
            masked = response.mask(content)
            if masked == content:
                continue
            removed = Counter(_keys(scanned.findings)) - Counter(_keys(rescan(masked).findings))
            for i in candidates:
                key = _key(scanned.findings[i])
                if removed[key] > 0:
                    removed[key] -= 1
                    findings[i] = dataclasses.replace(findings[i], acknowledged=accepted[i].acknowledged)
        return findings

    def _in_other_response(self, rel: str) -> bool:
        """Whether ``rel`` is under the folder of a response without acknowledgements."""
        rel = _as_response_path(rel)
        end = rel.find("/")
        while end != -1:
            if rel[: end + 1] in self.others:
                return True
            end = rel.find("/", end + 1)
        return False


#: Where each response's own JSON document is published (``data/responses/<year>/<slug>.json``).
_DOCUMENTS = "data/responses/"


def _as_response_path(rel: str) -> str:
    """A response's JSON document as if it were in the response's folder: it is that response's text alone, so its acknowledgements hold."""
    if rel.startswith(_DOCUMENTS) and rel.endswith(".json"):
        return rel[len("data/") : -len(".json")] + "/"
    return rel


def _key(f: Finding) -> tuple[int | None, str, str | None]:
    return f.line, f.rule, f.excerpt


def _keys(findings: Iterable[Finding]) -> list[tuple[int | None, str, str | None]]:
    return [_key(f) for f in findings]


def _variants(quote: str) -> list[str]:
    """How a line of a response's text is written in the site's HTML, feeds (escaped twice in ``<content>``) and exports."""
    escaped = [html.escape(quote), html.escape(quote, quote=False), str(jinja_escape(quote))]
    variants = [
        quote,
        *escaped,
        *(html.escape(e, quote=False) for e in escaped),
        json.dumps(quote, ensure_ascii=False)[1:-1],
        json.dumps(quote)[1:-1],
        quote.replace('"', '""'),
    ]
    # Longest first: a variant that contains another is blanked whole.
    return sorted({v for v in variants if v.strip()}, key=len, reverse=True)


def _strings(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _quotes(r: Response, keys: Sequence[str]) -> tuple[str, ...]:
    """The lines of the response's own text (``response.yml`` values and ``response.md``) holding an acknowledged text."""
    quotes: dict[str, None] = {}
    # (Not the acknowledgements themselves: the bare acknowledged text would then be a "line" of every page.)
    for text in (*_strings(r.data.model_dump(mode="json", exclude={"acknowledgements"})), r.body or ""):
        for line in text.split("\n"):
            line = line.strip()
            key_of_line = normalise_key(line)
            # A line that is nothing but the acknowledged text would cover that text wherever it is: not a quote.
            if line and key_of_line not in keys and any(key in key_of_line for key in keys):
                quotes[line] = None
    return tuple(quotes)


def response_acknowledgements(r: Response) -> ResponseAcknowledgements | None:
    """What the sweep needs of one response's acknowledgements (None when it has none)."""
    acks = tuple((a.text, a.reason, a.rule) for a in r.data.acknowledgements)
    if not acks:
        return None
    keys = [key for key in (normalise_key(text) for text, _, _ in acks) if key]
    return ResponseAcknowledgements(folder=r.url, acks=acks, quotes=_quotes(r, keys))


def site_acknowledgements(log: Log) -> SiteAcknowledgements:
    """Every response's acknowledgements, each for its own folder of the site (for :class:`foilog.gate.sweep.SiteSweeper`)."""
    responses: list[ResponseAcknowledgements] = []
    others: set[str] = set()
    for r in log.responses:
        found = response_acknowledgements(r)
        if found is None:
            others.add(r.url)
        else:
            responses.append(found)
    return SiteAcknowledgements(responses=tuple(responses), others=frozenset(others))
