"""`foilog init`: a new, empty log for one authority that checks and builds at once.

End to end: init, add a response with `foilog new`, check (strict), build (with
the build_site.py the log ships), and lint the log's workflows with actionlint
and zizmor. Also: what init refuses, and that the files it copies from this
repository (workflows, PR template, lock file) cannot drift from the originals.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from foilog.commands.cli import main
from foilog.commands.init_log import MATERIAL_COLOURS, contrast_with_white, parse_authority, parse_colour
from foilog.engine.mkdocs_adapter import FOOTER_PAGES
from foilog.engine.mkdocs_config import load_project

REPO = Path(__file__).resolve().parent.parent
NEWLOG = REPO / "foilog" / "newlog"
TODAY = "2026-11-26"
PAGES = ["about.md", "accessibility.md", "how-to-request.md", "index.md", "licence.md", "privacy.md"]


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def init(target: Path, *args: str) -> Result:
    return run("init", str(target), *args)


def fill_in(yml: Path) -> None:
    """What an editor does with the scaffold: every TODO answered, the first (schema) line kept."""
    first = yml.read_text("utf-8").splitlines()[0]
    yml.write_text(
        first
        + "\n"
        + """reference: 'FOI/2026/0123'
title: Agency staff spending
summary: The requester asked how much was spent on agency staff. The totals were released.
regime: FOIA
received: 2026-10-01
responded: 2026-10-28
outcome: granted-in-full
topics: [staff-and-pay]
exemptions: []
questions:
  - number: '1'
    question: How much did you spend on agency staff in 2025/26?
    answer: "We spent £1.2 million on agency staff in 2025/26 (see note #3 of the accounts)."
    outcome: granted-in-full
""",
        encoding="utf-8",
    )
    (yml.parent / "response.md").write_text("Dear Requester\n\nThank you for your request. The answer is above.\n", encoding="utf-8")


@pytest.fixture(scope="module")
def log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("init") / "northshire-log"
    result = init(root, "--authority", "Northshire County Council", "--colour", "indigo")
    assert result.exit_code == 0, result.output
    return root


def test_init_writes_a_whole_log_and_no_sample_data(log: Path) -> None:
    files = sorted(p.relative_to(log).as_posix() for p in log.rglob("*") if p.is_file())
    assert files == [
        ".github/CODEOWNERS",
        ".github/PULL_REQUEST_TEMPLATE.md",
        ".github/workflows/deploy.yml",
        ".github/workflows/pull-request.yml",
        ".gitignore",
        ".pre-commit-config.yaml",
        "README.md",
        "build_site.py",
        *(f"content/{page}" for page in PAGES),
        "content/topics/buildings-and-property.md",
        "content/topics/complaints-and-performance.md",
        "content/topics/contracts-and-procurement.md",
        "content/topics/finance-and-spending.md",
        "content/topics/index.md",
        "content/topics/information-technology.md",
        "content/topics/policies-and-procedures.md",
        "content/topics/staff-and-pay.md",
        "mkdocs.yml",
        "requirements-foilog.txt",
        "requirements.lock",
        "responses/README.md",
        "schema/response.schema.json",
    ]
    text = "\n".join(p.read_text("utf-8") for p in log.rglob("*") if p.is_file())
    for sample in ("Northshire County Council (fictional)", "northshire.example", "Metropolitan", "Greendale", "Caledon", "01632"):
        assert sample not in text, sample
    assert "Northshire County Council" in text
    assert {p.stat().st_mode & 0o777 for p in [log, *log.rglob("*")] if p.is_dir()} == {0o777 & ~_umask()}


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_mkdocs_yml_is_for_that_authority(log: Path) -> None:
    project = load_project(log / "mkdocs.yml")
    assert project.site_name == "Northshire County Council disclosure log"
    assert project.settings.default_authority == "northshire-county-council"
    assert [(a.id, a.name) for a in project.settings.authorities] == [("northshire-county-council", "Northshire County Council")]
    assert project.settings.colour == MATERIAL_COLOURS["indigo"]
    assert project.settings.allowlist == []
    config = yaml.safe_load((log / "mkdocs.yml").read_text("utf-8"))
    assert [p["primary"] for p in config["theme"]["palette"]] == ["custom", "custom"]
    nav = list(_nav_targets(config["nav"]))
    for page in PAGES:
        assert page in nav or page in FOOTER_PAGES.values(), f"{page} is neither in the navigation nor in the footer"
    # The navigation reaches every index of the log (issue 19), the open data included.
    for target in (
        "topics/index.md",
        "outcomes/index.md",
        "exemptions/index.md",
        "archive/index.md",
        "statistics/index.md",
        "corrections/index.md",
        "search/index.md",
        "data/responses.csv",
    ):
        assert target in nav, target


def _nav_targets(items: list[Any]) -> Iterator[str]:
    """Every page or link of a ``nav`` (its sections walked)."""
    for item in items:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            yield from _nav_targets(value)
        else:
            yield value


def test_the_pages_carry_placeholders_the_readme_lists(log: Path) -> None:
    for page in PAGES:
        assert "[Replace:" in (log / "content" / page).read_text("utf-8"), page
    readme = (log / "README.md").read_text("utf-8")
    for command in (
        'foilog new "FOI/2026/0123"',
        "foilog import",
        "foilog check",
        "python build_site.py",
        'grep -rn "\\[Replace:" content',
    ):
        assert command in readme, command
    assert "`foilog check` and `python build_site.py` pass on it as it is" in readme
    assert "the embargo keeps it off the website only" in readme


def test_init_then_new_then_check_and_build(log: Path, tmp_path: Path) -> None:
    """The issue's promise, end to end, on a copy of the new log."""
    root = tmp_path / "log"
    shutil.copytree(log, root)
    config = str(root / "mkdocs.yml")
    # The new log checks (strictly, as CI does) and builds at once.
    fresh = run("check", "--strict", "--config-file", config, "--today", TODAY)
    assert fresh.exit_code == 0 and "0 errors, 0 warnings" in fresh.output, fresh.output
    # Add a response: the scaffold fails the check until it is filled in.
    made = run("new", "FOI/2026/0123", "--config-file", config, "--received", "2026-10-01", "--responded", "2026-10-28")
    assert made.exit_code == 0, made.output
    yml = root / "responses/2026/foi-2026-0123/response.yml"
    assert (yml.parent / yml.read_text("utf-8").splitlines()[0].split("$schema=", 1)[1]).resolve() == root / "schema/response.schema.json"
    assert run("check", "--config-file", config, "--today", TODAY).exit_code == 1
    fill_in(yml)
    checked = run("check", "--strict", "--config-file", config, "--today", TODAY)
    assert checked.exit_code == 0, checked.output
    # `python build_site.py --strict` (the log's own script, as its workflows run it) builds the site.
    env = {**os.environ, "FOILOG_TODAY": TODAY, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    built = subprocess.run(
        [sys.executable, "build_site.py", "--strict", "--today", TODAY],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    page = (root / "site/responses/2026/foi-2026-0123/index.html").read_text("utf-8")
    assert "Agency staff spending" in page and "see note #3 of the accounts" in page
    assert "Northshire County Council" in page
    for name in ("about", "how-to-request", "accessibility", "privacy", "licence", "topics/staff-and-pay"):
        assert (root / "site" / name / "index.html").is_file(), name


# -- what init refuses ----------------------------------------------------------------------


def test_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    result = init(tmp_path, "--authority", "Northshire County Council")
    assert result.exit_code == 2
    assert result.stderr == f"Error: {tmp_path} is not empty; foilog init never overwrites anything: choose a new or empty folder\n"
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_an_empty_folder_is_used(tmp_path: Path) -> None:
    target = tmp_path / "log"
    target.mkdir()
    assert init(target, "--authority", "Caledon Council", "--regime", "foisa").exit_code == 0
    assert (target / "mkdocs.yml").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["log"], "no staging folder is left behind"


def test_the_current_folder_is_used_when_empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("init", ".", "--authority", "Northshire County Council")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "mkdocs.yml").is_file() and (tmp_path / ".github/workflows/deploy.yml").is_file()
    assert [p.name for p in tmp_path.parent.iterdir() if p.name.startswith(f".{tmp_path.name}.")] == []


def test_refuses_a_file(tmp_path: Path) -> None:
    target = tmp_path / "log"
    target.write_text("", encoding="utf-8")
    result = init(target, "--authority", "Northshire County Council")
    assert result.exit_code == 2
    assert result.stderr == f"Error: {target} exists and is not a folder; choose a new folder for the log\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--regime", "GDPR"],
            "Error: --regime: expected one of FOIA, EIR, FOISA, EISR, got 'GDPR' (FOISA and EISR are for Scottish authorities)\n",
        ),
        (["--colour", "navy"], "Error: --colour: expected one of Material's colour names (red, pink, "),
        (["--colour", "#12345"], "Error: --colour: expected one of Material's colour names ("),
        (["--colour", "yellow"], "Error: --colour: 'yellow' (#ffec3d) is too light: white text on it has a contrast of 1.2:1, "),
        (["--colour", "#ffffff"], "Error: --colour: '#ffffff' is too light: white text on it has a contrast of 1.0:1, and the site's"),
        (
            ["--authority", "<script>"],
            "Error: --authority: the name may not contain '<' (write the name as the public knows it, in plain words)\n",
        ),
        (["--authority", "  "], "Error: --authority: expected the authority's name, such as 'Northshire County Council', got nothing\n"),
    ],
)
def test_refuses_bad_options_with_a_usage_error(tmp_path: Path, args: list[str], message: str) -> None:
    target = tmp_path / "log"
    result = init(target, "--authority", "Northshire County Council", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(message), result.stderr
    assert not target.exists() and list(tmp_path.iterdir()) == []


def test_authority_is_required(tmp_path: Path) -> None:
    result = run("init", str(tmp_path / "log"))
    assert result.exit_code == 2 and "Missing option '--authority'" in result.stderr


@pytest.mark.parametrize(
    ("name", "authority_id"),
    [
        ("Cyngor Sir Ynys Môn", "cyngor-sir-ynys-mon"),
        ("St Helen’s Council", "st-helens-council"),
        ("NHS Greater Glasgow & Clyde", "nhs-greater-glasgow-clyde"),
        ("  Ministry of   Defence (MOD) ", "ministry-of-defence-mod"),
    ],
)
def test_authority_ids(name: str, authority_id: str) -> None:
    assert parse_authority(name) == (" ".join(name.split()), authority_id)


def test_colours() -> None:
    assert parse_colour(None).hex == "#1d4f91"
    assert parse_colour("Deep Purple").hex == MATERIAL_COLOURS["deep-purple"]
    assert parse_colour("#1D4F91").hex == "#1d4f91"
    assert parse_colour("1d4f91").hex == "#1d4f91"
    assert contrast_with_white("#000000") == pytest.approx(21.0)
    # Every colour init accepts gives white text a WCAG AA contrast.
    for name, hex_colour in MATERIAL_COLOURS.items():
        if contrast_with_white(hex_colour) >= 4.5:
            assert parse_colour(name).hex == hex_colour


def test_a_scottish_log_says_so(tmp_path: Path) -> None:
    target = tmp_path / "log"
    assert init(target, "--authority", "Caledon Council", "--regime", "FOISA", "--colour", "#005eb8").exit_code == 0
    request = (target / "content/how-to-request.md").read_text("utf-8")
    assert "Freedom of Information (Scotland) Act 2002" in request and "Scottish Information Commissioner" in request
    assert "itspublicknowledge.info" in request and "ico.org.uk" not in request
    assert "--responded 2026-10-28 --regime FOISA\n" in (target / "README.md").read_text("utf-8")
    assert load_project(target / "mkdocs.yml").settings.colour == "#005eb8"
    assert run("check", "--strict", "--config-file", str(target / "mkdocs.yml"), "--today", TODAY).exit_code == 0


# -- the copied files match this repository's, apart from how foilog is installed -----------


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text("utf-8"))
    data["on"] = data.pop(True)
    return data


def _without_install(data: dict[str, Any]) -> dict[str, Any]:
    for job in data["jobs"].values():
        for step in job.get("steps", []):
            if "--require-hashes" in step.get("run", ""):
                step.pop("name")
                step["run"] = step["run"].replace("-r requirements-foilog.txt", ".")
    return data


@pytest.mark.parametrize("name", ["pull-request.yml", "deploy.yml"])
def test_workflows_are_this_repositorys_apart_from_the_install(log: Path, name: str) -> None:
    ours, theirs = _load(REPO / ".github/workflows" / name), _load(log / ".github/workflows" / name)
    assert _without_install(theirs) == _without_install(ours)
    [install] = [s["run"] for job in theirs["jobs"].values() for s in job["steps"] if "--require-hashes" in s.get("run", "")]
    assert "python -m pip install --require-hashes -r requirements.lock" in install
    assert (log / "requirements-foilog.txt").read_text("utf-8").splitlines()[-1] == f"foilog=={__import__('foilog').__version__}"


def test_copied_files_are_this_repositorys(log: Path) -> None:
    for name in ("requirements.lock", "build_site.py", ".github/PULL_REQUEST_TEMPLATE.md"):
        assert (log / name).read_text("utf-8") == (REPO / name).read_text("utf-8"), f"{name}: refresh foilog/newlog from the repository"
    owners = dict(line.split(None, 1) for line in (log / ".github/CODEOWNERS").read_text("utf-8").splitlines() if line and line[0] != "#")
    assert owners["/responses/"].strip() == owners["/content/"].strip() == "@your-organisation/disclosure-team"
    [local] = yaml.safe_load((log / ".pre-commit-config.yaml").read_text("utf-8"))["repos"]
    assert [h["entry"] for h in local["hooks"]] == ["foilog check --strict"]


def test_the_template_ships_in_the_wheel() -> None:
    """Every file under foilog/newlog/ matches a package-data pattern (setuptools skips the rest)."""
    patterns = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["package-data"]["foilog"]
    shipped = {p for pattern in patterns for p in (REPO / "foilog").glob(pattern) if p.is_file()}
    template = {p for p in NEWLOG.rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert template and template <= shipped, sorted(str(p) for p in template - shipped)
    assert not [p for p in template if p.name.startswith(".")], "hidden files are not shipped: name them dot-..."


# -- the log's workflows lint clean -----------------------------------------------------------


def _tool(name: str) -> str | None:
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.is_file() else shutil.which(name)


@pytest.mark.skipif(_tool("actionlint") is None, reason="actionlint is not installed")
def test_actionlint_reports_nothing_on_the_new_log(log: Path) -> None:
    workflows = sorted(str(p) for p in (log / ".github/workflows").glob("*.yml"))
    done = subprocess.run(
        [str(_tool("actionlint")), "-no-color", *workflows], cwd=log, capture_output=True, text=True, timeout=120, check=False
    )
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


@pytest.mark.skipif(_tool("zizmor") is None, reason="zizmor is not installed (pip install zizmor)")
def test_zizmor_reports_nothing_on_the_new_log(log: Path) -> None:
    done = subprocess.run(
        [str(_tool("zizmor")), "--offline", "--no-progress", "--persona", "pedantic", str(log / ".github/workflows")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_placeholders_are_one_greppable_form() -> None:
    """`grep "[Replace:"` finds every placeholder: no other bracketed instruction hides in the pages."""
    for page in (NEWLOG / "content").rglob("*.j2"):
        for line in page.read_text("utf-8").splitlines():
            assert not re.search(r"\[(?!Replace:)[A-Z][a-z]+ (with|your)", line), f"{page.name}: {line}"
