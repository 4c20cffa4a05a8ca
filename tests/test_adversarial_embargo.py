"""Embargo traces that test_embargo.py does not look for: redirects from a previous reference.

A response renamed while under embargo keeps its old reference in
``previous_references``; the redirect page from the old address would name the
new one (and prove the response exists). Until the release date neither the old
nor the new address may appear anywhere in site/.
"""

from __future__ import annotations

import pytest
from logbuilder import DEFAULT_OPTIONS, TODAY, LogBuilder
from sitetools import MATERIAL, build
from test_embargo import EMBARGOED_MD, EMBARGOED_YML, RELEASE, SLUG, site_texts

pytestmark = pytest.mark.adversarial

OLD_REFERENCE = "NCC/FOI/26/0777"
OLD_SLUG = "ncc-foi-26-0777"
YML = EMBARGOED_YML.replace("attachments:\n", f"previous_references:\n  - {OLD_REFERENCE}\nattachments:\n", 1)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> LogBuilder:
    builder = LogBuilder(tmp_path_factory.mktemp("embargo-redirect") / "project")
    builder.mkdocs(DEFAULT_OPTIONS, extra=MATERIAL + "site_url: https://log.example/\n")
    builder.valid()
    attachment = next(line.split("path: ")[1] for line in YML.splitlines() if "path: " in line)
    builder.response(2026, SLUG, YML, md=EMBARGOED_MD, attachments={attachment: b"month,grants\nJanuary,212\n"})
    return builder


def test_no_redirect_from_the_old_reference_before_release(project: LogBuilder) -> None:
    site = build(project.config, project.root.parent / "site-before", today=TODAY, strict=True)
    texts = site_texts(site)
    assert not (site / "responses" / "2026" / OLD_SLUG).exists()
    leaks = {name for name, text in texts.items() if OLD_SLUG in text or OLD_REFERENCE.lower() in text or SLUG in text}
    assert leaks == set()


def test_the_redirect_appears_on_release(project: LogBuilder) -> None:
    """The same log on its release date has the redirect: the test above is not vacuous."""
    site = build(project.config, project.root.parent / "site-released", today=RELEASE, strict=True)
    redirect = site / "responses" / "2026" / OLD_SLUG / "index.html"
    assert redirect.is_file() and SLUG in redirect.read_text("utf-8")
