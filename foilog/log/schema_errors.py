"""Turn pydantic's validation errors into sentences an FOI officer can act on.

Pydantic says ``String should match pattern '^(s[1-9]…'``; we say
``expected a section in normal form such as s24(2), got 'Section 24(2)'; write 's24(2)'``.
Every message names what was expected and what was found.
"""

from __future__ import annotations

import difflib
import re
import typing
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from foilog.log.schema import APPEAL_OUTCOMES, OUTCOME_IDS, REGIMES, REVIEW_OUTCOMES, ResponseData, close_field

Loc = tuple[str | int, ...]


def field_name(loc: Loc) -> str:
    """``("questions", 2, "outcome")`` -> ``questions[2].outcome``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


def suggest(value: str, choices: typing.Iterable[str]) -> str:
    """``; did you mean 'x'?`` for the close matches of ``value``, or ``''``."""
    choices = list(choices)
    lowered = {c.lower(): c for c in choices}
    if value.lower() in lowered:  # only the case differs: 'foia' -> 'FOIA', nothing else
        return f"; did you mean '{lowered[value.lower()]}'?"
    matches = difflib.get_close_matches(value.lower(), list(lowered), n=3, cutoff=0.6)
    matches += [c for c in lowered if c.startswith(value.lower()) and value and c not in matches]
    if not matches:
        return ""
    shown = " or ".join(f"'{lowered[m]}'" for m in matches[:3])
    return f"; did you mean {shown}?"


def _model_at(loc: Loc) -> type[BaseModel] | None:
    """The pydantic model whose field ``loc[-1]`` is, following the path."""
    model: type[BaseModel] | None = ResponseData
    for part in loc[:-1]:
        if isinstance(part, int) or model is None:
            continue
        info = model.model_fields.get(part)
        model = _inner_model(info.annotation) if info else None
    return model


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found:
            return found
    return None


def _got(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return f"'{value}'" if len(value) <= 60 else f"'{value[:57]}...'"
    if isinstance(value, dict):
        return "a mapping of fields"
    if isinstance(value, list):
        return "a list"
    return repr(value)


_SECTION_WORDS = re.compile(r"^\s*(?:section|sec|s|regulation|reg|r)\.?\s*", re.IGNORECASE)


def normal_section(text: str) -> str | None:
    """Suggest the normal form of a section typed loosely: ``Section 24 (2)`` -> ``s24(2)``."""
    m = _SECTION_WORDS.match(text)
    if not m:
        return None
    prefix = "reg" if m.group(0).strip().lower().startswith("r") else "s"
    rest = re.sub(r"\s+", "", text[m.end() :])
    whole = re.fullmatch(r"([0-9]+[A-Za-z]?)((?:\([0-9A-Za-z]+\))*)", rest)
    if whole is None:
        return None
    return prefix + whole.group(1).upper() + whole.group(2).lower()


def _pattern_message(loc: Loc, value: Any) -> str:
    name = next((p for p in reversed(loc) if isinstance(p, str)), "")
    if name in ("section", "exemptions"):
        hint = normal_section(str(value))
        fix = f"; write '{hint}'" if hint else ""
        return f"expected a section in normal form such as s24(2) (FOIA, FOISA) or reg12(5)(b) (EIR, EISR), got {_got(value)}{fix}"
    if name == "url":
        return f"expected the decision notice's secure web address, starting https:// (e.g. https://ico.org.uk/...), got {_got(value)}; write it with https://"
    if name == "number":
        return f"expected a question number such as 1, 1a or 2(ii), got {_got(value)}"
    return f"expected a lower-case id such as 'road-safety' (letters, digits and dashes), got {_got(value)}"


#: Choices of the literal fields of reviews and appeals, by (top-level field, key): their outcomes are not a response's.
_REVIEW_CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("review", "outcome"): REVIEW_OUTCOMES,
    ("appeals", "outcome"): APPEAL_OUTCOMES,
    ("appeals", "regulator"): ("ICO", "SIC"),
    ("questions", "stage"): ("review", "appeal"),
}


def translate(error: Mapping[str, Any]) -> tuple[str, str]:
    """``(field, message)`` for one pydantic error dict (``ErrorDetails``, or one written by hand)."""
    loc: Loc = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    name = field_name(loc)
    if kind == "missing":
        return name, f"required field is missing (add '{loc[-1]}: ...')"
    if kind == "extra_forbidden":
        model = _model_at(loc)
        known = list(model.model_fields) if model else []
        hint = suggest(str(loc[-1]), known)
        return name, f"unknown field (expected one of: {', '.join(known)}){hint}"
    if kind in ("string_type", "string_too_short") and (value is None or value == "" or str(value).strip() == ""):
        return name, "is empty (expected text)"
    if kind == "string_type":
        return name, f"expected text, got {_got(value)}"
    if kind == "string_too_long":
        return name, f"is too long (expected at most {ctx.get('max_length')} characters, got {len(value) if value is not None else 0})"
    if kind == "string_pattern_mismatch":
        return name, _pattern_message(loc, value)
    if kind == "literal_error":
        last = str(loc[-1])
        choices = REGIMES if last == "regime" else OUTCOME_IDS if last == "outcome" else ()
        choices = _REVIEW_CHOICES.get((str(loc[0]), last), choices)
        if choices:
            noun = last  # regime, outcome, regulator or stage
            if value is None:
                return name, f"is empty (expected one of: {', '.join(choices)})"
            if not isinstance(value, str):
                return name, f"expected one {noun} of: {', '.join(choices)}, got {_got(value)}"
            return name, (f"unknown {noun} {_got(value)} (expected one of: {', '.join(choices)}){suggest(str(value), choices)}")
    if kind == "list_type":
        return name, f"expected a list (lines starting with '- '), got {_got(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        if loc[:1] == ("exemptions",) and isinstance(value, str):
            return name, f"expected a mapping of fields such as 'section: {value}', got {_got(value)}; write '- section: {value}'"
        return name, f"expected a mapping of fields (key: value lines), got {_got(value)}"
    if kind == "too_short":
        return name, "expected at least one item, got none"
    if kind == "value_error":
        return name, str(ctx.get("error", error["msg"]))
    return name, f"{error['msg']} (got {_got(value)})"


def _list_items() -> dict[str, type[BaseModel]]:
    """The item model of each list (and mapping) of fields in response.yml: ``attachments`` -> Attachment."""
    out: dict[str, type[BaseModel]] = {}
    for name, info in ResponseData.model_fields.items():
        model = _inner_model(info.annotation)
        if model is not None:
            out[name] = model
    return out


def _misplaced(errors: list[Any]) -> dict[Loc, str]:
    """Items whose unknown fields all belong to the items of one other list: ``{("corrections", 0): "attachments"}``.

    Why: an attachment entry pasted under ``corrections:`` gave "unknown field" for each of
    its fields and "required field is missing" for each of a correction's, and left the
    editor to work out that the entry was simply in the wrong place.
    """
    unknown: dict[Loc, set[str]] = {}
    for e in errors:
        loc = tuple(e["loc"])
        if e["type"] == "extra_forbidden" and len(loc) >= 2 and isinstance(loc[-2], int):
            unknown.setdefault(loc[:-1], set()).add(str(loc[-1]))
    items = _list_items()
    found: dict[Loc, str] = {}
    for item, names in unknown.items():
        own = _model_at((*item, "x"))
        others = [name for name, model in items.items() if model is not own and names <= set(model.model_fields)]
        if len(others) == 1:
            found[item] = others[0]
    return found


def _misplaced_message(item: Loc, other: str) -> str:
    own = _model_at((*item, "x"))
    own_fields = ", ".join(own.model_fields) if own else ""
    other_fields = ", ".join(_list_items()[other].model_fields)
    listed = next((p for p in reversed(item) if isinstance(p, str)), "")
    return (
        f"this looks like an item of `{other}:` ({other_fields}), not of `{listed}:` ({own_fields}); "
        f"move it under `{other}:`, or give it the fields of `{listed}:`"
    )


def translate_all(exc: ValidationError) -> list[tuple[Loc, str, str]]:
    """``(loc, field, message)`` for every error, in file order of the fields.

    An item that belongs to another list (see :func:`_misplaced`) is one error that says so,
    instead of an error for each of its fields.
    """
    errors = exc.errors(include_url=False)
    misplaced = _misplaced(errors)
    # A misspelt field gives two errors: 'recieved' unknown and 'received' missing.
    # Report it once, as the unknown field whose did-you-mean names the missing one.
    # (validate_partially treats such a field as invalid, not absent, for the same reason.)
    misspelt = {
        (tuple(e["loc"][:-1]), match)
        for e in errors
        if e["type"] == "extra_forbidden"
        and (model := _model_at(tuple(e["loc"]))) is not None
        and (match := close_field(model, str(e["loc"][-1]))) is not None
    }
    out = []
    shown: set[Loc] = set()
    for err in errors:
        item = tuple(err["loc"][:-1])
        if err["type"] in ("extra_forbidden", "missing") and (item in misplaced or item in shown):
            other = misplaced.pop(item, None)
            if other is not None:  # once, where the first of its errors was
                out.append((item, field_name(item), _misplaced_message(item, other)))
            shown.add(item)
            continue
        if err["type"] == "missing" and (item, err["loc"][-1]) in misspelt:
            continue
        fname, message = translate(err)
        out.append((tuple(err["loc"]), fname, message))
    return out
