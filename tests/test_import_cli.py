"""``foilog import`` as a command: never overwrites, backs up on --update, survives bad files, writes atomically."""

from __future__ import annotations

import errno
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from letter_builders import COST_LIMIT, NHS_TRUST, NOT_HELD, encrypted_pdf_bytes, pdf_bytes, run_import, write_letter
from logbuilder import LogBuilder

from foilog.commands.importer import write as write_module
from foilog.commands.importer.command import import_command


@pytest.fixture
def log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> LogBuilder:
    builder = LogBuilder(tmp_path / "log")
    monkeypatch.chdir(builder.root)
    return builder


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_existing_folder_is_refused_and_untouched(log: LogBuilder, tmp_path: Path) -> None:
    letter = write_letter(tmp_path / "nhs.docx", NHS_TRUST.entries)
    assert run_import(str(letter))[0] == 0
    folder = log.responses / "2024" / NHS_TRUST.slug
    (folder / "response.md").write_text("edited by a reviewer\n", encoding="utf-8")
    before = _tree(folder)
    code, output = run_import(str(letter))
    assert code == 1
    assert f"responses/2024/{NHS_TRUST.slug} already exists; nothing was changed (use --update" in output
    assert "Imported 0, failed 0, skipped 1 (of 1 letters)." in output
    assert _tree(folder) == before
    assert not (log.root / ".foilog-backups").exists()


def test_update_replaces_and_keeps_a_backup(log: LogBuilder, tmp_path: Path) -> None:
    letter = write_letter(tmp_path / "nhs.txt", NHS_TRUST.entries)
    assert run_import(str(letter))[0] == 0
    folder = log.responses / "2024" / NHS_TRUST.slug
    (folder / "response.md").write_text("edited by a reviewer\n", encoding="utf-8")
    code, output = run_import(str(letter), "--update")
    assert code == 0, output
    backups = list((log.root / ".foilog-backups").iterdir())
    assert len(backups) == 1 and (backups[0] / "response.md").read_text("utf-8") == "edited by a reviewer\n"
    assert f"the old folder is kept in .foilog-backups/{backups[0].name}/" in output
    assert (folder / "response.md").read_text("utf-8").startswith("Dear Requester")
    assert sorted(p.name for p in (log.responses / "2024").iterdir()) == [NHS_TRUST.slug]


def test_bad_files_among_good_ones(log: LogBuilder, tmp_path: Path) -> None:
    good1 = write_letter(tmp_path / "a.pdf", NOT_HELD.entries)
    good2 = write_letter(tmp_path / "b.docx", COST_LIMIT.entries)
    encrypted = tmp_path / "locked.pdf"
    encrypted.write_bytes(encrypted_pdf_bytes(NHS_TRUST.entries))
    scanned = tmp_path / "scan.pdf"
    scanned.write_bytes(pdf_bytes([]))
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"hello, I am not a PDF")
    not_letter = tmp_path / "shopping.txt"
    not_letter.write_text("eggs\nmilk\nbread\n", encoding="utf-8")
    other = tmp_path / "photo.jpg"
    other.write_bytes(b"\xff\xd8\xff")
    files = [good1, encrypted, scanned, empty, broken, fake, not_letter, other, tmp_path / "missing.pdf", good2]
    code, output = run_import(*map(str, files))
    assert code == 1
    assert "Imported 2, failed 8, skipped 0 (of 10 letters)." in output
    assert "locked.pdf: failed: the PDF is encrypted with a password" in output
    assert "scan.pdf: failed: the PDF has no text layer (probably a scan)" in output
    assert "empty.docx: failed: the file is empty" in output
    assert "broken.docx: failed: the file is not a readable Office document" in output
    assert "fake.pdf: failed: the file is named .pdf but is not a PDF" in output
    assert "shopping.txt: failed: no reference found" in output
    assert "photo.jpg: failed: cannot import .jpg" in output
    assert "missing.pdf: failed: no such file" in output
    assert "Traceback" not in output
    assert (log.responses / "2025" / NOT_HELD.slug / "response.yml").is_file()
    assert (log.responses / "2023" / COST_LIMIT.slug / "response.yml").is_file()


def test_interrupted_write_leaves_no_folder(log: LogBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    letter = write_letter(tmp_path / "nhs.pdf", NHS_TRUST.entries)

    def boom(lines: list[str]) -> str:
        raise KeyboardInterrupt  # the user presses Ctrl-C between response.yml and response.md

    monkeypatch.setattr(write_module, "render_markdown", boom)
    group = click.Group()
    group.add_command(import_command, "import")
    result = CliRunner().invoke(group, ["import", str(letter)])
    assert result.exit_code != 0
    year = log.responses / "2024"
    assert not year.exists() or list(year.iterdir()) == []
    staging = log.root / ".foilog-import"
    assert not staging.exists() or list(staging.iterdir()) == []


def test_interrupted_update_restores_nothing_lost(log: LogBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    letter = write_letter(tmp_path / "nhs.pdf", NHS_TRUST.entries)
    assert run_import(str(letter))[0] == 0
    folder = log.responses / "2024" / NHS_TRUST.slug
    before = _tree(folder)
    real_replace = write_module.os.replace
    calls: list[tuple[str, str]] = []

    def failing_replace(src: str, dst: str) -> None:
        calls.append((str(src), str(dst)))
        if len(calls) == 2:  # the old folder has gone to the backup; the new one fails to move in
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(write_module.os, "replace", failing_replace)
    code, output = run_import(str(letter), "--update")
    assert code == 1 and "No space left on device; nothing was changed" in output
    assert _tree(folder) == before
    assert sorted(p.name for p in folder.parent.iterdir()) == [NHS_TRUST.slug]


def test_attach_original_and_report_file(log: LogBuilder, tmp_path: Path) -> None:
    letter = write_letter(tmp_path / "Not Held Letter.pdf", NOT_HELD.entries)
    report = tmp_path / "report.md"
    code, output = run_import(str(letter), "--attach-original", "--report", str(report))
    assert code == 0, output
    folder = log.responses / "2025" / NOT_HELD.slug
    assert (folder / "attachments" / "Not-Held-Letter.pdf").read_bytes() == letter.read_bytes()
    assert "path: 'attachments/Not-Held-Letter.pdf'" in (folder / "response.yml").read_text("utf-8")
    assert "warning: attached the original letter; the original letter usually carries the requester's name" in output
    saved = report.read_text("utf-8")
    assert saved.startswith("# Import report\n\nImported 1, failed 0, skipped 0 (of 1 letters).\n")
    assert "- the original letter is attached: it usually carries the requester's name and address" in saved


def test_report_lists_what_needs_a_human(log: LogBuilder, tmp_path: Path) -> None:
    entries = [
        "Example Council (fictional)",
        "Our ref: FOI-77",
        "Date: 1 March 2024",
        "",
        "Dear Sir or Madam",
        "",
        "You asked:",
        "",
        "1. How many bins are there?",
        "2. How many bin lorries are there?",
        "",
        "The caller gave the address 4 Fake Street, Northtown NT1 2AB when reporting the overflowing bin.",
    ]
    letter = write_letter(tmp_path / "bins.txt", entries)
    code, output = run_import(str(letter))
    assert code == 0, output
    assert "needs a human: no received date found" in output
    assert "needs a human: answers could not be matched to questions 1 and 2" in output
    assert "leak gate: 1 finding left for the reviewer:" in output and "postcode-address" in output and "Fake Street" not in output
    text = (log.responses / "2024" / "foi-77" / "response.yml").read_text("utf-8")
    assert "received:         # TODO" in text and "answer: ''  # no answer found in the letter: write it" in text


def test_missing_config_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    letter = write_letter(tmp_path / "nhs.txt", NHS_TRUST.entries)
    code, output = run_import(str(letter))
    assert code == 2
    assert "Error: mkdocs.yml: file not found" in output


def _moves_into(target: Path, real_replace: Callable[[str, str], None]) -> Callable[[str, str], None]:
    """``os.replace`` as if ``target`` were on another file system: moving anything into it fails with EXDEV."""

    def replace(src: str, dst: str) -> None:
        if Path(dst).resolve().is_relative_to(target.resolve()):
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        real_replace(src, dst)

    return replace


def test_update_when_the_backup_folder_is_on_another_file_system(log: LogBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    letter = write_letter(tmp_path / "nhs.txt", NHS_TRUST.entries)
    assert run_import(str(letter))[0] == 0
    folder = log.responses / "2024" / NHS_TRUST.slug
    (folder / "response.md").write_text("edited by a reviewer\n", encoding="utf-8")
    (folder / "attachments").mkdir()
    (folder / "attachments" / "table.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    monkeypatch.setattr(write_module.os, "replace", _moves_into(log.root / ".foilog-backups", write_module.os.replace))
    code, output = run_import(str(letter), "--update")
    assert code == 0, output
    assert "Invalid cross-device link" not in output
    backups = list((log.root / ".foilog-backups").iterdir())
    assert len(backups) == 1 and f"the old folder is kept in .foilog-backups/{backups[0].name}/" in output
    assert (backups[0] / "response.md").read_text("utf-8") == "edited by a reviewer\n"
    assert (backups[0] / "attachments" / "table.csv").read_text("utf-8") == "a,b\n1,2\n"
    assert (folder / "response.md").read_text("utf-8").startswith("Dear Requester")
    assert sorted(p.name for p in folder.parent.iterdir()) == [NHS_TRUST.slug]
    assert not (log.root / ".foilog-import").exists()


def test_update_into_another_disk_keeps_the_backup_on_that_disk(log: LogBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    letter = write_letter(tmp_path / "nhs.txt", NHS_TRUST.entries)
    into = tmp_path / "other-disk" / "responses"
    assert run_import(str(letter), "--into", str(into))[0] == 0
    folder = into / "2024" / NHS_TRUST.slug
    (folder / "response.md").write_text("edited by a reviewer\n", encoding="utf-8")
    monkeypatch.setattr(write_module, "_same_device", lambda a, b: b.is_relative_to(log.root))
    monkeypatch.setattr(write_module.os, "replace", _moves_into(log.root, write_module.os.replace))
    code, output = run_import(str(letter), "--update", "--into", str(into))
    assert code == 0, output
    backups = list((into / ".foilog-backups").iterdir())
    assert len(backups) == 1 and (backups[0] / "response.md").read_text("utf-8") == "edited by a reviewer\n"
    assert not (log.root / ".foilog-backups").exists() and not (into / ".foilog-import").exists()
    assert sorted(p.name for p in into.iterdir()) == [".foilog-backups", "2024"]  # the loader skips dot-folders


def test_interrupted_copy_to_another_file_system_loses_nothing(log: LogBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    letter = write_letter(tmp_path / "nhs.txt", NHS_TRUST.entries)
    assert run_import(str(letter))[0] == 0
    folder = log.responses / "2024" / NHS_TRUST.slug
    before = _tree(folder)
    monkeypatch.setattr(write_module.os, "replace", _moves_into(log.root / ".foilog-backups", write_module.os.replace))

    def full_disk(src: Path, dst: Path, **kwargs: object) -> None:
        Path(dst).mkdir(parents=True)
        (Path(dst) / "response.yml").write_text("half", encoding="utf-8")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(write_module.shutil, "copytree", full_disk)
    code, output = run_import(str(letter), "--update")
    assert code == 1 and "No space left on device; nothing was changed" in output
    assert _tree(folder) == before
    assert list((log.root / ".foilog-backups").iterdir()) == []


def test_unwritable_report_is_refused_before_importing(log: LogBuilder, tmp_path: Path) -> None:
    letter = write_letter(tmp_path / "nhs.txt", NHS_TRUST.entries)
    report = tmp_path / "no-such-folder" / "report.md"
    code, output = run_import(str(letter), "--report", str(report))
    assert code == 2
    assert f"Error: cannot write the report {report}: No such file or directory; nothing was imported" in output
    assert list(log.responses.iterdir()) == [] and not report.exists()
    existing = tmp_path / "old-report.md"
    existing.write_text("last week's report\n", encoding="utf-8")
    code, output = run_import(str(letter), "--report", str(existing))
    assert code == 2 and "already exists; nothing was imported (choose another file name, or add --overwrite-report" in output
    assert existing.read_text("utf-8") == "last week's report\n" and list(log.responses.iterdir()) == []
    assert run_import(str(letter), "--report", str(existing), "--overwrite-report")[0] == 0
    assert existing.read_text("utf-8").startswith("# Import report\n\nImported 1, failed 0, skipped 0 (of 1 letters).\n")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".old-report")] == []  # no temporary file left
