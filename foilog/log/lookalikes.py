"""Look-alike identifiers and unsafe file names: what reads the same must be the same.

``RТ/2025/001`` (a Cyrillic Т), ``RT/2025/００1`` (full-width digits) and
``RT/2025/001`` look identical in the archive, yet are three references with
three web addresses. A reference is published and must match the letter, so
foilog does not quietly normalise such input (the folder, the web address and
the text would then disagree with the file): it is an **error** that names each
offending character by its Unicode name and shows the value to type instead.

Three kinds of character are refused in identifiers (references, previous
references, attachment paths; topic ids are plain ASCII by the schema already):

- characters that Unicode normalisation NFKC changes (full-width forms,
  ligatures, superscripts, mathematical letters);
- characters of other scripts that look like a Latin letter or a digit
  (:data:`LOOK_ALIKES`: Cyrillic, Greek and a few Latin variants such as the
  dotless ı);
- invisible characters: controls, format characters (bidi overrides and
  isolates, zero-width spaces and joiners, the byte-order mark) and the
  default-ignorable fillers.

Two identifiers that differ only in look-alike characters (``RT/2025/001``
and ``RT/2025/OO1``) are found by comparing *skeletons*, the method of Unicode
TR39 (section 4, "Confusable Detection"): each character is mapped to a
prototype and the results compared. The full TR39 table (``confusables.txt``,
about 6,000 mappings) would need a dependency (PyICU's ``SpoofChecker``) or a
vendored data file; foilog's identifiers are Latin letters, digits and
punctuation, so a compact table of the confusables of those characters is
enough (:data:`LOOK_ALIKES`, :data:`ASCII_LOOK_ALIKES`). Anything that maps
to no prototype is left as it is: Welsh ŵ and ŷ are letters of their own.

File names (folders and files under ``content/``, ``responses/``,
``overrides/``) with invisible characters are refused from ``check`` as from
the build, like symbolic links (:mod:`foilog.log.links`): a bidi override makes
``report<U+202E>fdp.exe`` read as ``reportexe.pdf``, a newline splits a log line.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path

from foilog.log.findings import Category, Finding, escape_char

RULE = "unsafe-file-name"
NAME_ADVICE = "rename it using letters, digits, '-', '_' and '.' only"
MAX_REPORTED = 200
"""Unsafe names reported per folder; more are summed up in one last finding."""

#: Characters of other scripts (and Latin variants) that look like a Latin letter or an ASCII digit, by prototype.
#: From the Latin, Cyrillic and Greek entries of Unicode's confusables.txt (TR39) whose prototype is ASCII.
_BY_PROTOTYPE: dict[str, str] = {
    "A": "\u0410\u0391\u13aa",  # А Α Ꭺ
    "B": "\u0412\u0392\u13f4",  # В Β Ᏼ
    "C": "\u0421\u03f9\u13df",  # С Ϲ Ꮯ
    "D": "\u13a0",  # Ꭰ
    "E": "\u0415\u0395\u13ac",  # Е Ε Ꭼ
    "G": "\u050c",  # Ԍ
    "H": "\u041d\u0397\u13bb",  # Н Η Ꮋ
    "I": "\u0406\u0399\u04c0",  # І Ι Ӏ
    "J": "\u0408\u037f",  # Ј Ϳ
    "K": "\u041a\u039a\u212a",  # К Κ K (Kelvin sign; NFKC maps it too)
    "M": "\u041c\u039c",  # М Μ
    "N": "\u039d",  # Ν
    "O": "\u041e\u039f\u0555",  # О Ο Օ
    "P": "\u0420\u03a1",  # Р Ρ
    "Q": "\u051a",  # Ԛ
    "S": "\u0405\u054f",  # Ѕ Տ
    "T": "\u0422\u03a4",  # Т Τ
    "V": "\u0474",  # Ѵ
    "W": "\u051c",  # Ԝ
    "X": "\u0425\u03a7",  # Х Χ
    "Y": "\u04ae\u03a5",  # Ү Υ
    "Z": "\u0396",  # Ζ
    "a": "\u0430\u03b1\u0251",  # а α ɑ
    "c": "\u0441\u03f2\u1d04",  # с ϲ ᴄ
    "d": "\u0501",  # ԁ
    "e": "\u0435",  # е
    "g": "\u0261",  # ɡ
    "h": "\u04bb\u0570",  # һ հ
    "i": "\u0456\u0131\u03b9\u0269",  # і ı ι ɩ
    "j": "\u0458\u03f3",  # ј ϳ
    "n": "\u0578",  # ո
    "o": "\u043e\u03bf\u03c3\u0585",  # о ο σ օ
    "p": "\u0440\u03c1",  # р ρ
    "q": "\u051b",  # ԛ
    "s": "\u0455",  # ѕ
    "u": "\u057d",  # ս
    "v": "\u03bd\u0475",  # ν ѵ
    "w": "\u051d",  # ԝ
    "x": "\u0445",  # х
    "y": "\u0443",  # у
    "3": "\u0417\u04e0",  # З Ӡ
}
LOOK_ALIKES: dict[str, str] = {char: prototype for prototype, chars in _BY_PROTOTYPE.items() for char in chars}
"""Non-ASCII character -> the ASCII letter or digit it looks like (an error wherever an identifier holds one)."""

ASCII_LOOK_ALIKES: dict[str, str] = {"0": "O", "1": "l", "I": "l", "|": "l"}
"""ASCII characters that look like each other in many fonts, mapped to one prototype (for skeletons only).

TR39 maps these too. Each is a fine character on its own; only two identifiers
that differ in nothing else are an error.
"""

_TO_PROTOTYPE = str.maketrans(LOOK_ALIKES)
_ASCII_TO_PROTOTYPE = str.maketrans(ASCII_LOOK_ALIKES)

#: Invisible characters that are not format or control characters: fillers and variation selectors.
_IGNORABLE = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180e\u180f\u3164\uffa0" + "".join(map(chr, range(0xFE00, 0xFE10)))
)
#: Controls (Cc), format characters (Cf: bidi controls, zero-width characters, BOM, soft hyphen),
#: line and paragraph separators, and surrogates (a file name that is not valid UTF-8).
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})


def invisible(char: str) -> bool:
    """Whether ``char`` shows nothing (or moves other text) where it stands."""
    return unicodedata.category(char) in _INVISIBLE_CATEGORIES or char in _IGNORABLE or 0xE0100 <= ord(char) <= 0xE01EF


#: Names of the controls Unicode gives no character name (only an alias).
_CONTROL_NAMES = {
    "\x00": "NULL",
    "\t": "CHARACTER TABULATION",
    "\n": "LINE FEED",
    "\r": "CARRIAGE RETURN",
    "\x1b": "ESCAPE",
    "\x7f": "DELETE",
    "\x85": "NEXT LINE",
}


def char_name(char: str) -> str:
    """``U+0422 CYRILLIC CAPITAL LETTER TE``: how a character is named in messages (its look does not help)."""
    name = unicodedata.name(char, "") or _CONTROL_NAMES.get(char, "")
    return f"U+{ord(char):04X} {name}" if name else f"U+{ord(char):04X}"


def shown(text: str) -> str:
    """``text`` with every non-printable character written as an escape, so a message shows where it is."""
    return "".join(ch if ch.isprintable() else escape_char(ch) for ch in text)


def _retyped(text: str) -> str:
    """``text`` as it should be typed: NFKC, no invisible characters, look-alikes replaced by what they look like."""
    if text.isascii() and text.isprintable():
        return text  # the usual case, and nothing to change (a log may hold 50,000 references)
    normal = unicodedata.normalize("NFKC", "".join(ch for ch in text if not invisible(ch)))
    return normal.translate(_TO_PROTOTYPE)


def _offending(text: str) -> Iterator[str]:
    """One description per distinct offending character of ``text``, in order of appearance."""
    for char in dict.fromkeys(text):
        if invisible(char):
            yield f"{char_name(char)} (invisible)"
        elif (normal := unicodedata.normalize("NFKC", char)) != char:
            yield f"{char_name(char)} (normalises to '{shown(normal)}')"
        elif char in LOOK_ALIKES:
            yield f"{char_name(char)} (looks like '{LOOK_ALIKES[char]}')"


def identifier_problem(value: str) -> str | None:
    """Why ``value`` cannot be an identifier as typed, with the fix; None when it is fine.

    Decomposed text (``w`` + a combining circumflex) is not a problem in
    itself, but NFKC composes it, so it is reported too: type the letter.
    """
    if value.isascii() and value.isprintable():
        return None  # printable ASCII: nothing invisible, nothing NFKC changes, no look-alike of another script
    found = list(_offending(value))
    if not found and unicodedata.normalize("NFKC", value) == value:
        return None
    if not found:
        found = ["decomposed letters (normalisation composes them)"]
    fix = _retyped(value)
    retype = f"retype it as '{shown(fix)}'" if fix else "retype it"
    return f"'{shown(value)}' contains {', '.join(found)}; {retype} (with the characters on the letter, not look-alikes)"


def skeleton(text: str, *, fold_case: bool = False) -> str:
    """The TR39-style skeleton of ``text``: equal skeletons look the same.

    Without ``fold_case`` the comparison keeps case and merges the tall
    strokes (``I``, ``l``, ``1``, ``|``) and ``0`` with ``O``. With it, case
    is ignored (web addresses are lower case, so ``RT`` and ``rt`` meet anyway)
    but the tall strokes are not merged: lower-casing would otherwise make an
    ``L`` the twin of an ``I``.
    """
    base = _retyped(text)
    if fold_case:
        return base.replace("0", "O").casefold()
    return base.translate(_ASCII_TO_PROTOTYPE)


def skeletons(text: str) -> tuple[str, ...]:
    """The distinct skeletons of ``text``: two identifiers look the same if one of them is equal."""
    base = _retyped(text)
    return tuple(dict.fromkeys((base.translate(_ASCII_TO_PROTOTYPE), base.replace("0", "O").casefold())))


def unsafe_name_chars(name: str) -> list[str]:
    """The invisible characters of a file name, each named (empty when the name is safe)."""
    if name.isascii() and name.isprintable():
        return []  # printable ASCII shows every character (asked of every file of the log, before each build)
    return [
        f"{char_name(char)} (a byte that is not UTF-8)" if unicodedata.category(char) == "Cs" else char_name(char)
        for char in dict.fromkeys(name)
        if invisible(char)
    ]


def _shown_path(path: Path, root: Path) -> str:
    try:
        rel = path.relative_to(root).as_posix()
    except ValueError:
        rel = path.as_posix()
    return shown(rel)


def name_finding(path: Path, root: Path) -> Finding:
    """The error for one file or folder whose name holds invisible characters."""
    named = ", ".join(unsafe_name_chars(path.name))
    return Finding(
        _shown_path(path, root),
        rule=RULE,
        category=Category.UNSAFE_FILE,
        message=f"the name contains {named}, which a reader does not see (or which reorders the name); {NAME_ADVICE}",
    )


def _unsafe_names_under(folder: Path) -> Iterator[Path]:
    """Every file or folder below ``folder`` with an unsafe name, without following links or entering such a folder."""
    for here, dirs, files in os.walk(folder, followlinks=False):
        dirs.sort()
        base = Path(here)
        for name in sorted([*dirs, *files]):
            if unsafe_name_chars(name):
                yield base / name
        dirs[:] = [d for d in dirs if not unsafe_name_chars(d)]


def find_unsafe_names(folders: Sequence[Path], root: Path) -> list[Finding]:
    """An error for each file or folder under ``folders`` whose name holds invisible characters.

    Folders that are symbolic links are not walked (:mod:`foilog.log.links` reports them).
    """
    findings: list[Finding] = []
    for folder in folders:
        if folder.is_symlink() or not folder.is_dir():
            continue
        found = list(_unsafe_names_under(folder))
        findings += [name_finding(path, root) for path in found[:MAX_REPORTED]]
        if len(found) > MAX_REPORTED:
            findings.append(
                Finding(
                    _shown_path(folder, root),
                    rule=RULE,
                    category=Category.UNSAFE_FILE,
                    message=f"{len(found) - MAX_REPORTED:,} more file name(s) with invisible characters in this folder; {NAME_ADVICE}",
                )
            )
    return findings
