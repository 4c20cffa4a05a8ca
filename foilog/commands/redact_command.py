"""``foilog redact FILE...``: make the clean copy of a file the leak gate refused, prove it, report it.

Each input is sniffed (its bytes, never its name), cleaned by the cleaner of its
kind (:mod:`foilog.gate.redact.dispatch`), written beside it as
``<stem>.clean<ext>`` (or into ``--out DIR``) and checked again by the full leak
gate (:mod:`foilog.gate.redact.proof`). A copy the gate still refuses is
**failed** and not written: an officer must never be handed a "clean" copy that
is not. Rules that keep the original safe:

* never over the input, never over an existing file (unless it is byte for byte
  the copy); every write is a temporary file renamed into place;
* never inside ``responses/`` unless ``--into RESPONSE_FOLDER`` is given, and then
  only the clean copy goes in (and its entry into ``response.yml``, comments and
  order kept): the original stays out of the repository;
* no network.

Exit codes: 0 every copy clean; 1 a copy failed the gate or a file could not be
cleaned; 2 a usage error (a bad ``--boxes`` file, a folder that is not a response).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import click

from foilog.commands.errors import FoilogUsageError, exit_with
from foilog.commands.importer.write import quote
from foilog.commands.options import config_option, deny_list_option, project
from foilog.commands.terminal import running_in_ci
from foilog.gate.attachments import Limits
from foilog.gate.attachments.explain import slug
from foilog.gate.leakgate import make_gate
from foilog.gate.redact.boxes import BoxesError, FileBox, load_boxes
from foilog.gate.redact.dispatch import Sniffed, clean_bytes, kind_of
from foilog.gate.redact.model import Box, CannotClean, Cleaned, RedactOptions
from foilog.gate.redact.proof import Proof, Prover, Thumbnail, pages_touched, thumbnails
from foilog.log.findings import mask, one_line
from foilog.log.yamlload import YamlProblem, load_yaml

REPORT_NAME = "redact-report.md"
#: The first line of every report foilog writes: a later run may replace a file that starts with it.
REPORT_HEAD = "# foilog redact report"
_KIND_NAMES = {"pdf": "PDF", "spreadsheet": "spreadsheet", "word": "Word document", "image": "image"}


@dataclass
class Outcome:
    """What happened to one input."""

    source: Path
    display: str
    dest: Path | None = None
    sniffed: Sniffed | None = None
    cleaned: Cleaned | None = None
    proof: Proof | None = None
    error: str = ""
    #: "clean", "failed" (the gate refuses the copy), "error" (not cleaned), "would" (dry run, clean).
    status: str = "error"
    pictures: list[tuple[int, str, str]] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    boxes: tuple[Box, ...] = ()


# -- the command ------------------------------------------------------------------------------------


@click.command("redact")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    metavar="DIR",
    help="Write the clean copies (and the report) into DIR instead of beside each input. DIR is created if missing.",
)
@click.option(
    "--boxes",
    "boxes_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE",
    help="YAML (or .csv) list of areas to cover in PDFs: page (from 1), x0, y0, x1, y1 in points (1/72 inch) measured "
    "from the TOP-LEFT corner of the page as displayed, optional label (e.g. s40(2)) and file (which input; "
    "without it the box applies to every PDF given).",
)
@click.option("--dry-run", is_flag=True, help="Write nothing: say what would be removed and whether the copy would pass the gate.")
@click.option("--keep-hidden", is_flag=True, help="Spreadsheets: unhide hidden sheets, rows and columns instead of deleting them.")
@click.option("--to-csv", is_flag=True, help="Spreadsheets: also write one CSV per visible sheet, as the ICO recommends.")
@click.option(
    "--into",
    "into",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    metavar="RESPONSE_FOLDER",
    help="Add each clean copy to this response: into its attachments/ folder and its response.yml attachments list. "
    "The original is never copied into the repository.",
)
@click.option(
    "--report",
    "report_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE",
    help=f"Where to write the Markdown report (default: {REPORT_NAME} in --out DIR, else beside the first input, or a new "
    "temporary folder when that is inside responses/). Its 'before' pictures show the removed text: never commit them.",
)
@config_option(
    default=None, help="mkdocs.yml whose foilog options (allowlist, custom rules) the proof applies; default: ./mkdocs.yml if present."
)
@deny_list_option
@click.option(
    "--unmask",
    "unmask_text",
    is_flag=True,
    help="Show the removed text as written (not masked) in the terminal and the report. Refused in CI.",
)
def redact_command(
    files: tuple[Path, ...],
    out_dir: Path | None,
    boxes_file: Path | None,
    dry_run: bool,
    keep_hidden: bool,
    to_csv: bool,
    into: Path | None,
    report_file: Path | None,
    config_file: str | None,
    deny_list: tuple[str, ...],
    unmask_text: bool,
) -> None:
    """Make a clean copy of each FILE (PDF, xlsx, docx, image), prove it with the leak gate, and report what was removed.

    Each copy is written beside its file as NAME.clean.EXT (or into --out DIR), never over
    an existing file, and checked again by the full leak gate: a copy the gate still refuses
    is reported as failed and not written (exit 1). Without --into nothing is written inside
    responses/. Review the report's before/after pictures, then commit the clean copy.
    """
    if unmask_text and running_in_ci():
        raise FoilogUsageError(
            "--unmask is refused in CI (CI or GITHUB_ACTIONS is set): CI logs may be public; run it on your own computer"
        )
    sources = _distinct(files)
    boxes = _boxes(boxes_file, sources)
    if into is not None:
        _check_response(into)
    dests = {source: _destination(source, out_dir, into) for source in sources}
    report = _report_path(report_file, out_dir, sources)
    _check_places(dests, report, into, dry_run)
    options = RedactOptions(keep_hidden=keep_hidden, to_csv=to_csv)
    settings = project(config_file or "mkdocs.yml").settings if config_file or Path("mkdocs.yml").is_file() else None
    prover = Prover(make_gate(settings, deny_list=deny_list, limits=Limits()))
    outcomes = []
    for source in sources:
        mine = tuple(fb.box for fb in boxes if fb.file is None or _names(fb.file, source))
        outcomes.append(_one(source, dests[source], mine, options, prover, dry_run=dry_run, into=into, report=report))
    for outcome in outcomes:
        click.echo(one_line(_summary(outcome, unmask_text, dry_run)))
        if into is not None and outcome.status == "clean" and outcome.source.resolve().is_relative_to(into.resolve()):
            click.echo(one_line(f"  the original {outcome.display} is still in the response: remove it (git rm) and its attachments entry"))
        if dry_run and outcome.cleaned is not None:
            for line in _removal_lines(outcome.cleaned, unmask_text):
                click.echo("  " + one_line(line))
    if not dry_run:
        _write_report(report, outcomes, unmask_text)
        click.echo(f"Report: {report} (its 'before' pictures show what was removed: do not commit them)")
    exit_with(0 if all(o.status in ("clean", "would") for o in outcomes) else 1)


def _distinct(files: Sequence[Path]) -> list[Path]:
    """The inputs, each once; a folder is refused (each file is named, so each copy is asked for)."""
    seen: dict[Path, Path] = {}
    for file in files:
        if file.is_dir():
            raise FoilogUsageError(f"{file} is a folder; name the files to clean (foilog redact FILE...)")
        key = file.resolve()
        if key in seen:
            raise FoilogUsageError(f"{file} is given twice; give each file once")
        seen[key] = file
    return list(seen.values())


def _names(written: str, source: Path) -> bool:
    """Whether the ``file`` of a box (as the officer wrote it) names ``source``."""
    w = Path(written)
    return (w.name == written and w.name == source.name) or w.resolve() == source.resolve()


def _boxes(boxes_file: Path | None, sources: Sequence[Path]) -> list[FileBox]:
    if boxes_file is None:
        return []
    try:
        boxes = load_boxes(boxes_file)
    except BoxesError as exc:
        raise FoilogUsageError(*exc.problems) from None
    for fb in boxes:
        if fb.file is not None and not any(_names(fb.file, s) for s in sources):
            where = f"{boxes_file}:{fb.line}" if fb.line else str(boxes_file)
            raise FoilogUsageError(f"{where}: file: {fb.file!r} is not one of the files given ({', '.join(s.name for s in sources)})")
    return boxes


def _check_response(folder: Path) -> None:
    """``--into`` needs a response whose ``response.yml`` reads as YAML: checked before any copy is made."""
    yml = folder / "response.yml"
    if not yml.is_file():
        raise FoilogUsageError(f"--into {folder}: no response.yml there; give the folder of a response (responses/YEAR/SLUG)")
    try:
        load_yaml(yml.read_bytes())
    except YamlProblem as exc:
        raise FoilogUsageError(f"{yml}:{exc.line or 1}: {exc.message}; fix response.yml, then rerun with --into") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FoilogUsageError(f"cannot read {yml}: {exc}") from None


def _destination(source: Path, out_dir: Path | None, into: Path | None) -> Path:
    """Where the copy goes: ``<stem>.clean<ext>`` beside the input, in ``--out`` or in the response's attachments.

    The extension is the one the bytes call for (a workbook named ``.pdf`` gets ``.xlsx``);
    ``.jpeg`` and ``.tiff`` as the officer wrote them.
    """
    ext = source.suffix.lower()
    try:
        sniffed = kind_of(_read(source))
    except CannotClean:
        sniffed = None
    if sniffed is not None and sniffed.extension and not _same_type(ext, sniffed.extension):
        ext = sniffed.extension
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", source.stem).strip("-.") if into is not None else source.stem
    name = f"{stem or 'file'}.clean{ext}"
    if into is not None:
        return into / "attachments" / name
    return (out_dir if out_dir is not None else source.parent) / name


def _same_type(ext: str, sniffed: str) -> bool:
    return (
        ext == sniffed
        or {ext, sniffed} <= {".jpg", ".jpeg"}
        or {ext, sniffed} <= {".tif", ".tiff"}
        or {ext, sniffed} <= {".xlsx", ".xltx"}
        or {ext, sniffed} <= {".docx", ".dotx"}
    )


def _report_path(report_file: Path | None, out_dir: Path | None, sources: Sequence[Path]) -> Path:
    """``--report``, else ``redact-report.md`` in ``--out``, else beside the first input.

    When that place is inside ``responses/`` (the original is already in the log and the copy
    goes ``--into`` it), a new temporary folder: the report's pictures show the removed text
    and must never land in the repository.
    """
    if report_file is not None:
        return report_file
    folder = out_dir if out_dir is not None else sources[0].parent
    if _inside_responses(folder / REPORT_NAME):
        folder = Path(tempfile.mkdtemp(prefix="foilog-redact-"))
    return folder / REPORT_NAME


def _inside_responses(path: Path) -> bool:
    return "responses" in path.resolve().parts[:-1]


def _check_places(dests: dict[Path, Path], report: Path, into: Path | None, dry_run: bool) -> None:
    """Refuse, before any work, to write over an input or (without ``--into``) inside ``responses/``."""
    if dry_run:
        return
    taken: dict[Path, Path] = {}
    for source, dest in dests.items():
        other = taken.setdefault(dest.resolve(), source)
        if other is not source:
            raise FoilogUsageError(
                f"{other} and {source} would both be copied to {dest}; clean them in two runs with different --out folders"
            )
    if report.exists() and not _is_report(report):
        raise FoilogUsageError(f"{report} exists and is not a foilog redact report; pass --report FILE to write the report elsewhere")
    inputs = {s.resolve() for s in dests}
    for source, dest in dests.items():
        if dest.resolve() in inputs:
            raise FoilogUsageError(f"the copy of {source} would be written over an input ({dest}); rename the input or use --out DIR")
        if into is None and _inside_responses(dest):
            raise FoilogUsageError(
                f"the copy of {source} would be written inside responses/ ({dest}); foilog redact writes there only with "
                "--into RESPONSE_FOLDER: pass --out DIR (outside responses/) or --into"
            )
    if _inside_responses(report):
        raise FoilogUsageError(
            f"the report would be written inside responses/ ({report}): its pictures show the removed text; pass --report FILE or --out DIR outside responses/"
        )


# -- one file ---------------------------------------------------------------------------------------


def _one(
    source: Path,
    dest: Path,
    boxes: tuple[Box, ...],
    options: RedactOptions,
    prover: Prover,
    *,
    dry_run: bool,
    into: Path | None,
    report: Path,
) -> Outcome:
    outcome = Outcome(source=source, display=source.as_posix(), dest=dest, boxes=boxes)
    try:
        data = _read(source)
        sniffed, cleaned = clean_bytes(
            data, RedactOptions(boxes=boxes, keep_hidden=options.keep_hidden, to_csv=options.to_csv), source.name
        )
    except CannotClean as exc:
        outcome.error = str(exc)
        return outcome
    if boxes and sniffed.kind != "pdf":
        note = "The boxes given for this file were not used: boxes apply to PDF pages only."
        cleaned = Cleaned(data=cleaned.data, removals=cleaned.removals, notes=(*cleaned.notes, note), extra=cleaned.extra)
    if cleaned.data == data:
        note = "Nothing needed removing: the copy is the original's bytes."
        cleaned = Cleaned(data=cleaned.data, removals=cleaned.removals, notes=(*cleaned.notes, note), extra=cleaned.extra)
    outcome.sniffed, outcome.cleaned = sniffed, cleaned
    with tempfile.TemporaryDirectory(prefix="foilog-redact-") as work:
        staged = Path(work) / dest.name
        staged.write_bytes(cleaned.data)
        extras = _stage_extras(cleaned, Path(work))
        outcome.proof = _prove(prover, staged, dest, source, extras)
        if sniffed.kind == "pdf" and not dry_run:
            outcome.pictures = _pictures(source, staged, cleaned, boxes, report)
        if not outcome.proof.clean:
            outcome.status = "failed"
            return outcome
        if dry_run:
            outcome.status = "would"
            return outcome
        try:
            outcome.written = _publish(staged, dest, extras)
            if into is not None:
                title = _title(into, source, Path(outcome.written[0]))
                for n, written in enumerate(outcome.written):
                    name = Path(written).name
                    add_attachment(into / "response.yml", f"attachments/{name}", title if n == 0 else f"{title} ({name})")
        except _Refused as exc:
            outcome.error = str(exc)
            return outcome
    outcome.status = "clean"
    return outcome


class _Refused(Exception):
    """A copy could not be written (a different file of its name, an unwritable folder)."""


def _read(source: Path) -> bytes:
    limit = Limits().max_file_bytes
    try:
        if source.stat().st_size > limit:
            raise CannotClean(f"the file is larger than {limit // (1024 * 1024)} MB, the most foilog inspects; split it and rerun")
        return source.read_bytes()
    except OSError as exc:
        raise CannotClean(f"cannot read the file: {exc.strerror or exc}") from None


def _stage_extras(cleaned: Cleaned, work: Path) -> list[Path]:
    """Write the cleaner's extra files (one CSV per sheet...) into the work folder, their names made safe."""
    out = []
    for name, data in cleaned.extra.items():
        safe = re.sub(r"[^A-Za-z0-9._-]+", "-", Path(name).name).strip("-.") or "extra"
        path = work / safe
        path.write_bytes(data)
        out.append(path)
    return out


def _prove(prover: Prover, staged: Path, dest: Path, source: Path, extras: list[Path]) -> Proof:
    """The copy's proof; an extra file the gate refuses fails the copy too."""
    proof = prover.prove(staged, dest.as_posix(), original=source)
    failing, review = list(proof.failing), list(proof.to_review)
    for extra in extras:
        extra_proof = prover.prove(extra, (dest.parent / extra.name).as_posix())
        failing += extra_proof.failing
        review += extra_proof.to_review
    return Proof(failing=tuple(failing), to_review=tuple(review), original_failing=proof.original_failing)


def _pictures(source: Path, staged: Path, cleaned: Cleaned, boxes: tuple[Box, ...], report: Path) -> list[tuple[int, str, str]]:
    """Write the before/after thumbnails next to the report; (page, before name, after name) each."""
    pages = pages_touched(cleaned.removals, boxes)
    try:
        pairs: list[Thumbnail] = thumbnails(source, staged, pages, boxes)
    except Exception:  # pictures are a help for the review, never a reason to lose the copy
        return []
    report.parent.mkdir(parents=True, exist_ok=True)
    out = []
    for pair in pairs:
        names = []
        for side, png in (("before", pair.before), ("after", pair.after)):
            name = f"{slug(source.name)}-page-{pair.page}-{side}.png"
            (report.parent / name).write_bytes(png)
            names.append(name)
        out.append((pair.page, names[0], names[1]))
    return out


def _publish(staged: Path, dest: Path, extras: list[Path]) -> list[str]:
    """Put the copy (and its extras) in place; a file already there is accepted only when identical."""
    written = [_place(staged, dest)]
    written += [_place(extra, dest.parent / extra.name) for extra in extras]
    return written


def _place(staged: Path, dest: Path) -> str:
    data = staged.read_bytes()
    if dest.exists():
        if dest.is_file() and dest.read_bytes() == data:
            return dest.as_posix()
        raise _Refused(f"{dest} already exists and is not this copy; foilog never writes over a file: move it away, or use --out DIR")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
        shutil.copyfile(staged, tmp)
        try:
            os.link(tmp, dest)  # fails if a file of that name appeared meanwhile: never a silent overwrite
        finally:
            tmp.unlink(missing_ok=True)
    except FileExistsError:
        raise _Refused(f"{dest} appeared while foilog was writing it; nothing was overwritten, rerun") from None
    except OSError as exc:
        raise _Refused(f"cannot write {dest}: {exc.strerror or exc}") from None
    return dest.as_posix()


# -- --into: the response's attachments list -------------------------------------------------------------


def _title(folder: Path, source: Path, written: Path) -> str:
    """The title of the original's entry when the response lists it, else one made from the file name."""
    try:
        data = load_yaml((folder / "response.yml").read_bytes()).data
    except (OSError, YamlProblem):
        data = None
    entries = data.get("attachments") if isinstance(data, dict) else None
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("title"), str) and Path(str(entry.get("path", ""))).name == source.name:
            return str(entry["title"])
    words = re.sub(r"[-_.]+", " ", written.name.split(".clean")[0]).strip() or "Attachment"
    return words[:1].upper() + words[1:]


def add_attachment(yml: Path, rel: str, title: str) -> None:
    """Add ``- path: rel / title: title`` to the attachments list of ``yml``, every other line kept as written.

    The file is edited as text (comments, order and quoting stay the officer's) and read
    back: the edit is written (atomically) only when the data then holds exactly one more
    attachment. An entry already listed is left alone.
    """
    raw = yml.read_bytes()
    try:
        loaded = load_yaml(raw)
    except YamlProblem as exc:
        raise _Refused(f"{yml}:{exc.line or 1}: {exc.message}; fix response.yml, then rerun with --into") from None
    data = loaded.data if isinstance(loaded.data, dict) else {}
    current = data.get("attachments")
    listed = current if isinstance(current, list) else []
    if any(isinstance(e, dict) and e.get("path") == rel for e in listed):
        return
    lines = raw.decode("utf-8").splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    key_line = loaded.lines.get(("attachments",))
    if current is None and key_line is None:
        new = [*lines, "attachments:\n", *_entry(rel, title, "  ")]
    elif listed:
        first = loaded.lines.get(("attachments", 0), (key_line or 0) + 1)
        indent = re.match(r"\s*", lines[first - 1]).group(0)  # type: ignore[union-attr]
        at = _end_of_block(lines, (key_line or 1), indent)
        new = [*lines[:at], *_entry(rel, title, indent), *lines[at:]]
    elif key_line is not None and re.match(r"attachments:\s*(\[\s*\])?\s*(#.*)?$", lines[key_line - 1].rstrip("\n")):
        new = [*lines[: key_line - 1], "attachments:\n", *_entry(rel, title, "  "), *lines[key_line:]]
    else:
        raise _Refused(f"{yml}:{key_line}: attachments: write it as a list (one '- path:' item a line) so foilog can add the copy")
    text = "".join(new)
    after = load_yaml(text.encode("utf-8")).data
    added = after.get("attachments") if isinstance(after, dict) else None
    if not isinstance(added, list) or added[:-1] != listed or added[-1] != {"path": rel, "title": title}:
        raise _Refused(f"{yml}: foilog could not add the copy to attachments without changing other lines; add it by hand: path: {rel}")
    tmp = yml.with_name(f".{yml.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, yml)


def _entry(rel: str, title: str, indent: str) -> list[str]:
    return [f"{indent}- path: {quote(rel)}\n", f"{indent}  title: {quote(title)}\n"]


def _end_of_block(lines: list[str], key_line: int, indent: str) -> int:
    """The index after the last line of the list under ``attachments:`` (trailing blanks and comments left below)."""
    end = key_line
    for i in range(key_line, len(lines)):
        text = lines[i]
        stripped = text.strip()
        if not stripped or stripped.startswith("#"):
            continue
        lead = len(text) - len(text.lstrip())
        if lead < len(indent) or (lead == len(indent) and not stripped.startswith("-")) or (lead == 0 and not stripped.startswith("-")):
            break
        end = i + 1
    return end


# -- what the officer reads -------------------------------------------------------------------------


def _shown(text: str, unmask_text: bool) -> str:
    return text if unmask_text else mask(text)


def _removal_lines(cleaned: Cleaned, unmask_text: bool) -> list[str]:
    return [f"{r.where}: {r.what}" + (f" [{_shown(r.text, unmask_text)}]" if r.text else "") for r in cleaned.removals]


def _summary(o: Outcome, unmask_text: bool, dry_run: bool) -> str:
    """One terminal line for one input."""
    if o.status == "error":
        return f"{o.display}: not cleaned: {o.error}"
    assert o.cleaned is not None and o.proof is not None
    removed = f"{len(o.cleaned.removals)} removal{'s' * (len(o.cleaned.removals) != 1)}"
    if o.status == "failed":
        rules = ", ".join(sorted({f.rule for f in o.proof.failing}))
        return f"{o.display}: FAILED: the copy still has {len(o.proof.failing)} hidden-content or unsafe-file finding(s) ({rules}); not written"
    review = f"; {len(o.proof.to_review)} personal-data finding(s) in the visible text to review" if o.proof.to_review else ""
    if dry_run:
        return f"{o.display} → {o.dest}: would be clean ({removed}{review}); nothing written (--dry-run)"
    return f"{o.display} → {o.dest}: clean ({removed}; the leak gate finds nothing hidden{review})"


def _cell(text: str) -> str:
    return one_line(text).replace("|", "\\|")


def _is_report(path: Path) -> bool:
    """Whether ``path`` is a report an earlier run wrote (only its first line is read)."""
    try:
        with path.open("rb") as fh:
            return fh.read(len(REPORT_HEAD)) == REPORT_HEAD.encode()
    except OSError:
        return False


def _write_report(report: Path, outcomes: Sequence[Outcome], unmask_text: bool) -> None:
    out = [
        REPORT_HEAD,
        "",
        f"Made by `foilog redact` on {dt.date.today().isoformat()}. For each file: what was removed, notes, and the leak "
        "gate's verdict on the copy. "
        + ("Removed text is shown as written (--unmask). " if unmask_text else "Removed text is masked (J*** S****); --unmask shows it. ")
        + "**Do not commit this report or its pictures**: the 'before' pictures show the original pages.",
        "",
    ]
    for o in outcomes:
        out += _section(o, unmask_text)
    report.parent.mkdir(parents=True, exist_ok=True)
    tmp = report.with_name(f".{report.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text("\n".join(out) + "\n", encoding="utf-8")
        os.replace(tmp, report)
    except OSError as exc:
        raise FoilogUsageError(f"cannot write the report {report}: {exc.strerror or exc}") from None


def _section(o: Outcome, unmask_text: bool) -> list[str]:
    verdict = {"clean": "clean", "failed": "FAILED", "error": "not cleaned", "would": "would be clean"}[o.status]
    out = [f"## {_cell(o.source.name)}: {verdict}", ""]
    if o.status == "error":
        return [*out, _cell(o.error), ""]
    assert o.cleaned is not None and o.proof is not None and o.sniffed is not None
    kind = _KIND_NAMES.get(o.sniffed.kind, o.sniffed.kind)
    out += [f"- File: `{_cell(o.display)}` ({kind})", f"- Copy: `{_cell(str(o.dest))}`" + ("" if o.status == "clean" else " (not written)")]
    before = o.proof.original_failing
    gate = "the leak gate finds no hidden content in the copy" if o.proof.clean else "the leak gate still refuses the copy"
    if before is not None:
        gate += f" (the original had {before} hidden-content or unsafe-file finding{'s' * (before != 1)})"
    out += [f"- Proof: {gate}", ""]
    if o.proof.failing:
        out += ["### Why the copy failed", "", *(f"- {_cell(f.as_text())}" for f in o.proof.failing), ""]
    out += ["### Removed", ""]
    if o.cleaned.removals:
        out += ["| Where | What | Text |", "| --- | --- | --- |"]
        out += [
            f"| {_cell(r.where)} | {_cell(r.what)} | {_cell(_shown(r.text, unmask_text)) if r.text else ''} |" for r in o.cleaned.removals
        ]
    else:
        out.append("Nothing.")
    out.append("")
    if o.cleaned.notes:
        out += ["### Notes", "", *(f"- {_cell(n)}" for n in o.cleaned.notes), ""]
    if o.proof.to_review:
        out += ["### Personal data to review in the copy's visible text", "", *(f"- {_cell(f.as_text())}" for f in o.proof.to_review), ""]
    if o.pictures:
        out += ["### Pages before and after", ""]
        for page, before_png, after_png in o.pictures:
            out += [f"Page {page}:", "", f"![page {page} before]({before_png}) ![page {page} after]({after_png})", ""]
    elif o.sniffed.kind == "pdf" and o.status != "error":
        out += ["No page pictures: no page named a removal, or the pages could not be drawn.", ""]
    return out
