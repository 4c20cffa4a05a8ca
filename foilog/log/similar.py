"""Which published responses asked much the same questions: a plain TF-IDF cosine over their questions.

``foilog diff`` uses it to suggest ``related:`` entries for a response a change
adds (:mod:`foilog.commands.diff.suggest`), so a team answering a repeat can
say "already published" with a link, and a yearly repeat joins its series.

The text of a response is its questions as ``/data/questions.csv`` holds them
(the ``question`` column of each of its rows), one document per response. Words
are lower-cased letters only: figures and years are dropped, so "in 2024" and
"in 2025" do not set two yearly repeats apart; common English words and the
words every request uses ("please", "information", "provide") are dropped; a
few plain endings are cut ("repaired", "repairs" -> "repair"), so a reworded
repeat still matches. Each word is weighted by how rare it is in the log
(inverse document frequency), and two responses score the cosine of their
weighted words, from 0 (nothing shared) to 1 (the same words).

Built once for the log; each look-up walks only the postings of the new
response's own words, so comparing a few added responses with a
50,000-response log stays well under a second.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from foilog.log.model import Response

_WORD = re.compile(r"[a-z]+")
STOP_WORDS = frozenset(
    """
    a about after all also an and any are as at be been before being between both but by can could did do does
    during each either for from had has have how i if in into is it its many may me more most much my no nor not
    of on or other our over own please provide same should since so some such than that the their them then
    there these they this those through to under until up upon us was we were what when where whether which
    while who whom why will with within would you your information request requested details detail copy copies
    number numbers year years total figures figure held hold regarding relating related
    """.split()  # noqa: SIM905 - a list of words reads best as words
)
"""Words too common to tell two requests apart."""
_ENDINGS = ("ings", "ing", "ied", "ies", "ed", "es", "s")
MIN_SCORE = 0.35
"""Scores below this are too weak to suggest: most unrelated requests on one topic share a word or two."""
TOP = 3
"""At most this many suggestions per added response."""


def _stem(word: str) -> str:
    """A plain English ending cut: ``repaired``, ``repairs``, ``repairing`` -> ``repair``; ``boxes`` -> ``box``; ``potholes`` -> ``pothole``."""
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            stem = word[: -len(ending)]
            if ending == "es" and not stem.endswith(("s", "x", "z", "ch", "sh")):
                return word[:-1]  # "times", "potholes": only the s
            return stem + "y" if ending in ("ied", "ies") else stem
    return word


def words(text: str) -> list[str]:
    """The words of ``text`` that count: lower-case letters, stop words dropped, plain endings cut."""
    return [_stem(w) for w in _WORD.findall(text.lower()) if w not in STOP_WORDS and len(w) > 1]


def question_text(r: Response) -> str:
    """What is compared: the response's questions, as ``questions.csv`` holds them."""
    return "\n".join(q.question for q in r.data.questions)


@dataclass(frozen=True)
class Match:
    """A published response whose questions resemble the new one's."""

    response: Response
    score: float
    """Cosine similarity, 0 to 1."""
    shared: tuple[str, ...]
    """The weightiest shared words (stems), for the reviewer to judge the match by."""


class QuestionIndex:
    """TF-IDF vectors of the questions of a set of responses, with an inverted index to find neighbours fast."""

    def __init__(self, responses: Iterable[Response]) -> None:
        self.responses = list(responses)
        counts = [Counter(words(question_text(r))) for r in self.responses]
        df: Counter[str] = Counter()
        for c in counts:
            df.update(c.keys())
        n = len(self.responses)
        self.idf = {w: math.log((1 + n) / (1 + k)) + 1.0 for w, k in df.items()}
        self.vectors = [self._weights(c) for c in counts]
        self.postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for i, vector in enumerate(self.vectors):
            for w, weight in vector.items():
                self.postings[w].append((i, weight))

    def _weights(self, counts: Counter[str]) -> dict[str, float]:
        """Unit-length TF-IDF weights (a word the log never saw weighs as the rarest)."""
        rarest = max(self.idf.values(), default=1.0)
        raw = {w: (1 + math.log(k)) * self.idf.get(w, rarest) for w, k in counts.items()}
        norm = math.sqrt(sum(v * v for v in raw.values())) or 1.0
        return {w: v / norm for w, v in raw.items()}

    def similar(self, r: Response, *, exclude: Iterable[str] = (), top: int = TOP, min_score: float = MIN_SCORE) -> list[Match]:
        """The ``top`` responses most like ``r`` (never ``r`` itself nor a reference in ``exclude``), best first."""
        query = self._weights(Counter(words(question_text(r))))
        scores: dict[int, float] = defaultdict(float)
        for w, weight in query.items():
            for i, other in self.postings.get(w, ()):
                scores[i] += weight * other
        skip = {r.reference, *exclude}
        ranked = heapq.nsmallest(
            top,
            (i for i, s in scores.items() if s >= min_score and self.responses[i].reference not in skip and self.responses[i] is not r),
            key=lambda i: (-scores[i], self.responses[i].reference),
        )
        return [Match(self.responses[i], round(min(scores[i], 1.0), 3), self._shared(query, i)) for i in ranked]

    def _shared(self, query: dict[str, float], i: int) -> tuple[str, ...]:
        """The five words that weigh most in the score of response ``i`` (made for the few shown, not every candidate)."""
        vector = self.vectors[i]
        weighed = sorted(((query[w] * vector[w], w) for w in query.keys() & vector.keys()), reverse=True)
        return tuple(w for _, w in weighed[:5])
