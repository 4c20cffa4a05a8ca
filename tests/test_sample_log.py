"""The shipped sample log (responses/): the real Met response's derived facts, and what the log must cover (issue 2)."""

from __future__ import annotations

import datetime as dt

from sitetools import SAMPLE_TODAY

from foilog.log.model import Log
from foilog.log.schema import OUTCOME_IDS, REGIMES


def test_sample_log_loads_without_findings(sample_log: Log) -> None:
    assert sample_log.today == SAMPLE_TODAY
    assert [f.as_text() for f in sample_log.findings] == []


def test_met_response_derived_facts(sample_log: Log) -> None:
    """The real letter: received 6 September 2019, answered 16 December 2019."""
    (met,) = [r for r in sample_log.responses if r.reference == "01/FOI/19/011430"]
    assert met.rel_folder == "responses/2019/01-foi-19-011430"
    assert met.authority == "metropolitan-police"
    assert met.data.regime == "FOIA"
    assert (met.data.received, met.data.responded) == (dt.date(2019, 9, 6), dt.date(2019, 12, 16))
    assert met.working_days == 70
    assert met.deadline == dt.date(2019, 10, 4)
    assert met.on_time is False
    numbers = [q.number for q in met.data.questions]
    assert numbers == ["1", "1a", "1b", "1c", "1d", "1e", "1f", "2", "2a", "2b", "3", "4"]
    assert {(e.section, e.ncnd) for e in met.data.exemptions} == {("s24(2)", True), ("s31(3)", True)}


def test_sample_log_covers_what_issue_2_asks_for(sample_log: Log) -> None:
    responses = sample_log.responses
    names = {a.id: a.name for a in sample_log.project.settings.authorities}
    fictional = [r for r in responses if "(fictional" in names[r.authority]]
    assert len(fictional) >= 14
    assert {r.data.outcome for r in responses} == set(OUTCOME_IDS)
    assert {r.data.regime for r in responses} == set(REGIMES)
    assert len({t for r in responses for t in r.data.topics}) >= 8
    assert any(r.data.exemptions for r in responses)
    assert any(r.data.attachments for r in responses)
    assert any(r.data.corrections for r in responses)
    assert any(r.withdrawn for r in responses)
    # Embargoed as of the fixed SAMPLE_TODAY, so the test keeps passing after the embargo ends.
    embargoed = [r for r in responses if r.embargoed(sample_log.today)]
    assert embargoed
    assert all(r not in sample_log.published() for r in embargoed)
    assert all(r.data.publish_after > SAMPLE_TODAY for r in embargoed)
