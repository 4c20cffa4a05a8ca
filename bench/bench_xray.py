"""foilog and Free Law Project's x-ray, side by side, over x-ray's own test PDFs.

x-ray (https://github.com/freelawproject/x-ray) is the best-known checker of bad
redactions in PDFs. Its repository keeps small PDFs in ``tests/assets`` and its
tests say which of them hold bad redactions and which are clean (including one
it is known to get wrong: hidden text laid over visible text). This benchmark
runs both tools over those files and prints, for each: what x-ray's tests
expect, x-ray's verdict, foilog's verdict (rules and counts) and whether foilog
agrees with the expectation.

x-ray is *not* a foilog dependency: it is installed into a separate virtual
environment (``pip install x-ray`` from PyPI, or ``--from-checkout`` to install
the checkout itself). Nothing of x-ray's is copied into this repository; the
expectations below are read from its tests.

Usage (from the repository root)::

    .venv/bin/python bench/bench_xray.py PATH_TO_XRAY [--venv DIR] [--from-checkout] [--json FILE]

``PATH_TO_XRAY`` is a checkout (a folder with ``tests/assets``) or a bare git
directory (exported with ``git archive HEAD`` into a temporary folder).

foilog's verdict counts only ``hidden-content`` and ``unsafe-file`` errors: x-ray
judges redactions, not personal data, so foilog's personal-data findings (names
of the parties in these US court filings) are shown in their own column but do
not decide agreement.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: What x-ray's tests (``tests/test_utils.py``) say about each asset.
#: "bad": a bad redaction the checker must report; "clean": it must report nothing;
#: "known-failure": bad, but x-ray's own test of it is marked ``expectedFailure``;
#: "rectangles": only used to test rectangle finding (``rectangles_yes_2``), no verdict asserted.
EXPECTED: dict[str, tuple[str, str]] = {
    "rectangles_yes.pdf": ("bad", "3 bad redactions on page 1 (IntegrationTest)"),
    "hidden_text_on_visible_text.pdf": ("known-failure", "2 hidden words over visible text (expectedFailure)"),
    "bad_cross_hatched_redactions.pdf": (
        "bad",
        "live text under cross-hatched black boxes (OcclusionTest counts 639 chars under them; inspect() not asserted)",
    ),
    "rectangles_yes_2.pdf": ("rectangles", "rectangles found (RectTest); no redaction verdict asserted"),
    "rectangles_no.pdf": ("clean", "no rectangles (RectTest)"),
    "partial_intersections_ok.pdf": ("clean", "partial overlaps only: 0 chars (OcclusionTest)"),
    "multi_line_redaction_ok.pdf": ("clean", "multi-line redaction done right"),
    "ok_words.pdf": ("clean", "no redactions"),
    "unfilled_rect.pdf": ("clean", "unfilled (border-only) box"),
    "whitespace_redactions.pdf": ("clean", "boxes over whitespace only"),
    "whitespace_redactions_2.pdf": ("clean", "boxes over whitespace only"),
    "whitespace_redaction_with_comma.pdf": ("clean", "boxes over whitespace and a comma"),
    **{
        f"no_bad_redactions.{n}.pdf": ("clean", "tricky drawing, no redactions (test_tricky_rectangles)")
        for n in ("2.1", "3.1", "3.2", "4.1", "5.5", "6.2", "7.1", "8.1")
    },
    **{
        f"rect_ordering_{n}.pdf": ("clean", "text on top of opaque boxes (test_text_on_rectangles_ok)")
        for n in ("0.8", "1.23", "2.1", "3.20", "4.1", "5.2", "6.19")
    },
}

#: Runs inside x-ray's virtual environment: inspect every PDF named on the command line, print JSON.
_XRAY_SCRIPT = """
import json, sys, time
import xray
out = {}
for path in sys.argv[1:]:
    start = time.perf_counter()
    try:
        found = xray.inspect(path)
        out[path] = {"pages": {str(k): len(v) for k, v in found.items()}, "seconds": time.perf_counter() - start}
    except Exception as exc:
        out[path] = {"error": f"{type(exc).__name__}: {exc}"[:200], "seconds": time.perf_counter() - start}
print(json.dumps(out))
"""


@dataclass
class Row:
    """One asset's line of the table."""

    file: str
    expected: str
    why: str
    xray: str
    xray_flagged: bool | None
    foilog: str
    foilog_flagged: bool
    other: str
    seconds: float
    #: foilog's judged findings as (rule, page, message), for the notes under the table.
    notes: tuple[tuple[str, int | None, str], ...] = ()

    @property
    def agrees(self) -> bool:
        """foilog agrees with x-ray's tests: flags every bad file (known failure included), passes every clean one."""
        if self.expected in ("bad", "known-failure"):
            return self.foilog_flagged
        if self.expected == "clean":
            return not self.foilog_flagged
        return True  # no verdict asserted

    @property
    def xray_agrees(self) -> bool | None:
        if self.xray_flagged is None:
            return None
        if self.expected in ("bad", "known-failure"):
            return self.xray_flagged
        if self.expected == "clean":
            return not self.xray_flagged
        return True


def assets_from(source: Path, work: Path) -> Path:
    """The ``tests/assets`` folder of a checkout, or of a bare git directory exported into ``work``."""
    if (source / "tests" / "assets").is_dir():
        return source / "tests" / "assets"
    if (source / "HEAD").is_file() and (source / "objects").is_dir():
        archive = work / "xray.tar"
        subprocess.run(["git", "--git-dir", str(source), "archive", "-o", str(archive), "HEAD"], check=True)
        with tarfile.open(archive) as tar:
            tar.extractall(work / "xray", filter="data")
        return work / "xray" / "tests" / "assets"
    raise SystemExit(f"{source}: neither a checkout with tests/assets nor a git directory")


def xray_venv(venv: Path, checkout: Path | None) -> Path:
    """A virtual environment with x-ray installed (created on first use); returns its python."""
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    probe = subprocess.run([str(python), "-c", "import xray"], capture_output=True)
    if probe.returncode != 0:
        target = [str(checkout)] if checkout else ["x-ray"]
        subprocess.run([str(python), "-m", "pip", "install", "-q", *target], check=True)
    return python


def run_xray(python: Path, files: list[Path]) -> dict[str, dict]:
    done = subprocess.run([str(python), "-c", _XRAY_SCRIPT, *map(str, files)], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def run_foilog(path: Path, cwd: Path) -> tuple[list[dict], float]:
    """``foilog scan --format json`` over one file (from an empty folder, so no mkdocs.yml applies)."""
    foilog = Path(sys.executable).with_name("foilog")
    start = time.perf_counter()
    done = subprocess.run([str(foilog), "scan", "--format", "json", str(path)], capture_output=True, text=True, cwd=cwd)
    seconds = time.perf_counter() - start
    try:
        return json.loads(done.stdout)["findings"], seconds
    except (json.JSONDecodeError, KeyError):
        return [
            {"rule": f"foilog-exit-{done.returncode}", "category": "unsafe-file", "severity": "error", "message": done.stderr[-300:]}
        ], seconds


def _counts(findings: list[dict]) -> str:
    counts = collections.Counter(f["rule"] for f in findings)
    return ", ".join(f"{rule}×{n}" for rule, n in sorted(counts.items())) or "-"


def build_rows(assets: Path, python: Path, cwd: Path) -> list[Row]:
    files = sorted(assets.glob("*.pdf"))
    xray = run_xray(python, files)
    rows = []
    for path in files:
        expected, why = EXPECTED.get(path.name, ("unknown", "not named in x-ray's tests"))
        x = xray.get(str(path), {})
        if "error" in x:
            xray_text, xray_flagged = f"error: {x['error']}", None
        else:
            pages = x.get("pages", {})
            xray_flagged = bool(pages)
            xray_text = ", ".join(f"p{p}: {n}" for p, n in pages.items()) if pages else "clean"
        findings, seconds = run_foilog(path, cwd)
        judged = [f for f in findings if f["severity"] == "error" and f["category"] in ("hidden-content", "unsafe-file")]
        other = [f for f in findings if f not in judged]
        rows.append(
            Row(
                file=path.name,
                expected=expected,
                why=why,
                xray=xray_text,
                xray_flagged=xray_flagged,
                foilog=_counts(judged) if judged else "clean",
                foilog_flagged=bool(judged),
                other=_counts(other),
                seconds=seconds,
                notes=tuple((f["rule"], f.get("page"), f["message"]) for f in judged),
            )
        )
    return rows


def print_table(rows: list[Row]) -> None:
    print(
        "| file | x-ray's tests expect | x-ray | foilog (hidden/unsafe errors) | foilog agrees | x-ray agrees | other foilog findings | foilog s |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        xa = "n/a" if r.xray_agrees is None else ("yes" if r.xray_agrees else "**no**")
        print(
            f"| {r.file} | {r.expected} | {r.xray} | {r.foilog} | {'yes' if r.agrees else '**NO**'} | {xa} | {r.other} | {r.seconds:.1f} |"
        )
    judged = [r for r in rows if r.expected != "rectangles"]
    print()
    print(
        f"foilog agrees on {sum(r.agrees for r in judged)}/{len(judged)}; "
        f"x-ray on {sum(bool(r.xray_agrees) for r in judged)}/{len(judged)} "
        "(rectangles_yes_2.pdf has no asserted verdict and is not counted)"
    )
    wrong = [r for r in rows if not r.agrees]
    if wrong:
        print("\nWhere foilog disagrees with x-ray's tests, it says:")
        for r in wrong:
            for rule, page, message in r.notes or (("(nothing)", None, "no hidden-content or unsafe-file error"),):
                print(f"- {r.file} (page {page}): {rule}: {message}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("xray", type=Path, help="an x-ray checkout, or its bare git directory")
    parser.add_argument("--venv", type=Path, default=ROOT / "bench" / "out" / "xray-venv", help="x-ray's own virtual environment")
    parser.add_argument("--from-checkout", action="store_true", help="install x-ray from the checkout instead of PyPI")
    parser.add_argument("--json", type=Path, help="also write the table as JSON here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        assets = assets_from(args.xray.resolve(), work)
        python = xray_venv(args.venv, assets.parents[1] if args.from_checkout else None)
        empty = work / "cwd"
        empty.mkdir()
        rows = build_rows(assets, python, empty)
    print_table(rows)
    if args.json:
        args.json.write_text(json.dumps([{**r.__dict__, "agrees": r.agrees, "xray_agrees": r.xray_agrees} for r in rows], indent=1) + "\n")
    return 0 if all(r.agrees for r in rows) else 1


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    raise SystemExit(main())
