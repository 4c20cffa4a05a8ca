"""Detectors for people's names: salutations, signatures, deny lists, custom rules.

(Names after labels: ``detect_labels``; after titles anywhere: ``detect_titles``.)

Names cannot be recognised in general without a model, but FOI letters are
formulaic: the requester is named after "Dear", staff sign after "Yours
sincerely", forms label fields "Name:".  Those positions are where names
leak, and the known names of requesters can be supplied as a deny list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from foilog.gate.textscan.base import Hit, ScanContext
from foilog.log.findings import Severity

_UP = "A-ZÀ-ÖØ-Þ"
_LO = "a-zß-öø-ÿ"
#: One word of a personal name: Jane, J., O'Sample, McDonald, Smith-Jones, D'Arcy.
NAME_WORD = rf"[{_UP}](?:[{_LO}]+(?:[{_UP}][{_LO}]+)?)?(?:['’-][{_UP}]?[{_LO}]+)*\.?"
TITLE = (
    r"(?:Mr|Mrs|Ms|Miss|Mx|Master|Dr|Prof|Professor|Sir|Dame|Lord|Lady|Rev|Revd|Reverend|"
    r"Cllr|Councillor|Capt|Captain|Sgt|Sergeant|Insp|Inspector|DC|PC|DS|DI)"
)
_TITLE_PREFIX = rf"(?:{TITLE}\.?(?:[ \t]+(?:and|&)[ \t]+{TITLE}\.?)?[ \t]+)"
_NAME = re.compile(rf"({_TITLE_PREFIX})?({NAME_WORD}(?:[ \t]+{NAME_WORD}){{0,3}})")
_POST_NOMINALS = r"(?:,?[ \t]+(?:[A-Z]{2,5}|BSc|MSc|BA|MA|PhD|DPhil|LLB|LLM|BEng|MEng|\(Hons\)|Hons))*"
_NAME_LINE = re.compile(rf"[ \t]*({_TITLE_PREFIX})?({NAME_WORD}(?:[ \t]+{NAME_WORD}){{0,3}}){_POST_NOMINALS}[ \t]*,?[ \t]*\Z")
_CAPS_NAME_LINE = re.compile(rf"[ \t]*({_TITLE_PREFIX})?([A-Z][A-Z'’-]+(?:[ \t]+[A-Z][A-Z'’-]+){{1,3}})[ \t]*\Z")

#: Words that show a "name" is a role, an organisation or a job title.
NOT_NAME_WORDS = frozenset(
    {
        "administrator",
        "adviser",
        "advisor",
        "all",
        "analyst",
        "annex",
        "anonymous",
        "appendix",
        "applicant",
        "applicants",
        "assistant",
        "attachment",
        "authority",
        "board",
        "carer",
        "caseworker",
        "centre",
        "chair",
        "chairman",
        "chairperson",
        "chief",
        "claimant",
        "clerk",
        "client",
        "co-ordinator",
        "colleague",
        "colleagues",
        "college",
        "commissioner",
        "committee",
        "complainant",
        "compliance",
        "constable",
        "consultant",
        "controller",
        "coordinator",
        "correspondent",
        "council",
        "customer",
        "customers",
        "data",
        "department",
        "department.",
        "director",
        "directorate",
        "disclosure",
        "disclosures",
        "editor",
        "eir",
        "enclosure",
        "enclosures",
        "enquirer",
        "everyone",
        "executive",
        "faithfully",
        "foi",
        "freedom",
        "friend",
        "friends",
        "governance",
        "group",
        "head",
        "hospital",
        "information",
        "inspector",
        "lead",
        "legal",
        "limited",
        "llp",
        "ltd",
        "madam",
        "madam/sir",
        "manager",
        "manager.",
        "member",
        "members",
        "metropolitan",
        "name",
        "nhs",
        "no",
        "none",
        "office",
        "officer",
        "officers",
        "page",
        "parent",
        "parents",
        "partner",
        "partners",
        "patient",
        "plc",
        "police",
        "practitioner",
        "reader",
        "recipient",
        "records",
        "redacted",
        "regards",
        "request",
        "requester",
        "requestor",
        "requests",
        "resident",
        "residents",
        "reviewer",
        "rights",
        "school",
        "secretary",
        "sender",
        "sergeant",
        "service",
        "services",
        "sincerely",
        "sir",
        "sir/madam",
        "sirs",
        "specialist",
        "student",
        "subject",
        "superintendent",
        "supporter",
        "team",
        "thanks",
        "there",
        "trust",
        "unit",
        "university",
        "unknown",
        "withheld",
        "yes",
    }
)


def _is_name(words: str) -> bool:
    tokens = [t.strip(".,").lower() for t in words.split()]
    return bool(tokens) and not any(t in NOT_NAME_WORDS for t in tokens)


#: Greetings that start a letter or an e-mail; all but "Dear" are informal.
_GREETINGS = ("Dear", "DEAR", "Hi", "HI", "Hello", "HELLO", "Hey", "Good morning", "Good afternoon", "Good evening", "Morning", "Afternoon")
#: Greetings that are also ordinary words at the start of a heading ("Morning Briefing"): a comma must follow the name.
_NEEDS_COMMA = frozenset({"Morning", "Afternoon"})
# A greeting starting a line (after indentation), found in one pass from newline to newline.
_GREETING_WORD = "(" + "|".join(_GREETINGS) + ")(?=[ \t])"
_GREETING_AT_LINE = re.compile(r"\n[ \t]*" + _GREETING_WORD)
_GREETING_AT_START = re.compile(r"[ \t]*" + _GREETING_WORD)
_CAPS_SALUTATION = re.compile(r"((?:MR|MRS|MS|MISS|MX|DR|PROF)\.?[ \t]+)?([A-Z][A-Z'’-]+(?:[ \t]+[A-Z][A-Z'’-]+){0,3})")
#: What may follow the name after an informal greeting: punctuation or the end of the line.
_INFORMAL_END = re.compile(r"[ \t]*(?:[,!.:;]|[-–—][ \t]|\n|\Z)")
_GREETING_STOP = frozenset({"world", "folks", "guys", "both"})


def _greeted_name(text: str, pos: int, informal: bool) -> tuple[re.Match[str], str] | None:
    """The name (match, bare name) a greeting is followed by at ``pos``, or ``None``."""
    m = _NAME.match(text, pos)
    caps = _CAPS_SALUTATION.match(text, pos)
    if m and (m.end(2) - pos > 1 or not caps):
        end = m.end(2)
        if end < len(text) and (text[end].isalnum() or text[end] in "/&"):
            m = None  # "Dear Sir/Madam", or a word we could not read as a name
    else:
        m = None
    if m is None and caps:
        # "Dear JOHN SMITH", "DEAR MR HARTLEY": capitals need a title or two words, then the line's end or punctuation.
        if not (caps.group(1) or len(caps.group(2).split()) >= 2) or not _INFORMAL_END.match(text, caps.end(2)):
            return None
        m = caps
    if m is None:
        return None
    name = m.group(2).rstrip(".")
    if not _is_name(name) or any(w.lower() in _GREETING_STOP for w in name.split()):
        return None
    if informal and not _INFORMAL_END.match(text, m.start(2) + len(name)):
        return None  # "Hello World Cup": an informal greeting ends with the name
    return m, name


def detect_salutation(ctx: ScanContext) -> Iterator[Hit]:
    """The name after a greeting that starts a line: "Dear", and "Hi", "Hello", "Good morning" (``Dear Mr Exampleford``,
    ``Dear JOHN SMITH``, ``Hi Jane,``), not ``Dear Sir/Madam``, ``Dear Requester`` or ``Hi all``."""
    text = ctx.text
    size = len(text)
    found_at = [(m.group(1), m.end(1)) for m in _GREETING_AT_LINE.finditer(text)]
    first = _GREETING_AT_START.match(text)
    if first:
        found_at.insert(0, (first.group(1), first.end(1)))
    for greeting, after in found_at:
        informal = greeting not in ("Dear", "DEAR")
        pos = after
        while pos < size and text[pos] in " \t":
            pos += 1
        found = _greeted_name(text, pos, informal)
        if found is None:
            continue
        m, name = found
        if greeting in _NEEDS_COMMA and not text.startswith(",", m.start(2) + len(name)):
            continue
        title = (m.group(1) or "").strip()
        yield Hit(
            m.start(2),
            m.start(2) + len(name),
            "salutation-name",
            Severity.ERROR,
            f"The requester's name was found in the salutation (after '{greeting}').",
            aliases=(f"{title} {name}", f"{greeting} {title} {name}") if title else (f"{greeting} {name}",),
        )


_SIGN_OFF = re.compile(
    r"(?:Yours[ \t]+(?:sincerely|faithfully|truly)|(?:(?:With[ \t]+)?(?:kind|best|warm|many)[ \t]+)?"
    r"(?:regards|wishes|thanks))[ \t]*[,.!]?[ \t]*(?=\n|\Z)",
    re.IGNORECASE,
)
_SIGN_OFF_WORDS = ("Yours", "Kind", "Best", "Regards", "Warm", "With", "Many", "YOURS", "KIND", "REGARDS")
_SIGN_OFF_ORDER = {word: i for i, word in enumerate(_SIGN_OFF_WORDS)}
# A sign-off word starting a line (after indentation): one pass that jumps from
# newline to newline instead of one ``str.find`` loop per word.
_SIGN_OFF_WORD = "(" + "|".join(_SIGN_OFF_WORDS) + ")"
_SIGN_OFF_AT_LINE = re.compile(r"\n[ \t]*" + _SIGN_OFF_WORD)
_SIGN_OFF_AT_START = re.compile(r"[ \t]*" + _SIGN_OFF_WORD)


def _sign_off_starts(text: str) -> list[int]:
    """Where a sign-off word starts a line, word by word in ``_SIGN_OFF_WORDS`` order."""
    found = [(_SIGN_OFF_ORDER[m.group(1)], m.start(1)) for m in _SIGN_OFF_AT_LINE.finditer(text)]
    first = _SIGN_OFF_AT_START.match(text)
    if first:
        found.append((_SIGN_OFF_ORDER[first.group(1)], first.start(1)))
    found.sort()
    return [start for _, start in found]


def signature_blocks(text: str, lines: int = 4) -> list[tuple[int, int]]:
    """``(start, end)`` of each signature block: a sign-off line and the next ``lines`` non-blank lines.

    A staff member's name there (with or without a title) is the signature
    rule's to report, as a warning that ``publish_staff_names`` turns off.
    """
    blocks: list[tuple[int, int]] = []
    for start in _sign_off_starts(text):
        m = _SIGN_OFF.match(text, start)
        if not m:
            continue
        pos, seen = m.end(), 0
        while seen < lines:
            nl = text.find("\n", pos)
            if nl == -1:
                pos = len(text)
                break
            line_end = text.find("\n", nl + 1)
            line_end = len(text) if line_end == -1 else line_end
            if text[nl + 1 : line_end].strip():
                seen += 1
            pos = line_end
        blocks.append((start, pos))
    return blocks


def detect_signature(ctx: ScanContext) -> Iterator[Hit]:
    """The name on the first non-blank line after a sign-off such as "Yours sincerely".

    Staff names are the authority's decision (some publish them), so this is
    a warning, and it is off entirely when ``publish_staff_names`` is set.
    """
    text = ctx.text
    if ctx.config.config.publish_staff_names:
        return
    seen: set[int] = set()
    for start in _sign_off_starts(text):
        m = _SIGN_OFF.match(text, start)
        if not m or start in seen:
            continue
        seen.add(start)
        pos = m.end()
        for _ in range(4):  # skip up to three blank lines
            nl = text.find("\n", pos)
            if nl == -1:
                break
            line_end = text.find("\n", nl + 1)
            line_end = len(text) if line_end == -1 else line_end
            line = text[nl + 1 : line_end]
            pos = line_end
            if not line.strip():
                continue
            name = _NAME_LINE.match(line) or _CAPS_NAME_LINE.match(line)
            if name and _is_name(name.group(2)):
                value = name.group(2).rstrip(".")
                begin = nl + 1 + name.start(2)
                yield Hit(
                    begin,
                    begin + len(value),
                    "signature-name",
                    Severity.WARNING,
                    "A staff member's name was found in the signature block.",
                )
            break


def detect_deny_list(ctx: ScanContext) -> Iterator[Hit]:
    """Any deny-list entry (case-insensitive, any whitespace, whole words), in one automaton pass."""
    matcher = ctx.config.deny
    if matcher is None:
        return
    for start, end in matcher.spans(ctx.text):
        yield Hit(start, end, "deny-list", Severity.ERROR, "A name or phrase from the deny list was found.")


def detect_custom(ctx: ScanContext) -> Iterator[Hit]:
    """Each custom rule from the site configuration, with its own severity and reason."""
    for rule in ctx.config.custom:
        if not ctx.config.enabled(rule.rule):
            continue
        for m in rule.regex.finditer(ctx.text):
            if m.end() > m.start():
                yield Hit(
                    m.start(),
                    m.end(),
                    rule.rule,
                    rule.severity,
                    f"Text matching the site's custom rule '{rule.rule[len('custom:') :]}' was found ({rule.reason}).",
                )
