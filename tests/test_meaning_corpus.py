"""Issue 23's bar on the annotated corpus (tests/data/qa-corpus/): at least half of the
meaning errors flagged offline, at most one false suspect per 20 clean segments."""

from __future__ import annotations

import pytest
from meaning_corpus import MEANING_KIND_CHECKS, MeaningScore, score_corpus  # type: ignore[import-not-found]


@pytest.fixture(scope="module")
def scores() -> dict[str, MeaningScore]:
    return score_corpus()


@pytest.fixture(scope="module")
def score(scores: dict[str, MeaningScore]) -> MeaningScore:
    return scores["all"]


def test_the_bar(score: MeaningScore) -> None:
    gold = sum(figures.gold for figures in score.kinds.values())
    found = sum(figures.found for figures in score.kinds.values())
    assert gold >= 30  # the corpus itself is all there
    assert found >= 0.5 * gold, score.missed
    assert score.clean_segments >= 60
    assert score.clean_false * 20 <= score.clean_segments, score.false_suspects


def test_every_kind_is_in_the_corpus_and_flagged_at_least_once(score: MeaningScore) -> None:
    for kind in MEANING_KIND_CHECKS:
        assert score.kinds[kind].gold >= 1, kind
        assert score.kinds[kind].found >= 1, (kind, score.missed)


def test_the_held_out_article_meets_the_recall_bar_too(scores: dict[str, MeaningScore]) -> None:
    held_out = scores["held_out"]
    gold = sum(figures.gold for figures in held_out.kinds.values())
    assert sum(figures.found for figures in held_out.kinds.values()) >= 0.5 * gold, held_out.missed
