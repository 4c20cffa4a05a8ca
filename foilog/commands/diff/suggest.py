"""``foilog diff`` suggests ``related:`` entries for each response a change adds.

A request asked again (next year's figures, the same question from someone
else) is best answered and published with a link to the earlier answer. The
reviewer of the pull request that adds a response sees the published responses
whose questions are most alike (:class:`foilog.log.similar.QuestionIndex`),
each with its score, the words they share and the exact YAML to paste into the
new response's ``response.yml``.

How a reviewer answers a suggestion:

- **confirm** it by pasting the YAML (choosing the kind that fits: the
  suggestion guesses ``updates`` when the new questions name a later year,
  ``repeat_of`` for an earlier response, ``same_question_as`` otherwise);
- **dismiss** it by doing nothing: suggestions are made only for responses the
  change *adds*, so once merged the response is never suggested for again, and
  nothing needs recording.

Pairs already related (either way, any kind, or through a chain of
``updates`` / ``repeat_of``) are never suggested. The members of one chain
(a series of yearly repeats) are suggested once, by the latest of them: a
new year's figures update last year's, and join the series through it. Candidates
are the live published responses of HEAD (not embargoed or withdrawn: a
relation to those shows no link) and the other responses the change adds.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from foilog.log.model import Log, Response
from foilog.log.similar import TOP, Match, QuestionIndex

_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9/_.\-]*")


@dataclass(frozen=True)
class Suggestion:
    """A published response the added one may relate to."""

    reference: str
    title: str
    url: str
    score: float
    kind: str
    """The kind the YAML proposes (``updates``, ``repeat_of`` or ``same_question_as``)."""
    shared: tuple[str, ...]
    """The weightiest words both ask about."""

    @property
    def yaml(self) -> str:
        """The entry to paste into the new response's ``response.yml`` (under an existing ``related:`` if it has one)."""
        ref = self.reference if _PLAIN.fullmatch(self.reference) else "'" + self.reference.replace("'", "''") + "'"
        return f"related:\n  - kind: {self.kind}\n    reference: {ref}\n"

    def as_json(self) -> dict[str, object]:
        return {
            "reference": self.reference,
            "title": self.title,
            "url": self.url,
            "score": self.score,
            "kind": self.kind,
            "shared_words": list(self.shared),
            "yaml": self.yaml,
        }

    def masked(self, hide: Callable[[str], str]) -> Suggestion:
        """Every value that came from data masked (the report is public in a public repository's pull request)."""
        return replace(
            self,
            reference=hide(self.reference),
            title=hide(self.title),
            url=hide(self.url),
            shared=tuple(hide(w) for w in self.shared),
        )


def _years(r: Response) -> set[int]:
    """The years its questions name ("in 2024"): a later one marks an update for a later period."""
    return {int(y) for q in r.data.questions for y in _YEAR.findall(q.question)}


def guess_kind(new: Response, other: Response) -> str:
    """``updates`` when ``other`` came first and the new questions name a later year; ``repeat_of`` when it came first; else ``same_question_as``."""
    if other.data.responded >= new.data.responded:
        return "same_question_as"
    new_years, old_years = _years(new), _years(other)
    if new_years and old_years and max(new_years) > max(old_years):
        return "updates"
    return "repeat_of"


SERIES_KINDS = ("updates", "repeat_of")
"""Relations that chain responses into a series: every member of a chain counts as related to every other."""


def _related_and_chains(responses: Iterable[Response]) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """By reference: every reference it is related to, directly (either side wrote the entry, any kind) or
    through a chain of ``updates`` / ``repeat_of`` (the 2026 figures need not be told about the 2024 ones
    when they already update the 2025 ones); and the chain of each reference that is in one."""
    direct: dict[str, set[str]] = defaultdict(set)
    chained: dict[str, set[str]] = defaultdict(set)
    for r in responses:
        for entry in r.data.related:
            direct[r.reference].add(entry.reference)
            direct[entry.reference].add(r.reference)
            if entry.kind in SERIES_KINDS:
                chained[r.reference].add(entry.reference)
                chained[entry.reference].add(r.reference)
    out: dict[str, set[str]] = defaultdict(set)
    seen: set[str] = set()
    for start in chained:
        if start in seen:
            continue
        group, stack = set(), [start]
        while stack:
            ref = stack.pop()
            if ref not in group:
                group.add(ref)
                stack.extend(chained[ref] - group)
        seen |= group
        for ref in group:
            out[ref] = group
    return {ref: direct.get(ref, set()) | out.get(ref, set()) for ref in direct.keys() | out.keys()}, dict(out)


def suggest_related(head: Log, added: list[Response]) -> dict[str, list[Suggestion]]:
    """By the added response's folder: its suggestions, best first (an empty list when none is close enough)."""
    if not added:
        return {}
    added_folders = {r.rel_folder for r in added}
    candidates = [r for r in head.published() if not r.withdrawn and r.rel_folder not in added_folders]
    candidates += [r for r in added if not r.withdrawn and not r.embargoed(head.today)]
    index = QuestionIndex(candidates)
    by_reference = {c.reference: c for c in candidates}
    related, chains = _related_and_chains(head.responses)
    out: dict[str, list[Suggestion]] = {}
    for r in added:
        if r.withdrawn:
            continue
        # More than shown are asked for: the members of one chain then count once.
        matches = index.similar(r, exclude=related.get(r.reference, ()), top=TOP * CHAIN_ROOM)
        out[r.rel_folder] = [_suggestion(r, m) for m in _one_per_chain(matches, chains, by_reference)[:TOP]]
    return out


CHAIN_ROOM = 4
"""How many times :data:`~foilog.log.similar.TOP` matches to look at, so that a series folded into one still leaves room for others."""


def _one_per_chain(matches: list[Match], chains: dict[str, set[str]], candidates: dict[str, Response]) -> list[Match]:
    """``matches`` (best first) with each chain of ``updates`` / ``repeat_of`` kept once, at its best score, as its
    latest member among ``candidates`` (by reference): the response a new year's figures would update."""
    out: list[Match] = []
    seen: set[frozenset[str]] = set()
    for m in matches:
        chain = frozenset(chains.get(m.response.reference, {m.response.reference}))
        if chain in seen:
            continue
        seen.add(chain)
        members = [candidates[ref] for ref in chain if ref in candidates] or [m.response]
        out.append(replace(m, response=max(members, key=Response.response_date_key)))
    return out


def _suggestion(r: Response, m: Match) -> Suggestion:
    other = m.response
    return Suggestion(other.reference, other.data.title, other.url, m.score, guess_kind(r, other), m.shared)
