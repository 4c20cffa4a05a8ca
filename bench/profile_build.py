"""Where a build's time goes: cProfile of plain MkDocs and of ``foilog build``'s own process.

``bench_site.py`` says how long the builds take; this says what the time is
spent on, so that a claim like "MkDocs itself is the bottleneck" rests on a
profile, and so that the gain of another site engine can be bounded: an
engine that replaced MkDocs, Python-Markdown and Jinja2 could save at most
the time those take, and nothing of what foilog does itself.

For ``--count N`` (default 2,000) it generates the synthetic log and the
floor project (as ``bench_site.py`` does, into ``bench/out/profile-N/``) and
profiles, each in a fresh Python process so neither build inherits the
other's warm caches:

(a) plain MkDocs + Material building the floor project
    (``mkdocs.commands.build.build(load_config(...))``, what ``mkdocs build``
    runs);
(b) ``foilog build``, run in-process as the CLI runs it
    (:func:`foilog.engine.mkdocs_build.build_site`), from a fresh checkout (no
    ``.foilog-cache/``, no site folder). Only the build's main process (its
    main thread) is profiled: the forked sweep helper, the loader's and the
    gate's second halves and Pagefind are separate processes and are **not**
    in the profile (the profiler is switched off in forked children). The
    main process's time is what the user waits for;
(c) with ``--serial``, ``foilog build`` again with its helpers held off (an
    idle thread runs during the build, and foilog forks its helpers only
    while the build is the process's only thread), so that all of foilog's
    work except Pagefind's is in one profile.

The time is summarised by category: each function's own time (``tottime``)
goes to the category of its module (Python-Markdown, the theme's templates,
foilog's templates, compiling templates, MkDocs, YAML and validation,
foilog's leak gate, foilog's own code...). Functions that belong to no
category (the standard library, built-ins such as regular expressions,
``str.join`` or file writes, and Jinja2's runtime and filters, which work
for whichever template called them) take the category of whoever called
them, split in proportion to the time each caller spent in them (from the
profile's caller edges, recursively); Jinja2 called by MkDocs counts as the
theme's templates, called by foilog's code as foilog's templates. Every
second of the profile is thus counted once, and the categories add up to
the total. The split is approximate where a shared function (``str.join``)
is called from very different places: its own time is split exactly among
its direct callers, but what it calls is split as its time overall is.
Key functions' cumulative times and the top 25 functions by own time follow.

cProfile adds a cost to every Python function call, so code that makes many
small calls (Python-Markdown's inline patterns, Jinja2's filters) looks more
expensive than it is next to code that runs in C: read the shares, not the
seconds, and the wall time of an unprofiled build from ``bench_site.py``.

Writes the report as Markdown to stdout and ``bench/out/profile-N.md``, and
keeps the raw profiles (``bench/out/profile-N-*.prof``, for ``pstats`` or
snakeviz).

Usage::

    python bench/profile_build.py [--count 2000] [--seed 1] [--serial] [--keep]
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import json
import os
import pstats
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

Func = tuple[str, int, str]
"""A profiled function as pstats keys it: (file, first line, name)."""

MARKDOWN = "Python-Markdown conversion"
THEME = "Theme templates: each page's frame, header, navigation (Jinja2)"
FOILOG_TEMPLATES = "foilog's own templates: response and list pages (Jinja2)"
COMPILE = "Compiling templates (Jinja2, once per template)"
MKDOCS = "MkDocs's own structures (files, nav, URLs, pages, events)"
WRITING = "Writing files"
LOADING = "YAML, config, loading, validation"
LEAKGATE = "foilog: leak gate (text scan, attachments)"
FOILOG = "foilog: its own rendering, indexes, feeds, exports"
HELPERS = "foilog: feeding and waiting for helpers (Pagefind, sweep)"
IMPORTS = "Imports during the build"
OTHER = "Other"
CATEGORIES = (MARKDOWN, THEME, FOILOG_TEMPLATES, COMPILE, MKDOCS, WRITING, LOADING, LEAKGATE, FOILOG, HELPERS, IMPORTS, OTHER)

_JINJA_COMPILER = ("compiler.py", "lexer.py", "parser.py", "nodes.py", "optimizer.py", "idtracking.py", "visitor.py", "loaders.py")
_JINJA_COMPILE_FUNCTIONS = {"compile", "_parse", "_generate", "_compile", "_tokenize", "lex", "preprocess", "parse", "from_string"}

_FOILOG_LOADING = ("yamlload.py", "load.py", "validate.py", "schema.py", "schema_errors.py", "settings.py", "catalogue.py", "model.py")
_FOILOG_LEAKGATE = ("leakgate.py", "findings.py", "textscan/", "attachments/")
_FOILOG_HELPERS = ("publish/search.py", "publish/pagefind_process.py", "sweep.py")


def own_category(func: Func) -> str | None:
    """The category of a function's own code, from its module; None to take its callers' (standard library, built-ins)."""
    file, _line, name = func
    path = file.replace("\\", "/")
    if path == "~":  # a built-in: regular expressions, str.join, file writes... belong to whoever called them
        return None
    if path.startswith("<frozen importlib") or "/importlib/" in path:
        return IMPORTS
    if "/markdown/" in path or "/pymdownx/" in path:
        return MARKDOWN
    if path.endswith((".html", ".j2")):  # a compiled template's own code: whose template is it?
        return FOILOG_TEMPLATES if "/foilog/templates/" in path else THEME
    if "/jinja2/" in path:
        # Compiling is a fixed cost; the rest of Jinja2 (its runtime, filters, Template.render) is
        # the template engine at work for whichever template called it, so it takes its callers'.
        module = path.rsplit("/", 1)[1]
        if module in _JINJA_COMPILER or (module == "environment.py" and name in _JINJA_COMPILE_FUNCTIONS):
            return COMPILE
        return None
    if "/mkdocs/utils/templates.py" in path:  # the url filter and friends, called by the theme
        return THEME
    if path.endswith("/shutil.py") or (name in ("write_file", "copy_file") and "/mkdocs/" in path):
        return WRITING
    if "/yaml/" in path or "/_yaml" in path or "/pydantic" in path or "/mkdocs/config/" in path:
        return LOADING
    if "/pagefind/" in path:
        return HELPERS
    if "/foilog/" in path:
        rel = path.rsplit("/foilog/", 1)[1]
        if rel == "mkdocs_build.py" and name == "_swap":
            return WRITING
        if rel == "render/frame.py" or (rel == "plugin.py" and name == "_render_with"):
            return THEME  # the theme's frame: rendered once per kind of response page, then filled in
        if rel in _FOILOG_LOADING:
            return LOADING
        if rel.startswith(_FOILOG_LEAKGATE):
            return LEAKGATE
        if rel.startswith(_FOILOG_HELPERS):
            return HELPERS
        return FOILOG
    if "/mkdocs/" in path or "/material/" in path:
        return MKDOCS
    return None


_ENGINE_REMAP = {MKDOCS: THEME, FOILOG: FOILOG_TEMPLATES}
"""Jinja2's runtime working for MkDocs is rendering the theme's templates; working for foilog's code, foilog's templates."""


def _remap(func: Func, shares: dict[str, float]) -> dict[str, float]:
    """``shares`` as seen from ``func``: MkDocs's and foilog's shares become template rendering when ``func`` is Jinja2's."""
    path = func[0].replace("\\", "/")
    if "/jinja2/" not in path and "/markupsafe/" not in path:
        return shares
    out: dict[str, float] = {}
    for key, share in shares.items():
        key = _ENGINE_REMAP.get(key, key)
        out[key] = out.get(key, 0.0) + share
    return out


def by_category(stats: dict[Func, Any]) -> dict[str, float]:
    """Split the profile's total time into categories (see the module docstring); the values add up to the total."""
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 20_000))  # caller chains are deep in Jinja2 and Markdown
    own = {f: own_category(f) for f in stats}
    mixes: dict[Func, dict[str, float]] = {}

    def mix(func: Func, visiting: set[Func]) -> dict[str, float]:
        """How ``func``'s time divides among categories: its own, or its callers' weighted by the time each spent in it."""
        category = own[func]
        if category is not None:
            return {category: 1.0}
        if func in mixes:
            return mixes[func]
        if func in visiting:
            return {}  # a cycle: that edge adds nothing, the others decide
        visiting.add(func)
        total: dict[str, float] = {}
        weights = 0.0
        for caller, edge in stats[func][4].items():
            if caller == func or caller not in stats:
                continue
            caller_mix = mix(caller, visiting)
            weight = edge[3]  # cumulative time of func when called from this caller
            if not caller_mix or weight <= 0:
                continue
            weights += weight
            for key, share in caller_mix.items():
                total[key] = total.get(key, 0.0) + weight * share
        visiting.discard(func)
        result = _remap(func, {key: value / weights for key, value in total.items()} if weights else {OTHER: 1.0})
        mixes[func] = result
        return result

    totals = dict.fromkeys(CATEGORIES, 0.0)
    for func, (_cc, _nc, tottime, _ct, callers) in stats.items():
        category = own[func]
        if category is not None:
            totals[category] += tottime
            continue
        edges = {c: e for c, e in callers.items() if c != func and c in stats}
        edge_time = sum(e[2] for e in edges.values())
        if not edges or edge_time <= 0:
            totals[OTHER] += tottime
            continue
        for caller, edge in edges.items():
            for key, share in _remap(func, mix(caller, set())).items():
                totals[key] += tottime * (edge[2] / edge_time) * share
    return totals


KEY_FUNCTIONS: tuple[tuple[str, str, str], ...] = (
    ("mkdocs/config/base.py", "load_config", "load mkdocs.yml, the theme and plugins"),
    ("mkdocs/commands/build.py", "build", "the whole MkDocs build"),
    ("mkdocs/structure/files.py", "get_files", "list the docs folder"),
    ("mkdocs/structure/nav.py", "get_navigation", "the navigation"),
    ("mkdocs/commands/build.py", "_populate_page", "per page: read the source, convert it"),
    ("mkdocs/structure/pages.py", "render", "per page: MkDocs's Markdown conversion"),
    ("markdown/core.py", "convert", "Python-Markdown, every call"),
    ("mkdocs/commands/build.py", "_build_page", "per page: template, plugins' on_post_page, write"),
    ("jinja2/environment.py", "render", "Jinja2 Template.render, every call"),
    ("jinja2/environment.py", "compile", "Jinja2 compiling templates (fixed cost)"),
    ("mkdocs/utils/__init__.py", "write_file", "writing pages"),
    ("mkdocs/commands/build.py", "_build_theme_template", "404 page, sitemap"),
    ("mkdocs/plugins.py", "run_event", "every plugin event (foilog's hooks)"),
    ("foilog/engine/plugin.py", "on_config", "foilog: on_config"),
    ("foilog/engine/plugin.py", "on_files", "foilog: load, validate, leak gate, plan"),
    ("foilog/site/pipeline.py", "check_project", "foilog: load, validate, leak gate"),
    ("foilog/log/load.py", "load_log", "foilog: load the log (YAML)"),
    ("foilog/engine/plugin.py", "on_page_markdown", "foilog: on_page_markdown"),
    ("foilog/engine/plugin.py", "on_page_content", "foilog: on_page_content"),
    ("foilog/site/render/pages.py", "response_html", "foilog: render a response page's article"),
    ("foilog/site/render/frame.py", "page", "foilog: response pages from the theme's frame"),
    ("foilog/engine/plugin.py", "on_post_page", "foilog: on_post_page (article, search feed, sweep)"),
    ("foilog/engine/plugin.py", "on_post_build", "foilog: feeds, exports, sitemap, finish helpers"),
    ("foilog/engine/mkdocs_build.py", "_swap", "foilog: swap the built site in"),
)


def _match(stats: dict[Func, Any], suffix: str, name: str) -> tuple[int, float] | None:
    """Calls and cumulative seconds of the functions named ``name`` in files ending ``suffix`` (None if never called)."""
    calls, cumulative, found = 0, 0.0, False
    for (file, _line, func), (_cc, nc, _tt, ct, _callers) in stats.items():
        if func == name and file.replace("\\", "/").endswith("/" + suffix):
            calls += nc
            cumulative += ct
            found = True
    return (calls, cumulative) if found else None


def short_name(func: Func) -> str:
    """``markdown/treeprocessors.py:253 __applyPattern``: the path after site-packages, the repository or the standard library."""
    file, line, name = func
    if file == "~":
        return name
    path = file.replace("\\", "/")
    for marker in ("/site-packages/", f"{ROOT.as_posix()}/", "/lib/python3."):
        if marker in path:
            path = path.split(marker, 1)[1]
            if marker == "/lib/python3.":
                path = path.split("/", 1)[1] if "/" in path else path
            break
    return f"{path}:{line} {name}"


# --------------------------------------------------------------------------
# Profiling one build (in a child process: ``--run KIND``)
# --------------------------------------------------------------------------


def profile_one(kind: str, base: Path, prof: Path, today: dt.date) -> dict[str, Any]:
    """Build ``kind`` (plain, foilog, foilog-serial) of the project in ``base`` under cProfile; write ``prof``.

    Imports only what the build needs (no foilog for the plain build), with
    ``SOURCE_DATE_EPOCH`` set by the parent, as ``bench_site.py`` sets it.
    """
    site = base / f"site-{kind}"
    shutil.rmtree(site, ignore_errors=True)
    work: Callable[[], object]
    if kind == "plain":
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        def work() -> None:
            build(load_config(str(base / "plain" / "mkdocs.yml"), site_dir=str(site)))
    else:
        from foilog.engine.mkdocs_build import build_site

        shutil.rmtree(base / ".foilog-cache", ignore_errors=True)  # a fresh checkout, like bench_site's first build

        def work() -> Path:
            return build_site(base / "mkdocs.yml", site_dir=site, today=today, strict=False)

    hold = threading.Event()
    if kind == "foilog-serial":
        # foilog forks its helpers only while the build is the only thread: an idle one keeps all the work here.
        threading.Thread(target=hold.wait, name="hold-helpers-off", daemon=True).start()
    profiler = cProfile.Profile()
    # A forked helper inherits the profiler: switch it off there so helpers run at full speed, as in a real build.
    os.register_at_fork(after_in_child=profiler.disable)
    wall, cpu = time.perf_counter(), time.process_time()
    profiler.enable()
    try:
        work()
    finally:
        profiler.disable()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        hold.set()
    profiler.dump_stats(str(prof))
    return {"kind": kind, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2)}


def _result_line(log: Path) -> dict[str, Any] | None:
    """The child's last output line: its JSON result (wall and CPU seconds)."""
    for line in reversed(log.read_text("utf-8", errors="replace").splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    return None


def run_child(kind: str, base: Path, prof: Path) -> dict[str, Any]:
    """Profile one build in a fresh interpreter (its output goes to ``prof`` + ``.log``)."""
    from bench_site import SOURCE_DATE_EPOCH, TODAY

    log = prof.with_suffix(".log")
    cmd = [sys.executable, str(Path(__file__).resolve()), "--run", kind, "--base", str(base), "--prof", str(prof), "--today", TODAY]
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    with open(log, "wb") as fh:
        done = subprocess.run(cmd, cwd=ROOT, stdout=fh, stderr=subprocess.STDOUT, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"profiling {kind} failed (exit {done.returncode}):\n" + log.read_text("utf-8", errors="replace")[-3000:])
    result = _result_line(log)
    if result is None:
        raise SystemExit(f"profiling {kind}: no result line in {log}")
    return result


# --------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------

LABELS = {"plain": "plain MkDocs", "foilog": "foilog, main process", "foilog-serial": "foilog, helpers held off"}


def report(count: int, seed: int, results: dict[str, dict[str, Any]], profiles: dict[str, pstats.Stats]) -> str:
    """The Markdown report: categories, key functions, top 25 by own time for each build."""
    kinds = list(results)
    raw = {kind: profiles[kind].stats for kind in kinds}  # type: ignore[attr-defined]
    cats = {kind: by_category(raw[kind]) for kind in kinds}
    totals = {kind: sum(cats[kind].values()) for kind in kinds}
    lines = [
        f"# Where the build's time goes: N={count:,} responses (seed {seed})",
        "",
        f"Profiled {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC with cProfile, each build in a fresh process "
        "(`bench/profile_build.py`). cProfile slows function-call-heavy code most: read the shares. "
        "foilog's forked helpers and Pagefind are separate processes and are not in these profiles.",
        "",
        "| | " + " | ".join(LABELS[k] for k in kinds) + " |",
        "|---|" + "---:|" * len(kinds),
        "| wall time under the profiler (s) | " + " | ".join(f"{results[k]['wall_s']:.1f}" for k in kinds) + " |",
        "| CPU time of the profiled process (s) | " + " | ".join(f"{results[k]['cpu_s']:.1f}" for k in kinds) + " |",
        "| profiled time (s) | " + " | ".join(f"{totals[k]:.1f}" for k in kinds) + " |",
        "",
        "## By category",
        "",
        "Own time of each function by its module; the standard library and built-ins count for their callers.",
        "",
        "| category | " + " | ".join(f"{LABELS[k]}: s | % | ms per response" for k in kinds) + " |",
        "|---|" + "---:|---:|---:|" * len(kinds),
    ]
    for category in CATEGORIES:
        if all(cats[k][category] < 0.0005 for k in kinds):
            continue
        cells = [
            f"{cats[k][category]:.2f} | {100 * cats[k][category] / (totals[k] or 1):.1f}% | {1000 * cats[k][category] / count:.2f}"
            for k in kinds
        ]
        lines.append(f"| {category} | " + " | ".join(cells) + " |")
    lines.append("| **total** | " + " | ".join(f"**{totals[k]:.2f}** | 100% | {1000 * totals[k] / count:.2f}" for k in kinds) + " |")

    lines += [
        "",
        "## Key functions (cumulative time, including what they call)",
        "",
        "| function | what | " + " | ".join(f"{LABELS[k]}: calls | s | %" for k in kinds) + " |",
        "|---|---|" + "---:|---:|---:|" * len(kinds),
    ]
    for suffix, name, what in KEY_FUNCTIONS:
        found = {k: _match(raw[k], suffix, name) for k in kinds}
        if not any(found.values()):
            continue
        cells = []
        for k in kinds:
            hit = found[k]
            cells.append("– | – | –" if hit is None else f"{hit[0]:,} | {hit[1]:.2f} | {100 * hit[1] / (totals[k] or 1):.1f}%")
        lines.append(f"| `{suffix.rsplit('/', 1)[-1]}:{name}` | {what} | " + " | ".join(cells) + " |")

    for k in kinds:
        lines += [
            "",
            f"## Top 25 functions by own time: {LABELS[k]}",
            "",
            "| own s | % | calls | cumulative s | category | function |",
            "|---:|---:|---:|---:|---|---|",
        ]
        top = sorted(raw[k].items(), key=lambda item: -item[1][2])[:25]
        for func, (_cc, nc, tt, ct, _callers) in top:
            category = own_category(func) or "(its callers')"
            lines.append(f"| {tt:.3f} | {100 * tt / (totals[k] or 1):.1f}% | {nc:,} | {ct:.3f} | {category} | `{short_name(func)}` |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--count", type=int, default=2000, help="responses to generate (default 2000)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic log (default 1)")
    parser.add_argument("--sizes", choices=("small", "seed", "mix"), default="small", help="response sizes (bench/synthetic.py --sizes)")
    parser.add_argument("--serial", action="store_true", help="also profile foilog with its helpers held off (all its work in one profile)")
    parser.add_argument("--keep", action="store_true", help="keep bench/out/profile-N/ (the project and the sites)")
    parser.add_argument("--reuse", action="store_true", help="summarise the profiles of an earlier run of this N again (no build)")
    parser.add_argument("--run", choices=sorted(LABELS), help=argparse.SUPPRESS)  # internal: profile one build in this process
    parser.add_argument("--base", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--prof", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--today", type=dt.date.fromisoformat, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.run:
        print(json.dumps(profile_one(args.run, args.base, args.prof, args.today)), flush=True)
        return 0

    count = args.count
    tag = f"{count}" if args.sizes == "small" else f"{count}-{args.sizes}"
    base = OUT / f"profile-{tag}"
    kinds = ["plain", "foilog"] + (["foilog-serial"] if args.serial else [])
    if args.reuse:
        kinds = [k for k in LABELS if (OUT / f"profile-{tag}-{k}.prof").is_file()]
        if not kinds:
            parser.error(f"no profiles of N={count} in {OUT.relative_to(ROOT)}")
    else:
        import bench_site
        import synthetic

        print(
            f"== N={count:,}: generating the synthetic log and the floor project in {base.relative_to(ROOT)}", file=sys.stderr, flush=True
        )
        config = synthetic.generate(base, count, args.seed, sizes=args.sizes)
        bench_site.write_plain(config, base / "plain")
    results: dict[str, dict[str, Any]] = {}
    profiles: dict[str, pstats.Stats] = {}
    for kind in kinds:
        prof = OUT / f"profile-{tag}-{kind}.prof"
        if args.reuse:
            results[kind] = _result_line(prof.with_suffix(".log")) or {"kind": kind, "wall_s": 0.0, "cpu_s": 0.0}
            profiles[kind] = pstats.Stats(str(prof))
            continue
        print(f"   profiling {LABELS[kind]} ...", file=sys.stderr, flush=True)
        results[kind] = run_child(kind, base, prof)
        print(
            f"   {LABELS[kind]}: {results[kind]['wall_s']:.1f} s under the profiler ({prof.relative_to(ROOT)})", file=sys.stderr, flush=True
        )
        profiles[kind] = pstats.Stats(str(prof))
    text = report(count, args.seed, results, profiles)
    out = OUT / f"profile-{tag}.md"
    out.write_text(text, encoding="utf-8")
    print(text)
    print(f"report: {out.relative_to(ROOT)}", file=sys.stderr)
    if not args.keep and not args.reuse:
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
