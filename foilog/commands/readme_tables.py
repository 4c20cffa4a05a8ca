"""The README's command table, option table and plugin options block, generated from the code.

The README calls these functions from cog markers (``<!-- [[[cog ... ]]] -->``, as
sqlite-utils does), and ``tests/test_docs.py`` runs ``cog --check README.md``: a new
command, option or site setting appears in the README when cog is run
(``cog -r README.md``), and a README left out of date fails the tests. The words come
from click's help texts and the settings model's field docstrings, so they are written
once, where ``foilog --help`` and editors see them too.
"""

from __future__ import annotations

import inspect
from typing import Any

import click
import yaml

from foilog.log.settings import SiteSettings

#: The order of the README's command table; a command not named here follows, alphabetically.
ORDER = ("build", "check", "scan", "import", "init", "new", "diff", "serve", "schema")

#: Options every command that reads mkdocs.yml takes: said once above the table, not in each synopsis.
COMMON = ("--config-file",)


def _cell(text: str) -> str:
    """Text for a Markdown table cell: one line, pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def _commands(group: click.Group) -> list[tuple[str, click.Command]]:
    names = sorted(group.commands, key=lambda name: (ORDER.index(name) if name in ORDER else len(ORDER), name))
    return [(name, group.commands[name]) for name in names if not group.commands[name].hidden]


def _metavar(option: click.Option) -> str:
    if option.metavar:
        return option.metavar
    if isinstance(option.type, click.Choice):
        return "|".join(str(choice) for choice in option.type.choices)
    return option.type.name.upper()


def _option(option: click.Option) -> str:
    """``--name METAVAR`` (the long name; a flag alone)."""
    name = max(option.opts, key=len)
    return name if option.is_flag else f"{name} {_metavar(option)}"


def _arguments(arguments: list[click.Argument]) -> str:
    """``PATH...``, ``REFERENCE``, ``[BASE [HEAD]]``: optional arguments nest, as each needs the one before."""
    text = ""
    for argument in reversed(arguments):
        name = (argument.metavar or argument.name or "").upper() + ("..." if argument.nargs == -1 else "")
        text = f"{name} {text}".strip() if argument.required else f"[{name}{' ' + text if text else ''}]"
    return text


def synopsis(name: str, command: click.Command) -> str:
    """``foilog NAME ARGUMENTS [--option VALUE]...`` from the command's parameters."""
    arguments = [p for p in command.params if isinstance(p, click.Argument)]
    parts = [f"foilog {name}", _arguments(arguments)]
    for option in (p for p in command.params if isinstance(p, click.Option)):
        if option.hidden or any(opt in COMMON for opt in option.opts):
            continue
        parts.append(_option(option) if option.required else f"[{_option(option)}]")
    return " ".join(part for part in parts if part)


def _help(command: click.Command) -> str:
    return inspect.cleandoc(command.help or "")


def commands_table(group: click.Group) -> str:
    """``| command | does |``: each command's synopsis and its whole help text."""
    lines = ["| command | does |", "|---|---|"]
    lines += [f"| `{_cell(synopsis(name, command))}` | {_cell(_help(command))} |" for name, command in _commands(group)]
    return "\n".join(lines) + "\n"


def _option_help(option: click.Option) -> str:
    text = option.help or ""
    if option.show_default and option.default is not None and not option.is_flag:
        text += f" Default: {option.default}."
    if option.required:
        text += " Required."
    return text


def options_table(group: click.Group) -> str:
    """``| command | option | meaning |``: every option of every command, from its help."""
    lines = ["| command | option | meaning |", "|---|---|---|"]
    for name, command in _commands(group):
        shown = f"`foilog {name}`"
        for option in (p for p in command.params if isinstance(p, click.Option) and not p.hidden):
            names = ", ".join(option.opts) + ("" if option.is_flag else f" {_metavar(option)}")
            lines.append(f"| {shown} | `{_cell(names)}` | {_cell(_option_help(option))} |")
            shown = ""
    return "\n".join(lines) + "\n"


class _Dumper(yaml.SafeDumper):
    """Lists indented under their key, as the README writes them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> Any:
        return super().increase_indent(flow, False)


def _example(name: str) -> object:
    field = SiteSettings.model_fields[name]
    if field.examples:
        return field.examples[0]
    default = field.get_default(call_default_factory=True)
    return [item.model_dump(exclude_none=True) for item in default] if isinstance(default, list) else default


def plugin_options_block(indent: str = "      ", column: int = 38) -> str:
    """The foilog options in mkdocs.yml: every setting with an example value and its docstring as comment."""
    lines = ["```yaml", "plugins:", "  - foilog:"]
    for name, field in SiteSettings.model_fields.items():
        dumped = yaml.dump({name: _example(name)}, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000).splitlines()
        first = f"{indent}{dumped[0]}"
        comment = " ".join((field.description or "").split()).replace("``", "`")
        lines.append(f"{first.ljust(column - 1)} # {comment}" if comment else first)
        lines += [f"{indent}{line}" for line in dumped[1:]]
    lines.append("```")
    return "\n".join(lines) + "\n"
