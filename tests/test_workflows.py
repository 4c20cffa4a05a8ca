"""The GitHub workflows, CODEOWNERS, PR template and pre-commit hooks follow the hardening rules.

Parsed with PyYAML and checked rule by rule; then the real linters run over
``.github/workflows/``: actionlint (with shellcheck for ``run:`` scripts when
it is installed) and zizmor (offline). Each is skipped when not installed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = REPO / ".github" / "workflows"
PR = WORKFLOWS / "pull-request.yml"
DEPLOY = WORKFLOWS / "deploy.yml"

#: Every action the workflows may use, pinned to the commit of a release (looked up and cross-checked).
PINS = {
    "actions/checkout": ("11bd71901bbe5b1630ceea73d27597364c9af683", "v4.2.2"),
    "actions/setup-python": ("a26af69be951a213d495a4c3e4e4022e16d87065", "v5.6.0"),
    "actions/upload-artifact": ("ea165f8d65b6e75b540449e92b4886f43607fa02", "v4.6.2"),
    "actions/upload-pages-artifact": ("56afc609e74202658d3ffba0e8f6dda462b719fa", "v3.0.1"),
    "actions/deploy-pages": ("d6db90164ac5ed86f2b6aed7e0febac5b3c0c03e", "v4.0.5"),
}
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<value>.*?)\s*$")
PINNED = re.compile(
    r"^(?P<action>[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_./-]+)?)@(?P<sha>[0-9a-f]{40})\s+#\s+(?P<version>v\d+(?:\.\d+)*)$"
)
TIMEOUT = 120


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text("utf-8"))
    if True in data:  # YAML 1.1 reads the key `on` as true
        data["on"] = data.pop(True)
    return data


def workflows() -> list[Path]:
    return sorted(WORKFLOWS.glob("*.y*ml"))


def steps(path: Path) -> list[tuple[str, dict[str, Any]]]:
    return [(job_id, step) for job_id, job in load(path)["jobs"].items() for step in job.get("steps", [])]


def step_named(path: Path, text: str) -> dict[str, Any]:
    [step] = [s for _, s in steps(path) if text in s.get("run", "")]
    return step


def test_the_two_workflows_exist() -> None:
    assert [p.name for p in workflows()] == ["deploy.yml", "pull-request.yml"]


@pytest.mark.adversarial
@pytest.mark.parametrize("path", workflows(), ids=lambda p: p.name)
def test_every_uses_is_pinned_to_a_full_sha_with_its_version(path: Path) -> None:
    seen = 0
    for line in path.read_text("utf-8").splitlines():
        m = USES_LINE.match(line)
        if not m:
            continue
        seen += 1
        pin = PINNED.match(m.group("value"))
        assert pin, f"{path.name}: '{line.strip()}' must be owner/repo@<40-hex SHA> # vX.Y.Z"
        assert PINS.get(pin.group("action")) == (pin.group("sha"), pin.group("version")), f"{path.name}: unexpected pin {line.strip()}"
    assert seen == sum("uses" in s for _, s in steps(path)) > 0


@pytest.mark.adversarial
@pytest.mark.parametrize("path", workflows(), ids=lambda p: p.name)
def test_least_privilege(path: Path) -> None:
    data = load(path)
    assert data["permissions"] == {}, "top level: permissions: {}"
    for job_id, job in data["jobs"].items():
        permissions = job.get("permissions")
        assert isinstance(permissions, dict), f"{job_id}: declare the job's permissions"
        if job.get("environment", {}).get("name") == "github-pages":
            assert permissions == {"pages": "write", "id-token": "write"}, job_id
        else:
            assert permissions == {"contents": "read"}, job_id


@pytest.mark.adversarial
@pytest.mark.parametrize("path", workflows(), ids=lambda p: p.name)
def test_checkout_never_persists_credentials(path: Path) -> None:
    checkouts = [s for _, s in steps(path) if s.get("uses", "").startswith("actions/checkout@")]
    assert checkouts
    for step in checkouts:
        assert step.get("with", {}).get("persist-credentials") is False


@pytest.mark.parametrize("path", workflows(), ids=lambda p: p.name)
def test_concurrency_and_timeouts(path: Path) -> None:
    data = load(path)
    assert data["concurrency"]["group"]
    for job_id, job in data["jobs"].items():
        assert 0 < job["timeout-minutes"] <= 60, job_id


@pytest.mark.adversarial
@pytest.mark.parametrize("path", workflows(), ids=lambda p: p.name)
def test_no_expressions_in_run_scripts(path: Path) -> None:
    """Template injection: event values reach scripts through env:, never ${{ }} in run:."""
    for job_id, step in steps(path):
        assert "${{" not in step.get("run", ""), f"{job_id}: {step.get('name')}"


def code(path: Path) -> str:
    """The workflow without its comment lines."""
    return "\n".join(line for line in path.read_text("utf-8").splitlines() if not line.lstrip().startswith("#"))


@pytest.mark.adversarial
@pytest.mark.parametrize("path", workflows(), ids=lambda p: p.name)
def test_never_pull_request_target(path: Path) -> None:
    assert "pull_request_target" not in code(path) and "workflow_run" not in code(path)


@pytest.mark.adversarial
def test_pull_request_workflow_triggers_and_secrets() -> None:
    text = code(PR)
    data = load(PR)
    assert set(data["on"]) == {"pull_request"}
    assert "secrets." not in text and "secrets[" not in text
    assert data["concurrency"]["group"] == "pull-request-${{ github.ref }}"
    assert data["concurrency"]["cancel-in-progress"] is True


def test_pull_request_workflow_steps() -> None:
    [(_, checkout)] = [(j, s) for j, s in steps(PR) if s.get("uses", "").startswith("actions/checkout@")]
    assert checkout["with"]["fetch-depth"] == 0
    [python] = [s for _, s in steps(PR) if s.get("uses", "").startswith("actions/setup-python@")]
    assert python["with"]["python-version"] == "3.11"
    install = step_named(PR, "--require-hashes")["run"]
    assert "pip install --require-hashes -r requirements.lock" in install and "pip install --no-deps ." in install
    step_named(PR, "foilog check --format github --strict")
    step_named(PR, "python build_site.py --strict")
    summary = step_named(PR, "foilog diff")
    lines = summary["run"].splitlines()
    # The job summary (shortened under GitHub's 1 MiB limit) and the whole of it as an artifact;
    # the step fails when either run reports a problem.
    # The repository's visibility, so a public repository's summary says an embargo does not hide its files.
    assert (
        'foilog diff "origin/$BASE_REF" HEAD --format markdown --visibility "$VISIBILITY" >> "$GITHUB_STEP_SUMMARY" || status=$?' in lines
    )
    assert (
        'foilog diff "origin/$BASE_REF" HEAD --format markdown --visibility "$VISIBILITY" --max-bytes 0 > publication-summary.md || status=$?'
        in lines
    )
    assert lines[0] == "status=0" and lines[-1] == 'exit "$status"'
    assert summary["env"] == {"BASE_REF": "${{ github.base_ref }}", "VISIBILITY": "${{ github.event.repository.visibility }}"}
    uploads = {s["with"]["name"]: s for _, s in steps(PR) if s.get("uses", "").startswith("actions/upload-artifact@")}
    assert uploads["site-preview"]["with"]["path"] == "site/"
    assert uploads["publication-summary"]["with"]["path"] == "publication-summary.md"
    assert uploads["publication-summary"]["if"] == "${{ !cancelled() }}"
    # Pictures of hidden content (foilog scan --explain), uploaded and linked from the summary
    # even when the check failed: that is when a reviewer needs them.
    explain = step_named(PR, "foilog scan --explain")
    assert explain["if"] == "${{ !cancelled() }}"
    assert "foilog scan --explain leak-gate-pictures responses content" in explain["run"]
    assert uploads["leak-gate-pictures"]["with"]["path"] == "leak-gate-pictures/"
    assert uploads["leak-gate-pictures"]["id"] == "pictures"
    link = step_named(PR, "PICTURES_URL")
    assert link["env"] == {"PICTURES_URL": "${{ steps.pictures.outputs.artifact-url }}"}
    assert '>> "$GITHUB_STEP_SUMMARY"' in link["run"]


@pytest.mark.adversarial
def test_deploy_workflow() -> None:
    data = load(DEPLOY)
    triggers = data["on"]
    assert triggers["push"] == {"branches": ["main"]}
    assert "workflow_dispatch" in triggers
    [schedule] = triggers["schedule"]
    _minute, hour, *rest = schedule["cron"].split()
    assert rest == ["*", "*", "*"] and 0 <= int(hour) <= 7, "daily, early morning UK time (after midnight in GMT and BST)"
    assert data["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = data["jobs"]["build"], data["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert [s["uses"].split("@")[0] for s in build["steps"] if "uses" in s] == [
        "actions/checkout",
        "actions/setup-python",
        "actions/upload-pages-artifact",
    ]
    step_named(DEPLOY, "foilog check --format github --strict")
    step_named(DEPLOY, "python build_site.py --strict")
    assert "secrets." not in code(DEPLOY)


@pytest.mark.adversarial
def test_deploy_believes_no_cache() -> None:
    """The published site never depends on a cache another workflow or a pull request could have written (issue 16 item 10)."""
    data = load(DEPLOY)
    text = code(DEPLOY)
    for action in ("actions/cache", "actions/download-artifact", "dawidd6/action-download-artifact"):
        assert action not in text, f"deploy.yml must not restore anything ({action})"
    assert ".foilog-cache" not in text
    assert not re.search(r"\brestore\b", text, re.IGNORECASE)
    for _, step in steps(DEPLOY):
        assert "cache" not in (step.get("with") or {}), f"step {step.get('name')!r} restores a cache"
    build = data["jobs"]["build"]
    assert build["env"]["FOILOG_NO_CACHE"] == "1"  # every foilog command of the job
    assert "--no-cache" in step_named(DEPLOY, "python build_site.py --strict")["run"]
    assert "--no-cache" in step_named(DEPLOY, "foilog check --format github --strict")["run"]


def test_codeowners() -> None:
    rules = {}
    for line in (REPO / ".github" / "CODEOWNERS").read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, *owners = line.split()
            rules[pattern] = owners
    team, maintainers = ["@example-authority/disclosure-team"], ["@example-authority/foilog-maintainers"]
    assert rules["/responses/"] == rules["/content/"] == team
    for pattern in ("/.github/", "/mkdocs.yml", "/pyproject.toml", "/requirements*.lock", "/foilog/"):
        assert rules[pattern] == maintainers, pattern


def test_pull_request_template_checklist() -> None:
    text = (REPO / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text("utf-8").lower()
    for item in (
        "requester identity removed",
        "junior staff",
        "hidden sheets",
        "tracked changes",
        "black boxes",
        "exemptions and outcome",
        "embargo date",
        "acknowledgements justified",
        "plain english",
    ):
        assert item in text, item
    assert text.count("- [ ]") >= 7


def test_pre_commit_hook_for_other_repositories() -> None:
    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert hook["id"] == "foilog-check"
    assert hook["entry"] == "foilog check --strict"
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    for path in ("responses/2026/x/response.yml", "content/about.md", "mkdocs.yml"):
        assert files.search(path), path
    for path in ("foilog/commands/cli.py", "docs/mkdocs.yml", "mkdocs.yml.bak", "README.md"):
        assert not files.search(path), path


def test_pre_commit_config_for_this_repository() -> None:
    [local] = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text("utf-8"))["repos"]
    assert local["repo"] == "local"
    entries = {h["id"]: h["entry"] for h in local["hooks"]}
    assert entries["foilog-check"] == "foilog check --strict"
    assert any(entry.startswith("ruff check") for entry in entries.values())
    assert any(entry.startswith("ruff format") for entry in entries.values())


# -- the real linters -----------------------------------------------------------------------


def _tool(name: str) -> str | None:
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.is_file() else shutil.which(name)


def _run(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=REPO, capture_output=True, text=True, timeout=TIMEOUT, check=False)


BAD_WORKFLOW = """\
name: bad
on: pull_request_target
jobs:
  bad:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo "${{ github.event.pull_request.title }}"
"""


@pytest.mark.skipif(_tool("actionlint") is None, reason="actionlint is not installed")
def test_actionlint_reports_nothing(tmp_path: Path) -> None:
    actionlint = _tool("actionlint")
    assert actionlint is not None
    done = _run([actionlint, "-no-color", *(str(p) for p in workflows())])
    assert (done.returncode, done.stdout + done.stderr) == (0, "")
    bad = tmp_path / "bad.yml"
    bad.write_text(BAD_WORKFLOW, encoding="utf-8")
    assert _run([actionlint, "-no-color", str(bad)]).returncode == 1, "actionlint finds a known problem"


@pytest.mark.skipif(_tool("zizmor") is None, reason="zizmor is not installed (pip install zizmor)")
def test_zizmor_reports_nothing(tmp_path: Path) -> None:
    zizmor = _tool("zizmor")
    assert zizmor is not None
    done = _run([zizmor, "--offline", "--no-progress", "--persona", "pedantic", str(WORKFLOWS)])
    assert done.returncode == 0, done.stdout + done.stderr
    bad = tmp_path / "workflows" / "bad.yml"
    bad.parent.mkdir()
    bad.write_text(BAD_WORKFLOW, encoding="utf-8")
    assert _run([zizmor, "--offline", "--no-progress", str(bad.parent)]).returncode != 0, "zizmor finds a known problem"
