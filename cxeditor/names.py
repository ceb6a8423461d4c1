"""Tweet authors' names in the Korean article: the project's name policy.

An attribution line is data, never sent to machine translation. The policy decides
how its name is published: `keep` writes it as the source does (Vincenzo Landino),
`transliterate` writes the Korean spelling (빈센조 란디노). Korean spellings come from
the glossary (an entry `Vincenzo Landino → 빈센조 란디노`) or, failing that, from the
Korean translation imported with the article; a name with neither stays as in the
source, and QA says which names still need a spelling.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable

from cxeditor.formats.align import IMPORTED_NAME
from cxeditor.model import Article
from cxeditor.text.korean import has_hangul
from cxeditor.tm.glossary import GlossaryEntry

KEEP, TRANSLITERATE = "keep", "transliterate"
NAME_POLICIES = (KEEP, TRANSLITERATE)


def korean_names(article: Article, glossary: Iterable[GlossaryEntry] = ()) -> dict[str, str]:
    """Source name -> Korean spelling, for the article's tweet authors that have one
    (the glossary decides over the imported translation)."""
    authors = {block.tweet.name for block in article.tweets() if block.tweet is not None}
    spellings: dict[str, str] = {}
    for block in article.tweets():
        if block.tweet is None or not block.segments:
            continue
        for comment in block.segments[0].comments:
            if comment.text.startswith(IMPORTED_NAME):
                imported = comment.text[len(IMPORTED_NAME) :].strip()
                if has_hangul(imported):
                    spellings.setdefault(block.tweet.name, imported)
    for entry in glossary:
        if entry.source in authors and entry.target and not entry.dnt and not entry.forbidden:
            spellings[entry.source] = entry.target
    return spellings


def published_names(
    article: Article, glossary: Iterable[GlossaryEntry] = (), policy: str | None = None
) -> Article:
    """A copy of the article whose attributions carry the names as they are published
    under the policy (the article's own unless one is given)."""
    chosen = policy or article.meta.name_policy
    if chosen != TRANSLITERATE:
        return article
    spellings = korean_names(article, glossary)
    published = copy.deepcopy(article)
    for block in published.tweets():
        if block.tweet is not None:
            block.tweet.name = spellings.get(block.tweet.name, block.tweet.name)
    return published
