"""`foilog diff` never repeats personal data: every detector hit it prints is masked as findings are (issue 16 item 5).

A pull request's job summary and its artifact are public for a public repository.
Lines the leak gate flags were already withheld, but a hit that runs over two lines
(a mobile number broken by a soft line break, an address), and values printed
outside the diffs (correction notes, withdrawal reasons, attachment titles and
names) went out verbatim. And an embargo keeps a response off the website only:
in a public repository its YAML is public as soon as it is pushed, so the summary
says so when it can tell the repository is public.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from logbuilder import DEFAULT_OPTIONS, TODAY_ARG, VALID_YML, LogBuilder, variant
from test_diff import commit, git, run

from foilog.commands.diff import md_text
from foilog.commands.diff.command import diff_command
from foilog.commands.diff.render import PUBLIC_REPOSITORY_NOTE
from foilog.gate.textscan import mask_text

pytestmark = pytest.mark.adversarial

MOBILE_A = "07700 900123"
MOBILE_B = "07700 900456"
LANDLINE = "0161 496 0000"
EMAIL = "jane.mortimer@gmail.com"
SWITCHBOARD = "0161 496 0999"

#: A soft line break inside a mobile number and an address over two lines: the finding is on the first line only.
MD = (
    "Dear Mr Jonathan Pemberton\n\nThe routes are attached. Our depot on\n07700\n900789 is open.\n"
    "Write to 14 Acacia Avenue,\nNorthtown NT1 2AB.\n\nYours sincerely\n\nMargaret Thornbury\nHighways Officer\n"
)
#: Each raw value, and the parts of it that must not appear anywhere in the output.
RAW = (
    "900123",
    "900456",
    "900789",
    "496 0000",
    "mortimer",
    "Jonathan",
    "Pemberton",
    "Acacia",
    "Northtown",
    "NT1 2AB",
    "Thornbury",
    "900321",
    "900654",
)


def leaky_yml() -> str:
    text = variant(
        "answer: See the attached table of routes.",
        f"answer: |\n      See the attached table of routes.\n      Ring the driver on\n      {MOBILE_A} or {LANDLINE}.",
    )
    text = variant("title: Gritting routes 2026/27", f"title: Routes from {EMAIL}", text)
    return text + (
        f"corrections:\n  - date: 2026-10-02\n    note: Call {MOBILE_B} for details.\n"
        "withdrawn:\n  date: 2026-11-20\n  reason: Published before Mr Harold Finch on 07700 900321 was told.\n"
    )


@pytest.fixture
def repo(tmp_path: Path) -> LogBuilder:
    builder = LogBuilder(tmp_path / "repo", options={**DEFAULT_OPTIONS, "allowlist": [{"text": SWITCHBOARD, "reason": "switchboard"}]})
    builder.valid()
    git(builder.root, "init", "-q", "-b", "main")
    commit(builder.root, "base")
    return builder


def assert_no_raw(output: str) -> None:
    for raw in RAW:
        assert raw not in output, f"{raw!r} printed unmasked"


@pytest.mark.parametrize("fmt", ["markdown", "json"])
def test_every_detector_hit_is_masked_in_added_lines_and_values(repo: LogBuilder, fmt: str) -> None:
    repo.valid(leaky_yml(), md=MD)
    code, output, _ = run(repo, fmt=fmt)
    assert code == 1
    assert_no_raw(output)
    # Masked as the findings' excerpts are: first character of each word kept.
    assert "9*****" in output  # the second line of the broken mobile number
    assert "N******** N** 2**" in output  # the second line of the address
    title = "j***@gmail.com"  # the attachment title, in a table cell of the Markdown
    assert (md_text(title) if fmt == "markdown" else title) in output


def test_masked_values_where_reviewers_read_them(repo: LogBuilder) -> None:
    repo.valid(leaky_yml(), md=MD)
    _, _, data = run(repo)
    [changed] = data["changed"]
    assert changed["corrections"] == [{"date": "2026-10-02", "note": "Call 0**** 9***** for details."}]
    assert "0**** 9*****" in changed["withdrawn"]["reason"]
    assert changed["attachments"][0]["title"] == "Routes from j***@gmail.com"
    md_diff = changed["diffs"][1]["diff"]
    assert "+9***** is open." in md_diff and "+N******** N** 2**." in md_diff


def test_removed_lines_are_masked_too(repo: LogBuilder) -> None:
    repo.valid(md=MD)
    commit(repo.root, "leak")
    repo.valid(md="Dear Requester\n\nThe routes are attached.\n")
    code, output, data = run(repo)
    assert code == 0
    assert_no_raw(output)
    assert "-9***** is open." in data["changed"][0]["diffs"][0]["diff"]
    _, markdown, _ = run(repo, fmt="markdown")
    assert_no_raw(markdown)


def test_a_file_attachment_name_is_masked(repo: LogBuilder) -> None:
    name = "attachments/letter-to-07700-900654.csv"
    text = variant("path: attachments/gritting-routes.csv", f"path: {name}")
    repo.valid(text, attachments={name: b"route,roads\nA,B1\n"})
    for fmt in ("json", "markdown"):
        _, output, _ = run(repo, fmt=fmt)
        assert "900654" not in output


def test_acknowledged_text_is_masked_as_its_finding_is(repo: LogBuilder) -> None:
    reason = "the requester asked us to publish their address with the response"
    repo.valid(VALID_YML + f"acknowledgements:\n  - text: {EMAIL}\n    reason: {reason}\n", md=f"Dear Requester\n\nWrite to\n{EMAIL}.\n")
    code, output, data = run(repo)
    assert code == 0 and data["findings"] == []
    assert EMAIL not in output and "j***@gmail.com" in output


def test_allowlisted_public_detail_is_shown(repo: LogBuilder) -> None:
    repo.valid(md=f"Dear Requester\n\nRing our switchboard on {SWITCHBOARD}.\n")
    code, _, data = run(repo)
    assert code == 0
    assert f"+Ring our switchboard on {SWITCHBOARD}." in data["changed"][0]["diffs"][0]["diff"]


def test_mask_text_keeps_lines_and_masks_like_an_excerpt() -> None:
    text = "Our depot on\n07700\n900789 is open.\nWrite to jane.mortimer@gmail.com today.\n"
    masked = mask_text(text)
    assert masked.count("\n") == text.count("\n")
    assert masked == "Our depot on\n0****\n9***** is open.\nWrite to j***@gmail.com today.\n"
    assert mask_text("Nothing personal here.") == "Nothing personal here."


# -- public repositories and embargoes ---------------------------------------------------------------


def event_file(tmp_path: Path, repository: dict[str, object]) -> Path:
    path = tmp_path / "event.json"
    path.write_text(json.dumps({"action": "opened", "repository": repository}), encoding="utf-8")
    return path


def run_with_event(builder: LogBuilder, event: Path | None, *args: str, fmt: str = "markdown") -> tuple[int, str]:
    env = {"GITHUB_EVENT_PATH": str(event) if event else None}
    result = CliRunner().invoke(diff_command, [*args, "--format", fmt, "-f", str(builder.config), "--today", TODAY_ARG], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout


def embargoed(builder: LogBuilder) -> None:
    builder.valid(variant("outcome: granted-in-part", "outcome: granted-in-part\npublish_after: 2027-01-15"))


@pytest.mark.parametrize(
    "repository", [{"private": False, "visibility": "public"}, {"private": False}], ids=["visibility", "private-flag-only"]
)
def test_public_repository_says_an_embargo_does_not_hide_the_yaml(repo: LogBuilder, tmp_path: Path, repository: dict) -> None:
    embargoed(repo)
    code, markdown = run_with_event(repo, event_file(tmp_path, repository))
    assert code == 0
    assert PUBLIC_REPOSITORY_NOTE in markdown
    assert markdown.index(PUBLIC_REPOSITORY_NOTE) < markdown.index("### Changed")
    _, output = run_with_event(repo, event_file(tmp_path, repository), fmt="json")
    data = json.loads(output)
    assert data["repository_visibility"] == "public" and data["public_repository_note"] == PUBLIC_REPOSITORY_NOTE


@pytest.mark.parametrize("repository", [{"private": True, "visibility": "private"}, {"private": True, "visibility": "internal"}])
def test_private_repository_has_no_such_note(repo: LogBuilder, tmp_path: Path, repository: dict) -> None:
    embargoed(repo)
    _, markdown = run_with_event(repo, event_file(tmp_path, repository))
    assert PUBLIC_REPOSITORY_NOTE not in markdown
    _, output = run_with_event(repo, event_file(tmp_path, repository), fmt="json")
    assert json.loads(output)["public_repository_note"] is None


def test_unknown_visibility_has_no_note(repo: LogBuilder, tmp_path: Path) -> None:
    embargoed(repo)
    _, markdown = run_with_event(repo, None)
    assert PUBLIC_REPOSITORY_NOTE not in markdown
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    code, markdown = run_with_event(repo, broken)
    assert code == 0 and PUBLIC_REPOSITORY_NOTE not in markdown


def test_visibility_option_wins_over_the_event(repo: LogBuilder, tmp_path: Path) -> None:
    private = event_file(tmp_path, {"private": True, "visibility": "private"})
    _, markdown = run_with_event(repo, private, "--visibility", "public")
    assert PUBLIC_REPOSITORY_NOTE in markdown
    public = event_file(tmp_path, {"private": False, "visibility": "public"})
    _, markdown = run_with_event(repo, public, "--visibility", "private")
    assert PUBLIC_REPOSITORY_NOTE not in markdown
    # An empty value (an event without the field) means: find out from the event.
    _, markdown = run_with_event(repo, public, "--visibility", "")
    assert PUBLIC_REPOSITORY_NOTE in markdown
