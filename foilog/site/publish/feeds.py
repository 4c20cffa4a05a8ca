"""Atom 1.0 feeds: ``/feed.xml`` and one per index page.

Every topic, exemption, outcome and authority (when the log has more than one)
has a feed beside its first list page (:func:`foilog.log.urls.feed_url`:
``/topics/<id>/feed.xml``, ``/exemptions/<slug>/feed.xml``,
``/outcomes/<id>/feed.xml``, ``/authorities/<id>/feed.xml``) holding the
responses that page lists.

Each feed holds the latest :data:`FEED_SIZE` live responses, latest release
first (withdrawn and embargoed responses never appear). Every date comes from
the data, so two builds of the same log give the same bytes:

* an entry's ``published`` is the day the response went public
  (:attr:`foilog.log.model.Response.published_on`: the response date, or the end
  of its embargo when that is later, so a release is new on the day it is
  released) and its ``updated`` the latest of that day and the correction
  dates;
* a feed's ``updated`` is its newest entry's (an empty topic feed takes the
  site feed's, and a log with nothing published the Unix epoch).

Entry ids never change with the title: with ``site_url`` they are tag URIs
(RFC 4151) built from the site's host and the response's URL path
(``tag:log.example,2019:responses/2019/01-foi-19-011430/``); without a
``site_url`` there is no domain to tag with, so they are name-based UUID URNs
of the authority and reference. Links are absolute with ``site_url`` and
relative to the feed's own location otherwise.

The XML is written by a small serializer (:class:`_Xml`, no mixed content)
that escapes every text and attribute value, quotes included, so no user text
can end an element or an attribute; characters that XML 1.0 cannot carry at
all are dropped first. The tests parse every feed back.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from foilog.log.catalogue import catalogue, outcomes
from foilog.log.model import Log, Response
from foilog.log.urls import authority_url, exemption_url, feed_url, outcome_url, topic_url
from foilog.site.publish.related_feed import related_feed_items
from foilog.site.related import Relations
from foilog.site.render.clock_view import status_text
from foilog.site.render.pages import long_date, relative
from foilog.site.render.review_pages import DECISION_NOTICES_URL, REVIEWS_URL
from foilog.site.review_lists import history_events, history_updated, reviewed, with_decision_notice

if TYPE_CHECKING:
    from foilog.site.pipeline import Plan

ATOM_NS = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50
SITE_FEED = "feed.xml"
EPOCH = dt.date(1970, 1, 1)

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (control characters, lone surrogates)."""
    return _NOT_XML.sub("", text)


def topic_feed_path(topic_id: str) -> str:
    return feed_url(topic_url(topic_id))


def response_updated(r: Response) -> dt.date:
    """The latest of the publication date (see :attr:`Response.published_on`), the corrections and the
    review and appeal history (:func:`foilog.site.review_lists.history_updated`), so a review result, an
    appeal decision or a changed question brings the entry back to the top of feed readers."""
    history = history_updated(r)
    return max([r.published_on, *(c.date for c in r.data.corrections), *([history] if history else [])])


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _link(site_url: str | None, feed_path: str, target: str) -> str:
    """``target`` (site-relative) as seen from the feed: absolute with ``site_url``, else relative."""
    if site_url:
        return site_url + target
    here = feed_path.rsplit("/", 1)[0] + "/" if "/" in feed_path else ""
    return relative(here, target)


def entry_id(r: Response, site_url: str | None) -> str:
    """A stable id: independent of the title, the same in every build."""
    if site_url:
        parts = urlsplit(site_url)
        return f"tag:{parts.hostname},{r.year}:{parts.path.lstrip('/')}{r.url}"
    return uuid.uuid5(uuid.NAMESPACE_URL, f"foilog:response:{r.authority}:{r.reference}").urn


def feed_id(site_name: str, feed_path: str, site_url: str | None) -> str:
    if site_url:
        return site_url + feed_path
    return uuid.uuid5(uuid.NAMESPACE_URL, f"foilog:feed:{site_name}:{feed_path}").urn


_TEXT = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;"}
_ATTRIBUTE = {**_TEXT, "\n": "&#10;", "\t": "&#9;"}
_TEXT_RE = re.compile('[&<>"\r]')
_ATTRIBUTE_RE = re.compile('[&<>"\r\n\t]')


def _escape_text(text: str) -> str:
    return _TEXT_RE.sub(lambda m: _TEXT[m.group()], xml_text(text))


def _escape_attribute(text: str) -> str:
    return _ATTRIBUTE_RE.sub(lambda m: _ATTRIBUTE[m.group()], xml_text(text))


class _Xml:
    """Writes indented elements that hold either text or other elements."""

    def __init__(self) -> None:
        self.parts: list[str] = ['<?xml version="1.0" encoding="utf-8"?>\n']
        self.depth = 0

    def _start(self, tag: str, attrs: dict[str, str]) -> str:
        return "  " * self.depth + "<" + tag + "".join(f' {k}="{_escape_attribute(v)}"' for k, v in attrs.items())

    def leaf(self, tag: str, text: str | None = None, **attrs: str) -> None:
        start = self._start(tag, attrs)
        self.parts.append(f"{start} />\n" if text is None else f"{start}>{_escape_text(text)}</{tag}>\n")

    @contextmanager
    def element(self, tag: str, **attrs: str) -> Iterator[None]:
        self.parts.append(self._start(tag, attrs) + ">\n")
        self.depth += 1
        yield
        self.depth -= 1
        self.parts.append("  " * self.depth + f"</{tag}>\n")

    def bytes(self) -> bytes:
        return "".join(self.parts).encode("utf-8")


def _content_html(r: Response, log: Log, related: Sequence[str] = ()) -> str:
    """The entry's content: summary, outcome and dates, and ``related`` (:mod:`.related_feed`), as escaped HTML."""
    d = r.data
    titles = outcomes()
    timing = f"{r.working_days} working day{'s' if r.working_days != 1 else ''}, " + status_text(r.clock)
    items = [
        f"<li>Reference: {escape(d.reference)}</li>",
        f"<li>Authority: {escape(log.project.settings.authority_name(r.authority))}</li>",
        f"<li>Outcome: {escape(titles[d.outcome].title)}</li>",
        f"<li>Received: {long_date(d.received)}</li>",
        f"<li>Responded: {long_date(d.responded)} ({escape(timing)})</li>",
    ]
    if r.published_on != d.responded:
        items.append(f"<li>Published: {long_date(r.published_on)}</li>")
    items += [f"<li>Corrected {long_date(c.date)}: {escape(c.note)}</li>" for c in d.corrections]
    items += [f"<li>{long_date(e.date)}: {escape(e.text)}</li>" for e in history_events(r)]
    items += related
    summary = f"<p>{escape(d.summary)}</p>" if d.summary else ""
    return f"{summary}<ul>{''.join(items)}</ul>"


def atom_feed(
    log: Log,
    responses: Sequence[Response],
    *,
    feed_path: str,
    title: str,
    subtitle: str,
    alternate: str,
    site_url: str | None,
    empty_updated: dt.date = EPOCH,
    relations: Relations | None = None,
) -> bytes:
    """One Atom feed of ``responses`` (already newest first and cut to size) at site path ``feed_path``."""
    settings = log.project.settings
    newest = max((response_updated(r) for r in responses), default=empty_updated)
    x = _Xml()
    with x.element("feed", **{"xmlns": ATOM_NS, "xml:lang": "en"}):
        x.leaf("id", feed_id(log.project.site_name, feed_path, site_url))
        x.leaf("title", title)
        x.leaf("subtitle", subtitle)
        x.leaf("updated", _timestamp(newest))
        x.leaf("link", rel="self", type="application/atom+xml", href=site_url + feed_path if site_url else feed_path.rsplit("/", 1)[-1])
        x.leaf("link", rel="alternate", type="text/html", href=_link(site_url, feed_path, alternate))
        with x.element("author"):
            x.leaf("name", settings.authority_name(settings.default_authority))
        x.leaf("generator", "foilog")
        x.leaf("rights", "Open Government Licence v3.0")
        for r in responses:
            d = r.data
            with x.element("entry"):
                x.leaf("id", entry_id(r, site_url))
                x.leaf("title", d.title)
                x.leaf("link", rel="alternate", type="text/html", href=_link(site_url, feed_path, r.url))
                x.leaf("published", _timestamp(r.published_on))
                x.leaf("updated", _timestamp(response_updated(r)))
                with x.element("author"):
                    x.leaf("name", settings.authority_name(r.authority))
                for topic_id in d.topics:
                    topic = log.topics.get(topic_id)
                    x.leaf("category", term=topic_id, label=topic.title if topic else topic_id)
                x.leaf("summary", d.summary or d.title, type="text")
                related = related_feed_items(r, relations, lambda target: _link(site_url, feed_path, target))
                x.leaf("content", _content_html(r, log, related), type="html")
    return x.bytes()


def index_feeds(plan: Plan) -> Iterator[tuple[str, Sequence[Response], str, str]]:
    """Each index page with a feed: its URL, the live responses it lists (newest first), a title and a subtitle.

    The same lists the pages show (:mod:`foilog.site.render.pages`), so a feed
    never holds what its page leaves out (withdrawn and embargoed responses are
    in no index).
    """
    log, idx = plan.log, plan.indexes
    for topic_id, topic in log.topics.items():
        yield topic_url(topic_id), idx.by_topic.get(topic_id, []), topic.title, topic.description or f"Responses about {topic.title}."
    for entry in catalogue().entries:
        yield (
            exemption_url(entry.slug),
            idx.listed_by_exemption.get(entry.slug, []),
            f"{entry.label}: {entry.title}",
            entry.explanation,
        )
    for outcome in outcomes().values():
        yield outcome_url(outcome.id), idx.by_outcome.get(outcome.id, []), outcome.title, outcome.explanation
    authorities = log.project.settings.authorities
    if len(authorities) > 1:  # as the authority pages (one authority has none)
        for authority in authorities:
            yield authority_url(authority.id), idx.by_authority.get(authority.id, []), authority.name, f"Responses from {authority.name}."
    yield REVIEWS_URL, reviewed(idx.live), "Internal reviews", "Responses whose decision was reviewed, the latest review first."
    yield (
        DECISION_NOTICES_URL,
        with_decision_notice(idx.live),
        "Decision notices",
        "Responses the Information Commissioner or the Scottish Information Commissioner decided on, the latest decision first.",
    )


def build_feeds(plan: Plan, *, site_url: str | None) -> dict[str, bytes]:
    """Every feed by site path: ``feed.xml`` and one per topic, exemption, outcome and authority page."""
    log, idx = plan.log, plan.indexes
    site_name = log.project.site_name
    latest = idx.live[:FEED_SIZE]
    site_updated = max((response_updated(r) for r in latest), default=EPOCH)
    out = {
        SITE_FEED: atom_feed(
            log,
            latest,
            feed_path=SITE_FEED,
            title=f"{site_name}: latest responses",
            subtitle="The latest Freedom of Information and Environmental Information responses published in this log.",
            alternate="",
            site_url=site_url,
            relations=idx.related,
        )
    }
    for index_url, items, title, subtitle in index_feeds(plan):
        path = feed_url(index_url)
        out[path] = atom_feed(
            log,
            items[:FEED_SIZE],
            feed_path=path,
            title=f"{site_name}: {title}",
            subtitle=subtitle,
            alternate=index_url,
            site_url=site_url,
            empty_updated=site_updated,
            relations=idx.related,
        )
    return out


def write_feeds(plan: Plan, site_dir: Path, *, site_url: str | None) -> list[str]:
    """Write the feeds into ``site_dir``; return their site paths."""
    feeds = build_feeds(plan, site_url=site_url)
    for path, data in feeds.items():
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return list(feeds)
