"""An unquoted question number (`number: 1`) is valid for `foilog check` and for editors alike."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest
from logbuilder import TODAY, VALID_YML, LogBuilder, variant
from test_schema import editor_view

from foilog.engine.mkdocs_config import load_project
from foilog.log.load import load_log
from foilog.log.schema import ResponseData, json_schema
from foilog.log.yamlload import load_yaml


def schema_errors(text: str) -> list[str]:
    validator = jsonschema.Draft202012Validator(json_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    return sorted(f"{'/'.join(map(str, e.absolute_path))}: {e.validator}" for e in validator.iter_errors(editor_view(text)))


def check_texts(tmp_path: Path, text: str) -> list[str]:
    builder = LogBuilder(tmp_path / "project")
    builder.valid(text)
    return [f.as_text() for f in load_log(load_project(builder.config), TODAY).findings]


UNQUOTED = variant("  - number: '1'", "  - number: 1")


def test_unquoted_number_is_valid_for_check_and_for_editors(tmp_path: Path) -> None:
    assert check_texts(tmp_path, UNQUOTED) == []
    assert schema_errors(UNQUOTED) == []


def test_integer_number_is_normalised_to_text() -> None:
    assert ResponseData.model_validate(load_yaml(UNQUOTED.encode()).data).questions[0].number == "1"
    data = load_yaml(VALID_YML.encode()).data
    assert isinstance(data, dict)
    data["questions"][0]["number"] = 12  # as a program (or a YAML 1.2 editor) would pass it
    assert ResponseData.model_validate(data).questions[0].number == "12"


@pytest.mark.parametrize("typed", ["0", "1000", "-1", "true", "1.5"])
def test_numbers_both_refuse(tmp_path: Path, typed: str) -> None:
    text = variant("  - number: '1'", f"  - number: {typed}")
    assert schema_errors(text), f"the JSON Schema accepts number: {typed}"
    (finding,) = check_texts(tmp_path, text)
    assert ": questions[0].number: expected a question number such as 1, 1a or 2(ii), got " in finding


@pytest.mark.parametrize("typed", ["1a", "'2b'", "3(ii)", "999"])
def test_numbers_both_accept(tmp_path: Path, typed: str) -> None:
    text = variant("  - number: '1'", f"  - number: {typed}")
    assert schema_errors(text) == []
    assert check_texts(tmp_path, text) == []
