"""What a scan found: its own module, because the leak gate and the post-build sweep both return one.

(In :mod:`foilog.gate.leakgate` it made the gate and the sweep import each other.)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from foilog.gate.attachments import AttachmentReport
from foilog.log.findings import Finding


@dataclass
class ScanResult:
    """Findings of a scan, how many files it read, and the attachments' reports."""

    files_scanned: int = 0
    findings: list[Finding] = field(default_factory=list)
    #: Reports by display path: the site shows their facts, search indexes their text.
    attachments: dict[str, AttachmentReport] = field(default_factory=dict)

    def add(self, findings: Iterable[Finding]) -> None:
        self.files_scanned += 1
        self.findings.extend(findings)
