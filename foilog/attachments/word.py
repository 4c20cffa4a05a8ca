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
    #: Where each line of ``text`` is ("paragraph 12", "header paragraph 1"), one per line break.
    lines: list[str] = field(default_factory=list)


@dataclass
class _VanishStyles:
    """Which styles hide text (``w:vanish``), resolved through ``basedOn``, and the defaults."""

    styles: dict[str, bool] = field(default_factory=dict)
    default_paragraph: str | None = None
    document_default: bool = False

    def run_hidden(self, direct: bool | None, char_style: str | None, para_style: str | None) -> bool:
        """Direct formatting wins, then the character style, the paragraph style, the document default."""
        if direct is not None:
            return direct
        if char_style is not None and char_style in self.styles:
            return self.styles[char_style]
        style = para_style if para_style is not None else self.default_paragraph
        if style is not None and style in self.styles:
            return self.styles[style]
        return self.document_default


def _rpr_vanish(rpr: object) -> bool | None:
    """True/False when a ``w:rPr`` element sets ``w:vanish``, None when it does not mention it."""
    for v in rpr:  # type: ignore[attr-defined]
        if local(v.tag) == "vanish":
            return _on(v)
    return None


def _vanish_styles(pkg: Package) -> _VanishStyles:
    """Resolve ``w:vanish`` for every style in styles.xml (paragraph, character, linked) and docDefaults."""
    root = pkg.xml("word/styles.xml")
    result = _VanishStyles()
    if root is None:
        return result
    own: dict[str, bool | None] = {}
    based: dict[str, str] = {}
    for style in root:
        kind = local(style.tag)
        if kind == "docDefaults":
            for el in style.iter():
                if local(el.tag) == "rPr":
                    result.document_default = bool(_rpr_vanish(el))
            continue
        if kind != "style":
            continue
        sid = attr(style, "styleId") or ""
        own[sid] = None
        if attr(style, "type") == "paragraph" and (attr(style, "default") or "").lower() in ("1", "true", "on"):
            result.default_paragraph = sid
        for child in style:
            if local(child.tag) == "rPr":
                own[sid] = _rpr_vanish(child)
            elif local(child.tag) == "basedOn" and attr(child, "val"):
                based[sid] = attr(child, "val") or ""
    for sid in own:
        seen: set[str] = set()
        current: str | None = sid
        value: bool | None = None
        while current is not None and current not in seen and current in own:
            seen.add(current)
            if own[current] is not None:
                value = own[current]
                break
            current = based.get(current)
        result.styles[sid] = result.document_default if value is None else value
    return result


def _on(el: object) -> bool:
    val = attr(el, "val")  # type: ignore[arg-type]
    return val is None or val.lower() not in ("0", "false", "off")


def _part_label(part: str) -> str:
    name = part.rsplit("/", 1)[-1].removesuffix(".xml")
    if name == "document":
        return "glossary paragraph" if "glossary" in part else "paragraph"
    base = re.sub(r"\d+$", "", name).rstrip("s")
    return f"{base} paragraph"


def _read_story(pkg: Package, part: str, vanish: _VanishStyles, story: _Story, budget: TextBudget) -> None:
    stack: list[str] = []
    # Runs and paragraphs nest (a text box is a paragraph inside a run), so keep their state on stacks.
    runs: list[list[bool | str | None]] = []  # [direct vanish, character style]
    paras: list[str | None] = []  # paragraph style
    label = _part_label(part)
    number = 0

    def end_line() -> None:
        story.text.append("\n")
        story.lines.append(f"{label} {max(number, 1)}")

    for event, el in pkg.iterparse(part):
        tag = local(el.tag)
        if event == "start":
            stack.append(tag)
            if tag == "r":
                runs.append([None, None])
            elif tag == "p":
                paras.append(None)
                number += 1
            elif tag in _CHANGES:  # includes tracked paragraph marks and table rows
                story.changes += 1
                if attr(el, "author"):
                    story.authors.add(attr(el, "author") or "")
            continue
        stack.pop()
        in_run_props = len(stack) >= 2 and stack[-1] == "rPr" and stack[-2] == "r"
        if in_run_props and runs and tag in ("vanish", "specVanish"):
            runs[-1][0] = _on(el) or bool(runs[-1][0])
        elif in_run_props and runs and tag == "rStyle":
            runs[-1][1] = attr(el, "val")
        elif tag == "pStyle" and stack and stack[-1] == "pPr" and paras:
            paras[-1] = attr(el, "val")
        elif tag in ("t", "delText") and el.text:
            text = budget.take(el.text)
            if tag == "delText" or "del" in stack or "moveFrom" in stack:
                story.deleted.append(text)
            else:
                story.text.append(text)
                if "ins" in stack or "moveTo" in stack:
                    story.inserted.append(text)
                direct, char_style = runs[-1] if runs else (None, None)
                if vanish.run_hidden(direct, char_style, paras[-1] if paras else None):  # type: ignore[arg-type]
                    story.hidden.append(text)
        elif tag == "tab" and "r" in stack:
            story.text.append("\t")
        elif tag in ("br", "cr"):
            end_line()
        elif tag == "r":
            if runs:
                runs.pop()
        elif tag == "p":
            end_line()
            if paras:
                paras.pop()
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
        locations = [*story.lines, "end of document"][: body.count("\n") + 1]
        for texts, where in ((comments, "comment"), (story.deleted, "deleted text (tracked change)")):
            if texts:
                joined = "\n".join(texts)
                sections.append(joined)
                locations += [where] * (joined.count("\n") + 2)  # the blank line before the section, then its lines
        out.text_pages.append("\n\n".join(sections))
        out.locations.append(locations)
    return out
