"""Give each imported answer the shape the letter gave it, and its paragraphs to the right question.

The question finders (:mod:`.questions`) collect an answer as the letter's
paragraphs, in order. Three things a reader relies on are not in the words
alone, and are restored here:

* **labels**: a letter often answers a list of details ("the name of the
  companies, manner of collaboration, the time period ...") with one bare line
  each, in the order asked. Published alone those lines are fragments ("No
  known costs"); each becomes a table row under the detail it answers. Lines
  that carry their own label ("Cost: £4,000") are kept as written.
* **sub-headings**: short lines over paragraphs of their own ("Policy", then a
  sentence) become Markdown headings; the page shifts answer headings under
  the question's own (SafeMarkdown's ``heading_level``).
* **attribution**: a paragraph that names another question ("The figure given
  in Q1 counts ...") belongs to that question, not to the answer it happens to
  follow; a back-reference ("see our answer to question 1") stays put.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping

from foilog.commands.importer.questions import Layout

#: Words before the list of details a question asks for: "please provide details including ...".
_LIST_LEAD = re.compile(r"\b(?:including|include|namely|such as|as follows|details of|broken down by)\b:?\s*", re.IGNORECASE)
_PARENS = re.compile(r"\s*\([^()]*\)")
_ARTICLE = re.compile(r"^(?:the|any|all|a|an|your|each)\s+", re.IGNORECASE)
#: "Cost: £4,000" carries its own label.
_OWN_LABEL = re.compile(r"^[^:.?!]{1,40}:\s")
_SENTENCE_INSIDE = re.compile(r"[.?!]\s+[A-Z]")
#: Most words a bare answer fragment or a sub-heading has.
_FRAGMENT_WORDS = 12
_HEADING_WORDS = 8
_TERMINAL = (".", "?", "!", ":", ";", ",")
#: "Q1", "Q.1", "question 3", "Question 2b".
_MENTION = re.compile(r"\b(?:Q\.?\s?|[Qq]uestions?\s+(?:no\.?\s*)?)(\d{1,3}[a-z]?)\b")
#: Words that make a mention a pointer to another answer, not the answer itself.
_BACK_REFERENCE = re.compile(
    r"\b(?:see|refer(?:red)? to|as (?:stated|explained|given|set out|provided|mentioned|above|below)|above|below|previous(?:ly)?|earlier|"
    r"answer(?:ed)? (?:to|at|in|under|for)|response to|same as|covered (?:in|by|at|under))\b",
    re.IGNORECASE,
)


def shape_answer(question: str, paragraphs: list[str]) -> tuple[str, str]:
    """The answer as Markdown, and why its shape was inferred ("" when it is kept as the letter wrote it)."""
    paragraphs = [p.strip() for p in paragraphs if p.strip()]
    table = _labelled_table(question, paragraphs)
    if table:
        return table, "each row's label is the detail the question asks for, in the order asked: check the rows"
    return "\n\n".join(_with_headings(paragraphs)), ""


def asked_details(question: str) -> list[str]:
    """The details a question lists ("the name of X, the cost and the length") as labels; [] for no list of three or more."""
    best: list[str] = []
    for sentence in re.split(r"(?<=[.?!])\s+", _PARENS.sub("", question)):
        lead = list(_LIST_LEAD.finditer(sentence))
        if not lead:
            continue
        items = [part.strip() for part in sentence[lead[-1].end() :].rstrip(" .?!").split(",") if part.strip()]
        if len(items) < 2:
            continue
        last = items[-1]
        if re.match(r"(?:and|or)\s", last):
            items[-1] = last.split(None, 1)[1]
        elif " and " in last:
            items[-1:] = last.rsplit(" and ", 1)
        labels = [_label(item) for item in items]
        if len(labels) >= 3 and all(labels) and len(labels) > len(best):
            best = labels
    return best


def _label(item: str) -> str:
    text = _ARTICLE.sub("", item.strip())
    return text[:1].upper() + text[1:]


def _is_fragment(text: str) -> bool:
    return (
        len(text.split()) <= _FRAGMENT_WORDS
        and not _OWN_LABEL.match(text)
        and not _SENTENCE_INSIDE.search(text)
        and not text.startswith("-")
    )


def _labelled_table(question: str, paragraphs: list[str]) -> str:
    """Bare fragments answering a question's list of details, one each in order, as a two-column table."""
    labels = asked_details(question)
    n = len(labels)
    if not n or len(paragraphs) < n or not all(_is_fragment(p) for p in paragraphs[:n]):
        return ""
    if len(paragraphs) > n and _is_fragment(paragraphs[n]):
        return ""  # more fragments than details: they do not pair up one to one
    rows = ["| Asked for | Answer |", "| --- | --- |"]
    rows += [f"| {_cell(label)} | {_cell(value)} |" for label, value in zip(labels, paragraphs, strict=False)]
    return "\n\n".join(["\n".join(rows), *paragraphs[n:]])


def _cell(text: str) -> str:
    """A table cell: pipes escaped; a comma left dangling where the letter's line ran on is dropped."""
    return text.rstrip(",;").replace("|", "\\|")


def _is_heading(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= _HEADING_WORDS
        and text[:1].isupper()
        and not text.endswith(_TERMINAL)
        and not text.startswith(("-", "|", "#"))
        and not any(c.isdigit() for c in text)
    )


def _with_headings(paragraphs: list[str]) -> list[str]:
    """Sub-headings as ``###`` headings, when the answer is plainly made of headed sections.

    That is: it starts with a heading-like line, has at least two, never two in
    a row, and every other paragraph is a full sentence. "Chief Inspector" over
    one sentence is an answer, not a heading; so are lists of short lines.
    """
    heads = [i for i, p in enumerate(paragraphs) if _is_heading(p)]
    sentences = [p for i, p in enumerate(paragraphs) if i not in heads]
    if (
        len(heads) < 2
        or heads[0] != 0
        or heads[-1] == len(paragraphs) - 1
        or any(b - a == 1 for a, b in itertools.pairwise(heads))
        or not all(p.endswith((".", "?", "!", ":")) for p in sentences)
    ):
        return paragraphs
    return [f"### {p}" if i in heads else p for i, p in enumerate(paragraphs)]


def attribute_mentions(layout: Layout) -> None:
    """Move each answer paragraph that names another question (and only that one) to that question's answer.

    The first paragraph of an answer stays (it is the answer the letter placed
    there); so does a paragraph pointing back ("see our answer to question 1").
    Each move is noted for the reviewer.
    """
    by_number = {q.number: q for q in layout.questions}
    for q in layout.questions:
        keep: list[str] = []
        lines: list[int] = []
        tracked = len(q.lines) == len(q.answer)
        for k, paragraph in enumerate(q.answer):
            target = _named_question(paragraph, q.number, by_number) if k else None
            if target is None:
                keep.append(paragraph)
                if tracked:
                    lines.append(q.lines[k])
                continue
            other = by_number[target]
            other.answer.append(paragraph)
            other.answered = True
            if tracked and len(other.lines) == len(other.answer) - 1:
                other.lines.append(q.lines[k])
            layout.notes.append(
                f"a paragraph after the answer to question {q.number} names question {target}; it was moved to question {target}'s answer"
            )
        if len(keep) != len(q.answer):
            q.answer = keep
            q.lines = lines if tracked else q.lines
            q.answered = bool(keep)


def _named_question(paragraph: str, current: str, questions: Mapping[str, object]) -> str | None:
    named = {m.group(1) for m in _MENTION.finditer(paragraph)}
    if len(named) != 1 or _BACK_REFERENCE.search(paragraph):
        return None
    (number,) = named
    return number if number != current and number in questions else None
