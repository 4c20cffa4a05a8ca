"""The post-build sweep: a leak that appears only in a derived output is still a leak."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

import pytest
from logbuilder import DEFAULT_OPTIONS, VALID_ATTACHMENTS, VALID_SLUG, VALID_YML, LogBuilder
from sitetools import MATERIAL, build, build_valid_site

from foilog.engine.mkdocs_build import BuildFailed
from foilog.gate import sweep as sweep_module
from foilog.gate.leakgate import Gate, make_gate
from foilog.gate.scan_result import ScanResult
from foilog.gate.sweep import SWEEP_CHUNK, SiteSweeper, sweep_site
from foilog.log.findings import Finding

LEAK = "jane.example.smith@gmail.com"


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    return build_valid_site(tmp_path)


def _leak_into_a_page(site: Path) -> str:
    """Put :data:`LEAK` into the article of the sample response's page (``site/responses/2026/ncc-foi-26-0042/index.html``); its new HTML."""
    page = site / "responses" / "2026" / "ncc-foi-26-0042" / "index.html"
    html = page.read_text("utf-8").replace("</article>", f"<p>Write to {LEAK}</p></article>", 1)
    page.write_text(html, encoding="utf-8")
    return html


def _leak_into_the_feed(site: Path) -> None:
    """Put :data:`LEAK` into ``site/feed.xml`` (in a comment, which is still published)."""
    (site / "feed.xml").write_text((site / "feed.xml").read_text("utf-8") + f"<!-- {LEAK} -->\n", encoding="utf-8")


def _assert_as_swept_alone(result: ScanResult, site: Path, gate: Gate) -> None:
    """``result`` (a sweep shared with the sweeping process) finds what a sweep of the site alone finds, in the same
    order, over as many files: both leaks (:func:`_leak_into_a_page`, :func:`_leak_into_the_feed`) among them."""
    alone = sweep_site(site, gate)
    assert [(f.path, f.line, f.rule) for f in result.findings] == [(f.path, f.line, f.rule) for f in alone.findings]
    assert {f.path for f in result.findings if f.rule == "email"} == {"site/feed.xml", "site/responses/2026/ncc-foi-26-0042/index.html"}
    assert result.files_scanned == alone.files_scanned


def test_built_site_is_clean(site: Path) -> None:
    assert [f for f in sweep_site(site, make_gate(None)).findings if f.is_error] == []


def test_large_export_is_swept_in_chunks_with_right_lines(site: Path) -> None:
    big = site / "data" / "big.csv"
    rows = ["reference,answer\n"] + [f"FOI/{i:06d},Nothing to see in row {i}\n" for i in range(150_000)]
    rows[120_000] = f"FOI/LEAK,Contact {LEAK} for details\n"
    big.write_text("".join(rows), encoding="utf-8")
    assert big.stat().st_size > 2 * SWEEP_CHUNK
    found = [f for f in sweep_site(site, make_gate(None)).findings if f.path == "site/data/big.csv"]
    assert [(f.rule, f.line) for f in found] == [("email", 120_001)]


def test_leak_in_a_page_article_is_found(site: Path) -> None:
    html = _leak_into_a_page(site)
    found = [f for f in sweep_site(site, make_gate(None)).findings if f.rule == "email"]
    assert [f.path for f in found] == ["site/responses/2026/ncc-foi-26-0042/index.html"]
    assert html.splitlines()[found[0].line - 1].count("Write to") == 1


def test_leak_in_the_theme_frame_fails_the_build(tmp_path: Path) -> None:
    builder = LogBuilder(tmp_path / "log")
    builder.mkdocs(DEFAULT_OPTIONS, extra=MATERIAL + f"copyright: Site run by {LEAK}\n")
    builder.valid(VALID_YML, attachments=dict(VALID_ATTACHMENTS))
    with pytest.raises(BuildFailed) as failed:
        build(builder.config, tmp_path / "site")
    assert "the built site contains" in str(failed.value) and "nothing was published" in str(failed.value)
    assert not (tmp_path / "site").exists()


def test_leak_in_an_overridden_template_fails_the_build_on_that_page(tmp_path: Path) -> None:
    """A leak only in a site owner's template override reaches the response page's article, not any source."""
    builder = LogBuilder(tmp_path / "log")
    builder.mkdocs(DEFAULT_OPTIONS, extra=MATERIAL)
    builder.valid(VALID_YML, attachments=dict(VALID_ATTACHMENTS))
    builder.override_template("response.html.j2", f"<p>Questions? Ask {LEAK}</p>")
    with pytest.raises(BuildFailed) as failed:
        build(builder.config, tmp_path / "site")
    message = str(failed.value)
    assert "site/responses/2026/ncc-foi-26-0042/index.html" in message and "nothing was published" in message
    assert not (tmp_path / "site").exists()


def test_parallel_and_in_process_sweeps_agree(site: Path) -> None:
    _leak_into_a_page(site)
    _leak_into_the_feed(site)
    gate = make_gate(None)
    sweeper = SiteSweeper(site, gate, parallel=True)
    for html in sorted(site.rglob("*.html")):
        sweeper.add_page(html.relative_to(site).as_posix())
    parallel = sweeper.finish()
    _assert_as_swept_alone(parallel, site, gate)


def test_the_sweeping_process_leaves_no_thread_behind(site: Path) -> None:
    """It is started before the log is loaded: the loader and the pre-render helper can still fork after it."""
    before = threading.active_count()
    sweeper = SiteSweeper(site, make_gate(None), parallel=True)
    try:
        assert sweeper._process is not None and sweeper._process.is_alive()
        assert threading.active_count() == before
    finally:
        sweeper.close()


def test_a_dead_sweeping_process_loses_nothing(site: Path) -> None:
    _leak_into_a_page(site)
    gate = make_gate(None)
    sweeper = SiteSweeper(site, gate, parallel=True)
    assert sweeper._process is not None
    for html in sorted(site.rglob("*.html")):
        sweeper.add_page(html.relative_to(site).as_posix())
    sweeper._process.kill()
    sweeper._process.join()
    result = sweeper.finish()
    alone = sweep_site(site, gate)
    assert [(f.path, f.line, f.rule) for f in result.findings] == [(f.path, f.line, f.rule) for f in alone.findings]
    assert "site/responses/2026/ncc-foi-26-0042/index.html" in {f.path for f in result.findings if f.rule == "email"}


def test_the_build_takes_back_the_batches_the_sweeping_process_has_not_started(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When the pages are written and the sweeping process is behind, the build sweeps the rest itself: same findings."""
    _leak_into_a_page(site)
    monkeypatch.setattr(sweep_module, "_BATCH", 2)  # many small batches
    gate = make_gate(None)
    sweeper = SiteSweeper(site, gate, parallel=True)
    assert sweeper._process is not None and sweeper._process.pid is not None
    pid = sweeper._process.pid
    os.kill(pid, signal.SIGSTOP)  # the sweeping process falls behind: it starts no batch
    steal = sweeper._steal

    def steal_then_resume() -> list[Finding]:
        try:
            return steal()
        finally:
            os.kill(pid, signal.SIGCONT)

    monkeypatch.setattr(sweeper, "_steal", steal_then_resume)
    for html in sorted(site.rglob("*.html")):
        sweeper.add_page(html.relative_to(site).as_posix())
    sent = len(sweeper._sent)
    result = sweeper.finish()
    assert sent >= 3 and sweeper._stolen == set(range(len(sweeper._sent)))  # with the half of the rest sent at the end
    alone = sweep_site(site, gate)
    assert [(f.path, f.line, f.rule) for f in result.findings] == [(f.path, f.line, f.rule) for f in alone.findings]
    assert "site/responses/2026/ncc-foi-26-0042/index.html" in {f.path for f in result.findings if f.rule == "email"}


def test_hand_over_gives_the_sweeping_process_every_file_left_and_finish_shares_them(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The end of a build: everything not given yet goes to the sweeping process at once (the build waits for Pagefind
    meanwhile); finish then takes back what it has not started. Same findings as a sweep of the site alone, none lost."""
    _leak_into_a_page(site)
    _leak_into_the_feed(site)
    monkeypatch.setattr(sweep_module, "_BATCH", 2)
    gate = make_gate(None)
    sweeper = SiteSweeper(site, gate, parallel=True)
    assert sweeper._process is not None and sweeper._process.pid is not None
    pages = sorted(html.relative_to(site).as_posix() for html in site.rglob("*.html"))
    for rel in pages[:3]:  # a few pages added while being written; the rest (and the feed) never were
        sweeper.add_page(rel)
    os.kill(sweeper._process.pid, signal.SIGSTOP)  # it starts nothing until finish has taken some back
    try:
        sweeper.hand_over()
        handed = [rel for batch in sweeper._sent for rel, _ in batch]
        assert sweeper._pending == [] and len(handed) == len(set(handed))
        assert set(pages) <= set(handed) and "feed.xml" in handed
        assert all(len(batch) <= 2 for batch in sweeper._sent)
    finally:
        os.kill(sweeper._process.pid, signal.SIGCONT)
    result = sweeper.finish()
    _assert_as_swept_alone(result, site, gate)


def test_hand_over_without_a_sweeping_process_leaves_everything_to_finish(site: Path) -> None:
    _leak_into_a_page(site)
    sweeper = SiteSweeper(site, make_gate(None), parallel=False)
    sweeper.hand_over()
    assert sweeper._sent == []
    assert "site/responses/2026/ncc-foi-26-0042/index.html" in {f.path for f in sweeper.finish().findings if f.rule == "email"}


def test_a_batch_is_swept_by_one_process_only() -> None:
    """The sweeping process starts a batch unless the build has taken it back, and the build takes none it has started."""
    import multiprocessing

    shares = multiprocessing.get_context("fork").Array("q", [0, sweep_module._NOT_TAKEN])
    assert sweep_module._take(shares, 0) and sweep_module._take(shares, 1)
    shares[sweep_module._LEFT_TO_BUILD] = 3  # the build took batches 3 and later
    assert sweep_module._take(shares, 2)
    assert not sweep_module._take(shares, 3) and not sweep_module._take(shares, 4)
    assert shares[sweep_module._STARTED] == 3


# -- acknowledgements hold for their own response ---------------------------------------------
OFFICER = "jane.hartley@gmail.com"
OTHER_SLUG = "ncc-foi-26-0043"


def _two_responses(tmp_path: Path, *, b_acknowledges: bool, template: str = "response.html.j2") -> LogBuilder:
    """Responses A (whose summary names the officer, acknowledged) and B; ``template`` prints the officer's address on its pages."""
    ack = f"acknowledgements:\n  - text: {OFFICER}\n    reason: The officer agreed to be named.\n"
    a = VALID_YML.replace("staff names were withheld.", f"write to {OFFICER}.", 1) + ack
    b = VALID_YML.replace("NCC/FOI/26/0042", "NCC/FOI/26/0043", 1) + (ack if b_acknowledges else "")
    builder = LogBuilder(tmp_path / "log")
    builder.mkdocs(DEFAULT_OPTIONS, extra=MATERIAL)
    builder.valid(a, attachments=dict(VALID_ATTACHMENTS))
    builder.valid(b, slug=OTHER_SLUG, attachments=dict(VALID_ATTACHMENTS))
    builder.override_template(template, f"<p>Officer: {OFFICER}</p>")
    return builder


def test_an_acknowledgement_does_not_cover_another_responses_page(tmp_path: Path) -> None:
    """A acknowledged the address; a template prints it on B's page too: the build fails because of B's page only."""
    builder = _two_responses(tmp_path, b_acknowledges=False)
    with pytest.raises(BuildFailed) as failed:
        build(builder.config, tmp_path / "site")
    message = str(failed.value)
    assert "the built site contains 1 leak(s)" in message, message
    assert f"site/responses/2026/{OTHER_SLUG}/index.html" in message
    # A's page, and the lists, feeds and exports quoting A's summary, are covered by A's acknowledgement.
    assert f"responses/2026/{VALID_SLUG}/" not in message


def test_the_build_passes_when_each_response_acknowledges(tmp_path: Path) -> None:
    builder = _two_responses(tmp_path, b_acknowledges=True)
    site = build(builder.config, tmp_path / "site")
    assert (site / "responses" / "2026" / OTHER_SLUG / "index.html").is_file()


def test_an_acknowledgement_does_not_cover_a_list_page_beyond_the_responses_own_text(tmp_path: Path) -> None:
    """On pages listing responses, A's acknowledgement covers A's summary there, not the address printed by a list template."""
    builder = _two_responses(tmp_path, b_acknowledges=True, template="list.html.j2")
    with pytest.raises(BuildFailed) as failed:
        build(builder.config, tmp_path / "site")
    message = str(failed.value)
    assert "site/archive/2026/index.html" in message and "responses/2026/" not in message.split("nothing was published")[1]


def test_shared_pages_accept_only_the_acknowledging_responses_text(site: Path) -> None:
    """Unit level: an index line quoting A's summary is A's; the same address elsewhere on the page is not."""
    from foilog.gate.sweep_acks import ResponseAcknowledgements, SiteAcknowledgements

    summary = f"The requester asked about gritting; write to {OFFICER}."
    a = ResponseAcknowledgements(folder=f"responses/2026/{VALID_SLUG}/", acks=((OFFICER, "Agreed.", None),), quotes=(summary,))
    acks = SiteAcknowledgements(responses=(a,))
    index = site / "archive" / "2026" / "index.html"
    html = index.read_text("utf-8").replace("</article>", f"<p>{summary}</p>\n</article>", 1)
    index.write_text(html, encoding="utf-8")
    found = [f for f in sweep_site(site, make_gate(None), acks).findings if f.rule == "email"]
    assert [(f.path, f.acknowledged) for f in found] == [("site/archive/2026/index.html", "Agreed.")]
    index.write_text(html.replace("</article>", f"<p>Or call on {OFFICER}</p>\n</article>", 1), encoding="utf-8")
    found = [f for f in sweep_site(site, make_gate(None), acks).findings if f.rule == "email"]
    assert sorted(str(f.acknowledged) for f in found) == ["Agreed.", "None"]
    # A's own page: covered; the same text on B's (here: any other response folder) is not.
    page = site / "responses" / "2026" / VALID_SLUG / "index.html"
    page.write_text(page.read_text("utf-8").replace("</article>", f"<p>{OFFICER}</p></article>", 1), encoding="utf-8")
    found = [f for f in sweep_site(site, make_gate(None), acks).findings if f.path.startswith("site/responses/")]
    assert [f.acknowledged for f in found] == ["Agreed."]
