"""The post-build sweep reads a JSON file as its readers' tools do: every value decoded, each finding naming the value.

Scanned as written, a response's JSON document is one line with every line
break escaped: ``\\nZoë Whitfield`` read as the word ``nZoë``, so a
deny-listed name after a line break, a mobile number after one and a
signature block all went unseen in the document's own sweep.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sitetools import build_valid_site

from foilog.gate import sweep as sweep_module
from foilog.gate.leakgate import make_gate
from foilog.gate.sweep import sweep_site
from foilog.gate.sweep_json import SEPARATOR, JsonReader, JsonText, json_text
from foilog.log.findings import Finding

NAME = "Zoë Whitfield"  # fictional
MOBILE = "07700 900123"  # Ofcom's range for drama
PLANTED = f"Thank you for your request.\n{NAME}\n{MOBILE}\nYours sincerely\n\nPeregrine Oduya-Marsh\nRecords Officer"


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    return build_valid_site(tmp_path)


def _document(site: Path) -> Path:
    (document,) = (site / "data" / "responses").rglob("*.json")
    return document


def _found(site: Path, rel: str, deny: tuple[str, ...] = (NAME,)) -> list[Finding]:
    return [f for f in sweep_site(site, make_gate(None, deny_list=deny)).findings if f.path == f"site/{rel}"]


def _rel(site: Path, path: Path) -> str:
    return path.relative_to(site).as_posix()


# --- what the sweep finds --------------------------------------------------------------


@pytest.mark.parametrize("ascii_only", [False, True], ids=["as-foilog-writes-it", "ensure_ascii-as-a-plugin-might"])
def test_a_letter_in_a_json_document_is_read_with_its_line_breaks(site: Path, ascii_only: bool) -> None:
    document = _document(site)
    data = json.loads(document.read_text("utf-8"))
    data["questions"][0]["answer"] = PLANTED
    document.write_text(json.dumps(data, ensure_ascii=ascii_only), encoding="utf-8")
    assert "\\n" + (NAME if not ascii_only else "Zo\\u00eb") in document.read_text("utf-8")
    found = {f.rule: f for f in _found(site, _rel(site, document))}
    assert {"deny-list", "phone", "signature-name"} <= set(found)
    for rule, value_line in (("deny-list", 2), ("phone", 3), ("signature-name", 6)):
        f = found[rule]
        assert (f.line, f.field) == (1, "questions[0].answer")
        assert f.message.startswith(f"in the JSON value questions[0].answer (line {value_line} of it): ")
    assert found["phone"].excerpt == "0**** 9*****"


def test_an_email_after_a_line_break_keeps_its_own_first_letter(site: Path) -> None:
    document = _document(site)
    data = json.loads(document.read_text("utf-8"))
    data["summary"] = "Ask the team.\njane.example.smith@gmail.com"
    document.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (email,) = [f for f in _found(site, _rel(site, document)) if f.rule == "email"]
    assert (email.excerpt, email.field) == ("j***@gmail.com", "summary")  # not "n***": the "n" of "\n"


def test_a_pretty_printed_file_names_the_line_and_path(site: Path) -> None:
    package = site / "data" / "datapackage.json"
    data = json.loads(package.read_text("utf-8"))
    data["contributors"] = [{"title": "Records team", "email": "jane.example.smith@gmail.com"}]
    text = json.dumps(data, ensure_ascii=False, indent=2)
    package.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.split("\n"), start=1) if "jane.example.smith" in row)
    (email,) = [f for f in _found(site, "data/datapackage.json") if f.rule == "email"]
    assert (email.line, email.field) == (line, "contributors[0].email")


def test_a_key_is_read_too_and_a_duplicate_key_hides_nothing(site: Path) -> None:
    odd = site / "data" / "odd.json"
    odd.write_text('{"jane.example.smith@gmail.com": 1, "note": "none", "note": "ring ' + MOBILE + '"}', encoding="utf-8")
    found = sorted((f.rule, f.field) for f in _found(site, "data/odd.json"))
    assert found == [("email", "jane.example.smith@gmail.com"), ("phone", "note")]


def test_a_file_that_is_not_json_is_still_read_as_written(site: Path) -> None:
    broken = site / "data" / "broken.json"
    broken.write_text('{\n  "ok": "fine",\n  "note": "ring ' + MOBILE + "\n  and write to jane.example.smith@gmail.com\n", encoding="utf-8")
    found = sorted((f.rule, f.line, f.field) for f in _found(site, "data/broken.json"))
    assert found == [("email", 4, None), ("phone", 3, None)]


def test_a_large_json_file_is_read_a_chunk_at_a_time_with_right_lines(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sweep_module, "SWEEP_CHUNK", 4096)  # many chunks, and the reader carries the path across them
    rows = [{"reference": f"FOI/{i:05d}", "answer": f"Nothing to see in row {i}.\nSecond line."} for i in range(2000)]
    rows[1500]["answer"] = f"Nothing here.\n{MOBILE}"
    export = site / "data" / "rows.json"
    export.write_text("[\n" + ",\n".join(json.dumps(row) for row in rows) + "\n]\n", encoding="utf-8")
    found = [(f.rule, f.line, f.field) for f in _found(site, "data/rows.json")]
    assert found == [("phone", 1502, "[1500].answer")]


def test_the_built_sites_json_files_stay_clean(site: Path) -> None:
    """Read as ``key: value`` lines, foilog's own documents, data package and schemas raise nothing."""
    found = [f for f in sweep_site(site, make_gate(None)).findings if f.path.endswith(".json")]
    assert found == []


# --- the reader ------------------------------------------------------------------------

DOCUMENTS = [
    {"letter": PLANTED, "questions": [{"n": 1, "answer": 'a "quoted"\tword'}, {"n": 2.50, "ok": True, "none": None}], "x": {}},
    [{"a": [1, [2, {"b": "c"}]]}, "top", 3e5, False, []],
    {"emoji": "😀 \u2028 after a line separator", "empty": "", "nested": {"deep": {"deeper": ["x", {"y": "z"}]}}},
    "a string alone",
]


def _decoded(text: str, *, whole_lines: bool = True) -> JsonText:
    reader = JsonReader()
    if not whole_lines:
        reader._read_whole = lambda line, number, into: False  # type: ignore[method-assign]  # token by token only
    return json_text(text.split("\n"), reader=reader)


@pytest.mark.parametrize("document", DOCUMENTS, ids=["response-like", "arrays", "unicode-and-nesting", "scalar"])
def test_every_layout_and_both_readings_give_the_same_text(document: object) -> None:
    layouts = [
        json.dumps(document, ensure_ascii=False),
        json.dumps(document, indent=2),
        json.dumps(document),
        json.dumps(document, indent="\t"),
    ]
    texts = {_decoded(layout, whole_lines=whole).text for layout in layouts for whole in (True, False)}
    assert len(texts) == 1
    (text,) = texts
    assert SEPARATOR + "\n" in text or isinstance(document, str)


@pytest.mark.parametrize("document", DOCUMENTS, ids=["response-like", "arrays", "unicode-and-nesting", "scalar"])
def test_both_readings_place_every_line_alike(document: object) -> None:
    """Each line of the text comes from the same file line and value path, read whole or token by token."""
    for layout in (json.dumps(document), json.dumps(document, indent=2), f"[{json.dumps(document)},\n{json.dumps(document)}]"):
        whole, tokens = _decoded(layout), _decoded(layout, whole_lines=False)
        assert whole.text == tokens.text
        lines = whole.text.count("\n") + 1
        assert [whole.where(i) for i in range(lines)] == [tokens.where(i) for i in range(lines)]


def test_values_come_out_decoded_with_their_labels_and_written_literals() -> None:
    text = _decoded(json.dumps(DOCUMENTS[0])).text.split("\n" + SEPARATOR + "\n")
    assert text[0] == "letter: " + PLANTED
    assert text[1:] == ["questions:", "n: 1", 'answer: a "quoted"\tword', "n: 2.5", "ok: true", "none: null", "x:\n"]


def test_each_line_knows_its_file_line_value_and_line_within_it() -> None:
    source = json.dumps({"a": "one", "b": {"c": "two\nthree"}}, indent=2)
    decoded = _decoded(source)
    lines = decoded.text.split("\n")
    places = {lines[i]: decoded.where(i) for i in range(len(lines) - 1) if lines[i] != SEPARATOR}
    assert {k: (w.line, w.path, w.value_line) for k, w in places.items() if w is not None} == {
        "a: one": (2, "a", 1),
        "b:": (3, "b", 1),
        "c: two": (4, "b.c", 1),
        "three": (4, "b.c", 2),
    }
    assert decoded.where(len(lines)) is None
