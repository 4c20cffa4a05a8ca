"""Run the real producers of FOI attachments (LibreOffice, Chromium, ocrmypdf) from the tests.

Hand-built files only prove a rule catches its author's own examples; the
real-tools corpus (``tests/test_corpus_realtools.py``) makes its files with
the programs authorities actually use and checks the leak gate's verdict on
them. This module only finds and runs those programs:

* :func:`missing` says which tool is not installed (the tests skip with the
  ``apt-get install`` line; in CI a skip is a failure);
* :func:`soffice_convert` converts many documents in **one** LibreOffice
  call (start-up costs seconds), with a private profile directory so it never
  touches, or waits for, a user's running LibreOffice;
* :func:`chromium_print` prints HTML files to PDF with headless Chromium's
  own "Print to PDF" (``--print-to-pdf``), a few at a time;
* :func:`ocrmypdf` makes a searchable scan with Tesseract.

Every call has a timeout and raises :class:`ToolError` with the tool's output
when it fails, so a broken installation reads as a clear test error.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

#: Tool -> Debian packages that provide it (what ``scripts/install-test-tools`` installs).
PACKAGES: dict[str, str] = {
    "soffice": "libreoffice-writer-nogui libreoffice-calc-nogui",
    "chromium": "chromium fonts-dejavu-core",
    "ocrmypdf": "ocrmypdf tesseract-ocr tesseract-ocr-eng",
    "tesseract": "tesseract-ocr tesseract-ocr-eng",
}
#: A TrueType font every machine with the packages above has (fonts-dejavu-core).
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
DEJAVU_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


class ToolError(RuntimeError):
    """A real tool failed or did not write the file it was asked for."""


def binary(tool: str) -> str | None:
    """Path of ``tool`` on PATH (``FOILOG_<TOOL>`` overrides it), or None."""
    override = os.environ.get(f"FOILOG_{tool.upper()}")
    if override:
        return override if Path(override).is_file() else None
    return shutil.which(tool)


def missing(*tools: str) -> str | None:
    """Why the tests cannot run here (the first missing tool and how to install it), or None."""
    for tool in tools:
        if binary(tool) is None:
            return f"{tool} not found (apt-get install {PACKAGES.get(tool, tool)})"
    if not DEJAVU.is_file():  # the pages, letters and scans are set in DejaVu Sans
        return f"{DEJAVU} not found (apt-get install fonts-dejavu-core)"
    return None


def run(cmd: Sequence[str | Path], *, timeout: float, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``cmd``; raise :class:`ToolError` with its output when it fails or times out."""
    args = [str(a) for a in cmd]
    try:
        done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as exc:
        raise ToolError(f"{args[0]} timed out after {timeout:.0f} s: {' '.join(args)}") from exc
    if done.returncode != 0:
        raise ToolError(f"{' '.join(args)} exited with {done.returncode}:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return done


def _expect(paths: Sequence[Path], cmd_output: str) -> list[Path]:
    absent = [p for p in paths if not p.is_file() or p.stat().st_size == 0]
    if absent:
        raise ToolError(f"not written: {', '.join(p.name for p in absent)}\n{cmd_output[-3000:]}")
    return list(paths)


def soffice_convert(sources: Sequence[Path], target: str, outdir: Path, *, timeout: float = 240) -> list[Path]:
    """Convert every file in ``sources`` with one headless LibreOffice call; the converted paths, in order.

    ``target`` is what ``--convert-to`` takes: ``pdf``, ``docx``, ``xlsx``,
    or ``ext:FilterName`` (``docx:"MS Word 2007 XML"``). The output keeps
    each source's stem. A private profile (``-env:UserInstallation``) keeps
    the call independent of any other LibreOffice on the machine.
    """
    if not sources:
        return []
    exe = binary("soffice")
    if exe is None:
        raise ToolError(missing("soffice") or "soffice not found")
    outdir.mkdir(parents=True, exist_ok=True)
    ext = target.split(":", 1)[0]
    with tempfile.TemporaryDirectory(prefix="foilog-lo-") as profile:
        done = run(
            [
                exe,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--norestore",
                "--nolockcheck",
                "--convert-to",
                target,
                "--outdir",
                outdir,
                *sources,
            ],
            timeout=timeout,
        )
    return _expect([outdir / f"{s.stem}.{ext}" for s in sources], done.stdout + done.stderr)


def chromium_print(pages: Sequence[Path], outdir: Path, *, workers: int = 2, timeout: float = 60) -> list[Path]:
    """Print each HTML file to ``outdir/<stem>.pdf`` with headless Chromium's "Print to PDF" (A4/Letter as the page says).

    Each print is its own Chromium process with its own profile directory
    (``--user-data-dir``), ``workers`` at a time. No header or footer (the
    date and URL line), as people print letters and forms.
    """
    exe = binary("chromium")
    if exe is None:
        raise ToolError(missing("chromium") or "chromium not found")
    outdir.mkdir(parents=True, exist_ok=True)

    def one(page: Path) -> Path:
        out = outdir / f"{page.stem}.pdf"
        with tempfile.TemporaryDirectory(prefix="foilog-chromium-") as profile:
            done = run(
                [
                    exe,
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    f"--user-data-dir={profile}",
                    f"--print-to-pdf={out}",
                    "--no-pdf-header-footer",
                    page.resolve().as_uri(),
                ],
                timeout=timeout,
            )
        return _expect([out], done.stdout + done.stderr)[0]

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return list(pool.map(one, pages))


def ocrmypdf(source: Path, out: Path, *args: str, timeout: float = 180) -> Path:
    """``ocrmypdf [args] source out``: a searchable PDF (Tesseract's invisible text layer over the page image)."""
    exe = binary("ocrmypdf")
    if exe is None:
        raise ToolError(missing("ocrmypdf") or "ocrmypdf not found")
    done = run([exe, "--quiet", "--jobs", "1", "--output-type", "pdf", *args, source, out], timeout=timeout)
    return _expect([out], done.stdout + done.stderr)[0]
