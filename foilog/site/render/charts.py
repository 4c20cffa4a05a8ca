"""Accessible bar charts as inline SVG, drawn at build time (no JavaScript).

Every chart is a horizontal bar chart, one row per category: a line of text
("2025: 83%, median 12 days") and under it the bar, so a label never has to
share its line with a bar and nothing depends on colour. The text uses
``currentColor`` (the page's text colour); the bars use the site's colour,
``--foilog-chart-colour``, which the stylesheet makes reach AA contrast on
each scheme's background (:mod:`foilog.log.colours`).

Charts are drawn :data:`WIDTH` units wide and scale with the page up to
:data:`MAX_WIDTH` pixels: on a 375px phone (343px of content) the
:data:`FONT`-unit text is still over 12px, and nothing is wider than the
page. A chart with a fixed scale (percentages) draws its axis, 0 to 100%.

Each ``<svg>`` has ``role="img"``, a ``<title>`` and a text description
(``<desc>``, referenced by ``aria-labelledby``/``aria-describedby``); the page
follows each chart with the same figures in a table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from foilog.site.stats import QUESTION_GROUPS, Statistics, percent

WIDTH = 340
"""Drawing width in SVG units: about the content width of a 375px phone, so text is drawn near its own size there."""
MAX_WIDTH = 440
"""Widest the chart is shown, in CSS pixels (text then about 16px, as the body text)."""
FONT = 13
"""Text size in SVG units: at least 12.9px on a 343px-wide phone column."""
LINE = 18
BAR = 12
ROW = LINE + BAR + 8
CHAR_WIDTH = 7.2
"""Rough width of one character at ``FONT`` (labels are cut to fit; the table has the rest)."""
PAD = 3
AXIS = 24
"""Height of the 0-100% axis under a percentage chart."""
TICKS = (0, 25, 50, 75, 100)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str
    """What is written after the label (the value, with its unit)."""


def _fmt(number: float) -> str:
    return f"{number:.1f}".rstrip("0").rstrip(".")


def _line(b: Bar) -> str:
    """The row's text, the label cut with an ellipsis when the whole would not fit the chart's width."""
    room = int((WIDTH - 2 * PAD) / CHAR_WIDTH) - len(b.text) - 2
    label = b.label if len(b.label) <= room else b.label[: max(room - 1, 1)].rstrip() + "…"
    return f"{label}: {b.text}"


def bar_chart(chart_id: str, title: str, description: str, bars: Sequence[Bar], *, maximum: float | None = None) -> Markup:
    """A horizontal bar chart; ``maximum`` fixes the scale (100 for percentages) and draws the 0-100% axis."""
    plot = WIDTH - 2 * PAD
    scale = max(maximum or 0, max((b.value for b in bars), default=0))
    axis = AXIS if maximum == 100 else 0
    height = len(bars) * ROW + axis + 2 * PAD
    ids = escape(chart_id)
    parts = [
        f'<svg class="foilog-chart" xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" style="width:100%;height:auto;max-width:{MAX_WIDTH}px;color:inherit" '
        f'aria-labelledby="{ids}-title" aria-describedby="{ids}-desc" font-size="{FONT}" fill="currentColor">',
        f'<title id="{ids}-title">{escape(title)}</title>',
        f'<desc id="{ids}-desc">{escape(description)}</desc>',
    ]
    for i, b in enumerate(bars):
        y = PAD + i * ROW
        length = plot * b.value / scale if scale else 0
        parts.append(
            f'<g><text x="{PAD}" y="{_fmt(y + LINE - 5)}">{escape(_line(b))}</text>'
            f'<rect class="foilog-chart__bar" x="{PAD}" y="{_fmt(y + LINE)}" width="{_fmt(length)}" height="{BAR}" fill="currentColor"/></g>'
        )
    bottom = PAD + len(bars) * ROW
    parts.append(f'<line x1="{PAD}" x2="{PAD}" y1="{PAD + LINE}" y2="{bottom}" stroke="currentColor" stroke-width="1"/>')
    if axis:
        parts.append(
            f'<g class="foilog-chart__axis"><line x1="{PAD}" x2="{PAD + plot}" y1="{bottom}" y2="{bottom}" stroke="currentColor" stroke-width="1"/>'
        )
        for tick in TICKS:
            x = PAD + plot * tick / 100
            anchor = "start" if tick == TICKS[0] else "end" if tick == TICKS[-1] else "middle"
            parts.append(
                f'<line x1="{_fmt(x)}" x2="{_fmt(x)}" y1="{bottom}" y2="{bottom + 4}" stroke="currentColor" stroke-width="1"/>'
                f'<text x="{_fmt(x)}" y="{bottom + AXIS - 6}" text-anchor="{anchor}">{tick}%</text>'
            )
        parts.append("</g>")
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
    bars = [Bar(m.short_label, m.responses, str(m.responses) if m.responses else "no responses") for m in s.month_rows]
    charts["per_month"] = bar_chart(
        "chart-per-month", "Responses per month", _describe("Responses by month of the response date.", bars), bars
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
        "Responses answered in time, by year",
        _describe(
            "Share of responses answered in time (within 20 working days or a permitted extension), and the median working days taken.",
            bars,
        ),
        bars,
        maximum=100,
    )
    return charts
