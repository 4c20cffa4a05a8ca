"""From a letter's lines to a draft response: the import's pure core (no files written).

The order matters: the requester's identity is removed first, so nothing
downstream (questions, answers, title, the Markdown body) can carry it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from foilog.commands.importer.answers import attribute_mentions, shape_answer
from foilog.commands.importer.authority import AuthorityGuess, detect_authority
from foilog.commands.importer.dates import find_received_date, find_response_date
from foilog.commands.importer.extract import (
    Exemption,
    answer_outcome,
    citations,
    find_exemptions,
    find_reference,
    find_regime,
    letter_outcome,
    suggest_topics,
)
from foilog.commands.importer.formats import LetterUnreadable
from foilog.commands.importer.interest import find_public_interest
from foilog.commands.importer.questions import Layout, find_answers, find_request
from foilog.commands.importer.redact import Redaction, redact_letter
from foilog.commands.importer.title import suggest_title, write_summary
from foilog.gate.leakgate import Gate
from foilog.log.settings import AuthorityOption
from foilog.log.topics import Topic

_SIGN_OFF = re.compile(r"^\s*(?:yours (?:sincerely|faithfully|truly)|(?:with )?(?:kind|best|warm) regards|regards)\b", re.IGNORECASE)


@dataclass
class DraftQuestion:
    number: str
    question: str
    answer: str
    outcome: str
    exemptions: list[str] = field(default_factory=list)
    #: Why the answer was filled in rather than read ("" when read from the letter).
    answer_guessed: str = ""


@dataclass
class Draft:
    """Everything the import will write, with what was guessed and what needs a person."""

    reference: str
    title: str
    summary: str
    regime: str
    responded: dt.date
    received: dt.date | None
    outcome: str
    topics: list[str]
    exemptions: list[Exemption]
    questions: list[DraftQuestion]
    body: list[str]
    guessed: dict[str, str] = field(default_factory=dict)
    needs_human: list[str] = field(default_factory=list)
    found: list[str] = field(default_factory=list)
    #: How the letter was read where it was ambiguous (renumbered sub-questions): for the reviewer to confirm.
    notes: list[str] = field(default_factory=list)
    redaction: Redaction = field(default_factory=Redaction)
    #: Who answered, and whether it was read from the letter or is the site's default (None: the log has one authority).
    authority: AuthorityGuess | None = None

    @property
    def year(self) -> int:
        return self.responded.year


def _closing(lines: list[str], start: int) -> int:
    """Index of the sign-off (or the end): answers never run past it."""
    return next((i for i in range(start, len(lines)) if _SIGN_OFF.match(lines[i])), len(lines))


def draft_from_lines(
    lines: list[str],
    *,
    gate: Gate,
    wording: str,
    topics: dict[str, Topic],
    authorities: Sequence[AuthorityOption] = (),
    default_authority: str = "",
) -> Draft:
    """Build the draft response from the letter's logical lines; raise LetterUnreadable if it is not a letter.

    ``authorities`` (the site's, with ``default_authority`` its own) let the draft say who answered;
    without them the draft has no authority, as for a log of one authority.
    """
    if not any(line.strip() for line in lines):
        raise LetterUnreadable("the file contains no text")
    lines, redaction, salutation = redact_letter(lines, gate, wording)
    header_end = salutation if salutation >= 0 else min(len(lines), 25)
    reference = find_reference(lines, header_end)
    if not reference:
        raise LetterUnreadable(
            "no reference found (looked for 'Our Ref:', 'Reference No:', 'Request reference:', 'FOI 2024/0123' ...); "
            "is this a response letter? Add the reference to the letter, or create the response with `foilog new`"
        )
    responded = find_response_date(lines, header_end)
    if responded is None:
        raise LetterUnreadable(
            "no date found at the top of the letter (looked for 'Date:' or a dated line); the response date decides its folder"
        )
    text = "\n".join(lines)
    regime, regime_guessed = find_regime(text)
    body_start = salutation + 1 if salutation >= 0 else header_end
    received = find_received_date(lines, body_start if salutation >= 0 else 0, responded.value)
    closing = _closing(lines, body_start)
    layout = find_request(lines, body_start)
    find_answers(lines, layout, closing)
    attribute_mentions(layout)
    exemptions = find_exemptions(lines, regime)
    reasoning = find_public_interest(lines, exemptions, regime)
    for exemption in exemptions:
        exemption.public_interest = reasoning.get(exemption.section, "")
    draft = Draft(
        reference=reference,
        title="",
        summary="",
        regime=regime,
        responded=responded.value,
        received=received.value if received else None,
        outcome="",
        topics=[],
        exemptions=exemptions,
        questions=[],
        body=[],
        redaction=redaction,
    )
    if responded.guessed:
        draft.guessed["responded"] = responded.why
    ignored = layout.used | set(range(layout.request_start, layout.request_end))
    draft.authority = detect_authority(lines, authorities, default_authority, head_end=header_end, sign_off=closing, ignored=ignored)
    if regime_guessed:
        draft.guessed["regime"] = "no statute named; FOIA assumed"
    if received is None:
        draft.needs_human.append("no received date found: fill in 'received' (the date the request arrived)")
    elif received.guessed:
        draft.guessed["received"] = received.why
    decision = _decision_text(lines, layout, closing)
    _questions(draft, lines, layout, decision, regime)
    per_question = [q.outcome for q in draft.questions]
    draft.outcome = letter_outcome(per_question, exemptions, decision)
    draft.guessed["outcome"] = "from the wording of the letter and the answers"
    if draft.outcome == "neither-confirm-nor-deny" and not any(e.ncnd for e in exemptions):
        draft.needs_human.append("the outcome looks like neither-confirm-nor-deny but no NCND exemption was found")
    title = suggest_title(lines, layout.request_end, [q.question for q in draft.questions])
    if title is not None:
        draft.title = title.text
        draft.guessed["title"] = title.why
    else:
        draft.needs_human.append("no title could be made: fill in 'title'")
    draft.topics = suggest_topics(text, topics)
    if draft.topics:
        draft.guessed["topics"] = "by words of the topic titles and descriptions found in the letter"
    else:
        draft.needs_human.append("no topic matched the letter well: choose topics from content/topics/")
    draft.summary = write_summary(draft.title, len(draft.questions), draft.outcome, [(e.section, e.ncnd) for e in exemptions], text)
    draft.guessed["summary"] = "written by the import from the title, outcome and exemptions"
    draft.body = _body(lines, layout, body_start, salutation)
    draft.found = [f"{k}: {v}" for k, v in layout_notes(layout)]
    draft.notes = list(layout.notes) + redaction.notes
    return draft


def layout_notes(layout: Layout) -> list[tuple[str, str]]:
    numbers = ", ".join(q.number for q in layout.questions)
    how = {"interleaved": "answers under each question", "repeated": "questions repeated with answers", "numbered": "answers by number"}
    return [("questions", numbers or "none"), ("answers", how.get(layout.layout, "not matched"))]


def _decision_text(lines: list[str], layout: Layout, closing: int) -> str:
    """The letter's own words outside the request: where whole-letter outcomes are stated."""
    return "\n".join(lines[i] for i in range(layout.request_end, closing) if i not in layout.used)


def _decision_paragraph(decision: str, outcome: str) -> str:
    from foilog.commands.importer.extract import _OUTCOME_WORDS

    pattern = dict(_OUTCOME_WORDS).get(outcome)
    for paragraph in decision.split("\n"):
        if pattern is not None and pattern.search(paragraph) and len(paragraph) > 30:
            return paragraph.strip()
    return ""


def _questions(draft: Draft, lines: list[str], layout: Layout, decision: str, regime: str) -> None:
    unanswered: list[str] = []
    whole = answer_outcome(decision) if decision else "granted-in-full"
    listed = {e.section for e in draft.exemptions}
    for q in layout.questions:
        answer, guessed = shape_answer(q.text, q.answer)
        if not answer:
            subs = [
                s.number for s in layout.questions if s.number != q.number and s.number.rstrip("abcdefghijklmnopqrstuvwxyz") == q.number
            ]
            if subs and any(s.answered for s in layout.questions if s.number in subs):
                answer = (
                    f"See the answers to questions {subs[0]} to {subs[-1]}."
                    if len(subs) > 2
                    else f"See the answers to questions {' and '.join(subs)}."
                )
                guessed = "the letter answers this question through its sub-questions"
            elif whole in ("cost-limit", "vexatious", "not-held", "neither-confirm-nor-deny", "refused"):
                answer = _decision_paragraph(decision, whole)
                guessed = "the letter answers all questions together; this is its decision" if answer else ""
        if not answer:
            unanswered.append(q.number)
        sections = [s for s in dict.fromkeys(citations(answer, regime)) if s in listed]
        outcome = answer_outcome(answer) if answer and not guessed.startswith("the letter answers this") else whole
        if guessed.startswith("the letter answers this"):
            outcome = "granted-in-full"
        draft.questions.append(DraftQuestion(q.number, q.text, answer, outcome, sections, guessed))
    if not layout.questions:
        draft.needs_human.append("no questions found: fill in 'questions' from the request")
    if unanswered:
        which = ", ".join(unanswered[:-1]) + (" and " if len(unanswered) > 1 else "") + unanswered[-1]
        draft.needs_human.append(
            f"answers could not be matched to question{'s' if len(unanswered) > 1 else ''} {which}: "
            "each is written as answer: '' in response.yml; copy the answer from the letter"
        )


def _body(lines: list[str], layout: Layout, body_start: int, salutation: int) -> list[str]:
    """The parts of the letter not placed in response.yml, from the salutation on."""
    out: list[str] = []
    start = salutation if salutation >= 0 else body_start
    notes = iter(("*The questions are set out above, each with its answer.*", "*The answers are set out above, under each question.*"))
    skipping = False
    for i in range(start, len(lines)):
        # Placed lines are left out, with the blank lines between them; anything not placed stays.
        if layout.questions and (i in layout.used or (layout.request_start <= i < layout.request_end and not lines[i].strip())):
            if not skipping:
                note = next(notes, "")
                out += ["", note, ""] if note else []
            skipping = True
            continue
        if lines[i].strip():
            skipping = False
        out.append(lines[i])
    return out
