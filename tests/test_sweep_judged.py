"""The sweep reads a value of an export that is exactly a text the gate judged whole as blank, and nothing else.

A letter reaches the site in its page, its JSON document, and its answers
again in ``questions.csv`` and the SQLite file. The exports hold the very
string the gate scanned in the sources; the sweep skips that string there
(about a third of its time on real-size letters) and still reads every key,
every other cell, and any value that differs by one character.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
from logbuilder import LogBuilder, load_built, variant

from foilog.gate import sweep as sweep_module
from foilog.gate.judged import MIN_CHARS, JudgedTexts, judged_texts
from foilog.gate.leakgate import make_gate
from foilog.gate.sweep import SiteSweeper
from foilog.gate.sweep_acks import SiteAcknowledgements
from foilog.gate.sweep_csv import csv_lines
from foilog.log.findings import Finding

NAME = "Zoë Whitfield"  # fictional
MOBILE = "07700 900123"  # Ofcom's range for drama
LETTER = (
    "Thank you for your request.\n\n" + "The council holds the information you asked for. " * 8 + f"\n\nIt was passed to {NAME} in May.\n"
)


def _sweep(path: Path, site: Path, judged: JudgedTexts | None) -> list[Finding]:
    gate = make_gate(None, deny_list=(NAME,))
    rel = path.relative_to(site).as_posix()
    return sweep_module._sweep_file(path, rel, gate.text, SiteAcknowledgements(), False, None, judged)


def _rules(findings: list[Finding]) -> list[tuple[str, int | None]]:
    return sorted((f.rule, f.line) for f in findings)


def test_judged_texts_match_whole_texts_only() -> None:
    judged = JudgedTexts([LETTER, "short " * 3])
    assert len(LETTER) >= MIN_CHARS
    assert LETTER in judged
    assert "short " * 3 not in judged  # short texts are always read
    assert LETTER.replace("May", "June") not in judged
    assert LETTER + " " not in judged
    assert LETTER[:-1] not in judged
    assert len(judged) == 1
    assert not JudgedTexts()


def test_a_json_value_that_is_a_judged_text_is_read_as_blank_and_its_neighbours_in_full(tmp_path: Path) -> None:
    site = tmp_path
    document = site / "data" / "responses" / "2025" / "x.json"
    document.parent.mkdir(parents=True)
    document.write_text(json.dumps({"reference": "FOI-1", "letter": LETTER, "note": f"call {MOBILE}"}, ensure_ascii=False) + "\n", "utf-8")
    unjudged = _sweep(document, site, None)
    assert {"deny-list", "phone"} <= {f.rule for f in unjudged}
    judged = _sweep(document, site, JudgedTexts([LETTER]))
    assert [f.rule for f in judged] == ["phone"]
    assert judged[0].field == "note"
    # One character changed: not the text the gate judged, so read in full.
    changed = _sweep(document, site, JudgedTexts([LETTER.replace("May", "June")]))
    assert _rules(changed) == _rules(unjudged)


def test_a_json_document_written_over_several_lines_is_read_the_same_way(tmp_path: Path) -> None:
    site = tmp_path
    document = site / "data" / "x.json"
    document.parent.mkdir(parents=True)
    document.write_text(json.dumps([{"letter": LETTER}, {"letter": LETTER + f"\n{MOBILE}"}], ensure_ascii=True, indent=2), "utf-8")
    found = _sweep(document, site, JudgedTexts([LETTER]))
    assert {(f.rule, f.field) for f in found} == {("deny-list", "[1].letter"), ("phone", "[1].letter")}


def test_a_number_is_never_taken_for_a_judged_text(tmp_path: Path) -> None:
    digits = "7" * MIN_CHARS
    site = tmp_path
    document = site / "data" / "x.json"
    document.parent.mkdir(parents=True)
    document.write_text(f'{{"n": {digits}}}\n', "utf-8")
    reader_text = sweep_module.JsonText()
    sweep_module.JsonReader(JudgedTexts([digits])).read(document.read_text("utf-8"), 1, reader_text)
    assert digits in reader_text.text


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


@pytest.mark.parametrize("large", [False, True], ids=["whole-file", "in-chunks"])
def test_a_csv_cell_that_is_a_judged_text_is_blank_and_every_line_keeps_its_number(tmp_path: Path, large: bool) -> None:
    site = tmp_path
    rows = [["reference", "answer", "note"], ["FOI-1", LETTER, f"see\n{MOBILE}"], ["FOI-2", LETTER.replace("May", "June"), "none"]]
    if large:  # over the chunk size: read line by line
        rows += [[f"FOI-{n}", "nothing to see here " * 5, ""] for n in range(3, 3 + sweep_module.SWEEP_CHUNK // 100)]
    path = site / "data" / "questions.csv"
    path.parent.mkdir(parents=True)
    path.write_text(_csv(rows), "utf-8", newline="")
    assert (path.stat().st_size > sweep_module.SWEEP_CHUNK) == large
    unjudged = _rules(_sweep(path, site, None))
    judged = _rules(_sweep(path, site, JudgedTexts([LETTER])))
    # The judged letter's name is gone; the mobile number after it and the changed letter's name keep their lines.
    name_lines = sorted(line for rule, line in unjudged if rule == "deny-list")
    assert len(name_lines) == 2
    assert judged == [r for r in unjudged if r != ("deny-list", name_lines[0])]
    assert ("phone", name_lines[0] + 2) in judged


def test_csv_lines_keep_the_count_of_lines_and_the_other_cells_as_written() -> None:
    text = _csv([["a", LETTER, 'said "yes"'], ["b", "plain", LETTER]])
    lines = list(io.StringIO(text, newline=""))
    out = list(csv_lines(iter(lines), JudgedTexts([LETTER])))
    assert len(out) == len(lines)
    assert list(csv.reader(io.StringIO("".join(out), newline=""))) == [
        ["a", "\n" * LETTER.count("\n"), 'said "yes"'],
        ["b", "plain", "\n" * LETTER.count("\n")],
    ]


def test_a_csv_file_the_reader_cannot_follow_is_read_as_written() -> None:
    text = 'a,"' + LETTER + '",b\n"unclosed,' + LETTER
    lines = list(io.StringIO(text, newline=""))
    out = "".join(csv_lines(iter(lines), JudgedTexts([LETTER])))
    assert out.count(NAME) == 1  # the first record's letter blanked; the rest, after the stray quote, as written
    assert out.count("\n") == text.count("\n")


def test_a_database_cell_that_is_a_judged_text_is_blank(tmp_path: Path) -> None:
    site = tmp_path
    path = site / "data" / "foilog.sqlite"
    path.parent.mkdir(parents=True)
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE questions (reference TEXT, answer TEXT)")
    db.executemany("INSERT INTO questions VALUES (?, ?)", [("FOI-1", LETTER), ("FOI-2", LETTER + f"\n{MOBILE}")])
    db.commit()
    db.close()
    assert [f.rule for f in _sweep(path, site, None)].count("deny-list") == 2
    assert sorted(f.rule for f in _sweep(path, site, JudgedTexts([LETTER]))) == ["deny-list", "phone"]


def test_pages_are_read_in_full_whatever_is_judged(tmp_path: Path) -> None:
    site = tmp_path
    page = site / "responses" / "x" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(f"<article><pre>{LETTER}</pre></article>", "utf-8")
    assert "deny-list" in {f.rule for f in _sweep(page, site, JudgedTexts([LETTER]))}


def test_the_sweeper_reads_what_it_is_trusted_with_in_both_processes(tmp_path: Path) -> None:
    site = tmp_path
    for n in range(40):
        document = site / "data" / "responses" / f"{n}.json"
        document.parent.mkdir(parents=True, exist_ok=True)
        document.write_text(json.dumps({"letter": LETTER}) + "\n", "utf-8")
    for parallel in (False, True):
        sweeper = SiteSweeper(site, make_gate(None, deny_list=(NAME,)), parallel=parallel, use_cache=False)
        sweeper.trust(JudgedTexts([LETTER]))
        for n in range(40):
            sweeper.add_page(f"data/responses/{n}.json")
        assert sweeper.finish().findings == []


def test_the_log_s_letters_and_long_answers_are_judged(tmp_path: Path) -> None:
    answer = "The council spent the following sums on road repairs in each ward. " * 5
    builder = LogBuilder(tmp_path)
    builder.valid(variant("answer: See the attached table of routes.", f"answer: {answer.strip()}"), md=LETTER)
    log = load_built(builder)
    judged = judged_texts(log)
    (r,) = log.responses
    assert r.body in judged
    assert r.data.questions[0].answer == answer.strip()
    assert answer.strip() in judged
    assert r.data.questions[1].answer not in judged  # short: always read


class _Recorder:
    """Stands in for the sweeper: what the session trusts it with."""

    def __init__(self) -> None:
        self.trusted: list[JudgedTexts] = []

    def trust(self, judged: JudgedTexts) -> None:
        self.trusted.append(judged)


@pytest.mark.parametrize("strict", [False, True], ids=["build", "strict-build"])
def test_a_strict_build_trusts_nothing_and_its_sweep_reads_every_value(tmp_path: Path, strict: bool) -> None:
    import logging
    from types import SimpleNamespace

    from foilog.engine.options import RunOptions
    from foilog.engine.session import BuildSession

    builder = LogBuilder(tmp_path)
    builder.valid(md=LETTER)
    session = BuildSession(logging.getLogger("test"))
    session.options = RunOptions(strict=strict)
    recorder = _Recorder()
    session.sweeper = recorder  # type: ignore[assignment]
    log = load_built(builder)
    session._trust_judged_texts(SimpleNamespace(log=log))  # type: ignore[arg-type]
    if strict:
        assert recorder.trusted == []
    else:
        (judged,) = recorder.trusted
        assert log.responses[0].body in judged
