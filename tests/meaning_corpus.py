"""Score QA's meaning suspects against the annotated corpus in tests/data/qa-corpus/.

Issue 23's measure: per kind of meaning error, how many the gold files list, how many
a meaning check flags (offline, with the English source), and how many suspects the
same checks raise on the clean translations (any severity: a suspect is a suspect).
Bar: >= 50% of the meaning errors flagged, at most one false suspect per 20 clean
segments.

The meaning articles (MEANING_ARTICLES) carry meaning errors only; the token-damage
articles of issue 18 (qa_corpus.ARTICLES) add their one meaning error and their clean
translations. Run as a script it prints the scores as JSON, so bench/bench_meaning.py
can score an older cxeditor (its number-mismatch and length-ratio were all it had).
Only Finding's contract fields are read.
"""

from __future__ import annotations

import json
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from qa_corpus import (
    ARTICLES,
    GoldDefect,
    _gold,
    _make_project,
    _segments,
)

MEANING_ARTICLES = ("cxtweetchat-discounts", "socialchat-voice")
# Written after the checks were tuned on the others, and not used to tune them since:
# its figures say how the checks do on text they have not seen.
HELD_OUT = ("hrchat-onboarding",)
TUNED = MEANING_ARTICLES + ARTICLES
# Which checks flag each kind (number-mismatch and length-ratio are older checks that
# also see a changed number or a dropped clause).
MEANING_KIND_CHECKS: dict[str, frozenset[str]] = {
    "negation": frozenset({"negation-parity"}),
    "comparison": frozenset({"comparison-direction"}),
    "idiom": frozenset({"literal-idiom"}),
    "omission": frozenset({"omission", "named-thing", "number-mismatch", "length-ratio"}),
    "named-thing": frozenset({"named-thing"}),
    "number-unit": frozenset({"amount-unit", "number-mismatch"}),
}
SUSPECT_CHECKS = frozenset().union(*MEANING_KIND_CHECKS.values())
# issue 18's corpus calls every meaning error "meaning": any meaning check may flag it
MEANING_KIND_CHECKS["meaning"] = SUSPECT_CHECKS


@dataclass
class KindFigures:
    gold: int = 0
    found: int = 0
    clean_false: int = 0  # suspects of this kind's checks on the clean translations


@dataclass
class MeaningScore:
    kinds: dict[str, KindFigures] = field(default_factory=dict)
    clean_segments: int = 0
    clean_false: int = 0
    mt_unmatched: int = 0  # suspects on the machine translations that match no gold error
    missed: list[str] = field(default_factory=list)
    false_suspects: list[str] = field(default_factory=list)

    def kind(self, name: str) -> KindFigures:
        return self.kinds.setdefault(name, KindFigures())

    def to_json(self) -> dict[str, Any]:
        return {
            "kinds": {name: vars(figures) for name, figures in sorted(self.kinds.items())},
            "clean_segments": self.clean_segments,
            "clean_false": self.clean_false,
            "mt_unmatched": self.mt_unmatched,
            "missed": self.missed,
            "false_suspects": self.false_suspects,
        }


def _matches(finding: Any, gold: GoldDefect) -> bool:
    if finding.segment != gold.segment:
        return False
    if finding.check not in MEANING_KIND_CHECKS[gold.kind]:
        return False
    if gold.whole_segment or finding.start == finding.end:
        return True
    return finding.start < gold.end and gold.start < finding.end


_KIND_OF_CHECK = {
    "negation-parity": "negation",
    "comparison-direction": "comparison",
    "literal-idiom": "idiom",
    "omission": "omission",
    "length-ratio": "omission",
    "named-thing": "named-thing",
    "amount-unit": "number-unit",
    "number-mismatch": "number-unit",
}


def _kind_of(check: str) -> str:
    return _KIND_OF_CHECK.get(check, check)


def score_meaning(folder: Path, articles: tuple[str, ...]) -> MeaningScore:
    from cxeditor.qa.runner import run_qa  # noqa: PLC0415 - the cxeditor under test

    score = MeaningScore()
    for name in articles:
        article, segments = _segments(_make_project(folder, name, "ko-mt.txt", aligned=True))
        findings = [f for f in run_qa(article) if f.check in SUSPECT_CHECKS]
        matched: set[int] = set()
        for gold in _gold(name, segments):
            if gold.kind not in MEANING_KIND_CHECKS:
                continue  # a token defect: issue 18's scorer
            figures = score.kind(gold.kind)
            figures.gold += 1
            hits = [f for f in findings if _matches(f, gold)]
            matched.update(id(f) for f in hits)
            if hits:
                figures.found += 1
            else:
                text = gold.target[gold.start : gold.end]
                score.missed.append(f"{name} {gold.kind}: {text!r}")
        score.mt_unmatched += sum(id(f) not in matched for f in findings)
        clean, clean_segments = _segments(_make_project(folder, name, "ko.txt", aligned=True))
        clean_targets = dict(clean_segments)
        score.clean_segments += sum(
            1 for s in clean.segments() if s.source.strip() and s.target.strip()
        )
        for finding in run_qa(clean):
            if finding.check not in SUSPECT_CHECKS:
                continue
            score.clean_false += 1
            score.kind(_kind_of(finding.check)).clean_false += 1
            text = clean_targets[finding.segment][finding.start : finding.end] or finding.message
            score.false_suspects.append(f"{name} clean {finding.check}: {text!r}")
    return score


def score_corpus() -> dict[str, MeaningScore]:
    """Scores of the articles the checks were tuned on, of the held-out one, and of all."""
    parts = {"tuned": TUNED, "held_out": HELD_OUT, "all": TUNED + HELD_OUT}
    with tempfile.TemporaryDirectory() as folder:
        scores = {}
        for part, articles in parts.items():
            (Path(folder) / part).mkdir()
            scores[part] = score_meaning(Path(folder) / part, articles)
        return scores


if __name__ == "__main__":
    scores = {part: score.to_json() for part, score in score_corpus().items()}
    print(json.dumps(scores, ensure_ascii=False))
    sys.exit(0)
