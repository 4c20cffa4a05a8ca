"""The deny list, matched with an automaton: same meaning as before, cost independent of its size."""

from __future__ import annotations

import pickle
import random
import statistics
import time

import pytest

from foilog.gate.textscan import TextScanConfig, compile_config, scan_text
from foilog.gate.textscan.denylist import DenyMatcher


def found(text: str, *names: str) -> list[str | None]:
    return [f.excerpt for f in scan_text(text, path="t", config=TextScanConfig(deny_list=names)) if f.rule == "deny-list"]


def test_case_whitespace_and_whole_words() -> None:
    text = "Met TOMASZ\n  fakeley and Zoë; not Zoe, Fakeleyson or Tomasz alone."
    assert found(text, "Tomasz  Fakeley", "Zoë") == ["T***** f******", "Z**"]


def test_longest_then_leftmost() -> None:
    assert found("Jane Hartley wrote.", "Jane", "Jane Hartley") == ["J*** H******"]
    assert found("Hartley Jane Hartley", "Hartley Jane", "Jane Hartley") == ["H****** J***"]


def test_compatibility_normalisation_and_line_numbers() -> None:
    config = TextScanConfig(deny_list=("Jane Hartley",))
    text = "Intro\n\n\nWe wrote to ＪＡＮＥ\u200b  \n\tHartley today.\n"
    (finding,) = scan_text(text, path="t", config=config)
    assert (finding.rule, finding.line, finding.excerpt) == ("deny-list", 4, "J*** H******")  # excerpts show the normalised text


def test_boundaries_use_word_characters() -> None:
    assert found("x_Jane Hartley and Jane Hartley2 and (Jane Hartley).", "Jane Hartley") == ["J*** H******"]


def test_matcher_is_built_once_per_config_and_never_pickled() -> None:
    config = TextScanConfig(deny_list=("Jane Hartley",))
    assert compile_config(config).deny is compile_config(config).deny
    with pytest.raises(TypeError, match="never pickled"):
        pickle.dumps(compile_config(config))


def test_scan_cache_fingerprint_keeps_only_a_hash() -> None:
    from foilog.gate import scancache

    config = TextScanConfig(deny_list=("Jane Hartley", "Oliver Pendleton"))
    compile_config(config)
    digest = scancache.fingerprint(config)
    assert digest is not None and digest != scancache.fingerprint(TextScanConfig(deny_list=("Jane Hartley",)))


def _names(count: int) -> tuple[str, ...]:
    rng = random.Random(3)
    syllables = ["ab", "bel", "cor", "dun", "fen", "gar", "hol", "kin", "lor", "mer", "nol", "pen", "ros", "tor", "wen"]
    names: set[str] = set()
    while len(names) < count:
        names.add(
            "".join(rng.choice(syllables) for _ in range(3)).capitalize()
            + " "
            + "".join(rng.choice(syllables) for _ in range(3)).capitalize()
        )
    return tuple(sorted(names))


def _median_ms(text: str, config: TextScanConfig) -> float:
    compiled = compile_config(config)
    scan_text(text, path="t", config=compiled)
    times = []
    for _ in range(15):
        start = time.perf_counter()
        scan_text(text, path="t", config=compiled)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def test_twenty_thousand_names_cost_about_what_twenty_do() -> None:
    names = _names(20_000)
    text = ("We received your request and searched the records held by the Council. " * 80)[:6000] + "\n" + names[12345] + "\n"
    small = _median_ms(text, TextScanConfig(deny_list=names[:20]))
    large = _median_ms(text, TextScanConfig(deny_list=names))
    assert len(found(text, *names)) == 1
    assert large < max(5 * small, 10.0), f"20,000 names: {large:.2f} ms; 20 names: {small:.2f} ms"


def test_matcher_spans_directly() -> None:
    matcher = DenyMatcher(["Jane Hartley", "  ", "Oliver"])
    assert matcher.size == 2
    assert matcher.spans("Oliver met jane\n\nhartley.") == [(0, 6), (11, 24)]
