"""Loading a log: the data as typed, derived facts, and the cross-field checks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from logbuilder import DEFAULT_OPTIONS, TODAY, VALID_SLUG, VALID_YML, LogBuilder, variant
from logbuilder import finding_texts as texts
from logbuilder import load_built as load

from foilog.log.findings import Category, Finding, Severity
from foilog.log.model import Response

YML = f"responses/2026/{VALID_SLUG}/response.yml"
FOLDER = f"responses/2026/{VALID_SLUG}"

#: Modelled on the seed case, a Metropolitan Police Service response (no personal details).
SEED_YML = """\
reference: 01/FOI/19/011430
title: Live facial recognition and collaboration with external companies
summary: Questions about live facial recognition with private companies; released, further information neither confirmed nor denied.
authority: metropolitan-police
regime: FOIA
received: 2019-09-06
responded: 2019-12-16
outcome: granted-in-part
topics:
  - policing-technology
exemptions:
  - section: s24(2)
    ncnd: true
    public_interest: Confirming or denying whether further information is held would harm national security.
  - section: s31(3)
    ncnd: true
    public_interest: Confirming or denying whether further information is held would harm law enforcement.
questions:
  - number: '1'
    question: Has your force collaborated with any external companies in their use of live facial recognition?
    answer: Yes; details are given in the letter.
    outcome: granted-in-full
  - number: 1a
    question: Did your force share images as part of the collaboration?
    answer: Yes; the number of images is given in the letter.
    outcome: granted-in-full
    exemptions: [s24(2), s31(3)]
"""

SEED_OPTIONS = {
    **DEFAULT_OPTIONS,
    "authorities": [
        *DEFAULT_OPTIONS["authorities"],
        {"id": "metropolitan-police", "name": "Metropolitan Police Service", "website": "https://www.met.police.uk/"},
    ],
}


@pytest.fixture
def builder(tmp_path: Path) -> LogBuilder:
    return LogBuilder(tmp_path / "project")


@pytest.fixture
def seed(tmp_path: Path) -> Response:
    b = LogBuilder(tmp_path / "seed", options=SEED_OPTIONS)
    b.response(2019, "01-foi-19-011430", SEED_YML)
    log = load(b)
    assert texts(log) == []
    (response,) = log.responses
    return response


# --- derived facts --------------------------------------------------------------------------------


def test_seed_case_derived_facts(seed: Response) -> None:
    assert seed.reference == "01/FOI/19/011430"
    assert seed.slug == "01-foi-19-011430"
    assert seed.year == 2019
    assert seed.url == "responses/2019/01-foi-19-011430/"
    assert seed.working_days == 70
    assert seed.deadline == dt.date(2019, 10, 4)
    assert seed.on_time is False
    assert seed.authority == "metropolitan-police"
    assert seed.withdrawn is False
    assert seed.embargoed(TODAY) is False
    assert seed.rel_folder == "responses/2019/01-foi-19-011430"
    assert seed.yml_path == "responses/2019/01-foi-19-011430/response.yml"
    assert seed.md_path == "responses/2019/01-foi-19-011430/response.md"
    assert seed.body.startswith("Dear Requester")


def test_seed_case_lines(seed: Response) -> None:
    assert seed.line_of("received") == 6
    assert seed.line_of("exemptions", 1, "section") == 15
    assert seed.line_of("questions", 1, "exemptions", 1) == 27
    assert seed.line_of("questions", 0, "not-there") == 19  # nearest parent: the question


def test_authority_defaults_to_the_sites_own(builder: LogBuilder) -> None:
    builder.valid()
    (response,) = load(builder).responses
    assert response.data.authority is None
    assert response.authority == "northshire-council"


def test_authority_defaults_to_the_first_authority_without_the_option(builder: LogBuilder) -> None:
    options = {k: v for k, v in DEFAULT_OPTIONS.items() if k != "authority"}
    options["authorities"] = list(reversed(DEFAULT_OPTIONS["authorities"]))
    builder.mkdocs(options)
    builder.valid()
    (response,) = load(builder).responses
    assert response.authority == "westshire-police"


def test_on_time_response(builder: LogBuilder) -> None:
    builder.valid()
    (response,) = load(builder).responses
    # Received Tuesday 1 September 2026, answered Monday 28 September: 19 working days.
    assert (response.working_days, response.deadline, response.on_time) == (19, dt.date(2026, 9, 29), True)


def test_foisa_response_counts_scottish_days(builder: LogBuilder) -> None:
    text = variant("regime: FOIA", "regime: FOISA").replace("s40(2)", "s38(1)(b)")
    text = variant("received: 2026-09-01\nresponded: 2026-09-28", "received: 2026-03-16\nresponded: 2026-04-15", text)
    builder.valid(text)
    log = load(builder)
    assert texts(log) == []
    (response,) = log.responses
    assert (response.deadline, response.on_time, response.working_days) == (dt.date(2026, 4, 14), False, 21)


def test_embargoed_until_publish_after(builder: LogBuilder) -> None:
    builder.valid(variant("outcome: granted-in-part", "outcome: granted-in-part\npublish_after: 2026-12-01"))
    log = load(builder)
    assert texts(log) == []
    (response,) = log.responses
    assert response.embargoed(dt.date(2026, 11, 30)) is True
    assert response.embargoed(dt.date(2026, 12, 1)) is False  # published on the day
    assert log.published() == []
    assert load(builder, dt.date(2026, 12, 1)).published()[0].reference == "NCC/FOI/26/0042"


def test_published_is_newest_first(builder: LogBuilder) -> None:
    builder.valid()
    older = variant("reference: NCC/FOI/26/0042", "reference: NCC/FOI/26/0001")
    older = variant("received: 2026-09-01\nresponded: 2026-09-28", "received: 2026-01-05\nresponded: 2026-01-30", older)
    builder.valid(older, slug="ncc-foi-26-0001")
    log = load(builder)
    assert texts(log) == []
    assert [r.reference for r in log.published()] == ["NCC/FOI/26/0042", "NCC/FOI/26/0001"]
    assert log.files_checked == 3 + 2 * 3  # topics; each folder, its response.md and its attachment


# --- the data as typed ----------------------------------------------------------------------------


def test_values_stay_the_strings_that_were_typed(builder: LogBuilder) -> None:
    text = variant("reference: NCC/FOI/26/0042", "reference: 012345")
    text = variant("answer: See the attached table of routes.", "answer: NO", text)
    builder.valid(text, slug="012345")
    log = load(builder)
    assert texts(log) == []
    (response,) = log.responses
    assert response.reference == "012345"
    assert response.data.questions[0].answer == "NO"
    assert response.slug == "012345"
    assert response.data.received == dt.date(2026, 9, 1)
    assert response.data.exemptions[0].ncnd is False


def test_ncnd_yes_is_not_true(builder: LogBuilder) -> None:
    builder.valid(variant("  - section: s40(2)\n", "  - section: s40(2)\n    ncnd: yes\n"))
    log = load(builder)
    assert log.responses == []  # an invalid response never reaches later stages
    assert [(f.path, f.line, f.field, f.message) for f in log.findings] == [
        (YML, 12, "exemptions[0].ncnd", "expected true or false, got 'yes'")
    ]


def test_findings_are_errors_with_category_invalid_data(builder: LogBuilder) -> None:
    builder.valid(variant("    outcome: refused", "    outcome: refuse"))
    (finding,) = load(builder).errors
    assert isinstance(finding, Finding)
    assert (finding.rule, finding.category, finding.severity) == ("invalid-data", Category.INVALID_DATA, Severity.ERROR)
    assert finding.is_error


# --- checks beyond the schema --------------------------------------------------------------------


def test_dates_corrections_withdrawal_and_embargo(builder: LogBuilder) -> None:
    extra = (
        "publish_after: 2026-09-01\n"
        "corrections:\n  - date: 2026-09-01\n    note: Wrong table.\n  - date: 2026-12-01\n    note: Future.\n"
        "withdrawn:\n  date: 2026-12-02\n  reason: Published in error.\n"
    )
    builder.valid(VALID_YML + extra)
    assert texts(load(builder)) == [
        f"{YML}:27: publish_after: the embargo (2026-09-01) ends before the response date (2026-09-28); remove publish_after or correct it",
        f"{YML}:29: corrections[0].date: the correction (2026-09-01) is dated before the response (2026-09-28)",
        f"{YML}:31: corrections[1].date: 2026-12-01 is in the future (today is 2026-11-26)",
        f"{YML}:34: withdrawn.date: 2026-12-02 is in the future (today is 2026-11-26)",
    ]


def test_withdrawn_response_is_still_loaded(builder: LogBuilder) -> None:
    builder.valid(VALID_YML + "withdrawn:\n  date: 2026-10-01\n  reason: Published in error.\n")
    log = load(builder)
    assert texts(log) == []
    assert log.responses[0].withdrawn is True


def test_repeated_topic_section_and_question_number(builder: LogBuilder) -> None:
    text = variant("  - road-safety", "  - road-safety\n  - road-safety")
    text = variant("    public_interest: Not applicable; s40(2) is absolute for this information.\n", "  - section: s40(2)\n", text)
    text = variant("  - number: '2'", "  - number: '1'", text)
    builder.valid(text)
    assert texts(load(builder)) == [
        f"{YML}:10: topics[1]: topic 'road-safety' is listed twice; keep one",
        f"{YML}:13: exemptions[1].section: s40(2) is listed twice; keep one",
        f"{YML}:19: questions[1].number: question 1 appears twice (first as questions[0]); number each question once",
    ]


def test_outcome_warnings(builder: LogBuilder) -> None:
    builder.valid(variant("outcome: granted-in-part", "outcome: granted-in-full"))
    log = load(builder)
    assert texts(log) == [f"{YML}:21: questions[1].outcome: the response is granted-in-full but question 2 is refused; correct one of them"]
    assert log.errors == []
    builder.valid(variant("outcome: granted-in-part", "outcome: neither-confirm-nor-deny"))
    assert texts(load(builder)) == [f"{YML}:7: outcome: the outcome is neither-confirm-nor-deny but no exemption has ncnd: true"]


def test_eir_response_with_a_foia_section(builder: LogBuilder) -> None:
    builder.valid(variant("regime: FOIA", "regime: EIR").replace("s40(2)", "s43(2)"))
    assert texts(load(builder)) == [
        f"{YML}:11: exemptions[0].section: s43(2) is not an EIR exception (it is in FOIA); this response's regime is EIR"
    ]


def test_eir_exception_by_subsection(builder: LogBuilder) -> None:
    builder.valid(variant("regime: FOIA", "regime: EIR").replace("s40(2)", "reg12(5)(b)"))
    assert texts(load(builder)) == []


def test_same_web_address_from_different_references(builder: LogBuilder) -> None:
    builder.valid()
    builder.valid(variant("reference: NCC/FOI/26/0042", "reference: NCC-FOI-26-0042"), slug="ncc-foi-26-0042-b")
    found = texts(load(builder))
    assert (
        f"{YML}:1: reference: reference 'NCC/FOI/26/0042' gives the same web address /responses/2026/ncc-foi-26-0042/ "
        "as 'NCC-FOI-26-0042'; make the references differ by more than punctuation"
    ) in found


def test_attachment_listed_twice(builder: LogBuilder) -> None:
    builder.valid(VALID_YML + "  - path: attachments/gritting-routes.csv\n    title: Again\n")
    assert texts(load(builder)) == [f"{YML}:27: attachments[1].path: 'attachments/gritting-routes.csv' is listed twice; keep one"]


@pytest.mark.adversarial
def test_attachment_with_backslashes(builder: LogBuilder) -> None:
    builder.valid(variant("  - path: attachments/gritting-routes.csv", "  - path: attachments\\gritting-routes.csv"))
    found = texts(load(builder))
    assert f"{YML}:25: attachments[0].path: 'attachments\\gritting-routes.csv' leaves the response folder " in found[1]


@pytest.mark.adversarial
def test_symlinked_response_yml_is_refused(builder: LogBuilder, tmp_path: Path) -> None:
    real = tmp_path / "elsewhere.yml"
    real.write_text(VALID_YML)
    folder = builder.valid(yml=None)
    (folder / "response.yml").symlink_to(real)
    assert texts(load(builder)) == [f"{YML}: response.yml is a symbolic link; replace it with the real file"]


def test_missing_responses_folder(builder: LogBuilder) -> None:
    builder.responses.rmdir()
    assert texts(load(builder)) == ["responses: the responses folder does not exist; create it or set responses_dir in mkdocs.yml"]


def test_hidden_entries_and_readme_are_ignored(builder: LogBuilder) -> None:
    builder.valid()
    (builder.responses / "README.md").write_text("How to add a response.\n")
    (builder.responses / ".git-keep").mkdir()
    assert texts(load(builder)) == []


# --- topics ---------------------------------------------------------------------------------------


def test_topics_are_loaded_with_title_and_description(builder: LogBuilder) -> None:
    builder.topic("waste", "Waste and recycling", "Bins, tips and recycling rates.", intro="All about bins.")
    (builder.root / "content" / "topics" / "index.md").write_text("# Topics\n")
    log = load(builder)
    assert sorted(log.topics) == ["housing", "policing-technology", "road-safety", "waste"]
    waste = log.topics["waste"]
    assert (waste.title, waste.description, waste.intro, waste.source) == (
        "Waste and recycling",
        "Bins, tips and recycling rates.",
        "All about bins.",
        "content/topics/waste.md",
    )


def test_bad_topic_pages(builder: LogBuilder) -> None:
    topics = builder.root / "content" / "topics"
    (topics / "Road Works.md").write_text("---\ntitle: x\ndescription: y\n---\n")
    (topics / "no-front.md").write_text("Just prose.\n")
    (topics / "no-title.md").write_text("---\ndescription: y\n---\n")
    (topics / "bad-yaml.md").write_text("---\ntitle: x\ndescription: y\ntitle: z\n---\n")
    (topics / "latin1.md").write_bytes("---\ntitle: Caf\u00e9s\n---\n".encode("latin-1"))
    assert texts(load(builder)) == [
        "content/topics/Road Works.md: topic file name must be a lower-case id such as 'road-safety.md', got 'Road Works.md'; rename it",
        "content/topics/bad-yaml.md:4: duplicate key 'title' (first given on line 1); keep only one",
        "content/topics/latin1.md: the file is not UTF-8 text; save it as UTF-8",
        "content/topics/no-front.md:1: expected front matter between '---' lines with title and description",
        "content/topics/no-title.md:2: title: required in the front matter (add 'title: ...')",
    ]


def test_response_files_cannot_be_attachments(builder: LogBuilder) -> None:
    builder.valid(VALID_YML + "  - path: response.yml\n    title: The data\n")
    assert texts(load(builder)) == [
        f"{YML}:27: attachments[1].path: 'response.yml' is the response itself, not an attachment; remove it from attachments"
    ]


def test_attachment_path_that_is_a_folder(builder: LogBuilder) -> None:
    builder.valid(
        variant("  - path: attachments/gritting-routes.csv", "  - path: attachments/"), attachments={"attachments/x/y.csv": b"1\n"}
    )
    found = texts(load(builder))
    assert (
        f"{YML}:25: attachments[0].path: 'attachments/' is a folder (expected the path of a file in it, such as attachments/table.xlsx)"
    ) in found


def test_reference_without_letters_or_digits(builder: LogBuilder) -> None:
    builder.valid(variant("reference: NCC/FOI/26/0042", "reference: '//'"), slug="x")
    assert texts(load(builder)) == [
        "responses/2026/x/response.yml:1: reference: the reference '//' has no letters or digits (expected the reference printed on the letter)"
    ]


@pytest.mark.parametrize(
    ("text", "line", "got"),
    [("- a\n- b\n", 1, "a list"), ("# a comment\njust text\n", 2, "the single value 'just text'"), ("", 1, "an empty file")],
)
def test_response_yml_must_be_a_mapping(builder: LogBuilder, text: str, line: int, got: str) -> None:
    builder.valid(text)
    assert texts(load(builder)) == [f"{YML}:{line}: expected a mapping of fields (reference:, title:, ...), got {got}"]


# --- every problem in one run ------------------------------------------------------------------------


def test_schema_errors_do_not_hide_the_other_checks(builder: LogBuilder) -> None:
    """Responded before received, an unknown topic and an unknown outcome: all three in one run."""
    text = variant("received: 2026-09-01\nresponded: 2026-09-28", "received: 2026-09-28\nresponded: 2026-09-01")
    text = variant("  - road-safety", "  - housng", text)
    text = variant("outcome: granted-in-part", "outcome: granted", text)
    builder.valid(text)
    log = load(builder)
    assert log.responses == []  # an invalid response still never reaches later stages
    assert texts(log) == [
        f"{YML}:6: responded: the response date (2026-09-01) is before the date received (2026-09-28); check both dates",
        f"{YML}:7: outcome: unknown outcome 'granted' (expected one of: granted-in-full, granted-in-part, refused, not-held, "
        "neither-confirm-nor-deny, cost-limit, vexatious); did you mean 'granted-in-part' or 'granted-in-full'?",
        f"{YML}:9: topics[0]: unknown topic 'housng': there is no content/topics/housng.md; did you mean 'housing'?",
    ]


BROKEN_YML = """\
reference: NCC/FOI/26/0043
title:
regime: FOIA-ish
received: 16/09/2026
responded: 2026-12-01
outcome: granted-in-part
topics: [road-safety, Road Safety, waste]
exemptions:
  - section: s40(2)
    ncnd: yes
  - section: s40(2)
questions:
  - number: 1
    question: Which rural roads do you grit?
    answer: See the attached table.
    outcome: refused
    exemptions: [s43(2)]
  - number: 1
    question: Who drives the gritters?
    outcome: refusd
attachments:
  - path: ../secret.csv
"""


def test_every_check_runs_on_the_fields_that_validated(builder: LogBuilder) -> None:
    builder.valid(BROKEN_YML)  # in folder ncc-foi-26-0042: the wrong folder for NCC/FOI/26/0043
    builder.valid(variant("reference: NCC/FOI/26/0042", "reference: NCC/FOI/26/0043"), slug="ncc-foi-26-0043")
    log = load(builder)
    assert [r.rel_folder for r in log.responses] == ["responses/2026/ncc-foi-26-0043"]
    other = "responses/2026/ncc-foi-26-0043/response.yml"
    outcomes = "granted-in-full, granted-in-part, refused, not-held, neither-confirm-nor-deny, cost-limit, vexatious"
    assert texts(log) == [
        f"{FOLDER}/attachments/gritting-routes.csv: file is not listed in attachments of {YML}; list it with a title, or delete it",
        f"{YML}:1: reference: reference 'NCC/FOI/26/0043' is used again in {other}; references must be unique",
        f"{YML}:1: reference: the folder is {FOLDER} but reference 'NCC/FOI/26/0043' with a response date in 2026 belongs in "
        "responses/2026/ncc-foi-26-0043; rename the folder (or correct the reference or responded date)",
        f"{YML}:2: title: is empty (expected text)",
        f"{YML}:3: regime: unknown regime 'FOIA-ish' (expected one of: FOIA, EIR, FOISA, EISR); did you mean 'FOIA' or 'FOISA'?",
        f"{YML}:4: received: expected a date written YYYY-MM-DD, got '16/09/2026'; write '2026-09-16'",
        f"{YML}:5: responded: 2026-12-01 is in the future (today is 2026-11-26); only publish_after may be in the future",
        f"{YML}:7: topics[1]: expected a lower-case id such as 'road-safety' (letters, digits and dashes), got 'Road Safety'",
        f"{YML}:7: topics[2]: unknown topic 'waste': there is no content/topics/waste.md (known topics: housing, policing-technology, road-safety)",
        f"{YML}:10: exemptions[0].ncnd: expected true or false, got 'yes'",
        f"{YML}:11: exemptions[1].section: s40(2) is listed twice; keep one",
        f"{YML}:17: questions[0].exemptions[0]: s43(2) is not in the response's exemptions list; add it there (with ncnd and public_interest)",
        f"{YML}:18: questions[1].answer: required field is missing (add 'answer: ...')",
        f"{YML}:18: questions[1].number: question 1 appears twice (first as questions[0]); number each question once",
        f"{YML}:20: questions[1].outcome: unknown outcome 'refusd' (expected one of: {outcomes}); did you mean 'refused'?",
        f"{YML}:22: attachments[0].path: '../secret.csv' leaves the response folder (expected a path inside it with '/', such as attachments/table.xlsx)",
        f"{YML}:22: attachments[0].title: required field is missing (add 'title: ...')",
        f"{other}:1: reference: reference 'NCC/FOI/26/0043' is used again in {YML}; references must be unique",
    ]


def test_missing_and_misspelt_fields_do_not_crash_or_mislead(builder: LogBuilder) -> None:
    """Checks needing a missing field are skipped; a misspelt field is not also reported as absent."""
    text = variant("reference: NCC/FOI/26/0042\n", "")
    text = variant("responded: 2026-09-28\n", "", text)
    text = variant("summary:", "sumary:", text)
    text = variant("attachments:", "attachment:", text)
    text = variant("  - road-safety", "  - roads", text)
    text = text[: text.index("questions:")] + text[text.index("attachment:") :]
    builder.valid(text)
    found = texts(load(builder))
    assert [line.split(": ")[1] for line in found] == ["questions", "reference", "responded", "sumary", "topics[0]", "attachment"]
    assert found[4] == f"{YML}:7: topics[0]: unknown topic 'roads': there is no content/topics/roads.md; did you mean 'road-safety'?"


def test_every_duplicate_key_is_reported(builder: LogBuilder) -> None:
    """Every duplicate key in one run (at any depth); which value was meant is unknown, so nothing else is checked yet."""
    text = variant("regime: FOIA", "regime: FOIA\ntitle: Gritting again\nregime: EIR")
    text = variant(
        "    answer: Staff names are personal data and are withheld.\n", "    answer: Withheld.\n    answer: Withheld again.\n", text
    )
    text = variant("  - road-safety", "  - housng", text)
    builder.valid(text)
    log = load(builder)
    assert log.responses == []
    assert texts(log) == [
        f"{YML}:5: duplicate key 'title' (first given on line 2); keep only one",
        f"{YML}:6: duplicate key 'regime' (first given on line 4); keep only one",
        f"{YML}:23: duplicate key 'answer' (first given on line 22); keep only one",
    ]


def test_a_key_given_three_times_names_the_first_line(builder: LogBuilder) -> None:
    builder.valid(variant("received: 2026-09-01", "received: 2026-09-01\nreceived: 2026-09-02\nreceived: 2026-12-01"))
    assert texts(load(builder)) == [
        f"{YML}:6: duplicate key 'received' (first given on line 5); keep only one",
        f"{YML}:7: duplicate key 'received' (first given on line 5); keep only one",
    ]


def test_warnings_of_an_invalid_response_wait_until_it_is_valid(builder: LogBuilder) -> None:
    """Errors from every check are reported at once; warnings (no summary, no topics, no response.md) once the file is valid."""
    text = variant("topics:\n  - road-safety\n", "topics: []\n")
    text = variant(
        "summary: The requester asked which rural roads are gritted. The routes were released; staff names were withheld.\n", "", text
    )
    builder.valid(variant("outcome: granted-in-part", "outcome: granted", text), md=None)
    assert [f.severity for f in load(builder).findings] == [Severity.ERROR]
    builder.valid(text, md=None)
    assert [f.field for f in load(builder).findings] == [None, "summary", "topics"]


def test_response_md_is_checked_when_response_yml_is_invalid(builder: LogBuilder) -> None:
    folder = builder.valid(variant("outcome: granted-in-part", "outcome: granted"), md=None)
    (folder / "response.md").write_bytes(b"Dear Requester\n\x93quoted\x94\n")
    found = texts(load(builder))
    assert len(found) == 2
    assert found[0] == f"{FOLDER}/response.md:2: the file is not UTF-8 text (bad byte 0x93); save it as UTF-8 in your editor"
    assert found[1].startswith(f"{YML}:7: outcome: unknown outcome 'granted'")


def test_invalid_values_in_lists_keep_their_positions(builder: LogBuilder) -> None:
    """An invalid list item does not shift the others: each message names the right line and index."""
    text = variant("  - road-safety", "  - Road Safety\n  - road-safety\n  - road-safety", VALID_YML)
    text = variant("outcome: granted-in-part", "outcome: granted-in-partt", text)
    builder.valid(text)
    assert [line.split(": ", 2)[:2] for line in texts(load(builder))] == [
        [f"{YML}:7", "outcome"],
        [f"{YML}:9", "topics[0]"],
        [f"{YML}:11", "topics[2]"],
    ]


FULL_YML = VALID_YML + (
    "publish_after: 2026-12-01\n"
    "authority: northshire-council\n"
    "corrections:\n  - date: 2026-10-01\n    note: The table had a typo.\n"
    "withdrawn:\n  date: 2026-10-02\n  reason: Published in error.\n"
    "previous_references: [NCC/FOI/26/42]\n"
    "acknowledgements:\n  - text: foi@northshire.example\n    reason: Our published mailbox.\n"
)


def _paths(value: object, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    out = [path] if path else []
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*path, i))
    return out


def _replaced(data: object, path: tuple[str | int, ...], new: object) -> object:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        return {k: _replaced(v, rest, new) if k == head else v for k, v in data.items()}
    assert isinstance(data, list)
    return [_replaced(v, rest, new) if i == head else v for i, v in enumerate(data)]


@pytest.mark.parametrize("wrong", [None, "", "x y", ["a"], {"a": "b"}], ids=["null", "empty", "text", "list", "mapping"])
def test_any_field_of_any_type_never_crashes_or_repeats_a_message(builder: LogBuilder, wrong: object) -> None:
    """Every value of a full response replaced in turn by a wrong type: findings, never an exception, never one twice."""
    data = yaml.safe_load(FULL_YML)
    for path in _paths(data):
        changed = _replaced(data, path, wrong)
        builder.valid(yaml.safe_dump(changed, sort_keys=False, default_flow_style=False))
        found = texts(load(builder))
        assert len(found) == len(set(found)), (path, found)
