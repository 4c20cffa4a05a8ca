"""Benchmark the personal-data text scan over 10,000 synthetic response letters.

The target (issue 4) is 10,000 typical (~6 KB) responses in under 15 seconds
on a 2-core machine.  Letters are generated deterministically from a fixed
seed so runs are comparable; they mix clean boilerplate with the things the
scanner must find (names, e-mails, phones, NI numbers) and the things it must
not (FOI references, statute sections, dates, money, the ICO's details).

Two more figures (issue 15): ``--csv MB`` scans one CSV export of that many
megabytes dense with telephone-like numbers (call logs: mobiles, landlines,
``+44`` forms, dates, amounts and long record ids) and prints the seconds;
``--letter-kb KB`` scans one realistic letter of that size (a long response
with tables, references and the regulators' details) and prints the median
milliseconds.

Usage: python bench/bench_textscan.py [--count N] [--seed S] [--csv MB] [--letter-kb KB]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from foilog.gate.textscan import TextScanConfig, compile_config, scan_text

FIRST = ["Alex", "Sam", "Jo", "Priya", "Tomasz", "Aoife", "Kwame", "Morag", "Dylan", "Zoë"]
LAST = ["Exampleton", "Testerson", "Fakeley", "Sampleford", "Dummett", "Mockridge", "O'Placeholder"]
PARAGRAPHS = [
    "I write in connection with your request for information which was received on {date}. "
    "Your request has been considered under the Freedom of Information Act 2000 (the Act).",
    "The information you requested is held by the Council. In the financial year 2022/23 the total "
    "spent on agency staff was {money}, compared with {money} in 2021/22.",
    "Some of the information is exempt under Section 40(2) of the Act because it is the personal data "
    "of third parties, and under section 43(2) because disclosure would prejudice commercial interests.",
    "In applying the exemption at s.31(1)(a) we considered the public interest test. There is a public "
    "interest in transparency and accountability, and in understanding how public money is spent.",
    "Environmental information is handled under the Environmental Information Regulations 2004 and "
    "regulation 12(5)(b) applies to part of your request, reference EIR/2023/{n}.",
    "Table 1 shows the number of incidents by month: January 14, February 9, March 22, April 17, May 11, "
    "June 8, July 19, August 23, September 12, October 15, November 10, December 7.",
    "We have searched the records held by the Planning, Highways and Housing departments. The searches "
    "covered paper files, the document management system and e-mail archives from 2015 to 2023.",
    "Please note that the figures for 2023 are provisional and may change once the annual audit is "
    "complete. Figures are rounded to the nearest 10 to protect the identity of individuals.",
    "If you would like to re-use the information, please contact us at foi@borsetshire.example.gov.uk "
    "or write to Information Governance, PO Box 999, Borchester BC1 1AA.",
]
ICO = (
    "If you are not satisfied with the outcome of the review you may apply to the Information "
    "Commissioner:\n\nInformation Commissioner's Office\nWycliffe House\nWater Lane\nWilmslow\nCheshire\n"
    "SK9 5AF\nTelephone: 0303 123 1113\nWebsite: www.ico.org.uk\n"
)
LEAKS = [
    "Please contact me directly on 07123 456{n:03d} if you have any questions.",
    "Your e-mail from {first}.{last}@example.com has been logged.",
    "National Insurance number: AB {n:02d} 34 56 C",
    "The complainant lives at {n} Acacia Avenue, Ambridge, BC1 2DE.",
    "Direct line: 020 7946 0{n:03d}",
    "The vehicle registration was AB12 CDE.",
]


def letter(rng: random.Random, i: int) -> str:
    """One synthetic response letter of roughly 6 KB."""
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    date = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/20{rng.randint(15, 24)}"
    parts = [
        "Information Governance\nBorsetshire County Council\nCounty Hall\nBorchester\nBC1 1AA\n",
        f"Our ref: FOI/20{rng.randint(15, 24)}/{i:04d}\nDate: {date}\n",
        f"Dear {rng.choice(['Mr', 'Ms', 'Dr', ''])} {name}".replace("  ", " ") + "\n",
        "Freedom of Information Act 2000 - Request for information\n",
    ]
    while sum(len(p) for p in parts) < 5700:
        para = rng.choice(PARAGRAPHS).format(
            date=date, money=f"£{rng.randint(1, 999)},{rng.randint(100, 999)}.{rng.randint(10, 99)}", n=i % 100
        )
        if rng.random() < 0.08:
            leak = rng.choice(LEAKS).format(n=i % 100, first=FIRST[i % 5].lower(), last=LAST[i % 6].lower())
            para += " " + leak
        parts.append(para + "\n")
    parts.append(ICO)
    parts.append(f"Yours sincerely\n\n{rng.choice(FIRST)} {rng.choice(LAST)}\nInformation Governance Officer\n")
    return "\n".join(parts)


def phone_csv(rng: random.Random, size: int) -> str:
    """A call-log CSV export of about ``size`` bytes, dense with telephone-like numbers (all fictional)."""
    rows = ["record_id,call_date,caller,callee,duration_s,cost_gbp,case_ref\n"]
    total = len(rows[0])
    formats = (
        lambda: f"07700 900{rng.randint(0, 999):03d}",
        lambda: f"0{rng.choice(['7700', '7911', '7458'])}{rng.randint(100000, 999999)}",
        lambda: f"020 7946 0{rng.randint(0, 999):03d}",
        lambda: f"0113 496 0{rng.randint(0, 999):03d}",
        lambda: f"+44 (0)161 496 0{rng.randint(0, 999):03d}",
        lambda: f"+44 7700 900{rng.randint(0, 999):03d}",
        lambda: "0800 123 4567",
        lambda: "0303 123 1113",
    )
    i = 0
    while total < size:
        i += 1
        row = (
            f"{rng.randint(10**14, 10**15 - 1)},{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/20{rng.randint(15, 24)},"
            f"{rng.choice(formats)()},{rng.choice(formats)()},{rng.randint(1, 3600)},{rng.randint(0, 99)}.{rng.randint(0, 99):02d},"
            f"FOI/{rng.randint(15, 24)}/{i:06d}\n"
        )
        rows.append(row)
        total += len(row)
    return "".join(rows)


def long_letter(rng: random.Random, size: int) -> str:
    """A realistic long response letter of about ``size`` bytes (several letters' paragraphs joined)."""
    parts = [letter(rng, 1)]
    i = 2
    while sum(len(p) for p in parts) < size:
        body = letter(rng, i).split("Freedom of Information Act 2000 - Request for information\n", 1)[1]
        parts.append(body.split("If you are not satisfied", 1)[0])
        i += 1
    return "\n".join(parts)[:size]


def bench_csv(megabytes: float, seed: int) -> None:
    """Scan one generated CSV of ``megabytes`` MB dense with phone-like numbers; print the seconds."""
    text = phone_csv(random.Random(seed), int(megabytes * 1048576))
    config = compile_config(TextScanConfig())
    scan_text("warm-up 07700 900123", path="warm-up", config=config)
    start = time.perf_counter()
    findings = scan_text(text, path="calls.csv", config=config)
    elapsed = time.perf_counter() - start
    print(f"phone CSV:      {len(text.encode()) / 1048576:.2f} MB, {text.count(chr(10))} rows, {len(findings)} findings")
    print(f"scan time:      {elapsed:.2f} s")


def bench_long_letter(kilobytes: int, seed: int, runs: int = 50) -> None:
    """Scan one realistic letter of ``kilobytes`` KB ``runs`` times; print the median milliseconds."""
    text = long_letter(random.Random(seed), kilobytes * 1024)
    config = compile_config(TextScanConfig())
    scan_text(text, path="warm-up", config=config)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        findings = scan_text(text, path="letter.txt", config=config)
        times.append(time.perf_counter() - start)
    times.sort()
    print(f"long letter:    {len(text.encode()) / 1024:.1f} KB, {len(findings)} findings")
    print(f"scan time:      {times[len(times) // 2] * 1000:.2f} ms (median of {runs})")


def main() -> None:
    """Generate the letters, scan them all, print the throughput."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20240604)
    parser.add_argument("--csv", type=float, default=None, metavar="MB", help="scan a phone-dense CSV of this size instead")
    parser.add_argument("--letter-kb", type=int, default=None, metavar="KB", help="scan one letter of this size instead")
    args = parser.parse_args()
    if args.csv is not None:
        bench_csv(args.csv, args.seed)
        return
    if args.letter_kb is not None:
        bench_long_letter(args.letter_kb, args.seed)
        return
    rng = random.Random(args.seed)
    letters = [letter(rng, i) for i in range(args.count)]
    total_bytes = sum(len(t.encode("utf-8")) for t in letters)
    config = compile_config(TextScanConfig())
    scan_text("warm-up Dear Jane", path="warm-up", config=config)
    start = time.perf_counter()
    findings = 0
    for i, text in enumerate(letters):
        findings += len(scan_text(text, path=f"responses/{i}.txt", config=config))
    elapsed = time.perf_counter() - start
    print(f"letters:        {args.count} (average {total_bytes / args.count / 1024:.1f} KB)")
    print(f"findings:       {findings}")
    print(f"total time:     {elapsed:.2f} s")
    print(f"throughput:     {args.count / elapsed:,.0f} files/s ({total_bytes / elapsed / 1048576:.1f} MB/s)")


if __name__ == "__main__":
    main()
