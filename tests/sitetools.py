"""Helpers for tests that build whole sites and read them back."""

from __future__ import annotations

import datetime as dt
import posixpath
import shutil
from html.parser import HTMLParser
from pathlib import Path

from foilog.engine.mkdocs_build import build_site

REPO = Path(__file__).resolve().parent.parent
SAMPLE_TODAY = dt.date(2026, 11, 26)
MATERIAL = "theme:\n  name: material\n  font: false\n"


def copy_sample_project(root: Path, **options: object) -> Path:
    """A copy of the sample project in ``root`` with extra foilog options; returns its mkdocs.yml."""
    for name in ("content", "responses", "overrides"):
        if (REPO / name).exists():
            shutil.copytree(REPO / name, root / name)
    config = (REPO / "mkdocs.yml").read_text("utf-8")
    anchor = "      responses_dir: responses\n"
    assert anchor in config
    extra = "".join(f"      {key}: {value}\n" for key, value in options.items())
    (root / "mkdocs.yml").write_text(config.replace(anchor, anchor + extra), encoding="utf-8")
    return root / "mkdocs.yml"


def build(config: Path, site: Path, today: dt.date = SAMPLE_TODAY, strict: bool = False) -> Path:
    return build_site(config, site_dir=site, today=today, strict=strict)


def build_valid_site(tmp_path: Path) -> Path:
    """The site of a log of one valid response (with attachments), built with Material into ``tmp_path/site``."""
    from logbuilder import DEFAULT_OPTIONS, VALID_ATTACHMENTS, VALID_YML, LogBuilder

    builder = LogBuilder(tmp_path / "log")
    builder.mkdocs(DEFAULT_OPTIONS, extra=MATERIAL)
    builder.valid(VALID_YML, attachments=dict(VALID_ATTACHMENTS))
    return build(builder.config, tmp_path / "site")


def page(site: Path, url: str) -> Path:
    """The file that serves directory URL ``url`` (``topics/x/`` -> ``topics/x/index.html``)."""
    return site / url / "index.html"


class Links(HTMLParser):
    """Collects hrefs/srcs, tags and attributes of one HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.script_types: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        for key in ("href", "src"):
            if attributes.get(key):
                self.hrefs.append(attributes[key] or "")
        self._in_script = tag == "script"
        if tag == "script":
            self.scripts.append("")
            self.script_types.append(attributes.get("type") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text("utf-8"))
    return parser


def linked_urls(site: Path, url: str) -> set[str]:
    """Site-relative directory URLs that the page at ``url`` links to."""
    out = set()
    for href in parse(page(site, url)).hrefs:
        if "://" in href or href.startswith(("#", "mailto:")):
            continue
        target = posixpath.normpath(posixpath.join("/" + url, href.split("#")[0]))
        out.add(target.lstrip("/") + ("/" if not target.endswith("/") and "." not in target.rsplit("/", 1)[-1] else ""))
    return out


def all_files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.is_file())


def site_tree(site: Path) -> dict[str, bytes]:
    """Every file of a site (relative POSIX path -> its bytes)."""
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in all_files(site)}


def site_differences(first: Path, second: Path) -> list[str]:
    """The files present in only one of two sites, or with other bytes (a readable assertion message)."""
    one, two = site_tree(first), site_tree(second)
    only = [f"only in {first.name}: {rel}" for rel in sorted(one.keys() - two.keys())]
    only += [f"only in {second.name}: {rel}" for rel in sorted(two.keys() - one.keys())]
    return only + [f"other bytes: {rel}" for rel in sorted(one.keys() & two.keys()) if one[rel] != two[rel]]
