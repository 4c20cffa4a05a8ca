"""The import's building blocks: dates, references, citations, NCND, DOCX reading, unwrapping, redaction."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from letter_builders import docx_from_xml, docx_paragraph, docx_table

from foilog.commands.importer.dates import dates_in, find_received_date, find_response_date
from foilog.commands.importer.extract import citations, find_exemptions, find_reference, find_regime, suggest_topics
from foilog.commands.importer.formats import LetterUnreadable, ReadLimits, docx_lines
from foilog.commands.importer.questions import find_request, is_caps_heading
from foilog.commands.importer.read import read_letter, unwrap
from foilog.commands.importer.redact import redact_letter
from foilog.commands.importer.sandbox import Sandbox
from foilog.gate.leakgate import make_gate
from foilog.log.topics import Topic

DAY = dt.date(2019, 12, 16)


@pytest.mark.parametrize(
    "text",
    [
        "16/12/2019",
        "16.12.2019",
        "16-12-19",
        "16 December 2019",
        "16th Dec 2019",
        "Monday 16 December 2019",
        "December 16, 2019",
        "16 Dec. 2019",
    ],
)
def test_uk_dates(text: str) -> None:
    assert [d for _, d in dates_in(f"on {text}.")] == [DAY]


def test_not_dates() -> None:
    assert dates_in("31/02/2019 and 12/13/2019 and section 24(2)") == []


def test_response_and_received_dates() -> None:
    lines = ["Our Ref: X/1", "Monday 16 December 2019", "Dear Requester", "Your request dated 1 September 2019 was received on 06/09/2019."]
    assert find_response_date(lines, 2).value == DAY
    received = find_received_date(lines, 3, DAY)
    assert received is not None and received.value == dt.date(2019, 9, 6) and not received.guessed
    dated = find_received_date(["Thank you for your letter dated 1 September 2019."], 0, DAY)
    assert dated is not None and dated.guessed and dated.value == dt.date(2019, 9, 1)


@pytest.mark.parametrize(
    ("line", "ref"),
    [
        ("Our Ref: 01/FOI/19/011430", "01/FOI/19/011430"),
        ("Reference No: FOI 2024/0123", "FOI 2024/0123"),
        ("Our reference: EIR/2023/456.", "EIR/2023/456"),
        ("Request reference: FOI-2023-0789", "FOI-2023-0789"),
        ("Your ref: ABC123   Our ref: NCC/77", "NCC/77"),
        ("Re: FOI 2024/0999 bins", "FOI 2024/0999"),
    ],
)
def test_references(line: str, ref: str) -> None:
    assert find_reference([line], 1) == ref


@pytest.mark.parametrize(
    ("text", "regime"),
    [
        ("under the Freedom of Information Act 2000", "FOIA"),
        ("the Environmental Information Regulations 2004 apply; regulation 12(5)(b)", "EIR"),
        ("the Freedom of Information (Scotland) Act 2002 and the Freedom of Information Act", "FOISA"),
        ("Environmental Information (Scotland) Regulations 2004", "EISR"),
    ],
)
def test_regime(text: str, regime: str) -> None:
    assert find_regime(text) == (regime, False)


@pytest.mark.parametrize(
    ("line", "regime", "expected"),
    [
        ("Section 24(2) National Security", "FOIA", ["s24(2)"]),
        ("exempt under s.31(3) and s40(2)", "FOIA", ["s31(3)", "s40(2)"]),
        ("section 40(2) and (3) apply", "FOIA", ["s40(2)", "s40(3)"]),
        ("regulation 12(5)(b) and (e)", "EIR", ["reg12(5)(b)", "reg12(5)(e)"]),
        ("section 38(1)(b) of FOISA", "FOISA", ["s38(1)(b)"]),
        ("Section 24 and Section 31 are both qualified", "FOIA", ["s24", "s31"]),
        ("the council's 12 depots", "FOIA", []),
    ],
)
def test_citations(line: str, regime: str, expected: list[str]) -> None:
    assert citations(line, regime) == expected


def test_exemptions_ncnd_from_wording_and_provision() -> None:
    lines = [
        "The duty in Section 1(1)(a) does not apply, by virtue of the following exemptions;",
        "- Section 24 National Security",
        "",
        "Personal data is withheld under section 40(2).",
        "We neither confirm nor deny that we hold information, relying on section 40(5).",
    ]
    found = {e.section: e.ncnd for e in find_exemptions(lines, "FOIA")}
    assert found == {"s24": True, "s40(2)": False, "s40(5)": True}


def test_topics_need_two_words() -> None:
    topics = {
        "road-safety": Topic("road-safety", "Road safety", "Roads, gritting, speed limits and collisions.", "", ""),
        "housing": Topic("housing", "Housing", "Council homes, repairs and homelessness.", "", ""),
    }
    assert suggest_topics("Gritting of rural roads in winter.", topics) == ["road-safety"]
    assert suggest_topics("The housing officer replied.", topics) == []


def test_docx_numbering_tracked_changes_and_tables(tmp_path: Path) -> None:
    body = (
        docx_paragraph("Our ref: X/1")
        + docx_paragraph("How many ", deleted="secret draft words", inserted="gritters?", num=(1, 0))
        + docx_paragraph("Which depots?", num=(1, 1))
        + docx_paragraph("Where are they?", num=(1, 0))
        + docx_table([["3. How many drivers?", "Twelve."], ["Depot", "Count"]])
    )
    path = tmp_path / "a.docx"
    path.write_bytes(docx_from_xml(body))
    lines = [line for line in docx_lines(path, ReadLimits()) if line]
    assert lines == [
        "Our ref: X/1",
        "1. How many gritters?",
        "(a) Which depots?",
        "2. Where are they?",
        "3. How many drivers?",
        "Response: Twelve.",
        "Depot | Count",
    ]


@pytest.mark.adversarial
def test_docx_bomb_and_junk_fail_clearly(tmp_path: Path) -> None:
    junk = tmp_path / "junk.docx"
    junk.write_bytes(b"not a zip")
    with pytest.raises(LetterUnreadable, match="not a readable Office document"):
        docx_lines(junk, ReadLimits())


def test_unwrap_joins_printed_lines_only() -> None:
    wrapped = [
        "This paragraph was wrapped by the printer at a fixed width of about fifty",
        "characters, so it continues here.",
        "",
        "1. A question?",
        "Its answer.",
        "Short line",
        "Another short line",
        "x" * 60,
    ]
    out = unwrap(wrapped)
    assert out[0] == "This paragraph was wrapped by the printer at a fixed width of about fifty characters, so it continues here."
    assert "Short line" in out and "Its answer." in out


def test_caps_headings_are_not_postcodes() -> None:
    assert is_caps_heading("DECISION") and is_caps_heading("COMPLAINT RIGHTS")
    assert not is_caps_heading("SW6 1SF") and not is_caps_heading("SK9 5AF")
    assert not is_caps_heading("Decision") and not is_caps_heading("THE END.")


def test_interleaved_and_numbered_questions() -> None:
    lines = ["Q1 How many?", "A1 Four.", "", "Question 2: Which ones?", "Response: These.", "- a. And sub?", "Answer: Yes."]
    layout = find_request(lines, 0)
    assert [(q.number, q.answer) for q in layout.questions] == [("1", ["Four."]), ("2", ["These."]), ("2a", ["Yes."])]


def test_redaction_of_name_address_and_email() -> None:
    lines = [
        "Example Council (fictional)",
        "Mr John Q Fakename",
        "1 Nowhere Lane",
        "Faketown",
        "FK1 1AA",
        "j.fakename@example.net",
        "Date: 1 May 2024",
        "Dear Mr Fakename,",
        "Mr Fakename asked about John Q Fakename's bins; FAKENAME wrote again.",
        "Write to foi@example.gov.uk or to jo.officer@example.gov.uk.",
    ]
    out, result, salutation = redact_letter(lines, make_gate(None), "Requester")
    text = "\n".join(out)
    assert "fakename" not in text.lower() and "Nowhere" not in text and "FK1" not in text
    assert out[salutation] == "Dear Requester,"
    assert "Date: 1 May 2024" in text and "Example Council (fictional)" in text
    assert "foi@example.gov.uk" in text and "jo.officer" not in text
    assert result.address_lines == 5 and result.name_occurrences >= 3


def test_sandbox_reads_and_survives_a_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 100)
    with Sandbox(ReadLimits()) as sandbox:
        with pytest.raises(LetterUnreadable):
            read_letter(bad, ReadLimits(), sandbox)
        met = Path(__file__).parent / "fixtures" / "letters" / "met-01-FOI-19-011430.pdf"
        assert any("01/FOI/19/011430" in line for line in read_letter(met, ReadLimits(), sandbox).lines)


@pytest.mark.adversarial
def test_sandbox_timeout_kills_the_worker(tmp_path: Path) -> None:
    met = Path(__file__).parent / "fixtures" / "letters" / "met-01-FOI-19-011430.pdf"
    with Sandbox(ReadLimits(timeout_seconds=0.001)) as sandbox:
        assert "took longer than" in sandbox.extract(met, "pdf")["error"]
    assert not sandbox.running
