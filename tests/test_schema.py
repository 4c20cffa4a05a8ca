"""The response data format: pydantic models, the published JSON Schema, messages."""

from __future__ import annotations

import copy
import datetime as dt
import json
import typing
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from logbuilder import VALID_YML, variant
from pydantic import BaseModel, ValidationError

from foilog.log.schema import OUTCOME_IDS, SCHEMA_ID, ResponseData, json_schema, json_schema_text
from foilog.log.schema_errors import field_name, normal_section, suggest, translate_all
from foilog.log.yamlload import load_yaml

REPO = Path(__file__).resolve().parents[1]
COMMITTED_SCHEMA = REPO / "schema" / "response.schema.json"


def editor_view(text: str) -> Any:
    """The data as an editor's YAML parser hands it to the JSON Schema: dates as ISO strings."""

    def convert(value: Any) -> Any:
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, dict):
            return {k: convert(v) for k, v in value.items()}
        if isinstance(value, list):
            return [convert(v) for v in value]
        return value

    return convert(yaml.safe_load(text))


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json_schema()
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def errors_of(validator: jsonschema.Draft202012Validator, data: Any) -> list[str]:
    return sorted(f"{'/'.join(map(str, e.absolute_path))}: {e.validator}" for e in validator.iter_errors(data))


def pydantic_errors(text: str) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as info:
        ResponseData.model_validate(load_yaml(text.encode()).data)
    return [(name, message) for _, name, message in translate_all(info.value)]


# --- the JSON Schema ------------------------------------------------------------------------


def test_schema_is_valid_draft_2020_12() -> None:
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == SCHEMA_ID
    assert schema["additionalProperties"] is False


def test_schema_text_is_stable_json() -> None:
    text = json_schema_text()
    assert text.endswith("}\n")
    assert json.loads(text) == json_schema()
    assert json_schema_text() == text


def test_committed_schema_matches_the_code() -> None:
    """schema/response.schema.json is generated: regenerate with `foilog schema -o schema/response.schema.json`."""
    assert COMMITTED_SCHEMA.is_file(), "schema/response.schema.json is missing: run `foilog schema -o schema/response.schema.json`"
    assert COMMITTED_SCHEMA.read_text(encoding="utf-8") == json_schema_text(), (
        "schema/response.schema.json is out of date: run `foilog schema -o schema/response.schema.json`"
    )


def test_schema_accepts_the_valid_response(validator: jsonschema.Draft202012Validator) -> None:
    assert errors_of(validator, editor_view(VALID_YML)) == []


def test_schema_accepts_every_optional_field(validator: jsonschema.Draft202012Validator) -> None:
    text = VALID_YML + (
        "publish_after: 2026-12-01\n"
        "authority: northshire-council\n"
        "corrections:\n  - date: 2026-10-01\n    note: The table had a typo.\n"
        "withdrawn:\n  date: 2026-10-02\n  reason: Published in error.\n"
        "acknowledgements:\n  - text: foi@northshire.example\n    reason: Our published mailbox.\n    rule: email\n"
    )
    assert errors_of(validator, editor_view(text)) == []
    ResponseData.model_validate(load_yaml(text.encode()).data)  # and pydantic agrees


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("title: Gritting routes on rural roads", "titel: Gritting routes on rural roads", [": additionalProperties", ": required"]),
        ("outcome: granted-in-part", "outcome: partly-granted", ["outcome: enum"]),
        ("received: 2026-09-01", "received: 01/09/2026", ["received: format", "received: pattern"]),
        ("received: 2026-09-01", "received: '2019-02-30'", ["received: format"]),
        ("received: 2026-09-01", "received: '2026-9-1'", ["received: format", "received: pattern"]),
        ("    outcome: refused", "    outcome: maybe", ["questions/1/outcome: enum"]),
        ("  - section: s40(2)", "  - section: Section 40(2)", ["exemptions/0/section: pattern"]),
        ("regime: FOIA", "regime: foi", ["regime: enum"]),
        ("  - road-safety", "  - Road Safety", ["topics/0: pattern"]),
    ],
)
def test_schema_rejects_bad_values(validator: jsonschema.Draft202012Validator, old: str, new: str, expected: list[str]) -> None:
    assert errors_of(validator, editor_view(variant(old, new))) == expected


def test_schema_rejects_missing_questions(validator: jsonschema.Draft202012Validator) -> None:
    data = editor_view(VALID_YML)
    del data["questions"]
    assert errors_of(validator, data) == [": required"]
    data["questions"] = []
    assert errors_of(validator, data) == ["questions: minItems"]


def test_schema_rejects_wrong_types(validator: jsonschema.Draft202012Validator) -> None:
    data = editor_view(VALID_YML)
    bad = copy.deepcopy(data)
    bad["title"] = ["a", "list"]
    bad["topics"] = {"a": "mapping"}
    bad["exemptions"][0]["ncnd"] = "yes"
    assert errors_of(validator, bad) == ["exemptions/0/ncnd: type", "title: type", "topics: type"]


# --- every field is documented -------------------------------------------------------------------


def _models(model: type[BaseModel], seen: dict[str, type[BaseModel]]) -> dict[str, type[BaseModel]]:
    seen[model.__name__] = model
    for info in model.model_fields.values():
        stack = [info.annotation]
        while stack:
            ann = stack.pop()
            if isinstance(ann, type) and issubclass(ann, BaseModel):
                if ann.__name__ not in seen:
                    _models(ann, seen)
            else:
                stack.extend(typing.get_args(ann))
    return seen


def test_every_field_has_a_description_in_the_schema() -> None:
    """An undocumented field gives editors no tooltip: add a docstring under it in foilog/log/schema.py."""
    models = _models(ResponseData, {})
    assert set(models) == {
        "ResponseData",
        "ExemptionUse",
        "Question",
        "QuestionChange",
        "Attachment",
        "Correction",
        "Withdrawal",
        "Acknowledgement",
        "ClockEvent",
        "Review",
        "Appeal",
        "Relation",
    }
    schema = json_schema()
    undocumented = []
    for name, model in models.items():
        node = schema if model is ResponseData else schema["$defs"][name]
        if not str(node.get("description", "")).strip():
            undocumented.append(name)
        for field in model.model_fields:
            prop = node["properties"][field]
            if not str(prop.get("description", "")).strip():
                undocumented.append(f"{name}.{field}")
    assert undocumented == []


# --- what pydantic accepts and how it says no ------------------------------------------------------


def test_scalars_are_converted_only_where_the_schema_says() -> None:
    text = variant("  - section: s40(2)\n", "  - section: s40(2)\n    ncnd: 'false'\n")
    text = variant("reference: NCC/FOI/26/0042", "reference: 012345", text)
    text = variant("answer: See the attached table of routes.", "answer: NO", text)
    data = ResponseData.model_validate(load_yaml(text.encode()).data)
    assert data.reference == "012345"
    assert data.questions[0].answer == "NO"
    assert data.exemptions[0].ncnd is False
    assert data.received == dt.date(2026, 9, 1)
    assert data.questions[0].number == "1"


@pytest.mark.parametrize("typed", ["true", "True", "TRUE", " true "])
def test_true_spellings(typed: str) -> None:
    text = variant("  - section: s40(2)\n", f"  - section: s40(2)\n    ncnd: '{typed}'\n")
    assert ResponseData.model_validate(load_yaml(text.encode()).data).exemptions[0].ncnd is True


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("yes", "expected true or false, got 'yes'"),
        ("no", "expected true or false, got 'no'"),
        ("1", "expected true or false, got '1'"),
        ("[true]", "expected true or false, got a list"),
    ],
)
def test_flags_refuse_anything_ambiguous(typed: str, message: str) -> None:
    text = variant("  - section: s40(2)\n", f"  - section: s40(2)\n    ncnd: {typed}\n")
    assert pydantic_errors(text) == [("exemptions[0].ncnd", message)]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("16/12/2019", "expected a date written YYYY-MM-DD, got '16/12/2019'; write '2019-12-16'"),
        ("12/31/2019", "expected a date written YYYY-MM-DD, got '12/31/2019'"),
        ("2019-02-30", "'2019-02-30' is not a real date (February 2019 has 28 days; expected YYYY-MM-DD)"),
        ("2020-13-01", "'2020-13-01' is not a real date (there is no month 13; expected YYYY-MM-DD)"),
        ("2019-09-06T10:00:00", "expected a date written YYYY-MM-DD, got '2019-09-06T10:00:00'"),
        ("6 September 2019", "expected a date written YYYY-MM-DD, got '6 September 2019'; write '2019-09-06'"),
        ("28 October 2026", "expected a date written YYYY-MM-DD, got '28 October 2026'; write '2026-10-28'"),
        ("Tuesday 28th Oct. 2026", "expected a date written YYYY-MM-DD, got 'Tuesday 28th Oct. 2026'; write '2026-10-28'"),
        ("'October 28, 2026'", "expected a date written YYYY-MM-DD, got 'October 28, 2026'; write '2026-10-28'"),
        ("2026-10-8", "expected a date written YYYY-MM-DD, got '2026-10-8'; write '2026-10-08'"),
        ("2026/10/28", "expected a date written YYYY-MM-DD, got '2026/10/28'; write '2026-10-28'"),
        ("31 February 2026", "expected a date written YYYY-MM-DD, got '31 February 2026'"),
        ("28 Octobre 2026", "expected a date written YYYY-MM-DD, got '28 Octobre 2026'"),
        ("", "is empty (expected a date written YYYY-MM-DD)"),
        ("[2019-09-06]", "expected a date written YYYY-MM-DD, got a list"),
    ],
)
def test_dates_must_be_real_and_iso(typed: str, message: str) -> None:
    assert pydantic_errors(variant("received: 2026-09-01", f"received: {typed}")) == [("received", message)]


def test_leap_day_is_a_real_date() -> None:
    text = variant("received: 2026-09-01", "received: 2024-02-29")
    assert ResponseData.model_validate(load_yaml(text.encode()).data).received == dt.date(2024, 2, 29)


def test_misspelt_field_is_reported_once_with_did_you_mean() -> None:
    errors = pydantic_errors(variant("received: 2026-09-01", "recieved: 2026-09-01"))
    assert len(errors) == 1
    name, message = errors[0]
    assert name == "recieved"
    assert message.startswith("unknown field (expected one of: reference, title, summary, authority, regime, received, ")
    assert message.endswith("; did you mean 'received'?")


def test_unknown_field_far_from_any_name_still_leaves_missing_field() -> None:
    errors = pydantic_errors(variant("received: 2026-09-01", "colour: blue"))
    assert [name for name, _ in errors] == ["received", "colour"]
    assert errors[0][1] == "required field is missing (add 'received: ...')"
    assert "did you mean" not in errors[1][1]


def test_nested_unknown_field_lists_that_models_fields() -> None:
    errors = pydantic_errors(variant("    answer: See the attached table of routes.", "    anwser: See the attached table of routes."))
    assert errors == [
        (
            "questions[0].anwser",
            "unknown field (expected one of: number, question, answer, outcome, exemptions, changed_after); did you mean 'answer'?",
        )
    ]


ROADS = "title: Gritting routes on rural roads"
SECTION_HELP = "expected a section in normal form such as s24(2) (FOIA, FOISA) or reg12(5)(b) (EIR, EISR)"


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ("outcome: granted-in-part", "outcome: granted in part", "outcome", "unknown outcome 'granted in part' (expected one of: "),
        ("outcome: granted-in-part", "outcome:", "outcome", "is empty (expected one of: granted-in-full, "),
        ("outcome: granted-in-part", "outcome: [refused]", "outcome", "expected one outcome of: granted-in-full, "),
        ("regime: FOIA", "regime: foia", "regime", "unknown regime 'foia' (expected one of: FOIA, EIR, FOISA, EISR); did you mean 'FOIA'?"),
        (ROADS, "title: ['Gritting']", "title", "expected text, got a list"),
        (ROADS, "title: '   '", "title", "is empty (expected text)"),
        (ROADS, "title:", "title", "is empty (expected text)"),
        (ROADS, "title: " + "x" * 301, "title", "is too long (expected at most 300 characters, got 301)"),
        (
            "  - road-safety",
            "  - Road Safety",
            "topics[0]",
            "expected a lower-case id such as 'road-safety' (letters, digits and dashes), got 'Road",
        ),
        ("topics:\n  - road-safety", "topics: road-safety", "topics", "expected a list (lines starting with '- '), got 'road-safety'"),
        (
            "  - section: s40(2)",
            "  - section: Section 40 (2)",
            "exemptions[0].section",
            f"{SECTION_HELP}, got 'Section 40 (2)'; write 's40(2)'",
        ),
        ("  - number: '1'", "  - number: Q1", "questions[0].number", "expected a question number such as 1, 1a or 2(ii), got 'Q1'"),
    ],
)
def test_messages_name_what_was_expected_and_what_was_found(old: str, new: str, field: str, message: str) -> None:
    errors = pydantic_errors(variant(old, new))
    assert len(errors) == 1, errors
    assert errors[0][0] == field
    assert errors[0][1].startswith(message)


def test_list_of_sections_where_mappings_are_expected() -> None:
    errors = pydantic_errors(
        variant("  - section: s40(2)\n    public_interest: Not applicable; s40(2) is absolute for this information.\n", "  - s40(2)\n")
    )
    assert errors == [("exemptions[0]", "expected a mapping of fields such as 'section: s40(2)', got 's40(2)'; write '- section: s40(2)'")]


def test_mapping_where_a_list_is_expected() -> None:
    listed = "attachments:\n  - path: attachments/gritting-routes.csv\n    title: Gritting routes 2026/27\n"
    errors = pydantic_errors(variant(listed, "attachments:\n  path: attachments/gritting-routes.csv\n  title: Gritting routes 2026/27\n"))
    assert errors == [("attachments", "expected a list (lines starting with '- '), got a mapping of fields")]


def test_missing_and_empty_questions() -> None:
    text = VALID_YML[: VALID_YML.index("questions:")] + "attachments: []\n"
    assert pydantic_errors(text) == [("questions", "required field is missing (add 'questions: ...')")]
    assert pydantic_errors(text + "questions: []\n") == [("questions", "expected at least one item, got none")]


def test_outcome_ids_and_helpers() -> None:
    assert OUTCOME_IDS[0] == "granted-in-full"
    assert field_name(("questions", 2, "outcome")) == "questions[2].outcome"
    assert field_name(("exemptions", 0)) == "exemptions[0]"
    assert suggest("grantd-in-full", OUTCOME_IDS) == "; did you mean 'granted-in-full' or 'granted-in-part'?"
    assert suggest("Refused", OUTCOME_IDS) == "; did you mean 'refused'?"
    assert suggest("zzz", OUTCOME_IDS) == ""
    assert normal_section("Section 24 (2)") == "s24(2)"
    assert normal_section("reg 12(5)(B)") == "reg12(5)(b)"
    assert normal_section("s.40(2)") == "s40(2)"
    assert normal_section("paragraph 3") is None


# --- the repository's own sample log ------------------------------------------------------------

SAMPLE_RESPONSES = sorted((REPO / "responses").glob("*/*/response.yml"))


@pytest.mark.skipif(not SAMPLE_RESPONSES, reason="responses/ holds no response.yml yet (the sample log is being written)")
@pytest.mark.parametrize("path", SAMPLE_RESPONSES, ids=lambda p: p.parent.name)
def test_every_sample_response_validates_against_the_json_schema(validator: jsonschema.Draft202012Validator, path: Path) -> None:
    data = editor_view(path.read_text(encoding="utf-8"))
    assert errors_of(validator, data) == []
    ResponseData.model_validate(load_yaml(path.read_bytes()).data)


# --- an item under the wrong list -------------------------------------------------------------


def test_an_attachment_under_corrections_is_one_error_that_names_its_list() -> None:
    text = VALID_YML + "corrections:\n  - path: attachments/extra.csv\n    title: Extra table\n"
    assert pydantic_errors(text) == [
        (
            "corrections[0]",
            "this looks like an item of `attachments:` (path, title, description), not of `corrections:` (date, note); "
            "move it under `attachments:`, or give it the fields of `corrections:`",
        )
    ]


def test_a_question_under_exemptions_names_questions() -> None:
    text = variant("  - section: s40(2)\n", "  - section: s40(2)\n  - number: '3'\n    question: Why?\n")
    assert [name for name, _ in pydantic_errors(text)] == ["exemptions[1]"]
    assert "looks like an item of `questions:`" in pydantic_errors(text)[0][1]


def test_an_unknown_field_of_no_other_list_is_still_an_unknown_field() -> None:
    text = VALID_YML + "corrections:\n  - date: 2026-10-01\n    note: Fixed a figure.\n    colour: red\n"
    [(name, message)] = pydantic_errors(text)
    assert name == "corrections[0].colour" and message.startswith("unknown field (expected one of: date, note)")
    assert "looks like" not in message
