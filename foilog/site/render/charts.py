"""Accessible bar charts as inline SVG, drawn at build time (no JavaScript).

Every chart is a horizontal bar chart: one row per category, its label on the
left and its value written at the end of the bar, so nothing depends on colour.
Bars and text use ``currentColor``: they take the page's text colour, which has
a contrast far above 3:1 with the background in light and dark mode alike.
Each ``<svg>`` has ``role="img"``, a ``<title>`` and a text description
(``<desc>``, referenced by ``aria-labelledby``/``aria-describedby``); the page
follows each chart with the same figures in a table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from foilog.site.stats import QUESTION_GROUPS, Statistics, percent

WIDTH = 640
ROW = 30
BAR = 20
FONT = 14
CHAR_WIDTH = 7.6
"""Rough width of one character at ``FONT`` (labels are short; the table has the rest)."""
PAD = 8


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str
    """What is written after the bar (the value, with its unit)."""


def _fmt(number: float) -> str:
    return f"{number:.1f}".rstrip("0").rstrip(".")


def bar_chart(chart_id: str, title: str, description: str, bars: Sequence[Bar], *, maximum: float | None = None, row: int = ROW) -> Markup:
    """A horizontal bar chart; ``maximum`` fixes the scale (e.g. 100 for percentages), ``row`` the height of a bar's row."""
    max_chars = int(WIDTH * 0.5 / CHAR_WIDTH)
    labels = [b.label if len(b.label) <= max_chars else b.label[: max_chars - 1].rstrip() + "…" for b in bars]
    label_width = max((len(label) for label in labels), default=0) * CHAR_WIDTH + PAD
    text_width = max((len(b.text) for b in bars), default=0) * CHAR_WIDTH + 2 * PAD
    plot = WIDTH - label_width - text_width
    top = max((b.value for b in bars), default=0)
    scale = max(maximum or 0, top)
    bar = min(BAR, row - 6)
    height = len(bars) * row + 2 * PAD
    ids = escape(chart_id)
    parts = [
        f'<svg class="foilog-chart" xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" style="width:100%;height:auto;max-width:{WIDTH}px;color:inherit" '
        f'aria-labelledby="{ids}-title" aria-describedby="{ids}-desc" font-size="{FONT}" fill="currentColor">',
        f'<title id="{ids}-title">{escape(title)}</title>',
        f'<desc id="{ids}-desc">{escape(description)}</desc>',
    ]
    x0 = _fmt(label_width)
    for i, (b, label) in enumerate(zip(bars, labels, strict=True)):
        y = PAD + i * row
        middle = _fmt(y + row / 2)
        length = plot * b.value / scale if scale else 0
        parts.append(
            f'<g><text x="{_fmt(label_width - PAD)}" y="{middle}" text-anchor="end" dominant-baseline="central">{escape(label)}</text>'
            f'<rect x="{x0}" y="{_fmt(y + (row - bar) / 2)}" width="{_fmt(length)}" height="{bar}" fill="currentColor"/>'
            f'<text x="{_fmt(label_width + length + PAD)}" y="{middle}" dominant-baseline="central">{escape(b.text)}</text></g>'
        )
    parts.append(f'<line x1="{x0}" x2="{x0}" y1="{PAD}" y2="{height - PAD}" stroke="currentColor" stroke-width="1"/>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text above went through escape()


def _counts(total: int, n: int) -> str:
    return f"{n} ({percent(n, total)}%)" if total else str(n)


def _describe(intro: str, bars: Sequence[Bar]) -> str:
    return intro + " " + "; ".join(f"{b.label}: {b.text}" for b in bars) + "."


def statistics_charts(s: Statistics, outcome_titles: dict[str, str]) -> dict[str, Markup]:
    """Every chart of the statistics page, by name; empty when nothing is published."""
    if not s.responses:
        return {}
    charts: dict[str, Markup] = {}
    bars = [Bar(str(year), n, str(n)) for year, n in s.per_year]
    charts["per_year"] = bar_chart(
        "chart-per-year", "Responses published per year", _describe("Responses by year of the response date.", bars), bars
    )
    bars = [Bar(f"{month:%b %Y}", n, str(n)) for month, n in s.per_month]
    charts["per_month"] = bar_chart(
        "chart-per-month", "Responses per month", _describe("Responses by month of the response date.", bars), bars, row=22
    )
    bars = [Bar(outcome_titles[o].split(" — ")[0], n, _counts(s.responses, n)) for o, n in s.outcomes]
    charts["outcomes"] = bar_chart("chart-outcomes", "Outcome of each response", _describe("Responses by outcome.", bars), bars)
    if s.questions:
        bars = [Bar(QUESTION_GROUPS[g], n, _counts(s.questions, n)) for g, n in s.question_groups]
        charts["questions"] = bar_chart("chart-questions", "How each question was answered", _describe("Questions by outcome.", bars), bars)
    if s.exemptions:
        bars = [Bar(e.exemption.label, e.responses, str(e.responses)) for e in s.exemptions]
        charts["exemptions"] = bar_chart(
            "chart-exemptions", "Most used exemptions", _describe("Responses that applied each exemption.", bars), bars
        )
    bars = [
        Bar(str(t.year), 100 * t.share_on_time, f"{percent(t.on_time, t.responses)}%, median {_fmt(t.median_working_days)} days")
        for t in s.timeliness
    ]
    charts["timeliness"] = bar_chart(
        "chart-timeliness",
        "Responses answered within 20 working days, by year",
        _describe("Share of responses answered within the statutory 20 working days, and the median working days taken.", bars),
        bars,
        maximum=100,
    )
    return charts
