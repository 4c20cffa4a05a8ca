"""Validation of ``related:`` (foilog.log.related): each rule, with its exact message and line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from logbuilder import LogBuilder
from logbuilder import load_built as load
from relatedtools import add

from foilog.log.findings import Finding

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def builder(tmp_path: Path) -> LogBuilder:
    return LogBuilder(tmp_path / "project")


def related_findings(builder: LogBuilder) -> list[Finding]:
    return [f for f in load(builder, TODAY).findings if (f.field or "").startswith("related")]


def test_a_valid_series_has_no_findings(builder: LogBuilder) -> None:
    add(builder, "FOI-2024-1", "2024-02-01")
    add(builder, "FOI-2025-1", "2025-02-01", related=(("updates", "FOI-2024-1"),))
    add(builder, "FOI-2026-1", "2026-02-01", related=(("updates", "FOI-2025-1"), ("refers_to", "FOI-2024-1")))
    assert load(builder, TODAY).findings == []


def test_unknown_reference_suggests_the_close_one(builder: LogBuilder) -> None:
    add(builder, "FOI-2024-0031", "2024-02-01")
    add(builder, "FOI-2025-1", "2025-02-01", related=(("updates", "FOI-2024-031"),))
    (f,) = related_findings(builder)
    assert f.is_error and f.field == "related[0].reference" and f.line == 12
    assert f.message == (
        "no response has the reference 'FOI-2024-031' (write the other response's reference exactly as in its response.yml); "
        "did you mean 'FOI-2024-0031'?"
    )


def test_look_alike_reference_is_named(builder: LogBuilder) -> None:
    add(builder, "FOI-2024-0031", "2024-02-01")
    add(builder, "FOI-2025-1", "2025-02-01", related=(("updates", "FOI-2024-OO31"),))
    (f,) = related_findings(builder)
    assert "it looks like 'FOI-2024-0031'" in f.message


def test_own_reference(builder: LogBuilder) -> None:
    add(builder, "FOI-2025-1", "2025-02-01", related=(("same_question_as", "FOI-2025-1"),))
    (f,) = related_findings(builder)
    assert f.message == "'FOI-2025-1' is this response's own reference; name the other response, or remove the entry"


def test_updates_must_point_back(builder: LogBuilder) -> None:
    add(builder, "FOI-2024-1", "2024-02-01", related=(("updates", "FOI-2025-1"),))
    add(builder, "FOI-2025-1", "2025-02-01")
    (f,) = related_findings(builder)
    assert f.path == "responses/2024/foi-2024-1/response.yml" and f.field == "related[0].kind" and f.line == 11
    assert f.message.startswith(
        "'updates' points back to an earlier response, but FOI-2025-1 is dated 2025-02-01, after this response (2024-02-01)"
    )
    assert "write the relation in responses/2025/foi-2025-1/response.yml instead" in f.message


def test_superseded_by_must_point_forward(builder: LogBuilder) -> None:
    add(builder, "FOI-2024-1", "2024-02-01")
    add(builder, "FOI-2025-1", "2025-02-01", related=(("superseded_by", "FOI-2024-1"),))
    (f,) = related_findings(builder)
    assert "'superseded_by' names a later response" in f.message and f.is_error


def test_cycle_of_updates_on_the_same_day(builder: LogBuilder) -> None:
    add(builder, "FOI-A", "2025-02-01", related=(("updates", "FOI-B"),))
    add(builder, "FOI-B", "2025-02-01", related=(("repeat_of", "FOI-A"),))
    (f,) = related_findings(builder)
    assert f.message.startswith("the relations go round in a circle (FOI-A -> FOI-B -> FOI-A)")


def test_duplicate_entry(builder: LogBuilder) -> None:
    add(builder, "FOI-2024-1", "2024-02-01")
    add(builder, "FOI-2025-1", "2025-02-01", related=(("updates", "FOI-2024-1"), ("refers_to", "FOI-2024-1")))
    (f,) = related_findings(builder)
    assert f.field == "related[1].reference"
    assert f.message == "'FOI-2024-1' is already related in related[0]; keep one entry per response"


def test_withdrawn_response_uses_withdrawn_superseded_by(builder: LogBuilder) -> None:
    withdrawn = "withdrawn:\n  date: 2025-03-01\n  reason: Wrong figures.\n"
    add(builder, "FOI-2025-1", "2025-02-01", related=(("superseded_by", "FOI-2025-2"),), extra=withdrawn)
    add(builder, "FOI-2025-2", "2025-02-20")
    (f,) = related_findings(builder)
    assert f.is_error and f.field == "related[0].kind"
    assert f.message.startswith("this response is withdrawn: name its replacement in withdrawn.superseded_by")


def test_relation_to_a_withdrawn_response_warns_and_names_its_replacement(builder: LogBuilder) -> None:
    withdrawn = "withdrawn:\n  date: 2024-03-01\n  reason: Wrong figures.\n  superseded_by: FOI-2024-2\n"
    add(builder, "FOI-2024-1", "2024-02-01", extra=withdrawn)
    add(builder, "FOI-2024-2", "2024-02-20")
    add(builder, "FOI-2025-1", "2025-02-01", related=(("updates", "FOI-2024-1"),))
    (f,) = related_findings(builder)
    assert not f.is_error
    assert f.message == (
        "'FOI-2024-1' (responses/2024/foi-2024-1/response.yml) is withdrawn, so the site does not link to it; "
        "name its replacement 'FOI-2024-2' instead"
    )


def test_relation_to_an_embargoed_response_warns(builder: LogBuilder) -> None:
    add(builder, "FOI-2026-1", "2026-11-01", extra="publish_after: 2026-12-15\n")
    add(builder, "FOI-2026-2", "2026-11-10", related=(("refers_to", "FOI-2026-1"),))
    (f,) = related_findings(builder)
    assert not f.is_error
    assert f.message.endswith("is not published until 2026-12-15; the link appears on the site from that day")
