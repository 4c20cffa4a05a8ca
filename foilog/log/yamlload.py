"""Read a user's YAML file safely, keeping the line of every value.

Why not ``yaml.safe_load``? Three reasons that matter to FOI officers:

* PyYAML's YAML 1.1 resolver silently turns ``ref: 012345`` into the number
  5349 (octal) and ``answer: NO`` into ``False``. Here every scalar stays the
  string that was typed; the schema converts it where a date or boolean is
  expected, and says so when it can't.
* Anchors and aliases allow "billion laughs" bombs; duplicate keys silently
  drop the first value. Both are rejected with the line.
* Errors must name the line of the offending value, so we record the start
  line of every node under its path (``("questions", 2, "outcome")``).

A YAML syntax error, an anchor, an alias, a tag, a merge key, deep nesting or
bad UTF-8 stops the reading at the first one, so only that one is reported:
the parser cannot be trusted past it. Duplicate keys do not stop it: with
``duplicates="collect"`` (as ``foilog check`` reads ``response.yml``) every
one is recorded, so a single run names them all (:attr:`LoadedYaml.duplicates`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

#: Paths are tuples of mapping keys and sequence indexes, as pydantic's ``loc``.
Path = tuple[str | int, ...]

MAX_YAML_BYTES = 256 * 1024
MAX_DEPTH = 20


class YamlProblem(Exception):
    """The file cannot be read as data at all; ``line`` is 1-based or None."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class LoadedYaml:
    """The plain data (dicts, lists, strings, None) plus the line of each path."""

    data: object
    lines: dict[Path, int] = field(default_factory=dict)
    duplicates: list[YamlProblem] = field(default_factory=list)
    """Every duplicate key, in file order (only filled with ``duplicates="collect"``; ``data`` then holds the last value)."""

    def line_of(self, path: Path) -> int | None:
        """The line of ``path`` or of its nearest recorded ancestor."""
        p = tuple(path)
        while True:
            if p in self.lines:
                return self.lines[p]
            if not p:
                return None
            p = p[:-1]


#: The tags PyYAML's resolver gives untagged values (and ``!!str`` etc. written out).
#: Anything else (``!!python/object``, ``!!binary``, ``!!set``) is refused, not ignored.
_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "merge", "value")
)


class _NoAliasComposer(yaml.SafeLoader):
    """A loader that refuses anchors and aliases (alias bombs) and deep nesting."""

    _depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        """``index``: a mapping's key node or a sequence position (PyYAML's stubs say ``int``); passed on as it is."""
        event = self.peek_event()
        line = event.start_mark.line + 1 if event.start_mark is not None else None
        # The composer recurses once per level: stop before Python's recursion limit
        # (``[[[[...`` a hundred thousand deep would otherwise crash with a traceback).
        if self._depth > MAX_DEPTH:
            raise YamlProblem(f"the data is nested too deeply (more than {MAX_DEPTH} levels)", line)
        if isinstance(event, yaml.AliasEvent):
            raise YamlProblem(f"YAML aliases ('*{event.anchor}') are not allowed: write the value out in full", line)
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise YamlProblem(f"YAML anchors ('&{anchor}') are not allowed: write the value out in full", line)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_CLoader = getattr(yaml, "CSafeLoader", None)


def _compose_fast(text: str) -> Node | None:
    """Compose with libyaml when the file is plainly safe; None means "use the careful path".

    Parsing 50,000 files with the pure-Python composer takes minutes; libyaml
    takes seconds. But libyaml's composer cannot refuse an anchor as it reads
    it, recurses in C on deeply nested flow collections, and words its errors
    differently. So libyaml first lists the events (cheap), and the file is
    composed by libyaml only when no event carries an anchor or alias and
    brackets are few; anything else, including any error, is read again by
    the careful path, which gives the messages and line numbers users see.
    """
    if _CLoader is None or text.count("[") + text.count("{") > 200:
        return None
    try:
        for event in yaml.parse(text, Loader=_CLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
                return None
        loader = _CLoader(text)
        try:
            return loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError:
        return None


def decode_utf8(raw: bytes) -> str:
    """Decode strictly, naming the line of the first bad byte."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlProblem(
            f"the file is not UTF-8 text (bad byte 0x{raw[exc.start]:02x}); save it as UTF-8 in your editor",
            line,
        ) from None
    return text.removeprefix("\ufeff")


def load_yaml(raw: bytes, *, max_bytes: int = MAX_YAML_BYTES, duplicates: Literal["raise", "collect"] = "raise") -> LoadedYaml:
    """Parse ``raw`` into plain data with line positions, or raise YamlProblem.

    The first syntax error (or anchor, alias, tag...) raises: the file cannot
    be read past it. Duplicate keys raise the first one too, unless
    ``duplicates="collect"``: then every one is listed in ``.duplicates`` and
    the data is returned (with the last of each duplicated key's values).
    """
    if len(raw) > max_bytes:
        raise YamlProblem(f"the file is {len(raw):,} bytes, more than the {max_bytes:,} allowed; move long text into response.md")
    text = decode_utf8(raw)
    node = _compose_fast(text)
    if node is not None:
        return _result(node, duplicates)
    try:
        loader = _NoAliasComposer(text)
    except yaml.reader.ReaderError as exc:  # checked up front, before any parsing
        raise YamlProblem(
            f"the file contains an invisible control character (#x{exc.character:04x}) that YAML does not allow; "
            "delete it (retyping the line removes it)",
            text[: exc.position].count("\n") + 1,
        ) from None
    try:
        node = loader.get_single_node()
    except YamlProblem:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context in _POINT_AT_START and exc.context_mark:
            mark = exc.context_mark  # the line where the key or quote starts, not where PyYAML gave up
        raise YamlProblem(_malformed(exc), mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise YamlProblem("malformed YAML: " + " ".join(str(exc).split())) from None
    finally:
        loader.dispose()
    return _result(node, duplicates)


def _result(node: Node | None, duplicates: str) -> LoadedYaml:
    result = LoadedYaml(data=None)
    if node is not None:
        result.data = _build(node, (), result, collect=duplicates == "collect")
    return result


#: Errors best reported where the construct started (the key, the quote, the bracket).
_POINT_AT_START = (
    "while scanning a simple key",
    "while scanning a quoted scalar",
    "while parsing a flow sequence",
    "while parsing a flow mapping",
)


def _malformed(exc: yaml.MarkedYAMLError) -> str:
    """PyYAML's problem in words an FOI officer can act on."""
    problem = exc.problem or "malformed YAML"
    if "another document" in problem:
        return "malformed YAML: the file holds more than one YAML document (a second '---' line); keep one"
    if "'\\t'" in problem:
        return "malformed YAML: a tab character is not allowed here; indent with spaces"
    if exc.context == "while scanning a simple key":
        return "malformed YAML: expected 'field: value' but found no ': ' on this line; check the colon"
    if exc.context == "while scanning a quoted scalar":
        return "malformed YAML: the quoted value starting on this line is never closed; add the closing quote"
    if exc.context == "while parsing a flow sequence":
        return "malformed YAML: the list opened with '[' on this line is not closed with ']' (or an item needs quotes)"
    if exc.context == "while parsing a flow mapping":
        return "malformed YAML: the mapping opened with '{' on this line is not closed with '}' (or a value needs quotes)"
    if problem == "mapping values are not allowed here":
        return "malformed YAML: unexpected ': ' in a value; put the whole value in quotes, or check the indentation"
    if problem.startswith("expected <block end>") and "<scalar>" in problem:
        return (
            "malformed YAML: unexpected text after the value on this line; "
            "a value containing quotes must be quoted whole (\"it's\" or 'it''s')"
        )
    if problem.startswith("expected <block end>"):
        return "malformed YAML: this line's indentation does not line up with the lines above; check the spaces at its start"
    context = f" ({exc.context})" if exc.context else ""
    return f"malformed YAML: {problem}{context}; check indentation, colons and quotes"


def _build(node: Node, path: Path, out: LoadedYaml, *, collect: bool = False) -> object:
    if len(path) > MAX_DEPTH:
        raise YamlProblem(f"the data is nested too deeply (more than {MAX_DEPTH} levels)", node.start_mark.line + 1)
    out.lines[path] = node.start_mark.line + 1
    if node.tag not in _PLAIN_TAGS:
        shown = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise YamlProblem(f"YAML tags such as '{shown}' are not allowed: write the plain value", node.start_mark.line + 1)
    if isinstance(node, ScalarNode):
        if node.style in ("'", '"', "|", ">"):
            return node.value
        if node.tag == "tag:yaml.org,2002:null" or node.value in ("", "~", "null", "Null", "NULL"):
            return None
        return node.value
    if isinstance(node, SequenceNode):
        return [_build(item, (*path, i), out, collect=collect) for i, item in enumerate(node.value)]
    if isinstance(node, MappingNode):
        result: dict[str, object] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise YamlProblem("a key must be a plain name", key_node.start_mark.line + 1)
            key = key_node.value
            if key == "<<":
                raise YamlProblem("YAML merge keys ('<<') are not allowed", key_node.start_mark.line + 1)
            if key in result:
                first = out.lines.get((*path, key))
                duplicate = YamlProblem(f"duplicate key '{key}' (first given on line {first}); keep only one", key_node.start_mark.line + 1)
                if not collect:
                    raise duplicate
                out.duplicates.append(duplicate)
                # Read the second value too: duplicates inside it are reported as well.
                result[key] = _build(value_node, (*path, key), out, collect=collect)
                out.lines[(*path, key)] = first or key_node.start_mark.line + 1
                continue
            result[key] = _build(value_node, (*path, key), out, collect=collect)
            # Point errors about a key at the key's own line, not its value's.
            out.lines[(*path, key)] = key_node.start_mark.line + 1
        return result
    raise YamlProblem("unsupported YAML node", node.start_mark.line + 1)  # pragma: no cover
