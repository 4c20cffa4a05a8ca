"""Hidden content in .docx files, read from the raw WordprocessingML.

python-docx silently drops tracked changes, so the XML is streamed directly:
deleted text (``w:delText`` inside ``w:del``), insertions and moves stay in
the file until someone accepts them, and comments, hidden (``w:vanish``)
runs and the people list travel with every copy. Each run's effective
formatting is resolved (:mod:`.word_format`), so text coloured like what is
behind it (a black highlighter over black text, white text on a white page)
and text too small to read count as hidden; every part of the package is
accounted for (:mod:`.ooxml_parts`).
"""

from __future__ import annotations

from pathlib import Path

from foilog.gate.attachments._common import PERSON_FIELDS, FileRefused, Inspection, TextBudget, hidden, plural, property_finding
from foilog.gate.attachments._model import Limits
from foilog.gate.attachments.ooxml import Package, attr, check_media, local
from foilog.gate.attachments.ooxml_colour import theme_colours
from foilog.gate.attachments.ooxml_parts import check_parts, custom_xml_items
from foilog.gate.attachments.word_format import Formats, colour_of
from foilog.gate.attachments.word_shapes import Cover, cover_message
from foilog.gate.attachments.word_stores import chunk_text
from foilog.gate.attachments.word_story import Passage, Story, read_story
from foilog.log.findings import Severity

_FIX_CHANGES = "accept or reject all changes (Review > Accept All), then save a clean copy or publish PDF"
_FIX_COVERED = "remove the text itself (and use Word's redaction or a PDF redaction tool), do not cover it"
#: Person fields of Word's properties (normalised: lower case, no spaces): authors and the people list.
_PERSON_FIELDS = PERSON_FIELDS | {"peoplelist"}
_STORY_TYPES = ("header", "footer", "footnotes", "endnotes")


def _comments(pkg: Package, part: str, budget: TextBudget) -> tuple[list[str], set[str]]:
    texts: list[str] = []
    authors: set[str] = set()
    root = pkg.xml(part)
    for comment in root if root is not None else ():
        if local(comment.tag) != "comment":
            continue
        if attr(comment, "author"):
            authors.add(attr(comment, "author") or "")
        texts.append(budget.take(" ".join(t for t in comment.itertext() if t.strip())))
    return texts, authors


def _people(pkg: Package, part: str) -> list[str]:
    root = pkg.xml(part)
    return [attr(p, "author") or "" for p in (root if root is not None else ()) if attr(p, "author")]


def _page_colour(pkg: Package, main: str, settings: str | None, formats_theme: list[str]) -> str | None:
    """The page colour (Design > Page Color) when Word shows it (``w:displayBackgroundShape`` in settings)."""
    root = pkg.xml(settings) if settings else None
    if root is None or not any(local(el.tag) == "displayBackgroundShape" for el in root):
        return None
    for event, el in pkg.iterparse(main):
        if event != "start":
            continue
        tag = local(el.tag)
        if tag == "body":
            return None
        if tag == "background":
            colour = colour_of(formats_theme, el)
            return None if colour == "auto" else colour
    return None


def _places(passages: list[Passage]) -> str:
    """ "paragraph 12" or "paragraph 12 and 3 other places (paragraph 14, footer paragraph 1, ...)"."""
    places = list(dict.fromkeys(p.place for p in passages))
    if len(places) == 1:
        return places[0]
    rest = places[1:]
    listed = ", ".join(rest[:4]) + (", ..." if len(rest) > 4 else "")
    return f"{places[0]} and {plural(len(rest), 'other place')} ({listed})"


def _hidden_findings(display: str, passages: list[Passage]) -> list:
    """One finding per rule, naming where the passages are and how they are hidden."""
    out = []
    for rule in dict.fromkeys(p.rule for p in passages):
        group = [p for p in passages if p.rule == rule]
        where = _places(group)
        values = [p.text for p in group]
        if rule == "docx-hidden-text":
            message = (
                f"{where}: the document has {plural(len(group), 'passage')} of hidden text (formatted as hidden, so not "
                "shown or printed but still in the file); delete it (File > Info > Check for Issues > Inspect Document > "
                "Hidden Text) and save a clean copy"
            )
        else:
            reasons = list(dict.fromkeys(p.reason for p in group))
            how = reasons[0] + (f" (and {plural(len(reasons) - 1, 'other way')}: {'; '.join(reasons[1:3])})" if len(reasons) > 1 else "")
            what = "text is" if rule == "docx-text-same-colour" or how.startswith("squeezed") else "text is set in"
            message = (
                f"{where}: {what} {how}, so it cannot be seen but is still in the file ({plural(len(group), 'passage')}); {_FIX_COVERED}"
            )
        out.append(hidden(display, rule, message, values=values, extra={"places": ",".join(dict.fromkeys(p.place for p in group))[:500]}))
    return out


def _cover_findings(display: str, covers: list[Cover]) -> list:
    """One finding for the shapes over text that hide it for sure (errors), one for those that may (warnings)."""
    out = []
    for error in (True, False):
        group = [c for c in covers if c.error is error]
        if group:
            out.append(
                hidden(
                    display,
                    "docx-shape-over-text",
                    cover_message(group),
                    severity=Severity.ERROR if error else Severity.WARNING,
                    values=[under for c in group for _, under, _ in c.under],
                    extra={"places": ",".join(dict.fromkeys(f"paragraph {n}" for c in group for n, _, _ in c.under))[:500]},
                )
            )
    return out


def inspect_docx(path: Path, display: str, limits: Limits) -> Inspection:
    """Inspect a .docx file for hidden content; raises FileRefused to fail closed."""
    out = Inspection()
    budget = TextBudget(limits.max_text_chars)
    with Package(path, limits) as pkg:
        pkg.check_macros()
        main = next((t for typ, t, ext in pkg.rels("").values() if typ == "officeDocument" and not ext), "word/document.xml")
        if not pkg.has(main):
            raise FileRefused("unsafe-unparseable", "the file has no document part; re-save it from Word")
        rels = pkg.rels(main)
        linked = {typ: target for typ, target, ext in rels.values() if not ext and pkg.has(target)}
        theme = theme_colours(pkg)
        styles_part = linked.get("styles") or ("word/styles.xml" if pkg.has("word/styles.xml") else None)
        formats = Formats(pkg, styles_part, theme, _page_colour(pkg, main, linked.get("settings"), theme))
        story = Story()
        read_story(pkg, main, formats, story, budget)
        stories = sorted(
            {t for typ, t, ext in rels.values() if typ in _STORY_TYPES and not ext and pkg.has(t)},
            key=lambda n: (_STORY_TYPES.index(next(typ for typ, t, _ in rels.values() if t == n)), n),
        )
        for part in stories:
            read_story(pkg, part, formats, story, budget)
        glossary = linked.get("glossaryDocument")
        if glossary:
            read_story(pkg, glossary, formats, story, budget, shown=False)
        comments_part = linked.get("comments") or "word/comments.xml"
        comments, comment_authors = _comments(pkg, comments_part, budget) if pkg.has(comments_part) else ([], set())
        people_part = linked.get("people") or "word/people.xml"
        people = _people(pkg, people_part) if pkg.has(people_part) else []

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
        out.findings.extend(_hidden_findings(display, story.hidden))
        out.findings.extend(_cover_findings(display, story.covers))
        out.stored.extend(story.stored)
        out.stored.extend(custom_xml_items(pkg))
        links = [t for part in [main, *stories] for typ, t, ext in pkg.rels(part).values() if ext and typ == "hyperlink"]
        hovered = list(dict.fromkeys(links + story.fields))
        if hovered:
            out.stored.append(
                ("link addresses and field codes of the document (seen only when hovering or showing field codes)", "\n".join(hovered))
            )

        chunks: list[tuple[str, str]] = []
        for rid, where in story.chunks:
            rtype, target, external = rels.get(rid, ("", "", True))
            if rtype == "aFChunk" and not external and pkg.has(target):
                text = chunk_text(pkg, target)
                chunks.append((f"inserted file {target} (altChunk) after {where}", budget.take(text)))
        if chunks:
            out.findings.append(
                hidden(
                    display,
                    "docx-alt-chunk",
                    f"{chunks[0][0].split(' after ', 1)[1]}: the document pulls in "
                    f"{plural(len(chunks), 'other file')} ({', '.join(c[0].split(' (')[0].removeprefix('inserted file ') for c in chunks[:3])}) "
                    "that Word shows in place but other readers may not; its text was checked with the rest: open the "
                    "document in Word and save it as a new file (which merges the inserted file into the text), or publish PDF",
                    severity=Severity.WARNING,
                    values=[t for _, t in chunks],
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
            person_fields=_PERSON_FIELDS,
            fix="clear them (File > Info > Check for Issues > Inspect Document > Document Properties and Personal Information)",
        )
        if found:
            out.findings.append(found)
        check_media(pkg, out, display, "word/")
        check_parts(pkg, out, display, "docx")

        body = "".join(story.text)
        sections = [body]
        locations = [*story.lines, "end of document"][: body.count("\n") + 1]
        extras: list[tuple[list[str], str | list[str]]] = [
            (comments, "comment"),
            (story.deleted, "deleted text (tracked change)"),
            ([t for _, t in story.alt_text], [w for w, _ in story.alt_text]),
        ]
        extras += [([t], w) for w, t in chunks]
        for texts, place in extras:
            texts = [" ".join(t.split()) if isinstance(place, list) else t for t in texts if t.strip()]
            if not texts:
                continue
            joined = "\n".join(texts)
            sections.append(joined)
            if isinstance(place, list):
                locations += [place[0], *place]  # the blank line before the section, then one line each
            else:
                locations += [place] * (joined.count("\n") + 2)
        out.text_pages.append("\n\n".join(sections))
        out.locations.append(locations)
    return out
