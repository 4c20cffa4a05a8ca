"""The topic taxonomy: one Markdown page per topic in ``content/topics/``.

The page's front matter gives ``title`` and ``description``; the prose after
it is the topic's introduction. The file name (``road-safety.md``) is the id
used in ``response.yml`` and in the URL ``/topics/road-safety/``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from foilog.log.dropped_text import TOPIC_FREE_TEXT, dropped_text
from foilog.log.findings import Finding
from foilog.log.markdown_limits import markdown_problems
from foilog.log.yamlload import YamlProblem, load_yaml

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n?", re.DOTALL)
MAX_TOPIC_BYTES = 512 * 1024


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    description: str
    intro: str
    source: str


def read_topic(path: Path, display: str) -> tuple[Topic | None, list[Finding]]:
    """Parse one topic page; problems come back as findings, never exceptions."""
    topic_id = path.stem
    if not _ID.match(topic_id):
        return None, [
            Finding(display, message=f"topic file name must be a lower-case id such as 'road-safety.md', got '{path.name}'; rename it")
        ]
    try:
        raw = path.read_bytes()
        if len(raw) > MAX_TOPIC_BYTES:
            raise YamlProblem(f"the file is larger than {MAX_TOPIC_BYTES:,} bytes")
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return None, [Finding(display, message="the file is not UTF-8 text; save it as UTF-8")]
    except YamlProblem as exc:
        return None, [Finding(display, message=exc.message)]
    match = _FRONT.match(text)
    if not match:
        return None, [Finding(display, line=1, message="expected front matter between '---' lines with title and description")]
    try:
        front = load_yaml(match.group(1).encode("utf-8"))
    except YamlProblem as exc:
        return None, [Finding(display, line=(exc.line or 0) + 1, message=exc.message)]
    data = front.data if isinstance(front.data, dict) else {}
    problems = []
    for key in ("title", "description"):
        if not isinstance(data.get(key), str) or not str(data.get(key)).strip():
            problems.append(Finding(display, line=2, field=key, message=f"required in the front matter (add '{key}: ...')"))
    if problems:
        return None, problems
    # A '#' that cut the title or description short: reported, the topic still loads (line 1 is the '---').
    cut = dropped_text(match.group(1), display, fields=TOPIC_FREE_TEXT, line_offset=1)
    intro = text[match.end() :].strip()
    # The intro is converted by the build: what would hang or crash it is reported here (foilog.log.markdown_limits).
    first_line = text.count("\n", 0, match.end()) + len(text[match.end() :]) - len(text[match.end() :].lstrip("\n")) + 1
    slow = [Finding(display, line=first_line + p.line - 1, message=p.message) for p in markdown_problems(intro)]
    return Topic(topic_id, str(data["title"]).strip(), str(data["description"]).strip(), intro, display), cut + slow


def load_topics(topics_dir: Path, root: Path) -> tuple[dict[str, Topic], list[Finding]]:
    """All topics, sorted by id; ``index.md`` is the hand-written /topics/ intro, not a topic."""
    topics: dict[str, Topic] = {}
    findings: list[Finding] = []
    if not topics_dir.is_dir():
        return topics, findings
    for path in sorted(topics_dir.glob("*.md")):
        if path.name == "index.md" or path.is_symlink():
            continue  # a link is never read (foilog.log.links reports it)
        topic, problems = read_topic(path, path.relative_to(root).as_posix())
        findings += problems
        if topic:
            topics[topic.id] = topic
    return topics, findings
