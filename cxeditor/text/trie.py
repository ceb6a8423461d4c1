"""Alternations of many words written as a prefix trie, for the regex engines."""

from __future__ import annotations

import re
from collections.abc import Iterable


def trie_alternation(words: Iterable[str]) -> str:
    """`words` as a prefix trie (`c(?:o(?:m)?)` for co|com): the same matches as a
    longest-first flat list (the greedy optional tails take the longest word), but it
    compiles and matches several times faster, since the engine rejects a position
    after a letter or two instead of trying every word in turn."""
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:  # type: ignore[type-arg]
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)
