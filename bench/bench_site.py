"""Benchmark ``foilog build`` against its floor: plain MkDocs + Material on the same pages.

The project target is that foilog builds 2,000 responses in no more than about
1.3 times what MkDocs + Material need to build the same 2,000 pages written as
plain Markdown. Everything foilog adds (loading and validating the log,
indexes, list pages, its own Markdown rendering and sanitising) is the
difference between the two, so the ratio says whether foilog is pulling its
weight; absolute times depend on the machine.

For each ``--count N`` this script:

1. generates the synthetic log into ``bench/out/N/`` (:mod:`synthetic`);
2. writes the floor project into ``bench/out/N/plain/``: one Markdown page per
   response at ``responses/<year>/<slug>.md`` with the same visible content
   (title, metadata, questions and answers, public interest, letter,
   attachments), the same theme configuration and Markdown extensions, no
   foilog plugin, and the responses kept out of the navigation exactly as
   foilog does (``not_in_nav: /responses/**`` and a small explicit nav);
3. runs the two builds as subprocesses, alternating plain, foilog, plain,
   foilog (``--repeat`` rounds, default 2), because the machine is shared and
   noisy, and keeps the best wall time of each. foilog runs with its
   attachment cache removed (a fresh checkout, as in CI); one extra foilog run
   reuses the cache. Every run's wall time, CPU time and peak memory (from
   ``os.wait4``'s resource usage of that child) is recorded;
4. measures both sites: size on disk, files, HTML pages, median HTML bytes of
   a response page.

It prints a Markdown table and merges the results into
``bench/out/results-site.json`` (keyed by count and seed).

Usage::

    python bench/bench_site.py --count 2000 [--count 10000] [--seed 1] [--repeat 2] [--keep]
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
import time
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
RESULTS = OUT / "results-site.json"
TODAY = "2026-11-26"
SOURCE_DATE_EPOCH = "1795651200"
"""Fixed for both builds: sitemap dates are then identical, and foilog skips asking git for the last commit time."""

sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import search_bytes  # noqa: E402
import synthetic  # noqa: E402

from foilog.catalogue import catalogue, outcomes  # noqa: E402
from foilog.render.pages import REGIME_NAMES  # noqa: E402
from foilog.settings import load_project  # noqa: E402
from foilog.workdays import timeliness  # noqa: E402

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
    t = timeliness(data["received"], data["responded"], regime)
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
            out.append(f"- [{a['title']}]({data['_slug']}/{a['path']}) (CSV){desc}")
        out.append("")
    return "\n".join(out)


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
    config["plugins"] = []  # the site's plugins were only foilog (so no search plugin either)
    config["not_in_nav"] = "/responses/**\n"
    config["site_name"] = "Synthetic Disclosure Log (plain MkDocs floor)"
    (plain_dir / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")

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
# Measuring
# --------------------------------------------------------------------------


@dataclass
class Run:
    """One build subprocess: wall and CPU seconds, peak resident memory of the process tree."""

    wall_s: float
    user_s: float
    sys_s: float
    max_rss_mb: float
    load_before: float
    ok: bool = True
    error: str | None = None
    """The end of the build's output when it failed (the time is then the time to failure)."""


@dataclass
class SiteFacts:
    disk_kb: int
    apparent_bytes: int
    files: int
    html_pages: int
    response_page_median_bytes: int
    response_pages: int


@dataclass
class BuildResult:
    runs: list[Run] = field(default_factory=list)
    site: SiteFacts | None = None

    @property
    def failed(self) -> bool:
        return not any(r.ok for r in self.runs)

    @property
    def best(self) -> Run:
        """The fastest successful run (the fastest failure when none succeeded)."""
        ok = [r for r in self.runs if r.ok]
        return min(ok or self.runs, key=lambda r: r.wall_s)


def run_measured(cmd: list[str], log_file: Path, env: dict[str, str]) -> Run:
    """Run ``cmd`` and return its resources; ``os.wait4`` gives this child's own rusage (and its waited-for children)."""
    load = os.getloadavg()[0]
    with open(log_file, "wb") as log:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    error = None
    if code != 0:  # recorded, not raised: a build that fails at scale is a result too
        error = f"exit {code}: " + log_file.read_text("utf-8", errors="replace")[-2000:].strip()
    return Run(
        round(wall, 3),
        round(usage.ru_utime, 3),
        round(usage.ru_stime, 3),
        round(usage.ru_maxrss / 1024, 1),
        round(load, 2),
        code == 0,
        error,
    )


def site_facts(site: Path, response_rel: list[str]) -> SiteFacts:
    """Size of the site and of its response pages (``responses/<year>/<slug>/index.html``)."""
    disk_kb = int(subprocess.run(["du", "-sk", str(site)], capture_output=True, text=True, check=True).stdout.split()[0])
    apparent = files = html = 0
    for dirpath, _dirs, names in os.walk(site):
        for name in names:
            files += 1
            apparent += os.path.getsize(os.path.join(dirpath, name))
            html += name.endswith(".html")
    sizes = [(site / rel / "index.html").stat().st_size for rel in response_rel if (site / rel / "index.html").is_file()]
    return SiteFacts(disk_kb, apparent, files, html, int(statistics.median(sizes)) if sizes else 0, len(sizes))


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
    for name in ("foilog", "mkdocs", "mkdocs-material", "Markdown", "Jinja2", "pydantic", "nh3", "PyYAML", "holidays"):
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


def bench_one(count: int, seed: int, keep: bool, python: str, repeat: int = 2, word: str | None = "council") -> dict[str, Any]:
    base = OUT / str(count)
    print(f"\n== N={count}: generating the synthetic log in {base}", flush=True)
    start = time.perf_counter()
    config, stats = synthetic.generate_with_stats(base, count, seed)
    generate_s = time.perf_counter() - start
    start = time.perf_counter()
    pages = write_plain(config, base / "plain")
    plain_write_s = time.perf_counter() - start
    print(f"   generated in {generate_s:.1f} s; plain pages written in {plain_write_s:.1f} s ({pages} pages)", flush=True)
    response_rel = sorted(p.parent.relative_to(base).as_posix() for p in (base / "responses").glob("*/*/response.yml"))

    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    logs = base / "logs"
    logs.mkdir(exist_ok=True)
    site_plain, site_foilog = base / "site-plain", base / "site-foilog"
    commands = {
        "plain": [python, "-m", "mkdocs", "build", "-q", "-f", str(base / "plain" / "mkdocs.yml"), "-d", str(site_plain)],
        "foilog": [python, "-m", "foilog.cli", "build", "--today", TODAY, "-f", str(config), "-d", str(site_foilog)],
    }
    cache = base / ".foilog-cache"
    results = {"plain": BuildResult(), "foilog": BuildResult(), "foilog_warm": BuildResult()}
    # plain, foilog, plain, foilog: alternating spreads the noise of a shared machine over both.
    # foilog runs cold (no attachment cache, as on a fresh checkout); one last run reuses the cache.
    schedule = [(kind, attempt) for attempt in range(1, repeat + 1) for kind in ("plain", "foilog")] + [("foilog_warm", 1)]
    for kind, attempt in schedule:
        site = site_plain if kind == "plain" else site_foilog
        shutil.rmtree(site, ignore_errors=True)  # every build starts from nothing; foilog would otherwise time deleting the old site
        if kind == "foilog":
            shutil.rmtree(cache, ignore_errors=True)
        command = commands["plain" if kind == "plain" else "foilog"]
        run = run_measured(command, logs / f"{kind}-{attempt}.log", env)
        results[kind].runs.append(run)
        print(
            f"   {kind:11} run {attempt}: {run.wall_s:6.1f} s wall, {run.user_s + run.sys_s:6.1f} s CPU, "
            f"{run.max_rss_mb:7.1f} MB peak (load {run.load_before})" + ("" if run.ok else f" FAILED\n{run.error}"),
            flush=True,
        )
    for kind, site in (("plain", site_plain), ("foilog", site_foilog)):
        results[kind].site = site_facts(site, response_rel) if site.is_dir() else None
    results["foilog_warm"].site = results["foilog"].site
    search: dict[str, Any] | None = None
    if word and results["foilog"].site is not None:
        try:
            search = search_bytes.one_word_query(site_foilog, word)
            print(
                f"   one-word search '{word}': {search['bytes']:,} bytes ({search['gzip_bytes']:,} gzip) in {search['requests']} requests",
                flush=True,
            )
        except Exception as exc:  # no browser here: the rest of the benchmark still counts
            search = {"word": word, "error": f"{type(exc).__name__}: {exc}"}
            print(f"   one-word search not measured: {search['error']}", flush=True)

    row: dict[str, Any] = {
        "count": count,
        "seed": seed,
        "repeat": repeat,
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "generate_s": round(generate_s, 2),
        "source_kb_per_response": round((stats.bytes_yml + stats.bytes_md) / count / 1024, 2),
        "attachments": stats.attachments,
        "corrections": stats.corrections,
        "withdrawn": stats.withdrawn,
        "search": search,
    }
    for kind, result in results.items():
        best = result.best
        row[kind] = {
            "best_wall_s": best.wall_s,
            "best_cpu_s": round(best.user_s + best.sys_s, 2),
            "peak_rss_mb": max(r.max_rss_mb for r in result.runs),
            "failed": result.failed,
            "runs": [asdict(r) for r in result.runs],
            "site": asdict(result.site) if result.site else None,
        }
    row["ratio_wall"] = round(results["foilog"].best.wall_s / results["plain"].best.wall_s, 2)
    row["ratio_cpu"] = round(row["foilog"]["best_cpu_s"] / row["plain"]["best_cpu_s"], 2)
    row["ratio_wall_warm"] = round(results["foilog_warm"].best.wall_s / results["plain"].best.wall_s, 2)
    row["ratio_cpu_warm"] = round(row["foilog_warm"]["best_cpu_s"] / row["plain"]["best_cpu_s"], 2)
    if not keep:
        shutil.rmtree(base, ignore_errors=True)
    return row


def table(rows: list[dict[str, Any]]) -> str:
    """The results as a Markdown table (one line per build)."""
    head = (
        "| N | build | best wall (s) | CPU (s) | peak RSS (MB) | HTML pages | site size (MB on disk) | response page median (KB) | foilog/plain |\n"
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|"
    )
    lines = [head]
    labels = {
        "plain": "MkDocs + Material, plain Markdown",
        "foilog": "foilog build (cold attachment cache)",
        "foilog_warm": "foilog build (warm attachment cache)",
    }
    for row in rows:
        for kind in ("plain", "foilog", "foilog_warm"):
            k = row.get(kind)
            if k is None:
                continue
            site = k["site"] or {"html_pages": 0, "disk_kb": 0, "response_page_median_bytes": 0}
            suffix = "" if kind == "foilog" else "_warm"
            ratio = f"**{row['ratio_wall' + suffix]:.2f}x** wall, {row['ratio_cpu' + suffix]:.2f}x CPU" if kind != "plain" else ""
            if k.get("failed"):
                ratio = f"build FAILED after {k['best_wall_s']:.0f} s (see JSON)"
            lines.append(
                f"| {row['count']:,} | {labels[kind]} | "
                f"{k['best_wall_s']:.1f} | {k['best_cpu_s']:.1f} | {k['peak_rss_mb']:.0f} | {site['html_pages']:,} | "
                f"{site['disk_kb'] / 1024:.1f} | {site['response_page_median_bytes'] / 1024:.1f} | {ratio} |"
            )
    searches = [row for row in rows if (row.get("search") or {}).get("bytes")]
    if searches:
        lines += [
            "",
            "| N | one-word query | results | bytes downloaded from pagefind/ | gzip | requests |",
            "|---:|---|---|---:|---:|---:|",
        ]
        for row in searches:
            q = row["search"]
            lines.append(f"| {row['count']:,} | `{q['word']}` | {q['message']} | {q['bytes']:,} | {q['gzip_bytes']:,} | {q['requests']} |")
    return "\n".join(lines)


def merge_results(rows: list[dict[str, Any]], info: dict[str, Any]) -> dict[str, Any]:
    """Keep earlier results for other counts or seeds; replace those measured now."""
    existing: dict[str, Any] = {}
    if RESULTS.is_file():
        try:
            existing = json.loads(RESULTS.read_text("utf-8"))
        except ValueError:
            existing = {}
    fresh = {(r["count"], r["seed"]) for r in rows}
    kept = [r for r in existing.get("results", []) if (r.get("count"), r.get("seed")) not in fresh]
    merged = sorted(kept + rows, key=lambda r: (r["count"], r["seed"]))
    return {"machine": info, "today": TODAY, "results": merged}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--count", type=int, action="append", help="responses to generate (repeatable; default 2000)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic log (default 1)")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each build, alternating; the best is kept (default 2)")
    parser.add_argument("--keep", action="store_true", help="keep bench/out/N/ (sources and both sites) for inspection")
    parser.add_argument("--word", default="council", help="one-word search measured in Chromium on the foilog site (default council)")
    parser.add_argument("--no-search", action="store_true", help="do not measure the search download (no browser needed)")
    args = parser.parse_args(argv)
    counts = args.count or [2000]
    OUT.mkdir(parents=True, exist_ok=True)
    info = machine()
    print(f"machine: {info['nproc']} CPUs, {info['cpu']}, {info['ram_gb']} GB RAM, Python {info['python']}")
    word = None if args.no_search else args.word
    rows = [bench_one(n, args.seed, args.keep, sys.executable, max(1, args.repeat), word) for n in counts]
    for row in rows:
        row["machine"] = info  # per row too: merged results may come from different commits
    merged = merge_results(rows, info)
    RESULTS.write_text(json.dumps(merged, indent=2) + "\n", encoding="utf-8")
    print()
    print(table(merged["results"]))
    print(f"\nresults: {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
