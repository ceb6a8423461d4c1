"""Twitter's own conformance suite for entity extraction, every case of every section.

tests/data/twitter-text/extract.yml is vendored from twitter-text (Apache-2.0; see
LICENSE and SOURCE beside it). Indices in the suite count code points, as Python does.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from cxeditor.text import entities

SUITE = Path(__file__).resolve().parent / "data" / "twitter-text" / "extract.yml"


def _with_indices(
    key: str, function: Callable[[str], list[entities.Entity]]
) -> Callable[[str], list[dict[str, Any]]]:
    def run(text: str) -> list[dict[str, Any]]:
        return [{key: e.value, "indices": [e.start, e.end]} for e in function(text)]

    return run


def _mentions_or_lists(text: str) -> list[dict[str, Any]]:
    return [
        {"screen_name": e.value, "list_slug": e.list_slug or "", "indices": [e.start, e.end]}
        for e in entities.extract_mentions_or_lists_with_indices(text)
    ]


ADAPTERS: dict[str, Callable[[str], Any]] = {
    "mentions": entities.extract_mentions,
    "mentions_with_indices": _with_indices("screen_name", entities.extract_mentions_with_indices),
    "mentions_or_lists_with_indices": _mentions_or_lists,
    "replies": entities.extract_reply_screen_name,
    "urls": entities.extract_urls,
    "urls_with_indices": lambda text: [
        {"url": e.text, "indices": [e.start, e.end]}
        for e in entities.extract_urls_with_indices(text)
    ],
    "urls_with_directional_markers": lambda text: [
        {"url": e.text, "indices": [e.start, e.end]}
        for e in entities.extract_urls_with_indices(text)
    ],
    "tco_urls_with_params": entities.extract_urls,
    "hashtags": entities.extract_hashtags,
    "hashtags_from_astral": entities.extract_hashtags,
    "hashtags_with_indices": _with_indices("hashtag", entities.extract_hashtags_with_indices),
    "cashtags": entities.extract_cashtags,
    "cashtags_with_indices": _with_indices("cashtag", entities.extract_cashtags_with_indices),
}


def load_cases() -> list[Any]:
    if not SUITE.exists():
        raise FileNotFoundError(f"the conformance suite is missing: {SUITE}")
    sections = yaml.safe_load(SUITE.read_text(encoding="utf-8"))["tests"]
    missing = set(sections) - set(ADAPTERS)
    if missing:
        raise AssertionError(f"sections without an adapter: {sorted(missing)}")
    cases = []
    for section, items in sections.items():
        if not items:
            raise AssertionError(f"section {section} has no cases")
        cases.extend(
            pytest.param(section, case, id=f"{section}: {case['description']}") for case in items
        )
    return cases


CASES = load_cases()


def test_suite_is_complete() -> None:
    """Guards against a silently shrinking suite (the file has 13 sections)."""
    assert len(CASES) >= 230
    assert len({case.values[0] for case in CASES}) == 13


@pytest.mark.parametrize(("section", "case"), CASES)
def test_conformance(section: str, case: dict[str, Any]) -> None:
    assert ADAPTERS[section](case["text"]) == case["expected"]
