"""Symbolic links under content/, responses/ and overrides/ are never read or published (issue 16, item 1).

A link let a page publish files that no check had read (a folder of PDFs, the
whole responses/ tree with embargoed responses, /etc/passwd), and a dangling
one passed `check` and then crashed the build. Each link is now an error from
`check` as from `build`, which refuses before writing anything.
"""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from logbuilder import TODAY_ARG, LogBuilder

from foilog.commands.cli import main
from foilog.log.links import MAX_REPORTED, _links_under, find_links, special_kind

pytestmark = pytest.mark.adversarial

ADVICE = "foilog never reads or publishes links; replace it with the file itself or delete it"


def link_error(path: str, target: str | Path) -> str:
    return f"{path}: a symbolic link (to {target}): {ADVICE}"


@pytest.fixture
def log(tmp_path: Path) -> LogBuilder:
    builder = LogBuilder(tmp_path / "project")
    builder.valid()
    return builder


def check(builder: LogBuilder) -> Result:
    return CliRunner().invoke(main, ["check", "--config-file", str(builder.config), "--today", TODAY_ARG])


def build(builder: LogBuilder, site: Path) -> Result:
    return CliRunner().invoke(main, ["build", "--config-file", str(builder.config), "--site-dir", str(site), "--today", TODAY_ARG])


def assert_refused(builder: LogBuilder, tmp_path: Path, expected: str) -> None:
    """`check` and `build` both fail with ``expected`` (a finding); the build writes no site."""
    checked = check(builder)
    assert checked.exception is None or isinstance(checked.exception, SystemExit), repr(checked.exception)
    assert checked.exit_code == 1, checked.output
    assert f"{expected} (error: symlink)" in checked.stdout.splitlines(), checked.output
    out = tmp_path / "out"
    out.mkdir()
    site = out / "site"
    built = build(builder, site)
    assert "Traceback" not in built.output
    assert built.exception is None or isinstance(built.exception, SystemExit), repr(built.exception)
    assert built.exit_code == 1, built.output
    assert f"  {expected}\n" in built.output, built.output
    assert "nothing was published" in built.output
    assert [p.name for p in out.iterdir() if p.name != ".site.lock"] == [], "no site and no staging folder is left (the lock file stays)"


def test_link_in_content_to_a_folder_with_a_pdf(log: LogBuilder, tmp_path: Path) -> None:
    private = log.root / "private"
    private.mkdir()
    (private / "board-minutes.pdf").write_bytes(b"%PDF-1.4\n% not inspected\n")
    os.symlink(private, log.root / "content" / "reports")
    assert_refused(log, tmp_path, link_error("content/reports", private))


def test_link_in_content_to_responses(log: LogBuilder, tmp_path: Path) -> None:
    os.symlink("../responses", log.root / "content" / "everything")
    assert_refused(log, tmp_path, link_error("content/everything", "../responses"))


def test_link_in_content_to_etc_passwd(log: LogBuilder, tmp_path: Path) -> None:
    os.symlink("/etc/passwd", log.root / "content" / "leak")
    assert_refused(log, tmp_path, link_error("content/leak", "/etc/passwd"))


def test_link_to_git_config_as_a_page(log: LogBuilder, tmp_path: Path) -> None:
    os.symlink("../../.git/config", log.root / "content" / "topics" / "config.md")
    assert_refused(log, tmp_path, link_error("content/topics/config.md", "../../.git/config"))


def test_dangling_link_in_content(log: LogBuilder, tmp_path: Path) -> None:
    os.symlink("nowhere.md", log.root / "content" / "gone.md")
    assert_refused(log, tmp_path, link_error("content/gone.md", "nowhere.md"))


def test_responses_folder_itself_a_link(log: LogBuilder, tmp_path: Path) -> None:
    outside = tmp_path / "outside-responses"
    shutil.move(log.responses, outside)
    os.symlink(outside, log.responses)
    assert_refused(log, tmp_path, link_error("responses", outside))


def test_link_in_overrides(log: LogBuilder, tmp_path: Path) -> None:
    (log.root / "overrides").mkdir()
    os.symlink("/etc/passwd", log.root / "overrides" / "main.html")
    assert_refused(log, tmp_path, link_error("overrides/main.html", "/etc/passwd"))


def test_content_folder_itself_a_link(log: LogBuilder, tmp_path: Path) -> None:
    outside = tmp_path / "outside-content"
    shutil.move(log.root / "content", outside)
    os.symlink(outside, log.root / "content")
    assert_refused(log, tmp_path, link_error("content", outside))


def test_link_in_a_year_folder_names_its_target(log: LogBuilder, tmp_path: Path) -> None:
    os.symlink("/etc", log.responses / "2026" / "etc")
    assert_refused(log, tmp_path, link_error("responses/2026/etc", "/etc"))


def test_a_control_character_in_the_target_is_escaped(log: LogBuilder, tmp_path: Path) -> None:
    os.symlink("a\n::error::b", log.root / "content" / "odd")
    assert_refused(log, tmp_path, link_error("content/odd", "a\\n::error::b"))


def test_a_link_loop_is_reported_once_and_not_followed(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    os.symlink(".", content / "loop")
    assert [f.as_text() for f in find_links([content], tmp_path)] == [link_error("content/loop", ".")]


def test_many_links_are_summed_up(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    for i in range(MAX_REPORTED + 5):
        os.symlink("/etc/passwd", content / f"l{i:04}")
    found = find_links([content], tmp_path)
    assert len(found) == MAX_REPORTED + 1
    assert found[-1].as_text() == f"content: 5 more symbolic link(s) in this folder; {ADVICE}"


def _links_by_os_walk(folder: Path) -> list[Path]:
    """The walk as it was written before it read kinds from the listing: os.walk, two lstat calls an entry."""
    found = []
    for here, dirs, files in os.walk(folder, followlinks=False):
        dirs.sort()
        for name in sorted([*dirs, *files]):
            path = Path(here) / name
            if path.is_symlink() or special_kind(path) is not None:
                found.append(path)
    return found


def test_the_walk_finds_what_os_walk_finds_in_the_same_order(tmp_path: Path) -> None:
    """Links (to files, to folders, dangling) and pipes in a random tree: the same paths as os.walk's, in its order."""
    rng = random.Random(7)
    root = tmp_path / "tree"
    folders = [root]
    root.mkdir()
    for n in range(300):
        parent = rng.choice(folders)
        here = parent / (rng.choice(["a", "B", "c", "é", "z", "_", "0"]) + str(n))
        kind = rng.random()
        if kind < 0.3:
            here.mkdir()
            folders.append(here)
        elif kind < 0.75:
            here.write_text("x")
        elif kind < 0.85:
            here.symlink_to(rng.choice(folders))  # a link to a folder: reported, never walked
        elif kind < 0.95:
            here.symlink_to(parent / "missing")
        else:
            os.mkfifo(here)
    expected = _links_by_os_walk(root)
    assert len(expected) > 40
    assert list(_links_under(root)) == expected
    assert len(find_links([root], tmp_path)) == len(expected)
