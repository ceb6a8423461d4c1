"""The "second look": segments ranked by how likely their meaning drifted, so a
reviewer reads the top tenth first.

A segment's score is the weight of its meaning suspects (a flipped negation or
comparison, an amount changed, weigh most; an info remark half). A second suspect of
the same check in one segment adds half its weight: one misread sentence often trips
a check twice. Token and Korean-form findings do not count: they are repairs, not
questions of meaning.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from cxeditor.i18n import N_
from cxeditor.qa.base import Finding, Severity

WEIGHTS: dict[str, float] = {
    "negation-parity": 3.0,
    "comparison-direction": 3.0,
    "amount-unit": 3.0,
    "number-mismatch": 3.0,
    "omission": 2.0,
    "named-thing": 2.0,
    "literal-idiom": 2.0,
    "length-ratio": 1.0,
    "english-left": 1.0,
    # the second opinion: engines that agree among themselves, or a model's judgement
    "second-opinion": 3.0,
    "model-judgement": 3.0,
}
TOP_SHARE = 0.10  # the share of the article's segments a reviewer reads first
REASONS = {  # short names of the suspects, as the view lists them
    "negation-parity": N_("negation"),
    "comparison-direction": N_("comparison"),
    "amount-unit": N_("amount"),
    "number-mismatch": N_("number"),
    "omission": N_("omission"),
    "named-thing": N_("name"),
    "literal-idiom": N_("idiom"),
    "length-ratio": N_("length"),
    "english-left": N_("English left"),
    "second-opinion": N_("engines disagree"),
    "model-judgement": N_("model"),
}


@dataclass
class SegmentRank:
    segment: int
    score: float
    rank: int = 0  # 1: read first
    top: bool = False  # among the top tenth of the article's segments
    checks: list[str] = field(default_factory=list)  # the suspects, heaviest first

    def to_json(self) -> dict[str, Any]:
        return {
            "segment": self.segment,
            "score": self.score,
            "rank": self.rank,
            "top": self.top,
            "checks": self.checks,
        }


def rank_segments(findings: Iterable[Finding], segments: int) -> list[SegmentRank]:
    """Segments with at least one meaning suspect, highest score first (article order
    among equals). `segments`: how many the article has, for the top tenth."""
    scores: dict[int, float] = {}
    seen: dict[int, dict[str, float]] = {}
    for finding in findings:
        weight = WEIGHTS.get(finding.check)
        if weight is None:
            continue
        if finding.severity is Severity.INFO:
            weight /= 2
        checks = seen.setdefault(finding.segment, {})
        if finding.check in checks:
            weight /= 2
        checks[finding.check] = checks.get(finding.check, 0.0) + weight
        scores[finding.segment] = scores.get(finding.segment, 0.0) + weight
    order = sorted(scores, key=lambda segment: -scores[segment])  # stable: article order
    top = max(1, math.ceil(segments * TOP_SHARE)) if segments else 0
    ranks = []
    for position, segment in enumerate(order, 1):
        weights = seen[segment]
        heaviest = sorted(weights, key=lambda check: -weights[check])
        ranks.append(
            SegmentRank(segment, round(scores[segment], 2), position, position <= top, heaviest)
        )
    return ranks


def ranking_fields(ranks: list[SegmentRank]) -> dict[int, dict[str, Any]]:
    """Per segment, the fields `qa --json` adds to each of its findings."""
    return {
        rank.segment: {
            "second_look_rank": rank.rank,
            "second_look_score": rank.score,
            "second_look_top": rank.top,
        }
        for rank in ranks
    }


NO_RANK: dict[str, Any] = {
    "second_look_rank": None,
    "second_look_score": 0.0,
    "second_look_top": False,
}
