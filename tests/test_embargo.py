"""An embargoed response (publish_after later than the build date) leaves no trace anywhere in site/.

Every built file is searched (HTML, XML, JSON, CSV, sitemap, 404, robots.txt,
the search index with its gzip-compressed ``.pf_*`` files) for a marker put in
every text field, the letter and an attachment, and for the reference and
slug in every spelling a file might use. Built again on the release date, the
response appears on its page and in the indexes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import zlib
from pathlib import Path

import pytest
from logbuilder import DEFAULT_OPTIONS, TODAY, LogBuilder, variant
from sitetools import MATERIAL, all_files, build, page

pytestmark = pytest.mark.adversarial

MARKER = "EMBARGO-MARKER-7Q2"
REFERENCE = "NCC/FOI/26/0913"
SLUG = "ncc-foi-26-0913"
RELEASE = dt.date(2026, 12, 15)
SITE_URL = "https://log.example/"

EMBARGOED_YML = f"""\
reference: {REFERENCE}
title: Winter fuel grants {MARKER}
summary: The requester asked about winter fuel grants {MARKER}. Everything was released.
regime: FOIA
received: 2026-09-01
responded: 2026-09-28
publish_after: {RELEASE.isoformat()}
outcome: granted-in-full
topics:
  - housing
questions:
  - number: '1'
    question: How many winter fuel grants were paid {MARKER}?
    answer: 412 grants were paid in 2025/26 {MARKER}.
    outcome: granted-in-full
attachments:
  - path: attachments/grants-{MARKER.lower()}.csv
    title: Winter fuel grants by month {MARKER}
"""
EMBARGOED_MD = f"Dear Requester\n\nThe figures are below. {MARKER}\n"
ATTACHMENT = {f"attachments/grants-{MARKER.lower()}.csv": f"month,grants\nJanuary,212\nFebruary,200 {MARKER}\n".encode()}

#: What must not appear, in lower case (files are searched lower-cased).
NEEDLES = [
    MARKER.lower(),
    REFERENCE.lower(),
    REFERENCE.lower().replace("/", "\\/"),  # JSON may escape slashes
    REFERENCE.lower().replace("/", "%2f"),  # URL-encoded
    REFERENCE.lower().replace("/", "&#x2f;"),
    REFERENCE.lower().replace("/", "&#47;"),
    SLUG,
    "26/0913",
    "26-0913",
]


def site_texts(site: Path) -> dict[str, str]:
    """Every built file as lower-cased text; gzip/zlib data (Pagefind's .pf_* files) decompressed first."""
    out = {}
    for path in all_files(site):
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        elif path.suffix.startswith(".pf_") or path.suffix == ".pagefind":
            with contextlib.suppress(zlib.error):
                data = zlib.decompress(data, zlib.MAX_WBITS | 32)
        out[path.relative_to(site).as_posix()] = data.decode("utf-8", "replace").lower()
    return out


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> LogBuilder:
    builder = LogBuilder(tmp_path_factory.mktemp("embargo") / "project")
    builder.mkdocs(DEFAULT_OPTIONS, extra=MATERIAL + f"site_url: {SITE_URL}\n")
    (builder.root / "content" / "index.md").write_text("# Test disclosure log\n", encoding="utf-8")
    builder.valid()  # a live response, so the indexes are not empty
    builder.response(2026, SLUG, EMBARGOED_YML, md=EMBARGOED_MD, attachments=ATTACHMENT)
    return builder


@pytest.fixture(scope="module")
def embargoed_site(project: LogBuilder) -> Path:
    return build(project.config, project.root.parent / "site-before", today=TODAY, strict=True)


@pytest.fixture(scope="module")
def released_site(project: LogBuilder) -> Path:
    return build(project.config, project.root.parent / "site-released", today=RELEASE, strict=True)


def test_embargoed_response_leaves_no_trace(embargoed_site: Path) -> None:
    texts = site_texts(embargoed_site)
    assert len(texts) > 50, "the site was built"
    assert any(name.endswith("sitemap.xml") for name in texts) and "404.html" in texts
    leaks = {(name, needle) for name, text in texts.items() for needle in NEEDLES if needle in text}
    assert leaks == set()
    assert not (embargoed_site / "responses" / "2026" / SLUG).exists()
    assert not any(SLUG in name or MARKER.lower() in name for name in texts), "no file or folder named after it"


def test_live_response_is_published_meanwhile(embargoed_site: Path) -> None:
    assert page(embargoed_site, "responses/2026/ncc-foi-26-0042/").is_file()


def test_released_on_its_date(released_site: Path) -> None:
    texts = site_texts(released_site)
    url = f"responses/2026/{SLUG}/"
    response_page = texts[f"{url}index.html"]
    assert MARKER.lower() in response_page and REFERENCE.lower() in response_page
    assert f"{url}attachments/grants-{MARKER.lower()}.csv" in texts
    # ...and in the indexes: home, topic, archive, outcome, feeds, sitemap, open data, search, statistics.
    for index in ("index.html", "topics/housing/index.html", "archive/2026/index.html", "outcomes/granted-in-full/index.html"):
        assert SLUG in texts[index], index
    for name in ("feed.xml", "topics/housing/feed.xml", "sitemap.xml", "data/responses.json"):
        assert name in texts, f"{name} was not built"
        assert SLUG in texts[name], name
    for name in ("data/responses.csv", "data/questions.csv"):
        assert name in texts, f"{name} was not built"
        assert REFERENCE.lower() in texts[name], name
    fragments = [text for name, text in texts.items() if name.startswith("pagefind/part-") and "/fragment/" in name]
    assert any(f"/{url}" in text and MARKER.lower() in text for text in fragments), "the page is in the search index"
    assert any(f"/{url}attachments/grants-" in text for text in fragments), "its attachment is in the search index"
    statistics = texts["statistics/index.html"]
    assert "figures for the 2 responses" in statistics, "counted in the statistics (it was 1 before the release)"


def test_statistics_count_only_the_live_response_before_release(embargoed_site: Path) -> None:
    statistics = page(embargoed_site, "statistics/").read_text("utf-8").lower()
    assert "figures for the 1 response published" in statistics


def test_day_before_release_still_hidden(project: LogBuilder, tmp_path: Path) -> None:
    site = build(project.config, tmp_path / "site", today=RELEASE - dt.timedelta(days=1))
    assert not (site / "responses" / "2026" / SLUG).exists()
    assert not any(MARKER.lower() in text for text in site_texts(site).values())


def test_marker_fixture_is_really_in_every_field() -> None:
    """Guard against a fixture that would make the no-trace test pass vacuously."""
    for field in ("title:", "summary:", "question:", "answer:", "    title:"):
        line = next(line for line in EMBARGOED_YML.splitlines() if line.lstrip().startswith(field.strip()))
        assert MARKER in line, field
    assert MARKER in EMBARGOED_MD and MARKER.encode() in next(iter(ATTACHMENT.values()))
    assert variant(MARKER, "x", EMBARGOED_MD)  # exactly once in the letter
