"""The curated list of idioms and word senses machine translation renders literally
(resources/idioms.toml; its header documents the format)."""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class Phrase:
    english: re.Pattern[str]
    kind: str  # "idiom" or "sense"
    meaning: str
    korean: str
    traps: tuple[re.Pattern[str], ...]


def parse_phrases(text: str) -> tuple[Phrase, ...]:
    data = tomllib.loads(text)
    return tuple(
        Phrase(
            re.compile(r"\b(?:" + entry["english"] + r")\b", re.IGNORECASE),
            entry["kind"],
            entry["meaning"],
            entry["korean"],
            tuple(re.compile(trap) for trap in entry["traps"]),
        )
        for entry in data["phrase"]
    )


@functools.cache
def phrases() -> tuple[Phrase, ...]:
    source = resources.files("cxeditor.resources") / "idioms.toml"
    return parse_phrases(source.read_text(encoding="utf-8"))


@functools.cache
def english_prefilter() -> re.Pattern[str]:
    """Any phrase's English, in one pattern: most segments have none."""
    return re.compile("|".join(f"(?:{p.english.pattern})" for p in phrases()), re.IGNORECASE)
