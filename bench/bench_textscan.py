"""Benchmark the personal-data text scan over 10,000 synthetic response letters.

The target (issue 4) is 10,000 typical (~6 KB) responses in under 15 seconds
on a 2-core machine.  Letters are generated deterministically from a fixed
seed so runs are comparable; they mix clean boilerplate with the things the
scanner must find (names, e-mails, phones, NI numbers) and the things it must
not (FOI references, statute sections, dates, money, the ICO's details).

Usage: python bench/bench_textscan.py [--count N] [--seed S]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from foilog.textscan import TextScanConfig, compile_config, scan_text

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


def main() -> None:
    """Generate the letters, scan them all, print the throughput."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20240604)
    args = parser.parse_args()
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
