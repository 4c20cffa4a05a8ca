"""Letters kept compressed once the log is checked (foilog.log.model.Response.pack_body): what is read never changes."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from foilog.log.model import Log, Response


def _response(body: str) -> Response:
    return Response(data=None, folder=Path("/x"), rel_folder="responses/2019/x", body=body, authority="a")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "body",
    ["", "Dear Requester,\n\n" * 800, "ünïcödé “quotes” £ — \x00 nul\r\n" * 50, "😀 outside the BMP\n" * 10, "x"],
)
def test_a_packed_body_reads_back_the_same(body: str) -> None:
    r = _response(body)
    r.pack_body()
    assert r.body == body
    assert type(r.body) is str
    r.pack_body()  # twice is fine
    assert r.body == body


def test_a_long_letter_is_stored_smaller() -> None:
    body = "## Our response\n\nThe council holds the information you asked for, as follows.\n\n" * 200
    r = _response(body)
    assert not r.body_packed
    r.pack_body()
    assert r.body_packed
    stored = r.__dict__["_body_stored"]
    assert isinstance(stored, bytes) and len(stored) < len(body) // 5


def test_an_empty_body_is_left_as_it_is() -> None:
    r = _response("")
    r.pack_body()
    assert not r.body_packed and r.body == ""


def test_setting_the_body_again_replaces_the_packed_one() -> None:
    r = _response("old " * 100)
    r.pack_body()
    r.body = "new"
    assert r.body == "new" and not r.body_packed


def test_the_body_is_still_a_required_field() -> None:
    assert "body" in {f.name for f in dataclasses.fields(Response)}
    with pytest.raises(TypeError):
        Response(data=None, folder=Path("/x"), rel_folder="r", authority="a")  # type: ignore[call-arg,arg-type]


def test_replace_and_repr_see_the_text() -> None:
    r = _response("letter text")
    r.pack_body()
    assert dataclasses.replace(r).body == "letter text"
    assert "letter text" in repr(r)


def test_the_log_packs_every_body(sample_log: Log) -> None:
    bodies = [r.body for r in sample_log.responses]
    try:
        sample_log.pack_bodies()
        assert all(r.body_packed for r in sample_log.responses if r.body)
        assert [r.body for r in sample_log.responses] == bodies
    finally:
        for r, body in zip(sample_log.responses, bodies, strict=True):
            r.body = body  # the session-wide fixture is shared: leave it as it was
