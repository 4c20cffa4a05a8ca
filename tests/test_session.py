"""The build session (foilog.engine.session): its order of work, driven by a fake site engine; and its run options.

The session must not import MkDocs (the site engine can be replaced), so
these tests drive it the way any engine would: start, write each page
through :meth:`~foilog.engine.session.BuildSession.page_written`, finish.
All data is fictional.
"""

from __future__ import annotations

import ast
import contextlib
import datetime as dt
import gc
import logging
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from logbuilder import TODAY, VALID_ATTACHMENTS, VALID_SLUG, VALID_YML, LogBuilder

import foilog.engine.session as session_module
from foilog.engine.errors import SessionError
from foilog.engine.mkdocs_config import load_project
from foilog.engine.options import RunOptions, handing_over
from foilog.engine.publication import PREVIEW_MARKER, BuildMode, is_marked
from foilog.engine.session import ARTICLE_MARK, BuildSession, Site
from foilog.gate.sweep import SiteSweeper
from foilog.log.settings import SiteSettings
from foilog.site.pipeline import Plan
from foilog.site.publish.search import SearchIndexer
from foilog.site.render.markdown_ahead import MarkdownAhead

ENGINE = Path(__file__).resolve().parent.parent / "foilog" / "engine"
LEAK = "jane.example.smith@gmail.com"
PAGE = f"responses/2026/{VALID_SLUG}/index.html"


# --- no MkDocs in the session -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["session.py", "options.py", "errors.py"])
def test_the_engine_agnostic_modules_import_nothing_from_mkdocs(name: str) -> None:
    tree = ast.parse((ENGINE / name).read_text("utf-8"))
    imported = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    imported += [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert imported, "nothing parsed"
    assert [m for m in imported if m.split(".")[0] in ("mkdocs", "material")] == []


def test_importing_the_session_loads_no_mkdocs_module_at_all() -> None:
    """Not directly, and not through anything the session imports."""
    code = "import sys, foilog.engine.session; print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- a fake site engine -------------------------------------------------------------------------------


class FakeEngine:
    """What a site engine does around the session: start it, write each page through it, finish it."""

    FRAME = "<!doctype html>\n<html><head><title>{title}</title></head><body>{extra}<main>" + ARTICLE_MARK + "</main></body></html>\n"

    def __init__(self, root: Path, site_dir: Path, *, extra: str = "") -> None:
        self.project = load_project(root / "mkdocs.yml")
        self.site = Site(
            root=root,
            config_file=root / "mkdocs.yml",
            docs_dir=root / "content",
            site_dir=site_dir,
            site_name="Test Disclosure Log",
            site_url="https://foi.example.org/",
        )
        self.extra = extra
        self.session = BuildSession(logging.getLogger("test.session"))

    @property
    def settings(self) -> SiteSettings:
        return self.project.settings

    def build(self, options: RunOptions) -> Plan:
        self.site.site_dir.mkdir(parents=True, exist_ok=True)
        plan = self.session.start(self.site, self.settings, options)
        for page in plan.pages:
            self.write(page.src_uri, page.url, self.FRAME.format(title=page.title, extra=self.extra))
        self.session.finish()
        return plan

    def write(self, src_uri: str, url: str, html_text: str) -> None:
        dest = url + "index.html"
        output = self.session.page_written(dest, html_text, src_uri=src_uri, url="/" + url)
        if output:
            target = self.site.site_dir / dest
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(output, encoding="utf-8")


@pytest.fixture
def log(tmp_path: Path) -> LogBuilder:
    builder = LogBuilder(tmp_path / "log")
    builder.valid(VALID_YML, attachments=dict(VALID_ATTACHMENTS))
    return builder


def test_start_runs_its_steps_in_order(log: LogBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    steps: list[str] = []

    class Recording(BuildSession):
        def close(self) -> None:
            steps.append("close")
            super().close()

    for name in (
        "_start_helpers",
        "_plan_site",
        "_refuse_findings",
        "_decide_reuse",
        "_take_pages",
        "_trust_judged_texts",
        "_freeze",
        "_write_data_files",
        "_start_indexer",
    ):

        def recorder(self: BuildSession, *args: object, _name: str = name) -> object:
            steps.append(_name)
            return getattr(BuildSession, _name)(self, *args)

        setattr(Recording, name, recorder)
    real_gate = session_module.make_gate
    monkeypatch.setattr(session_module, "make_gate", lambda *a, **k: steps.append("make_gate") or real_gate(*a, **k))
    engine = FakeEngine(log.root, tmp_path / "site")
    engine.session = Recording(logging.getLogger("test.session"))
    engine.build(RunOptions(today=TODAY))
    assert steps == [
        "close",  # an earlier build's helpers first
        "make_gate",
        "_start_helpers",  # forked before the log is loaded
        "_plan_site",
        "_refuse_findings",
        "_decide_reuse",
        "_take_pages",  # the Markdown helper knows the pages before the judged texts and the packing
        "_trust_judged_texts",
        "_freeze",
        "_write_data_files",
        "_start_indexer",
        "close",  # finish closes
    ]


def test_the_markdown_helper_is_kept_supplied_from_the_judged_texts_to_the_end_of_the_data_files(
    log: LogBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second core converts pages while the build finishes planning, not only while it writes the data files."""
    supplied: dict[str, bool] = {}
    inside = [0]
    real = MarkdownAhead.meanwhile

    @contextlib.contextmanager
    def meanwhile(self: MarkdownAhead) -> Iterator[None]:
        inside[0] += 1
        try:
            with real(self):
                yield
        finally:
            inside[0] -= 1

    monkeypatch.setattr(MarkdownAhead, "meanwhile", meanwhile)

    class Recording(BuildSession):
        def _take_pages(self, plan: Plan, settings: SiteSettings) -> None:
            supplied["pages"] = bool(inside[0])
            super()._take_pages(plan, settings)
            # the letters are not packed yet: the pages' digests read them as they are
            supplied["packed when planned"] = any(r.body_packed for r in plan.log.responses)

        def _trust_judged_texts(self, plan: Plan) -> None:
            supplied["judged texts"] = bool(inside[0])
            super()._trust_judged_texts(plan)

        def _freeze(self) -> None:
            supplied["freeze"] = bool(inside[0])
            super()._freeze()

        def _write_data_files(self, site: Site, plan: Plan) -> None:
            supplied["data files"] = bool(inside[0])
            super()._write_data_files(site, plan)

    engine = FakeEngine(log.root, tmp_path / "site")
    engine.session = Recording(logging.getLogger("test.session"))
    engine.build(RunOptions(today=TODAY))
    assert supplied == {"pages": False, "packed when planned": False, "judged texts": True, "freeze": True, "data files": True}
    assert inside == [0]


def test_the_collector_is_paused_while_the_log_is_planned_and_not_for_the_helpers(log: LogBuilder, tmp_path: Path) -> None:
    """Long-lived helpers are forked with the collector on; loading and planning run with it paused; it is on again after."""
    seen: dict[str, bool] = {}

    class Recording(BuildSession):
        def _start_helpers(self, site: Site) -> None:
            seen["helpers"] = gc.isenabled()
            super()._start_helpers(site)

        def _plan_site(self, site: Site, settings: SiteSettings) -> Plan:
            seen["plan"] = gc.isenabled()
            return super()._plan_site(site, settings)

        def _write_data_files(self, site: Site, plan: Plan) -> None:
            seen["data files"] = gc.isenabled()
            super()._write_data_files(site, plan)

    assert gc.isenabled()
    engine = FakeEngine(log.root, tmp_path / "site")
    engine.session = Recording(logging.getLogger("test.session"))
    engine.build(RunOptions(today=TODAY))
    assert seen == {"helpers": True, "plan": False, "data files": True}
    assert gc.isenabled()


def test_the_collector_comes_back_on_when_planning_fails(log: LogBuilder, tmp_path: Path) -> None:
    class Failing(BuildSession):
        def _plan_site(self, site: Site, settings: SiteSettings) -> Plan:
            raise SessionError("stopped")

    engine = FakeEngine(log.root, tmp_path / "site")
    engine.session = Failing(logging.getLogger("test.session"))
    with pytest.raises(SessionError):
        engine.build(RunOptions(today=TODAY))
    assert gc.isenabled()
    gc.disable()
    try:
        with pytest.raises(SessionError):
            engine.build(RunOptions(today=TODAY))
        assert not gc.isenabled(), "a collector that was off is left off"
    finally:
        gc.enable()


def test_finish_waits_for_the_index_with_the_sweep_handed_over_then_gives_the_sweep_s_verdict(
    log: LogBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pagefind's last part is one process's work: the build waits for it while the sweeping process has
    everything left; only then does the build share the rest of the sweep (and judge it)."""
    steps: list[str] = []
    for cls, name in ((SiteSweeper, "hand_over"), (SiteSweeper, "finish"), (SearchIndexer, "finish")):
        real = getattr(cls, name)

        def recorder(self: object, *args: object, _real=real, _name=f"{cls.__name__}.{name}") -> object:  # type: ignore[no-untyped-def]
            steps.append(_name)
            return _real(self, *args)

        monkeypatch.setattr(cls, name, recorder)
    engine = FakeEngine(log.root, tmp_path / "site")
    engine.build(RunOptions(today=TODAY))
    assert steps == ["SiteSweeper.hand_over", "SearchIndexer.finish", "SiteSweeper.finish"]
    assert (tmp_path / "site" / "pagefind").is_dir()


def test_the_build_gives_its_free_heap_memory_back_every_few_pages(
    log: LogBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writing pages leaves freed blocks that glibc keeps; the build's peak is beside a Pagefind part being written,
    so every :data:`RELEASE_EVERY` pages the build gives them back (here every 3)."""
    engine = FakeEngine(log.root, tmp_path / "site")
    at: list[int] = []
    monkeypatch.setattr(session_module, "RELEASE_EVERY", 3)
    monkeypatch.setattr(session_module, "release_free_memory", lambda: at.append(engine.session._written) or True)
    plan = engine.build(RunOptions(today=TODAY))
    assert len(plan.pages) >= 6
    assert [n for n in at if n] == list(range(3, len(plan.pages) + 1, 3))  # (start gives back twice before the first page)


def test_a_fake_engine_publishes_the_log_through_the_session(log: LogBuilder, tmp_path: Path) -> None:
    site = tmp_path / "site"
    engine = FakeEngine(log.root, site)
    frozen_before = gc.get_freeze_count()
    plan = engine.build(RunOptions(today=TODAY))
    page = (site / PAGE).read_text("utf-8")
    assert ARTICLE_MARK not in page and "Gritting routes on rural roads" in page  # the article was put in
    assert not is_marked(page)
    for rel in ("feed.xml", "data/responses.csv", "sitemap.xml", "pagefind/part-000/pagefind.js"):
        assert (site / rel).is_file(), rel
    assert len([p for p in plan.pages if (site / p.url / "index.html").is_file()]) == len(plan.pages)
    # finish closed the session: no helper left, the collector unfrozen
    assert engine.session.sweeper is None and engine.session.markdown is None and engine.session.indexer is None
    assert gc.get_freeze_count() == frozen_before


def test_a_preview_marks_every_page_and_the_site(log: LogBuilder, tmp_path: Path) -> None:
    site = tmp_path / "site"
    FakeEngine(log.root, site).build(RunOptions(today=TODAY, mode=BuildMode.PREVIEW))
    assert is_marked((site / PAGE).read_text("utf-8"))
    assert (site / PREVIEW_MARKER).is_file()


def test_a_leak_the_engine_writes_is_refused_by_finish(log: LogBuilder, tmp_path: Path) -> None:
    engine = FakeEngine(log.root, tmp_path / "site", extra=f"<p>Run by {LEAK}</p>")
    with pytest.raises(SessionError, match=r"^the built site contains \d+ leak\(s\); nothing was published:\n  site/"):
        engine.build(RunOptions(today=TODAY))
    assert engine.session.sweeper is None  # closed all the same


def test_the_log_s_errors_stop_start_with_every_finding(log: LogBuilder, tmp_path: Path) -> None:
    log.valid(VALID_YML.replace("regime: FOIA", "regime: NOPE"), slug="bad")
    engine = FakeEngine(log.root, tmp_path / "site")
    with pytest.raises(SessionError) as stopped:
        engine.build(RunOptions(today=TODAY))
    lines = stopped.value.lines()
    assert lines[0].startswith("the log has ") and lines[0].endswith("error(s); nothing was published:")
    assert len(lines) > 1 and all(line.startswith("  responses/2026/") for line in lines[1:])
    assert any("unknown regime 'NOPE'" in line for line in lines)
    engine.session.close()  # what the engine does after a failed build
    assert engine.session.sweeper is None and engine.session.markdown is None


def test_a_theme_that_prints_no_content_is_refused(log: LogBuilder, tmp_path: Path) -> None:
    engine = FakeEngine(log.root, tmp_path / "site")
    plan = engine.session.start(engine.site, engine.settings, RunOptions(today=TODAY))
    try:
        response = next(p for p in plan.pages if p.kind == "response")
        with pytest.raises(SessionError, match="the theme did not print the page content"):
            engine.write(response.src_uri, response.url, "<html><body>no content</body></html>")
    finally:
        engine.session.close()


# --- run options -----------------------------------------------------------------------------------------


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("FOILOG_TODAY", "FOILOG_DENY_LIST", "FOILOG_NO_CACHE", "FOILOG_PARALLEL"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_options_from_the_environment(clean_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert RunOptions.from_environment() == RunOptions()
    deny = tmp_path / "names.txt"
    deny.write_text("Zebedee Quartermaine\n", encoding="utf-8")
    clean_env.setenv("FOILOG_TODAY", "2026-03-01")
    clean_env.setenv("FOILOG_DENY_LIST", str(deny))
    clean_env.setenv("FOILOG_NO_CACHE", "1")
    clean_env.setenv("FOILOG_PARALLEL", "0")
    options = RunOptions.from_environment(mode=BuildMode.PREVIEW)
    assert options.today == dt.date(2026, 3, 1) and options.deny_list and options.no_cache
    assert options.mode is BuildMode.PREVIEW and options.parallel is False and options.previous_site is None


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("FOILOG_TODAY", "26/03/2026", "$FOILOG_TODAY: expected a date written YYYY-MM-DD, got '26/03/2026'; write '2026-03-26'"),
        ("FOILOG_PARALLEL", "maybe", "$FOILOG_PARALLEL must be 1 (helpers on other cores, the default) or 0"),
        ("FOILOG_DENY_LIST", "/nonexistent/names.txt", "cannot read the deny list in $FOILOG_DENY_LIST: "),
    ],
)
def test_a_bad_environment_value_names_the_variable(clean_env: pytest.MonkeyPatch, name: str, value: str, message: str) -> None:
    clean_env.setenv(name, value)
    with pytest.raises(SessionError) as bad:
        RunOptions.from_environment()
    assert str(bad.value).startswith(message)


def test_foilog_build_s_flags_come_first(clean_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    clean_env.setenv("FOILOG_TODAY", "not a date")  # for the previews only: `foilog build` has --today
    clean_env.setenv("FOILOG_NO_CACHE", "yes")
    options = RunOptions.for_foilog_build(
        today=TODAY, deny_list=("A Name",), no_cache=False, preview=True, strict=False, previous_site=tmp_path / "site"
    )
    assert options == RunOptions(
        today=TODAY, deny_list=("A Name",), previous_site=tmp_path / "site", no_cache=True, mode=BuildMode.PREVIEW, parallel=True
    )
    assert options.with_strict(True).strict and not options.with_strict(False).strict


def test_options_are_handed_over_for_one_build_only() -> None:
    options = RunOptions(today=TODAY, mode=BuildMode.PREVIEW)
    assert RunOptions.handed_over() is None
    with handing_over(options):
        assert RunOptions.handed_over() is options
    assert RunOptions.handed_over() is None
