"""Which authority answered an imported letter: detected from where a letter names its sender, never from its answers."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from letter_builders import COUNCIL_EIR, Num, run_import, write_letter
from logbuilder import DEFAULT_OPTIONS, LogBuilder

from foilog.commands.importer.authority import detect_authority
from foilog.log.settings import AuthorityOption

LETTERS = Path(__file__).parent / "fixtures" / "letters"
MET_FOLDER = Path("responses/2019/01-foi-19-011430")
MET = {
    "id": "metropolitan-police",
    "name": "Metropolitan Police Service",
    "website": "https://www.met.police.uk/",
    "aliases": ["Metropolitan Police", "MPS", "New Scotland Yard"],
}
COUNCIL = {"id": "northshire-council", "name": "Northshire County Council (fictional)", "aliases": ["Northshire Council"]}
OPTIONS = {**DEFAULT_OPTIONS, "authorities": [COUNCIL, MET]}


def _log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, options: dict[str, object]) -> LogBuilder:
    builder = LogBuilder(tmp_path / "log", options=options)
    monkeypatch.chdir(builder.root)
    return builder


@pytest.mark.parametrize("name", ["met-01-FOI-19-011430.txt", "met-01-FOI-19-011430.pdf"])
def test_met_letter_gets_the_met_as_authority_marked_guessed(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    builder = _log(tmp_path, monkeypatch, OPTIONS)
    code, output = run_import(str(LETTERS / name))
    assert code == 0, output
    text = (builder.root / MET_FOLDER / "response.yml").read_text("utf-8")
    assert "authority: metropolitan-police  # guessed: 'Metropolitan Police Service' in the letter's own sentences" in text
    assert yaml.safe_load(text)["authority"] == "metropolitan-police"
    assert "fell back" not in output and "default" not in text


def test_met_letter_in_a_log_without_the_met_falls_back_and_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    builder = _log(tmp_path, monkeypatch, DEFAULT_OPTIONS)  # Northshire County Council and Westshire Police
    code, output = run_import(str(LETTERS / "met-01-FOI-19-011430.txt"))
    assert code == 0, output
    text = (builder.root / MET_FOLDER / "response.yml").read_text("utf-8")
    assert "# The authority was not recognised in the letter: this is the site's default. Check who answered.\n" in text
    assert "authority: northshire-council  # guessed: the site's default authority (not found in the letter)\n" in text
    assert "needs a human: authority: fell back to the site's default, Northshire County Council (fictional) (northshire-council)" in output


def test_a_log_of_one_authority_writes_no_authority(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    builder = _log(tmp_path, monkeypatch, {**DEFAULT_OPTIONS, "authorities": [COUNCIL]})
    assert run_import(str(LETTERS / "met-01-FOI-19-011430.txt"))[0] == 0
    assert "authority:" not in (builder.root / MET_FOLDER / "response.yml").read_text("utf-8")


#: A council letter whose answers and decision speak of the police, more often than of the council.
COUNCIL_NAMING_THE_POLICE = [
    *COUNCIL_EIR.entries[:18],
    Num(0, "How many CCTV cameras does the Council operate in Northtown?"),
    Num(0, "How many recordings did the Metropolitan Police ask for?"),
    "",
    "OUR RESPONSE",
    "",
    Num(0, "The Council operates 41 cameras. The Metropolitan Police operate the cameras at New Scotland Yard.", restart=True),
    Num(0, "The Metropolitan Police (MPS) asked for 12 recordings; the MPS holds the details of why."),
    "",
    "We have passed the part of your request about police use of the recordings to the Metropolitan Police. "
    "You may also contact the MPS directly at foi@met.police.uk.",
    "",
    "Yours sincerely",
    "",
    "Kwame Testfield",
    "Information Officer",
    "Northshire County Council",
]


def test_a_council_letter_naming_the_police_in_its_answers_keeps_the_council(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    builder = _log(tmp_path, monkeypatch, OPTIONS)
    letter = write_letter(tmp_path / "cctv.txt", COUNCIL_NAMING_THE_POLICE)
    code, output = run_import(str(letter))
    assert code == 0, output
    text = (builder.root / "responses" / "2024" / COUNCIL_EIR.slug / "response.yml").read_text("utf-8")
    assert "authority: northshire-council  # guessed: 'Northshire County Council (fictional)' in the letterhead" in text


def _auth(**option: object) -> AuthorityOption:
    return AuthorityOption.model_validate(option)


AUTHORITIES = [_auth(**COUNCIL), _auth(**MET)]


def detect(lines: list[str], *, head_end: int = 0, sign_off: int | None = None, ignored: tuple[int, ...] = ()) -> tuple[str, bool]:
    guess = detect_authority(
        lines, AUTHORITIES, "northshire-council", head_end=head_end, sign_off=len(lines) if sign_off is None else sign_off, ignored=ignored
    )
    assert guess is not None
    return guess.id, guess.detected


def test_the_signature_outweighs_mentions_in_the_body() -> None:
    body = [
        "Dear Requester",
        "The Metropolitan Police have told us the figures.",
        "The Metropolitan Police gave 3.",
        "Yours sincerely",
        "A Person",
    ]
    assert detect([*body, "Northshire Council"], head_end=0, sign_off=3) == ("northshire-council", True)


def test_the_letters_own_sentences_name_the_sender() -> None:
    lines = ["Dear Requester", "Your request was received by the Metropolitan Police Service (MPS) on 6 May.", "The MPS holds it."]
    assert detect(lines) == ("metropolitan-police", True)


def test_sending_the_requester_elsewhere_is_no_evidence() -> None:
    lines = [
        "Dear Requester",
        "We have transferred your request to the Metropolitan Police.",
        "Please contact the Metropolitan Police Service for the rest.",
        "You may wish to write to the MPS.",
    ]
    assert detect(lines) == ("northshire-council", False)


def test_the_request_and_the_answers_never_count() -> None:
    lines = ["Dear Requester", "1. What does the Metropolitan Police hold?", "The MPS holds it; the MPS said so; the MPS agrees."]
    assert detect(lines, ignored=(1, 2)) == ("northshire-council", False)


def test_whole_words_and_abbreviations_in_capitals_only() -> None:
    lines = [
        "Dear Requester",
        "Local MPs wrote to the Council.",
        "Lamps were replaced.",
        "The Metropolitan Policeman's Club is not a body.",
    ]
    assert detect(lines) == ("northshire-council", False)
    assert detect(["Dear Requester", "It was received by the METROPOLITAN police service today.", "The MPS holds it."]) == (
        "metropolitan-police",
        True,
    )


def test_an_address_at_the_authoritys_domain_counts_but_not_a_look_alike_domain() -> None:
    assert detect(["FOI Unit", "foi@met.police.uk", "Dear Requester"], head_end=2) == ("metropolitan-police", True)
    assert detect(["FOI Unit", "foi@notmet.police.uk", "Dear Requester"], head_end=2) == ("northshire-council", False)


def test_two_authorities_named_alike_fall_back() -> None:
    lines = ["Northshire County Council and the Metropolitan Police Service", "Dear Requester"]
    guess = detect_authority(lines, AUTHORITIES, "northshire-council", head_end=1, sign_off=2)
    assert guess is not None and not guess.detected and "as much as each other" in guess.why
