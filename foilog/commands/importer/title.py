"""A title and a summary as a person would write them, from the letter's own words.

The title is, in order of preference:

1. the letter's subject line ("Re: Agency nursing: incident reports and spend"),
   without "Freedom of Information request" and the reference;
2. what the request says it is about ("... regarding X"), without the
   authority's name in front ("Metropolitan Police Service's use of ..." ->
   "Use of ..."): on the authority's own log the name is implied;
3. the object of the first question, trimmed to its noun phrase ("Please
   provide copies of all gritting route maps used since 2020" -> "Gritting
   route maps").

The letter's words are kept, typos included, but never silently: a word the
letter writes only there, next to a word it writes elsewhere one letter
apart, is flagged for the reviewer ("check spelling of ..."), and a lower-case
word inside a name the letter capitalises elsewhere is capitalised as there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_SUBJECT = re.compile(r"^\s*(?:re|subject|title|request)\s*[:\-–]\s*(?P<s>.+?)\s*$", re.IGNORECASE)
_SUBJECT_NOISE = re.compile(
    r"\b(?:freedom of information(?: \(scotland\))?(?: act)?(?: 2000| 2002)?|environmental information regulations(?: 2004)?|"
    r"foi(?:sa)?|eirs?|information)\s+(?:act\s+)?requests?\b|\b(?:our |your )?ref(?:erence)?(?:\s+no\.?)?\s*[:#]?\s*[A-Za-z]*[\d/_\-]+[\w/_\-]*|"
    r"\breference\s+(?:no|number)\b\.?:?",
    re.IGNORECASE,
)
_ABOUT = re.compile(
    r"\b(?:regarding|relating to|in relation to|concerning|about|on the subject of|in respect of)\s+(?P<what>[^.?;:]{8,200})", re.IGNORECASE
)
#: "Metropolitan Police Service's " / "the council's " at the start: the owner, implied on its own log.
_OWNER = re.compile(r"^(?:(?:the|your|our)\s+)?(?:[\w&.-]+\s+){0,5}?[\w&.-]+['’]s\s+(?=\w)", re.IGNORECASE)
_ASK = re.compile(
    r"^(?:(?:please|kindly|can you|could you|would you|i would like(?: to (?:request|know|ask))?|i request|i am requesting)\s+)*"
    r"(?:(?:provide|send|supply|give|disclose|release|tell|confirm|state|list)(?:\s+(?:me|us))?(?:\s+with)?\s+)?"
    r"(?:(?:a\s+)?cop(?:y|ies)\s+of\s+|details?\s+of\s+|information\s+(?:on|about)\s+|a\s+list\s+of\s+|a\s+breakdown\s+of\s+)?"
    r"(?:(?:all|any|every|each|the)\s+)*",
    re.IGNORECASE,
)
#: Where a question's noun phrase ends: "gritting route maps | used by the council since 2020",
#: "tonnes of salt | did the Council spread", "waiting time for a scan | in 2023/24".
_PHRASE_END = re.compile(
    r"\s(?:used|held|issued|made|received|sent|produced|kept|carried|recorded|since|between|from|during|within|"
    r"did|does|do|were|was|are|is|have|has|had|will|would|can|could|that|which|who|where|when|whether|if)\b|"
    r"\s(?:in|for|over)\s+(?:\d|each|every|the (?:last|past|year|period|financial))|[,;:?.(]",
    re.IGNORECASE,
)
#: A question's opening words before its object: "How many", "What was the", "Which".
_QUESTION_WORDS = re.compile(r"^(?:how many|how much|(?:what|which)(?:\s+(?:was|were|is|are))?)\s+", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][a-z]+")
#: Words in FOI letters that a letter may use only once (so "elsewhere in the letter" cannot vouch for them).
COMMON_WORDS = frozenset(
    {
        "request",
        "information",
        "records",
        "reports",
        "report",
        "policy",
        "policies",
        "spend",
        "spending",
        "costs",
        "contract",
        "contracts",
        "council",
        "police",
        "service",
        "services",
        "incident",
        "incidents",
        "agency",
        "nursing",
        "staff",
        "data",
        "figures",
        "number",
        "numbers",
        "copies",
        "correspondence",
        "meetings",
        "minutes",
        "emails",
        "complaints",
        "decision",
        "review",
        "exemption",
        "exemptions",
        "guidance",
        "procedure",
        "procedures",
        "training",
        "budget",
        "payments",
        "technology",
        "recognition",
        "collaboration",
        "companies",
        "images",
        "cameras",
        "vehicles",
        "schools",
        "housing",
        "planning",
        "licensing",
        "parking",
    }
)
MAX_TITLE = 100
#: Most words a title taken from a question's object has (longer: the object is not a short noun phrase).
_PHRASE_WORDS = 12
_TITLE_WORDS = 14


@dataclass
class Title:
    """The title, where it came from, and the words the reviewer should check."""

    text: str
    source: str
    doubts: list[tuple[str, str]] = field(default_factory=list)
    recased: list[str] = field(default_factory=list)

    @property
    def why(self) -> str:
        notes = [self.source]
        notes += [f'check spelling of "{word}" (the letter also writes "{near}")' for word, near in self.doubts]
        notes += [f'"{word}" capitalised as elsewhere in the letter' for word in self.recased]
        return "; ".join(notes)


def suggest_title(lines: list[str], request_end: int, questions: list[str]) -> Title | None:
    """The title for a letter whose request ends at line ``request_end``; None when nothing fits."""
    text = "\n".join(lines)
    for line in lines[: request_end + 1]:
        m = _SUBJECT.match(line)
        if m:
            subject = _tidy(_SUBJECT_NOISE.sub(" ", m.group("s")))
            if len(_WORD.findall(subject)) >= 2:
                return _checked(subject, "from the letter's subject line", text)
    for line in lines[: request_end + 1]:
        m = _ABOUT.search(line)
        if m and not re.search(r"\byour request\b", line[: m.start()], re.IGNORECASE):
            what = _OWNER.sub("", m.group("what").strip().rstrip(","))
            return _checked(_tidy(what), "from what the request says it is about", text)
    if questions:
        phrase = noun_phrase(questions[0])
        if phrase:
            return _checked(phrase, "from the first question", text)
    return None


def noun_phrase(question: str) -> str:
    """The object of a question, trimmed: "Please provide copies of all gritting route maps used since 2020" -> "Gritting route maps"."""
    first = re.split(r"(?<=[?.])\s", question.strip())[0]
    rest = _ASK.sub("", _QUESTION_WORDS.sub("", first, count=1), count=1)
    rest = re.sub(r"^(?:(?:all|any|every|each|the|a|an)\s+)+", "", rest, flags=re.IGNORECASE)
    end = _PHRASE_END.search(rest)
    phrase = rest[: end.start()] if end else rest
    words = phrase.split()
    if not words or len(words) > _PHRASE_WORDS or rest == first:
        return _tidy(first[:150].rstrip(" ,?."))
    return _tidy(phrase)


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip().strip("'\"“”‘’ -–:,.")
    words = text.split()
    if len(text) > MAX_TITLE or len(words) > _TITLE_WORDS:
        text = " ".join(words[:_TITLE_WORDS])
        while len(text) > MAX_TITLE:
            text = text.rsplit(" ", 1)[0]
        text = text.rstrip(" ,;:-–") + "…"
    return text[:1].upper() + text[1:]


def _checked(title: str, source: str, text: str) -> Title:
    result = Title(title, source)
    result.text, result.recased = _recase(title, text)
    result.doubts = spelling_doubts(result.text, text)
    return result


def _recase(title: str, text: str) -> tuple[str, list[str]]:
    """A lower-case word between two capitalised ones ("Metropolitan police Service") capitalised as the letter writes it elsewhere."""
    words = title.split(" ")
    changed: list[str] = []
    for k in range(1, len(words) - 1):
        word, before, after = words[k], words[k - 1], words[k + 1]
        if not (word.isalpha() and word.islower() and before[:1].isupper() and after[:1].isupper()):
            continue
        upper = word[:1].upper() + word[1:]
        if re.search(rf"\b{re.escape(before)}\s+{upper}\s+{re.escape(after.rstrip(chr(39) + '’s,'))}", text):
            words[k] = upper
            changed.append(upper)
    return " ".join(words), changed


def spelling_doubts(title: str, text: str) -> list[tuple[str, str]]:
    """(word, the near word the letter writes elsewhere) for title words that look like typos.

    A word is in doubt when the letter writes it at most once (only where the
    title came from), it is not a common FOI word, and the letter (or the list
    of common words) has a word one letter away (one letter added, dropped,
    changed, or two swapped): "reprots" next to "reports".
    """
    counts: dict[str, int] = {}
    for w in _WORD.findall(text):
        counts[w.lower()] = counts.get(w.lower(), 0) + 1
    known = {w for w, n in counts.items() if len(w) >= 4} | COMMON_WORDS
    doubts: list[tuple[str, str]] = []
    for word in dict.fromkeys(w.lower() for w in _WORD.findall(title)):
        if len(word) < 5 or counts.get(word, 0) > 1 or word in COMMON_WORDS:
            continue
        near = next((k for k in sorted(known) if _one_edit(word, k) and not _inflected(word, k)), None)
        if near:
            doubts.append((word, near))
    return doubts


def _inflected(a: str, b: str) -> bool:
    """``encounter`` and ``encounters``, ``use`` and ``used``: one word, not a typo."""
    short, long = sorted((a, b), key=len)
    return long[: len(short)] == short and long[len(short) :] in ("s", "d")


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by one insertion, deletion, substitution or swap of neighbours."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


_COUNTS = ("No", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Eleven", "Twelve")

_RESULTS = {
    "granted-in-full": "The information held was released in full.",
    "granted-in-part": "Some of the information was released.",
    "refused": "The information was withheld.",
    "not-held": "The information is not held.",
    "neither-confirm-nor-deny": "The authority would neither confirm nor deny that it holds the information.",
    "cost-limit": "The request was refused because answering it would exceed the cost limit.",
    "vexatious": "The request was refused as vexatious.",
}


def write_summary(title: str, questions: int, outcome: str, exemptions: list[tuple[str, bool]], text: str) -> str:
    """One or two sentences: what was asked (how many questions, about what) and the outcome, with the exemptions."""
    about = f" about {_in_sentence(title, text)}" if title else ""
    count = _COUNTS[questions] if questions < len(_COUNTS) else str(questions)
    asked = f"{count} question{'s' if questions != 1 else ''}{about}." if questions else f"A request{about}."
    summary = f"{asked} {_RESULTS.get(outcome, '')}".strip()
    ncnd = [s for s, n in exemptions if n]
    other = [s for s, n in exemptions if not n]
    if other:
        summary += f" Exemptions applied: {', '.join(other)}."
    if ncnd and outcome != "neither-confirm-nor-deny":
        summary += f" The authority would neither confirm nor deny whether it holds further information ({', '.join(ncnd)})."
    elif ncnd:
        summary = summary.rstrip(".") + f" ({', '.join(ncnd)})."
    return summary[:1900]


def _in_sentence(title: str, text: str) -> str:
    """The title inside a sentence: its first word in lower case unless it is an acronym or a name the letter capitalises mid-sentence."""
    first = title.split(" ", 1)[0].strip(",:;")
    if first.isupper() or not first[:1].isupper() or re.search(rf"[a-z,;] {re.escape(first)}\b", text):
        return title
    return title[:1].lower() + title[1:]
