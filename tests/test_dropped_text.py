"""A ``#`` after an unquoted free-text value: YAML drops the rest of the line as a comment, so it is an error.

``answer: Drivers are on rota #2; names are withheld.`` would publish "Drivers
are on rota"; the check names the file, the line and the field, says what is
dropped and shows the quoted form. Comments after other fields, comments on
their own line and ``#`` inside quotes or block scalars stay allowed.
"""

from __future__ import annotations

import typing
from pathlib import Path

import pytest
from logbuilder import VALID_SLUG, VALID_YML, LogBuilder, variant
from logbuilder import load_built as load
from pydantic import BaseModel

from foilog.log.dropped_text import (
    FREE_TEXT_FIELDS,
    NOT_FREE_TEXT_FIELDS,
    TOPIC_FREE_TEXT,
    dropped_text,
    quoted,
)
from foilog.log.findings import Finding, Severity
from foilog.log.model import Log
from foilog.log.schema import ResponseData

YML = f"responses/2026/{VALID_SLUG}/response.yml"


def dropped(log: Log) -> list[Finding]:
    return [f for f in log.findings if f.rule == "text-after-hash"]


@pytest.fixture
def builder(tmp_path: Path) -> LogBuilder:
    return LogBuilder(tmp_path / "project")


def test_a_hash_after_an_unquoted_answer_is_an_error_naming_line_field_and_quoted_form(builder: LogBuilder) -> None:
    builder.valid(
        variant(
            "answer: Staff names are personal data and are withheld.",
            "answer: Drivers are on rota #2; names are withheld.",
        )
    )
    log = load(builder)
    (finding,) = dropped(log)
    assert finding.path == YML
    assert finding.line == 20
    assert finding.field == "questions[1].answer"
    assert finding.severity is Severity.ERROR
    assert "'#2; names are withheld.' is dropped" in finding.message
    assert "only 'Drivers are on rota' would be published" in finding.message
    assert 'answer: "Drivers are on rota #2; names are withheld."' in finding.message
    # The response still loads (only this error stops the build), so the rest is checked too.
    assert len(log.responses) == 1


def test_a_hash_in_an_unquoted_title_is_an_error(builder: LogBuilder) -> None:
    builder.valid(variant("title: Gritting routes on rural roads", "title: Gritting route #4 and #5"))
    (finding,) = dropped(load(builder))
    assert (finding.line, finding.field) == (2, "title")
    assert 'title: "Gritting route #4 and #5"' in finding.message


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        (
            "public_interest: Not applicable; s40(2) is absolute for this information.",
            "public_interest: Not applicable; see note #3.",
            "exemptions[0].public_interest",
        ),
        ("question: Which rural roads do you grit?", "question: Which roads on route #7 do you grit?", "questions[0].question"),
        ("title: Gritting routes 2026/27", "title: Gritting routes #1", "attachments[0].title"),
        (
            "summary: The requester asked which rural roads are gritted. The routes were released; staff names were withheld.",
            "summary: Routes #1 to #9 were released.",
            "summary",
        ),
    ],
)
def test_every_free_text_field_nested_in_lists_too(builder: LogBuilder, old: str, new: str, field: str) -> None:
    builder.valid(variant(old, new))
    (finding,) = dropped(load(builder))
    assert finding.field == field


def test_fields_added_to_the_file_are_checked_too(builder: LogBuilder) -> None:
    text = VALID_YML + (
        "    description: Routes #1 and #2  \n"
        "corrections:\n"
        "  - date: 2026-10-01\n"
        "    note: Route #3 was missing.\n"
        "withdrawn:\n"
        "  date: 2026-11-01\n"
        "  reason: Published by mistake #oops\n"
        "acknowledgements:\n"
        "  - text: Northshire\n"
        "    reason: Our own name #public\n"
    )
    builder.valid(text)
    fields = [f.field for f in dropped(load(builder))]
    assert fields == ["attachments[0].description", "corrections[0].note", "withdrawn.reason", "acknowledgements[0].reason"]


@pytest.mark.parametrize(
    "line",
    [
        'answer: "Drivers are on rota #2; names are withheld."',
        "answer: 'Drivers are on rota #2; names are withheld.'",
        "answer: 'Drivers are on rota #2.'  # guessed: the letter answers all questions together",
        "answer: Drivers are on rota#2 and names are withheld.",  # no space before '#': YAML keeps it
        "answer: Drivers are on rota number 2.",
    ],
)
def test_quoted_values_and_hashes_yaml_keeps_are_fine(builder: LogBuilder, line: str) -> None:
    builder.valid(variant("answer: Staff names are personal data and are withheld.", line))
    log = load(builder)
    assert dropped(log) == []
    assert log.errors == []


def test_block_scalars_keep_their_hashes(builder: LogBuilder) -> None:
    builder.valid(
        variant(
            "answer: Staff names are personal data and are withheld.",
            "answer: |\n      Drivers are on rota #2.\n      Names are withheld. # not a comment",
        )
    )
    log = load(builder)
    assert dropped(log) == []
    assert log.errors == []


def test_comments_after_other_fields_and_on_their_own_line_stay_allowed(builder: LogBuilder) -> None:
    text = variant("received: 2026-09-01", "received: 2026-09-01  # received by post")
    text = variant("outcome: granted-in-part", "# the outcome of the whole letter\noutcome: granted-in-part  # guessed", text)
    text = variant("  - road-safety", "  - road-safety # topic", text)
    text = variant("reference: NCC/FOI/26/0042", "reference: NCC/FOI/26/0042  # as on the letter", text)
    builder.valid(text)
    log = load(builder)
    assert dropped(log) == []
    assert log.errors == []


def test_an_invalid_response_still_gets_the_error(builder: LogBuilder) -> None:
    text = variant("regime: FOIA", "regime: FIOA")
    text = variant("title: Gritting routes on rural roads", "title: Gritting route #4 and #5", text)
    builder.valid(text)
    log = load(builder)
    assert log.responses == []
    assert [f.field for f in dropped(log)] == ["title"]


def test_an_empty_value_with_a_comment_is_not_this_error() -> None:
    """``title:   # TODO`` (as the importer writes) is an empty value: the schema says it is missing."""
    assert dropped_text("title:            # TODO: what was asked\n", "r.yml") == []


def test_a_multi_line_plain_value_cut_on_its_last_line() -> None:
    text = "summary: Routes were released\n  for roads #1 to #9.\n"
    (finding,) = dropped_text(text, "r.yml")
    assert finding.line == 2
    assert "'#1 to #9.' is dropped" in finding.message
    assert "put the whole value in quotes" in finding.message


def test_topic_front_matter_title_and_description(builder: LogBuilder) -> None:
    builder.topic("housing", "Housing #1", "Council homes, flat #4 repairs.")
    builder.valid()
    findings = dropped(load(builder))
    assert [(f.path, f.line, f.field) for f in findings] == [
        ("content/topics/housing.md", 2, "title"),
        ("content/topics/housing.md", 3, "description"),
    ]


def test_quoted_form_picks_quotes_that_need_no_escaping() -> None:
    assert quoted("rota #2") == '"rota #2"'
    assert quoted('the "A" road #2') == "'the \"A\" road #2'"
    assert quoted("""it's the "A" road #2""") == '"it\'s the \\"A\\" road #2"'


def _text_fields(model: type[BaseModel], prefix: str = "") -> set[str]:
    """Every field of the schema that holds a string typed by a person, as ``questions[].answer``."""
    out: set[str] = set()
    for name, info in model.model_fields.items():
        args = {info.annotation, *typing.get_args(info.annotation)}
        inner = {a for arg in args for a in (arg, *typing.get_args(arg))}
        models = [a for a in inner if isinstance(a, type) and issubclass(a, BaseModel)]
        is_list = typing.get_origin(info.annotation) is list
        here = f"{prefix}{name}{'[]' if is_list else ''}"
        if models:
            out |= _text_fields(models[0], here + ".")
        elif str in inner and typing.get_origin(info.annotation) is not typing.Literal:
            out.add(here)
    return out


def test_every_string_field_of_the_schema_is_classified() -> None:
    """A new prose field must be added to FREE_TEXT_FIELDS (or, with a reason, to NOT_FREE_TEXT_FIELDS)."""
    assert _text_fields(ResponseData) == set(FREE_TEXT_FIELDS) | set(NOT_FREE_TEXT_FIELDS)
    assert not set(FREE_TEXT_FIELDS) & set(NOT_FREE_TEXT_FIELDS)
    assert TOPIC_FREE_TEXT == ("title", "description")
