"""Facts of the letter: reference, regime, exemptions (with NCND), outcome, topics, title.

Each finder reads the wording the way an FOI officer would and says when it
had to guess, so the YAML can carry a ``# guessed:`` comment and the report
can tell the reviewer what to confirm.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from foilog.log.catalogue import catalogue
from foilog.log.topics import Topic

_REF_LABEL = re.compile(
    r"(?:\bour\s+ref(?:erence)?|\breference\s+(?:no|number)|\brequest\s+ref(?:erence)?|\bfoi(?:sa)?\s+ref(?:erence)?|\beir\s+ref(?:erence)?|"
    r"\bcase\s+(?:ref(?:erence)?|number|no)|(?<!your )\bref(?:erence)?(?:\s+no)?)\s*\.?\s*[:#]?\s*"
    r"(?P<ref>[A-Za-z0-9][A-Za-z0-9/_.\-]*(?:\s\d[A-Za-z0-9/_.\-]*)?)",
    re.IGNORECASE,
)
_BARE_REF = re.compile(r"\b(?P<ref>(?:FOI|EIR|FOISA|EISR|IR|FOIR)[ /\-]?(?:\d{2,4}[/\-])+\d{2,6})\b")
_REGIMES = (
    ("EISR", re.compile(r"Environmental Information \(Scotland\) Regulations|\bEISRs?\b")),
    ("FOISA", re.compile(r"Freedom of Information \(Scotland\) Act|\bFOISA\b|\bFOI\(S\)A\b")),
    ("EIR", re.compile(r"Environmental Information Regulations|\bEIRs?\b|\bregulation 1[23]\(", re.IGNORECASE)),
    ("FOIA", re.compile(r"Freedom of Information Act 2000|\bFOIA\b|\bFreedom of Information Act\b")),
)
_GROUPS = r"(?:\s?\(\s?\d{1,2}[A-Z]?\s?\))*(?:\s?\(\s?[a-z]{1,4}\s?\))*"
_CITE = re.compile(
    rf"(?:\b(?P<kind>sections?\s+|ss?\.\s?|s(?=\d)|regulations?\s+|regs?\.?\s?)(?P<num>\d{{1,2}}[A-Z]?)(?!\d)(?P<groups>{_GROUPS}))",
    re.IGNORECASE,
)
_MORE = re.compile(
    rf"\s*(?:,|and|&|or)\s*(?:(?:sections?|regulations?|s\.?|reg\.?)\s*)?(?P<num>\d{{1,2}}[A-Z]?)?(?!\d)(?P<groups>{_GROUPS})",
    re.IGNORECASE,
)
_GROUP = re.compile(r"\(\s?([0-9A-Za-z]+)\s?\)")
_NCND_WORDS = re.compile(
    r"neither\s+confirm\w*\s+nor\s+den|\bNCND\b|duty to confirm or deny|does not apply,? by virtue of|section 1\s?\(1\)\s?\(a\)|"
    r"confirm or deny whether",
    re.IGNORECASE,
)
#: Subsections that exist only to exclude the duty to confirm or deny.
NCND_PROVISIONS = {
    "FOIA": {"s22(2)", "s22A(2)", "s23(5)", "s24(2)", "s26(3)", "s27(4)", "s28(3)", "s29(2)", "s30(3)", "s31(3)", "s32(3)", "s33(3)",
             "s34(2)", "s35(3)", "s36(3)", "s37(2)", "s38(2)", "s39(2)", "s40(5)", "s40(5A)", "s40(5B)", "s41(2)", "s42(2)", "s43(3)", "s44(2)"},
    "EIR": {"reg12(6)"},
    "EISR": {"reg10(8)"},
    "FOISA": {"s18(1)"},
}  # fmt: skip


@dataclass
class Exemption:
    section: str
    ncnd: bool = False
    why: str = ""
    #: The letter's public interest reasoning for it (its public interest test), "" when it has none.
    public_interest: str = ""


def find_reference(lines: list[str], top: int) -> str | None:
    """The authority's reference: a labelled one near the top, else an FOI-style code anywhere early."""
    for i in range(min(len(lines), max(top + 1, 40))):
        for m in _REF_LABEL.finditer(lines[i]):
            ref = m.group("ref").rstrip(".,;:-")
            if any(c.isdigit() for c in ref) and len(ref) >= 4:
                return ref
    for line in lines[:80]:
        bare = _BARE_REF.search(line)
        if bare:
            return bare.group("ref")
    return None


def find_regime(text: str) -> tuple[str, bool]:
    """(regime, guessed): the statute cited most, Scottish variants taking precedence."""
    counts = {regime: len(pattern.findall(text)) for regime, pattern in _REGIMES}
    for scottish in ("EISR", "FOISA"):
        if counts[scottish]:
            return scottish, False
    if counts["EIR"] or counts["FOIA"]:
        return ("EIR" if counts["EIR"] > counts["FOIA"] else "FOIA"), False
    return "FOIA", True


def _normal(kind: str, num: str, groups: list[str], regime: str) -> str:
    reg = kind.lower().startswith("r") or (regime in ("EIR", "EISR") and not kind.lower().startswith("s"))
    return ("reg" if reg else "s") + num + "".join(f"({g})" for g in groups)


def citations(line: str, regime: str) -> list[str]:
    """Every section cited in a line, in normal form: ``section 40(2) and (3)`` -> s40(2), s40(3)."""
    out: list[str] = []
    pos = 0
    while m := _CITE.search(line, pos):
        kind, num = m.group("kind"), m.group("num")
        groups = _GROUP.findall(m.group("groups"))
        out.append(_normal(kind, num, groups, regime))
        pos = m.end()
        while (more := _MORE.match(line, pos)) and (more.group("num") or more.group("groups").strip()):
            extra = _GROUP.findall(more.group("groups"))
            if more.group("num"):
                num, groups = more.group("num"), extra
            elif extra and extra[0].isalpha():
                groups = [g for g in groups if not g.isalpha()] + extra
            else:
                groups = extra
            out.append(_normal(kind, num, groups, regime))
            pos = more.end()
    return list(dict.fromkeys(out))


def find_exemptions(lines: list[str], regime: str) -> list[Exemption]:
    """Exemptions of the regime's catalogue cited anywhere, most specific form kept, with NCND."""
    cat = catalogue()
    found: dict[str, Exemption] = {}
    lead, since = "", 99  # the sentence introducing a list of exemptions, and lines since it
    for line in lines:
        since += 1
        if not line.strip():
            continue
        item = line.lstrip().startswith(("-", "•", "*"))
        context = line + (" " + lead if item and since <= 3 and lead.rstrip().endswith((":", ";")) else "")
        for section in citations(line, regime):
            entry = cat.lookup(regime, section)
            if entry is None or not re.fullmatch(r"(s\d+[A-Z]?|reg\d+)(\(\d+[A-Z]?\))*(\([a-z]{1,4}\))*", section):
                continue
            item_found = found.setdefault(section, Exemption(section))
            if entry.ncnd and not item_found.ncnd:
                if section in NCND_PROVISIONS.get(regime, set()):
                    item_found.ncnd, item_found.why = True, f"{section} is a neither-confirm-nor-deny provision"
                elif _NCND_WORDS.search(context):
                    item_found.ncnd, item_found.why = True, "'neither confirm nor deny' wording where it is cited"
        if item:
            since = min(since, 1) if lead else since
        else:
            lead, since = line, 0
    sections = list(found)
    for section in sections:  # "Section 24" alongside "Section 24(2)": keep the precise one
        if any(other != section and other.startswith(section + "(") for other in sections):
            found.pop(section, None)
    return list(found.values())


_OUTCOME_WORDS: list[tuple[str, re.Pattern[str]]] = [
    ("neither-confirm-nor-deny", re.compile(r"neither\s+confirm\w*\s+nor\s+den|\bNCND\b", re.IGNORECASE)),
    (
        "cost-limit",
        re.compile(
            r"appropriate limit|cost limit|exceed(?:s|ed)? the (?:cost|limit)|excessive cost|section 12\b|\bs\.?12\b", re.IGNORECASE
        ),
    ),
    ("vexatious", re.compile(r"\bvexatious\b|manifestly unreasonable", re.IGNORECASE)),
    (
        "not-held",
        re.compile(
            r"\b(?:not|no longer) held\b|does not hold|do not hold|did not hold|hold(?:s)? no (?:information|record|data)|"
            r"no (?:information|record|records|data|documentation) (?:is |are )?held|no record held|is not held|information not held|"
            r"reg(?:ulation)?\s?12\(4\)\(a\)|we have no (?:record|information)",
            re.IGNORECASE,
        ),
    ),
    (
        "refused",
        re.compile(
            r"\bwithheld\b|\bwithhold\b|\bis exempt\b|\bare exempt\b|\brefus(?:e|ed|al)\b|not able to (?:provide|disclose)|unable to (?:provide|disclose)",
            re.IGNORECASE,
        ),
    ),
    ("granted-in-part", re.compile(r"\bin part\b|\bpartial(?:ly)?\b|\bredacted\b|some of the information", re.IGNORECASE)),
]


def answer_outcome(text: str) -> str:
    """The outcome an answer's wording suggests; plain information means granted-in-full."""
    for outcome, pattern in _OUTCOME_WORDS:
        if pattern.search(text):
            return outcome
    return "granted-in-full"


def letter_outcome(per_question: list[str], exemptions: list[Exemption], decision_text: str) -> str:
    """The outcome of the response as a whole, from the questions and the decision wording."""
    if any(e.section.startswith(("s12", "reg12(4)(b)", "reg10(4)(b)")) for e in exemptions) and re.search(
        r"cost|limit|time", decision_text, re.IGNORECASE
    ):
        return "cost-limit"
    if any(e.section.startswith("s14") for e in exemptions) or re.search(r"\bvexatious\b", decision_text, re.IGNORECASE):
        return "vexatious"
    kinds = set(per_question)
    if not kinds:
        return answer_outcome(decision_text)
    if len(kinds) == 1:
        only = kinds.pop()
        # every answer gave information, yet exemptions were applied (to parts, or NCND for more)
        return "granted-in-part" if only == "granted-in-full" and exemptions else only
    if kinds & {"granted-in-full", "granted-in-part"}:
        return "granted-in-part"
    return Counter(per_question).most_common(1)[0][0]


_TOPIC_STOP = frozenset(
    [
        "and",
        "the",
        "for",
        "with",
        "from",
        "that",
        "this",
        "into",
        "other",
        "their",
        "about",
        "more",
        "than",
        "such",
        "also",
        "where",
        "which",
    ]
)


def _stem(word: str) -> str:
    word = word.lower()
    for suffix in ("ies", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def suggest_topics(text: str, topics: dict[str, Topic], limit: int = 3) -> list[str]:
    """Topics whose title and description words appear in the letter; none without a good match.

    A topic needs at least two of its distinctive words in the letter; each
    word counts once plus a little for repeats, so one word repeated on every
    page cannot carry a topic on its own.
    """
    counts = Counter(_stem(w) for w in re.findall(r"[A-Za-z]{4,}", text))
    scored: list[tuple[float, str]] = []
    for topic_id, topic in topics.items():
        words = {
            _stem(w) for w in re.findall(r"[A-Za-z]{4,}", f"{topic.title} {topic.description} {topic_id.replace('-', ' ')}")
        } - _TOPIC_STOP
        hits = [w for w in words if counts[w]]
        if len(hits) >= 2:
            scored.append((sum(1 + math.log(counts[w]) for w in hits) / math.sqrt(len(words)), topic_id))
    scored.sort(reverse=True)
    if not scored:
        return []
    best = scored[0][0]
    return [topic_id for score, topic_id in scored[:limit] if score >= best * 0.5]
