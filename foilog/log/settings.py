"""Site configuration: the foilog plugin's options in ``mkdocs.yml``.

One pydantic model is the source of truth. The MkDocs plugin validates its
options with it when MkDocs loads the plugin (so ``mkdocs build`` reports every
bad option at once, as MkDocs does); every foilog command reads ``mkdocs.yml``
through MkDocs' own loader (:mod:`foilog.engine.mkdocs_config`), so they agree.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator, model_validator

from foilog.log.schema import ID_PATTERN
from foilog.log.schema_errors import _got, field_name, suggest

Identifier = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=80)]


class _Options(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, frozen=True)


class AuthorityOption(_Options):
    """A public body whose responses the log publishes."""

    id: Identifier
    """URL id, e.g. `northshire-council`."""
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    """The body's name as the public knows it."""
    website: str | None = None
    """Its public website; the importer also recognises the authority by e-mail and web addresses at its domain."""
    aliases: list[Annotated[str, StringConstraints(min_length=2, max_length=200)]] = Field(
        default_factory=list, examples=[["Metropolitan Police", "MPS", "New Scotland Yard"]]
    )
    """Other names and abbreviations the authority signs its letters with (`MPS`, `New Scotland Yard`): `foilog import`
    matches them, as whole words in any case, to tell which authority answered an imported letter."""


class AllowEntry(_Options):
    """Public contact details of the authority that the leak gate must not report."""

    text: Annotated[str, StringConstraints(min_length=1, max_length=300)]
    reason: Annotated[str, StringConstraints(min_length=1, max_length=500)]


class CustomRule(_Options):
    """A local redaction rule, like Alaveteli's censor rules: a regular expression and why."""

    id: Identifier
    pattern: Annotated[str, StringConstraints(min_length=1, max_length=500)]
    reason: Annotated[str, StringConstraints(min_length=1, max_length=500)]
    severity: Literal["error", "warning"] = "error"

    @model_validator(mode="after")
    def _compiles(self) -> CustomRule:
        try:
            re.compile(self.pattern)
        except re.error as exc:
            raise ValueError(f"pattern of rule '{self.id}' is not a valid regular expression: {exc}") from None
        return self


class SiteSettings(_Options):
    """The `foilog` plugin options in mkdocs.yml."""

    responses_dir: str = "responses"
    """Folder holding one folder per response, relative to mkdocs.yml."""
    register_dir: str = "register"
    """Folder holding the register of requests closed without a published response (one `<year>.csv` each), relative to
    mkdocs.yml; optional."""
    authorities: Annotated[list[AuthorityOption], Field(min_length=1)] = Field(
        default_factory=lambda: [AuthorityOption(id="authority", name="Our authority")],
        examples=[
            [
                {
                    "id": "northshire-council",
                    "name": "Northshire County Council",
                    "website": "https://northshire.example/",
                    "aliases": ["Northshire Council", "NCC"],
                }
            ]
        ],
    )
    """The bodies whose responses the log publishes; the first is the site's own unless `authority` says otherwise. `aliases`
    lists other names each signs its letters with, for `foilog import` to recognise the authority of a letter."""
    authority: Identifier | None = Field(None, examples=["northshire-council"])
    """Id of the site's own authority (the default for responses); defaults to the first of `authorities`."""
    colour: Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")] = "#1d4f91"
    """The authority's colour for the header and links, as #rrggbb (quote it: a bare # starts a YAML comment)."""
    contact_email: Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=200)] | None = Field(
        None, examples=["foi@northshire.example"]
    )
    """The FOI team's public e-mail address: the footer's contact and where a reader asks for a document in another format.
    It is the authority's own public detail, so the leak gate allows it as if it were in `allowlist`."""
    logo: Annotated[str, StringConstraints(min_length=1, max_length=300)] | None = Field(None, examples=["assets/logo.svg"])
    """The authority's logo, an .svg or .png file in the docs folder (the path is relative to it): shown in the site's header and
    footer."""
    publish_staff_names: bool = False
    """Whether staff names in signatures are published (the leak gate then does not report them)."""
    requester_wording: str = "Requester"
    """How the requester is addressed once their name is removed (`Dear Requester`)."""
    allowlist: list[AllowEntry] = Field(
        default_factory=list, examples=[[{"text": "foi@northshire.example", "reason": "the council's published FOI mailbox"}]]
    )
    """The authority's own public details (switchboard, FOI mailbox, address), each with a reason."""
    custom_rules: list[CustomRule] = Field(
        default_factory=list,
        examples=[
            [
                {
                    "id": "collar-number",
                    "pattern": r"\bPC ?\d{4}\b",
                    "reason": "officers' collar numbers identify them",
                    "severity": "error",
                }
            ]
        ],
    )
    """Local redaction rules for local identifiers (collar numbers, case numbers), like Alaveteli's censor rules."""
    per_page: Annotated[int, Field(ge=10, le=500)] = 50
    """Responses per page on index pages."""
    latest: Annotated[int, Field(ge=1, le=200)] = 20
    """How many latest releases the home page lists."""
    search_part_size: Annotated[int, Field(ge=1, le=20000)] = 500
    """Responses per part of the search index (memory while indexing; what a search downloads)."""
    render_frame_once: bool = True
    """Render the theme's frame once per kind of generated page and fill each page in (false: the theme renders every page)."""
    parallel: bool = True
    """Put helper work on other cores (the sweep, Markdown ahead, the second half of loading, checking and scanning); false (or the
    environment's ``FOILOG_PARALLEL=0``) does the same work in the build's own process, with the same output."""

    @model_validator(mode="after")
    def _known_authority(self) -> SiteSettings:
        ids = [a.id for a in self.authorities]
        if len(set(ids)) != len(ids):
            twice = sorted({i for i in ids if ids.count(i) > 1})
            raise ValueError(f"authorities: each id must be used once, got {', '.join(twice)} more than once")
        if self.authority is not None and self.authority not in ids:
            raise ValueError(
                f"authority: '{self.authority}' is not the id of one of the authorities "
                f"(expected one of: {', '.join(ids)}){suggest(self.authority, ids)}"
            )
        return self

    @field_validator("logo")
    @classmethod
    def _logo_path(cls, logo: str | None) -> str | None:
        problem = logo_path_problem(logo) if logo is not None else None
        if problem:
            raise ValueError(problem)
        return logo

    @property
    def public_details(self) -> tuple[tuple[str, str], ...]:
        """The site's own public details, each with why the leak gate allows it: `allowlist` and `contact_email`."""
        own = ((self.contact_email, "the contact_email of the site configuration"),) if self.contact_email else ()
        return tuple((a.text, a.reason) for a in self.allowlist) + own

    @property
    def default_authority(self) -> str:
        return self.authority or self.authorities[0].id

    def authority_name(self, authority_id: str) -> str:
        return next((a.name for a in self.authorities if a.id == authority_id), authority_id)


LOGO_SUFFIXES = (".svg", ".png")
"""The kinds of image a logo may be: drawn crisply at any size (SVG) or a bitmap every browser shows (PNG)."""


def logo_path_problem(logo: str) -> str | None:
    """What is wrong with ``logo`` as a path in the docs folder, whatever the folder holds (None: nothing)."""
    shown = _got(logo)
    if Path(logo).suffix.lower() not in LOGO_SUFFIXES:
        return f"expected the path of an .svg or .png image in the docs folder, such as 'assets/logo.svg', got {shown}"
    parts = logo.replace("\\", "/").split("/")
    if logo.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", logo) or ".." in parts or "://" in logo:
        return f"expected a path inside the docs folder, relative to it (such as 'assets/logo.svg'), got {shown}"
    return None


def logo_problems(settings: SiteSettings, docs_dir: Path, *, shown_docs_dir: str | None = None) -> list[str]:
    """The ``logo`` option checked against the docs folder: the file must be there (as the site engine will copy it).

    One line per problem, worded like :func:`validate_options`'s (``plugins.foilog.logo: ...``).
    """
    if settings.logo is None:
        return []
    folder = shown_docs_dir or docs_dir.as_posix()
    target = docs_dir / settings.logo
    if not target.is_file():
        what = "a folder" if target.is_dir() else "no such file"
        return [
            f"plugins.foilog.logo: {what}: '{settings.logo}' in the docs folder ({folder}); the path is relative to the docs folder, "
            "so put the logo there (e.g. assets/logo.svg) or correct the path"
        ]
    return []


class SettingsError(Exception):
    """mkdocs.yml is missing, unreadable, or its foilog options are invalid."""

    def __init__(self, path: str, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.path = path
        self.problems = problems


def validate_options(options: dict[str, Any], *, path: str = "mkdocs.yml") -> SiteSettings:
    """Validate the plugin options, reporting every problem at once."""
    try:
        return SiteSettings.model_validate(options)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            where = field_name(("plugins", "foilog", *err["loc"]))
            problems.append(f"{where}: {_option_message(err)}")
        raise SettingsError(path, problems) from None


def _model_of(loc: tuple[str | int, ...]) -> type[BaseModel]:
    """The options model that holds the field at ``loc``."""
    models: dict[str, type[BaseModel]] = {"authorities": AuthorityOption, "allowlist": AllowEntry, "custom_rules": CustomRule}
    parents = [p for p in loc[:-1] if isinstance(p, str)]
    return models.get(parents[0], SiteSettings) if parents else SiteSettings


def _option_message(err: Mapping[str, Any]) -> str:
    """Pydantic's error as ``what is wrong (expected ..., got ...)``."""
    kind, loc, value = err["type"], tuple(err["loc"]), err.get("input")
    ctx = err.get("ctx") or {}
    got = _got(value)
    last = str(loc[-1]) if loc else ""
    if kind == "extra_forbidden":
        known = list(_model_of(loc).model_fields)
        return f"unknown option (expected one of: {', '.join(known)}){suggest(last, known)}"
    if kind == "missing":
        return f"required option is missing (add '{last}: ...')"
    if last == "colour" and kind in ("string_pattern_mismatch", "string_type"):
        return f'expected a colour written "#rrggbb" in quotes (a bare # starts a YAML comment), got {got}'
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == ID_PATTERN:
        return f"expected a lower-case id such as 'northshire-council' (letters, digits and dashes), got {got}"
    if kind in ("greater_than_equal", "less_than_equal"):
        field = SiteSettings.model_fields.get(last)
        bounds = [m for m in (field.metadata if field else []) if hasattr(m, "ge") or hasattr(m, "le")]
        low = next((m.ge for m in bounds if getattr(m, "ge", None) is not None), None)
        high = next((m.le for m in bounds if getattr(m, "le", None) is not None), None)
        if low is not None and high is not None:
            return f"expected a whole number from {low} to {high}, got {got}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"expected a whole number, got {got}"
    if kind in ("bool_parsing", "bool_type"):
        return f"expected true or false, got {got}"
    if kind == "string_type":
        return f"expected text, got {got}"
    if kind == "list_type":
        return f"expected a list (lines starting with '- '), got {got}"
    if kind in ("model_type", "dict_type"):
        return f"expected a mapping of options (key: value lines), got {got}"
    if kind == "too_short":
        return "expected at least one item, got none"
    if kind == "literal_error":
        return f"expected {ctx.get('expected')}, got {got}"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    return f"{err['msg']} (got {got})"


@dataclass(frozen=True)
class Project:
    """Where things are: the folder of mkdocs.yml and what it says."""

    root: Path
    docs_dir: Path
    responses_dir: Path
    site_name: str
    settings: SiteSettings

    @property
    def topics_dir(self) -> Path:
        return self.docs_dir / "topics"

    @property
    def register_dir(self) -> Path:
        """The register's folder (:mod:`foilog.log.register`)."""
        return self.root / self.settings.register_dir
