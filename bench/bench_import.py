"""Benchmark ``foilog import`` over 500 generated letters (a mix of TXT, PDF and DOCX).

The target (issue 6) is 500 letters in under 2 minutes on a 2-core machine,
through the full path: sandboxed PDF/DOCX parsing, redaction, extraction,
atomic writes and the leak-gate scan of every written file. Letters are the
six fictional layouts of ``tests/letter_builders.py`` with their references,
dates and names varied deterministically, so every letter makes its own folder.

Usage: python bench/bench_import.py [--count N] [--seed S]
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from letter_builders import LETTERS, Num, write_letter  # noqa: E402
from logbuilder import TODAY, LogBuilder  # noqa: E402

from foilog.commands.importer import IMPORTED, import_letters  # noqa: E402
from foilog.engine.mkdocs_config import load_project  # noqa: E402

SURNAMES = ["Exampleton", "Testerson", "Fakeley", "Sampleford", "Dummett", "Mockridge", "Placeholder", "Specimen"]


def _vary(entries: list[str | Num], reference: str, new_reference: str, requester: str, new_requester: str) -> list[str | Num]:
    def swap(text: str) -> str:
        return text.replace(reference, new_reference).replace(requester, new_requester)

    return [dataclasses.replace(e, text=swap(e.text)) if isinstance(e, Num) else swap(e) for e in entries]


def make_letters(folder: Path, count: int, seed: int) -> list[Path]:
    rng = random.Random(seed)
    paths = []
    for n in range(count):
        letter = LETTERS[n % len(LETTERS)]
        ext = (".txt", ".pdf", ".docx")[n % 3]
        reference = f"{letter.reference}-{n:04d}"
        entries = _vary(letter.entries, letter.reference, reference, letter.requester, rng.choice(SURNAMES))
        paths.append(write_letter(folder / f"letter-{n:04d}{ext}", entries))
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        builder = LogBuilder(base / "log")
        letters = make_letters(base / "in", args.count, args.seed)
        project = load_project(builder.config)
        start = time.perf_counter()
        run = import_letters(letters, project, today=TODAY)
        elapsed = time.perf_counter() - start
    imported = run.count(IMPORTED)
    kinds = {ext: sum(p.suffix == ext for p in letters) for ext in (".txt", ".pdf", ".docx")}
    print(f"imported {imported} of {len(letters)} letters ({kinds}) in {elapsed:.1f} s ({elapsed / len(letters) * 1000:.0f} ms per letter)")
    failed = [r for r in run.results if r.status != IMPORTED]
    for r in failed[:5]:
        print(f"  {r.path.name}: {r.status}: {r.message}")
    return 0 if imported == len(letters) and elapsed < 120 else 1


if __name__ == "__main__":
    sys.exit(main())
