"""The safe YAML reader: strings stay strings, lines are kept, dangerous YAML is refused."""

from __future__ import annotations

import pytest

from foilog.log.yamlload import MAX_DEPTH, MAX_YAML_BYTES, YamlProblem, decode_utf8, load_yaml


def problem(raw: bytes, **kwargs: int) -> YamlProblem:
    with pytest.raises(YamlProblem) as info:
        load_yaml(raw, **kwargs)
    return info.value


# --- YAML 1.1 surprises do not happen -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("reference: 012345", "012345"),  # not the octal number 5349
        ("answer: NO", "NO"),  # not False (Norway problem)
        ("answer: yes", "yes"),
        ("ncnd: on", "on"),
        ("number: 1", "1"),
        ("number: 1.50", "1.50"),
        ("received: 2019-09-06", "2019-09-06"),  # not a datetime.date
        ("time: 12:30:00", "12:30:00"),  # not sexagesimal 45000
        ("value: 1e3", "1e3"),
        ("value: .inf", ".inf"),
        ("quoted: 'null'", "null"),
        ("quoted: '012345'", "012345"),
        ('quoted: "true"', "true"),
        ("explicit: !!str 012", "012"),
    ],
)
def test_scalars_stay_the_strings_that_were_typed(text: str, expected: str) -> None:
    data = load_yaml(text.encode()).data
    assert isinstance(data, dict)
    assert list(data.values()) == [expected]


@pytest.mark.parametrize("text", ["a:", "a: ~", "a: null", "a: Null", "a: NULL"])
def test_empty_and_null_values_are_none(text: str) -> None:
    assert load_yaml(text.encode()).data == {"a": None}


def test_block_scalars_keep_their_text() -> None:
    data = load_yaml(b"answer: |\n  Line one.\n  Line two.\nnote: >\n  folded\n  text\n").data
    assert data == {"answer": "Line one.\nLine two.\n", "note": "folded text\n"}


def test_empty_file_is_none() -> None:
    assert load_yaml(b"").data is None
    assert load_yaml(b"# only a comment\n").data is None


def test_byte_order_mark_is_ignored() -> None:
    assert load_yaml("\ufeffa: b\n".encode()).data == {"a": "b"}


# --- lines ----------------------------------------------------------------------------------


def test_lines_of_keys_items_and_nested_fields() -> None:
    loaded = load_yaml(
        b"# comment\n"  # 1
        b"reference: X1\n"  # 2
        b"topics:\n"  # 3
        b"  - road-safety\n"  # 4
        b"  - housing\n"  # 5
        b"questions:\n"  # 6
        b"  - number: '1'\n"  # 7
        b"    outcome: refused\n"  # 8
        b"withdrawn:\n"  # 9
        b"  date: 2026-01-01\n"  # 10
    )
    assert loaded.lines[("reference",)] == 2
    assert loaded.lines[("topics",)] == 3
    assert loaded.lines[("topics", 1)] == 5
    assert loaded.lines[("questions", 0)] == 7
    assert loaded.lines[("questions", 0, "outcome")] == 8
    assert loaded.lines[("withdrawn",)] == 9  # the key's line, not the nested mapping's
    assert loaded.lines[("withdrawn", "date")] == 10


def test_line_of_falls_back_to_the_nearest_parent() -> None:
    loaded = load_yaml(b"a: 1\nquestions:\n  - number: '1'\n")
    assert loaded.line_of(("questions", 0, "outcome")) == 3
    assert loaded.line_of(("missing",)) == 1
    assert load_yaml(b"").line_of(("x",)) is None


# --- refused input, with the line -------------------------------------------------------------


@pytest.mark.adversarial
def test_duplicate_key_names_both_lines() -> None:
    exc = problem(b"title: One\nregime: FOIA\ntitle: Two\n")
    assert (exc.line, exc.message) == (3, "duplicate key 'title' (first given on line 1); keep only one")


@pytest.mark.adversarial
def test_duplicate_key_inside_a_list_item() -> None:
    exc = problem(b"questions:\n  - number: '1'\n    answer: a\n    answer: b\n")
    assert (exc.line, exc.message) == (4, "duplicate key 'answer' (first given on line 3); keep only one")


@pytest.mark.adversarial
def test_anchor_is_refused() -> None:
    exc = problem(b"title: &t A title\nsummary: *t\n")
    assert (exc.line, exc.message) == (1, "YAML anchors ('&t') are not allowed: write the value out in full")


@pytest.mark.adversarial
def test_alias_bomb_is_refused_before_expansion() -> None:
    bomb = b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    bomb += b"".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n".encode() for i in range(8)
    )
    exc = problem(bomb)
    assert exc.line == 1
    assert "anchors ('&a') are not allowed" in exc.message


@pytest.mark.adversarial
def test_merge_key_is_refused() -> None:
    exc = problem(b"a:\n  b: 1\nc:\n  <<: {b: 2}\n")
    assert (exc.line, exc.message) == (4, "YAML merge keys ('<<') are not allowed")


@pytest.mark.adversarial
@pytest.mark.parametrize("tag", ["!!python/object:os.system", "!!python/name:os.system", "!!binary", "!local", "!!set"])
def test_tags_other_than_plain_types_are_refused(tag: str) -> None:
    exc = problem(f"title: ok\nanswer: {tag} aGVsbG8=\n".encode())
    assert exc.line == 2
    assert exc.message == f"YAML tags such as '{tag}' are not allowed: write the plain value"


@pytest.mark.adversarial
def test_complex_keys_are_refused() -> None:
    exc = problem(b"? [a, b]\n: value\n")
    assert (exc.line, exc.message) == (1, "a key must be a plain name")


@pytest.mark.adversarial
def test_deep_nesting_is_refused_without_a_traceback() -> None:
    exc = problem(b"[" * 50_000)
    assert exc.message == f"the data is nested too deeply (more than {MAX_DEPTH} levels)"
    nested = "a:\n" + "".join("  " * i + "b:\n" for i in range(1, MAX_DEPTH + 5))
    assert problem(nested.encode()).message.startswith("the data is nested too deeply")


@pytest.mark.adversarial
def test_size_limit() -> None:
    exc = problem(b"title: " + b"x" * MAX_YAML_BYTES + b"\n")
    assert exc.line is None
    assert (
        exc.message
        == f"the file is {MAX_YAML_BYTES + 8:,} bytes, more than the {MAX_YAML_BYTES:,} allowed; move long text into response.md"
    )
    assert problem(b"title: abcdef\n", max_bytes=10).message.startswith("the file is 14 bytes, more than the 10 allowed")


def test_non_utf8_names_the_line_and_byte() -> None:
    exc = problem("title: ok\nsummary: caf\u00e9\n".encode("latin-1"))
    assert (exc.line, exc.message) == (2, "the file is not UTF-8 text (bad byte 0xe9); save it as UTF-8 in your editor")
    with pytest.raises(YamlProblem):
        decode_utf8(b"\xff")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "title: Foo\nsummary This is\nregime: FOIA\n",
            2,
            "malformed YAML: expected 'field: value' but found no ': ' on this line; check the colon",
        ),
        (
            "regime: FOIA\ntitle: Roads: gritting\n",
            2,
            "malformed YAML: unexpected ': ' in a value; put the whole value in quotes, or check the indentation",
        ),
        (
            'title: "Roads\nregime: FOIA\n',
            1,
            "malformed YAML: the quoted value starting on this line is never closed; add the closing quote",
        ),
        (
            "topics:\n  - a\n - b\n",
            3,
            "malformed YAML: this line's indentation does not line up with the lines above; check the spaces at its start",
        ),
        (
            "title: 'it's'\n",
            1,
            "malformed YAML: unexpected text after the value on this line; "
            "a value containing quotes must be quoted whole (\"it's\" or 'it''s')",
        ),
        ("title: a\n\tregime: FOIA\n", 2, "malformed YAML: a tab character is not allowed here; indent with spaces"),
        (
            "---\ntitle: a\n---\ntitle: b\n",
            3,
            "malformed YAML: the file holds more than one YAML document (a second '---' line); keep one",
        ),
        (
            "title: x\ntopics: [a, b\nregime: FOIA\n",
            2,
            "malformed YAML: the list opened with '[' on this line is not closed with ']' (or an item needs quotes)",
        ),
        (
            "title: x\nwithdrawn: {date: 2026-01-01\n",
            2,
            "malformed YAML: the mapping opened with '{' on this line is not closed with '}' (or a value needs quotes)",
        ),
        (
            "title: x\n- item\n",
            2,
            "malformed YAML: this line's indentation does not line up with the lines above; check the spaces at its start",
        ),
    ],
)
def test_malformed_yaml_says_what_and_where(text: str, line: int, message: str) -> None:
    exc = problem(text.encode())
    assert (exc.line, exc.message) == (line, message)


@pytest.mark.adversarial
@pytest.mark.parametrize(("raw", "code"), [(b"title: ok\nsummary: a\x00b\n", "0000"), (b"title: ok\nsummary: bell\x07\n", "0007")])
def test_control_characters_name_the_line_without_a_traceback(raw: bytes, code: str) -> None:
    exc = problem(raw)
    assert (exc.line, exc.message) == (
        2,
        f"the file contains an invisible control character (#x{code}) that YAML does not allow; delete it (retyping the line removes it)",
    )


def test_windows_line_endings_keep_lines() -> None:
    loaded = load_yaml(b"title: ok\r\nregime: FOIA\r\n")
    assert loaded.data == {"title": "ok", "regime": "FOIA"}
    assert loaded.lines[("regime",)] == 2
    assert problem(b"title: ok\r\nregime: x\r\nregime: y\r\n").line == 3
