"""Remove the requester's identity (and staff contact details) before anything is written.

The requester's name is learnt from the salutation ("Dear Mr Exampleford",
"Dear Jane") and from the postal address block above it ("Ms Jane Doughty"),
so a letter that opens "Dear Sir or Madam" still loses the name its address
block gives. Every form of the name is then removed everywhere: the full name,
title + surname (with or without initials), the surname alone, the first name
alone, upper-case and "SURNAME, FIRSTNAME" forms. The address block and any
e-mail address that is theirs or personal-looking go too. Staff names in the
signature follow the site's ``publish_staff_names`` setting via the leak gate
itself, so the import and ``foilog check`` agree on what is a leak.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from foilog.commands.importer.dates import dates_in
from foilog.commands.importer.markdown import retext
from foilog.gate.leakgate import Gate
from foilog.gate.textscan import scan_text
from foilog.gate.textscan.detect_contact import PERSONAL_DOMAINS, personal_local_part
from foilog.gate.textscan.detect_names import NAME_WORD, NOT_NAME_WORDS, TITLE

_SALUTATION = re.compile(rf"^(\s*Dear\s+)((?:{TITLE})\.?\s+)?((?:{NAME_WORD})(?:\s+(?:{NAME_WORD})){{0,3}})\s*([,:;]?)\s*$")
_NOT_NAMES = frozenset(
    {"sir", "madam", "requester", "requestor", "applicant", "colleague", "colleagues", "all", "customer", "enquirer", "sir/madam"}
)
_EMAIL = re.compile(r"(?<![\w.'’+-])[\w.%+'’-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")
_PERSON_LINE = re.compile(rf"^\s*(?:{TITLE})\.?\s+(?:{NAME_WORD}\s+){{0,3}}{NAME_WORD}\s*,?\s*$")
#: A line that is only a name, with or without a title: the first line of an address block.
_PERSON = re.compile(rf"^\s*(?:(?P<title>{TITLE})\.?\s+)?(?P<name>{NAME_WORD}(?:\s+{NAME_WORD}){{0,3}})\s*,?\s*$")
_LABEL = re.compile(r"^\s*(?:our|your|my)?\s*(?:ref|reference|date|dated|tel|telephone|phone|fax|web|www)\b", re.IGNORECASE)
_BY_EMAIL = re.compile(r"^\s*(?:sent\s+)?(?:by|via)\s+e-?mail\b(?:\s+(?:only|to))?\s*:?\s*", re.IGNORECASE)
_ORG = re.compile(
    r"\b(?:council|police|service|unit|team|department|directorate|trust|nhs|ministry|office|authority|government|"
    r"commission|agency|board|borough|county|city|university|hospital|po box|information rights|foi|freedom of information)\b",
    re.IGNORECASE,
)
EMAIL_REMOVED = "[email address removed]"
#: The end of a name: not inside a longer word or name (O'Sample), but a possessive 's is fine.
_END = r"(?![\w-]|['’](?!s\b)\w)"


@dataclass
class Redaction:
    """What was removed, for the import report (which never shows the removed values themselves)."""

    name_found: bool = False
    name_occurrences: int = 0
    address_lines: int = 0
    emails: int = 0
    signature_lines: int = 0
    notes: list[str] = field(default_factory=list)
    #: Whether the salutation named the requester (it now reads "Dear Requester").
    in_salutation: bool = False
    #: The requester's names as learnt (full name, surname, first name): only to check
    #: the written files for any that remain; never printed.
    names: tuple[str, ...] = field(default=(), repr=False)


@dataclass(frozen=True)
class Person:
    """A name as the letter gives it: ``given`` holds first and middle names or initials."""

    title: str
    given: tuple[str, ...]
    surname: str

    @property
    def first(self) -> str:
        """The first name, when the letter gives one (not an initial)."""
        return self.given[0] if self.given and len(self.given[0]) > 1 else ""

    def words(self) -> list[str]:
        return [w for w in (*self.given, self.surname) if len(w) > 1]


def _salutation(lines: list[str]) -> tuple[int, re.Match[str] | None]:
    for i, line in enumerate(lines[:80]):
        if line.lstrip().startswith("Dear"):
            m = _SALUTATION.match(line)
            if m and m.group(3).lower().rstrip(".") not in _NOT_NAMES and not m.group(3).lower().startswith(("sir", "madam")):
                return i, m
            return i, None
    return -1, None


def _person(title: str, name: str, *, salutation: bool) -> Person | None:
    """The person named by ``title`` and ``name``; ``None`` for a role ("Dear Colleague") or one bare word of an address."""
    words = [w.rstrip(".") for w in name.split()]
    if not words or any(w.lower() in NOT_NAME_WORDS or w.lower() in _NOT_NAMES for w in words):
        return None
    if len(words) == 1 and not title:
        # "Dear Jane" is a first name; a bare word in an address block says nothing new.
        return Person("", (words[0],), "") if salutation else None
    return Person(title.rstrip("."), tuple(words[:-1]), words[-1])


#: Initials before a surname ("J. Q.", "J Q", "J.Q."): capitals only, even inside a case-insensitive form.
_INITIALS = r"(?-i:(?:[A-Z](?:\.\s*|\s+))*)"


def _flexible(*words: str) -> str:
    """Words as a regex: any spacing between them, and a dot after an initial ("J. Doughty")."""
    return r"\s+".join(re.escape(w) + (r"\.?" if len(w) == 1 else "") for w in words)


def _name_pattern(people: list[Person]) -> re.Pattern[str] | None:
    """One regex for every form of the requester's names, longest forms first.

    Multi-word forms (full name, "Surname, First", title + surname) match in any
    case, so "DOUGHTY, JANE" and "MS DOUGHTY" go; a single word matches as
    written or in capitals, so the ordinary word "will" survives a requester
    called Will while "Will" and "WILL" do not.
    """
    long: set[str] = set()
    titled: set[str] = set()
    single: set[str] = set()
    for p in people:
        given = [g for g in p.given if g]
        if p.surname:
            if given:
                long.add(_flexible(*given, p.surname))
                long.add(rf"{_flexible(p.surname)}\s*,\s*(?:{TITLE}\.?\s+)?{_flexible(*given)}")
                if p.first:
                    long.add(_flexible(p.first, p.surname))
                    long.add(rf"{_flexible(p.surname)}\s*,\s*(?:{TITLE}\.?\s+)?{re.escape(p.first)}")
            # title + surname, with any initials: "Ms Doughty", "Mr J. Q. Doughty", "MS DOUGHTY"
            titled.add(rf"{TITLE}\.?\s+{_INITIALS}{re.escape(p.surname)}")
            if len(p.surname) >= 3:
                single |= {re.escape(p.surname), re.escape(p.surname.upper())}
        if p.first and len(p.first) >= 3:
            single |= {re.escape(p.first), re.escape(p.first.upper())}
            if not p.surname:  # "Dear Jane": "Ms Jane" may follow
                titled.add(rf"{TITLE}\.?\s+{re.escape(p.first)}")
    if not (long or titled or single):
        return None
    title_prefix = rf"(?:{TITLE}\.?\s+)?"
    alternatives = [
        *(rf"(?i:{title_prefix}{form})" for form in sorted(long, key=len, reverse=True)),
        *(rf"(?i:{form})" for form in sorted(titled, key=len, reverse=True)),
        *sorted(single, key=len, reverse=True),
    ]
    return re.compile(rf"(?<![\w'’-])(?:{'|'.join(alternatives)}){_END}")


def _is_address_line(line: str) -> bool:
    text = line.strip()
    return (
        bool(text)
        and len(text) <= 60
        and not _LABEL.match(text)
        and not text.endswith((".", "?", ":"))
        and not dates_in(text)
        and not text.startswith("Dear")
    )


def _drop_address(lines: list[str], end: int, known: str | None, result: Redaction) -> list[str]:
    """Blank the requester's address block above the salutation; return the line that starts each block.

    A block starts at a line naming a person ("Mr J Exampleford", or a line
    holding a word of the salutation's name) that is not an organisation, and
    runs over address-like lines (blank lines between them are allowed: Word
    letters put each line in its own paragraph) up to and including the
    postcode and an e-mail line after it. The first line is returned so the
    requester's name can be learnt from it.
    """
    starts: list[str] = []
    i = 0
    while i < end:
        line = lines[i]
        named = known is not None and re.search(rf"\b{re.escape(known)}\b", line)
        if (_PERSON_LINE.match(line) or named) and not _ORG.search(line):
            starts.append(line)
            j, taken, postcode = i, 0, False
            while j < end and taken < 8:
                text = lines[j].strip()
                if not text:
                    j += 1
                    continue
                if postcode and not _EMAIL.search(text):
                    break
                if j > i and not (_is_address_line(text) or _EMAIL.search(text)):
                    break
                lines[j] = ""
                taken += 1
                postcode = postcode or bool(_POSTCODE.search(text))
                j += 1
            result.address_lines += taken
            i = j
            continue
        if _BY_EMAIL.match(line) and _EMAIL.search(line):
            lines[i] = ""
            result.address_lines += 1
        i += 1
    return starts


def _personal_email(address: str, words: list[str]) -> bool:
    local, _, domain = address.rpartition("@")
    lowered = address.lower()
    return domain.lower() in PERSONAL_DOMAINS or personal_local_part(local) or any(len(w) >= 3 and w.lower() in lowered for w in words)


def _agrees(person: Person, people: list[Person]) -> bool:
    """Whether ``person`` has the salutation's surname, or its first name when it gave only that."""
    if not people:
        return False
    salutation = people[0]
    if salutation.surname:
        return person.surname == salutation.surname
    return bool(salutation.first) and person.first == salutation.first


def _learnt_names(people: list[Person], letter: str) -> tuple[str, ...]:
    """The names to look for in the written files, as leak-gate deny-list entries.

    A single name that the letter also uses as an ordinary lower-case word in
    its prose ("we will reply") is left out: the deny list matches in any case,
    and every "will" would be reported. Its capitalised forms were removed
    anyway. In a web address or e-mail ("/doughty/") it still counts as the name.
    """
    names: dict[str, None] = {}
    for p in people:
        words = p.words()
        if len(words) > 1:
            names[" ".join(words)] = None
        for word in (p.first, p.surname):
            if len(word) >= 3 and not re.search(rf"(?<![\w'’/.@-]){re.escape(word.lower())}(?![\w'’/@-]|\.\w)", letter):
                names[word] = None
    return tuple(names)


def redact_letter(lines: list[str], gate: Gate, wording: str) -> tuple[list[str], Redaction, int]:
    """Return the redacted lines, what was done, and the salutation's line (-1 if none)."""
    lines = list(lines)
    original = "\n".join(lines)
    result = Redaction()
    index, m = _salutation(lines)
    people: list[Person] = []
    if m is not None:
        person = _person((m.group(2) or "").strip(), m.group(3).strip(), salutation=True)
        if person is not None:
            people.append(person)
        result.in_salutation = True
        lines[index] = f"{m.group(1)}{wording}{m.group(4)}"
    if index >= 0:
        known = people[0].words()[-1] if people and people[0].words() else None
        for start in _drop_address(lines, index, known, result):
            named = _PERSON.match(start)
            if named is not None:
                title = named.group("title") or ""
                person = _person(title, named.group("name"), salutation=False)
                # A line without a title is a name only where it agrees with the salutation
                # ("Jane Doughty" for "Dear Jane"), not "Doughty Residents Group" for "Dear Ms Doughty".
                if person is not None and person not in people and (title or _agrees(person, people)):
                    people.append(person)
    else:
        result.notes.append("no salutation ('Dear ...') found, so the requester's name could not be identified; check the text by hand")
    pattern = _name_pattern(people)
    if pattern is not None:
        result.name_found = True
        result.names = _learnt_names(people, original)
        for k, line in enumerate(lines):
            new, count = pattern.subn(wording, line)
            if count:
                lines[k] = retext(line, new)
                result.name_occurrences += count
    words = [w for p in people for w in p.words()]
    for k, line in enumerate(lines):
        if "@" in line:
            new = _EMAIL.sub(lambda e: EMAIL_REMOVED if _personal_email(e.group(), words) else e.group(), line)
            if new != line:
                result.emails += new.count(EMAIL_REMOVED) - line.count(EMAIL_REMOVED)
                lines[k] = retext(line, new)
    findings = scan_text("\n".join(lines), path="letter", config=gate.text)
    for f in findings:
        if f.rule == "signature-name" and f.line:
            lines[f.line - 1] = ""
            result.signature_lines += 1
    return lines, result, index
