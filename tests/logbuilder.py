"""Build a small disclosure-log project in a temporary folder, in code.

Tests describe the log they need (plugin options, topics, responses with their
``response.yml`` text, ``response.md`` and attachments) instead of copying
fixture trees around. All data is fictional.

The line numbers of :data:`VALID_YML` are relied on by exact-message tests:
keep its layout stable (see ``LINE`` below).
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path
from typing import Any

import yaml

import foilog

TODAY = dt.date(2026, 11, 26)
TODAY_ARG = TODAY.isoformat()

#: A valid FOIA response of a fictional council; folder responses/2026/ncc-foi-26-0042.
VALID_REFERENCE = "NCC/FOI/26/0042"
VALID_SLUG = "ncc-foi-26-0042"
VALID_YML = """\
reference: NCC/FOI/26/0042
title: Gritting routes on rural roads
summary: The requester asked which rural roads are gritted. The routes were released; staff names were withheld.
regime: FOIA
received: 2026-09-01
responded: 2026-09-28
outcome: granted-in-part
topics:
  - road-safety
exemptions:
  - section: s40(2)
    public_interest: Not applicable; s40(2) is absolute for this information.
questions:
  - number: '1'
    question: Which rural roads do you grit?
    answer: See the attached table of routes.
    outcome: granted-in-full
  - number: '2'
    question: Who drives the gritters?
    answer: Staff names are personal data and are withheld.
    outcome: refused
    exemptions:
      - s40(2)
attachments:
  - path: attachments/gritting-routes.csv
    title: Gritting routes 2026/27
"""

#: Line of each top-level key (and a few nested ones) in VALID_YML.
LINE = {
    "reference": 1,
    "title": 2,
    "summary": 3,
    "regime": 4,
    "received": 5,
    "responded": 6,
    "outcome": 7,
    "topics": 8,
    "topics[0]": 9,
    "exemptions": 10,
    "exemptions[0].section": 11,
    "exemptions[0].public_interest": 12,
    "questions": 13,
    "questions[0]": 14,
    "questions[0].question": 15,
    "questions[0].answer": 16,
    "questions[0].outcome": 17,
    "questions[1]": 18,
    "questions[1].outcome": 21,
    "questions[1].exemptions[0]": 23,
    "attachments": 24,
    "attachments[0].path": 25,
}

VALID_MD = "Dear Requester\n\nThank you for your request. The routes are attached.\n"
VALID_ATTACHMENTS = {"attachments/gritting-routes.csv": b"route,roads\nA,B1234 and B1235\n"}

DEFAULT_OPTIONS: dict[str, Any] = {
    "responses_dir": "responses",
    "authority": "northshire-council",
    "colour": "#1d4f91",
    "authorities": [
        {"id": "northshire-council", "name": "Northshire County Council (fictional)"},
        {"id": "westshire-police", "name": "Westshire Police (fictional)"},
    ],
}

DEFAULT_TOPICS = {
    "road-safety": ("Road safety", "Roads, gritting, speed limits and collisions."),
    "policing-technology": ("Policing technology", "Cameras, facial recognition and databases."),
    "housing": ("Housing", "Council homes, repairs and homelessness."),
}


class LogBuilder:
    """A temporary foilog project: ``mkdocs.yml``, ``content/topics/``, ``responses/``."""

    def __init__(self, root: Path, *, options: dict[str, Any] | None = None, topics: dict[str, tuple[str, str]] | None = None) -> None:
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True)
        self.mkdocs(DEFAULT_OPTIONS if options is None else options)
        for topic_id, (title, description) in (DEFAULT_TOPICS if topics is None else topics).items():
            self.topic(topic_id, title, description)
        (self.root / "responses").mkdir(exist_ok=True)

    @property
    def config(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def responses(self) -> Path:
        return self.root / "responses"

    def mkdocs(self, options: dict[str, Any] | None, *, extra: str = "") -> Path:
        """Write mkdocs.yml with the foilog plugin ``options`` (None: no options block)."""
        config: dict[str, Any] = {"site_name": "Test Disclosure Log", "docs_dir": "content"}
        config["plugins"] = [{"foilog": options}] if options is not None else ["foilog"]
        self.config.write_text(yaml.safe_dump(config, sort_keys=False) + extra, encoding="utf-8")
        return self.config

    def topic(self, topic_id: str, title: str, description: str, intro: str = "") -> Path:
        path = self.root / "content" / "topics" / f"{topic_id}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\ntitle: {title}\ndescription: {description}\n---\n{intro}\n", encoding="utf-8")
        return path

    def response(
        self,
        year: int | str,
        slug: str,
        yml: str | bytes | None,
        *,
        md: str | None = VALID_MD,
        attachments: dict[str, bytes] | None = None,
    ) -> Path:
        """Create ``responses/<year>/<slug>/``; ``yml=None`` leaves out response.yml."""
        folder = self.responses / str(year) / slug
        folder.mkdir(parents=True, exist_ok=True)
        if yml is not None:
            data = yml if isinstance(yml, bytes) else textwrap.dedent(yml).encode("utf-8")
            (folder / "response.yml").write_bytes(data)
        if md is not None:
            (folder / "response.md").write_text(md, encoding="utf-8")
        for rel, content in (attachments or {}).items():
            target = folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        return folder

    def valid(self, yml: str = VALID_YML, *, year: int = 2026, slug: str = VALID_SLUG, **kwargs: Any) -> Path:
        """The valid sample response (or a variant of its text) with its attachment."""
        kwargs.setdefault("attachments", dict(VALID_ATTACHMENTS))
        return self.response(year, slug, yml, **kwargs)

    def override_template(self, name: str, extra_html: str) -> Path:
        """``overrides/foilog/<name>``: foilog's own template with ``extra_html`` appended (a site owner's override)."""
        source = (Path(foilog.__file__).parent / "templates" / name).read_text("utf-8")
        override = self.root / "overrides" / "foilog" / name
        override.parent.mkdir(parents=True, exist_ok=True)
        override.write_text(source + f"\n{extra_html}\n", encoding="utf-8")
        return override

    def yml_path(self, year: int = 2026, slug: str = VALID_SLUG) -> str:
        """The path as foilog prints it (relative to the project root)."""
        return f"responses/{year}/{slug}/response.yml"


def variant(old: str, new: str, text: str = VALID_YML) -> str:
    """``text`` with exactly one occurrence of ``old`` replaced (fails loudly otherwise)."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def load_built(builder: LogBuilder, today: dt.date = TODAY):
    """Load the builder's log as ``foilog check`` would, as of ``today``."""
    from foilog.engine.mkdocs_config import load_project
    from foilog.log.load import load_log

    return load_log(load_project(builder.config), today)


def finding_texts(log) -> list[str]:
    """Every finding of a loaded log as ``foilog check`` prints it."""
    return [f.as_text() for f in log.findings]


def build_response(text: str = VALID_YML, *, root: Path, today: dt.date = TODAY):
    """Load a one-response log and return ``(log, response)`` (response None if invalid)."""
    builder = LogBuilder(root)
    builder.valid(text)
    log = load_built(builder, today)
    return log, (log.responses[0] if log.responses else None)
