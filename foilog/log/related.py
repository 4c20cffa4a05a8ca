"""Validation of ``related:``: each entry names another response that readers can follow.

A relation is written once, in the later (or referring) response, and shown
on both pages (:mod:`foilog.site.related` derives the other direction). So a
relation is only useful when its reference is a response of the log; these
checks make sure it is, with the same care as ``withdrawn.superseded_by``
(:func:`foilog.log.validate._superseded_problem`):

- the reference is another response of the log (a misspelt one gets a
  "did you mean" from the log's references; look-alike characters are named);
- each other response is related once per entry list (no duplicates);
- ``updates``, ``repeat_of``, ``follow_up_of`` and ``refers_to`` look back in
  time: the other response may not be dated after this one (``updates``
  means "the same question for a later period");
- ``superseded_by`` looks forward: the replacement may not be dated before;
- chains of ``updates`` / ``repeat_of`` have no cycles (two responses of the
  same day that update each other would make a series with no first one);
- ``related: superseded_by`` is for a response that **stays published**
  though a later one replaces its figures; a withdrawn response names its
  replacement in ``withdrawn.superseded_by`` (its notice links to it), so the
  two together are refused as a duplicate;
- a relation to an embargoed or withdrawn response is not shown on the site
  (no link may announce an embargoed page, and a withdrawn one has left the
  indexes): a warning says so, and what to do.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator

from foilog.log.field_findings import field_finding, items, known
from foilog.log.findings import Finding
from foilog.log.lookalikes import identifier_problem, shown, skeletons
from foilog.log.model import Response
from foilog.log.schema_errors import suggest

BACKWARD_KINDS = ("updates", "repeat_of", "follow_up_of", "refers_to")
"""Kinds whose other response came first (it may not be dated after this one)."""
CHAIN_KINDS = ("updates", "repeat_of")
"""Kinds that chain responses into a series (:mod:`foilog.site.related`): they must not form a cycle."""


def _finding(r: Response, i: int, field: str, message: str, *, warning: bool = False) -> Finding:
    return field_finding(r, ("related", i, field), f"related[{i}].{field}", message, warning=warning)


def _entries(r: Response) -> Iterator[tuple[int, str, str]]:
    """``(index, kind, reference)`` of each valid entry of ``related``."""
    for i, entry in items(known(r.data.related)):
        kind, reference = known(entry.kind), known(entry.reference)
        if kind is not None and reference is not None:
            yield i, kind, reference


def _missing(reference: str, by_reference: dict[str, list[Response]], own: str) -> str:
    """The message for a reference no response has: look-alike characters named, else the closest references."""
    problem = identifier_problem(reference)
    if problem:
        return f"no response has the reference '{shown(reference)}': {problem}"
    others = [ref for ref in by_reference if ref != own]
    shape = set(skeletons(reference))
    twins = [ref for ref in others if shape & set(skeletons(ref))]
    if twins:
        return (
            f"no response has the reference '{reference}'; it looks like '{twins[0]}' (write the reference exactly as in its response.yml)"
        )
    hint = suggest(reference, others)
    return f"no response has the reference '{reference}' (write the other response's reference exactly as in its response.yml){hint}"


def _dated(r: Response) -> dt.date | None:
    return known(r.data.responded)


def _entry_problems(
    r: Response, i: int, kind: str, target: str, by_reference: dict[str, list[Response]], today: dt.date
) -> Iterator[Finding]:
    if target == r.reference:
        yield _finding(r, i, "reference", f"'{target}' is this response's own reference; name the other response, or remove the entry")
        return
    found = by_reference.get(target)
    if not found:
        yield _finding(r, i, "reference", _missing(target, by_reference, r.reference))
        return
    other = found[0]
    mine, theirs = _dated(r), _dated(other)
    if mine is not None and theirs is not None:
        if kind in BACKWARD_KINDS and theirs > mine:
            yield _finding(
                r,
                i,
                "kind",
                f"'{kind}' points back to an earlier response, but {target} is dated {theirs}, after this response ({mine}); "
                f"write the relation in {other.yml_path} instead (pointing here), or correct the kind",
            )
        elif kind == "superseded_by" and theirs < mine:
            yield _finding(
                r,
                i,
                "kind",
                f"'superseded_by' names a later response that replaces this one, but {target} is dated {theirs}, before this response ({mine}); "
                "use 'updates' or 'refers_to' for an earlier one",
            )
    gone = known(other.data.withdrawn)
    if gone is not None:
        replacement = known(gone.superseded_by)
        instead = f"; name its replacement '{replacement}' instead" if replacement else ""
        yield _finding(
            r, i, "reference", f"'{target}' ({other.yml_path}) is withdrawn, so the site does not link to it{instead}", warning=True
        )
    publish_after = known(other.data.publish_after)
    if publish_after is not None and publish_after > today:
        yield _finding(
            r,
            i,
            "reference",
            f"'{target}' ({other.yml_path}) is not published until {publish_after}; the link appears on the site from that day",
            warning=True,
        )


def _cycles(every: list[Response], by_reference: dict[str, list[Response]]) -> Iterator[Finding]:
    """One error per entry that closes a loop of ``updates`` / ``repeat_of`` (depth-first, iterative)."""
    edges: dict[str, list[tuple[str, Response, int]]] = defaultdict(list)
    for r in every:
        if known(r.data.reference) is None:
            continue
        for i, kind, target in _entries(r):
            if kind in CHAIN_KINDS and target in by_reference and target != r.reference:
                edges[r.reference].append((target, r, i))
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    for start in sorted(edges):
        if start in state:
            continue
        path: list[str] = [start]
        stack = [iter(edges[start])]
        state[start] = 1
        while stack:
            step = next(stack[-1], None)
            if step is None:
                state[path.pop()] = 2
                stack.pop()
                continue
            target, owner, i = step
            if state.get(target) == 1:
                loop = " -> ".join([*path[path.index(target) :], target])
                yield _finding(
                    owner,
                    i,
                    "reference",
                    f"the relations go round in a circle ({loop}); a later response updates or repeats an earlier one, never the reverse: remove one of them",
                )
            elif target not in state:
                state[target] = 1
                path.append(target)
                stack.append(iter(edges.get(target, ())))


def check_related(every: Iterable[Response], by_reference: dict[str, list[Response]], today: dt.date) -> Iterator[Finding]:
    """Every rule of the module docstring, over the log's responses (valid and partially valid)."""
    every = list(every)
    for r in every:
        if known(r.data.reference) is None:
            continue
        seen: dict[str, int] = {}
        for i, kind, target in _entries(r):
            if target in seen:
                yield _finding(r, i, "reference", f"'{target}' is already related in related[{seen[target]}]; keep one entry per response")
                continue
            seen[target] = i
            withdrawn = known(r.data.withdrawn)
            if kind == "superseded_by" and withdrawn is not None:
                yield _finding(
                    r,
                    i,
                    "kind",
                    "this response is withdrawn: name its replacement in withdrawn.superseded_by (the withdrawal notice links to it) "
                    "and remove this entry; related 'superseded_by' is for a response that stays published",
                )
                continue
            yield from _entry_problems(r, i, kind, target, by_reference, today)
    yield from _cycles(every, by_reference)
