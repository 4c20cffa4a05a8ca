"""Text a workbook keeps where no cell shows it: drop-down lists, named constants, unused shared strings, custom properties.

Each is a place where a deleted column of names survives: a data-validation
list of staff to pick from (``"Jane Hartley,Oliver Pendleton"``), a defined name
holding a constant (``Officer = "Jane Hartley"``), the shared-string table after
the cells that used its strings were deleted by a tool that does not rebuild it,
a custom document property ``Requester``. Each text goes into ``stored`` (the
gate runs every personal-data detector over it and names the place) and the
store itself is reported when what it holds looks like people's names.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from foilog.gate.attachments._common import EMAIL, hidden, plural
from foilog.gate.attachments.ooxml import Package, local
from foilog.log.findings import Finding, Severity

#: Words common in drop-down choices and labels that are capitalised like names but are not.
_NOT_PERSON = frozenset(
    (  # noqa: SIM905 - ninety words read better as text
        "not in on of the and or for to at by with no yes open closed started progress pending approved rejected "
        "complete completed high medium low part full partial refused granted withheld held information request "
        "requests response review section internal external other none new old north south east west central "
        "very more less all some only under over awaiting received sent issued published draft final active "
        "inactive current former total year month week day date time level status type category option value"
    ).split()
)
_FIX_LIST = "delete the drop-down list (Data > Data Validation > Clear All) and save a clean copy, or publish CSV"
_FIX_NAME = "delete the name (Formulas > Name Manager) and save a clean copy, or publish CSV"
_FIX_STRINGS = (
    "open the file in Excel and save it again (Excel rebuilds the table and drops unused text), then check it again, or publish CSV"
)
#: Custom property names (lower case, letters only) that hold a person.
_PERSON_PROPERTY = re.compile(
    r"(requester|requestor|applicant|owner|contact|officer|caseworker|handler|assignee|assignedto|author|manager|"
    r"reviewer|approver|approvedby|checkedby|preparedby|signatory|sender|recipient|customer|client|complainant|"
    r"datasubject|person|employee|staffmember|fullname|email|phone|telephone|mobile|address)"
)


@functools.cache
def _shapes() -> tuple[re.Pattern[str], Callable[[str], bool]]:
    from foilog.gate.textscan.detect_names import NAME_WORD, TITLE, _is_name

    shape = re.compile(rf"(?:(?P<title>{TITLE})\.?\s+)?(?P<name>{NAME_WORD}(?:\s+{NAME_WORD}){{0,3}})")
    return shape, _is_name


def person_like(value: str) -> bool:
    """True for a value shaped like a person's name: a title and a name, or two to four capitalised name words
    that are not role words (``Case Officer``) or everyday words (``Not Started``)."""
    text = " ".join(value.split())
    if len(text) > 60 or EMAIL.search(text):
        return bool(EMAIL.search(text))
    shape, is_name = _shapes()
    m = shape.fullmatch(text)
    if m is None or not is_name(m.group("name")):
        return False
    words = [w.strip(".").lower() for w in m.group("name").split()]
    if any(w in _NOT_PERSON for w in words):
        return False
    return bool(m.group("title")) or len(words) >= 2


def has_letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


_STRING = re.compile(r'"((?:[^"]|"")*)"')
_CONSTANT = re.compile(
    r'\s*=?\s*\{?\s*(?:"(?:[^"]|"")*"|[-+]?[\d.]+(?:E[-+]?\d+)?|TRUE|FALSE)(?:\s*[,;]\s*(?:"(?:[^"]|"")*"|[-+]?[\d.]+|TRUE|FALSE))*\s*\}?\s*',
    re.I,
)


def constant_strings(formula: str) -> list[str] | None:
    """The strings of a formula that is only constants (``"Jane Hartley"``, ``{"a","b";1,2}``); None when it refers to cells."""
    if not _CONSTANT.fullmatch(formula):
        return None
    return [s.replace('""', '"') for s in _STRING.findall(formula)]


@dataclass
class Validation:
    """One data-validation rule of a sheet: the cells it applies to and its list source."""

    sheet: str
    sqref: str
    formula: str


def list_items(formula: str) -> list[str] | None:
    """The choices of an inline list (``"Yes,No"``); None when the list comes from cells or a name."""
    text = formula.strip()
    if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
        return [item.strip() for item in text[1:-1].replace('""', '"').split(",") if item.strip()]
    return None


def validation_findings(
    path: str, validations: list[Validation], names: dict[str, str], reach: Callable[[str, str], list[str]], stored: list[tuple[str, str]]
) -> list[Finding]:
    """Drop-down lists: inline choices into ``stored`` (an error when they look like people's names);
    lists taken from cells are reported when those cells are hidden (``reach`` says where they lead)."""
    out: list[Finding] = []
    for v in validations:
        cells = " ".join(v.sqref.split()[:3]) + (" ..." if len(v.sqref.split()) > 3 else "")
        where = f"sheet {v.sheet}, {'cell' if ':' not in cells and ' ' not in cells else 'cells'} {cells}"
        items = list_items(v.formula)
        if items is not None:
            stored.append((f"the drop-down list of {where}", "\n".join(items)))
            people = [i for i in items if person_like(i)]
            if len(people) >= min(2, len(items)):
                out.append(
                    hidden(
                        path,
                        "xlsx-data-validation",
                        f"{where}: the drop-down list offers {plural(len(people), 'choice')} that look like people's names, "
                        f"kept in the file although no cell shows them; {_FIX_LIST}",
                        values=people,
                        extra={"sheet": v.sheet},
                    )
                )
            continue
        source = v.formula.lstrip("=").strip()
        formula = names.get(source, source)
        places = reach(formula, v.sheet)
        if places:
            out.append(
                hidden(
                    path,
                    "xlsx-data-validation",
                    f"{where}: the drop-down list takes its choices from {' and '.join(places)}, so the hidden cells' "
                    f"text is offered to anyone who opens the list; {_FIX_LIST}",
                    severity=Severity.WARNING,
                    values=[],
                    extra={"sheet": v.sheet},
                )
            )
    return out


def defined_name_constant(path: str, name: str, formula: str, stored: list[tuple[str, str]]) -> Finding | None:
    """A defined name holding text (``="Jane Hartley"``): no cell shows it. An error when it looks like a person."""
    strings = constant_strings(formula)
    if not strings or not any(has_letters(s) for s in strings):
        return None
    where = f"the defined name '{name}' (Formulas > Name Manager)" if re.fullmatch(r"[\w.]{1,40}", name) else "a defined name"
    stored.append((where, "\n".join(strings)))
    people = [s for s in strings if person_like(s)]
    return hidden(
        path,
        "xlsx-defined-name-constant",
        f"{where} holds {plural(len(strings), 'text constant')}"
        + ((" that looks like a person's name" if len(strings) == 1 else " that look like people's names") if people else "")
        + f", kept in the file although no cell shows them; {_FIX_NAME}",
        severity=Severity.ERROR if people else Severity.WARNING,
        values=people or strings,
    )


def unused_strings_finding(path: str, shared: list[str], used: bytearray, stored: list[tuple[str, str]]) -> Finding | None:
    """Shared strings that no cell uses (left behind when cells were deleted by a tool that does not rebuild the table)."""
    unused = [s for i, s in enumerate(shared) if not used[i] and s.strip()]
    if not unused:
        return None
    stored.append(("the workbook's shared-string table (text no cell uses)", "\n".join(unused)))
    worded = [s for s in unused if has_letters(s)]
    return hidden(
        path,
        "xlsx-unused-shared-strings",
        f"the workbook keeps {plural(len(unused), 'piece')} of text in its shared-string table that no cell uses "
        f"(left behind when cells were deleted); they are not shown but are still in the file; {_FIX_STRINGS}",
        severity=Severity.ERROR if worded else Severity.WARNING,
        values=worded or unused,
    )


def custom_properties(pkg: Package) -> list[tuple[str, str]]:
    """(name, value) of every custom document property (``docProps/custom.xml``)."""
    root = pkg.xml("docProps/custom.xml")
    found: list[tuple[str, str]] = []
    for prop in root if root is not None else ():
        if local(prop.tag) == "property":
            value = "".join(prop.itertext()).strip()
            if value:
                found.append((prop.get("name") or "custom", value))
    return found


def custom_property_finding(path: str, props: list[tuple[str, str]]) -> Finding | None:
    """Custom properties naming a person (Requester, Owner, Contact, CaseOfficer...) or holding an e-mail address."""
    flagged = [
        (name, value)
        for name, value in props
        if EMAIL.search(value) or (_PERSON_PROPERTY.search(re.sub(r"[^a-z]", "", name.lower())) and has_letters(value))
    ]
    if not flagged:
        return None
    names = ", ".join(dict.fromkeys(name for name, _ in flagged))
    people = [v for _, v in flagged if person_like(v) or EMAIL.search(v)]
    return hidden(
        path,
        "xlsx-custom-properties",
        f"custom document properties ({names}) name a person or hold contact details; they are not shown on any sheet "
        "but anyone can read them (File > Info > Properties > Advanced Properties > Custom): delete them "
        "(File > Info > Check for Issues > Inspect Document) and save a clean copy",
        severity=Severity.ERROR if people else Severity.WARNING,
        values=[v for _, v in flagged],
        extra={"fields": ",".join(dict.fromkeys(name for name, _ in flagged))},
    )
