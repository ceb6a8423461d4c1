"""The n-gram index narrows fuzzy lookups without losing the matches that matter."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest
from rapidfuzz import fuzz, process

from cxeditor.mt.protect import mask
from cxeditor.tm.index import NgramIndex, index_keys
from cxeditor.tm.memory import SqliteMemory, TmUnit

_SUBJECTS = ["Our team", "The brand", "Every customer", "Support", "The community", "Marketing"]
_VERBS = ["answered", "shared", "reviewed", "celebrated", "measured", "improved"]
_OBJECTS = [
    "the questions about loyalty",
    "feedback from the chat",
    "every reply within an hour",
    "the journey map for new users",
    "a survey on trust and speed",
    "the results of #CXTweetChat",
]
_TAILS = ["last Thursday.", "with @SAP_CX.", "during the chat.", "on October 25, 2019.", "."]


_AFTER = [
    "It went well.",
    "Nobody expected that.",
    "We will do it again.",
    "Thanks, everyone!",
    "More next week.",
    "The replies were candid.",
    "Some answers surprised us.",
    "Read the recap below.",
]


def _sentences(count: int, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    found: dict[str, None] = {}
    while len(found) < count:
        found[
            f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} "
            f"{rng.choice(_TAILS)} {rng.choice(_AFTER)} {rng.choice(_AFTER)}"
        ] = None
    return list(found)


def test_keys_are_words_and_word_pairs() -> None:
    assert index_keys("Thanks for joining [T1]") == {
        "thanks",
        "for",
        "joining",
        "t1",
        "thanks for",
        "for joining",
        "joining t1",
    }
    assert index_keys("감사합니다 여러분") == {"감사합니다", "여러분", "감사합니다 여러분"}


def test_candidates_share_the_most_keys_first() -> None:
    index = NgramIndex(["a b c d", "x y z w", "a b c z"])
    assert index.candidates("a b c d e", 2) == [0, 2]
    assert index.candidates("nothing here at all", 5) is None


def test_words_in_most_units_still_count() -> None:
    """A chat series' hashtag and labels are in every unit: such keys are one bit per
    unit rather than a list of every unit, and rank the same."""
    texts = [f"Q{n % 9} reply {n} about the chat #CXTweetChat" for n in range(3000)]
    texts.append("Q1 the answers were candid and a few were surprising #CXTweetChat")
    index = NgramIndex(texts)
    assert [(index.candidates(text, 50) or [])[0] for text in texts[:3]] == [0, 1, 2]
    index.compact()  # (as saving does) chooses the frequent keys
    assert [(index.candidates(text, 50) or [])[0] for text in texts[:3]] == [0, 1, 2]
    # Shares the rarer words with the last text, and the frequent ones with all.
    assert index.candidates("Q1 the answers were candid #CXTweetChat", 5)[0] == 3000
    # Shares frequent keys only: every unit may be a match, none is left out.
    only_frequent = index.candidates("the chat #CXTweetChat", 10_000)
    assert only_frequent is not None
    assert len(only_frequent) == len(texts)
    # Added later (indexed in memory with the masks chosen before), then folded in.
    index.extend(["Q1 the answers were candid, and few were surprising #CXTweetChat"])
    assert set(index.candidates("Q1 the answers were candid #CXTweetChat", 2) or []) == {
        3000,
        3001,
    }
    again = NgramIndex.from_blobs(index.to_blobs())
    assert again.candidates("Q1 the answers were candid #CXTweetChat", 2) == index.candidates(
        "Q1 the answers were candid #CXTweetChat", 2
    )


def test_an_index_saved_in_another_layout_is_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "tm.sqlite"
    with SqliteMemory(path) as memory:
        memory.add([TmUnit("Thanks to everyone who joined the chat today.", "감사합니다.")])
    connection = sqlite3.connect(path)
    with connection:  # as an earlier version saved it: no format, other parts
        connection.execute("INSERT INTO fuzzy_index VALUES ('offsets', x'00')")
    connection.close()
    with SqliteMemory(path) as memory:
        found = memory.lookup("Thanks to everyone who joined the chat!")
        assert found[0].unit.source == "Thanks to everyone who joined the chat today."


def test_saved_index_reads_back_and_takes_later_units(tmp_path: Path) -> None:
    """The index is saved in the memory file; a later process reads it and indexes the
    units added since (by anyone) before answering."""
    path = tmp_path / "tm.sqlite"
    sources = _sentences(12_000)
    memory = SqliteMemory(path)
    memory.add(TmUnit(source, f"번역: {source}") for source in sources)  # big: index saved
    memory.close()
    late = "A sentence added later by another process, about #LocChat."
    other = SqliteMemory(path)
    other.add([TmUnit(late, "나중에 추가된 문장")])
    other.close()
    again = SqliteMemory(path)
    assert again.lookup(late.replace("later", "afterwards"))[0].unit.source == late
    query = sources[7].replace("answered", "shared", 1)
    assert sources[7] in {m.unit.source for m in again.lookup(query)}
    again.close()


def test_schema_1_memory_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    connection = sqlite3.connect(path)
    connection.executescript(
        """
        CREATE TABLE units (id INTEGER PRIMARY KEY, source TEXT NOT NULL, target TEXT NOT NULL,
            source_lang TEXT NOT NULL, target_lang TEXT NOT NULL, masked TEXT NOT NULL,
            previous TEXT NOT NULL DEFAULT '', next TEXT NOT NULL DEFAULT '',
            origin TEXT NOT NULL DEFAULT '', created TEXT NOT NULL,
            UNIQUE (source, target, source_lang, target_lang));
        CREATE VIRTUAL TABLE units_fts USING fts5(source, target, content='units',
            content_rowid='id', tokenize='trigram');
        INSERT INTO units VALUES (1, 'Thanks, everyone!', '감사합니다!', 'en', 'ko',
            'Thanks, everyone!', '', '', 'old.tmx', '2023-01-01T00:00:00+00:00');
        """
    )
    connection.commit()
    connection.close()
    memory = SqliteMemory(path)
    (unit,) = memory.units()
    assert (unit.target, unit.origin, unit.created) == (
        "감사합니다!",
        "old.tmx",
        "2023-01-01T00:00:00+00:00",
    )
    assert memory.lookup("Thanks, everyone!")[0].kind == "exact"
    assert memory.concordance("every")[0].source == "Thanks, everyone!"
    memory.close()


@pytest.mark.parametrize("threshold", [70, 80])
def test_lookup_finds_what_a_full_scan_finds(threshold: int) -> None:
    sources = _sentences(1500)
    with SqliteMemory() as memory:
        _compare_with_a_full_scan(memory, sources, threshold)


def _compare_with_a_full_scan(memory: SqliteMemory, sources: list[str], threshold: int) -> None:
    memory.add(TmUnit(source, f"번역: {source}") for source in sources)
    masked = [mask(source).text for source in sources]
    rng = random.Random(5)
    for source in rng.sample(sources, 40):
        query = source.replace(rng.choice(_VERBS), rng.choice(_VERBS), 1)
        found = memory.lookup(query, limit=5, threshold=threshold)
        ours = {match.unit.source for match in found}
        best = process.extract(
            mask(query).text, masked, scorer=fuzz.ratio, limit=5, score_cutoff=threshold
        )
        # Scores are shown rounded; ties at the fifth place may fall either way.
        cut = round(best[-1][1]) if len(best) == 5 else 0
        wanted = {sources[index] for _text, score, index in best if round(score) > cut}
        assert wanted <= ours, query


def test_units_added_after_a_lookup_are_found() -> None:
    with SqliteMemory() as memory:
        _add_after_lookup(memory)


def _add_after_lookup(memory: SqliteMemory) -> None:
    memory.add([TmUnit("Thanks to everyone who joined the chat today.", "오늘 채팅에 감사합니다.")])
    assert memory.lookup("Thanks to everyone who joined the chat today!")  # builds the index
    memory.add(
        [TmUnit("Our next #LocChat is on Thursday at noon.", "다음 #LocChat은 목요일 정오입니다.")]
    )
    found = memory.lookup("Our next #LocChat is on Friday at noon.")
    assert found
    assert found[0].unit.source == "Our next #LocChat is on Thursday at noon."
    assert found[0].target == "다음 #LocChat은 목요일 정오입니다."
