"""The text-scan cache (foilog.gate.scancache): an unchanged log is not scanned twice, and never reports less.

Every test compares a warm run with a run that scans everything, finding for
finding, and counts the texts actually scanned (every scan, wherever it comes
from, normalises its text once in ``foilog.gate.textscan.engine``). All names,
addresses and numbers are fictional.
"""

from __future__ import annotations

import io
import logging
import multiprocessing
import shutil
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing
from pathlib import Path

import openpyxl
import pytest
from attachment_builders import core_xml, docx, para
from click.testing import CliRunner
from logbuilder import DEFAULT_OPTIONS, TODAY, TODAY_ARG, LogBuilder, variant

import foilog.cache.identity as identity
import foilog.cache.store as store
import foilog.gate.scancache as scancache
import foilog.gate.textscan.engine as engine
from foilog.cache import DB_FILE
from foilog.commands.cli import main
from foilog.engine.mkdocs_config import load_project
from foilog.gate.leakgate import Gate, ScanResult, make_gate, scan_log, scan_paths
from foilog.gate.scancache import ScanCache, Scanned
from foilog.gate.sweep import SWEEP_CHUNK, SiteSweeper, sweep_site
from foilog.gate.textscan import TextScanConfig, scan_text, scan_text_raw
from foilog.log.findings import Finding
from foilog.log.load import load_log

FOLDER = "responses/2026/ncc-foi-26-0042"
MD = "Dear Ms Fakeley\n\nThank you. Call 07911\n123456 or write to bob.example.jones@gmail.com.\n\nYours sincerely\n\nJohn Exampleford\nFOI Officer\n"
DENIED = "Quentin Fakename"
LEAK = "jane.example.smith@gmail.com"


def xlsx_bytes() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["Route", "Contact"])
    book.active.append(["A", LEAK])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def docx_bytes(tmp: Path) -> bytes:
    path = docx(tmp / "letter.docx", para("Call 07911 123456 for the routes."), parts={"docProps/core.xml": core_xml(creator=DENIED)})
    data = path.read_bytes()
    path.unlink()
    return data


def write_log(root: Path, *, acknowledgements: str = "", options: dict | None = None) -> LogBuilder:
    """A log with findings of every kind of unit: YAML (raw and decoded values), Markdown, CSV, workbook, Word, content/."""
    builder = LogBuilder(root, options=options)
    yml = variant("answer: See the attached table of routes.", 'answer: "Ask jane.smith\\u0040gmail.com for the table."')
    yml = variant(
        "    title: Gritting routes 2026/27\n",
        "    title: Gritting routes 2026/27\n  - path: attachments/contacts.xlsx\n    title: Contacts\n"
        "  - path: attachments/letter.docx\n    title: Letter\n",
        yml,
    )
    attachments = {
        "attachments/gritting-routes.csv": b"route,contact\nA,sam.example.lee@gmail.com\n",
        "attachments/contacts.xlsx": xlsx_bytes(),
        "attachments/letter.docx": docx_bytes(root),
    }
    builder.valid(yml + acknowledgements, md=MD, attachments=attachments)
    (root / "content" / "about.md").write_text(f"# About\n\nWrite to foi.team@gmail.com or ask {DENIED}.\n", encoding="utf-8")
    (root / "content" / "downloads.csv").write_text("name,email\nx,pat.example.kay@gmail.com\n", encoding="utf-8")
    return builder


def scan(root: Path, *, deny_list: Sequence[str] = (), cached: bool = True) -> tuple[ScanResult, Gate]:
    """``scan_log`` as ``foilog check`` runs it; ``cached=False``: every text scanned (attachments still cached)."""
    project = load_project(root / "mkdocs.yml")
    gate = make_gate(project.settings, deny_list=deny_list, cache_root=root)
    if not cached:
        gate.scan_cache = None
    return scan_log(load_log(project, TODAY), gate), gate


def rows(findings: Sequence[Finding]) -> list[dict[str, object]]:
    return [f.as_json() for f in findings]


@pytest.fixture(autouse=True)
def fresh_fingerprints() -> Iterator[None]:
    """Fingerprints are memoised per process: never let a test's patched one reach another test."""
    scancache.fingerprint.cache_clear()
    identity.fingerprint.cache_clear()
    yield
    scancache.fingerprint.cache_clear()
    identity.fingerprint.cache_clear()


def database(root: Path) -> Path:
    return root / ".foilog-cache" / DB_FILE


def stored_bytes(root: Path) -> bytes:
    """Everything the scan cache keeps (its entries' keys and values, and the store's own records).

    (Attachment reports are stored too, with the file's own text: that a file holds a name is no secret of the deny list.)
    """
    with closing(sqlite3.connect(database(root))) as db, db:
        rows = db.execute("SELECT kind, key, fingerprint, value FROM entries WHERE kind != 'attachment'").fetchall()
        rows += db.execute("SELECT name, value, '', '' FROM meta").fetchall()
    return "\n".join("\t".join(row) for row in rows).encode()


@pytest.fixture
def scanned(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts scanned for personal data from now on (in this process, and in processes it forks later)."""
    texts: list[str] = []
    real = engine.normalise

    def counting(text: str):
        texts.append(text)
        return real(text)

    monkeypatch.setattr(engine, "normalise", counting)
    return texts


@pytest.fixture
def log(tmp_path: Path) -> Path:
    return write_log(tmp_path / "log").root


# --- the log --------------------------------------------------------------------------


def test_second_scan_of_an_unchanged_log_scans_no_text(log: Path, scanned: list[str]) -> None:
    cold, _ = scan(log, cached=False)
    assert {f.rule for f in cold.findings} >= {"email", "phone", "salutation-name", "signature-name", "docx-properties"}
    scanned.clear()
    first, gate = scan(log)
    assert scanned and gate.scan_cache is not None and gate.scan_cache.hits == 0
    scanned.clear()
    second, gate = scan(log)
    assert scanned == []
    assert gate.scan_cache is not None and gate.scan_cache.misses == 0 and gate.scan_cache.hits > 0
    assert rows(second.findings) == rows(first.findings) == rows(cold.findings)
    assert second.files_scanned == first.files_scanned == cold.files_scanned
    assert sorted(second.attachments) == sorted(cold.attachments)


def test_changing_one_file_rescans_only_that_file(log: Path, scanned: list[str]) -> None:
    scan(log)
    md = log / FOLDER / "response.md"
    md.write_text(MD.replace("bob.example.jones@gmail.com", "the FOI team"), encoding="utf-8")
    scanned.clear()
    warm, _ = scan(log)
    assert scanned == [md.read_text("utf-8")]
    cold, _ = scan(log, cached=False)
    assert rows(warm.findings) == rows(cold.findings)
    assert "b***@gmail.com" not in {f.excerpt for f in warm.findings}


def test_a_copied_file_is_not_scanned_again_and_reports_its_own_path(log: Path, scanned: list[str]) -> None:
    scan(log)
    shutil.copy(log / "content" / "about.md", log / "content" / "contact.md")
    scanned.clear()
    warm, _ = scan(log)
    assert scanned == []
    assert [(f.path, f.line, f.rule) for f in warm.findings if f.path.startswith("content/contact")] == [("content/contact.md", 3, "email")]
    assert rows(warm.findings) == rows(scan(log, cached=False)[0].findings)


SETTINGS_CHANGES = {
    "allowlist": ({"allowlist": [{"text": "foi.team@gmail.com", "reason": "the FOI team's published inbox"}]}, ()),
    "custom rule": (
        {
            "custom_rules": [
                {"id": "route-code", "pattern": r"\bGritting\b", "reason": "a word the council never publishes", "severity": "warning"}
            ]
        },
        (),
    ),
    "staff names": ({"publish_staff_names": True}, ()),
    "deny list": ({}, (DENIED,)),
}


@pytest.mark.parametrize("change", SETTINGS_CHANGES, ids=list(SETTINGS_CHANGES))
def test_a_change_of_settings_invalidates_every_entry(tmp_path: Path, scanned: list[str], change: str) -> None:
    options, deny_list = SETTINGS_CHANGES[change]
    root = write_log(tmp_path / "log").root
    before, _ = scan(root)
    scanned.clear()
    scan(root, cached=False)
    everything = len(scanned)
    LogBuilder(root, options={**DEFAULT_OPTIONS, **options})  # rewrites mkdocs.yml only
    scanned.clear()
    after, _ = scan(root, deny_list=deny_list)
    assert len(scanned) == everything  # every text scanned again
    cold, _ = scan(root, deny_list=deny_list, cached=False)
    assert rows(after.findings) == rows(cold.findings) != rows(before.findings)


def test_the_deny_list_is_found_in_a_warm_log_and_never_stored(log: Path) -> None:
    scan(log)
    result, _ = scan(log, deny_list=[DENIED])
    assert ("content/about.md", "deny-list") in {(f.path, f.rule) for f in result.findings}
    stored = stored_bytes(log).lower()
    assert stored and b"quentin" not in stored and b"fakename" not in stored


def test_a_new_foilog_or_scanning_code_invalidates_every_entry(log: Path, scanned: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    scan(log)
    scanned.clear()
    scan(log, cached=False)
    everything = len(scanned)
    changes = (
        ("code_fingerprint", lambda package=identity.PACKAGE_DIR: "edited detectors"),
        ("versions", lambda: {"phonenumbers": "99.0"}),
    )
    for name, value in changes:
        identity.fingerprint.cache_clear()
        monkeypatch.setattr(identity, name, value)
        scanned.clear()
        scan(log)
        assert len(scanned) == everything, name


def test_without_a_fingerprint_nothing_is_cached(log: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(identity, "code_fingerprint", lambda package=identity.PACKAGE_DIR: None)  # the source could not be read
    first, _ = scan(log)
    second, gate = scan(log)
    assert gate.scan_cache is not None and gate.scan_cache.fingerprint is None and gate.scan_cache.hits == 0
    assert rows(first.findings) == rows(second.findings) == rows(scan(log, cached=False)[0].findings)
    assert not database(log).exists()


def _quiet(db: Path) -> None:
    """Checkpoint and close: everything in the database file itself, no write-ahead log beside it."""
    with closing(sqlite3.connect(db)) as connection, connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for extra in (db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        extra.unlink(missing_ok=True)


def _truncate(db: Path) -> None:
    db.write_bytes(db.read_bytes()[: db.stat().st_size // 2])


def _garbage(db: Path) -> None:
    db.write_bytes(b"\x00\xff not a database \xfe" * 500)


def _empty(db: Path) -> None:
    db.write_bytes(b"")


def _unreadable_entries(db: Path) -> None:
    with closing(sqlite3.connect(db)) as connection, connection:
        assert connection.execute("UPDATE entries SET value = '{not json' WHERE kind = 'scan'").rowcount > 0


def _another_fingerprint(db: Path) -> None:
    """Entries written by another foilog (or with another layout): never read."""
    with closing(sqlite3.connect(db)) as connection, connection:
        connection.execute("UPDATE entries SET fingerprint = 'another foilog'")
        connection.execute("UPDATE meta SET value = 'another foilog'")


def _old_layout_beside_it(db: Path) -> None:
    """What earlier versions kept (segments, JSON files) is neither read nor kept."""
    old = db.parent / "scan" / "0123456789abcdef"
    old.mkdir(parents=True)
    (old / "seg-1.tsv").write_text("forged\n", encoding="ascii")
    db.unlink()


@pytest.mark.parametrize(
    "damage",
    [_truncate, _garbage, _empty, _unreadable_entries, _another_fingerprint, _old_layout_beside_it],
    ids=lambda d: d.__name__,
)
def test_a_damaged_cache_is_a_miss_never_a_smaller_report(log: Path, damage, caplog: pytest.LogCaptureFixture) -> None:
    _, gate = scan(log)
    assert gate.scan_cache is not None
    gate.scan_cache.store.close()  # damaged while no build runs
    db = database(log)
    _quiet(db)
    damage(db)
    with caplog.at_level(logging.WARNING, logger="foilog.cache"):
        warm, _ = scan(log)
    cold, _ = scan(log, cached=False)
    assert rows(warm.findings) == rows(cold.findings)
    assert len(warm.findings) >= 10
    warnings = [r.getMessage() for r in caplog.records if r.name == "foilog.cache"]
    if damage in (_truncate, _garbage):
        # A database that cannot be read: one warning, saying how to fix it; the scan is complete without the cache.
        assert len(warnings) == 1 and "delete the folder" in warnings[0] and str(log / ".foilog-cache") in warnings[0]
    else:
        assert warnings == []
    assert not (db.parent / "scan").exists() or damage is not _old_layout_beside_it


def test_a_cache_locked_by_another_process_is_waited_for_then_given_up(
    log: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    scan(log)
    (log / "content" / "contact.md").write_text("Call 07911 123456.\n", encoding="utf-8")  # a new unit to write
    monkeypatch.setattr(store, "BUSY_SECONDS", 0.2)
    locker = sqlite3.connect(database(log), isolation_level=None)
    locker.execute("BEGIN IMMEDIATE")  # another writer that does not let go
    try:
        with caplog.at_level(logging.WARNING, logger="foilog.cache"):
            warm, gate = scan(log)
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert gate.scan_cache is not None and gate.scan_cache.hits > 0  # read while the other writer waited
    assert rows(warm.findings) == rows(scan(log, cached=False)[0].findings)
    messages = [r.getMessage() for r in caplog.records if r.name == "foilog.cache"]
    assert len(messages) == 1 and "database is locked" in messages[0]


def test_acknowledgements_added_or_removed_later_still_apply(tmp_path: Path, scanned: list[str]) -> None:
    root = tmp_path / "log"
    write_log(root)
    first, _ = scan(root)
    assert not any(f.acknowledged for f in first.findings)
    acks = (
        "acknowledgements:\n"
        "  - text: BOB.example.jones@GMAIL.com\n    reason: The requester asked for it to be published.\n"
        "  - text: John  Exampleford\n    reason: A director; named in the annual report.\n"
        "  - text: Fakeley\n    reason: Only for another rule.\n    rule: email\n"
        "  - text: sam.example.lee@gmail.com\n    reason: A published contact.\n"
        f"  - text: {DENIED}\n    reason: The author's name is public.\n"
    )
    write_log(root, acknowledgements=acks)
    scanned.clear()
    acknowledged, _ = scan(root)
    assert not any(text.startswith("Dear Ms Fakeley") for text in scanned)  # the letter came from the cache
    cold, _ = scan(root, cached=False)
    assert rows(acknowledged.findings) == rows(cold.findings)
    reasons = {(f.path.rsplit("/", 1)[-1], f.rule): f.acknowledged for f in acknowledged.findings}
    assert reasons[("response.md", "email")] == "The requester asked for it to be published."
    assert reasons[("response.md", "signature-name")] == "A director; named in the annual report."
    assert reasons[("response.md", "salutation-name")] is None  # acknowledged for another rule only
    assert reasons[("gritting-routes.csv", "email")] == "A published contact."
    assert reasons[("letter.docx", "docx-properties")] == "The author's name is public."

    write_log(root)  # the acknowledgements are withdrawn
    again, _ = scan(root)
    assert rows(again.findings) == rows(first.findings)


ACK_CASES = [
    (),
    (("bob.example.jones@gmail.com", "r1"),),
    (("BOB.Example.Jones@gmail.COM", "r1"), ("Exampleford", "r2")),
    (("Mr Exampleford", "r3"), ("John  Exampleford", "r4"), ("Fakeley", "r5")),
    (("07911 123456", "r6"), ("Fakeley", "first"), ("fakeley", "second")),
    (("nothing flagged", "r7"),),
]


@pytest.mark.parametrize("acks", ACK_CASES)
def test_acknowledging_from_the_cache_matches_the_engine(tmp_path: Path, acks: tuple[tuple[str, str], ...]) -> None:
    """Hashed spellings accept exactly what ``scan_text`` accepts, aliases, case and spacing included."""
    text = MD + "\nDear Mr Exampleford\nRef: jane.smith@example.org, 07911 123456\n"
    expected = scan_text(text, path="letter.md", acknowledgements=acks, soft_breaks=True)
    cache = ScanCache(tmp_path, TextScanConfig())
    key = ("text", True)
    cold = cache.scan(key, text, lambda: scan_text_raw(text, path="x", soft_breaks=True)).resolve("letter.md", acks)
    cache.flush()
    warm_cache = ScanCache(tmp_path, TextScanConfig())
    warm = warm_cache.scan(key, text, lambda: pytest.fail("scanned again")).resolve("letter.md", acks)
    assert rows(cold) == rows(warm) == rows(expected)


def test_check_twice_on_the_command_line(log: Path, scanned: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(log)
    args = ["check", "--today", TODAY_ARG, "--format", "json"]
    first = CliRunner().invoke(main, args, catch_exceptions=False)
    scanned.clear()
    second = CliRunner().invoke(main, args, catch_exceptions=False)
    assert scanned == []
    assert first.exit_code == second.exit_code == 1
    assert first.stdout == second.stdout


def test_scanning_arbitrary_paths_keeps_no_cache(log: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gate = make_gate(None)
    assert gate.scan_cache is None and gate.cache is None
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = scan_paths([log / FOLDER], gate)
    assert {f.rule for f in result.findings} >= {"email", "phone"}
    assert CliRunner().invoke(main, ["scan", str(log / "content")]).exit_code == 1
    assert not (elsewhere / ".foilog-cache").exists() and not (log / ".foilog-cache").exists()


# --- the store ----------------------------------------------------------------------


def _fill(root: str, writer: int, count: int) -> None:
    cache = ScanCache(Path(root), TextScanConfig())
    for n in range(count):
        text = f"writer {writer} unit {n}: write to w{writer}.u{n}.example@gmail.com"
        cache.scan(("text", False), text, lambda text=text: scan_text_raw(text, path="x"))
        if n % 10 == 9:
            cache.flush()  # many transactions, so the writers meet
    cache.flush()


def test_concurrent_writers_lose_nothing_and_read_safely(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    writers = [context.Process(target=_fill, args=(str(tmp_path), w, 60)) for w in range(4)]
    for process in writers:
        process.start()
    for process in writers:
        process.join(60)
        assert process.exitcode == 0
    reader = ScanCache(tmp_path, TextScanConfig())
    for w in range(4):
        for n in range(60):
            text = f"writer {w} unit {n}: write to w{w}.u{n}.example@gmail.com"
            found = reader.scan(("text", False), text, lambda: pytest.fail("lost"))
            assert [f.excerpt for f in found.resolve("x")] == ["w***@gmail.com"]
    with closing(sqlite3.connect(tmp_path / DB_FILE)) as db, db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT count(*) FROM entries WHERE kind = 'scan'").fetchone() == (240,)


def test_flushing_nothing_new_writes_nothing(tmp_path: Path) -> None:
    cache = ScanCache(tmp_path, TextScanConfig())
    cache.scan(("text", False), "unit", list)
    cache.flush()
    reader = ScanCache(tmp_path, TextScanConfig())
    assert reader.scan(("text", False), "unit", lambda: pytest.fail("lost")) == Scanned()
    before = (tmp_path / DB_FILE).stat().st_mtime_ns, (tmp_path / f"{DB_FILE}-wal").stat().st_size
    reader.flush()
    assert ((tmp_path / DB_FILE).stat().st_mtime_ns, (tmp_path / f"{DB_FILE}-wal").stat().st_size) == before


def _counting_store_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    reads: list[str] = []
    real = store.Store.get

    def get(self: store.Store, kind: str, key: str) -> str | None:
        reads.append(key)
        return real(self, kind, key)

    monkeypatch.setattr(store.Store, "get", get)
    return reads


def test_a_first_scan_does_not_look_up_each_unit_in_an_empty_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cold store holds no unit: the cache asks it nothing, scans everything, and finds the same."""
    reads = _counting_store_reads(monkeypatch)
    texts = [f"unit {n}: write to u{n}.example@gmail.com" for n in range(20)]
    cold = ScanCache(tmp_path, TextScanConfig())
    found = [cold.scan(("text", False), text, lambda text=text: scan_text_raw(text, path="x")) for text in texts]
    assert reads == [] and cold.misses == 20
    assert found == [Scanned.of(scan_text_raw(text, path="x")) for text in texts]
    # Once it has written them, the same cache reads them back from the store.
    cold.flush()
    again = [cold.scan(("text", False), text, lambda: pytest.fail("scanned again after the flush")) for text in texts]
    assert again == found and len(reads) == 20
    # A cache made over a store that holds units looks each one up.
    warm = ScanCache(tmp_path, TextScanConfig())
    assert [warm.scan(("text", False), text, lambda: pytest.fail("missed")) for text in texts] == found
    assert len(reads) == 40 and warm.hits == 20


def test_a_unit_stored_by_another_process_after_a_cold_start_is_only_scanned_again(tmp_path: Path) -> None:
    cold = ScanCache(tmp_path, TextScanConfig())
    other = ScanCache(tmp_path, TextScanConfig())
    text = "write to late.example@gmail.com"
    other.scan(("text", False), text, lambda: scan_text_raw(text, path="x"))
    other.flush()
    scans: list[str] = []

    def scan() -> list:
        scans.append(text)
        return scan_text_raw(text, path="x")

    assert [f.excerpt for f in cold.scan(("text", False), text, scan).resolve("x")] == ["l***@gmail.com"]
    assert scans == [text]


def test_the_fingerprint_covers_every_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    from foilog.gate.textscan import AllowEntry, CustomRule
    from foilog.log.findings import Severity

    base = TextScanConfig()
    variants = [
        base,
        TextScanConfig(publish_staff_names=True),
        TextScanConfig(allowlist=(AllowEntry("01234 567890", "switchboard"),)),
        TextScanConfig(allowlist=(AllowEntry("01234 567890", "another reason"),)),
        TextScanConfig(custom_rules=(CustomRule("case", r"CASE-\d+", "case numbers"),)),
        TextScanConfig(custom_rules=(CustomRule("case", r"CASE-\d+", "case numbers", Severity.WARNING),)),
        TextScanConfig(deny_list=("Quentin Fakename",)),
        TextScanConfig(deny_list=("Quentin Fakenamf",)),
        TextScanConfig(disabled_rules=frozenset({"phone"})),
    ]
    prints = [scancache.fingerprint(config) for config in variants]
    assert None not in prints and len(set(prints)) == len(prints)
    assert scancache.fingerprint(TextScanConfig(deny_list=("Quentin Fakename",))) == prints[6]


# --- the sweep of the built site ------------------------------------------------------------


def page(body: str, *, header_lines: int = 3) -> str:
    frame = "<!doctype html>\n<html>\n" + "<nav>menu</nav>\n" * header_lines
    return frame + f"<body>\n<article>\n<h1>Response</h1>\n{body}\n</article>\n<footer>Northshire</footer>\n</body></html>\n"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A built site written by hand: pages (enough for the sweeping process's batches), a feed, a large export."""
    root = tmp_path / "site"
    (root / "responses").mkdir(parents=True)
    (root / "index.html").write_text(page("<p>Welcome</p>"), encoding="utf-8")
    for n in range(40):
        folder = root / "responses" / f"r{n:02d}"
        folder.mkdir()
        body = f"<p>Write to {LEAK}</p>" if n == 7 else f"<p>Answer number {n}</p>"
        (folder / "index.html").write_text(page(body), encoding="utf-8")
    (root / "feed.xml").write_text("<rss><item>Ask bob.example.jones@gmail.com</item></rss>\n", encoding="utf-8")
    rows_ = ["reference,answer\n"] + [f"FOI/{i:06d},Nothing to see in row {i}\n" for i in range(150_000)]
    rows_[120_000] = f"FOI/LEAK,Contact {LEAK} for details\n"
    (root / "data").mkdir()
    (root / "data" / "big.csv").write_text("".join(rows_), encoding="utf-8")
    assert (root / "data" / "big.csv").stat().st_size > 2 * SWEEP_CHUNK
    return root


def cached_gate(tmp_path: Path) -> Gate:
    return make_gate(None, cache_root=tmp_path / "project")


def test_sweep_in_process_is_served_from_the_cache(site: Path, tmp_path: Path, scanned: list[str]) -> None:
    cold = sweep_site(site, make_gate(None))
    assert {(f.path, f.line) for f in cold.findings} >= {("site/data/big.csv", 120_001), ("site/responses/r07/index.html", 9)}
    first = sweep_site(site, cached_gate(tmp_path))
    scanned.clear()
    gate = cached_gate(tmp_path)
    second = sweep_site(site, gate)
    assert scanned == []
    assert rows(second.findings) == rows(first.findings) == rows(cold.findings)
    assert second.files_scanned == cold.files_scanned


def _parallel_sweep(site: Path, gate: Gate, acks: Sequence[tuple[str, str]] = ()) -> ScanResult:
    sweeper = SiteSweeper(site, gate, acks, parallel=True)
    assert sweeper._process is not None, "the sweeping process was not started"
    for html in sorted(site.rglob("*.html")):
        sweeper.add_page(html.relative_to(site).as_posix())
    return sweeper.finish()


def test_sweep_cache_is_shared_with_the_forked_sweeping_process(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cold = sweep_site(site, make_gate(None))
    first = _parallel_sweep(site, cached_gate(tmp_path))

    def no_scanning(text: str) -> None:
        raise AssertionError("scanned again")

    monkeypatch.setattr(engine, "normalise", no_scanning)  # before the fork: the sweeping process inherits it
    second = _parallel_sweep(site, cached_gate(tmp_path))
    assert rows(second.findings) == rows(first.findings) == rows(cold.findings)
    assert second.files_scanned == first.files_scanned == cold.files_scanned


def test_sweep_lines_follow_a_changed_frame_around_a_cached_article(site: Path, tmp_path: Path, scanned: list[str]) -> None:
    sweep_site(site, cached_gate(tmp_path))
    leaky = site / "responses" / "r07" / "index.html"
    leaky.write_text(page(f"<p>Write to {LEAK}</p>", header_lines=10), encoding="utf-8")  # the navigation grew
    scanned.clear()
    warm = sweep_site(site, cached_gate(tmp_path))
    assert scanned == []
    assert ("site/responses/r07/index.html", 16) in {(f.path, f.line) for f in warm.findings}
    assert rows(warm.findings) == rows(sweep_site(site, make_gate(None)).findings)


def test_sweep_acknowledgements_apply_to_cached_findings(site: Path, tmp_path: Path, scanned: list[str]) -> None:
    first = sweep_site(site, cached_gate(tmp_path))
    assert all(f.acknowledged is None for f in first.findings)
    acks = [(LEAK.upper(), "Published with consent.")]
    scanned.clear()
    warm = sweep_site(site, cached_gate(tmp_path), acks)
    assert scanned == []
    assert rows(warm.findings) == rows(sweep_site(site, make_gate(None), acks).findings)
    assert {f.path for f in warm.findings if f.acknowledged} == {"site/data/big.csv", "site/responses/r07/index.html"}
