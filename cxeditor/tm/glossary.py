"""The glossary (termbase): terms to translate one way, or never to translate.

Matching understands Korean particles: in `Twitter를` the kept term `Twitter` is present
(a particle attaches to it), and `Twitter 를` is a spacing error, not a different word.
"""

from __future__ import annotations

import functools
import re
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Self

import platformdirs

from cxeditor.errors import CxError
from cxeditor.i18n import _
from cxeditor.model import Article

# GlossaryEntry lives in the model, below both mt (which reads entries) and tm; it is
# re-exported here, where its callers have always imported it from.
from cxeditor.model import GlossaryEntry as GlossaryEntry  # noqa: PLC0414 - re-export
from cxeditor.text.entities import extract
from cxeditor.text.trie import trie_alternation

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    source TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '',
    dnt INTEGER NOT NULL DEFAULT 0,
    forbidden INTEGER NOT NULL DEFAULT 0,
    case_sensitive INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (source, target)
);
CREATE TABLE IF NOT EXISTS dismissed_proposals (term TEXT PRIMARY KEY);
"""
# A capitalised word that is not the first of its sentence, e.g. "ExampleCorp", "DeepL".
_NAME = re.compile(r"(?<=[a-z,;:] )([A-Z][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9]*|[A-Z][a-z]+[A-Z]\w*)")


@dataclass(frozen=True, slots=True)
class GlossaryHit:
    entry: GlossaryEntry
    start: int  # in the source
    end: int


def glossary_path() -> Path:
    return Path(platformdirs.user_data_dir("cxeditor", "cxeditor")) / "glossary.sqlite"


@functools.lru_cache(maxsize=4096)  # QA and the editor ask for the same terms again and again
def term_pattern(term: str, *, case_sensitive: bool) -> re.Pattern[str]:
    """The term as a word: not inside a longer Latin word, but a Hangul particle may follow."""
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(rf"(?<![A-Za-z0-9_]){re.escape(term)}(?![A-Za-z0-9_])", flags)


def contains_term(text: str, term: str, *, case_sensitive: bool) -> bool:
    return term_pattern(term, case_sensitive=case_sensitive).search(text) is not None


class TermIndex:
    """Which entries' terms a text contains, as substrings in any case: one scan of the
    text instead of a test per entry (QA asks for every segment: 2 million tests with
    100 terms). The exact test (whole word, case) is the caller's."""

    def __init__(self, entries: Sequence[GlossaryEntry]) -> None:
        self._entries = list(entries)
        lowered = [entry.source.lower() for entry in self._entries]
        terms = sorted({term for term in lowered if term})
        # At each position where terms start, the longest of them (a trie's greedy
        # tails); the others there are its prefixes, listed with it below.
        self._starts = re.compile("(?=(" + trie_alternation(terms) + "))") if terms else None
        self._with_prefixes = {
            term: [index for index, other in enumerate(lowered) if term.startswith(other)]
            for term in terms
        }

    def candidates(self, text: str) -> list[GlossaryEntry]:
        """The entries whose term is in `text` in any case, in the glossary's order."""
        if self._starts is None:
            return []
        found = {match.group(1) for match in self._starts.finditer(text.lower())}
        if not found:
            return []
        if len(found) == 1:
            indices = self._with_prefixes[found.pop()]
        else:
            indices = sorted({i for term in found for i in self._with_prefixes[term]})
        return [self._entries[index] for index in indices]


class Glossary:
    def __init__(self, path: Path | str = ":memory:") -> None:
        try:
            if path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            self._connection = sqlite3.connect(str(path), isolation_level=None)
        except (sqlite3.DatabaseError, OSError) as error:
            raise CxError(
                _("{path} is not a usable glossary ({reason})").format(path=path, reason=error)
            ) from error
        try:
            self._connection.executescript(_SCHEMA)
        except sqlite3.DatabaseError as error:
            self._connection.close()
            raise CxError(
                _("{path} is not a usable glossary ({reason})").format(path=path, reason=error)
            ) from error

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def add(self, entries: Iterable[GlossaryEntry]) -> int:
        """Add or update entries in one transaction; returns how many were given."""
        rows = [
            (e.source, e.target, int(e.dnt), int(e.forbidden), int(e.case_sensitive), e.note)
            for e in entries
        ]
        with self._connection:
            self._connection.execute("BEGIN")
            self._connection.executemany(
                "INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?, ?, ?)", rows
            )
        return len(rows)

    def entries(self) -> list[GlossaryEntry]:
        return [
            GlossaryEntry(source, target, bool(dnt), bool(forbidden), bool(case), note)
            for source, target, dnt, forbidden, case, note in self._connection.execute(
                "SELECT * FROM entries ORDER BY source"
            )
        ]

    def hits(self, source: str) -> list[GlossaryHit]:
        """Glossary terms found in a source text, in order."""
        return find_hits(source, self.entries())

    def dismiss_proposal(self, term: str) -> None:
        with self._connection:
            self._connection.execute("BEGIN")
            self._connection.execute(
                "INSERT OR IGNORE INTO dismissed_proposals VALUES (?)", (term,)
            )

    def dismissed(self) -> set[str]:
        return {row[0] for row in self._connection.execute("SELECT term FROM dismissed_proposals")}


def find_hits(source: str, entries: Iterable[GlossaryEntry]) -> list[GlossaryHit]:
    """The entries' terms found in a source text, in order (`Twitter` in `Twitter를`)."""
    found: list[GlossaryHit] = []
    for entry in entries:
        pattern = term_pattern(entry.source, case_sensitive=entry.case_sensitive)
        found.extend(GlossaryHit(entry, m.start(), m.end()) for m in pattern.finditer(source))
    return sorted(found, key=lambda hit: (hit.start, -hit.end))


def propose_terms(article: Article, known: Iterable[str] = ()) -> list[GlossaryEntry]:
    """Do-not-translate proposals from an article: its hashtags, handles, and brand-like
    names that recur (CamelCase or capitalised mid-sentence, at least twice)."""
    seen = {term.lower() for term in known}
    proposals: list[GlossaryEntry] = []

    def propose(term: str, note: str) -> None:
        if term.lower() not in seen:
            seen.add(term.lower())
            proposals.append(GlossaryEntry(term, dnt=True, case_sensitive=True, note=note))

    names: Counter[str] = Counter()
    for segment in article.segments():
        for entity in extract(segment.source):
            if entity.kind == "hashtag":
                propose(entity.text, _("hashtag"))
            elif entity.kind == "mention":
                propose(entity.text, _("mention"))
        names.update(_NAME.findall(segment.source))
    for block in article.tweets():
        if block.tweet is not None:
            propose("@" + block.tweet.handle, _("mention"))
    for name, count in names.most_common():
        if count >= 2:
            propose(name, _("recurring name"))
    return proposals


def iter_terms(entries: Iterable[GlossaryEntry]) -> Iterator[str]:
    """The do-not-translate terms, for MT protection."""
    return (entry.source for entry in entries if entry.dnt)
