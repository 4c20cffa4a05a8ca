"""Scanning text-like files (.txt, .md, .yml, .csv, .html) for personal data.

Files are read as bytes so that a broken encoding becomes an ``invalid-data``
finding with the exact line and byte offset instead of a crash -- and the
file is still scanned (with replacement characters), because a leak gate
that stops at the first odd byte lets everything after it through.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path

from foilog.gate.textscan.config import DEFAULT_CONFIG, CompiledConfig, TextScanConfig
from foilog.gate.textscan.engine import RawFinding, acknowledge, scan_text_raw
from foilog.log.findings import Category, Finding, Severity

#: Larger files are not scanned (a disclosure letter is a few kilobytes).
MAX_TEXT_BYTES = 5 * 1024 * 1024
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".yml", ".yaml", ".csv", ".tsv", ".html", ".htm"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
#: Markdown joins a paragraph's lines, so numbers wrapped across them are looked for too.
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})

#: A tag, or the ``<!--``/``-->`` of a comment (whose body is text), captured so that ``split`` keeps it:
#: ``<``, then plain characters and quoted strings (which may hold ``<`` and ``>``) up to ``>``. Written
#: unrolled (a run of plain characters, then quoted strings each followed by one): the same tags as
#: ``<(?:[^<>"']|"[^"]*"|'[^']*')*>`` without trying three alternatives at each character.
_TAG_SPLIT = re.compile(r"""(<!--|-->|<[^<>"']*(?:(?:"[^"]*"|'[^']*')[^<>"']*)*>)""")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _unescape(match: re.Match[str]) -> str:
    return html.unescape(match.group()).replace("\n", " ").replace("\r", " ")


def decode_entities(text: str) -> str:
    """``text`` with its HTML entities decoded, each on one line (a decoded line break would move the lines after it)."""
    return _ENTITY.sub(_unescape, text) if "&" in text else text


def split_html(source: str) -> list[str]:
    """``source`` split at its tags: text, tag, text, tag, ..., text (one pass in C; the texts may be empty)."""
    return _TAG_SPLIT.split(source)


def html_parts_text(parts: Sequence[str]) -> str:
    """The text of :func:`split_html`'s parts: each tag one space, plus any line breaks it spanned so line numbers hold;
    entities decoded."""
    stripped = " ".join(parts[0::2])
    if "\n" in "".join(parts[1::2]):
        stripped = "".join(piece if n % 2 == 0 else " " + "\n" * piece.count("\n") for n, piece in enumerate(parts))
    return decode_entities(stripped)


def html_to_text(source: str) -> str:
    """Strip HTML tags but keep line numbers; keep comment text and decode entities.

    Comment bodies are kept (only ``<!--`` and ``-->`` go) because text hidden
    in a comment is still published.  Entities are decoded so ``jane&#64;x.org``
    is seen as an e-mail address.
    """
    return html_parts_text(split_html(source))


def _too_large(display_path: str, size: int) -> Finding:
    return Finding(
        path=display_path,
        rule="personal-data-scan-skipped",
        category=Category.UNSAFE_FILE,
        severity=Severity.ERROR,
        message=(
            f"The file is too large to check for personal data ({size / 1048576:.1f} MB; the limit is "
            f"{MAX_TEXT_BYTES // 1048576} MB). Split it into smaller files or publish a smaller extract, "
            "then run the check again."
        ),
    )


def _decode(raw: bytes, display_path: str) -> tuple[str, list[Finding]]:
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        finding = Finding(
            path=display_path,
            line=line,
            rule="text-encoding",
            category=Category.INVALID_DATA,
            severity=Severity.ERROR,
            message=(
                f"The file is not valid UTF-8 (the first invalid byte is at byte offset {exc.start}). "
                "Save it as UTF-8 and run the check again; the rest of the file was checked "
                "with the bad bytes replaced."
            ),
        )
        return raw.decode("utf-8-sig", errors="replace"), [finding]


def text_mode(path: Path) -> tuple[bool, bool]:
    """How a file is scanned, by its suffix: ``(html, soft_breaks)`` (HTML reduced to text; Markdown's soft breaks)."""
    suffix = path.suffix.lower()
    return suffix in HTML_SUFFIXES, suffix in MARKDOWN_SUFFIXES


def scan_bytes_raw(
    raw: bytes,
    *,
    display_path: str,
    config: TextScanConfig | CompiledConfig = DEFAULT_CONFIG,
    html: bool = False,
    soft_breaks: bool = False,
) -> list[RawFinding]:
    """What :func:`scan_file_text` finds in a file's bytes, before acknowledgements (see :class:`RawFinding`)."""
    if len(raw) > MAX_TEXT_BYTES:
        return [RawFinding(_too_large(display_path, len(raw)))]
    text, problems = _decode(raw, display_path)
    if html:
        text = html_to_text(text)
    found = scan_text_raw(text, path=display_path, config=config, soft_breaks=soft_breaks)
    return [RawFinding(p) for p in problems] + found


def scan_file_text(
    path: Path,
    *,
    display_path: str,
    config: TextScanConfig | CompiledConfig = DEFAULT_CONFIG,
    acknowledgements: Sequence[tuple[str, str]] = (),
    soft_breaks: bool | None = None,
) -> list[Finding]:
    """Scan a text-like file; HTML is reduced to text first with line numbers kept.

    ``soft_breaks`` (see :func:`scan_text`) defaults to on for Markdown files.

    Files over 5 MB are not scanned: an ``unsafe-file`` error says so, because
    an unchecked file must not be published silently.  Bytes that are not
    UTF-8 produce an ``invalid-data`` finding and the file is still scanned.
    Suffixes outside :data:`TEXT_SUFFIXES` are scanned as plain text.
    """
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        return [_too_large(display_path, size)]
    html, markdown = text_mode(path)
    found = scan_bytes_raw(
        path.read_bytes(), display_path=display_path, config=config, html=html, soft_breaks=markdown if soft_breaks is None else soft_breaks
    )
    return acknowledge(found, acknowledgements)
