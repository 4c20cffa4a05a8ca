"""Generate a realistic, fictional disclosure log of N responses for benchmarks.

Why synthetic: the sample log in ``responses/`` has a dozen responses, which
says nothing about how foilog behaves with the 2,000 to 50,000 responses a
real authority publishes over a decade. This module writes a complete foilog
project (``mkdocs.yml``, ``content/``, ``content/topics/``, ``responses/``)
whose shape follows real logs: four regimes, every outcome, exemptions that
belong to the regime, sub-questions, answers from one sentence to several
paragraphs with tables and lists, letters of 1-6 KB, some CSV attachments,
corrections and withdrawals.

Design constraints, and why:

* **Deterministic**: everything comes from one ``random.Random(seed)``, so two
  runs with the same ``--count`` and ``--seed`` write byte-identical files and
  benchmark numbers are comparable across machines and commits.
* **Valid**: the output passes ``foilog check`` with no errors or warnings, so
  a benchmark measures the build, not the error path.
* **Not personal data**: the leak gate's personal-data scanner runs over the
  text, so there are no people's names, e-mail addresses, phone numbers,
  postcodes or street addresses; sentences are assembled from public-sector
  vocabulary and every authority is fictional.
* **Fast**: 50,000 responses must generate in seconds. YAML is formatted by
  hand (every string single-quoted with ``'`` doubled, long text as literal
  block scalars) because PyYAML's pure-Python emitter would dominate the run;
  sentences are drawn from per-topic pools built once per run.

Usage::

    python bench/synthetic.py --count 2000 --seed 1 --out bench/out/2000
    python bench/synthetic.py --add --seed 1 --out bench/out/2000   # one more response, dated 2026-11-20
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from random import Random

TODAY_LIMIT = dt.date(2026, 11, 20)
"""No response, correction or withdrawal is dated after this (checks run with --today 2026-11-26)."""
FIRST_DAY = dt.date(2015, 1, 2)
TESTS = Path(__file__).resolve().parent.parent / "tests"
"""The test suite's attachment builders make the PDFs of ``--sizes mix`` (imported only then)."""
MARKER = ".synthetic-foilog"
"""Written into every generated project so :func:`generate` only ever clears folders it made."""

# --------------------------------------------------------------------------
# Vocabulary. Everything is fictional public-sector prose; nothing here may
# look like a person (no names, addresses, phone numbers, e-mail addresses).
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Authority:
    """A fictional public body: its id, name, regimes and how it writes references."""

    id: str
    name: str
    short: str
    """How the letters refer to the body (``the council``, ``the Trust``)."""
    regimes: tuple[tuple[str, float], ...]
    weight: float
    topics: tuple[str, ...]
    reference: str
    """A format string with ``{regime}``, ``{year}``, ``{yy}`` and ``{seq}``."""


AUTHORITIES: tuple[Authority, ...] = (
    Authority(
        "northshire-council", "Northshire County Council (fictional)", "the council",
        (("FOIA", 0.75), ("EIR", 0.25)), 0.40,
        ("council-finance", "community-safety", "education-and-schools", "environment-and-waste", "housing",
         "information-technology", "planning-and-building", "road-safety", "staff-and-pay", "transport", "procurement-and-contracts"),
        "{regime3}/{year}/{seq:05d}",
    ),
    Authority(
        "greendale-hospitals", "Greendale Hospitals NHS Trust (fictional)", "the Trust",
        (("FOIA", 1.0),), 0.15,
        ("health-services", "staff-and-pay", "information-technology", "procurement-and-contracts", "council-finance"),
        "GHT-FOI-{year}-{seq:04d}",
    ),
    Authority(
        "caledon-council", "Caledon Council (fictional, Scotland)", "the council",
        (("FOISA", 0.75), ("EISR", 0.25)), 0.20,
        ("council-finance", "community-safety", "education-and-schools", "environment-and-waste", "housing",
         "planning-and-building", "road-safety", "staff-and-pay", "transport"),
        "CC-{regime}-{year}-{seq:04d}",
    ),
    Authority(
        "department-for-examples", "Department for Examples (fictional)", "the Department",
        (("FOIA", 0.85), ("EIR", 0.15)), 0.15,
        ("council-finance", "information-technology", "procurement-and-contracts", "staff-and-pay", "environment-and-waste", "transport"),
        "DFX/{regime3}/{yy}/{seq:06d}",
    ),
    Authority(
        "westmere-fire", "Westmere Fire and Rescue Service (fictional)", "the Service",
        (("FOIA", 0.9), ("EIR", 0.1)), 0.10,
        ("community-safety", "staff-and-pay", "information-technology", "procurement-and-contracts", "road-safety"),
        "WFRS/{regime3}/{year}/{seq:04d}",
    ),
)  # fmt: skip

REGIME_ACTS = {
    "FOIA": "Freedom of Information Act 2000",
    "EIR": "Environmental Information Regulations 2004",
    "FOISA": "Freedom of Information (Scotland) Act 2002",
    "EISR": "Environmental Information (Scotland) Regulations 2004",
}
REGIME_SHORT = {
    "FOIA": "Freedom of Information",
    "EIR": "Environmental Information",
    "FOISA": "Freedom of Information",
    "EISR": "Environmental Information",
}
COMMISSIONER = {
    "FOIA": "the Information Commissioner",
    "EIR": "the Information Commissioner",
    "FOISA": "the Scottish Information Commissioner",
    "EISR": "the Scottish Information Commissioner",
}


@dataclass(frozen=True)
class TopicSpec:
    """A topic page and the words used to write responses filed under it."""

    title: str
    description: str
    intro: str
    subjects: tuple[str, ...]
    metrics: tuple[str, ...]
    """Column names for tables and CSV files (lower case, no commas)."""


TOPICS: dict[str, TopicSpec] = {
    "council-finance": TopicSpec(
        "Council finance", "Responses about budgets, council tax, reserves, grants and audit.",
        "This topic covers how public money is raised and spent: budgets, council tax and business rates, reserves, grants and the audit of the accounts.",
        ("council tax arrears", "business rates relief", "the revenue budget", "reserves and balances", "external audit fees",
         "debts written off", "grants to voluntary organisations", "income from parking charges"),
        ("budget", "actual spend", "variance", "income"),
    ),
    "community-safety": TopicSpec(
        "Community safety", "Responses about antisocial behaviour, fire safety, licensing and public space CCTV.",
        "This topic covers work to keep neighbourhoods safe: antisocial behaviour, fire safety inspections, licensing and town centre CCTV.",
        ("antisocial behaviour reports", "CCTV cameras in town centres", "fire safety inspections", "community safety grants",
         "noise complaints", "fly-tipping enforcement", "deliberate fires", "licensing of late-night premises"),
        ("reports", "inspections", "notices served", "cases closed"),
    ),
    "education-and-schools": TopicSpec(
        "Education and schools", "Responses about school places, school transport, exclusions and special educational needs.",
        "This topic covers schools and learning: admissions and appeals, school transport, exclusions, special educational needs and school buildings.",
        ("home-to-school transport", "exclusions from school", "special educational needs assessments", "school place appeals",
         "free school meals", "school building maintenance", "teacher vacancies", "pupil referral units"),
        ("pupils", "applications", "appeals heard", "cost"),
    ),
    "environment-and-waste": TopicSpec(
        "Environment and waste", "Responses about recycling, bin collections, air quality, flooding and green spaces.",
        "This topic covers environmental information: waste and recycling, air quality, flood risk, contaminated land, trees and parks.",
        ("household recycling rates", "garden waste collections", "air quality monitoring", "tree planting",
         "missed bin collections", "contaminated land records", "flood defence schemes", "pesticide use in parks"),
        ("tonnes", "collections", "monitoring sites", "cost"),
    ),
    "health-services": TopicSpec(
        "Health services", "Responses about hospital waiting times, staffing, beds and patient services.",
        "This topic covers hospital services: waiting times, cancelled appointments, beds, car parking and the use of temporary clinical staff.",
        ("waiting times for planned operations", "ambulance handover delays", "cancelled outpatient appointments", "hospital car parking income",
         "use of locum doctors", "mental health bed occupancy", "infection control audits", "delayed discharges"),
        ("patients", "appointments", "median wait in days", "cost"),
    ),
    "housing": TopicSpec(
        "Housing", "Responses about council housing, homelessness, repairs and private renting.",
        "This topic covers social housing and homelessness: waiting lists, temporary accommodation, repairs and damp, and licensing of private landlords.",
        ("temporary accommodation", "the housing register", "damp and mould repairs", "empty council homes",
         "licensing of houses in multiple occupation", "homelessness applications", "right to buy sales", "disabled facilities grants"),
        ("households", "applications", "homes", "cost"),
    ),
    "information-technology": TopicSpec(
        "Information technology", "Responses about computer systems, software contracts, cyber security and data protection.",
        "This topic covers the systems that run public services: software and hardware contracts, cyber security, data protection and digital services.",
        ("cyber security incidents", "software licences", "the telephony contract", "laptop replacement",
         "cloud hosting costs", "data protection breaches", "website accessibility testing", "legacy system support"),
        ("incidents", "licences", "devices", "cost"),
    ),
    "planning-and-building": TopicSpec(
        "Planning and building", "Responses about planning applications, enforcement, appeals and building control.",
        "This topic covers the planning system: applications and decisions, enforcement, appeals, developer contributions and building control.",
        ("planning enforcement cases", "major planning applications", "developer contributions", "building control inspections",
         "conservation area reviews", "planning appeal costs", "the local plan evidence base", "dangerous structures notices"),
        ("applications", "decisions", "cases opened", "cost"),
    ),
    "road-safety": TopicSpec(
        "Road safety", "Responses about road casualties, speed limits, cameras and crossings.",
        "This topic covers road safety: casualty figures, speed limits and cameras, crossings, school crossing patrols and road safety education.",
        ("road casualties", "speed cameras", "20 mph zones", "pedestrian crossings",
         "school crossing patrols", "road safety education", "collision hotspots", "winter gritting routes"),
        ("collisions", "casualties", "sites", "cost"),
    ),
    "staff-and-pay": TopicSpec(
        "Staff and pay", "Responses about staffing numbers, pay, agency staff, sickness absence and pensions.",
        "This topic covers the workforce: numbers of staff, pay bands, agency and interim staff, sickness absence and the gender pay gap. Figures for small groups are withheld.",
        ("agency staff spending", "sickness absence", "senior management pay bands", "the gender pay gap",
         "overtime payments", "staff turnover", "apprenticeship levy spending", "redundancy payments"),
        ("full-time equivalent posts", "days lost", "headcount", "cost"),
    ),
    "transport": TopicSpec(
        "Transport", "Responses about buses, roads, parking, cycling and street lighting.",
        "This topic covers getting around: bus services and subsidies, road repairs, parking, cycling and walking routes and street lighting.",
        ("bus service subsidies", "pothole repairs", "parking enforcement", "electric vehicle charging points",
         "cycle lanes", "concessionary travel passes", "street lighting repairs", "park and ride services"),
        ("journeys", "repairs", "penalty charge notices", "cost"),
    ),
    "procurement-and-contracts": TopicSpec(
        "Procurement and contracts", "Responses about contracts, suppliers, consultancy and spending.",
        "This topic covers buying goods and services: contracts and their values, consultancy, framework agreements and payment of suppliers.",
        ("consultancy spending", "the highways maintenance contract", "framework agreements", "contract waivers",
         "purchase card transactions", "social value in contracts", "late payment of suppliers", "the catering contract"),
        ("contracts", "invoices", "suppliers", "value"),
    ),
}  # fmt: skip

DEPARTMENTS = (
    "Finance service", "Highways service", "Housing service", "Human Resources service", "Planning service",
    "Procurement team", "Digital Services team", "Environmental Health team", "Estates team", "Facilities Management team",
    "Performance and Intelligence team", "Legal Services team", "Customer Services team", "Corporate Property team",
)  # fmt: skip
SYSTEMS = (
    "finance system", "case management system", "document management system", "payroll system", "asset register",
    "contracts register", "complaints database", "incident recording system", "performance dashboard", "records archive",
)  # fmt: skip
REPORTS = (
    "annual statement of accounts", "annual performance report", "quarterly monitoring report", "transparency report",
    "publication scheme", "open data catalogue", "annual report to the board", "budget book",
)  # fmt: skip
ADJECTIVES = ("total", "annual", "monthly", "average", "overall", "estimated", "recorded", "reported")

# Sentence templates. Slots: {subject} {subject2} {dept} {system} {report} {org} {year} {year2} {fy} {n} {n2} {money} {pct} {adj}
SENTENCES = (
    "The {dept} holds records of {subject} for each financial year since {year}.",
    "We have searched the {system} and the paper files of the {dept} for information about {subject}.",
    "The figures are taken from the {system} and were correct on the date of this letter.",
    "Information about {subject} is published each year in {org}'s {report}.",
    "The {adj} cost of {subject} in {fy} was {money}, compared with {money2} the year before.",
    "In {fy} {org} recorded {n} cases relating to {subject}.",
    "This represents an increase of {pct} on the previous year, mainly because of changes in demand.",
    "The {dept} reviews {subject} every quarter and reports to the relevant committee.",
    "Figures before {year} are held in an older system and could not be extracted within the time available.",
    "Where a figure is five or fewer it has been shown as 'five or fewer' to avoid identifying individuals.",
    "The information is held electronically and has been extracted into the table below.",
    "Spending on {subject} is coded to more than one budget heading, so the figures are an estimate.",
    "{org_cap} does not record {subject} by ward or by postcode district.",
    "The contract for {subject} was awarded in {year} after an open tender and runs until {year2}.",
    "The {report} for {fy} sets out the reasons for the change in {subject}.",
    "No separate budget is held for {subject}; the costs are met from the budget for {subject2}.",
    "Records of {subject} are kept for six years after the end of the financial year and then destroyed.",
    "A summary of {subject} is reported to the audit committee twice a year.",
    "The {adj} number of {subject} fell from {n} in {year} to {n2} in {year2}.",
    "We have interpreted your request as covering the period from April {year} to March {year2}.",
    "Some of the records for {fy} are incomplete because of a change of system during that year.",
    "The policy on {subject} was last reviewed in {year} and is due for review in {year2}.",
    "We are not able to break the figures down by month without a manual review of each file.",
    "The {dept} estimates that {pct} of the work on {subject} is carried out by external contractors.",
    "Copies of the relevant reports are available on {org}'s website under {report}.",
    "The figures include both planned and reactive work on {subject}.",
    "Please note that the figures for {fy} are provisional and may change after the annual audit.",
    "A breakdown of the {adj} figures by quarter is shown below.",
    "{org_cap} does not hold a single register of {subject}; the information is spread across several teams.",
    "We have included figures for {subject2} because they are closely related to your request.",
    "The {dept} confirmed that no further information is held beyond what is set out here.",
    "Each case is recorded when it is opened and closed, so the totals may include cases carried over from {year}.",
    "The {adj} value of contracts relating to {subject} was {money} in {fy}.",
    "Around {pct} of cases relating to {subject} were resolved within the target time.",
    "The methodology used to count {subject} changed in {year}, so earlier figures are not directly comparable.",
    "We hope this information is helpful and thank you for your interest in {subject}.",
)  # fmt: skip

SHORT_ANSWERS = (
    "Yes.", "No.", "{n}.", "The figure for {fy} was {money}.", "Yes, the policy was last reviewed in {year}.",
    "No such assessment has been carried out.", "The total for {fy} was {n}.", "{org_cap} holds no record of this.",
    "This was {pct} in {fy}.", "Yes; the document is published on {org}'s website under {report}.",
)  # fmt: skip

QUESTION_TEMPLATES = (
    "Please provide the number of {subject} in each year from {year} to {year2}.",
    "How much did {org} spend on {subject} in each financial year from {fy} to date?",
    "Please provide a copy of any policy or procedure covering {subject}.",
    "What was the total cost of {subject} in {fy}, broken down by {metric}?",
    "How many complaints about {subject} did {org} receive in {fy}?",
    "Does {org} hold a register of {subject}? If so, please provide a copy.",
    "Please tell me how {subject} is monitored and who it is reported to.",
    "Which {dept} is responsible for {subject}, and what is its annual budget?",
    "Please provide the {adj} figures for {subject} for {year2}, broken down by month.",
    "Has {org} carried out any review or assessment of {subject} since {year}? If so, please provide a copy.",
    "What is the value and end date of each contract for {subject}?",
    "How many staff work on {subject}, expressed as full-time equivalent posts?",
)  # fmt: skip
SUB_QUESTION_TEMPLATES = (
    "Of those, how many related to {subject2}?",
    "Please break this figure down by quarter.",
    "What was the equivalent figure for {year}?",
    "How many of these were closed within the target time?",
    "Please provide the same information for {subject2}.",
    "If no review was carried out, please explain why.",
)  # fmt: skip
TITLE_TEMPLATES = (
    "{Subject}, {year} to {year2}",
    "{Subject} in {fy}",
    "Spending on {subject}",
    "{Subject}: numbers and costs",
    "Policies and reviews of {subject}",
    "Complaints about {subject} in {fy}",
    "Contracts for {subject}",
    "{Subject} and {subject2}",
)  # fmt: skip
PUBLIC_INTEREST = (
    "Disclosure would promote transparency and accountability in the use of public funds.",
    "There is a public interest in understanding how decisions about {subject} are made.",
    "Against this, disclosure would be likely to prejudice {org}'s ability to obtain value for money in future.",
    "Releasing the information would weaken the position of {org} in negotiations that are still under way.",
    "Some of the information is already in the public domain, which reduces the weight of the arguments for disclosure.",
    "Disclosure could assist those intent on causing harm to identify weaknesses in the arrangements for {subject}.",
    "Having weighed these factors, {org} concluded that the public interest favours withholding the information at this time.",
    "{org_cap} found that the balance of the public interest lies in maintaining the exemption.",
)  # fmt: skip
OUTCOME_SUMMARIES = {
    "granted-in-full": "All the information was released.",
    "granted-in-part": "Most of the information was released; some was withheld under {sections}.",
    "refused": "The information is held but was withheld under {sections}.",
    "not-held": "{org_cap} does not hold the information requested.",
    "neither-confirm-nor-deny": "{org_cap} neither confirmed nor denied whether it holds the information, under {sections}.",
    "cost-limit": "The request was refused because answering it would exceed the cost limit, under {sections}; advice was given on narrowing it.",
    "vexatious": "The request was refused as vexatious under {sections}.",
}
OUTCOME_WEIGHTS = (
    ("granted-in-full", 45), ("granted-in-part", 22), ("refused", 8), ("not-held", 13),
    ("neither-confirm-nor-deny", 3), ("cost-limit", 6), ("vexatious", 3),
)  # fmt: skip


@dataclass(frozen=True)
class ExemptionSpec:
    """A section cited in responses: its regime's form, whether a public interest test applies, what it protects."""

    section: str
    qualified: bool
    protects: str


def _ex(section: str, qualified: bool, protects: str) -> ExemptionSpec:
    return ExemptionSpec(section, qualified, protects)


#: Per regime: sections used to withhold part or all, for NCND, for the cost limit, for vexatious requests, for "not held".
EXEMPTIONS: dict[str, dict[str, tuple[ExemptionSpec, ...]]] = {
    "FOIA": {
        "withhold": (
            _ex("s40(2)", False, "personal information about third parties"), _ex("s43(2)", True, "commercial interests"),
            _ex("s31(1)(a)", True, "the prevention or detection of crime"), _ex("s24(1)", True, "national security"),
            _ex("s22(1)", True, "information intended for future publication"), _ex("s41(1)", False, "information provided in confidence"),
            _ex("s42(1)", True, "legal professional privilege"), _ex("s38(1)(a)", True, "health and safety"),
            _ex("s36(2)(b)(ii)", True, "the free and frank exchange of views"), _ex("s21(1)", False, "information already reasonably accessible"),
        ),
        "ncnd": (_ex("s24(2)", True, "national security"), _ex("s31(3)", True, "law enforcement"), _ex("s40(5)", False, "personal information")),
        "cost-limit": (_ex("s12(1)", False, "the appropriate cost limit"),),
        "vexatious": (_ex("s14(1)", False, "vexatious requests"),),
        "not-held": (),
    },
    "EIR": {
        "withhold": (
            _ex("reg12(5)(e)", True, "commercial confidentiality"), _ex("reg13(1)", False, "personal data"),
            _ex("reg12(4)(d)", True, "unfinished documents and incomplete data"), _ex("reg12(4)(e)", True, "internal communications"),
            _ex("reg12(5)(b)", True, "the course of justice"), _ex("reg12(5)(a)", True, "public safety"),
        ),
        "ncnd": (_ex("reg12(5)(a)", True, "public safety"), _ex("reg13(5)(a)", False, "personal data")),
        "cost-limit": (_ex("reg12(4)(b)", True, "manifestly unreasonable requests"),),
        "vexatious": (_ex("reg12(4)(b)", True, "manifestly unreasonable requests"),),
        "not-held": (_ex("reg12(4)(a)", True, "information not held"),),
    },
    "FOISA": {
        "withhold": (
            _ex("s38(1)(b)", False, "personal information"), _ex("s33(1)(b)", True, "commercial interests"),
            _ex("s30(c)", True, "the effective conduct of public affairs"), _ex("s35(1)(a)", True, "the prevention or detection of crime"),
            _ex("s36(2)", True, "confidentiality"), _ex("s25(1)", False, "information otherwise accessible"),
            _ex("s27(1)", True, "information intended for future publication"),
        ),
        "ncnd": (_ex("s38(1)(b)", False, "personal information"), _ex("s35(1)(a)", True, "law enforcement")),
        "cost-limit": (_ex("s12(1)", False, "the cost limit"),),
        "vexatious": (_ex("s14(1)", False, "vexatious requests"),),
        "not-held": (),
    },
    "EISR": {
        "withhold": (
            _ex("reg10(5)(e)", True, "commercial confidentiality"), _ex("reg11(2)", False, "personal data"),
            _ex("reg10(4)(d)", True, "unfinished documents and incomplete data"), _ex("reg10(4)(e)", True, "internal communications"),
            _ex("reg10(5)(b)", True, "the course of justice"),
        ),
        "ncnd": (_ex("reg10(5)(a)", True, "public safety"), _ex("reg11(2)", False, "personal data")),
        "cost-limit": (_ex("reg10(4)(b)", True, "manifestly unreasonable requests"),),
        "vexatious": (_ex("reg10(4)(b)", True, "manifestly unreasonable requests"),),
        "not-held": (_ex("reg10(4)(a)", True, "information not held"),),
    },
}  # fmt: skip

_YEAR_SLOTS = {"year": "{year}", "year2": "{year2}", "fy": "{fy}"}
"""Pool sentences keep their years as placeholders, filled per paragraph by :meth:`_Writer.paragraph`."""

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")


def _ri(rng: Random, low: int, high: int) -> int:
    """``rng.randint(low, high)`` at a third of the cost (``randint`` was the generator's top function)."""
    return low + int(rng.random() * (high - low + 1))


def cite(section: str) -> str:
    """``s40(2)`` -> ``section 40(2)``; ``reg12(5)(e)`` -> ``regulation 12(5)(e)`` (as letters write them)."""
    if section.startswith("reg"):
        return "regulation " + section[3:]
    return "section " + section[1:]


def long_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def yq(text: str) -> str:
    """A YAML single-quoted scalar: the only escape is ``'`` -> ``''`` (text must be one line)."""
    return "'" + text.replace("'", "''") + "'"


def yblock(text: str, indent: str) -> str:
    """A YAML literal block scalar (``|``) of ``text`` indented by ``indent``; empty lines stay empty."""
    return "|\n" + "\n".join(indent + line if line else "" for line in text.split("\n"))


def slugify(text: str) -> str:
    """foilog's slug rule (``foilog.log.urls.slugify``), copied so the generator needs nothing from foilog."""
    out: list[str] = []
    dash = False
    for ch in text.lower():
        if ch.isascii() and ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


# --------------------------------------------------------------------------
# The writer
# --------------------------------------------------------------------------


class _Slots(dict[str, str]):
    """Template slots drawn lazily (``str.format_map`` calls ``__missing__``): drawing all of them per sentence was half the run time."""

    def __init__(self, rng: Random, spec: TopicSpec, authority: Authority, year: int | None) -> None:
        super().__init__(org=authority.short, org_cap=authority.short[0].upper() + authority.short[1:])
        self.rng = rng
        self.spec = spec
        self.year = year

    def __missing__(self, key: str) -> str:
        rng = self.rng
        if key in ("subject", "Subject", "subject2"):
            subject, subject2 = rng.sample(self.spec.subjects, 2)
            self.update(subject=subject, Subject=subject[0].upper() + subject[1:], subject2=subject2)
        elif key in ("year", "year2", "fy"):
            y = self.year if self.year is not None else _ri(rng, 2012, 2025)
            self.update(year=str(y - _ri(rng, 1, 5)), year2=str(y), fy=f"{y - 1}/{y % 100:02d}")
        elif key in ("n", "n2"):
            self[key] = f"{_ri(rng, 6, 4000):,}"
        elif key in ("money", "money2"):
            self[key] = f"£{_ri(rng, 1_000, 9_000_000):,}"
        elif key == "pct":
            self[key] = f"{_ri(rng, 2, 95)}%"
        else:
            choices = {"dept": DEPARTMENTS, "system": SYSTEMS, "report": REPORTS, "adj": ADJECTIVES, "metric": self.spec.metrics}[key]
            self[key] = rng.choice(choices)
        return self[key]


class _Writer:
    """Holds the random source and the per-topic sentence pools of one run."""

    POOL_SIZE = 400

    def __init__(self, rng: Random) -> None:
        self.rng = rng
        self.pools: dict[tuple[str, str], list[str]] = {}
        for authority in AUTHORITIES:
            for topic in authority.topics:
                self.pools[(authority.id, topic)] = [self._pool_sentence(topic, authority) for _ in range(self.POOL_SIZE)]

    # -- slot filling ---------------------------------------------------------
    def _slots(self, topic: str, authority: Authority, year: int | None = None) -> _Slots:
        """The values for one template; each is drawn only when the template uses it (most use three or four)."""
        return _Slots(self.rng, TOPICS[topic], authority, year)

    def _pool_sentence(self, topic: str, authority: Authority) -> str:
        slots = self._slots(topic, authority)
        slots.update(_YEAR_SLOTS)
        return self.rng.choice(SENTENCES).format_map(slots)

    def _fill(self, template: str, topic: str, authority: Authority, year: int | None = None) -> str:
        return template.format_map(self._slots(topic, authority, year))

    def paragraph(self, key: tuple[str, str], year: int, low: int = 2, high: int = 5) -> str:
        """Sentences from the topic's pool, their years filled in relative to ``year`` (no letter cites the future)."""
        rng = self.rng
        text = " ".join(rng.choices(self.pools[key], k=_ri(rng, low, high)))
        if "{" not in text:
            return text
        later = year - _ri(rng, 0, 1)
        return text.format(year=later - _ri(rng, 1, 5), year2=later, fy=f"{later - 1}/{later % 100:02d}")

    def table(self, topic: str, year: int) -> str:
        """A small Markdown table of yearly or quarterly figures."""
        rng = self.rng
        metrics = rng.sample(TOPICS[topic].metrics, _ri(rng, 1, 3))
        quarterly = rng.random() < 0.3
        head = "| " + ("Quarter" if quarterly else "Year") + " | " + " | ".join(m.capitalize() for m in metrics) + " |"
        rule = "|---|" + "---:|" * len(metrics)
        rows = []
        labels = (
            [f"Q{q} {year - 1}/{year % 100:02d}" for q in range(1, 5)]
            if quarterly
            else [f"{y - 1}/{y % 100:02d}" for y in range(year - _ri(rng, 2, 6), year + 1)]
        )
        for label in labels:
            cells = [
                f"£{_ri(rng, 500, 2_000_000):,}"
                if m in ("cost", "value", "budget", "actual spend", "income", "variance")
                else f"{_ri(rng, 0, 5000):,}"
                for m in metrics
            ]
            rows.append(f"| {label} | " + " | ".join(cells) + " |")
        return "\n".join([head, rule, *rows])

    def bullets(self, topic: str, authority: Authority, year: int) -> str:
        rng = self.rng
        spec = TOPICS[topic]
        items = []
        for subject in rng.sample(spec.subjects, _ri(rng, 3, 6)):
            if rng.random() < 0.5:
                items.append(f"- **{subject[0].upper() + subject[1:]}:** {_ri(rng, 6, 4000):,} in {year - 1}/{year % 100:02d}")
            else:
                items.append(f"- {subject}: £{_ri(rng, 1_000, 900_000):,}")
        return "\n".join(items)

    # -- answers ----------------------------------------------------------------
    def answer(self, outcome: str, sections: list[str], topic: str, authority: Authority, year: int, extra: int = 0) -> str:
        """One question's answer, consistent with its outcome; ``extra`` more paragraphs make a long answer."""
        text = self._answer(outcome, sections, topic, authority, year)
        if extra:
            text += "\n\n" + "\n\n".join(self.paragraph((authority.id, topic), year, 3, 7) for _ in range(extra))
        return text

    def _answer(self, outcome: str, sections: list[str], topic: str, authority: Authority, year: int) -> str:
        rng = self.rng
        key = (authority.id, topic)
        cited = " and ".join(cite(s) for s in sections)
        org = authority.short
        if outcome == "not-held":
            text = f"{org[0].upper() + org[1:]} does not hold this information."
            if sections:
                text += f" We have applied the exception at {cited}."
            return text + (" " + self.paragraph(key, year, 1, 3) if rng.random() < 0.5 else "")
        if outcome == "neither-confirm-nor-deny":
            return f"{org[0].upper() + org[1:]} can neither confirm nor deny whether it holds this information, under {cited}. The reasons are set out in the letter below."
        if outcome == "cost-limit":
            return (
                f"Answering this question would exceed the cost limit, so {org} is relying on {cited}. "
                + self.paragraph(key, year, 1, 2)
                + "\n\nYou may wish to narrow your request, for example to a single financial year."
            )
        if outcome == "vexatious":
            return f"{org[0].upper() + org[1:]} considers this request vexatious and is relying on {cited}. Our reasons are set out in the letter below."
        if outcome == "refused":
            return f"This information is held but is withheld under {cited}. " + self.paragraph(key, year, 1, 3)
        parts: list[str] = []
        if outcome == "granted-in-part":
            parts.append(f"Some of this information is withheld under {cited}. The rest is set out below.")
        kind = rng.random()
        if kind < 0.25:
            parts.append(self._fill(rng.choice(SHORT_ANSWERS), topic, authority, year))
        elif kind < 0.55:
            parts.extend(self.paragraph(key, year) for _ in range(_ri(rng, 1, 4)))
        elif kind < 0.8:
            parts.append(self.paragraph(key, year, 1, 2))
            parts.append(self.table(topic, year))
            if rng.random() < 0.5:
                parts.append(self.paragraph(key, year, 1, 3))
        else:
            parts.append(self.paragraph(key, year, 1, 2))
            parts.append(self.bullets(topic, authority, year))
        return "\n\n".join(parts)

    # -- the letter -------------------------------------------------------------
    def letter(
        self,
        reference: str,
        regime: str,
        received: dt.date,
        authority: Authority,
        topic: str,
        uses: list[ExemptionSpec],
        pi: bool,
        target: int | None = None,
    ) -> str:
        """The response letter; about ``target`` characters (default: 0.9 to 6 KB, mostly about 1.8 KB)."""
        rng = self.rng
        key = (authority.id, topic)
        year = received.year
        if target is None:
            target = int(rng.triangular(900, 6000, 1800))
        out = [
            "Dear Requester",
            f"## {REGIME_SHORT[regime]} request {reference}",
            f"Thank you for your request, which we received on {long_date(received)}. We have handled it under the {REGIME_ACTS[regime]}.",
            "## Our response",
        ]
        size = sum(len(p) for p in out)
        tail = [
            "## If you are not happy with this response",
            f"You can ask for an internal review within 40 working days of the date of this letter. Please quote the reference {reference}.",
            f"If you are still not satisfied after the review, you can complain to {COMMISSIONER[regime]}, whose website explains how.",
            rng.choice(("Yours sincerely", "Yours faithfully")),
            f"Information Governance Team  \n{authority.name}",
        ]
        size += sum(len(p) for p in tail)
        middle: list[str] = []
        for use in uses:
            middle.append(f"### {cite(use.section)[0].upper() + cite(use.section)[1:]}: {use.protects}")
            middle.append(
                f"We have applied {cite(use.section)} because the information relates to {use.protects}. " + self.paragraph(key, year, 1, 3)
            )
            if use.qualified and pi:
                middle.append(
                    "This is a qualified exemption, so we have considered the public interest. "
                    + " ".join(self._fill(t, topic, authority) for t in rng.sample(PUBLIC_INTEREST, 3))
                )
        size += sum(len(p) for p in middle)
        body: list[str] = []
        while size < target:
            p = self.paragraph(key, year, 2, 6)
            body.append(p)
            size += len(p) + 2
            if rng.random() < 0.15:
                extra = self.bullets(topic, authority, received.year)
                body.append(extra)
                size += len(extra) + 2
        if middle:
            heading = "## Exceptions applied" if regime in ("EIR", "EISR") else "## Exemptions applied"
            body += [heading, *middle]
        return "\n\n".join(out + body + tail) + "\n"


@dataclass
class Stats:
    """What was written, for the summary line and for tests of the generator."""

    responses: int = 0
    attachments: int = 0
    corrections: int = 0
    withdrawn: int = 0
    bytes_yml: int = 0
    bytes_md: int = 0


def _dates(rng: Random, count: int) -> list[dt.date]:
    """``count`` weekday response dates spread over 2015 to 2026, oldest first."""
    span = (TODAY_LIMIT - FIRST_DAY).days
    days: list[dt.date] = []
    for _ in range(count):
        day = FIRST_DAY + dt.timedelta(days=_ri(rng, 0, span))
        while day.weekday() >= 5:
            day -= dt.timedelta(days=1)
        days.append(day)
    days.sort()
    return days


def _pick(rng: Random, weighted: tuple[tuple[str, float], ...] | tuple[tuple[str, int], ...]) -> str:
    names = [w[0] for w in weighted]
    weights = [w[1] for w in weighted]
    return rng.choices(names, weights=weights, k=1)[0]


def _question_numbers(rng: Random, total: int) -> list[str]:
    """``1, 2, 2a, 2b, 3 ...``: sometimes a question has lettered parts, as letters number them."""
    numbers: list[str] = []
    main = 0
    while len(numbers) < total:
        main += 1
        numbers.append(str(main))
        if rng.random() < 0.25:
            for letter in "abcd"[: _ri(rng, 1, 3)]:
                if len(numbers) >= total:
                    break
                numbers.append(f"{main}{letter}")
    return numbers


QUESTION_COUNTS = tuple(range(1, 13))
QUESTION_WEIGHTS = (15, 15, 15, 12, 10, 8, 7, 5, 4, 4, 3, 2)


# --------------------------------------------------------------------------
# Response sizes. The default ("small") is what the site benchmark has always
# measured; real logs also hold long answers (the sample log's police letter is
# 15 KB of Markdown and 7 KB of YAML, a 40 KB page), and the costs that grow with
# a page's text (the text scan, the sweep, Markdown, the search index) only show
# with them.
# --------------------------------------------------------------------------

SIZES = ("small", "seed", "mix")
"""``small``: letters of 1-6 KB; ``seed``: every response the size of the sample log's police letter; ``mix``: realistic."""

FIXED_ZIP_TIME = (2026, 11, 20, 12, 0, 0)
"""Every XLSX part is dated this, so generated spreadsheets are byte-identical run to run."""


def _size(rng: Random, sizes: str) -> tuple[int | None, int]:
    """(letter length in characters or None for the small default, extra paragraphs per granted answer).

    Draws nothing for ``small``, so the default log stays byte-identical to
    earlier versions of this generator.
    """
    if sizes == "small":
        return None, 0
    if sizes == "seed":  # the police letter: 14.9 KB of Markdown, answers of a few paragraphs
        return int(rng.triangular(13_000, 17_000, 15_000)), 2
    roll = rng.random()
    if roll < 0.70:
        return None, 0
    if roll < 0.90:
        return int(rng.triangular(6_000, 18_000, 9_000)), rng.choice((0, 1))
    return int(rng.triangular(18_000, 55_000, 28_000)), rng.choice((1, 2, 3))


def _sizes_of(base_dir: Path) -> str:
    """The ``sizes`` a generated log was written with (from its marker file)."""
    marker = (base_dir / MARKER).read_text("utf-8")
    match = re.search(r"sizes=(\w+)", marker)
    return match.group(1) if match else "small"


def _latin1(text: str) -> str:
    """PDF text drawn in Helvetica with WinAnsiEncoding: the few other characters become ASCII."""
    return text.replace("\u2013", "-").replace("\u2014", "-").replace("\u2019", "'").encode("latin-1", "replace").decode("latin-1")


def _pdf_annex(w: _Writer, key: tuple[str, str], year: int, pages: int) -> bytes:
    """A text PDF of ``pages`` pages of paragraphs, made like the test suite's PDFs (Helvetica, 11 pt, black on white)."""
    import io
    import textwrap

    if str(TESTS) not in sys.path:
        sys.path.append(str(TESTS))
    from attachment_builders import pdf_writer, text_op

    streams = []
    for _ in range(pages):
        lines: list[str] = []
        while len(lines) < 52:
            lines += [*textwrap.wrap(_latin1(w.paragraph(key, year, 3, 6)), 95), ""]
        streams.append(b"".join(text_op(56, 750 - 13.5 * i, line, size=10) for i, line in enumerate(lines[:52]) if line))
    buffer = io.BytesIO()
    pdf_writer(streams).write(buffer)
    return buffer.getvalue()


def _xlsx_table(w: _Writer, topic: str, year: int) -> bytes:
    """A one-sheet workbook of monthly figures, dated and zipped deterministically."""
    import datetime
    import io
    import zipfile

    import openpyxl

    rng = w.rng
    book = openpyxl.Workbook()
    sheet = book.active
    metrics = TOPICS[topic].metrics
    sheet.append(["Period", *(m.capitalize() for m in metrics)])
    for m in range(_ri(rng, 12, 60)):
        sheet.append([f"{year - 5 + m // 12}-{m % 12 + 1:02d}", *(_ri(rng, 0, 9000) for _ in metrics)])
    fixed = datetime.datetime(*FIXED_ZIP_TIME)
    book.properties.created = book.properties.modified = fixed
    raw = io.BytesIO()
    book.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME), src.read(info.filename), zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _office_attachments(
    w: _Writer, slots: dict[str, str], topic: str, authority: Authority, year: int, first: bool
) -> list[tuple[str, bytes, list[str]]]:
    """Sometimes a PDF annex (5%, 1-6 pages) and sometimes a spreadsheet (4%): (name, bytes, YAML lines) each."""
    rng = w.rng
    made: list[tuple[str, bytes, list[str]]] = []
    header = ["attachments:"] if first else []
    if rng.random() < 0.05:
        pages = rng.choice((1, 1, 2, 2, 3, 4, 6))
        name = f"annex-{slugify(slots['subject'])}-{year}.pdf"
        entry = [
            f"  - path: attachments/{name}",
            f"    title: {yq('Annex: ' + slots['subject'] + ' (PDF)')}",
            f"    description: {yq(f'The annex to this response, {pages} page' + ('s.' if pages > 1 else '.'))}",
        ]
        made.append((name, _pdf_annex(w, (authority.id, topic), year, pages), header + entry))
        header = []
    if rng.random() < 0.04:
        name = f"{slugify(slots['subject'])}-{year}.xlsx"
        entry = [
            f"  - path: attachments/{name}",
            f"    title: {yq(slots['Subject'] + ' by month (Excel spreadsheet)')}",
            f"    description: {yq('One sheet, one row per month: ' + ', '.join(TOPICS[topic].metrics) + '.')}",
        ]
        made.append((name, _xlsx_table(w, topic, year), header + entry))
    return made


def _write_attachments(folder: Path, files: list[tuple[str, bytes]]) -> None:
    """Write a response's attachments into ``folder/attachments/``."""
    if not files:
        return
    (folder / "attachments").mkdir()
    for name, data in files:
        with open(folder / "attachments" / name, "wb") as fh:
            fh.write(data)


def _response(
    w: _Writer, responded: dt.date, seqs: dict[tuple[str, str, int], int], attachments: bool, sizes: str = "small"
) -> tuple[str, str, str, list[tuple[str, bytes]], dict[str, int]]:
    """One response: (folder relative to responses/, response.yml, response.md, attachment (name, bytes) pairs, counters)."""
    rng = w.rng
    letter_target, extra = _size(rng, sizes)
    authority = rng.choices(AUTHORITIES, weights=[a.weight for a in AUTHORITIES], k=1)[0]
    regime = _pick(rng, authority.regimes)
    received = responded - dt.timedelta(days=_ri(rng, 5, 60))
    # Reference: numbered in order of receipt per authority, regime and year; gaps as real logs have.
    seq_key = (authority.id, regime, received.year)
    seq = seqs.get(seq_key, 0) + _ri(rng, 1, 3)
    seqs[seq_key] = seq
    regime3 = {"FOIA": "FOI", "EIR": "EIR", "FOISA": "FOISA", "EISR": "EISR"}[regime]
    reference = authority.reference.format(regime=regime, regime3=regime3, year=received.year, yy=f"{received.year % 100:02d}", seq=seq)
    topics = rng.sample(authority.topics, rng.choices((1, 2, 3), weights=(55, 35, 10), k=1)[0])
    topic = topics[0]
    outcome = _pick(rng, OUTCOME_WEIGHTS)
    table = EXEMPTIONS[regime]
    if outcome == "neither-confirm-nor-deny":
        uses = rng.sample(table["ncnd"], 1)
    elif outcome in ("cost-limit", "vexatious", "not-held"):
        uses = list(table[outcome])
    elif outcome in ("granted-in-part", "refused"):
        uses = rng.sample(table["withhold"], rng.choices((1, 2, 3), weights=(60, 30, 10), k=1)[0])
    else:
        uses = []
    sections = [u.section for u in uses]
    slots = w._slots(topic, authority, received.year)

    # Questions, each with an outcome consistent with the response's.
    numbers = _question_numbers(rng, rng.choices(QUESTION_COUNTS, weights=QUESTION_WEIGHTS, k=1)[0])
    q_lines: list[str] = []
    withheld_done = False
    for i, number in enumerate(numbers):
        if outcome == "granted-in-part":
            last = i == len(numbers) - 1
            if (not withheld_done and (last or rng.random() < 0.4)) or rng.random() < 0.15:
                q_outcome, q_sections = rng.choice(("granted-in-part", "refused")), rng.sample(sections, _ri(rng, 1, len(sections)))
                withheld_done = True
            else:
                q_outcome, q_sections = ("not-held", []) if rng.random() < 0.15 else ("granted-in-full", [])
        elif outcome == "refused":
            q_outcome, q_sections = "refused", rng.sample(sections, _ri(rng, 1, len(sections)))
        elif outcome == "granted-in-full" or (outcome == "not-held" and not sections):
            q_outcome, q_sections = outcome, []
        else:
            q_outcome, q_sections = outcome, sections
        template = rng.choice(SUB_QUESTION_TEMPLATES if number[-1].isalpha() else QUESTION_TEMPLATES)
        question = w._fill(template, topic, authority, received.year)
        answer = w.answer(q_outcome, q_sections, topic, authority, received.year, extra if q_outcome.startswith("granted") else 0)
        q_lines.append(f"  - number: '{number}'")
        q_lines.append(f"    question: {yq(question)}")
        q_lines.append(f"    answer: {yblock(answer, '      ')}")
        q_lines.append(f"    outcome: {q_outcome}")
        if q_sections:
            q_lines.append("    exemptions:")
            q_lines.extend(f"      - {yq(s)}" for s in q_sections)

    title = rng.choice(TITLE_TEMPLATES).format_map(slots)
    summary = f"The requester asked about {slots['subject']} and {slots['subject2']}. " + OUTCOME_SUMMARIES[outcome].format(
        sections=" and ".join(cite(s) for s in sections), org_cap=slots["org_cap"]
    )
    lines = [
        f"reference: {yq(reference)}",
        f"title: {yq(title)}",
        f"summary: {yq(summary)}",
        f"authority: {authority.id}",
        f"regime: {regime}",
        f"received: {received.isoformat()}",
        f"responded: {responded.isoformat()}",
        f"outcome: {outcome}",
        "topics:",
        *(f"  - {t}" for t in topics),
    ]
    with_pi = rng.random() < 0.85
    if uses:
        lines.append("exemptions:")
        for use in uses:
            lines.append(f"  - section: {yq(use.section)}")
            if outcome == "neither-confirm-nor-deny":
                lines.append("    ncnd: true")
            if use.qualified and with_pi:
                pi = " ".join(w._fill(t, topic, authority) for t in rng.sample(PUBLIC_INTEREST, _ri(rng, 2, 4)))
                lines.append(f"    public_interest: {yq(pi)}")
    lines.append("questions:")
    lines.extend(q_lines)

    files: list[tuple[str, bytes]] = []
    counters = {"attachments": 0, "corrections": 0, "withdrawn": 0}
    if attachments and outcome in ("granted-in-full", "granted-in-part") and rng.random() < 0.15:
        metrics = TOPICS[topic].metrics
        name = f"{slugify(slots['subject'])}-{received.year}.csv"
        rows = ["period," + ",".join(m.replace(" ", "_") for m in metrics)]
        for m in range(_ri(rng, 12, 48)):
            year, month = received.year - 4 + m // 12, m % 12 + 1
            rows.append(f"{year}-{month:02d}," + ",".join(str(_ri(rng, 0, 900)) for _ in metrics))
        files.append((name, ("\n".join(rows) + "\n").encode("utf-8")))
        lines += [
            "attachments:",
            f"  - path: attachments/{name}",
            f"    title: {yq(slots['Subject'] + ' by month (CSV)')}",
            f"    description: {yq('One row per month: ' + ', '.join(metrics) + '.')}",
        ]
        counters["attachments"] = 1
    if attachments and sizes == "mix" and outcome in ("granted-in-full", "granted-in-part"):
        made = _office_attachments(w, slots, topic, authority, received.year, not files)
        for name, data, entry in made:
            files.append((name, data))
            lines += entry
        counters["attachments"] += len(made)
    if responded < TODAY_LIMIT - dt.timedelta(days=30):
        roll = rng.random()
        latest = min(TODAY_LIMIT, responded + dt.timedelta(days=400))
        when = responded + dt.timedelta(days=_ri(rng, 1, (latest - responded).days))
        if roll < 0.03:
            lines += [
                "corrections:",
                f"  - date: {when.isoformat()}",
                "    note: "
                + yq(f"The figure for {slots['fy']} in the answer to question {numbers[0]} was corrected; the total was unchanged."),
            ]
            counters["corrections"] = 1
        elif roll < 0.036:
            lines += [
                "withdrawn:",
                f"  date: {when.isoformat()}",
                f"  reason: {yq('The response was published before the third parties concerned had been consulted; it will be republished once that is complete.')}",
            ]
            counters["withdrawn"] = 1
    yml = "\n".join(lines) + "\n"
    md = w.letter(reference, regime, received, authority, topic, uses, with_pi, letter_target)
    folder = f"{responded.year}/{slugify(reference)}"
    return folder, yml, md, files, counters


def _mkdocs_yml(count: int, seed: int) -> str:
    authorities = "\n".join(f"        - id: {a.id}\n          name: {yq(a.name)}" for a in AUTHORITIES)
    return f"""# A synthetic disclosure log written by bench/synthetic.py (count={count}, seed={seed}).
# Every authority and response is fictional.
site_name: Synthetic Disclosure Log
site_description: Fictional Freedom of Information and Environmental Information responses, generated for benchmarks.
site_url: https://foilog.example/
docs_dir: content
site_dir: site
use_directory_urls: true
strict: false

theme:
  name: material
  language: en
  font: false
  custom_dir: overrides
  features:
    - navigation.sections
    - navigation.top
    - content.code.copy
    - search.suggest
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: custom
      accent: custom
      toggle:
        icon: material/weather-night
        name: Switch to dark mode
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: custom
      accent: custom
      toggle:
        icon: material/weather-sunny
        name: Switch to light mode

markdown_extensions:
  - attr_list
  - tables
  - toc:
      permalink: false
  - admonition

plugins:
  - foilog:
      responses_dir: responses
      authority: northshire-council
      colour: "#1d4f91"
      publish_staff_names: false
      authorities:
{authorities}

nav:
  - Home: index.md
  - Topics: topics/index.md
  - About: about.md
  - How to make a request: how-to-request.md
  - Accessibility: accessibility.md
"""


CONTENT_PAGES = {
    "index.md": """---
title: Home
---

# Synthetic Disclosure Log

A disclosure log is where a public body publishes the answers it has given to Freedom of Information (FOI) and Environmental Information Regulations (EIR) requests, so that everyone can read them, not only the person who asked.

This log is synthetic: every authority and every response in it was generated by a program, for measuring how long the site takes to build. None of it is real.
""",
    "about.md": """---
title: About this log
---

# About this log

This log publishes responses to requests made under the Freedom of Information Act 2000, the Environmental Information Regulations 2004 and their Scottish equivalents.

## What we publish

For each response we publish:

- the questions as they were asked, with the answer to each one
- the outcome, and any exemptions or exceptions applied, with the reasons
- the rest of the response letter, including how to complain
- any tables released with it, as attachments
""",
    "how-to-request.md": """---
title: How to make a request
---

# How to make a request

Anyone can ask a public authority for information it holds. Describe the information you want as clearly as you can; you do not need to say why you want it.

The authority must normally answer within 20 working days.
""",
    "accessibility.md": """---
title: Accessibility
---

# Accessibility

This site is designed to work with screen readers, keyboard navigation and zoom up to 400%. Attachments are published as CSV files where possible.
""",
    "topics/index.md": """---
title: Topics
---

# Topics

Every response in this log is filed under one or more topics. Choose a topic below to see all the responses filed under it, newest first.
""",
}


def _clear(out_dir: Path) -> None:
    """Remove a previous synthetic log from ``out_dir``; refuse to touch anything else."""
    if not out_dir.exists():
        return
    if any(out_dir.iterdir()) and not (out_dir / MARKER).is_file():
        raise SystemExit(f"{out_dir} is not empty and was not written by bench/synthetic.py; choose another --out")
    for name in ("responses", "content", "overrides"):
        shutil.rmtree(out_dir / name, ignore_errors=True)


def generate(out_dir: Path, count: int, seed: int = 1, attachments: bool = True, sizes: str = "small") -> Path:
    """Write a complete synthetic foilog project of ``count`` responses; return its mkdocs.yml.

    The same ``count`` and ``seed`` always give the same files. ``out_dir`` is
    cleared first if it holds an earlier synthetic log.
    """
    return generate_with_stats(out_dir, count, seed, attachments, sizes)[0]


def generate_with_stats(out_dir: Path, count: int, seed: int = 1, attachments: bool = True, sizes: str = "small") -> tuple[Path, Stats]:
    """:func:`generate`, also returning what was written."""
    if sizes not in SIZES:
        raise ValueError(f"sizes must be one of {', '.join(SIZES)}, not {sizes!r}")
    out_dir = Path(out_dir)
    _clear(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    marker = f"count={count} seed={seed} attachments={attachments}" + ("" if sizes == "small" else f" sizes={sizes}")
    (out_dir / MARKER).write_text(marker + "\n", encoding="utf-8")
    (out_dir / "overrides").mkdir(exist_ok=True)
    content = out_dir / "content"
    (content / "topics").mkdir(parents=True, exist_ok=True)
    for name, text in CONTENT_PAGES.items():
        (content / name).write_text(text, encoding="utf-8")
    for topic_id, spec in TOPICS.items():
        (content / "topics" / f"{topic_id}.md").write_text(
            f"---\ntitle: {yq(spec.title)}\ndescription: {yq(spec.description)}\n---\n\n{spec.intro}\n", encoding="utf-8"
        )
    config = out_dir / "mkdocs.yml"
    config.write_text(_mkdocs_yml(count, seed), encoding="utf-8")

    rng = Random(seed)
    writer = _Writer(rng)
    stats = Stats()
    seqs: dict[tuple[str, str, int], int] = {}
    responses = out_dir / "responses"
    made_years: set[int] = set()
    for responded in _dates(rng, count):
        folder, yml, md, files, counters = _response(writer, responded, seqs, attachments, sizes)
        if responded.year not in made_years:
            (responses / str(responded.year)).mkdir(parents=True, exist_ok=True)
            made_years.add(responded.year)
        path = responses / folder
        path.mkdir()
        yml_bytes = yml.encode("utf-8")
        md_bytes = md.encode("utf-8")
        with open(path / "response.yml", "wb") as fh:
            fh.write(yml_bytes)
        with open(path / "response.md", "wb") as fh:
            fh.write(md_bytes)
        _write_attachments(path, files)
        stats.responses += 1
        stats.attachments += counters["attachments"]
        stats.corrections += counters["corrections"]
        stats.withdrawn += counters["withdrawn"]
        stats.bytes_yml += len(yml_bytes)
        stats.bytes_md += len(md_bytes)
    return config, stats


_REFERENCE_LINE = re.compile(r"^reference: '(.*)'$")
_TRAILING_NUMBER = re.compile(r"(\d+)$")


def add_response(base_dir: Path, seed: int = 1, responded: dt.date = TODAY_LIMIT) -> Path:
    """Add one response, dated ``responded`` (the newest date), to a generated log; return its folder.

    Why: the rebuild benchmark measures what a user's next build costs after
    publishing this week's response, so the new response must look like
    every other one (same writer, same vocabulary, possibly an attachment)
    and the log must stay valid for ``foilog check --strict``. References are
    unique per authority, regime and year and every format ends with the
    sequence number, so numbering continues after the highest number used in
    the years the received date can fall in: the reference and its folder are
    new whatever the authority and regime drawn. Deterministic: the same log
    and ``seed`` give the same response (its own random source, so it does not
    depend on how the log was generated).
    """
    base_dir = Path(base_dir)
    if not (base_dir / MARKER).is_file():
        raise ValueError(f"{base_dir} was not written by bench/synthetic.py")
    responses = base_dir / "responses"
    # received is 5 to 60 days before responded, so its year is responded's or the one before.
    years = (responded.year - 1, responded.year)
    highest = 0
    for year in years:
        for yml in (responses / str(year)).glob("*/response.yml"):
            with open(yml, encoding="utf-8") as fh:
                match = _REFERENCE_LINE.match(fh.readline().rstrip("\n"))
            number = _TRAILING_NUMBER.search(match.group(1)) if match else None
            if number:
                highest = max(highest, int(number.group(1)))
    seqs = {(a.id, regime, year): highest for a in AUTHORITIES for regime, _ in a.regimes for year in years}
    writer = _Writer(Random(f"foilog-add-response-{seed}"))
    folder, yml_text, md, files, _counters = _response(writer, responded, seqs, attachments=True, sizes=_sizes_of(base_dir))
    path = responses / folder
    path.mkdir(parents=True)  # fails rather than overwrite: the folder must be new
    (path / "response.yml").write_text(yml_text, encoding="utf-8")
    (path / "response.md").write_text(md, encoding="utf-8")
    _write_attachments(path, files)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--count", type=int, help="number of responses (required unless --add)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write the project into")
    parser.add_argument("--no-attachments", action="store_true", help="write no CSV attachments")
    parser.add_argument(
        "--sizes",
        choices=SIZES,
        default="small",
        help="small: letters of 1-6 KB (default); seed: every response the size of the sample log's 22 KB police letter; "
        "mix: mostly small, a fifth 6-18 KB, a tenth 18-55 KB, with some PDF and XLSX attachments",
    )
    parser.add_argument("--add", action="store_true", help="add one response dated 2026-11-20 to the log already in --out")
    args = parser.parse_args(argv)
    if args.add:
        print(f"added {add_response(args.out, args.seed)}")
        return 0
    if args.count is None or args.count < 1:
        parser.error("--count must be at least 1")
    start = time.perf_counter()
    config, stats = generate_with_stats(args.out, args.count, args.seed, not args.no_attachments, args.sizes)
    took = time.perf_counter() - start
    per = (stats.bytes_yml + stats.bytes_md) / max(stats.responses, 1)
    print(
        f"wrote {stats.responses:,} responses to {config.parent} in {took:.1f} s "
        f"({per / 1024:.1f} KB of text each; {stats.attachments} attachments, "
        f"{stats.corrections} corrections, {stats.withdrawn} withdrawn)"
    )
    print(f"config: {config}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
