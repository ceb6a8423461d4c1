"""Text as runs of plain text and links: URLs, hashtags and mentions become links.

Built on the article view of entities, so `#CXTweetChat에서` links `#CXTweetChat` to
the tag's page and leaves `에서` outside the link. Shared by the .docx and HTML exports.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from cxeditor.model import Article, Block
from cxeditor.text.entities import extract_for_article

HASHTAG_URL = "https://twitter.com/hashtag/{tag}"
PROFILE_URL = "https://twitter.com/{handle}"
CASHTAG_URL = "https://twitter.com/search?q=%24{symbol}"
# Characters XML 1.0 cannot hold (control characters other than tab and newline).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# Where a tweet's permalink may point: Twitter's and X's own hosts, nothing else.
TWEET_HOSTS = frozenset(
    f"{prefix}{domain}"
    for domain in ("twitter.com", "x.com")
    for prefix in ("", "www.", "mobile.", "m.")
)
_PERMALINK_PATH = re.compile(
    r"/(?:[A-Za-z0-9_]{1,50}|i/web|i)/status(?:es)?/\d{1,25}(?:/[A-Za-z0-9_/.-]*)?"
)
# Twitter's own short links (what an attribution copied from a browser often carries).
_SHORT_HOST = "t.co"
_SHORT_PATH = re.compile(r"/[A-Za-z0-9]{1,40}/?")
_URL_FORBIDDEN = re.compile(r"[\x00-\x20\x7f\"'<>\\`]")


def tweet_permalink(url: str | None) -> str | None:
    """`url` if it is a tweet's permalink (http(s) on twitter.com or x.com, path
    `/handle/status/ID`, or a t.co short link), else None.

    A permalink comes from the imported file and becomes a live link in the exports
    and the preview: `javascript:`, `data:`, `//evil.example/status/9` or a look-alike
    host must never become one.
    """
    if not url or _URL_FORBIDDEN.search(url):
        return None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or port is not None:
        return None
    if parts.username is not None or parts.password is not None:
        return None
    host = (parts.hostname or "").lower()
    if host in TWEET_HOSTS and _PERMALINK_PATH.fullmatch(parts.path):
        return url
    if host == _SHORT_HOST and _SHORT_PATH.fullmatch(parts.path):
        return url
    return None


@dataclass(frozen=True, slots=True)
class Run:
    text: str
    url: str | None = None


def xml_safe(text: str) -> str:
    """Drop characters no XML document may contain (\\x0b, \\x01, …): they are invisible
    in the article, and Word would refuse the file."""
    return _XML_INVALID.sub("", text)


def link_for(kind: str, value: str, text: str) -> str | None:
    if kind == "hashtag":
        return HASHTAG_URL.format(tag=quote(value))
    if kind == "mention":
        return PROFILE_URL.format(handle=quote(value.split("/", maxsplit=1)[0]))
    if kind == "cashtag":
        return CASHTAG_URL.format(symbol=quote(value))
    if kind == "url":
        return text if re.match(r"https?://", text, re.IGNORECASE) else f"https://{text}"
    return None


def text_runs(text: str, known_tags: Collection[str] = ()) -> list[Run]:
    runs: list[Run] = []
    position = 0
    for entity in extract_for_article(text, known_tags):
        url = link_for(entity.kind, entity.value, entity.text)
        if url is None:
            continue
        if entity.start > position:
            runs.append(Run(text[position : entity.start]))
        runs.append(Run(entity.text, url))
        position = entity.end
    if position < len(text):
        runs.append(Run(text[position:]))
    return runs


def known_tags_of(article: Article) -> frozenset[str]:
    """The source's hashtags: they decide where a glued particle starts."""
    return frozenset(
        entity.value
        for segment in article.segments()
        for entity in extract_for_article(segment.source)
        if entity.kind == "hashtag"
    )


def published_text(block: Block) -> str:
    """What a block publishes: the targets, or the source where there is no target yet."""
    return " ".join(
        (segment.target or segment.source).strip()
        for segment in block.segments
        if (segment.target or segment.source).strip()
    )


def untranslated_count(article: Article) -> int:
    return sum(1 for segment in article.segments() if segment.source and not segment.target)
