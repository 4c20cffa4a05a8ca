"""The data format of a response: the single source of truth.

`response.yml` is validated against these pydantic models, and the published
JSON Schema (``/data/response.schema.json``, ``schema/response.schema.json``)
is generated from them by :func:`json_schema`, so the two cannot drift apart.
Each field's docstring becomes its description in the JSON Schema, which is
what editors show as a tooltip.

The YAML reader (:mod:`foilog.log.yamlload`) hands over every scalar as the string
that was typed; the validators here turn strings into dates and booleans and
refuse anything ambiguous (``yes``, ``16/12/2019``) with a message that says
what to write instead.

:func:`validate_partially` keeps what is valid in a response that is not, so
the checks of :mod:`foilog.log.validate` can still run on it in the same run.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import json
import re
import typing
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    WithJsonSchema,
)

SCHEMA_ID = "https://foilog.example/data/response.schema.json"

Regime = Literal["FOIA", "EIR", "FOISA", "EISR"]
REGIMES: tuple[str, ...] = ("FOIA", "EIR", "FOISA", "EISR")

OutcomeId = Literal[
    "granted-in-full",
    "granted-in-part",
    "refused",
    "not-held",
    "neither-confirm-nor-deny",
    "cost-limit",
    "vexatious",
]
OUTCOME_IDS: tuple[str, ...] = typing.get_args(OutcomeId)

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SECTION_PATTERN = r"^(s[1-9][0-9]*[A-Z]?|reg[1-9][0-9]*)(\([0-9]+[A-Z]?\))*(\([a-z]{1,4}\))*$"
QUESTION_NUMBER_PATTERN = r"^[1-9][0-9]{0,2}[a-z]{0,2}(\([ivx]{1,5}\))?$"
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


def _to_date(value: Any) -> Any:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if value is None:
        raise ValueError("is empty (expected a date written YYYY-MM-DD)")
    if isinstance(value, str):
        text = value.strip()
        if not _DATE.match(text):
            raise ValueError(f"expected a date written YYYY-MM-DD, got '{text}'{_day_first_hint(text)}")
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"'{text}' is not a real date ({_why_not_a_date(text)}; expected YYYY-MM-DD)") from None
    raise ValueError(f"expected a date written YYYY-MM-DD, got {_kind(value)}")


def parse_date(text: str) -> dt.date:
    """A date written YYYY-MM-DD, from a command-line option or an environment variable.

    The one date parser of every command (``--today``, ``--responded``, $FOILOG_TODAY), with
    response.yml's messages: ``ValueError("expected a date written YYYY-MM-DD, got '16/12/2019'; write '2019-12-16'")``.
    """
    date: dt.date = _to_date(text)
    return date


def _why_not_a_date(text: str) -> str:
    year, month, _day = (int(part) for part in text.split("-"))
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    if year < 1:
        return "there is no year 0"
    length = calendar.monthrange(year, month)[1]
    return f"{calendar.month_name[month]} {year} has {length} days"


_DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
#: Year first, but a one-digit month or day, or slashes or dots: ``2026-10-8``, ``2026/10/28``.
_YEAR_FIRST = re.compile(r"^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})$")
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_ORDINAL = r"(\d{1,2})(?:st|nd|rd|th)?"
#: ``28 October 2026``, ``Tuesday 28th Oct. 2026``.
_DAY_MONTH = re.compile(rf"^{_WEEKDAY}{_ORDINAL}\s+([a-z]+)\.?,?\s+(\d{{4}})$", re.IGNORECASE)
#: ``October 28, 2026``.
_MONTH_DAY = re.compile(rf"^{_WEEKDAY}([a-z]+)\.?\s+{_ORDINAL},?\s+(\d{{4}})$", re.IGNORECASE)


def _month(name: str) -> int | None:
    """The month a name or its abbreviation (three letters or more, ``Sept`` too) means."""
    name = name.lower()
    if len(name) < 3:
        return None
    return next((n for n in range(1, 13) if calendar.month_name[n].lower().startswith(name)), None)


def _written_date(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) of a date written another common way, or None."""
    if m := _DAY_FIRST.match(text):
        return int(m.group(3)), int(m.group(2)), int(m.group(1))
    if m := _YEAR_FIRST.match(text):
        return int(m.group(1)), int(m.group(2)), int(m.group(3))
    if (m := _DAY_MONTH.match(text)) and (month := _month(m.group(2))):
        return int(m.group(3)), month, int(m.group(1))
    if (m := _MONTH_DAY.match(text)) and (month := _month(m.group(1))):
        return int(m.group(3)), month, int(m.group(2))
    return None


def _day_first_hint(text: str) -> str:
    """``; write '2026-10-28'`` for ``28/10/2026``, ``2026-10-8``, ``28 October 2026`` or ``October 28, 2026``, if it is a real date.

    Why: "expected YYYY-MM-DD" alone leaves an editor to work out the zero padding and the
    month's number; the exact text to type is quicker and cannot be typed wrong.
    """
    parts = _written_date(text)
    if parts is None:
        return ""
    try:
        day = dt.date(*parts)
    except ValueError:
        return ""
    return f"; write '{day.isoformat()}'"


def _to_bool(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip() in ("true", "True", "TRUE"):
        return True
    if isinstance(value, str) and value.strip() in ("false", "False", "FALSE"):
        return False
    shown = f"'{value}'" if isinstance(value, str) else _kind(value)
    raise ValueError(f"expected true or false, got {shown}")


def _number_text(value: Any) -> Any:
    """``1`` -> ``'1'``: a question number typed without quotes is still a question number."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping of fields"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


Date = Annotated[
    dt.date,
    BeforeValidator(_to_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": _DATE.pattern}),
]
Flag = Annotated[bool, BeforeValidator(_to_bool), WithJsonSchema({"type": "boolean"})]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200_000)]
Identifier = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=80)]
Section = Annotated[str, StringConstraints(strip_whitespace=True, pattern=SECTION_PATTERN, max_length=40)]
#: Text, but editors (YAML 1.2) read an unquoted ``number: 1`` as the integer 1: the schema allows both.
QuestionNumber = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=QUESTION_NUMBER_PATTERN),
    BeforeValidator(_number_text),
    WithJsonSchema({"anyOf": [{"type": "string", "pattern": QUESTION_NUMBER_PATTERN}, {"type": "integer", "minimum": 1, "maximum": 999}]}),
]


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        use_attribute_docstrings=True,
        frozen=True,
        validate_default=False,
    )


class ExemptionUse(_Model):
    """An exemption (or EIR exception) applied in the response."""

    section: Section
    """The section in normal form: `s24(2)` for FOIA and FOISA, `reg12(5)(b)` for EIR and EISR."""
    ncnd: Flag = False
    """true when it was applied to neither confirm nor deny that the information is held."""
    public_interest: Text | None = None
    """For a qualified exemption: a short summary of the public interest test."""


ClockEventKind = Literal[
    "public-interest-extension",
    "regulation-7-extension",
    "clarification-sought",
    "clarification-received",
    "fees-notice",
    "fees-paid",
    "transferred",
]
CLOCK_EVENT_KINDS: tuple[str, ...] = typing.get_args(ClockEventKind)


class ClockEvent(_Model):
    """A dated event that changes (or explains) the statutory time limit of the request."""

    event: ClockEventKind
    """What happened: `public-interest-extension` (FOIA s10(3): the requester was told more time was needed to weigh the public interest), `regulation-7-extension` (EIR / EISR regulation 7(1): extended to 40 working days), `clarification-sought` and `clarification-received` (FOIA / FOISA s1(3), EIR regulation 9(4): the 20 working days run from receipt of the clarification), `fees-notice` and `fees-paid` (FOIA / FOISA s10(2): the clock stops from the notice until the fee is paid), `transferred` (part of the request was transferred to another authority; recorded, the clock is unchanged)."""
    date: Date
    """The day it happened: for an extension, the day the requester was told."""
    new_target: Date | None = None
    """For `public-interest-extension` only: the new date by which the requester was told to expect the answer."""
    to: Line | None = None
    """For `transferred` only: the authority the request (or part of it) was transferred to."""
    note: Text | None = None
    """Optional: a public note about the event."""


ReviewOutcome = Literal["upheld", "upheld-with-modifications", "overturned"]
REVIEW_OUTCOMES: tuple[str, ...] = typing.get_args(ReviewOutcome)


class Review(_Model):
    """The internal review the requester asked for (FOIA Code of Practice part 5; FOISA s20-21; EIR regulation 11)."""

    requested: Date
    """The day the authority received the request for an internal review."""
    responded: Date | None = None
    """The day the review's result was sent; leave out while the review is still open."""
    outcome: ReviewOutcome | None = None
    """`upheld` (the original decision stands), `upheld-with-modifications` or `overturned`; required once `responded` is set."""
    summary: Text | None = None
    """What the review found and what, if anything, was released as a result."""


Regulator = Literal["ICO", "SIC"]
AppealOutcome = Literal["upheld", "partly-upheld", "not-upheld", "withdrawn", "informally-resolved"]
APPEAL_OUTCOMES: tuple[str, ...] = typing.get_args(AppealOutcome)


class Appeal(_Model):
    """A complaint to the regulator (the ICO under FOIA s50 / EIR regulation 18, the Scottish Information Commissioner under FOISA s47) and any tribunal appeal."""

    regulator: Regulator
    """`ICO` (FOIA, EIR and EISR in England, Wales and Northern Ireland) or `SIC` (FOISA and EISR)."""
    case_reference: Line
    """The regulator's case reference, e.g. `IC-123456-A1B2` or `202400123`."""
    decision_notice: Line | None = None
    """The decision notice number, e.g. `IC-123456-A1B2` (ICO) or `Decision 123/2024` (SIC); leave out while the case is open or if it closed without one."""
    url: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^https://\S+$", max_length=500)] | None = None
    """The decision notice on the regulator's website (https)."""
    decided: Date | None = None
    """The date of the decision notice, or the day the case closed."""
    outcome: AppealOutcome | None = None
    """The regulator's finding on the complaint: `upheld` (the authority was wrong), `partly-upheld`, `not-upheld`, `withdrawn` or `informally-resolved`; required once `decided` is set."""
    steps: Text | None = None
    """The steps the decision notice ordered the authority to take."""
    tribunal_reference: Line | None = None
    """The First-tier Tribunal (Information Rights) or Court of Session reference of an appeal against the decision."""


ChangeStage = Literal["review", "appeal"]


class QuestionChange(_Model):
    """The outcome of a question changed after an internal review or an appeal (a dated, correction-like entry)."""

    stage: ChangeStage
    """`review` or `appeal`: what changed it."""
    date: Date
    """The day the new outcome was given (and any information released)."""
    outcome: OutcomeId
    """The question's outcome from that day on."""
    released: LongText | None = None
    """What was released as a result, in Markdown (leave out when nothing was)."""


RelationKind = Literal["updates", "repeat_of", "same_question_as", "refers_to", "follow_up_of", "superseded_by"]
RELATION_KINDS: tuple[str, ...] = typing.get_args(RelationKind)


class Relation(_Model):
    """Another request this response is related to, by its reference."""

    kind: RelationKind
    """`updates` (the same question for a later period), `repeat_of`, `same_question_as`, `refers_to` (the answer points to an earlier disclosure, e.g. under FOIA s21), `follow_up_of` or `superseded_by` (this response stays published but a later one replaces its figures; a withdrawn response names its replacement in `withdrawn.superseded_by` instead). Write a relation once: the other response's page shows it too ("Later updated", "Asked again", "Referred to by"...). `updates`, `repeat_of`, `follow_up_of` and `refers_to` name an earlier (or same-day) response; three or more responses chained by `updates` / `repeat_of` make a series with its own page."""
    reference: Line
    """The other response's reference, exactly as in its `response.yml`. A response that is embargoed or withdrawn is not linked (a warning says so) until it is published."""
    note: Text | None = None
    """Optional: how the two relate, shown next to the link (on the other response's page as "Note on <this reference>: ...")."""


class Question(_Model):
    """One numbered question of the request, with its answer."""

    number: QuestionNumber
    """The number as in the letter: `1`, `1a`, `2b`, `3(ii)` (quotes optional; always read as text)."""
    question: Text
    """The question as the requester asked it (with any personal details removed)."""
    answer: LongText
    """The answer, in Markdown."""
    outcome: OutcomeId
    """The outcome of this question alone; feeds the statistics."""
    exemptions: list[Section] = Field(default_factory=list)
    """Sections applied to this question; each must also be listed in the response's `exemptions`."""
    changed_after: QuestionChange | None = None
    """Set when the outcome of this question changed after an internal review or an appeal; `outcome` stays the original one."""


class Attachment(_Model):
    """A file published with the response."""

    path: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]
    """Path inside the response folder, e.g. `attachments/table.xlsx`."""
    title: Line
    """What the file is, in plain language (shown as the link text)."""
    description: Text | None = None
    """Optional: what the file contains, for people deciding whether to download it."""


class Correction(_Model):
    """A correction made after publication; shown on the page and on /corrections/."""

    date: Date
    """When the correction was made."""
    note: Text
    """What was corrected and why."""


class Withdrawal(_Model):
    """The response was withdrawn: the page becomes a notice with this date and reason."""

    date: Date
    """When it was withdrawn."""
    reason: Text
    """Why it was withdrawn, shown to the public under "This response was withdrawn on <date>": start with the reason itself."""
    superseded_by: Line | None = None
    """Optional: the reference of the published response that replaces it, e.g. `FOI-2022-00131`; the notice links to it."""


class Acknowledgement(_Model):
    """A leak-gate finding a reviewer has checked and accepted for publication."""

    text: Line
    """The exact text the check flagged."""
    reason: Text
    """Why it may be published (e.g. `the Chief Constable's name is published on our website`)."""
    rule: Annotated[str, StringConstraints(max_length=80)] | None = None
    """Optional: the rule id it applies to; otherwise any rule flagging this text."""


class ResponseData(_Model):
    """A published FOI/EIR response: the contents of `response.yml`."""

    reference: Line
    """The authority's reference exactly as in the letter, e.g. `01/FOI/19/011430`. Unique across the log."""
    title: Line
    """A plain-language title saying what was asked."""
    summary: Text | None = None
    """One or two sentences: what was asked and what was released."""
    authority: Identifier | None = None
    """Id of the authority that answered (from the site configuration); defaults to the site's own."""
    regime: Regime
    """The law the request was handled under: FOIA, EIR, FOISA or EISR."""
    received: Date
    """The date the request was received (YYYY-MM-DD)."""
    responded: Date
    """The date of the response letter (YYYY-MM-DD)."""
    publish_after: Date | None = None
    """Optional embargo: the response is not published before this date."""
    outcome: OutcomeId
    """The outcome of the response as a whole."""
    topics: list[Identifier] = Field(default_factory=list)
    """Topic ids, each defined by a page in `content/topics/<id>.md`."""
    exemptions: list[ExemptionUse] = Field(default_factory=list)
    """Exemptions applied anywhere in the response."""
    questions: Annotated[list[Question], Field(min_length=1)]
    """The request broken into numbered questions, in order."""
    attachments: list[Attachment] = Field(default_factory=list)
    """Files published with the response; every file in the folder must be listed."""
    corrections: list[Correction] = Field(default_factory=list)
    """Corrections made after publication."""
    withdrawn: Withdrawal | None = None
    """Set when the response has been withdrawn."""
    previous_references: list[Line] = Field(default_factory=list)
    """References this response was published under before; their old web addresses redirect here."""
    acknowledgements: list[Acknowledgement] = Field(default_factory=list)
    """Leak-gate findings accepted by a reviewer, each with the exact text and a reason."""
    clock: list[ClockEvent] = Field(default_factory=list)
    """Dated events that change the statutory time limit (extensions, clarification, fees), in date order."""
    review: Review | None = None
    """The internal review, if the requester asked for one."""
    appeals: list[Appeal] = Field(default_factory=list)
    """Complaints to the regulator (ICO or SIC) and any tribunal appeal, oldest first."""
    related: list[Relation] = Field(default_factory=list)
    """Other requests this one is related to (repeats, updates, earlier disclosures it refers to)."""


class _Invalid:
    """The type of :data:`INVALID`."""

    def __repr__(self) -> str:
        return "INVALID"


#: Stands in a partially validated response for a value that is invalid, missing
#: though required, or ambiguous (its error is reported already). Checks skip it.
INVALID: Any = _Invalid()


def close_field(model: type[BaseModel], key: str) -> str | None:
    """The field an unknown key is most likely a misspelling of (``recieved`` -> ``received``)."""
    matches = difflib.get_close_matches(str(key).lower(), list(model.model_fields), n=1, cutoff=0.6)
    return matches[0] if matches else None


def validate_partially(raw: dict[str, Any]) -> ResponseData:
    """The valid parts of a ``response.yml`` that failed validation, with :data:`INVALID` for the rest.

    Each field is validated on its own; a model or list that fails is
    descended into, so one bad question keeps the other questions (at their
    indexes) and the bad question's valid fields. A field that is missing
    though required, or that an unknown key misspells, is INVALID too (not its
    default: ``sumary:`` must not read as "no summary"). The result is built
    with ``model_construct``: it is for the checks of :mod:`foilog.log.validate`
    only, never for later stages.
    """
    return _partial_model(ResponseData, raw)


#: A pydantic model class: :func:`_partial_model` returns an instance of the class it is given.
_SomeModel = typing.TypeVar("_SomeModel", bound=BaseModel)


def _partial_model(model: type[_SomeModel], raw: dict[str, Any]) -> _SomeModel:
    misspelt = {close_field(model, key) for key in raw if key not in model.model_fields}
    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name in raw:
            values[name] = _partial_value(_adapter(model, name), info.annotation, raw[name], (model, name))
        elif name in misspelt or info.is_required():
            values[name] = INVALID
        else:
            values[name] = info.get_default(call_default_factory=True)
    return model.model_construct(**values)


def _partial_value(adapter: TypeAdapter[Any], annotation: Any, value: Any, key: tuple[type[BaseModel], str]) -> Any:
    try:
        return adapter.validate_python(value)
    except ValidationError:
        pass
    if isinstance(value, list) and typing.get_origin(annotation) is list:
        (item,) = typing.get_args(annotation)
        item_adapter = _adapter(*key, item=True)
        return [_partial_value(item_adapter, item, v, key) for v in value]
    model = _model_in(annotation)
    if isinstance(value, dict) and model is not None:
        return _partial_model(model, value)
    return INVALID


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """``Withdrawal`` for ``Withdrawal | None``, ``Question`` for ``Question``; else None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return next((arg for arg in typing.get_args(annotation) if isinstance(arg, type) and issubclass(arg, BaseModel)), None)


_ADAPTERS: dict[tuple[type[BaseModel], str, bool], TypeAdapter[Any]] = {}


def _adapter(model: type[BaseModel], name: str, *, item: bool = False) -> TypeAdapter[Any]:
    """A validator for one field of ``model`` (with its constraints), or for one item of a list field."""
    key = (model, name, item)
    if key not in _ADAPTERS:
        info = model.model_fields[name]
        if item:
            (tp,) = typing.get_args(info.annotation)
        else:
            tp = Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
        _ADAPTERS[key] = TypeAdapter(tp)
    return _ADAPTERS[key]


def json_schema() -> dict[str, Any]:
    """The JSON Schema of `response.yml`, generated from :class:`ResponseData`."""
    schema = ResponseData.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
    }


def json_schema_text() -> str:
    """The schema as the stable, sorted JSON text that is committed and published."""
    return json.dumps(json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
