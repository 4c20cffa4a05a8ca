"""Stage 2, validate: what the schema alone cannot check.

Dates against each other and against today, ids against the vocabularies
(topics, exemptions, authorities), references unique across the log, folder
names derived from the data, and attachment paths that stay inside their
folder. Each check returns findings pointing at the line of the field.

The checks also run on the valid parts of a ``response.yml`` that failed
schema validation (:func:`foilog.log.schema.validate_partially`), so one run
reports everything: any value may then be :data:`~foilog.log.schema.INVALID`
(already reported), and a check that needs it is skipped rather than
reporting a consequence of the same mistake.
"""

from __future__ import annotations

import datetime as dt
import stat
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any

from foilog.log.catalogue import catalogue
from foilog.log.clock_checks import check_clock
from foilog.log.field_findings import field_finding as _error
from foilog.log.field_findings import items as _items
from foilog.log.field_findings import known as _known
from foilog.log.findings import Category, Finding
from foilog.log.guessed import guessed_findings
from foilog.log.links import SPECIAL_ADVICE, SPECIAL_RULE, special_kind_of
from foilog.log.lookalikes import identifier_problem, shown, skeletons
from foilog.log.markdown_limits import markdown_problems
from foilog.log.model import Log, Response
from foilog.log.related import check_related
from foilog.log.schema import INVALID
from foilog.log.schema_errors import suggest
from foilog.log.urls import response_url, slugify
from foilog.log.validate_reviews import check_reviews
from foilog.log.yamlload import YamlProblem, decode_utf8
from foilog.workers.fork import in_two_halves

_IGNORED = {"response.yml", "response.md"}
#: Files operating systems drop into folders; never published (only listed attachments are), so not worth an error.
_OS_JUNK = {".DS_Store", "Thumbs.db", "desktop.ini"}


def _complete(values: Any, *attributes: str) -> bool:
    """True if a list field and the given attributes of each item are all valid."""
    return isinstance(values, list) and all(
        item is not INVALID and all(getattr(item, a) is not INVALID for a in attributes) for item in values
    )


def check_dates(r: Response, today: dt.date) -> Iterator[Finding]:
    d = r.data
    received, responded = _known(d.received), _known(d.responded)
    if received is not None and responded is not None and responded < received:
        yield _error(
            r,
            ("responded",),
            "responded",
            f"the response date ({responded}) is before the date received ({received}); check both dates",
        )
    for name, value in (("received", received), ("responded", responded)):
        if value is not None and value > today:
            yield _error(r, (name,), name, f"{value} is in the future (today is {today}); only publish_after may be in the future")
    for i, correction in _items(d.corrections):
        date = _known(correction.date)
        if date is None:
            continue
        if responded is not None and date < responded:
            yield _error(
                r,
                ("corrections", i, "date"),
                f"corrections[{i}].date",
                f"the correction ({date}) is dated before the response ({responded})",
            )
        if date > today:
            yield _error(r, ("corrections", i, "date"), f"corrections[{i}].date", f"{date} is in the future (today is {today})")
    withdrawn = _known(d.withdrawn)
    date = _known(withdrawn.date) if withdrawn is not None else None
    if date is not None:
        if responded is not None and date < responded:
            yield _error(
                r,
                ("withdrawn", "date"),
                "withdrawn.date",
                f"the withdrawal ({date}) is dated before the response ({responded})",
            )
        if date > today:
            yield _error(r, ("withdrawn", "date"), "withdrawn.date", f"{date} is in the future (today is {today})")
    publish_after = _known(d.publish_after)
    if publish_after is not None and responded is not None and publish_after < responded:
        yield _error(
            r,
            ("publish_after",),
            "publish_after",
            f"the embargo ({publish_after}) ends before the response date ({responded}); remove publish_after or correct it",
            warning=True,
        )


def check_vocabularies(r: Response, log: Log) -> Iterator[Finding]:
    d = r.data
    authorities = [a.id for a in log.project.settings.authorities]
    authority = _known(d.authority)
    if authority is not None and authority not in authorities:
        yield _error(
            r,
            ("authority",),
            "authority",
            f"unknown authority '{authority}' (expected one of: {', '.join(authorities)}){suggest(authority, authorities)}",
        )
    if d.topics == []:
        yield _error(
            r,
            ("topics",) if ("topics",) in r.lines else ("title",),
            "topics",
            "no topics: add at least one topic id so people can find the response",
            warning=True,
        )
    seen: set[str] = set()
    for i, topic in _items(d.topics):
        if topic in seen:
            yield _error(r, ("topics", i), f"topics[{i}]", f"topic '{topic}' is listed twice; keep one")
        seen.add(topic)
        if topic not in log.topics:
            known = sorted(log.topics)
            close = suggest(topic, known) or f" (known topics: {', '.join(known) or 'none yet'})"
            yield _error(r, ("topics", i), f"topics[{i}]", f"unknown topic '{topic}': there is no content/topics/{topic}.md{close}")
    if d.summary is None:
        yield _error(
            r,
            ("summary",) if ("summary",) in r.lines else ("title",),
            "summary",
            "no summary: add one or two sentences saying what was asked and what was released",
            warning=True,
        )


def check_exemptions(r: Response) -> Iterator[Finding]:
    d = r.data
    cat = catalogue()
    regime = _known(d.regime)
    listed: set[str] = set()
    for i, use in _items(d.exemptions):
        section = _known(use.section)
        if section is None:
            continue
        where = ("exemptions", i, "section")
        name = f"exemptions[{i}].section"
        if section in listed:
            yield _error(r, where, name, f"{section} is listed twice; keep one")
        listed.add(section)
        if regime is None:
            continue
        entry = cat.lookup(regime, section)
        if entry is None:
            others = cat.regimes_citing(section)
            if others:
                noun = "exception" if regime in ("EIR", "EISR") else "exemption"
                yield _error(
                    r,
                    where,
                    name,
                    f"{section} is not an {regime} {noun} (it is in {' and '.join(others)}); this response's regime is {regime}",
                )
            else:
                yield _error(
                    r,
                    where,
                    name,
                    f"unknown section {section} for {regime} (expected a section of the {regime} exemption catalogue, such as {_examples(regime)})",
                )
            continue
        if _known(use.ncnd) is True and not entry.ncnd:
            yield _error(
                r,
                ("exemptions", i, "ncnd"),
                f"exemptions[{i}].ncnd",
                f"{entry.label} ({entry.title}) cannot be applied as neither confirm nor deny (expected ncnd: false)",
            )
    all_listed = _complete(d.exemptions, "section")  # else a question's section may be the one that is invalid
    for qi, question in _items(d.questions):
        for ei, section in _items(question.exemptions):
            if all_listed and section not in listed:
                yield _error(
                    r,
                    ("questions", qi, "exemptions", ei),
                    f"questions[{qi}].exemptions[{ei}]",
                    f"{section} is not in the response's exemptions list; add it there (with ncnd and public_interest)",
                )
    if d.outcome == "neither-confirm-nor-deny" and _complete(d.exemptions, "ncnd") and not any(use.ncnd for use in d.exemptions):
        yield _error(r, ("outcome",), "outcome", "the outcome is neither-confirm-nor-deny but no exemption has ncnd: true", warning=True)


def _examples(regime: str) -> str:
    ids = [e.id for e in catalogue().entries if e.regime == regime][:3]
    return ", ".join(ids) or "none"


def check_questions(r: Response) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    for i, question in _items(r.data.questions):
        number = _known(question.number)
        if number is None:
            continue
        if number in seen:
            yield _error(
                r,
                ("questions", i, "number"),
                f"questions[{i}].number",
                f"question {number} appears twice (first as questions[{seen[number]}]); number each question once",
            )
        seen.setdefault(number, i)
    if r.data.outcome == "granted-in-full":
        for i, question in _items(r.data.questions):
            if question.outcome not in ("granted-in-full", INVALID):
                yield _error(
                    r,
                    ("questions", i, "outcome"),
                    f"questions[{i}].outcome",
                    f"the response is granted-in-full but question {_known(question.number) or i + 1} is {question.outcome}; correct one of them",
                    warning=True,
                )


def check_identifiers(r: Response) -> Iterator[Finding]:
    """Reference, previous references and attachment paths typed with look-alike, compatibility or invisible characters.

    An error, not a silent normalisation: the reference is published and must
    match the letter, and a path must match the file (see :mod:`foilog.log.lookalikes`).
    """
    values: list[tuple[tuple[str | int, ...], str, Any]] = [(("reference",), "reference", r.data.reference)]
    values += [(("previous_references", i), f"previous_references[{i}]", v) for i, v in _items(r.data.previous_references)]
    values += [(("attachments", i, "path"), f"attachments[{i}].path", a.path) for i, a in _items(r.data.attachments)]
    for path, name, value in values:
        if isinstance(value, str) and (problem := identifier_problem(value)):
            yield _error(r, path, name, problem)


def _look_alikes(items: Iterable[tuple[str, Any]]) -> Iterator[tuple[str, Any, list[tuple[str, Any]]]]:
    """``(value, owner, others)`` for each value that looks the same as others (an equal skeleton) yet differs from them.

    Values equal after lower-casing are not look-alikes: they share a web
    address and are reported as such (or are the same value listed twice).
    """
    items = list(items)
    keys = [skeletons(value) for value, _owner in items]
    by_skeleton: dict[str, list[int]] = defaultdict(list)
    for index, own in enumerate(keys):
        for key in own:
            by_skeleton[key].append(index)
    for (value, owner), own in zip(items, keys, strict=True):
        near = {j for key in own for j in by_skeleton[key]} if any(len(by_skeleton[key]) > 1 for key in own) else ()
        others = [items[j] for j in sorted(near) if items[j][0].casefold() != value.casefold()]
        if others:
            yield value, owner, others


def _quoted(items: list[tuple[str, Any]]) -> str:
    return ", ".join(f"'{shown(value)}'" for value, _ in items)


def check_markdown(r: Response) -> Iterator[Finding]:
    """Answers, text released after a review or appeal, and the letter that Python-Markdown would take too long
    to convert, or recurse too deep on (:mod:`foilog.log.markdown_limits`): reported here, before a build stops on them."""
    for i, question in _items(r.data.questions):
        change = _known(getattr(question, "changed_after", None))
        texts: list[tuple[tuple[str | int, ...], str, Any, str]] = [
            (("questions", i, "answer"), f"questions[{i}].answer", _known(question.answer), "the answer")
        ]
        if change is not None:
            texts.append(
                (
                    ("questions", i, "changed_after", "released"),
                    f"questions[{i}].changed_after.released",
                    _known(change.released),
                    "the released text",
                )
            )
        for where_in_file, field, text, what in texts:
            if not isinstance(text, str):
                continue
            for problem in markdown_problems(text):
                where = f"line {problem.line} of {what}: " if "\n" in text.strip() else ""
                yield _error(r, where_in_file, field, where + problem.message)
    for problem in markdown_problems(r.body):
        yield Finding(r.md_path, line=problem.line, message=problem.message)


def check_attachments(r: Response) -> Iterator[Finding]:
    listed: set[str] = set()
    for i, attachment in _items(r.data.attachments):
        where, name = ("attachments", i, "path"), f"attachments[{i}].path"
        raw = _known(attachment.path)
        if raw is None:
            continue
        pure = PurePosixPath(raw)
        if raw.startswith(("/", "\\")) or (len(raw) > 1 and raw[1] == ":"):
            yield _error(
                r, where, name, f"'{raw}' is an absolute path (expected a path inside the response folder, such as attachments/table.xlsx)"
            )
            continue
        if "\\" in raw or ".." in pure.parts:
            yield _error(
                r, where, name, f"'{raw}' leaves the response folder (expected a path inside it with '/', such as attachments/table.xlsx)"
            )
            continue
        normal = pure.as_posix()
        if normal in _IGNORED:
            yield _error(r, where, name, f"'{raw}' is the response itself, not an attachment; remove it from attachments")
            continue
        if normal in listed:
            yield _error(r, where, name, f"'{raw}' is listed twice; keep one")
        listed.add(normal)
        target = r.folder / normal
        if _has_symlink(r.folder, normal):
            yield _error(r, where, name, f"'{raw}' is a symbolic link; put the real file in the folder")
        elif target.is_dir():
            yield _error(r, where, name, f"'{raw}' is a folder (expected the path of a file in it, such as {normal}/table.xlsx)")
        elif not target.is_file():
            yield _error(r, where, name, f"'{raw}' does not exist in {r.rel_folder}; add the file or correct the path")
        elif not target.resolve().is_relative_to(r.folder.resolve()):  # pragma: no cover - symlinks caught above
            yield _error(r, where, name, f"'{raw}' leaves the response folder")
    paths = [(attachment.path, i) for i, attachment in _items(r.data.attachments) if isinstance(attachment.path, str)]
    for path, i, others in _look_alikes(paths):
        yield _error(
            r,
            ("attachments", i, "path"),
            f"attachments[{i}].path",
            f"'{shown(path)}' looks the same as {_quoted(others)}; name files so that they differ by more than look-alike characters",
        )
    # While an attachment or its path is invalid, a file may be meant by it: report unlisted files only once all are known.
    all_listed = _complete(r.data.attachments, "path")
    for found in sorted(r.folder.rglob("*")):
        rel = found.relative_to(r.folder).as_posix()
        try:
            mode = found.lstat().st_mode  # one lstat for what is a link, a pipe or a file (gone since listed: nothing)
        except OSError:
            continue
        linked = stat.S_ISLNK(mode)
        if linked and rel not in listed and not any(item.startswith(rel + "/") for item in listed):
            yield Finding(
                f"{r.rel_folder}/{rel}",
                message="symbolic links are not allowed in a response folder; replace it with the real file or delete it",
            )
        elif rel not in listed and (kind := special_kind_of(mode)) is not None:
            yield Finding(f"{r.rel_folder}/{rel}", rule=SPECIAL_RULE, category=Category.UNSAFE_FILE, message=f"{kind}: {SPECIAL_ADVICE}")
        elif (
            all_listed
            and (found.is_file() if linked else stat.S_ISREG(mode))
            and rel not in listed
            and rel not in _IGNORED
            and found.name not in _OS_JUNK
        ):
            yield Finding(
                f"{r.rel_folder}/{rel}", message=f"file is not listed in attachments of {r.yml_path}; list it with a title, or delete it"
            )


def attachment_file(r: Response, raw: str) -> Path | None:
    """The attachment's file if its path is safe to open, else None (validation says why).

    Later stages (scan, copy into the site) must only open files through this:
    an absolute path or ``..`` in ``response.yml`` must never read outside the folder.
    """
    pure = PurePosixPath(raw)
    normal = pure.as_posix()
    if raw.startswith(("/", "\\")) or (len(raw) > 1 and raw[1] == ":") or "\\" in raw or ".." in pure.parts or normal in _IGNORED:
        return None
    target = r.folder / normal
    if _has_symlink(r.folder, normal) or not target.is_file() or not target.resolve().is_relative_to(r.folder.resolve()):
        return None
    return target


def _has_symlink(folder: Path, rel: str) -> bool:
    current = folder
    for part in PurePosixPath(rel).parts:
        current = current / part
        if current.is_symlink():
            return True
    return False


def check_log(log: Log, invalid: Iterable[Response] = ()) -> Iterator[Finding]:
    """Checks across responses: unique references and URLs, folder names.

    ``invalid`` are the partially valid responses (see :func:`validate_log`):
    they take part wherever their reference (and response date) are valid.
    """
    by_reference: dict[str, list[Response]] = defaultdict(list)
    by_url: dict[str, list[Response]] = defaultdict(list)
    root = log.project.root
    every = [*log.responses, *invalid]
    for r in every:
        if _known(r.data.reference) is None:
            continue
        if not r.slug:
            yield _error(
                r,
                ("reference",),
                "reference",
                f"the reference '{r.reference}' has no letters or digits (expected the reference printed on the letter)",
            )
            continue
        by_reference[r.reference].append(r)
        if _known(r.data.responded) is None:
            continue  # no year: no web address, no folder to compare
        by_url[r.url].append(r)
        expected = log.project.responses_dir / str(r.year) / r.slug
        # The same path is the same folder; only paths that differ are resolved (two realpath walks a response).
        if r.folder != expected and r.folder.resolve() != expected.resolve():
            want = expected.relative_to(root).as_posix() if expected.is_relative_to(root) else expected.as_posix()
            yield _error(
                r,
                ("reference",),
                "reference",
                f"the folder is {r.rel_folder} but reference '{r.reference}' with a response date in {r.year} belongs in {want}; rename the folder (or correct the reference or responded date)",
            )
    for reference, group in by_reference.items():
        if len(group) > 1:
            for r in group:
                others = ", ".join(o.yml_path for o in group if o is not r)
                yield _error(
                    r, ("reference",), "reference", f"reference '{reference}' is used again in {others}; references must be unique"
                )
    yield from _look_alike_references(every)
    for r in every:
        if _known(r.data.reference) is None or _known(r.data.responded) is None or not r.slug:
            continue
        for i, previous in _items(r.data.previous_references):
            old_url = response_url(r.year, slugify(previous))
            taken = by_url.get(old_url)
            if previous == r.reference or old_url == r.url:
                yield _error(
                    r,
                    ("previous_references", i),
                    f"previous_references[{i}]",
                    f"'{previous}' is this response's own reference; remove it from previous_references",
                )
            elif taken:
                yield _error(
                    r,
                    ("previous_references", i),
                    f"previous_references[{i}]",
                    f"'{previous}' would redirect /{old_url} away from {taken[0].yml_path}, which lives there; remove it from previous_references",
                )
    yield from _check_superseded_by(log, every, by_reference)
    yield from check_related(every, by_reference, log.today)
    for group in by_url.values():
        refs = {r.reference for r in group}
        if len(refs) > 1:
            for r in group:
                others = ", ".join(f"'{o.reference}'" for o in group if o is not r)
                yield _error(
                    r,
                    ("reference",),
                    "reference",
                    f"reference '{r.reference}' gives the same web address /{response_url(r.year, r.slug)} as {others}; make the references differ by more than punctuation",
                )


def _superseded_problem(r: Response, target: str, by_reference: dict[str, list[Response]], today: dt.date) -> str | None:
    """Why ``withdrawn.superseded_by: target`` of ``r`` cannot be linked to, or None when it can.

    The withdrawal notice links to the replacement, so it must be a page of
    its own that people can read today: another response, published (a link
    to an embargoed one would announce it early) and not withdrawn itself.
    """
    if target == r.reference:
        return f"'{target}' is this response's own reference; name the response that replaces it, or remove superseded_by"
    found = by_reference.get(target)
    if not found:
        hint = suggest(target, list(by_reference))
        return f"no response has the reference '{target}' (write the replacement's reference exactly as in its response.yml){hint}"
    replacement = found[0]
    if _known(replacement.data.withdrawn) is not None:
        return f"'{target}' ({replacement.yml_path}) is withdrawn too; name the response that replaces both"
    publish_after = _known(replacement.data.publish_after)
    if publish_after is not None and publish_after > today:
        return f"'{target}' ({replacement.yml_path}) is not published until {publish_after}; add superseded_by once it is published"
    return None


def _check_superseded_by(log: Log, every: list[Response], by_reference: dict[str, list[Response]]) -> Iterator[Finding]:
    """``withdrawn.superseded_by`` names another response that is published and not withdrawn."""
    for r in every:
        withdrawn = _known(r.data.withdrawn)
        target = _known(withdrawn.superseded_by) if withdrawn is not None else None
        if target is None or _known(r.data.reference) is None:
            continue
        problem = _superseded_problem(r, target, by_reference, log.today)
        if problem:
            yield _error(r, ("withdrawn", "superseded_by"), "withdrawn.superseded_by", problem)


def _look_alike_references(responses: Iterable[Response]) -> Iterator[Finding]:
    """References that differ but look the same (``RT/2025/001``, ``RT/2025/OO1``): an error in each file, naming the others."""
    known = [(r.reference, r) for r in responses if isinstance(_known(r.data.reference), str)]
    for reference, r, twins in _look_alikes(known):
        others = ", ".join(f"'{shown(ref)}' in {other.yml_path}" for ref, other in twins)
        yield _error(
            r,
            ("reference",),
            "reference",
            f"reference '{shown(reference)}' looks the same as {others}; references must be told apart by eye: correct the one that differs from its letter",
        )


def check_topics(log: Log) -> Iterator[Finding]:
    """Topic ids that look the same (``covid-19``, ``covid-l9``): an error on each topic page, naming the others."""
    for topic_id, topic, others in _look_alikes((topic.id, topic) for topic in log.topics.values()):
        yield Finding(
            topic.source,
            message=f"topic id '{topic_id}' looks the same as {', '.join(o.source for _, o in others)}; rename one so that they differ by more than look-alike characters",
        )


def validate_log(log: Log, invalid: Iterable[Response] = ()) -> list[Finding]:
    """Every check over every response, then the checks across responses.

    ``invalid`` are responses whose ``response.yml`` failed schema validation,
    as built by :func:`foilog.log.schema.validate_partially`: they are checked too,
    on the values that are valid, but are not part of ``log.responses``, and
    only their errors are reported (warnings such as "no summary" wait until
    the file is valid).
    """
    invalid = list(invalid)
    findings: list[Finding] = []
    # Each response is checked on its own: half the log goes to a forked helper, as loading and scanning do.
    for part in in_two_halves(
        log.responses, partial(_check_responses, log=log), minimum=PARALLEL_VALIDATE_MIN, parallel=log.project.settings.parallel
    ):
        findings += part
    for r in invalid:
        # Only errors: a file with errors is being worked on; its warnings come once it is valid.
        findings += [f for f in _check_response(r, log) if f.is_error]
    findings += check_log(log, invalid)
    findings += check_topics(log)
    return findings


PARALLEL_VALIDATE_MIN = 200
"""From this many responses, half the log is checked by a forked process (:func:`foilog.workers.fork.in_two_halves`)."""


def _check_responses(responses: Sequence[Response], log: Log) -> list[Finding]:
    """Every check of each response, in order (one half of the log: picklable findings)."""
    return [finding for r in responses for finding in _check_response(r, log)]


def _check_response(r: Response, log: Log) -> Iterator[Finding]:
    yield from check_dates(r, log.today)
    yield from check_clock(r)
    yield from check_vocabularies(r, log)
    yield from check_exemptions(r)
    yield from check_questions(r)
    yield from check_identifiers(r)
    yield from check_attachments(r)
    yield from check_markdown(r)
    yield from check_guessed(r)
    yield from check_reviews(r, log.today)


def check_guessed(r: Response) -> Iterator[Finding]:
    """A warning per ``# guessed`` marker the importer left and no reviewer has deleted yet (see :mod:`foilog.log.guessed`)."""
    raw = r.source_yml
    if raw is None:
        try:
            raw = (r.folder / "response.yml").read_bytes()
        except OSError:
            return  # unreadable files are reported by the loader
    if b"guessed" not in raw.lower():
        return
    try:
        text = decode_utf8(raw)
    except YamlProblem:
        return
    yield from guessed_findings(text, r.lines, r.yml_path)
