"""Hidden content in .docx files, read from the raw WordprocessingML.

python-docx silently drops tracked changes, so the XML is streamed directly:
deleted text (``w:delText`` inside ``w:del``), insertions and moves stay in
the file until someone accepts them, and comments, hidden (``w:vanish``)
runs and the people list travel with every copy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ._common import FileRefused, Inspection, TextBudget, hidden, plural, property_finding
from ._model import Limits
from .ooxml import Package, attr, check_media, local

_STORIES = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes|glossary/document)\.xml")
_CHANGES = {"ins": "insertion", "del": "deletion", "moveFrom": "move", "moveTo": "move"}
_FIX_CHANGES = "accept or reject all changes (Review > Accept All), then save a clean copy or publish PDF"


@dataclass
class _Story:
    text: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    inserted: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    changes: int = 0
    authors: set[str] = field(default_factory=set)


def _vanish_styles(pkg: Package) -> set[str]:
    """Character/paragraph style ids whose run properties hide text."""
    root = pkg.xml("word/styles.xml")
    found: set[str] = set()
    if root is None:
        return found
    for style in root:
        if local(style.tag) != "style":
            continue
        for rpr in style:
            if local(rpr.tag) == "rPr" and any(_on(v) for v in rpr if local(v.tag) in ("vanish", "specVanish")):
                found.add(attr(style, "styleId") or "")
    return found


def _on(el: object) -> bool:
    val = attr(el, "val")  # type: ignore[arg-type]
    return val is None or val.lower() not in ("0", "false", "off")


def _read_story(pkg: Package, part: str, vanish_styles: set[str], story: _Story, budget: TextBudget) -> None:
    stack: list[str] = []
    run_hidden = False
    for event, el in pkg.iterparse(part):
        tag = local(el.tag)
        if event == "start":
            stack.append(tag)
            if tag == "r":
                run_hidden = False
            elif tag in _CHANGES:  # includes tracked paragraph marks and table rows
                story.changes += 1
                if attr(el, "author"):
                    story.authors.add(attr(el, "author") or "")
            continue
        stack.pop()
        in_run_props = len(stack) >= 2 and stack[-1] == "rPr" and stack[-2] == "r"
        hides = (tag in ("vanish", "specVanish") and _on(el)) or (tag == "rStyle" and attr(el, "val") in vanish_styles)
        if hides and in_run_props:
            run_hidden = True
        elif tag in ("t", "delText") and el.text:
            text = budget.take(el.text)
            if tag == "delText" or "del" in stack or "moveFrom" in stack:
                story.deleted.append(text)
            else:
                story.text.append(text)
                if "ins" in stack or "moveTo" in stack:
                    story.inserted.append(text)
                if run_hidden:
                    story.hidden.append(text)
        elif tag == "tab" and "r" in stack:
            story.text.append("\t")
        elif tag in ("br", "cr"):
            story.text.append("\n")
        elif tag == "p":
            story.text.append("\n")
            el.clear()


def _comments(pkg: Package, budget: TextBudget) -> tuple[list[str], set[str]]:
    texts: list[str] = []
    authors: set[str] = set()
    root = pkg.xml("word/comments.xml")
    for comment in root if root is not None else ():
        if local(comment.tag) != "comment":
            continue
        if attr(comment, "author"):
            authors.add(attr(comment, "author") or "")
        texts.append(budget.take(" ".join(t for t in comment.itertext() if t.strip())))
    return texts, authors


def _people(pkg: Package) -> list[str]:
    root = pkg.xml("word/people.xml")
    return [attr(p, "author") or "" for p in (root if root is not None else ()) if attr(p, "author")]


def inspect_docx(path: Path, display: str, limits: Limits) -> Inspection:
    """Inspect a .docx file for hidden content; raises FileRefused to fail closed."""
    out = Inspection()
    budget = TextBudget(limits.max_text_chars)
    with Package(path, limits) as pkg:
        pkg.check_macros()
        if not pkg.has("word/document.xml"):
            raise FileRefused("unsafe-unparseable", "the file has no document part; re-save it from Word")
        vanish_styles = _vanish_styles(pkg)
        story = _Story()
        parts = sorted((n for n in pkg.names if _STORIES.fullmatch(n)), key=lambda n: n != "word/document.xml")
        for part in parts:
            _read_story(pkg, part, vanish_styles, story, budget)
        comments, comment_authors = _comments(pkg, budget)
        people = _people(pkg)

        if story.changes:
            kinds = f"{plural(len(story.deleted), 'deleted passage')}, {plural(len(story.inserted), 'inserted passage')}"
            out.findings.append(
                hidden(
                    display,
                    "docx-tracked-changes",
                    f"the document has {plural(story.changes, 'tracked change')} ({kinds}) by "
                    f"{plural(len(story.authors), 'named author')}; deleted text is still in the file: "
                    f"{_FIX_CHANGES}",
                    values=story.deleted or story.inserted or sorted(story.authors),
                )
            )
        if comments or comment_authors:
            out.findings.append(
                hidden(
                    display,
                    "docx-comments",
                    f"the document has {plural(len(comments), 'comment')} by "
                    f"{plural(len(comment_authors), 'named author')}; delete all comments (Review > Delete > "
                    "Delete All Comments in Document) and save a clean copy, or publish PDF without markup",
                    values=comments or sorted(comment_authors),
                )
            )
        if story.hidden:
            out.findings.append(
                hidden(
                    display,
                    "docx-hidden-text",
                    f"the document has {plural(len(story.hidden), 'passage')} of hidden text (formatted as "
                    "hidden, so not shown or printed but still in the file); delete it (File > Info > "
                    "Check for Issues > Inspect Document > Hidden Text) and save a clean copy",
                    values=story.hidden,
                )
            )
        props = pkg.properties()
        props += [("people list", p) for p in people]
        out.metadata.extend(props)
        out.metadata.extend(("tracked change author", a) for a in sorted(story.authors))
        out.metadata.extend(("comment author", a) for a in sorted(comment_authors))
        found = property_finding(
            display,
            "docx-properties",
            props,
            person_fields={"creator", "lastmodifiedby", "company", "manager", "people list", "author"},
            fix="clear them (File > Info > Check for Issues > Inspect Document > Document Properties and Personal Information)",
        )
        if found:
            out.findings.append(found)
        check_media(pkg, out, display, "word/")
        body = "".join(story.text)
        sections = [body]
        if comments:
            sections.append("\n".join(comments))
        if story.deleted:
            sections.append("\n".join(story.deleted))
        out.text_pages.append("\n\n".join(sections))
    return out
