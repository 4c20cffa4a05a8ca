"""Open data CSV cannot run as spreadsheet formulas (issue 16, item 6).

A text cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is read by Excel, LibreOffice and Google Sheets as a formula
(``=HYPERLINK(...)`` leaks data on a click, ``=cmd|...`` runs programs through
DDE). As OWASP recommends, such text cells get a leading ``'`` in the CSV
files; numbers, dates and the JSON export are left exactly as they are.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from logbuilder import DEFAULT_OPTIONS, VALID_ATTACHMENTS, LogBuilder, variant
from sitetools import MATERIAL, build

from foilog.site.publish.opendata import FORMULA_TRIGGERS, Column, neutralise_formula, to_csv, to_json

pytestmark = pytest.mark.adversarial


@pytest.mark.parametrize("trigger", ["=", "+", "-", "@", "\t", "\r"])
def test_every_trigger_character_gets_a_quote(trigger: str) -> None:
    assert trigger in FORMULA_TRIGGERS
    assert neutralise_formula(f"{trigger}1+1") == f"'{trigger}1+1"
    assert neutralise_formula(trigger) == f"'{trigger}"


@pytest.mark.parametrize("space", [" ", "  ", "\n", "\u00a0", " \t", "\u3000"])
@pytest.mark.parametrize("trigger", ["=", "+", "-", "@"])
def test_a_trigger_after_leading_whitespace_gets_a_quote(space: str, trigger: str) -> None:
    """Import options that trim spaces (LibreOffice's "Trim spaces", hand-edited files) bring the trigger to the front."""
    assert neutralise_formula(f"{space}{trigger}1+1") == f"'{space}{trigger}1+1"


def test_a_leading_quote_is_doubled_so_the_quote_can_always_be_removed() -> None:
    """Removing one leading ``'`` gives back every value, even one that began with ``'`` itself."""
    assert neutralise_formula("'Twas brillig") == "''Twas brillig"
    for value in ("=1+1", "'=1+1", "'Twas", "plain", "", " =x", "\t", "''"):
        escaped = neutralise_formula(value)
        assert (escaped[1:] if escaped.startswith("'") else escaped) == value


@pytest.mark.parametrize(
    "value",
    ["Gritting routes", "", "1", "2b", "s40(2)", "a = b", "x-1", "What about -5?", " plain", "\nLine", "https://x.example/?a=1"],
)
def test_other_text_is_untouched(value: str) -> None:
    assert neutralise_formula(value) == value


_COLUMNS = (
    Column("text", "string", "Text."),
    Column("days", "integer", "A number."),
    Column("when", "date", "A date."),
    Column("flag", "boolean", "A flag."),
    Column("items", "array", "Items."),
)


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def test_numbers_dates_and_booleans_are_never_quoted() -> None:
    """A negative number of working days stays a number in a numeric column; the same text in a text column is quoted."""
    record = {"text": "-3", "days": -3, "when": dt.date(2026, 1, 2), "flag": False, "items": ["-a", "=b"]}
    (row,) = _rows(to_csv(_COLUMNS, [record]))
    assert row == {"text": "'-3", "days": "-3", "when": "2026-01-02", "flag": "false", "items": "'-a;=b"}
    assert int(row["days"]) == -3


def test_json_is_not_escaped() -> None:
    """JSON is not opened as a sheet of formulas: values stay exactly as in the log."""
    record = {"text": "=1+1", "days": -3, "when": None, "flag": None, "items": ["@x"]}
    assert json.loads(to_json(_COLUMNS, [record])) == [record]


_TITLE = '=HYPERLINK("http://x","click")'
_ANSWER = "@SUM(1+1)"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("formulas")
    builder = LogBuilder(root / "log")
    builder.mkdocs(DEFAULT_OPTIONS, extra=MATERIAL)
    yml = variant("title: Gritting routes on rural roads", 'title: \'=HYPERLINK("http://x","click")\'')
    yml = variant("answer: See the attached table of routes.", "answer: '@SUM(1+1)'", yml)
    yml = variant("question: Who drives the gritters?", "question: '-2+3'", yml)
    builder.valid(yml, attachments=dict(VALID_ATTACHMENTS))
    return build(builder.config, root / "site")


def test_built_csv_cells_are_neutralised(hostile_site: Path) -> None:
    data = hostile_site / "data"
    (response,) = _rows((data / "responses.csv").read_bytes())
    assert response["title"] == "'" + _TITLE
    assert int(response["working_days"]) >= 0 and response["received"] == "2026-09-01"
    questions = _rows((data / "questions.csv").read_bytes())
    assert questions[0]["answer"] == "'" + _ANSWER
    assert questions[1]["question"] == "'-2+3"
    for path in ("responses.csv", "questions.csv"):
        for row in _rows((data / path).read_bytes()):
            for value in row.values():
                assert not value or value[0] not in FORMULA_TRIGGERS, (path, value)


def test_built_json_keeps_the_values(hostile_site: Path) -> None:
    (record,) = json.loads((hostile_site / "data" / "responses.json").read_text("utf-8"))
    assert record["title"] == _TITLE


def test_datapackage_documents_the_quote(hostile_site: Path) -> None:
    package = json.loads((hostile_site / "data" / "datapackage.json").read_text("utf-8"))
    by_name = {res["name"]: res for res in package["resources"]}
    for name in ("responses", "questions"):
        resource = by_name[name]
        assert "'" in resource["description"] and "formula" in resource["description"]
        for field in resource["schema"]["fields"]:
            mentions = "formula" in field["description"]
            assert mentions == (field["type"] == "string"), field["name"]
    assert "formula" in by_name["responses-json"]["description"]
    assert all("formula" not in field["description"] for field in by_name["responses-json"]["schema"]["fields"])
