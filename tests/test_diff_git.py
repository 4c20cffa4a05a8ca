"""`foilog diff` reads each revision exactly as git stores it: no attributes, no links followed out of the tree."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from logbuilder import TODAY_ARG, VALID_SLUG, LogBuilder
from test_diff import EMAIL, OTHER_REF, OTHER_SLUG, commit, git, other_yml, repo, run

from foilog.commands.cli import main
from foilog.commands.diff import gitrev
from foilog.commands.diff.gitrev import materialise

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

__all__ = ["repo"]  # the fixture, shared with test_diff.py

SYMLINK_MESSAGE = "symbolic links are not allowed in a response folder; replace it with the real file or delete it"


def on_branch(builder: LogBuilder) -> None:
    git(builder.root, "checkout", "-q", "-b", "feature")


def test_export_ignore_cannot_hide_an_added_response(repo: LogBuilder) -> None:
    on_branch(repo)
    repo.valid(other_yml(), slug=OTHER_SLUG)
    (repo.root / ".gitattributes").write_text(f"responses/2026/{OTHER_SLUG} export-ignore\n", encoding="utf-8")
    commit(repo.root, "add a response and hide it from git archive")
    code, _, data = run(repo, "main", "HEAD")
    assert code == 0
    assert [a["reference"] for a in data["added"]] == [OTHER_REF]


def test_export_ignore_in_base_cannot_hide_a_response_either(repo: LogBuilder) -> None:
    (repo.root / ".gitattributes").write_text("responses/** export-ignore\n", encoding="utf-8")
    commit(repo.root, "hide everything from git archive")
    on_branch(repo)
    shutil.rmtree(repo.responses / "2026" / VALID_SLUG)
    commit(repo.root, "delete")
    code, _, data = run(repo, "main", "HEAD")
    assert code == 1
    assert [d["folder"] for d in data["deleted"]] == [f"responses/2026/{VALID_SLUG}"]


def test_export_subst_does_not_rewrite_the_text_shown(repo: LogBuilder) -> None:
    on_branch(repo)
    (repo.root / ".gitattributes").write_text("*.md export-subst\n", encoding="utf-8")
    repo.valid(md="Dear Requester\n\nThe routes are attached. $Format:%H$\n")
    commit(repo.root, "substitution")
    _, _, data = run(repo, "main", "HEAD")
    [changed] = data["changed"]
    md_diff = next(d["diff"] for d in changed["diffs"] if d["path"].endswith("response.md"))
    assert "+The routes are attached. $Format:%H$" in md_diff


def _add_with_link(builder: LogBuilder, link: str, target: str) -> None:
    folder = builder.valid(other_yml(), slug=OTHER_SLUG)
    (folder / link).parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, folder / link)


@pytest.mark.parametrize("target", ["/etc/passwd", "../../../../../../../../etc/passwd", "../../../../../outside"])
def test_link_out_of_the_tree_is_a_problem_not_a_crash(repo: LogBuilder, target: str) -> None:
    on_branch(repo)
    _add_with_link(repo, "attachments/passwd", target)
    commit(repo.root, "a link out of the tree")
    code, output, data = run(repo, "main", "HEAD")
    assert code == 1, output
    assert "Traceback" not in output and "root:" not in output
    assert [a["reference"] for a in data["added"]] == [OTHER_REF], "the rest of the summary is still produced"
    [finding] = [f for f in data["findings"] if f["path"].endswith("attachments/passwd")]
    assert finding["message"] == SYMLINK_MESSAGE and finding["severity"] == "error"
    code, markdown, _ = run(repo, "main", "HEAD", fmt="markdown")
    assert code == 1 and "symbolic links are not allowed" in markdown and "### Added (1)" in markdown


def test_link_out_of_the_working_tree_is_reported_as_check_does(repo: LogBuilder) -> None:
    _add_with_link(repo, "attachments/passwd", "/etc/passwd")
    code, output, data = run(repo)
    assert code == 1, output
    assert [f["message"] for f in data["findings"] if f["path"].endswith("attachments/passwd")] == [SYMLINK_MESSAGE]


def test_mkdocs_yml_linking_out_of_the_tree_is_a_usage_error(repo: LogBuilder) -> None:
    on_branch(repo)
    repo.config.unlink()
    os.symlink("/etc/passwd", repo.config)
    commit(repo.root, "mkdocs.yml links out")
    git(repo.root, "checkout", "-q", "main")
    code, output, _ = run(repo, "main", "feature")
    assert code == 2
    assert "Error: mkdocs.yml in feature is a symbolic link to a place outside the repository" in output


def test_link_is_never_followed_out_of_the_tree(repo: LogBuilder, tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text(f"Dear Requester\n\nWrite to {EMAIL}.\n", encoding="utf-8")
    on_branch(repo)
    folder = repo.valid(other_yml(), slug=OTHER_SLUG, md=None)
    os.symlink(outside, folder / "response.md")
    commit(repo.root, "response.md links out of the repository")
    code, output, data = run(repo, "main", "HEAD")
    assert code == 1
    assert EMAIL not in output and not any(f["rule"] == "email" for f in data["findings"])
    assert any(f["path"].endswith(f"{OTHER_SLUG}/response.md") and f["message"] == SYMLINK_MESSAGE for f in data["findings"])


def test_link_out_of_the_tree_outside_the_responses(repo: LogBuilder) -> None:
    on_branch(repo)
    os.symlink("/etc", repo.root / "content" / "etc")
    commit(repo.root, "a link out of the tree in content/")
    code, output, data = run(repo, "main", "HEAD")
    assert code == 1, output
    [finding] = [f for f in data["findings"] if f["path"] == "content/etc"]
    assert finding["category"] == "unsafe-file" and finding["severity"] == "error"
    assert finding["message"] == "symbolic link to a place outside the repository; replace it with the real file or delete it"


def test_link_out_of_the_tree_through_the_cli_group(repo: LogBuilder) -> None:
    on_branch(repo)
    _add_with_link(repo, "attachments/passwd", "/etc/passwd")
    commit(repo.root, "a link out of the tree")
    result = CliRunner().invoke(main, ["diff", "main", "HEAD", "-f", str(repo.config), "--today", TODAY_ARG])
    assert result.exit_code == 1, result.output
    assert "stopped unexpectedly" not in result.output and "This is a bug" not in result.output


def test_link_out_of_the_tree_in_base_does_not_crash(repo: LogBuilder) -> None:
    _add_with_link(repo, "attachments/passwd", "/etc/passwd")
    commit(repo.root, "already on main")
    on_branch(repo)
    (repo.responses / "2026" / OTHER_SLUG / "attachments" / "passwd").unlink()
    commit(repo.root, "remove the link")
    code, output, data = run(repo, "main", "HEAD")
    assert code == 0, output
    assert data["changed"][0]["files"] == ["attachments/passwd (removed)"]


def test_submodule_is_skipped_with_a_note(repo: LogBuilder) -> None:
    on_branch(repo)
    head = git(repo.root, "rev-parse", "HEAD").strip()
    git(repo.root, "update-index", "--add", "--cacheinfo", f"160000,{head},vendor/theme")
    git(repo.root, "commit", "-q", "-m", "a submodule")
    code, output, data = run(repo, "main", "HEAD")
    assert code == 0, output
    assert any("vendor/theme" in note and "submodule" in note for note in data["notes"])
    _, markdown, _ = run(repo, "main", "HEAD", fmt="markdown")
    assert "vendor\\/theme is a submodule" in markdown


def _tree_repo(root: Path, files: int) -> str:
    """A repository whose one commit holds ``files`` small files, a script, and links; its commit id."""
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    for i in range(files):
        folder = root / "responses" / "2026" / f"r{i // 10}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"f{i % 10}.txt").write_bytes(f"file {i}\n".encode())
    (root / "run.sh").write_text("#!/bin/sh\necho hi\n", encoding="utf-8")
    (root / "run.sh").chmod(0o755)
    (root / "same.txt").write_text("file 0\n", encoding="utf-8")
    os.symlink("responses/2026/r0/f0.txt", root / "inside")
    os.symlink("/etc/passwd", root / "outside")
    (root / "name with spaces and\ttab é.txt").write_text("odd name\n", encoding="utf-8")
    commit(root, "tree")
    return git(root, "rev-parse", "HEAD").strip()


def test_materialise_writes_every_mode_with_a_fixed_number_of_processes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    commit_id = _tree_repo(tmp_path / "repo", 2000)
    started: list[list[str]] = []
    real_popen = subprocess.Popen

    def counting_popen(args, *a, **kw):  # type: ignore[no-untyped-def]
        started.append(list(args))
        return real_popen(args, *a, **kw)

    monkeypatch.setattr(gitrev.subprocess, "Popen", counting_popen)
    into = tmp_path / "out"
    tree = materialise(tmp_path / "repo", commit_id, into)
    assert tree.root == into
    assert len(started) <= 3, started  # ls-tree and one cat-file --batch, never one per file
    assert (into / "responses/2026/r199/f9.txt").read_text() == "file 1999\n"
    assert (into / "same.txt").read_text() == "file 0\n"
    assert os.access(into / "run.sh", os.X_OK) and not os.access(into / "same.txt", os.X_OK)
    assert os.readlink(into / "inside") == "responses/2026/r0/f0.txt"
    assert (into / "name with spaces and\ttab é.txt").read_text() == "odd name\n"
    outside = into / "outside"
    assert outside.is_symlink() and not outside.exists(), "a link out of the tree points nowhere"
    assert os.path.realpath(outside).startswith(os.path.realpath(into))
    assert [(s.path, s.kind) for s in tree.skipped] == [("outside", "symlink-outside")]
