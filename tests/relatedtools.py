"""Small fictional responses that relate to each other, for the related-requests tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from logbuilder import LogBuilder

from foilog.log.urls import slugify


def related_yml(
    reference: str,
    responded: str,
    *,
    title: str = "Potholes reported",
    questions: tuple[str, ...] = ("How many potholes were reported?",),
    related: tuple[tuple[str, str] | tuple[str, str, str], ...] = (),
    extra: str = "",
) -> str:
    """A valid FOIA response dated ``responded``; ``related`` holds ``(kind, reference[, note])`` entries."""
    received = (dt.date.fromisoformat(responded) - dt.timedelta(days=7)).isoformat()
    lines = [
        f"reference: {reference}",
        f"title: {title}",
        "summary: Figures were released.",
        "regime: FOIA",
        f"received: {received}",
        f"responded: {responded}",
        "outcome: granted-in-full",
        "topics:",
        "  - road-safety",
    ]
    if related:
        lines.append("related:")
        for entry in related:
            lines += [f"  - kind: {entry[0]}", f"    reference: {entry[1]}"]
            if len(entry) > 2:
                lines.append(f"    note: {entry[2]}")  # type: ignore[misc]
    lines.append("questions:")
    for n, question in enumerate(questions, start=1):
        lines += [
            f"  - number: '{n}'",
            f"    question: {question}",
            f"    answer: Answer {n} of {reference}.",
            "    outcome: granted-in-full",
        ]
    return "\n".join(lines) + "\n" + extra


def add(builder: LogBuilder, reference: str, responded: str, **kwargs: object) -> Path:
    """Write one response into its folder (year of ``responded``, slug of ``reference``)."""
    return builder.response(responded[:4], slugify(reference), related_yml(reference, responded, **kwargs))  # type: ignore[arg-type]
