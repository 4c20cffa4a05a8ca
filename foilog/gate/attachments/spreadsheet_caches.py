"""Stores Excel keeps beside the sheets: comments and notes, pivot-table caches, external-link caches.

Comments are hidden until hovered over and name their authors; a pivot cache
keeps a copy of its source rows even after the source sheet is deleted
(Islington 2012); an external link keeps values from another file and reveals
its path. openpyxl drops several of these, so they are read from the parts.
"""

from __future__ import annotations

import re

from foilog.gate.attachments._common import Inspection, TextBudget, hidden, plural
from foilog.gate.attachments.ooxml import Package, local
from foilog.log.findings import Severity


def comments(pkg: Package, out: Inspection, path: str, budget: TextBudget, store: list[str]) -> None:
    texts: list[str] = []
    authors: set[str] = set()
    for part in pkg.names:
        low = part.lower()
        if re.fullmatch(r"xl/comments[^/]*\.xml|xl/comments/[^/]+\.xml", low):
            root = pkg.xml(part)
            for el in root.iter() if root is not None else ():
                if local(el.tag) == "author" and el.text:
                    authors.add(el.text)
                elif local(el.tag) == "comment":
                    texts.append("".join(el.itertext()))
        elif low.startswith("xl/threadedcomments/") and low.endswith(".xml"):
            root = pkg.xml(part)
            for el in root.iter() if root is not None else ():
                if local(el.tag) == "text":
                    texts.append(el.text or "")
        elif low.startswith("xl/persons/") and low.endswith(".xml"):
            root = pkg.xml(part)
            for el in root.iter() if root is not None else ():
                if el.get("displayName"):
                    authors.add(el.get("displayName", ""))
    texts = [t for t in texts if t.strip()]
    if texts or authors:
        store.extend(budget.take(t) for t in texts)
        out.metadata.extend(("comment author", a) for a in sorted(authors))
        out.findings.append(
            hidden(
                path,
                "xlsx-comments",
                f"the workbook has {plural(len(texts), 'comment')} by {plural(len(authors), 'named author')}; "
                "comments are hidden until hovered over and name their authors: delete them and save "
                "a clean copy, or publish CSV",
                values=texts or sorted(authors),
            )
        )


def pivot_caches(pkg: Package, out: Inspection, path: str, sheets: set[str], budget: TextBudget, store: list[str]) -> None:
    parts = [n for n in pkg.names if n.lower().startswith("xl/pivotcache/") and n.lower().endswith(".xml")]
    if not parts:
        return
    values: list[str] = []
    records = 0
    orphaned = set()
    for part in sorted(parts):
        for event, el in pkg.iterparse(part):
            if event != "end":
                continue
            tag = local(el.tag)
            if tag == "r":
                records += 1
                el.clear()
            elif tag in ("s", "d") and el.get("v"):
                values.append(budget.take(el.get("v", "")))
            elif tag == "cacheField" and el.get("name"):
                values.append(budget.take(el.get("name", "")))
            elif tag == "worksheetSource" and el.get("sheet") and el.get("sheet") not in sheets:
                orphaned.add(el.get("sheet", ""))
    store.append("\n".join(values))
    gone = f" (its source sheet '{sorted(orphaned)[0]}' is no longer in the workbook, but the data is)" if orphaned else ""
    out.findings.append(
        hidden(
            path,
            "xlsx-pivot-cache",
            f"the workbook keeps a pivot-table cache with {plural(records, 'source record')} and "
            f"{plural(len(values), 'stored value')}{gone}; the cache holds a copy of the source data even "
            "when it is not shown: delete the pivot table and its source and save a clean copy, "
            "or publish the summary as CSV",
            values=values,
        )
    )


def external_links(pkg: Package, out: Inspection, path: str, store: list[str]) -> None:
    for part in sorted(n for n in pkg.names if re.fullmatch(r"xl/externalLinks/[^/]+\.xml", n)):
        targets = [t for _, t, ext in pkg.rels(part).values() if ext]
        root = pkg.xml(part)
        cached = [el.text or "" for el in (root.iter() if root is not None else ()) if local(el.tag) == "v"]
        cached = [c for c in cached if c.strip()]
        store.extend(cached)
        out.findings.append(
            hidden(
                path,
                "xlsx-external-link",
                "the workbook links to another file"
                + (f" and keeps {plural(len(cached), 'cached value')} from it" if cached else "")
                + "; the link reveals file paths (often with user names) and the cache holds data from "
                "the other file: break the links (Data > Edit Links > Break Link) and save a clean copy",
                severity=Severity.ERROR if cached else Severity.WARNING,
                values=targets + cached,
            )
        )
