"""Personal-data text scanning for the leak gate (issue 4).

Before anything is published, every text (a response letter, a README, a
spreadsheet exported as CSV, the text layer of a PDF page) is scanned for
personal data that should have been redacted.  Each result is a
:class:`foilog.log.findings.Finding` of category ``personal-data`` with a masked
excerpt; see :data:`RULES` for what is detected.

Public API::

    scan_text(text, *, path, config=TextScanConfig(), page=None, line_offset=0, acknowledgements=())
    scan_file_text(path, *, display_path, config=TextScanConfig(), acknowledgements=())
    scan_text_raw(...) / scan_bytes_raw(...) -> list[RawFinding]   # before acknowledgements,
    acknowledge(raw_findings, acknowledgements) -> list[Finding]   # for caches (foilog.gate.scancache)
    compile_config(config) -> CompiledConfig        # validate + compile once (cached)
    load_deny_list(path) -> tuple[str, ...]
    mask_text(text, *, config) -> str               # every hit masked in place, as excerpts are
    RULES: dict[str, RuleInfo]
"""

from __future__ import annotations

from foilog.gate.textscan.config import (
    DEFAULT_CONFIG,
    AllowEntry,
    CompiledConfig,
    CustomRule,
    TextScanConfig,
    compile_config,
    load_deny_list,
)
from foilog.gate.textscan.engine import RawFinding, acknowledge, mask_text, scan_text, scan_text_raw
from foilog.gate.textscan.facts import builtin_texts
from foilog.gate.textscan.files import (
    MAX_TEXT_BYTES,
    TEXT_SUFFIXES,
    decode_entities,
    html_parts_text,
    html_to_text,
    scan_bytes_raw,
    scan_file_text,
    split_html,
    text_mode,
)
from foilog.gate.textscan.rules import CUSTOM_PREFIX, RULES, RuleInfo

__all__ = [
    "CUSTOM_PREFIX",
    "DEFAULT_CONFIG",
    "MAX_TEXT_BYTES",
    "RULES",
    "TEXT_SUFFIXES",
    "AllowEntry",
    "CompiledConfig",
    "CustomRule",
    "RawFinding",
    "RuleInfo",
    "TextScanConfig",
    "acknowledge",
    "builtin_texts",
    "compile_config",
    "decode_entities",
    "html_parts_text",
    "html_to_text",
    "load_deny_list",
    "mask_text",
    "scan_bytes_raw",
    "scan_file_text",
    "scan_text",
    "scan_text_raw",
    "split_html",
    "text_mode",
]
