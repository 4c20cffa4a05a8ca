"""`foilog diff`: what a change publishes, between two git revisions of a LogBuilder project."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from logbuilder import TODAY_ARG, VALID_REFERENCE, VALID_SLUG, VALID_YML, LogBuilder, variant
from markdown_it import MarkdownIt

from foilog.commands.diff import md_text
from foilog.commands.diff.command import diff_command
from foilog.commands.diff.compare import WITHHELD, unified_diff
from foilog.commands.diff.render import code_block

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

EMAIL = "jane.mortimer@gmail.com"
OTHER_REF, OTHER_SLUG = "NCC/FOI/26/0077", "ncc-foi-26-0077"


def git(root: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    done = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def commit(root: Path, message: str = "change") -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message)


@pytest.fixture
def repo(tmp_path: Path) -> LogBuilder:
    """A project whose `main` holds the valid sample response."""
    builder = LogBuilder(tmp_path / "repo")
    builder.valid()
    git(builder.root, "init", "-q", "-b", "main")
    commit(builder.root, "base")
    return builder


def run(builder: LogBuilder, *args: str, fmt: str = "json") -> tuple[int, str, object]:
    result = CliRunner().invoke(diff_command, [*args, "--format", fmt, "-f", str(builder.config), "--today", TODAY_ARG])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    data = json.loads(result.stdout) if fmt == "json" and result.exit_code in (0, 1) else None
    return result.exit_code, result.output, data


def other_yml(changes: dict[str, str] | None = None) -> str:
    """A second valid response (reference OTHER_REF), with ``changes`` (old -> new text)."""
    text = variant("reference: NCC/FOI/26/0042", f"reference: {OTHER_REF}")
    text = variant("title: Gritting routes on rural roads", "title: Pothole repairs in 2026", text)
    for old, new in (changes or {}).items():
        text = variant(old, new, text)
    return text


def test_no_change_reports_nothing(repo: LogBuilder) -> None:
    code, _, data = run(repo)
    assert code == 0
    for key in ("added", "changed", "withdrawn", "corrected", "deleted", "embargoed", "findings", "acknowledged"):
        assert data[key] == [], key
    assert data["base"].startswith("main (")


def test_added_response_with_attachment_facts(repo: LogBuilder) -> None:
    repo.valid(other_yml(), slug=OTHER_SLUG)
    code, _, data = run(repo)
    assert code == 0
    [added] = data["added"]
    assert added["reference"] == OTHER_REF
    assert added["url"] == f"responses/2026/{OTHER_SLUG}/"
    [attachment] = added["attachments"]
    assert attachment["path"] == "attachments/gritting-routes.csv"
    assert attachment["media_type"].startswith("text/csv")
    assert attachment["size"] == len(b"route,roads\nA,B1234 and B1235\n")
    assert data["changed"] == data["deleted"] == []


def test_changed_fields_and_text_diff(repo: LogBuilder) -> None:
    text = variant("title: Gritting routes on rural roads", "title: Gritting routes on rural and urban roads")
    text = variant("answer: See the attached table of routes.", "answer: See the attached table of routes (updated).", text)
    repo.valid(text, md="Dear Requester\n\nThe routes are attached, as promised.\n")
    code, _output, data = run(repo)
    assert code == 0
    [changed] = data["changed"]
    assert changed["fields"] == ["title", "questions"]
    assert changed["files"] == ["response.md (modified)", "response.yml (modified)"]
    yml_diff, md_diff = (d["diff"] for d in changed["diffs"])
    assert "-title: Gritting routes on rural roads" in yml_diff
    assert "+title: Gritting routes on rural and urban roads" in yml_diff
    assert "+Dear Requester" not in md_diff and "+The routes are attached, as promised." in md_diff
    code, markdown, _ = run(repo, fmt="markdown")
    assert "### Changed (1)" in markdown and "```diff" in markdown
    assert "0 added, 1 changed" in markdown


def test_withdrawn_and_corrected(repo: LogBuilder) -> None:
    text = VALID_YML + (
        "corrections:\n  - date: 2026-10-02\n    note: The table listed route C twice.\n"
        "withdrawn:\n  date: 2026-11-20\n  reason: Published in error before the requester was told.\n"
    )
    repo.valid(text)
    code, _, data = run(repo)
    assert code == 0
    [withdrawn] = data["withdrawn"]
    assert withdrawn["withdrawn"] == {"date": "2026-11-20", "reason": "Published in error before the requester was told."}
    [corrected] = data["corrected"]
    assert corrected["corrections"] == [{"date": "2026-10-02", "note": "The table listed route C twice."}]
    assert data["changed"][0]["fields"] == ["corrections", "withdrawn"]
    _, markdown, _ = run(repo, fmt="markdown")
    assert "### Withdrawn (1)" in markdown and "### Corrected (1)" in markdown


def test_deleted_folder_is_a_problem(repo: LogBuilder) -> None:
    shutil.rmtree(repo.responses / "2026" / VALID_SLUG)
    code, _, data = run(repo)
    assert code == 1, "a deleted folder breaks a permanent URL: the pull-request check fails"
    [deleted] = data["deleted"]
    assert deleted["reference"] == VALID_REFERENCE
    assert "withdrawn:" in deleted["problem"] and f"/responses/2026/{VALID_SLUG}/" in deleted["problem"]
    _, markdown, _ = run(repo, fmt="markdown")
    assert "### Problems for the reviewer (1)" in markdown and "### Deleted (1)" in markdown


def test_renamed_with_previous_reference_redirects(repo: LogBuilder) -> None:
    shutil.rmtree(repo.responses / "2026" / VALID_SLUG)
    repo.valid(other_yml() + f"previous_references:\n  - {VALID_REFERENCE}\n", slug=OTHER_SLUG)
    code, _, data = run(repo)
    assert code == 0
    assert data["deleted"] == [] and data["added"] == []
    [renamed] = data["renamed"]
    assert renamed["renamed_from"] == VALID_REFERENCE and renamed["reference"] == OTHER_REF
    assert "problem" not in renamed
    assert "previous_references" in data["changed"][0]["fields"]


def test_renamed_without_previous_reference_is_a_problem(repo: LogBuilder) -> None:
    shutil.rmtree(repo.responses / "2026" / VALID_SLUG)
    repo.valid(other_yml(), slug=OTHER_SLUG)
    _, _, data = run(repo)
    assert [a["reference"] for a in data["added"]] == [OTHER_REF]
    assert [d["reference"] for d in data["deleted"]] == [VALID_REFERENCE]
    assert "withdrawn:" in data["deleted"][0]["problem"]


def test_same_folder_new_reference_needs_previous_reference(repo: LogBuilder) -> None:
    # Only punctuation changes, so the folder (slug) stays; the reference text differs.
    repo.valid(variant("reference: NCC/FOI/26/0042", "reference: NCC-FOI-26-0042"))
    _, _, data = run(repo)
    [renamed] = data["renamed"]
    assert renamed["renamed_from"] == VALID_REFERENCE
    assert "problem" not in renamed, "same web address: nothing to redirect"


def test_embargoed_response_says_when(repo: LogBuilder) -> None:
    repo.valid(other_yml({"outcome: granted-in-part": "outcome: granted-in-part\npublish_after: 2027-01-15"}), slug=OTHER_SLUG)
    code, _, data = run(repo)
    assert code == 0
    [embargoed] = data["embargoed"]
    assert embargoed["reference"] == OTHER_REF and embargoed["publish_after"] == "2027-01-15"
    assert data["added"][0]["embargoed"] is True
    _, markdown, _ = run(repo, fmt="markdown")
    assert "will not be published until their date" in markdown
    assert "| 2027-01-15 | yes |" in markdown


def test_findings_fail_and_never_show_personal_data(repo: LogBuilder) -> None:
    repo.valid(md=f"Dear Requester\n\nWrite to {EMAIL} with questions.\n")
    code, output, data = run(repo)
    assert code == 1
    [finding] = data["findings"]
    assert finding["rule"] == "email" and finding["severity"] == "error"
    assert finding["excerpt"] == "j***@gmail.com"
    md_diff = data["changed"][0]["diffs"][0]
    assert md_diff["withheld_lines"] == 1 and WITHHELD in md_diff["diff"]
    code, markdown, _ = run(repo, fmt="markdown")
    assert code == 1
    assert "cannot be published" in markdown
    assert EMAIL not in output and EMAIL not in markdown
    assert "mortimer" not in markdown.lower()


def test_removed_leak_is_not_shown_again(repo: LogBuilder) -> None:
    repo.valid(md=f"Dear Requester\n\nWrite to {EMAIL}.\n")
    commit(repo.root, "leak")
    repo.valid(md="Dear Requester\n\nWrite to us.\n")
    code, output, data = run(repo)
    assert code == 0
    assert EMAIL not in output
    assert WITHHELD in data["changed"][0]["diffs"][0]["diff"]


def test_flagged_title_is_masked(repo: LogBuilder) -> None:
    repo.valid(variant("title: Gritting routes on rural roads", f"title: Gritting routes by {EMAIL}"))
    code, markdown, _ = run(repo, fmt="markdown")
    assert code == 1
    assert EMAIL not in markdown and "mortimer" not in markdown.lower()


def test_acknowledged_findings_listed_with_reason(repo: LogBuilder) -> None:
    reason = "the requester asked us to publish their address with the response"
    repo.valid(
        VALID_YML + f"acknowledgements:\n  - text: {EMAIL}\n    reason: {reason}\n",
        md=f"Dear Requester\n\nWrite to {EMAIL}.\n",
    )
    code, _, data = run(repo)
    assert code == 0
    assert data["findings"] == []
    acks = data["acknowledged"]
    assert {a["path"] for a in acks} == {repo.yml_path(), f"responses/2026/{VALID_SLUG}/response.md"}
    assert all(a["acknowledged"] == reason and a["excerpt"] == "j***@gmail.com" for a in acks)
    _, markdown, _ = run(repo, fmt="markdown")
    assert EMAIL not in markdown
    assert f"### Acknowledged by a reviewer ({len(acks)})" in markdown and "the requester asked us to publish" in markdown


def test_validation_errors_fail(repo: LogBuilder) -> None:
    repo.valid(variant("outcome: granted-in-part", "outcome: granted-in-bits"))
    code, _, data = run(repo)
    assert code == 1
    assert any(f["category"] == "invalid-data" and f["severity"] == "error" for f in data["findings"])


HOSTILE_TITLE = "Evil | cell [click](https://evil.example) <img src=x onerror=alert(1)> ![i](http://x.example/i.png) **bold** @octocat www.evil.example `code`"


def test_hostile_title_cannot_inject_markup(repo: LogBuilder) -> None:
    repo.valid(variant("title: Gritting routes on rural roads", f"title: '{HOSTILE_TITLE}'"))
    code, markdown, _ = run(repo, fmt="markdown")
    assert code == 0
    outside_code = markdown.split("<details>")[0]
    for raw in ("https://", "http://", "www.evil", "<img", "](", "**bold**", "@octocat", "`code`"):
        assert raw not in outside_code, raw
    html = MarkdownIt("commonmark").enable("table").render(markdown)
    assert "<a " not in html and "<img" not in html and "<strong>bold" not in html and "<code>code" not in html
    row = next(line for line in html.split("<tr>") if "Evil" in line)
    assert row.count("<td>") == 4, row
    # The diff block cannot be closed early by backticks in the text either.
    assert code_block("a ``` b\n````").startswith("`````diff\n")


def test_md_text_escapes_everything_that_is_markup() -> None:
    assert md_text("a|b") == "a\\|b"
    assert md_text("line\nbreak\tand tab") == "line break and tab"
    assert md_text("<script>&") == "&lt;script&gt;&amp;"
    assert md_text("x\u202ey") == "xy"
    assert "\u200b" in md_text("@team")


def test_unified_diff_truncates_and_withholds() -> None:
    old = "\n".join(f"line {i}" for i in range(200))
    new = "\n".join(f"LINE {i}" for i in range(200))
    diff = unified_diff("f.md", old, new, {1}, {2}, limit=50)
    assert diff is not None and len(diff.lines) == 50 and diff.omitted == 3 + 400 - 50
    small = unified_diff("f.md", "a\nb\nc\n", "a\nB\nC\n", {2}, {3})
    assert small is not None and small.withheld == 2
    assert small.lines[3:] == [" a", f"-{WITHHELD}", "-c", "+B", f"+{WITHHELD}"]
    assert unified_diff("f.md", "same", "same", set(), set()) is None


def test_bad_revision_is_a_usage_error(repo: LogBuilder) -> None:
    code, output, _ = run(repo, "no-such-branch")
    assert code == 2
    assert "Error: unknown revision 'no-such-branch'" in output and "Traceback" not in output
    code, output, _ = run(repo, "main", "--not-an-option-but-a-rev")
    assert code == 2


def test_base_without_log_reports_everything_added(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "README.md").write_text("A disclosure log.\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    commit(root, "empty")
    builder = LogBuilder(root)
    builder.valid()
    code, _, data = run(builder)
    assert code == 0
    assert [a["reference"] for a in data["added"]] == [VALID_REFERENCE]


def test_two_revisions_and_origin_main_default(repo: LogBuilder) -> None:
    git(repo.root, "checkout", "-q", "-b", "feature")
    repo.valid(other_yml(), slug=OTHER_SLUG)
    commit(repo.root, "add")
    shutil.rmtree(repo.responses / "2026" / OTHER_SLUG)  # the working tree differs from HEAD
    code, _, data = run(repo, "main", "HEAD")
    assert code == 0 and [a["reference"] for a in data["added"]] == [OTHER_REF]
    assert data["head"].startswith("HEAD (")
    # origin/main wins over main when it exists.
    git(repo.root, "update-ref", "refs/remotes/origin/main", "HEAD")
    code, _, data = run(repo)
    assert data["base"].startswith("origin/main (") and data["deleted"][0]["reference"] == OTHER_REF


def test_registers_on_a_click_group(repo: LogBuilder) -> None:
    group = click.Group()
    group.add_command(diff_command, "diff")
    result = CliRunner().invoke(group, ["diff", "--help"])
    assert result.exit_code == 0 and "BASE" in result.output and "--format" in result.output
