"""Benchmark ``foilog build`` against its floor: plain MkDocs + Material on the same pages.

The project target is that foilog builds 2,000 responses in no more than about
1.3 times what MkDocs + Material need to build the same 2,000 pages written as
plain Markdown. Everything foilog adds (loading and validating the log,
indexes, list pages, its own Markdown rendering and sanitising, the search
index, the leak sweep) is the difference between the two, so the ratio says
whether foilog is pulling its weight; absolute times depend on the machine.

For each N (default 1,000, 10,000 and 50,000; ``--count`` to choose) this script:

1. generates the synthetic log into ``bench/out/N/`` (:mod:`synthetic`);
2. writes the floor project into ``bench/out/N/plain/``: one Markdown page per
   response at ``responses/<year>/<slug>.md`` with the same visible content
   (title, metadata, questions and answers, public interest, letter,
   attachments), the same theme configuration and Markdown extensions, no
   foilog plugin, and the responses kept out of the navigation exactly as
   foilog does (``not_in_nav: /responses/**`` and a small explicit nav).
   The floor has no plugins at all, so no search. With ``--search-floor``
   the same project is also built with MkDocs' built-in ``search`` plugin
   (what a site gets when its ``mkdocs.yml`` names no plugins: Material's
   lunr index of every page), a second reference: foilog's site is searchable too;
3. runs the floor and the first foilog build as subprocesses, alternating
   plain, foilog (``--repeat`` rounds, default 1; more spread a shared
   machine's noise and keep the best wall time of each). Each starts from
   nothing: no site folder, and for foilog no ``.foilog-cache/`` (a fresh
   checkout, as in CI);
4. measures both sites: apparent size (the sum of file sizes, what a host's
   limit counts) and ``du`` disk usage, files, HTML pages, the HTML bytes of
   a response page (median and mean), and the foilog site per top-level folder;
5. measures a one-word search on the foilog site in Chromium
   (:mod:`search_bytes`): bytes downloaded from ``pagefind/``, per file;
6. rebuilds as a user would, keeping ``.foilog-cache/`` and the site folder:
   ``foilog build`` again with nothing changed, then again after adding one
   response (:func:`synthetic.add_response`, dated 2026-11-20).

Every build run records wall time, CPU time (user + system of the whole
process tree, from ``os.wait4``), the peak memory of the whole process tree
(the summed PSS of the build, its forked helpers and Pagefind, sampled from
``/proc`` by :class:`TreeSampler` every 0.2 s, less often when a sample gets
costly) and the peak RSS of the largest single process (``wait4``'s
``ru_maxrss``).

It prints progress and Markdown tables and merges the results into
``bench/out/results-site.json`` (keyed by count, seed and sizes, written after each N), with
foilog's per-stage figures (:mod:`foilog.workers.stagetimes`).

Usage::

    python bench/bench_site.py [--count 1000 --count 10000 ...] [--seed 1] [--sizes small|seed|mix] [--repeat 1] [--keep] [--no-search] [--search-floor]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = Path(os.environ.get("FOILOG_BENCH_OUT") or HERE / "out").resolve()
"""Where logs and sites are written: ``bench/out/``, or ``$FOILOG_BENCH_OUT`` (e.g. under /tmp on a shared machine)."""
RESULTS = OUT / "results-site.json"
TODAY = "2026-11-26"
SOURCE_DATE_EPOCH = "1795651200"
"""Fixed for both builds: sitemap dates are then identical, and foilog skips asking git for the last commit time."""

sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import search_bytes  # noqa: E402
import synthetic  # noqa: E402

from foilog.engine.mkdocs_config import load_project  # noqa: E402
from foilog.log.catalogue import catalogue, outcomes  # noqa: E402
from foilog.log.clock import clock_of  # noqa: E402
from foilog.site.render.pages import REGIME_NAMES  # noqa: E402

try:  # the C loader reads 10,000 files in seconds; the pure-Python one takes a minute
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - libyaml missing
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


# --------------------------------------------------------------------------
# The floor: the same responses as plain Markdown pages
# --------------------------------------------------------------------------

_ATX = re.compile(r"^(#{1,6})[ \t]", re.MULTILINE)


def _long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _demote(markdown: str, top: int) -> str:
    """Shift headings so the highest becomes level ``top`` (foilog renders letters with ``heading_level=3``)."""
    levels = [len(m.group(1)) for m in _ATX.finditer(markdown)]
    if not levels:
        return markdown
    shift = top - min(levels)
    if shift <= 0:
        return markdown
    return _ATX.sub(lambda m: "#" * min(6, len(m.group(1)) + shift) + " ", markdown)


def plain_page(
    data: dict[str, Any], body: str, authority_names: dict[str, str], topic_titles: dict[str, str], default_authority: str
) -> str:
    """One response as a Markdown page carrying the same visible content as foilog's page."""
    cat = catalogue()
    outs = outcomes()
    regime = data["regime"]
    if data.get("withdrawn"):
        w = data["withdrawn"]
        return (
            f"# Withdrawn: {data['reference']}\n\n"
            f'!!! warning "This response has been withdrawn"\n\n'
            f"    Response {data['reference']} was withdrawn on {_long_date(w['date'])}.\n\n"
            f"    Reason: {w['reason']}\n\n"
            "Its content has been removed. See corrections and withdrawals.\n"
        )
    t = clock_of(regime, data["received"], data["responded"], ())
    days = f"{t.working_days} working day{'s' if t.working_days != 1 else ''}: " + (
        "on time" if t.on_time else f"late (due by {_long_date(t.deadline)})"
    )
    exemptions = data.get("exemptions") or []

    def title_of(section: str) -> str:
        entry = cat.lookup(regime, section)
        return f"{section} {entry.title}" if entry else section

    rows = [
        ("Reference", data["reference"]),
        ("Authority", authority_names[data.get("authority") or default_authority]),
        ("Law", f"{regime} ({REGIME_NAMES[regime]})"),
        ("Received", _long_date(data["received"])),
        ("Responded", _long_date(data["responded"])),
        ("Time taken", days),
        ("Outcome", outs[data["outcome"]].title),
    ]
    if data.get("topics"):
        rows.append(("Topics", ", ".join(topic_titles[t] for t in data["topics"])))
    if exemptions:
        rows.append(
            ("Exemptions", "; ".join(title_of(e["section"]) + (" (neither confirm nor deny)" if e.get("ncnd") else "") for e in exemptions))
        )
    out = [f"# {data['title']}", ""]
    if data.get("summary"):
        out += [data["summary"], ""]
    out += ["| | |", "|---|---|", *(f"| {k} | {_cell(v)} |" for k, v in rows), ""]
    if data.get("corrections"):
        out += ['!!! note "Corrected"', ""]
        out += [f"    - {_long_date(c['date'])}: {c['note']}" for c in data["corrections"]]
        out.append("")
    out += ["## Questions and answers", ""]
    for q in data["questions"]:
        line = f"Outcome: {outs[q['outcome']].title}"
        if q.get("exemptions"):
            line += ". Exemptions: " + ", ".join(q["exemptions"])
        out += [f"### Question {q['number']}", "", f"> {q['question']}", "", line, "", q["answer"].strip(), ""]
    with_pi = [e for e in exemptions if e.get("public_interest")]
    if with_pi:
        out += ["## Public interest test", ""]
        for e in with_pi:
            out += [f"**{title_of(e['section'])}**", "", e["public_interest"], ""]
    if body.strip():
        out += ["## The response letter", "", _demote(body.strip(), 3), ""]
    if data.get("attachments"):
        out += ["## Attachments", ""]
        for a in data["attachments"]:
            desc = f" {a['description']}" if a.get("description") else ""
            kind = Path(a["path"]).suffix.lstrip(".").upper() or "file"
            out.append(f"- [{a['title']}]({data['_slug']}/{a['path']}) ({kind}){desc}")
        out.append("")
    return "\n".join(out)


SEARCH_FLOOR_CONFIG = "mkdocs-search.yml"
"""The floor project's second configuration: the same, with MkDocs' default ``search`` plugin (``--search-floor``)."""


def write_plain(project_yml: Path, plain_dir: Path) -> int:
    """Write the floor project beside the synthetic log; return the number of response pages."""
    if plain_dir.exists():
        shutil.rmtree(plain_dir)
    source = project_yml.parent
    docs = plain_dir / "docs"
    shutil.copytree(source / "content", docs)
    (plain_dir / "overrides").mkdir(parents=True, exist_ok=True)

    config = yaml.load(project_yml.read_text("utf-8"), Loader=_Loader)
    config["docs_dir"] = "docs"
    config["not_in_nav"] = "/responses/**\n"
    config["site_name"] = "Synthetic Disclosure Log (plain MkDocs floor)"
    # The floor has no plugins (the site's were only foilog); its second configuration has MkDocs' built-in search plugin, which a site gets
    # when mkdocs.yml names no plugins (Material's search: a lunr index of every page's text).
    for name, plugins in (("mkdocs.yml", []), (SEARCH_FLOOR_CONFIG, ["search"])):
        config["plugins"] = plugins
        (plain_dir / name).write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")

    project = load_project(project_yml)
    settings = project.settings
    names = {a.id: a.name for a in settings.authorities}
    topic_titles: dict[str, str] = {}
    for path in (source / "content" / "topics").glob("*.md"):
        if path.name != "index.md":
            front = path.read_text("utf-8").split("---", 2)[1]
            topic_titles[path.stem] = yaml.load(front, Loader=_Loader)["title"]
    pages = 0
    for yml in sorted((source / "responses").glob("*/*/response.yml")):
        folder = yml.parent
        data = yaml.load(yml.read_bytes(), Loader=_Loader)
        data["_slug"] = folder.name
        body = (folder / "response.md").read_text("utf-8")
        target = docs / "responses" / folder.parent.name
        target.mkdir(parents=True, exist_ok=True)
        text = plain_page(data, body, names, topic_titles, settings.default_authority)
        (target / f"{folder.name}.md").write_text(text, encoding="utf-8")
        if data.get("attachments") and not data.get("withdrawn"):
            shutil.copytree(folder / "attachments", target / folder.name / "attachments")
        pages += 1
    return pages


# --------------------------------------------------------------------------
# Measuring a build: time, CPU and the memory of its whole process tree
# --------------------------------------------------------------------------

_HAS_CHILDREN_FILES = Path(f"/proc/{os.getpid()}/task/{threading.get_native_id()}/children").exists()
"""``/proc/PID/task/TID/children`` needs CONFIG_PROC_CHILDREN; without it the tree is found from every process's parent."""


def _children_of(pid: int) -> list[int]:
    """The children of every thread of ``pid`` (the thread that forked is the parent, so each task is read)."""
    kids: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return kids
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children", "rb") as fh:
                kids.extend(int(x) for x in fh.read().split())
        except (OSError, ValueError):  # the thread or process ended while we read
            continue
    return kids


def _parents() -> dict[int, list[int]]:
    """Every process's children, from the parent pid in ``/proc/PID/stat`` (about 1 ms for 100 processes)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        # "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ')'.
        fields = stat[stat.rfind(b")") + 2 :].split()
        if len(fields) > 1:
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    return children


def process_tree(root: int) -> list[int]:
    """``root`` and all its descendants that are alive now."""
    table = None if _HAS_CHILDREN_FILES else _parents()
    seen: set[int] = set()
    order: list[int] = []
    stack = [root]
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        order.append(pid)
        stack.extend(_children_of(pid) if table is None else table.get(pid, ()))
    return order


def process_memory_kb(pid: int) -> tuple[int, int, bool] | None:
    """(PSS, RSS, exact) of one process in kB; None if it has gone.

    PSS (proportional set size) divides each page among the processes that
    map it, so forked helpers sharing the build's loaded log copy-on-write are
    counted once in a sum; RSS would count those pages once per process.
    ``exact`` is False when ``smaps_rollup`` could not be read and VmRSS
    stands in for PSS (an overestimate).
    """
    pss = rss = None
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    pss = int(line.split()[1])
                elif line.startswith(b"Rss:"):
                    rss = int(line.split()[1])
    except (OSError, ValueError):
        pass
    if pss is not None and rss is not None:
        return pss, rss, True
    try:
        with open(f"/proc/{pid}/status", "rb") as fh:
            for line in fh:
                if line.startswith(b"VmRSS:"):
                    value = int(line.split()[1])
                    return value, value, False
    except (OSError, ValueError):
        return None
    return 0, 0, True  # a zombie: no memory left (and no VmRSS line)


class TreeSampler(threading.Thread):
    """Samples the memory of a process tree every ``interval`` seconds until :meth:`stop`.

    ``wait4``'s ``ru_maxrss`` is the peak of the largest single process in the
    tree, but a foilog build is several processes at once (the build, its
    forked sweep helper, Pagefind), so what the machine must
    have is the peak of their sum. The sampler runs beside the build on the
    same cores, so it must stay cheap: reading ``smaps_rollup`` walks the
    process's page tables, about 8 ms per GB resident here (a 2 GB process
    takes 17 ms), so a sample of a tree holding many GB takes a good part of
    a core. The pause after each sample is therefore ``interval`` or
    ``1 / max_share`` times what the sample took, whichever is longer: the
    sampler never takes more than ``max_share`` (5%) of one core, and samples
    every 0.2 s while the tree is small. It can miss a peak shorter than the
    pause (build memory grows steadily and falls at the end, so the error is
    small; ``samples`` and ``longest_sample_s`` say how fine it was).
    """

    def __init__(self, pid: int, interval: float = 0.2, max_share: float = 0.05) -> None:
        super().__init__(name=f"tree-sampler-{pid}", daemon=True)
        self.pid = pid
        self.interval = interval
        self.max_share = max_share
        self._stop_event = threading.Event()
        self._start = time.perf_counter()
        self.samples = 0
        self.peak_pss_kb = 0
        self.peak_rss_sum_kb = 0
        self.peak_at_s = 0.0
        self.peak_processes = 0
        self.max_processes = 0
        self.inexact_samples = 0
        self.sampling_s = 0.0
        """Time the sampler itself spent reading /proc (taken from the machine the build runs on)."""
        self.longest_sample_s = 0.0

    def run(self) -> None:
        while True:
            took = self.sample()
            if self._stop_event.wait(max(self.interval, took / self.max_share)):
                return

    def sample(self) -> float:
        """Read the tree's memory once; return the seconds it took."""
        began = time.perf_counter()
        pss = rss = alive = 0
        exact = True
        for pid in process_tree(self.pid):
            memory = process_memory_kb(pid)
            if memory is None:
                continue  # it ended between listing and reading
            pss += memory[0]
            rss += memory[1]
            exact = exact and memory[2]
            alive += 1
        self.samples += 1
        self.inexact_samples += not exact
        self.max_processes = max(self.max_processes, alive)
        self.peak_rss_sum_kb = max(self.peak_rss_sum_kb, rss)
        if pss > self.peak_pss_kb:
            self.peak_pss_kb, self.peak_processes, self.peak_at_s = pss, alive, began - self._start
        took = time.perf_counter() - began
        self.sampling_s += took
        self.longest_sample_s = max(self.longest_sample_s, took)
        return took

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


@dataclass
class Run:
    """One build subprocess: its wall and CPU time and the memory of its process tree."""

    wall_s: float
    user_s: float
    sys_s: float
    peak_pss_mb: float
    """Peak of the summed PSS of the whole process tree, sampled (the headline "peak memory")."""
    largest_process_rss_mb: float
    """``wait4``'s ``ru_maxrss``: the peak RSS of the largest single process in the tree."""
    peak_rss_sum_mb: float
    """Peak of the summed RSS of the tree (counts pages shared by forked processes once per process)."""
    peak_processes: int
    """Processes alive at the PSS peak."""
    peak_at_s: float
    """When the PSS peak was sampled, seconds after the start."""
    samples: int
    inexact_samples: int
    """Samples where some process's smaps_rollup was unreadable and its VmRSS stood in."""
    sampling_s: float
    """Time spent sampling (on the build's machine, beside it)."""
    longest_sample_s: float
    load_before: float
    ok: bool = True
    error: str | None = None
    """The end of the build's output when it failed (the time is then the time to failure)."""
    stages: list[dict[str, Any]] | None = None
    """foilog's own per-stage figures (:mod:`foilog.workers.stagetimes`, via ``$FOILOG_STAGE_TIMES``); None for plain MkDocs."""

    @property
    def cpu_s(self) -> float:
        return self.user_s + self.sys_s


def run_measured(cmd: list[str], log_file: Path, env: dict[str, str], interval: float = 0.2) -> Run:
    """Run ``cmd``, sampling its process tree's memory, and return what it used.

    ``os.wait4`` gives the child's rusage including the children it waited
    for (the sandbox workers, the helpers, Pagefind): user and system CPU of
    the whole tree, and the largest single process's peak RSS.
    """
    load = os.getloadavg()[0]
    with open(log_file, "wb") as log:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
        sampler = TreeSampler(proc.pid, interval)
        sampler.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            wall = time.perf_counter() - start
            sampler.stop()
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code  # reaped by wait4, not by Popen
    error = None
    if code != 0:  # recorded, not raised: a build that fails at scale is a result too
        error = f"exit {code}: " + log_file.read_text("utf-8", errors="replace")[-2000:].strip()
    return Run(
        wall_s=round(wall, 3),
        user_s=round(usage.ru_utime, 3),
        sys_s=round(usage.ru_stime, 3),
        peak_pss_mb=round(sampler.peak_pss_kb / 1024, 1),
        largest_process_rss_mb=round(usage.ru_maxrss / 1024, 1),
        peak_rss_sum_mb=round(sampler.peak_rss_sum_kb / 1024, 1),
        peak_processes=sampler.peak_processes,
        peak_at_s=round(sampler.peak_at_s, 1),
        samples=sampler.samples,
        inexact_samples=sampler.inexact_samples,
        sampling_s=round(sampler.sampling_s, 3),
        longest_sample_s=round(sampler.longest_sample_s, 3),
        load_before=round(load, 2),
        ok=code == 0,
        error=error,
    )


# --------------------------------------------------------------------------
# Measuring a site: size (as a host counts it and on disk), pages, folders
# --------------------------------------------------------------------------


@dataclass
class SiteFacts:
    """What a build wrote."""

    apparent_bytes: int
    """Sum of the file sizes: what a host's size limit counts (GitHub Pages: 1 GB)."""
    disk_kb: int
    """``du -sk``: blocks used on this file system (each small file takes at least a block)."""
    files: int
    html_pages: int
    html_bytes: int
    response_pages: int
    response_page_median_bytes: int
    response_page_mean_bytes: int
    folders: dict[str, dict[str, int]] = field(default_factory=dict)
    """Per top-level folder (``responses/``, ``pagefind/``...; ``(top level)`` for files at the root): files and apparent bytes, largest first."""


def site_facts(site: Path, response_rel: list[str]) -> SiteFacts:
    """Sizes of the site, of its response pages (``responses/<year>/<slug>/index.html``) and of each top-level folder."""
    disk_kb = int(subprocess.run(["du", "-sk", str(site)], capture_output=True, text=True, check=True).stdout.split()[0])
    apparent = files = html = html_bytes = 0
    folders: dict[str, dict[str, int]] = {}
    for dirpath, _dirs, names in os.walk(site):
        rel = os.path.relpath(dirpath, site)
        top = "(top level)" if rel == "." else rel.split(os.sep, 1)[0] + "/"
        bucket = folders.setdefault(top, {"files": 0, "apparent_bytes": 0})
        for name in names:
            size = os.lstat(os.path.join(dirpath, name)).st_size
            files += 1
            apparent += size
            bucket["files"] += 1
            bucket["apparent_bytes"] += size
            if name.endswith(".html"):
                html += 1
                html_bytes += size
    sizes = [(site / rel / "index.html").stat().st_size for rel in response_rel if (site / rel / "index.html").is_file()]
    ordered = dict(sorted(((k, v) for k, v in folders.items() if v["files"]), key=lambda kv: -kv[1]["apparent_bytes"]))
    return SiteFacts(
        apparent_bytes=apparent,
        disk_kb=disk_kb,
        files=files,
        html_pages=html,
        html_bytes=html_bytes,
        response_pages=len(sizes),
        response_page_median_bytes=int(statistics.median(sizes)) if sizes else 0,
        response_page_mean_bytes=round(statistics.fmean(sizes)) if sizes else 0,
        folders=ordered,
    )


def machine() -> dict[str, Any]:
    """What the numbers were measured on (they only compare within one machine)."""
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    packages = {}
    for name in (
        "foilog",
        "mkdocs",
        "mkdocs-material",
        "Markdown",
        "Jinja2",
        "pydantic",
        "nh3",
        "PyYAML",
        "holidays",
        "pagefind",
        "pagefind-bin",
    ):
        try:
            packages[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            packages[name] = None

    def git(*args: str) -> str:
        out = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
        return out.stdout.strip()

    return {
        "foilog_commit": git("rev-parse", "--short", "HEAD"),
        "foilog_uncommitted_files": len(git("status", "--porcelain", "--", "foilog").splitlines()),
        "nproc": os.cpu_count(),
        "cpu": model,
        "ram_gb": mem_gb,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": packages,
    }


# --------------------------------------------------------------------------
# One N: the floor, the first foilog build, the two rebuilds, the search
# --------------------------------------------------------------------------

LABELS = {
    "plain": "MkDocs + Material, plain Markdown (the floor)",
    "plain_search": "MkDocs + Material, plain Markdown, with its built-in search (MkDocs' default plugins)",
    "foilog": "`foilog build`, first (fresh checkout)",
    "foilog_again": "`foilog build` again, nothing changed",
    "foilog_added": "`foilog build` after adding one response",
    "foilog_warm": "`foilog build`, attachment cache warm (older runs)",
}


def _summary(runs: list[Run], site: SiteFacts | None) -> dict[str, Any]:
    """The best run (by wall time) of one kind of build, and the peaks over all its runs."""
    ok = [r for r in runs if r.ok]
    best = min(ok or runs, key=lambda r: r.wall_s)
    return {
        "best_wall_s": best.wall_s,
        "best_cpu_s": round(best.cpu_s, 2),
        "peak_pss_mb": max(r.peak_pss_mb for r in runs),
        "largest_process_rss_mb": max(r.largest_process_rss_mb for r in runs),
        "peak_processes": max(r.peak_processes for r in runs),
        "failed": not ok,
        "stages": best.stages,
        "runs": [asdict(r) for r in runs],
        "site": asdict(site) if site else None,
    }


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a and b else None


def _print_run(label: str, run: Run) -> None:
    print(
        f"   {label:28} {run.wall_s:7.1f} s wall, {run.cpu_s:7.1f} s CPU, peak {run.peak_pss_mb:7.1f} MB tree PSS "
        f"({run.largest_process_rss_mb:.0f} MB largest process, {run.peak_processes} processes; load before {run.load_before})"
        + ("" if run.ok else f" FAILED\n{run.error}"),
        flush=True,
    )


def _measure_foilog(cmd: list[str], log_file: Path, env: dict[str, str], interval: float) -> Run:
    """:func:`run_measured` for a foilog build, with its per-stage figures (``$FOILOG_STAGE_TIMES``)."""
    stages_file = log_file.with_suffix(".stages.json")
    stages_file.unlink(missing_ok=True)
    run = run_measured(cmd, log_file, {**env, "FOILOG_STAGE_TIMES": str(stages_file)}, interval)
    if stages_file.is_file():
        run.stages = json.loads(stages_file.read_text("utf-8"))
    return run


def stage_table(stages: list[dict[str, Any]], count: int) -> str:
    """foilog's stages as a Markdown table: wall and CPU seconds, ms of CPU per response, memory."""
    out = [
        "| stage | wall (s) | CPU (s) | CPU ms per response | RSS at end (MB) | peak RSS so far (MB) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for s in stages:
        name = s["name"] + (" *(another process)*" if s.get("elsewhere") else "")
        rss = "" if s.get("elsewhere") else f"{s['rss_mb']:,.0f}"
        out.append(
            f"| {name} | {s['wall_s']:,.2f} | {s['cpu_s']:,.2f} | {1000 * s['cpu_s'] / max(count, 1):.2f} | {rss} | {s['peak_rss_mb']:,.0f} |"
        )
    return "\n".join(out)


def bench_one(
    count: int,
    seed: int,
    keep: bool,
    python: str,
    repeat: int = 1,
    word: str | None = "council",
    interval: float = 0.2,
    sizes: str = "small",
    rebuilds: bool = True,
    search_floor: bool = False,
) -> dict[str, Any]:
    """Measure one N; return its row of results (and delete ``bench/out/N/`` unless ``keep``)."""
    base = OUT / (str(count) if sizes == "small" else f"{count}-{sizes}")
    print(f"\n== N={count:,}, sizes {sizes}: generating the synthetic log in {base}", flush=True)
    start = time.perf_counter()
    config, stats = synthetic.generate_with_stats(base, count, seed, sizes=sizes)
    generate_s = time.perf_counter() - start
    start = time.perf_counter()
    pages = write_plain(config, base / "plain")
    plain_write_s = time.perf_counter() - start
    print(f"   generated in {generate_s:.1f} s; plain pages written in {plain_write_s:.1f} s ({pages:,} pages)", flush=True)
    response_rel = sorted(p.parent.relative_to(base).as_posix() for p in (base / "responses").glob("*/*/response.yml"))

    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    logs = base / "logs"
    logs.mkdir(exist_ok=True)
    site_plain, site_foilog = base / "site-plain", base / "site-foilog"

    def mkdocs_cmd(config_name: str, site: Path) -> list[str]:
        return [python, "-m", "mkdocs", "build", "-q", "-f", str(base / "plain" / config_name), "-d", str(site)]

    plain_cmd = mkdocs_cmd("mkdocs.yml", site_plain)
    foilog_cmd = [python, "-m", "foilog.commands.cli", "build", "--today", TODAY, "-f", str(config), "-d", str(site_foilog)]
    cache = base / ".foilog-cache"
    site_plain_search = base / "site-plain-search"
    plain_search_cmd = mkdocs_cmd(SEARCH_FLOOR_CONFIG, site_plain_search)
    runs: dict[str, list[Run]] = {"plain": [], "plain_search": [], "foilog": [], "foilog_again": [], "foilog_added": []}
    first_builds = [("plain", plain_cmd, site_plain)]
    if search_floor:
        first_builds.append(("plain_search", plain_search_cmd, site_plain_search))
    first_builds.append(("foilog", foilog_cmd, site_foilog))

    # 1. The floor and the first foilog build, alternating (plain, foilog, plain, foilog... with --repeat)
    #    to spread a shared machine's noise over both. Each starts from nothing: no site folder, and for
    #    foilog no attachment cache (a fresh checkout, as in CI).
    for attempt in range(1, repeat + 1):
        for kind, cmd, site in first_builds:
            shutil.rmtree(site, ignore_errors=True)
            if kind == "foilog":
                shutil.rmtree(cache, ignore_errors=True)
            print(f"   running {kind} build {attempt}/{repeat} ...", flush=True)
            measure = _measure_foilog if kind == "foilog" else run_measured
            run = measure(cmd, logs / f"{kind}-{attempt}.log", env, interval)
            runs[kind].append(run)
            _print_run(f"{kind} run {attempt}:", run)
            if run.stages:
                print(stage_table(run.stages, count), flush=True)

    sites = {
        kind: site_facts(site, response_rel) if site.is_dir() else None for kind, site in (("plain", site_plain), ("foilog", site_foilog))
    }
    for kind, facts in sites.items():
        if facts:
            print(
                f"   {kind} site: {facts.apparent_bytes / 1e6:,.1f} MB apparent, {facts.disk_kb / 1024:,.1f} MB on disk (du), "
                f"{facts.files:,} files, response page median {facts.response_page_median_bytes:,} B, "
                f"mean {facts.response_page_mean_bytes:,} B",
                flush=True,
            )

    # 2. The one-word search, on the first build's site (N responses).
    search: dict[str, Any] | None = None
    if word and sites["foilog"] is not None:
        print(f"   measuring a one-word search for '{word}' in Chromium ...", flush=True)
        try:
            search = search_bytes.one_word_query(site_foilog, word)
            print(
                f"   one-word search '{word}': {search['bytes']:,} bytes ({search['gzip_bytes']:,} gzip) in {search['requests']} requests",
                flush=True,
            )
        except Exception as exc:  # no browser here: the rest of the benchmark still counts
            search = {"word": word, "error": f"{type(exc).__name__}: {exc}"}
            print(f"   one-word search not measured: {search['error']}", flush=True)

    # 3. Rebuilds as a user makes them: the same command, keeping .foilog-cache/ and the site folder
    #    of the build before. First with nothing changed, then after adding one response.
    added: Path | None = None
    added_page = False
    if not rebuilds:
        print("   rebuilds skipped (--no-rebuilds)", flush=True)
    elif not runs["foilog"][-1].ok:
        print("   rebuilds skipped: the first foilog build failed", flush=True)
    else:
        print("   running foilog again, nothing changed (cache and site kept) ...", flush=True)
        run = _measure_foilog(foilog_cmd, logs / "foilog-again.log", env, interval)
        runs["foilog_again"].append(run)
        _print_run("second build, no change:", run)
        added = synthetic.add_response(base, seed)
        print(f"   added {added.relative_to(base).as_posix()}; running foilog again (cache and site kept) ...", flush=True)
        run = _measure_foilog(foilog_cmd, logs / "foilog-added.log", env, interval)
        runs["foilog_added"].append(run)
        _print_run("one response added:", run)
        added_page = (site_foilog / added.relative_to(base) / "index.html").is_file()
        if run.ok and not added_page:
            print("   WARNING: the added response has no page in the rebuilt site", flush=True)

    row: dict[str, Any] = {
        "count": count,
        "seed": seed,
        "sizes": sizes,
        "repeat": repeat,
        "sample_interval_s": interval,
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "generate_s": round(generate_s, 2),
        "source_kb_per_response": round((stats.bytes_yml + stats.bytes_md) / count / 1024, 2),
        "attachments": stats.attachments,
        "corrections": stats.corrections,
        "withdrawn": stats.withdrawn,
        "search": search,
        "added_response": added.relative_to(base).as_posix() if added else None,
        "added_page_present": added_page,
    }
    for kind, kind_runs in runs.items():
        if kind_runs:
            row[kind] = _summary(kind_runs, sites.get(kind))
    plain, foilog = row["plain"], row["foilog"]
    row["ratio_wall"] = _ratio(foilog["best_wall_s"], plain["best_wall_s"])
    row["ratio_cpu"] = _ratio(foilog["best_cpu_s"], plain["best_cpu_s"])
    row["ratio_peak_memory"] = _ratio(foilog["peak_pss_mb"], plain["peak_pss_mb"])
    if "plain_search" in row:
        row["ratio_wall_search_floor"] = _ratio(foilog["best_wall_s"], row["plain_search"]["best_wall_s"])
        row["ratio_cpu_search_floor"] = _ratio(foilog["best_cpu_s"], row["plain_search"]["best_cpu_s"])
    if foilog["site"] and plain["site"]:
        row["ratio_apparent_size"] = _ratio(foilog["site"]["apparent_bytes"], plain["site"]["apparent_bytes"])
        row["ratio_response_page"] = _ratio(foilog["site"]["response_page_median_bytes"], plain["site"]["response_page_median_bytes"])
    for kind in ("foilog_again", "foilog_added"):
        if kind in row:  # against the first foilog build's best run
            row[f"{kind}_vs_first_wall"] = _ratio(row[kind]["best_wall_s"], foilog["best_wall_s"])
            row[f"{kind}_vs_first_cpu"] = _ratio(row[kind]["best_cpu_s"], foilog["best_cpu_s"])
    if not keep:
        shutil.rmtree(base, ignore_errors=True)
    return row


# --------------------------------------------------------------------------
# Reporting
# --------------------------------------------------------------------------


def _num(value: Any, spec: str = ",.1f", suffix: str = "") -> str:
    """A table cell; a dash where an older result did not measure it."""
    return "–" if value is None else f"{value:{spec}}{suffix}"


def _n(row: dict[str, Any]) -> str:
    """The N column: the count, and the response sizes when not the default small ones."""
    sizes = row.get("sizes", "small")
    return f"{row['count']:,}" + ("" if sizes == "small" else f" ({sizes})")


def _mb(n_bytes: int | None) -> str:
    return "–" if n_bytes is None else f"{n_bytes / 1e6:,.1f}"


def table(rows: list[dict[str, Any]]) -> str:
    """The results as Markdown tables: summary ratios, builds, output sizes, folders of the foilog site, search."""
    out = [
        "| N | foilog / plain: wall | CPU | peak memory | apparent size | response page | 2nd build / 1st (wall) | +1 response / 1st (wall) "
        "| foilog / plain with its search: wall | CPU |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        out.append(
            f"| {_n(row)} | **{_num(row.get('ratio_wall'), '.2f', 'x')}** | {_num(row.get('ratio_cpu'), '.2f', 'x')} | "
            f"{_num(row.get('ratio_peak_memory'), '.2f', 'x')} | {_num(row.get('ratio_apparent_size'), '.2f', 'x')} | "
            f"{_num(row.get('ratio_response_page'), '.2f', 'x')} | {_num(row.get('foilog_again_vs_first_wall'), '.2f', 'x')} | "
            f"{_num(row.get('foilog_added_vs_first_wall'), '.2f', 'x')} | {_num(row.get('ratio_wall_search_floor'), '.2f', 'x')} | "
            f"{_num(row.get('ratio_cpu_search_floor'), '.2f', 'x')} |"
        )

    out += [
        "",
        "| N | build | wall (s) | CPU (s) | peak memory, tree PSS (MB) | largest process RSS (MB) | processes at peak |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        for kind, label in LABELS.items():
            k = row.get(kind)
            if k is None:
                continue
            wall = _num(k.get("best_wall_s"))
            if k.get("failed"):
                wall = f"FAILED after {k['best_wall_s']:.0f} s (see JSON)"
            largest = k.get("largest_process_rss_mb", k.get("peak_rss_mb"))  # older results: ru_maxrss only
            out.append(
                f"| {_n(row)} | {label} | {wall} | {_num(k.get('best_cpu_s'))} | {_num(k.get('peak_pss_mb'), ',.0f')} | "
                f"{_num(largest, ',.0f')} | {_num(k.get('peak_processes'), 'd')} |"
            )

    out += [
        "",
        "| N | site | apparent size (MB) | on disk, du (MB) | files | HTML pages | response page HTML, median / mean (KB) |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        for kind in ("plain", "foilog"):
            site = (row.get(kind) or {}).get("site")
            if not site:
                continue
            mean = site.get("response_page_mean_bytes")
            out.append(
                f"| {_n(row)} | {'plain MkDocs' if kind == 'plain' else 'foilog'} | {_mb(site.get('apparent_bytes'))} | "
                f"{site['disk_kb'] / 1024:,.1f} | {site['files']:,} | {site['html_pages']:,} | "
                f"{site['response_page_median_bytes'] / 1024:.1f} / {_num(None if mean is None else mean / 1024, '.1f')} |"
            )

    with_folders = [row for row in rows if ((row.get("foilog") or {}).get("site") or {}).get("folders")]
    if with_folders:
        out += ["", "| N | foilog site folder | files | apparent MB | share |", "|---:|---|---:|---:|---:|"]
        for row in with_folders:
            site = row["foilog"]["site"]
            total = site["apparent_bytes"] or 1
            small = {"files": 0, "apparent_bytes": 0, "folders": 0}
            for name, f in site["folders"].items():
                if f["apparent_bytes"] < total / 100:  # the JSON has them all; the table keeps what matters
                    small = {
                        "files": small["files"] + f["files"],
                        "apparent_bytes": small["apparent_bytes"] + f["apparent_bytes"],
                        "folders": small["folders"] + 1,
                    }
                    continue
                out.append(
                    f"| {_n(row)} | `{name}` | {f['files']:,} | {f['apparent_bytes'] / 1e6:,.2f} | {100 * f['apparent_bytes'] / total:.1f}% |"
                )
            if small["folders"]:
                out.append(
                    f"| {_n(row)} | {small['folders']} more, each under 1% | {small['files']:,} | "
                    f"{small['apparent_bytes'] / 1e6:,.2f} | {100 * small['apparent_bytes'] / total:.1f}% |"
                )

    searches = [row for row in rows if (row.get("search") or {}).get("bytes")]
    if searches:
        out += [
            "",
            "| N | one-word query | results | bytes from pagefind/ | gzip | requests | of which index chunks / fragments / filters / code (KB) |",
            "|---:|---|---|---:|---:|---:|---|",
        ]
        for row in searches:
            q = row["search"]
            kinds = q.get("kinds") or {}

            def kb(name: str, kinds: dict[str, Any] = kinds) -> str:
                return f"{kinds[name]['bytes'] / 1024:,.0f}" if name in kinds else "0"

            code = sum(v["bytes"] for k, v in kinds.items() if k in ("UI and scripts", "WebAssembly", "entry", "metadata"))
            split = f"{kb('index chunks')} / {kb('result fragments')} / {kb('filters')} / {code / 1024:,.0f}" if kinds else "–"
            out.append(f"| {_n(row)} | `{q['word']}` | {q['message']} | {q['bytes']:,} | {q['gzip_bytes']:,} | {q['requests']} | {split} |")
    for row in rows:
        stages = (row.get("foilog") or {}).get("stages")
        if stages:
            out += ["", f"foilog's stages, N = {_n(row)}, first build (its best run):", "", stage_table(stages, row["count"])]
    return "\n".join(out)


def merge_results(rows: list[dict[str, Any]], info: dict[str, Any]) -> dict[str, Any]:
    """Keep earlier results for other counts or seeds; replace those measured now."""
    existing: dict[str, Any] = {}
    if RESULTS.is_file():
        try:
            existing = json.loads(RESULTS.read_text("utf-8"))
        except ValueError:
            existing = {}

    def key(r: dict[str, Any]) -> tuple[int, int, str]:
        return r.get("count", 0), r.get("seed", 0), r.get("sizes", "small")

    fresh = {key(r) for r in rows}
    kept = [r for r in existing.get("results", []) if key(r) not in fresh]
    merged = sorted(kept + rows, key=key)
    return {"machine": info, "today": TODAY, "results": merged}


DEFAULT_COUNTS = (1000, 10_000, 50_000)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--count",
        type=int,
        action="append",
        help=f"responses to generate (repeatable; default {', '.join(f'{n:,}' for n in DEFAULT_COUNTS)})",
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic log (default 1)")
    parser.add_argument(
        "--repeat", type=int, default=1, help="rounds of plain then first foilog build, alternating; the best of each is kept (default 1)"
    )
    parser.add_argument(
        "--sizes",
        choices=synthetic.SIZES,
        default="small",
        help="response sizes of the synthetic log: small (1-6 KB letters, the default), seed (the sample log's 22 KB police letter), "
        "mix (mostly small, a tail of 18-55 KB letters, PDF and XLSX attachments)",
    )
    parser.add_argument("--no-rebuilds", action="store_true", help="measure the first builds only (no second build, no added response)")
    parser.add_argument(
        "--search-floor",
        action="store_true",
        help="also build the floor with MkDocs' built-in search plugin (what a site naming no plugins gets), alternating with the others",
    )
    parser.add_argument("--keep", action="store_true", help="keep bench/out/N/ (sources, both sites, logs) for inspection")
    parser.add_argument("--word", default="council", help="one-word search measured in Chromium on the foilog site (default council)")
    parser.add_argument("--no-search", action="store_true", help="do not measure the search download (no browser needed)")
    parser.add_argument(
        "--sample-interval", type=float, default=0.2, help="seconds between memory samples of the process tree (default 0.2)"
    )
    args = parser.parse_args(argv)
    counts = args.count or list(DEFAULT_COUNTS)
    OUT.mkdir(parents=True, exist_ok=True)
    info = machine()
    print(f"machine: {info['nproc']} CPUs, {info['cpu']}, {info['ram_gb']} GB RAM, Python {info['python']}", flush=True)
    print(f"counts: {', '.join(f'{n:,}' for n in counts)}; repeat {args.repeat}; seed {args.seed}", flush=True)
    word = None if args.no_search else args.word
    rows = []
    for n in counts:
        row = bench_one(
            n,
            args.seed,
            args.keep,
            sys.executable,
            max(1, args.repeat),
            word,
            args.sample_interval,
            args.sizes,
            not args.no_rebuilds,
            args.search_floor,
        )
        row["machine"] = info  # per row too: merged results may come from different commits
        rows.append(row)
        # Written after each N: a 50,000 run that fails later keeps the smaller ones.
        merged = merge_results(rows, info)
        RESULTS.write_text(json.dumps(merged, indent=2) + "\n", encoding="utf-8")
        print(f"\n{table([row])}", flush=True)
    print()
    print(table(merged["results"]))
    print(f"\nresults: {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
