"""``foilog init``: a new, empty disclosure log for one authority.

The files come from ``foilog/newlog/`` (package data). A name there that
starts ``dot-`` is written with a leading ``.`` (so ``.github`` and
``.gitignore`` ship in the wheel, where setuptools skips hidden files); a name
ending ``.j2`` is a Jinja2 template, filled in with the authority's details;
every other file is copied as it is. The new log has no sample data: it checks
and builds at once, and its pages carry visible ``[Replace: …]`` placeholders
that the editor replaces before the first publication (they are not findings,
so ``foilog check --strict`` passes on the new log as the issue asks).

Nothing is written unless everything is valid, and never into a folder that
holds anything: the log is made in a staging folder next to ``DIR`` and
renamed into place.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import jinja2

from foilog import __version__
from foilog.log.colours import contrast_with_white
from foilog.log.schema import json_schema_text
from foilog.log.urls import slugify

#: Material for MkDocs' named primary colours and the colour each stands for
#: (``--md-primary-fg-color`` in Material's palette stylesheet).
MATERIAL_COLOURS = {
    "red": "#ef5552",
    "pink": "#e92063",
    "purple": "#ab47bd",
    "deep-purple": "#7e56c2",
    "indigo": "#4051b5",
    "blue": "#2094f3",
    "light-blue": "#02a6f2",
    "cyan": "#00bdd6",
    "teal": "#009485",
    "green": "#4cae4f",
    "light-green": "#8bc34b",
    "lime": "#cbdc38",
    "yellow": "#ffec3d",
    "amber": "#ffc105",
    "orange": "#ffa724",
    "deep-orange": "#ff6e42",
    "brown": "#795649",
    "grey": "#757575",
    "blue-grey": "#546d78",
    "black": "#14151a",
    "white": "#ffffff",
}
DEFAULT_COLOUR = "#1d4f91"
#: WCAG 2.2 AA for normal text: the colour carries white text (header, buttons) and is the link colour on white.
MIN_CONTRAST = 4.5
HEX = re.compile(r"#[0-9a-fA-F]{6}")
#: Characters that would change the meaning of Markdown or YAML around the name.
NAME_FORBIDDEN = re.compile(r"[<>\[\]{}`*_\\|#\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Regime:
    """What the log's pages say about the law that applies."""

    laws: str
    environmental_law: str
    environmental_only: bool
    scottish: bool
    regulator: str
    regulator_the: str
    regulator_short: str
    regulator_site: str


_UK = ("The Information Commissioner", "the Information Commissioner's Office (ICO)", "The ICO", "ico.org.uk")
_SCOTLAND = (
    "The Scottish Information Commissioner",
    "the Scottish Information Commissioner",
    "The Commissioner",
    "itspublicknowledge.info",
)
_EIR = "the Environmental Information Regulations 2004 (EIR)"
_EISR = "the Environmental Information (Scotland) Regulations 2004 (EISR)"
REGIMES = {
    "FOIA": Regime(f"the Freedom of Information Act 2000 (FOIA) and {_EIR}", _EIR, False, False, *_UK),
    "EIR": Regime(_EIR, _EIR, True, False, *_UK),
    "FOISA": Regime(f"the Freedom of Information (Scotland) Act 2002 (FOISA) and {_EISR}", _EISR, False, True, *_SCOTLAND),
    "EISR": Regime(_EISR, _EISR, True, True, *_SCOTLAND),
}


class InitError(Exception):
    """The log cannot be created: a bad option or a folder that is not empty (a usage error)."""


@dataclass(frozen=True)
class Colour:
    """The site's colour as ``#rrggbb``, and Material's name for it when one was given."""

    hex: str
    name: str | None = None


def parse_colour(value: str | None) -> Colour:
    """A Material colour name or ``#rrggbb`` that white text can be read on (WCAG AA)."""
    if value is None:
        return Colour(DEFAULT_COLOUR)
    text = value.strip().lower().replace("_", "-").replace(" ", "-")
    if text in MATERIAL_COLOURS:
        colour = Colour(MATERIAL_COLOURS[text], text)
    elif HEX.fullmatch(text):
        colour = Colour(text)
    elif re.fullmatch(r"[0-9a-f]{6}", text):
        colour = Colour("#" + text)
    else:
        raise InitError(
            f"--colour: expected one of Material's colour names ({', '.join(MATERIAL_COLOURS)}) "
            f"or a colour written #rrggbb such as '{DEFAULT_COLOUR}', got '{value}'"
        )
    ratio = contrast_with_white(colour.hex)
    if ratio < MIN_CONTRAST:
        shown = f"'{colour.name}' ({colour.hex})" if colour.name else f"'{colour.hex}'"
        readable = [name for name, hex_colour in MATERIAL_COLOURS.items() if contrast_with_white(hex_colour) >= MIN_CONTRAST]
        raise InitError(
            f"--colour: {shown} is too light: white text on it has a contrast of {ratio:.1f}:1, and the site's header, "
            f"buttons and links need at least {MIN_CONTRAST}:1 (WCAG AA); choose a darker colour, such as "
            f"{', '.join(readable)} or '{DEFAULT_COLOUR}'"
        )
    return colour


def parse_regime(value: str) -> str:
    """FOIA, EIR, FOISA or EISR, whatever the case it was typed in."""
    regime = value.strip().upper()
    if regime not in REGIMES:
        raise InitError(f"--regime: expected one of {', '.join(REGIMES)}, got '{value}' (FOISA and EISR are for Scottish authorities)")
    return regime


def parse_authority(name: str) -> tuple[str, str]:
    """The authority's name as given and its id (``Northshire County Council`` -> ``northshire-county-council``)."""
    name = " ".join(name.split())
    if not name:
        raise InitError("--authority: expected the authority's name, such as 'Northshire County Council', got nothing")
    if len(name) > 200:
        raise InitError(f"--authority: expected a name of at most 200 characters, got {len(name)}")
    bad = NAME_FORBIDDEN.search(name)
    if bad:
        raise InitError(f"--authority: the name may not contain '{bad.group()}' (write the name as the public knows it, in plain words)")
    # Accents and apostrophes fold away: 'Cyngor Sir Ynys Môn' -> cyngor-sir-ynys-mon, "St Helen's" -> st-helens
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    authority_id = slugify(re.sub(r"['\u2019]", "", plain))[:80].strip("-")
    if not re.search(r"[a-z]", authority_id):
        raise InitError(f"--authority: the name '{name}' has no letters; write the authority's name, such as 'Northshire County Council'")
    return name, authority_id


def _check_target(target: Path) -> None:
    """Refuse a file, or a folder that holds anything: init never overwrites."""
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise InitError(f"{target} exists and is not a folder; choose a new folder for the log")
    if target.is_dir() and any(target.iterdir()):
        raise InitError(f"{target} is not empty; foilog init never overwrites anything: choose a new or empty folder")
    if not target.parent.is_dir():
        raise InitError(f"{target.parent} does not exist; create it first, or choose another folder")


def _yaml(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _md(value: str) -> str:
    """Text for Markdown: the name was vetted by :func:`parse_authority` (no characters that Markdown or HTML act on)."""
    return value


def _context(name: str, authority_id: str, regime: str, colour: Colour) -> dict[str, object]:
    info = REGIMES[regime]
    return {
        "name": name,
        "id": authority_id,
        "site_name": f"{name} disclosure log",
        "description": f"Responses of {name} to information requests, published in full.",
        "colour": colour.hex,
        "colour_name": colour.name,
        "regime": regime,
        "regime_option": "" if regime == "FOIA" else f" --regime {regime}",
        "version": __version__,
        **vars(info),
    }


def _walk(folder: Traversable, prefix: str = "") -> list[tuple[str, Traversable]]:
    """Every file of the template, with its path in the new log (``dot-x`` -> ``.x``, ``.j2`` kept for now)."""
    found: list[tuple[str, Traversable]] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name == "__pycache__":
            continue
        name = "." + entry.name[4:] if entry.name.startswith("dot-") else entry.name
        if entry.is_dir():
            found += _walk(entry, f"{prefix}{name}/")
        else:
            found.append((prefix + name, entry))
    return found


def render_files(name: str, authority_id: str, regime: str, colour: Colour) -> dict[str, str]:
    """Every file of the new log, by its path, as text."""
    env = jinja2.Environment(
        autoescape=False, keep_trailing_newline=True, undefined=jinja2.StrictUndefined
    )  # YAML and Markdown: values vetted, not HTML
    env.filters["yaml"] = _yaml
    env.filters["md"] = _md
    context = _context(name, authority_id, regime, colour)
    files: dict[str, str] = {}
    for path, entry in _walk(resources.files("foilog").joinpath("newlog")):
        text = entry.read_text("utf-8")
        if path.endswith(".j2"):
            path, text = path[:-3], env.from_string(text).render(context)
        files[path] = text
    files["schema/response.schema.json"] = json_schema_text()
    return files


def placeholders(files: dict[str, str]) -> list[str]:
    """The files that still hold a ``[Replace: …]`` placeholder."""
    return sorted(path for path, text in files.items() if path.startswith("content/") and "[Replace:" in text)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def init_log(target: Path, *, authority: str, regime: str = "FOIA", colour: str | None = None) -> list[str]:
    """Write a new log into ``target`` (new or empty); returns the pages with placeholders to replace."""
    name, authority_id = parse_authority(authority)
    regime = parse_regime(regime)
    chosen = parse_colour(colour)
    _check_target(target)
    files = render_files(name, authority_id, regime, chosen)
    folder = Path(os.path.abspath(target))  # `foilog init .` works too: the staging folder goes beside it
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        staging.chmod(0o777 & ~_umask())  # mkdtemp makes it private; the log is an ordinary folder
        for path, text in files.items():
            out = staging / path
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(text, encoding="utf-8")
        if folder.is_dir():
            _move_into(staging, folder)
        else:
            staging.rename(folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return placeholders(files)


def _move_into(staging: Path, folder: Path) -> None:
    """Move the new log into an existing empty folder (it may be the shell's current folder); undo on failure."""
    moved: list[Path] = []
    try:
        for child in sorted(staging.iterdir()):
            destination = folder / child.name
            if destination.exists() or destination.is_symlink():
                raise InitError(f"{destination} appeared while the log was being written; nothing was overwritten")
            child.rename(destination)
            moved.append(destination)
        staging.rmdir()
    except BaseException:
        for destination in moved:
            destination.rename(staging / destination.name)
        raise
