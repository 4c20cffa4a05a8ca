"""Site configuration: the foilog plugin's options in ``mkdocs.yml``.

One pydantic model is the source of truth. The MkDocs plugin validates its
options with it (so ``mkdocs build`` reports every bad option at once, as
MkDocs does), and ``foilog check`` reads the same block from ``mkdocs.yml``
without starting MkDocs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from .schema import ID_PATTERN
from .schema_errors import field_name

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
    """Its public website."""


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
    authorities: Annotated[list[AuthorityOption], Field(min_length=1)] = Field(
        default_factory=lambda: [AuthorityOption(id="authority", name="Our authority")]
    )
    """The bodies whose responses the log publishes; the first is the site's own unless `authority` says otherwise."""
    authority: Identifier | None = None
    """Id of the site's own authority (the default for responses); defaults to the first of `authorities`."""
    colour: Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")] = "#1d4f91"
    """The authority's colour for the header and links, as #rrggbb."""
    publish_staff_names: bool = False
    """Whether staff names in signatures are published (the leak gate then does not report them)."""
    requester_wording: str = "Requester"
    """How the requester is addressed once their name is removed (`Dear Requester`)."""
    allowlist: list[AllowEntry] = Field(default_factory=list)
    """The authority's own public details (switchboard, FOI mailbox, address), each with a reason."""
    custom_rules: list[CustomRule] = Field(default_factory=list)
    """Local redaction rules (collar numbers, case numbers)."""
    per_page: Annotated[int, Field(ge=10, le=500)] = 50
    """Responses per page on index pages."""
    latest: Annotated[int, Field(ge=1, le=200)] = 20
    """How many latest releases the home page lists."""

    @model_validator(mode="after")
    def _known_authority(self) -> SiteSettings:
        ids = [a.id for a in self.authorities]
        if len(set(ids)) != len(ids):
            raise ValueError(f"authority ids must be unique, got {', '.join(ids)}")
        if self.authority is not None and self.authority not in ids:
            raise ValueError(f"authority '{self.authority}' is not one of authorities: {', '.join(ids)}")
        return self

    @property
    def default_authority(self) -> str:
        return self.authority or self.authorities[0].id

    def authority_name(self, authority_id: str) -> str:
        return next((a.name for a in self.authorities if a.id == authority_id), authority_id)


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
            msg = str((err.get("ctx") or {}).get("error", err["msg"]))
            problems.append(f"{where}: {msg}")
        raise SettingsError(path, problems) from None


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without MkDocs: custom tags (``!ENV``, ``!!python/name``) become None."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


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


def load_project(config_file: Path) -> Project:
    """Read ``mkdocs.yml`` and the foilog options in it."""
    shown = str(config_file)
    try:
        raw = yaml.load(config_file.read_text("utf-8"), Loader=_TolerantLoader)  # noqa: S506 - safe subclass
    except FileNotFoundError:
        raise SettingsError(shown, [f"{shown} not found; run foilog in the folder that holds mkdocs.yml or pass --config-file"]) from None
    except (yaml.YAMLError, UnicodeDecodeError, OSError) as exc:
        raise SettingsError(shown, [f"cannot read {shown}: {exc}"]) from None
    if not isinstance(raw, dict):
        raise SettingsError(shown, ["mkdocs.yml must be a mapping of settings"])
    options: dict[str, Any] = {}
    for plugin in raw.get("plugins") or []:
        if isinstance(plugin, dict) and "foilog" in plugin:
            options = plugin["foilog"] or {}
    settings = validate_options(options, path=shown)
    root = config_file.resolve().parent
    return Project(
        root=root,
        docs_dir=root / str(raw.get("docs_dir") or "docs"),
        responses_dir=root / settings.responses_dir,
        site_name=str(raw.get("site_name") or "Disclosure log"),
        settings=settings,
    )
