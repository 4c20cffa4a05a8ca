"""``mkdocs.yml`` read once, the way MkDocs reads it, for every command.

``foilog check``, ``build``, ``diff``, ``import``, ``new`` and ``scan`` all read the site
configuration here, through MkDocs' own machinery (``MkDocsConfig.load_file`` and
``validate``, what ``mkdocs.config.load_config`` does): ``!ENV``, ``!relative``,
``INHERIT`` and MkDocs' own checks behave the same in a check as in a build, and the
foilog plugin validates its options when MkDocs loads it (:class:`FoilogOptionsError`),
so a misspelt option is an error in both.

What MkDocs reports is turned into foilog's words where foilog had better ones (a
missing file, malformed YAML with its line, plugins that are not a list); every
problem is one ``SettingsError`` line.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config.base import ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError

from foilog.log.findings import one_line
from foilog.log.schema_errors import _got
from foilog.log.settings import Project, SettingsError, SiteSettings, logo_problems

#: Where MkDocs' configuration warnings go unless the caller prints them itself (``foilog build`` shows this logger's).
log = logging.getLogger("mkdocs.config")

NOT_FOUND = "file not found; run foilog in the folder that holds mkdocs.yml or pass --config-file"


class FoilogOptionsError(ValidationError):
    """The foilog plugin's options are invalid: one line per problem, in foilog's words.

    A :class:`ValidationError` so that ``mkdocs build`` reports it as a configuration
    error, like MkDocs' own options; foilog's commands print :attr:`problems` as they are.
    """

    def __init__(self, problems: list[str]) -> None:
        super().__init__("invalid foilog options:\n  " + "\n  ".join(map(one_line, problems)))
        self.problems = problems


def read_config(config_file: Path, *, strict: bool = False, warn: Callable[[str], None] = log.warning) -> MkDocsConfig:
    """``mkdocs.yml`` loaded and validated by MkDocs (as ``mkdocs.config.load_config`` does).

    Raises :class:`SettingsError` with every problem. MkDocs' warnings (an unknown
    top-level option) go to ``warn`` (by default MkDocs' logger, as MkDocs logs them);
    with ``strict`` they are problems, as in a strict MkDocs build.
    """
    shown = str(config_file)
    if config_file.is_dir():
        raise SettingsError(shown, ["is a folder (expected the mkdocs.yml file); pass --config-file path/to/mkdocs.yml"])
    if not config_file.is_file():
        raise SettingsError(shown, [NOT_FOUND])
    config = MkDocsConfig(config_file_path=str(config_file))
    try:
        with config_file.open("rb") as fd:
            config.load_file(fd)
        config.load_dict({"strict": strict})
    except ConfigurationError as exc:
        raise SettingsError(shown, [_load_problem(exc)]) from None
    except OSError as exc:
        raise SettingsError(shown, [f"cannot read the file: {exc.strerror or exc}"]) from None
    raw = {key: config.get(key) for key in ("plugins",)}
    errors, warnings = config.validate()
    problems = [p for key, error in errors for p in _problems(key, error, raw)]
    for key, warning in warnings:
        message = f"Config value '{key}': {warning}"
        (problems.append if strict else warn)(message)
    if not problems:  # (the plugins are loaded only when the configuration is valid)
        problems = site_file_problems(config)
    if problems:
        raise SettingsError(shown, problems)
    return config


def site_file_problems(config: MkDocsConfig) -> list[str]:
    """The foilog options that name files in the docs folder (``logo``), checked against it once MkDocs knows where it is."""
    settings = getattr(config.plugins.get("foilog"), "settings", None)
    if settings is None or not config.docs_dir:
        return []
    docs_dir = Path(config.docs_dir)
    written = Path(os.path.abspath(config.config_file_path)).parent if config.config_file_path else Path.cwd()
    shown = docs_dir.relative_to(written).as_posix() + "/" if docs_dir.is_relative_to(written) else docs_dir.as_posix()
    return logo_problems(settings, docs_dir, shown_docs_dir=shown)


def _load_problem(exc: ConfigurationError) -> str:
    """A file MkDocs could not read, in foilog's words where foilog has them."""
    cause = exc.__context__
    if isinstance(cause, yaml.reader.ReaderError):
        return "the file is not UTF-8 text; save it as UTF-8 in your editor"
    if isinstance(cause, yaml.MarkedYAMLError):
        mark = cause.problem_mark or cause.context_mark
        where = f"line {mark.line + 1}: " if mark else ""
        return f"{where}malformed YAML: {cause.problem or cause}; check indentation, colons and quotes"
    if "Expected a key-value mapping" in str(exc):
        return "expected a mapping of settings (site_name:, plugins:, ...)"
    return str(exc)


def _problems(key: str, error: Exception, raw: dict[str, Any]) -> list[str]:
    """One MkDocs validation error as foilog's lines (the plugin's own are already foilog's)."""
    if isinstance(error, FoilogOptionsError):
        return error.problems
    message = str(error)
    if key == "plugins" and message.startswith("Invalid Plugins configuration. Expected a list or dict"):
        return [f"plugins: expected a list of plugins (lines starting with '- '), got {_got(raw['plugins'])}"]
    if key == "plugins" and message == "Invalid config options for the 'foilog' plugin.":
        return ["plugins.foilog: expected a mapping of options (key: value lines)"]
    return [f"Config value '{key}': {line}" for line in message.splitlines() if line.strip()]


def project_of(config: MkDocsConfig) -> Project:
    """Where things are, from a loaded configuration (the foilog plugin's settings, or the defaults)."""
    plugin = config.plugins.get("foilog")
    settings = getattr(plugin, "settings", None) or SiteSettings.model_validate({})
    written = Path(os.path.abspath(config.config_file_path)).parent
    root = written.resolve()
    docs_dir = Path(config.docs_dir)  # absolute, under the folder as written
    return Project(
        root=root,
        docs_dir=root / docs_dir.relative_to(written) if docs_dir.is_relative_to(written) else docs_dir,
        responses_dir=root / settings.responses_dir,
        site_name=str(config.site_name or "Disclosure log"),
        settings=settings,
    )


def load_project(config_file: Path, *, strict: bool = False, warn: Callable[[str], None] = log.warning) -> Project:
    """Read ``mkdocs.yml`` (MkDocs' loader) and the foilog options in it. Raises :class:`SettingsError`."""
    return project_of(read_config(config_file, strict=strict, warn=warn))
