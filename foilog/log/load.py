"""Stage 1, load: ``responses/<year>/<slug>/`` folders -> :class:`Response` objects.

Every problem becomes a :class:`Finding` with the file and line; nothing is
raised for bad input, so one run reports everything (like MkDocs' config
validation). A response whose ``response.yml`` is invalid is left out of the
log, so later stages only ever see valid data; but the checks of
:mod:`foilog.log.validate` still run on the fields of it that are valid (see
:func:`foilog.log.schema.validate_partially`), so fixing one error does not reveal
the next. (Those checks report their errors; their warnings, such as "no
summary", wait until the file is valid.) A file that cannot be read as YAML
stops at its first problem (see :mod:`foilog.log.yamlload`), except duplicate
keys: every one is reported, and the data is not checked further until they
are resolved, since which value was meant is unknown.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from foilog.log.dropped_text import dropped_text
from foilog.log.findings import Finding, Severity
from foilog.log.links import find_links, is_link_free
from foilog.log.lookalikes import find_unsafe_names
from foilog.log.model import Log, Response, UnloadedResponse
from foilog.log.register import register_of
from foilog.log.schema import INVALID, ResponseData, validate_partially
from foilog.log.schema_errors import translate_all
from foilog.log.settings import Project
from foilog.log.topics import load_topics
from foilog.log.validate import validate_log
from foilog.log.yamlload import YamlProblem, decode_utf8, load_yaml
from foilog.workers import progress
from foilog.workers.fork import in_two_halves
from foilog.workers.stagetimes import stage

MAX_MARKDOWN_BYTES = 1024 * 1024
RESPONSE_FILE = "response.yml"
BODY_FILE = "response.md"


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def discover(responses_dir: Path, root: Path) -> tuple[list[Path], list[Finding]]:
    """Response folders in a stable order, and anything in the wrong place."""
    folders: list[Path] = []
    findings: list[Finding] = []
    if not responses_dir.is_dir():
        findings.append(
            Finding(_rel(responses_dir, root), message="the responses folder does not exist; create it or set responses_dir in mkdocs.yml")
        )
        return folders, findings
    expected = "expected responses/<year>/<slug>/response.yml"
    for year_dir in sorted(responses_dir.iterdir()):
        shown = _rel(year_dir, root)
        if year_dir.name.startswith(".") or year_dir.name == "README.md" or year_dir.is_symlink():
            continue  # a link is reported by foilog.log.links, naming its target
        if not year_dir.is_dir() or not (year_dir.name.isdigit() and len(year_dir.name) == 4):
            findings.append(
                Finding(shown, message=f"unexpected {'folder' if year_dir.is_dir() else 'file'} ({expected}, where <year> is four digits)")
            )
            continue
        for folder in sorted(year_dir.iterdir()):
            shown = _rel(folder, root)
            if folder.is_symlink():
                continue  # reported by foilog.log.links
            if not folder.is_dir():
                findings.append(Finding(shown, message=f"unexpected file or link ({expected})"))
            elif not (folder / RESPONSE_FILE).is_file():
                findings.append(
                    Finding(shown, message=f"folder has no {RESPONSE_FILE} ({expected}); add one with `foilog new` or remove the folder")
                )
            else:
                folders.append(folder)
    return folders, findings


def read_response(folder: Path, project: Project) -> tuple[Response | None, Response | None, list[Finding]]:
    """Read one folder: ``(response, partial, findings)``, the valid response or else the valid parts of an invalid one.

    ``partial`` (for :func:`validate_log` only) holds the values of an invalid
    ``response.yml`` that validated, :data:`~foilog.log.schema.INVALID` for the rest.
    Both are None when the file cannot be read as a mapping at all.
    """
    rel_folder = _rel(folder, project.root)
    yml_shown = f"{rel_folder}/{RESPONSE_FILE}"
    yml_file = folder / RESPONSE_FILE
    if yml_file.is_symlink():
        return None, None, [Finding(yml_shown, message="response.yml is a symbolic link; replace it with the real file")]
    try:
        raw_yml = yml_file.read_bytes()
        loaded = load_yaml(raw_yml, duplicates="collect")
    except YamlProblem as exc:
        return None, None, [Finding(yml_shown, line=exc.line, message=exc.message)]
    except OSError as exc:
        return None, None, [Finding(yml_shown, message=f"cannot read the file: {exc.strerror}")]
    if not isinstance(loaded.data, dict):
        got = "an empty file" if loaded.data is None else "a list" if isinstance(loaded.data, list) else f"the single value '{loaded.data}'"
        return (
            None,
            None,
            [
                Finding(
                    yml_shown, line=loaded.line_of(()) or 1, message=f"expected a mapping of fields (reference:, title:, ...), got {got}"
                )
            ],
        )
    if loaded.duplicates:
        # Which of two values was meant is unknown, so the data is not checked further (see foilog.log.yamlload).
        return None, None, [Finding(yml_shown, line=dup.line, message=dup.message) for dup in loaded.duplicates]
    # Text a '#' cut from an unquoted value (foilog.log.dropped_text): an error whether or not the rest is valid.
    findings: list[Finding] = dropped_text(raw_yml.decode("utf-8").removeprefix("\ufeff"), yml_shown)
    data: ResponseData | None = None
    try:
        data = ResponseData.model_validate(loaded.data)
    except ValidationError as exc:
        findings += [Finding(yml_shown, line=loaded.line_of(loc), field=name, message=message) for loc, name, message in translate_all(exc)]
    body, problems = _read_body(folder, rel_folder)
    if data is None:
        # Errors only, as for the other checks of an invalid response (see foilog.log.validate.validate_log).
        findings += [f for f in problems if f.is_error]
        data = validate_partially(loaded.data)
        authority = data.authority if isinstance(data.authority, str) else project.settings.default_authority
        partial = Response(data=data, folder=folder, rel_folder=rel_folder, body=body, authority=authority, lines=loaded.lines)
        return None, partial, findings
    response = Response(
        data=data,
        folder=folder,
        rel_folder=rel_folder,
        body=body,
        authority=data.authority or project.settings.default_authority,
        lines=loaded.lines,
        # What a rebuild compares (foilog.site.incremental), from the bytes read here rather than read again.
        sources_sha256=hashlib.sha256(raw_yml + b"\0" + body.encode("utf-8")).hexdigest(),
        source_yml=raw_yml,  # the leak gate scans these bytes: the file is read once
    )
    return response, None, findings + problems


def _read_body(folder: Path, rel_folder: str) -> tuple[str, list[Finding]]:
    shown = f"{rel_folder}/{BODY_FILE}"
    path = folder / BODY_FILE
    if not path.exists():
        return "", [
            Finding(
                shown, severity=Severity.WARNING, message="response.md is missing; create it with the rest of the letter (it may be empty)"
            )
        ]
    if path.is_symlink() or not path.is_file():
        return "", [Finding(shown, message="response.md must be a regular file, not a link or folder")]
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return "", [Finding(shown, message=f"cannot read the file: {exc.strerror}")]
    if len(raw) > MAX_MARKDOWN_BYTES:
        return "", [
            Finding(
                shown,
                message=f"the file is {len(raw):,} bytes, more than the {MAX_MARKDOWN_BYTES:,} allowed; publish long annexes as attachments",
            )
        ]
    try:
        return decode_utf8(raw), []
    except YamlProblem as exc:
        return "", [Finding(shown, line=exc.line, message=exc.message)]


PARALLEL_LOAD_MIN = 200
"""From this many response folders, half are read by a forked process."""


def _read_folders(folders: Sequence[Path], project: Project) -> list[tuple[Response | None, Response | None, list[Finding]]]:
    return [read_response(folder, project) for folder in folders]


def published_folders(project: Project) -> list[Path]:
    """The folders whose files reach the site: no symbolic link is allowed in them (:mod:`foilog.log.links`)."""
    return [project.docs_dir, project.responses_dir, project.root / "overrides"]


def _without_reported(links: list[Finding], findings: list[Finding], responses: Sequence[Response], root: Path) -> list[Finding]:
    """Link errors, but not twice: links in a loaded response folder get validation's error, with the line that lists them."""
    named = {f.path for f in findings}
    folders = tuple(f"{_rel(r.folder, root)}/" for r in responses)
    return [f for f in links if f.path not in named and not f.path.startswith(folders)]


def _unloaded(folder: Path, root: Path, partial: Response | None) -> UnloadedResponse:
    """What the leak gate needs to scan a response that did not load: its folder, and what of it was read.

    The acknowledgements of a file that parsed but failed the schema are kept
    when all of them are valid; when any is not, none is applied, as for a
    file that did not parse (an acknowledgement half read could excuse the wrong text).
    """
    if partial is None:
        return UnloadedResponse(folder, _rel(folder, root))
    acks = partial.data.acknowledgements
    valid: tuple[tuple[str, str, str | None], ...] | None = None
    if isinstance(acks, list) and all(a is not INVALID and INVALID not in (a.text, a.reason, a.rule) for a in acks):
        valid = tuple((a.text, a.reason, a.rule) for a in acks)
    return UnloadedResponse(folder, partial.rel_folder, acknowledgements=valid, body=partial.body)


def load_log(project: Project, today: dt.date | None = None) -> Log:
    """Load and validate the whole log; findings hold every problem found.

    A folder that is a symbolic link (or under one) is not read at all.
    """
    today = today or dt.date.today()
    root = project.root
    links = find_links(published_folders(project), root)
    topics, findings = load_topics(project.topics_dir, root) if is_link_free(project.topics_dir, root) else ({}, [])
    folders: list[Path] = []
    if is_link_free(project.responses_dir, root):
        folders, more = discover(project.responses_dir, root)
        findings += more
    responses: list[Response] = []
    invalid: list[Response] = []
    # Each folder is read on its own: half of them in a forked process on a large log (foilog.workers.fork).
    with stage("load: read and parse response folders"):
        read = functools.partial(_read_folders, project=project)
        parts = in_two_halves(folders, read, minimum=PARALLEL_LOAD_MIN, parallel=project.settings.parallel)
    unloaded: list[UnloadedResponse] = []
    results = [result for part in parts for result in part]  # in the order of ``folders`` (foilog.workers.fork.in_two_halves)
    for folder, (response, partial, problems) in zip(folders, results, strict=True):
        findings += problems
        if response is not None:
            responses.append(response)
            continue
        if partial is not None:
            invalid.append(partial)
        unloaded.append(_unloaded(folder, root, partial))
    findings += _without_reported(links, findings, responses, root)
    # File names that hide or reorder characters (foilog.log.lookalikes): refused like links, here and in the build.
    findings += find_unsafe_names([f for f in published_folders(project) if is_link_free(f, root)], root)
    progress.count("responses loaded", len(responses))
    log = Log(project=project, responses=responses, topics=topics, findings=findings, today=today, unloaded=unloaded)
    log.files_checked = len(topics) + len(folders) + sum(bool(r.body) + len(r.data.attachments) for r in responses)
    with stage("load: the register"):
        log.register, more = register_of(project, responses, today)
        log.findings += more
    with stage("validate: the whole log"):
        log.findings += validate_log(log, invalid)
    log.findings.sort(key=lambda f: (f.path, f.line or 0, f.field or "", f.message))
    return log
