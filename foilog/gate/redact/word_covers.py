"""Shapes drawn over body text to hide it (the gate's ``docx-shape-over-text``): the text goes, then the shape.

A black rectangle floated over a name hides it on screen and in print but
leaves every letter in the file. The gate finds such shapes by laying the
body out (:mod:`foilog.gate.attachments.word_shapes`) and estimating which
characters each one covers; the cleaner asks the gate the same question on the
already cleaned body (:func:`foilog.gate.attachments.word_story.read_story`),
so paragraph numbers and estimates are exactly the gate's. The covered
characters, widened to whole words (an estimate that cuts a name in half must
not leave half of it), are replaced by ``[redacted]`` in the text's own
formatting, and the shape is removed, since a box over the marker would be
reported again. Because the layout is an estimate, a note asks the officer to
check the copy around those markers.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from xml.etree.ElementTree import Element

from foilog.gate.attachments.ooxml import Package, local
from foilog.gate.attachments.word_format import Formats
from foilog.gate.attachments.word_shapes import Cover, Floating, anchored_shape, vml_shape
from foilog.gate.attachments.word_story import Story, read_story
from foilog.gate.redact.model import Removal
from foilog.gate.redact.word_story import MARKER

NOTE = (
    "text hidden under shapes drawn over the body was found by estimating the page layout and replaced by "
    "[redacted], and the shapes were removed: check the copy around each [redacted] marker"
)


class _Unbounded:
    """The gate's text budget, without a limit (the package was already bounded when it was read)."""

    def take(self, text: str) -> str:
        return text


def find_covers(pkg: Package, main: str, formats: Formats) -> list[Cover]:
    """The gate's covers of the body of ``pkg`` (errors and warnings alike)."""
    story = Story()
    budget: Any = _Unbounded()  # read_story only calls budget.take
    read_story(pkg, main, formats, story, budget)
    return story.covers


def body_paragraphs(root: Element) -> list[Element]:
    """Paragraphs in the gate's numbering: document order, skipping ``mc:Fallback`` copies (number n is index n-1)."""
    out: list[Element] = []

    def visit(el: Element) -> None:
        for child in el:
            tag = local(child.tag)
            if tag == "Fallback":
                continue
            if tag == "p":
                out.append(child)
            visit(child)

    visit(root)
    return out


def uncover(root: Element, covers: list[Cover], pkg: Package, rels: dict[str, tuple[str, str, bool]], theme: list[str]) -> list[Removal]:
    """Replace the text under each cover by ``[redacted]`` and remove the covering shapes; what was removed."""
    paras = body_paragraphs(root)
    removals: list[Removal] = []
    for cover in covers:
        for number, under, _ in cover.under:
            if 0 < number <= len(paras):
                gone = _replace(paras[number - 1], under)
                if gone:
                    removals.append(Removal("document body", f"text under {cover.shape.describe()} (replaced by [redacted])", gone))
        if 0 < cover.shape.paragraph <= len(paras) and _remove_shape(paras[cover.shape.paragraph - 1], cover.shape, pkg, rels, theme):
            removals.append(Removal("document body", f"{cover.shape.describe()} drawn over the text"))
    return removals


def _own_texts(para: Element) -> list[Element]:
    """The paragraph's own ``w:t`` elements (not those of text boxes anchored in it), in order."""
    out: list[Element] = []

    def visit(el: Element) -> None:
        for child in el:
            tag = local(child.tag)
            if tag in ("txbxContent", "Fallback", "p"):
                continue
            if tag == "t":
                out.append(child)
            visit(child)

    visit(para)
    return out


def _replace(para: Element, under: str) -> str:
    """Replace ``under`` (widened to whole words) in the paragraph's text by the marker; the text removed."""
    texts = _own_texts(para)
    joined = "".join(t.text or "" for t in texts)
    start = joined.find(under.strip()) if under.strip() else -1
    if start < 0:
        return ""
    end = start + len(under.strip())
    while start > 0 and joined[start - 1].isalnum():
        start -= 1
    while end < len(joined) and joined[end].isalnum():
        end += 1
    gone = joined[start:end]
    at = 0
    placed = False
    for t in texts:
        value = t.text or ""
        lo, hi = max(start - at, 0), min(end - at, len(value))
        if lo < hi:
            t.text = value[:lo] + ("" if placed else MARKER) + value[hi:]
            placed = True
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        at += len(value)
    return gone


def _remove_shape(para: Element, shape: Floating, pkg: Package, rels: dict[str, tuple[str, str, bool]], theme: list[str]) -> bool:
    """Remove the run of ``para`` that holds ``shape`` (matched on what the gate measured of it)."""
    for run in [c for c in para if local(c.tag) == "r"]:
        for el in _floating(run):
            found = anchored_shape(el, pkg, rels, theme) if local(el.tag) == "anchor" else vml_shape(el, pkg, rels)
            if found is not None and _same(found, shape):
                para.remove(run)
                return True
    return False


def _floating(run: Element) -> list[Element]:
    """``wp:anchor`` elements of a run outside text boxes and fallbacks, and its own ``w:pict``."""
    out = [c for c in run if local(c.tag) == "pict"]

    def visit(el: Element) -> None:
        for child in el:
            tag = local(child.tag)
            if tag in ("txbxContent", "Fallback"):
                continue
            if tag == "anchor":
                out.append(child)
            visit(child)

    visit(run)
    return out


def _same(a: Floating, b: Floating) -> bool:
    """The same shape, position and size (the paragraph and anchor offset are set by the layout, not the shape)."""
    return replace(a, paragraph=0, anchor_chars=0) == replace(b, paragraph=0, anchor_chars=0)
