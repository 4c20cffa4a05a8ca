"""Split the request into numbered questions and find each question's answer.

Letters number questions every way (``1.``, ``1)``, ``Q1``, ``Question 1:``,
``1a``, ``- a.``, ``(a)``, ``a)``) and answer them in one of three layouts,
all handled here:

* interleaved: an ``Answer``/``Response``/``A1`` block right after each question;
* repeated: the questions are quoted again later, each with its answer under it
  (matched by *wording*, not number, because letters misnumber the repeat: the
  Metropolitan Police letter repeats 2b as a second "a.");
* numbered: a later section answers by number only ("1) 12 gritters").

Sub-questions are numbered parent + letter (1a, 1b) in the order they appear,
whatever letter the letter printed; every renumbering is noted for the report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from foilog.commands.importer.markdown import Heading

_TOP = re.compile(
    r"^\s*(?:[-•*–]\s*)?(?:(?i:q(?:uestion)?)\s*(?P<q>\d{1,3})(?:\s*[.):\-–]|\s)|(?P<n>\d{1,3})\s*[.):](?!\d))\s*(?P<rest>.*)$"
)
_NUM_SUB = re.compile(
    r"^\s*(?:[-•*–]\s*)?(?:(?i:q(?:uestion)?)\s*)?(?P<n>\d{1,3})\s?(?:(?P<l>[a-z])|\((?P<lp>[a-z])\))[.):]?\s+(?P<rest>.*)$"
)
_SUB = re.compile(r"^\s*(?:[-•*–]\s*)?(?:\((?P<lp>[a-z])\)|(?P<l>[a-z])[.)])\s+(?P<rest>.*)$")
_ANSWER = re.compile(
    r"^\s*(?:(?i:(?:our\s+)?(?:answer|response|reply)(?:\s+to\s+(?:question|q)\s*\d{1,3}[a-z]?)?|a(?=\s*\d))"
    r"\s*(?P<n>\d{1,3}[a-z]?)?\s*(?:[.:)\-–]|$|(?<=\d)\s))\s*(?P<rest>.*)$"
)
_INTRO = re.compile(
    r"(?:following information|you (?:asked|requested|wrote|said|sought|seek)|your request (?:was|read|is|asked|stated)|"
    r"requested the following|request(?:ed)? (?:was )?as follows|you asked for)[^:]*:\s*$",
    re.IGNORECASE,
)
STOP = re.compile(
    r"^\s*(?:should you have|if you (?:have|are|were) (?:any|not|dissatisfied|unhappy)|yours (?:sincerely|faithfully)|"
    r"(?:with )?(?:kind|best|warm) (?:regards|wishes)|regards\b|please (?:do not hesitate|contact|let us know)|your rights?\b|"
    r"rights? (?:of|to) (?:review|appeal|complain)|complaints?\b|appeals?\b|you (?:have|may have) the right|legal annex|annex\b|"
    r"appendix\b|exemptions? applied|public interest (?:test|considerations)|reasons? for (?:the )?(?:decision|refusal)|"
    r"(?:the )?information commissioner|next steps|thank you\b|i hope\b|how to (?:complain|appeal)|advice and assistance|decision\s*$|copyright\b|re-use)",
    re.IGNORECASE,
)
_STOP_WORDS = frozenset(
    [
        "the",
        "and",
        "for",
        "you",
        "your",
        "any",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "with",
        "from",
        "that",
        "this",
        "which",
        "what",
        "when",
        "where",
        "who",
        "how",
        "did",
        "does",
        "do",
        "of",
        "in",
        "on",
        "to",
        "a",
        "an",
        "or",
        "is",
        "it",
        "its",
        "be",
        "been",
        "by",
        "as",
        "at",
        "if",
        "yes",
        "no",
        "please",
        "provide",
        "details",
        "copy",
        "our",
        "we",
        "us",
    ]
)
_WORD = re.compile(r"[a-z0-9]+")
#: What the closing boilerplate is about: the requester's rights to a review, to complain, to appeal.
_AFTERWORD = re.compile(
    r"\b(?:internal review|review (?:of )?(?:our|the|this|that) (?:decision|response|handling)|complain\w*|appeal\w*|"
    r"information commissioner|ICO|dissatisfied|unhappy|not (?:happy|satisfied|content)|re-?use|copyright)\b",
    re.IGNORECASE,
)
_YOU = re.compile(r"\byour?\b", re.IGNORECASE)
#: Similarity above which a later line is taken as the question repeated (see :func:`similarity`).
REPEAT = 0.8


@dataclass
class Question:
    """One question and what was found for it."""

    number: str
    text: str
    answer: list[str] = field(default_factory=list)
    answered: bool = False
    answer_guessed: str = ""
    #: The letter's lines that hold the answer (not its label), in order.
    lines: list[int] = field(default_factory=list)


@dataclass
class Layout:
    """Questions with answers, the lines they came from, and notes for the reviewer."""

    questions: list[Question]
    used: set[int]
    request_start: int
    request_end: int
    notes: list[str] = field(default_factory=list)
    layout: str = ""


def is_afterword(line: str) -> bool:
    """A paragraph telling the requester their rights (review, complaint, appeal): the letter's closing, not an answer."""
    return bool(_YOU.search(line) and _AFTERWORD.search(line))


def is_question_start(text: str) -> bool:
    return bool(_TOP.match(text) or _NUM_SUB.match(text) or _SUB.match(text))


def is_caps_heading(line: str) -> bool:
    """An ALL-CAPS line such as ``DECISION``; not a postcode (``SW6 1SF``), which has no word of three letters."""
    letters = [c for c in line if c.isalpha()]
    return (
        len(letters) >= 4
        and all(c.isupper() for c in letters)
        and not line.strip().endswith((".", "?"))
        and bool(re.search(r"[^\W\d_]{3}", line))
    )


def is_stop(line: str) -> bool:
    """A line no question or answer runs past: a heading (ALL CAPS, or Markdown's), or a closing formula."""
    return isinstance(line, Heading) or is_caps_heading(line) or bool(STOP.match(line))


def clean_question(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().strip("*").strip()).strip("'\"“”‘’ ").strip()


def _tokens(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP_WORDS and len(w) > 2}


def similarity(question: str, line: str) -> float:
    """How surely ``line`` repeats ``question``: shared words over the larger of the two.

    An answer often restates its question ("The Council spread 8,450 tonnes of
    salt ..."), so a line that does not end like the question (``?``) counts
    for less: only near-verbatim repeats start an answer.
    """
    q, candidate = _tokens(question), _tokens(line)
    if len(q) < 2 or len(candidate) < 2:
        return 0.0
    score = len(q & candidate) / max(len(q), len(candidate))
    if question.rstrip().endswith("?") != clean_question(line).endswith("?"):
        score -= 0.15
    return score


class _Numberer:
    """Numbers questions as parent + letter, noting where the letter's own labels disagree."""

    def __init__(self, notes: list[str]) -> None:
        self.notes = notes
        self.parent: str | None = None
        self.subs = 0

    def top(self, n: str) -> str:
        self.parent, self.subs = n, 0
        return n

    def sub(self, printed: str, parent: str | None = None) -> str | None:
        if parent is not None and parent != self.parent:
            self.top(parent)
        if self.parent is None:
            return None
        expected = chr(ord("a") + self.subs)
        if printed != expected and printed in "ivx" and self.subs and expected not in "ivx":
            return None  # a roman sub-sub-item such as (ii): part of the text
        self.subs += 1
        if printed != expected:
            self.notes.append(f"question {self.parent}: a sub-question printed as '{printed}' was numbered {self.parent}{expected}")
        return f"{self.parent}{expected}"


def _marker(line: str, numberer: _Numberer) -> tuple[str, str] | None:
    """(number, text) when ``line`` starts a question."""
    m = _NUM_SUB.match(line)
    if m:
        number = numberer.sub(m.group("l") or m.group("lp"), parent=m.group("n"))
        return (number, m.group("rest")) if number else None
    m = _TOP.match(line)
    if m:
        return numberer.top(str(int(m.group("q") or m.group("n")))), m.group("rest")
    m = _SUB.match(line)
    if m:
        number = numberer.sub(m.group("l") or m.group("lp"))
        return (number, m.group("rest")) if number else None
    return None


def _terminal(text: str) -> bool:
    return text.rstrip().endswith((".", "?", "!", ";", ":", ")"))


def find_request(lines: list[str], start: int) -> Layout:
    """Parse the request block (and any interleaved answers) starting the search at ``start``."""
    notes: list[str] = []
    first = next((i for i in range(start, len(lines)) if _TOP.match(lines[i]) and not is_stop(lines[i])), None)
    intro = next((i for i in range(start, len(lines)) if _INTRO.search(lines[i])), None)
    if first is None or (intro is not None and intro < first and first - intro > 12):
        return _unnumbered(lines, start, intro, notes)
    numberer = _Numberer(notes)
    questions: list[Question] = []
    used: set[int] = set()
    current: Question | None = None
    in_answer = False
    blank = False
    end = first
    for i in range(first, len(lines)):
        line = lines[i]
        if not line.strip():
            blank = True
            continue
        answer = _ANSWER.match(line)
        if answer and current is not None:
            rest = answer.group("rest").strip()
            if not rest and _restarts(lines, i + 1, questions):
                break  # "Our answer" heading over answers numbered again: the answers section
            in_answer = True
            if rest:
                current.answer.append(rest)
                current.answered = True
                current.lines.append(i)
            used.add(i)
            end, blank = i + 1, False
            continue
        if is_stop(line):
            break
        marker = _marker(line, numberer) if (blank or not in_answer or is_question_start(line)) else None
        if marker is not None:
            number, text = marker
            if any(q.number == number for q in questions):
                break  # numbering starts again: the answers section
            current = Question(number, text.strip())
            questions.append(current)
            in_answer = False
        elif current is not None and in_answer:
            current.answer.append(line.strip())
            current.answered = True
            current.lines.append(i)
        elif current is not None and not blank and (line[:1].isspace() or line.strip()[:1].islower() or not _terminal(current.text)):
            current.text += " " + line.strip()
        else:
            break
        used.add(i)
        end, blank = i + 1, False
    if questions and questions[-1].answered:
        end = _trim_afterword(lines, questions[-1], used, end)
    layout = Layout(questions, used, first, end, notes, "interleaved" if any(q.answered for q in questions) else "")
    return layout


def _restarts(lines: list[str], start: int, questions: list[Question]) -> bool:
    """Whether the next non-blank line from ``start`` numbers a question already asked ("1." again)."""
    following = next((line for line in lines[start:] if line.strip()), "")
    m = _TOP.match(following)
    return m is not None and any(q.number == str(int(m.group("q") or m.group("n"))) for q in questions)


def _trim_afterword(lines: list[str], question: Question, used: set[int], end: int) -> int:
    """Give the paragraphs about the requester's rights after the last answer back to the letter; return the new end."""
    for k, i in enumerate(question.lines):
        if k and not lines[i - 1].strip() and is_afterword(lines[i]):
            for j in question.lines[k:]:
                used.discard(j)
            del question.answer[k:], question.lines[k:]
            return i
    return end


def _unnumbered(lines: list[str], start: int, intro: int | None, notes: list[str]) -> Layout:
    """A request written as prose: the paragraph after "You asked:" is question 1."""
    if intro is None:
        return Layout([], set(), start, start, notes)
    i = intro + 1
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i >= len(lines) or is_stop(lines[i]):
        return Layout([], set(), start, start, notes)
    notes.append("the request is not numbered; it was imported as question 1")
    return Layout([Question("1", lines[i].strip())], {i}, i, i + 1, notes)


def find_answers(lines: list[str], layout: Layout, end: int) -> None:
    """Attach answers found after the request block (repeated or numbered layouts).

    If any later line repeats a question's wording, the letter is in the
    repeated layout and only such lines start answers (so a numbered list
    inside an answer is not mistaken for answers). Otherwise numbered lines
    answer the question of that number, in request order only, for the same reason.
    """
    questions = layout.questions
    if not questions or all(q.answered for q in questions):
        return
    order = [q.number for q in questions]
    candidates = [i for i in range(layout.request_end, end) if lines[i].strip() and i not in layout.used]
    repeated = any(max(similarity(q.text, lines[i]) for q in questions) >= REPEAT for i in candidates)
    #: (first line of the answer, question, text of the answer on the anchor line itself)
    anchors: list[tuple[int, Question, str]] = []
    last = -1
    numberer = _Numberer([])
    for i in candidates:
        line = lines[i]
        if repeated:
            taken = {id(a[1]) for a in anchors}
            scored = [(similarity(q.text, line), k) for k, q in enumerate(questions) if not q.answered and id(q) not in taken]
            best = max((s for s, _ in scored), default=0.0)
            if best < REPEAT:
                continue
            near = [k for s, k in scored if s >= best - 0.05]
            k = next((k for k in near if k > last), near[0])
            printed = _SUB.match(line) or _NUM_SUB.match(line)
            label = (printed.group("l") or printed.group("lp")) if printed else None
            if label and questions[k].number[-1:].isalpha() and label != questions[k].number[-1]:
                layout.notes.append(
                    f"the letter repeats question {questions[k].number} with the label '{label}'; its answer was matched by the question's wording"
                )
            anchors.append((i + 1, questions[k], ""))
            layout.used.add(i)
            last = k
        else:
            marker = _marker(line, numberer)
            if marker and marker[0] in order and order.index(marker[0]) > last:
                last = order.index(marker[0])
                anchors.append((i, questions[last], marker[1].strip()))
                layout.used.add(i)
    if not anchors:
        return
    layout.layout = "repeated" if repeated else "numbered"
    for n, (begin, question, inline) in enumerate(anchors):
        stop = anchors[n + 1][0] - (1 if repeated else 0) if n + 1 < len(anchors) else end
        if inline:
            question.answer.append(inline)
            question.answered = True
            begin += 1
        final = n + 1 == len(anchors)
        for i in range(begin, stop):
            line = lines[i]
            if is_stop(line) or (final and question.answer and not lines[i - 1].strip() and is_afterword(line)):
                break
            if i in layout.used:
                continue
            if line.strip():
                label = _ANSWER.match(line)
                text = label.group("rest").strip() if label else line.strip()
                if text:
                    question.answer.append(text)
                    question.answered = True
            layout.used.add(i)
