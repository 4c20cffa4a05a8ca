"""Imported answers keep their shape; titles and summaries read as a person would write them (issue 18).

The Met letter (tests/fixtures/letters) answers its question 1 with six bare
fragments, in the order of the details the question lists; its public interest
tests for s24(2) and s31(3) sit in "Reasons for decision"; its subject writes
"Metropolitan police Service" (the letter elsewhere: "Metropolitan Police
Service"). The other letters are fictional and built here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from foilog.commands.importer import ReadLimits, draft_from_lines, read_letter, render_markdown, render_yaml
from foilog.commands.importer.answers import shape_answer
from foilog.commands.importer.extract import find_exemptions
from foilog.commands.importer.interest import find_public_interest
from foilog.commands.importer.parse import Draft
from foilog.commands.importer.read import join_page_breaks
from foilog.commands.importer.title import noun_phrase, spelling_doubts, suggest_title
from foilog.gate.leakgate import make_gate

LETTERS = Path(__file__).parent / "fixtures" / "letters"


def _draft_of(lines: list[str]) -> Draft:
    return draft_from_lines(lines, gate=make_gate(None), wording="Requester", topics={})


@pytest.fixture(scope="module", params=["met-01-FOI-19-011430.txt", "met-01-FOI-19-011430.pdf"])
def met(request: pytest.FixtureRequest) -> tuple[Draft, dict[str, object]]:
    lines = read_letter(LETTERS / request.param, ReadLimits(sandbox=False)).lines
    draft = _draft_of(lines)
    return draft, yaml.safe_load(render_yaml(draft, "schema.json", []))


def test_met_twelve_questions_and_q1_labels(met: tuple[Draft, dict[str, object]]) -> None:
    draft, data = met
    questions = data["questions"]
    assert isinstance(questions, list)
    assert [q["number"] for q in questions] == ["1", "1a", "1b", "1c", "1d", "1e", "1f", "2", "2a", "2b", "3", "4"]
    q1 = questions[0]["answer"]
    # each fragment under the detail the question asked for, as a table row
    assert "| Name of the companies | Yes – Kings Cross Estate Services. |" in q1
    assert "| Manner of collaboration | Sharing of Images. |" in q1
    assert "| Time period of the collaboration | October 2016 – April 2017. |" in q1
    assert "| Locations | Kings Cross Estate |" in q1
    assert "| Costs involved | No known costs |" in q1
    assert "ceased after April 2017" in q1
    assert draft.questions[0].answer_guessed  # labels taken from the question: the reviewer checks them
    assert all(q["answer"] for q in questions)


def test_met_public_interest_in_each_exemption(met: tuple[Draft, dict[str, object]]) -> None:
    _, data = met
    exemptions = data["exemptions"]
    assert isinstance(exemptions, list)
    pi = {e["section"]: e.get("public_interest", "") for e in exemptions}
    assert set(pi) == {"s24(2)", "s31(3)"}
    assert "insight into the type of technology" in pi["s24(2)"]
    assert "On weighing up the competing interests" in pi["s24(2)"]
    assert "law enforcement tactics would be compromised" in pi["s31(3)"]
    assert "law enforcement tactics would be compromised" not in pi["s24(2)"]
    assert "Additional Partial NCND" not in pi["s31(3)"]  # the next section is not public interest reasoning
    assert all(e["ncnd"] for e in exemptions)


def test_met_title_and_summary_as_a_person_would_write(met: tuple[Draft, dict[str, object]]) -> None:
    _, data = met
    title, summary = str(data["title"]), str(data["summary"])
    assert "police Service" not in title  # the letter's typo is not copied
    assert "facial recognition" in title and len(title) <= 100
    assert not title.startswith(("The requester", "Has your force", "I write"))
    assert not summary.startswith("The requester asked 12 questions about")
    assert "facial recognition" in summary and "neither confirm nor deny" in summary
    assert summary.count(".") <= 4


def test_met_page_break_halves_joined(met: tuple[Draft, dict[str, object]]) -> None:
    draft, _ = met
    body = render_markdown(draft.body)
    assert "It would have the likelihood of identifying location-specific operations" in body
    assert "compromise of ongoing or future operations" in body


def test_page_breaks_joined_across_footers_and_page_numbers() -> None:
    lines = [
        "The request was considered. It would have the",
        "",
        "Page 3 of 6",
        "",
        "Official Sensitive",
        "",
        "likelihood of identifying operations.",
        "",
        "Official Sensitive",
        "",
        "Sharing of Images for the purpose of LFR ceased after April 2017,",
        "",
        "a. If yes, did your force share images?",
        "",
        "Northshire County Council",
        "County Hall",
    ]
    out = join_page_breaks(lines)
    assert out[0] == "The request was considered. It would have the likelihood of identifying operations."
    assert "a. If yes, did your force share images?" in out  # a sub-question is not the rest of a sentence
    assert out[-2:] == ["Northshire County Council", "County Hall"]


def _letter(*body: str) -> list[str]:
    return [
        "Northshire County Council",
        "Our Ref: FOI/2024/0042",
        "Date: 3 May 2024",
        "",
        "Dear Requester",
        "",
        "Thank you for your request received on 2 April 2024.",
        "",
        *body,
        "",
        "Yours sincerely",
        "",
        "Information Governance Team",
    ]


def test_paragraph_naming_a_question_goes_to_that_question() -> None:
    draft = _draft_of(
        _letter(
            "You asked:",
            "",
            "1. How many agency nurses did the trust employ in 2023?",
            "2. What did the trust spend on agency nursing in 2023?",
            "",
            "Our response:",
            "",
            "1. 42 agency nurses.",
            "",
            "2. £1.2 million.",
            "",
            "The figure given in Q1 counts each nurse once, however many shifts they worked.",
        )
    )
    answers = {q.number: q.answer for q in draft.questions}
    assert "counts each nurse once" in answers["1"]
    assert "counts each nurse once" not in answers["2"]
    assert any("Q1" in note or "question 1" in note for note in draft.notes)


def test_a_back_reference_stays_where_it_is() -> None:
    draft = _draft_of(
        _letter(
            "You asked:",
            "",
            "1. How many agency nurses did the trust employ in 2023?",
            "2. What did the trust spend on agency nursing in 2023?",
            "",
            "Our response:",
            "",
            "1. 42 agency nurses.",
            "",
            "2. £1.2 million.",
            "",
            "Please see our answer to question 1 for the number of nurses.",
        )
    )
    answers = {q.number: q.answer for q in draft.questions}
    assert "Please see our answer to question 1" in answers["2"]


def test_empty_answer_is_flagged_in_file_and_report() -> None:
    draft = _draft_of(
        _letter(
            "You asked:",
            "",
            "1. How many agency nurses did the trust employ in 2023?",
            "2. What did the trust spend on agency nursing in 2023?",
            "",
            "Our response:",
            "",
            "1. 42 agency nurses.",
        )
    )
    text = render_yaml(draft, "schema.json", [])
    assert "    answer: ''  # no answer found in the letter: write it" in text
    assert any("2" in item and "answer" in item for item in draft.needs_human)


def test_sub_headings_in_an_answer_become_headings() -> None:
    answer, _ = shape_answer(
        "Please provide the trust's policy on agency staff and its spend.",
        [
            "Policy",
            "The trust's policy on agency staff is attached.",
            "Spend",
            "The trust spent £1.2 million on agency staff in 2023.",
        ],
    )
    assert answer.split("\n\n") == [
        "### Policy",
        "The trust's policy on agency staff is attached.",
        "### Spend",
        "The trust spent £1.2 million on agency staff in 2023.",
    ]


def test_own_labels_are_kept() -> None:
    answer, guessed = shape_answer(
        "Please provide the name of the supplier, the cost and the contract length.",
        ["Supplier: Acme Ltd", "Cost: £4,000", "Contract length: 2 years"],
    )
    assert answer == "Supplier: Acme Ltd\n\nCost: £4,000\n\nContract length: 2 years"
    assert not guessed


def test_short_answer_alone_is_not_a_heading() -> None:
    answer, _ = shape_answer("What rank authorised it? What process was followed?", ["Chief Inspector", "An ISA was agreed first."])
    assert answer == "Chief Inspector\n\nAn ISA was agreed first."


def test_title_from_subject_line_with_a_typo_flagged() -> None:
    draft = _draft_of(
        [
            "Northshire Hospitals NHS Trust",
            "Our Ref: FOI/2024/0042",
            "Date: 3 May 2024",
            "",
            "Dear Requester",
            "",
            "Re: Agency nursing: incident reprots and spend",
            "",
            "Thank you for your request received on 2 April 2024. You asked:",
            "",
            "1. Please provide every incident report involving agency nurses since 2022.",
            "2. What did the trust spend on agency nursing in 2023?",
            "",
            "Our response:",
            "",
            "1. The trust holds 14 incident reports; copies of the reports are attached.",
            "",
            "2. £1.2 million.",
            "",
            "Yours sincerely",
            "",
            "Information Governance Team",
        ]
    )
    assert draft.title == "Agency nursing: incident reprots and spend"
    assert 'check spelling of "reprots"' in draft.guessed["title"]
    text = render_yaml(draft, "schema.json", [])
    assert 'check spelling of "reprots"' in text
    assert draft.summary.startswith("Two questions about agency nursing: incident reprots and spend.")


def test_title_from_first_question_when_no_subject() -> None:
    draft = _draft_of(
        _letter(
            "You asked:",
            "",
            "1. Please provide copies of all gritting route maps used by the council since 2020.",
            "2. How many gritters does the council own?",
            "",
            "Our response:",
            "",
            "1. The maps are attached.",
            "",
            "2. 12 gritters.",
        )
    )
    assert draft.title == "Gritting route maps"


def test_spelling_doubts() -> None:
    text = "We searched for the reports. The reports are attached. Information held."
    assert spelling_doubts("Incident reprots", text) == [("reprots", "reports")]
    assert spelling_doubts("Incident reports", text) == []


@pytest.mark.parametrize(
    ("question", "phrase"),
    [
        ("How many tonnes of salt did the Council spread on roads in winter 2023/24?", "Tonnes of salt"),
        ("What was the average waiting time for an MRI scan in 2023/24?", "Average waiting time for an MRI scan"),
        (
            "Copies of any reports on the condition of the Old Mill footbridge since 2015.",
            "Reports on the condition of the Old Mill footbridge",
        ),
        ("How many ministerial meetings were held with the Example Industry Council in 2022?", "Ministerial meetings"),
    ],
)
def test_noun_phrase_of_a_question(question: str, phrase: str) -> None:
    assert noun_phrase(question) == phrase


def test_a_name_is_capitalised_as_elsewhere_in_the_letter() -> None:
    lines = [
        "The Metropolitan Police Service received your request.",
        "You asked for information regarding the Metropolitan police Service policy on drones.",
        "1. Please provide the policy.",
    ]
    title = suggest_title(lines, 2, ["Please provide the policy."])
    assert title is not None
    assert title.text == "The Metropolitan Police Service policy on drones"
    assert '"Police" capitalised as elsewhere in the letter' in title.why


def test_plural_is_not_a_typo() -> None:
    assert spelling_doubts("Stop and search encounters", "For each encounter, what was the outcome?") == []


def test_public_interest_under_an_unnamed_heading_goes_to_the_only_exemption() -> None:
    lines = [
        "The prices are exempt under section 43(2) of the Freedom of Information Act 2000.",
        "",
        "PUBLIC INTEREST TEST",
        "",
        "Factors favouring disclosure",
        "",
        "Openness about how public money is spent.",
        "",
        "Factors favouring withholding",
        "",
        "Harm to the supplier's commercial interests.",
        "",
        "COMPLAINT RIGHTS",
        "",
        "You can ask for a review.",
    ]
    exemptions = find_exemptions(lines, "FOIA")
    reasoning = find_public_interest(lines, exemptions, "FOIA")
    assert reasoning == {
        "s43(2)": "Factors favouring disclosure\n\nOpenness about how public money is spent.\n\n"
        "Factors favouring withholding\n\nHarm to the supplier's commercial interests."
    }
