"""HTML pages as saved from a blog, with standard `blockquote.twitter-tweet` embeds."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from lxml import etree, html

from cxeditor.errors import ImportFormatError
from cxeditor.formats.base import Importer
from cxeditor.formats.blocks import (
    RawItem,
    RawParagraph,
    RawTweet,
    Style,
    build_article,
    parse_attribution,
)
from cxeditor.formats.links import tweet_permalink
from cxeditor.formats.reading import decode_text, read_bytes, refuse_foreign_binary
from cxeditor.i18n import _
from cxeditor.jobs import CancelFlag, ProgressCallback, no_progress
from cxeditor.model import Article, Block, BlockKind, Segment, Tweet
from cxeditor.text.dates import find_dates, format_iso

# Elements that never hold article text.
_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "form",
    "nav",
    "header",
    "footer",
    "aside",
    "button",
    "svg",
    "select",
    "object",
    "embed",
    "canvas",
)
# class/id words that mark page furniture around the article.
_FURNITURE = re.compile(
    r"(?:^|[\s_-])(?:comments?|respond|reply-form|sidebar|widget|share|sharing|social-share|"
    r"related|newsletter|subscribe|cookie|banner|breadcrumbs?|menu|navbar|nav|footer|"
    r"advert|ads?|promo|author-bio)(?:$|[\s_-])",
    re.IGNORECASE,
)
_BLOCK_TAGS = {
    "p",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "figcaption",
    "td",
    "th",
}
_CONTAINERS = {
    "div",
    "section",
    "article",
    "main",
    "ul",
    "ol",
    "dl",
    "table",
    "tbody",
    "thead",
    "tr",
    "figure",
    "center",
    "header",
    "hgroup",
    "body",
    "span",
    "font",
}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")


def _declared_charset(data: bytes) -> str | None:
    match = _CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def _is_furniture(element: etree._Element) -> bool:
    marks = f"{element.get('class', '')} {element.get('id', '')} {element.get('role', '')}"
    return bool(marks.strip()) and bool(_FURNITURE.search(marks))


def _clean(root: etree._Element) -> None:
    """Remove comments, scripts, navigation and page furniture in place."""
    for node in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        _remove_keep_tail(node)
    for element in list(root.iter(*_DROP_TAGS)):
        # An article's own <header> holds its title and date; only the page's goes.
        if element.tag == "header" and any(
            ancestor.tag in {"article", "main"} for ancestor in element.iterancestors()
        ):
            continue
        _remove_keep_tail(element)
    for element in list(root.iter()):
        if (
            isinstance(element.tag, str)
            and element.tag not in {"html", "body", "article"}
            and "twitter-tweet" not in element.get("class", "")
            and _is_furniture(element)
        ):
            _remove_keep_tail(element)


def _remove_keep_tail(node: etree._Element) -> None:
    parent = node.getparent()
    if parent is None:
        return
    tail = node.tail
    previous = node.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(node)


def _content_root(document: etree._Element) -> etree._Element:
    for xpath in (
        "//article",
        "//main",
        '//*[@itemprop="articleBody"]',
        '//*[contains(concat(" ", normalize-space(@class), " "), " entry-content ")]',
        '//*[contains(concat(" ", normalize-space(@class), " "), " post-content ")]',
    ):
        found = _xpath_elements(document, xpath)
        if found:
            return max(found, key=lambda element: len(element_text(element)))
    body = document.find(".//body")
    return body if body is not None else document


def element_text(element: etree._Element) -> str:
    """Text as a browser shows it: whitespace collapsed, <br> as a line break."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.tag == "br":
            parts.append("\n")
        elif isinstance(node.tag, str) and node.tag == "img":
            parts.append(node.get("alt", ""))
        elif node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    text = "".join(parts)
    lines = [_SPACES.sub(" ", line.replace("\n", " ")).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def _strip_tracking(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def _tweet_from_embed(element: etree._Element) -> RawTweet | None:
    # Read the attribution from a copy: an embed that turns out not to be a tweet is
    # imported as a quote, and must still hold its text.
    element = copy.deepcopy(element)
    paragraph = element.find(".//p")
    text = element_text(paragraph) if paragraph is not None else ""
    if paragraph is not None:
        _remove_keep_tail(paragraph)
    attribution = element_text(element).replace("\n", " ")
    tweet = parse_attribution(attribution) or _loose_attribution(attribution)
    if tweet is None:
        return None
    for link in element.iter("a"):
        href = link.get("href", "")
        if "/status/" in href:
            # Only a real permalink may become the link of the exported date.
            tweet.url = tweet_permalink(_strip_tracking(href)) or tweet.url
            if tweet.date is None and (dates := find_dates(element_text(link))):
                tweet.date = format_iso(dates[0].date)
    return RawTweet(text, tweet)


def _loose_attribution(text: str) -> Tweet | None:
    """An embed whose attribution lost its dash or date still names @handle."""
    match = re.search(
        r"^(?P<name>(?:[^()]|\((?!@)[^()]*\))*?)\s*\(@(?P<handle>\w{1,50})\)", text.lstrip("—–- ")
    )
    if match is None:
        return None
    dates = find_dates(text)
    return Tweet(
        match.group("name").strip(),
        match.group("handle"),
        format_iso(dates[0].date) if dates else None,
    )


def _items(element: etree._Element) -> Iterator[RawItem]:
    """Raw paragraphs and tweets of a content element, in document order."""
    for child in element:
        if not isinstance(child.tag, str):
            continue  # type: ignore[unreachable]  # comments and PIs have non-str tags
        tag = child.tag.lower()
        classes = child.get("class", "")
        if tag == "blockquote" and "twitter-tweet" in classes:
            tweet = _tweet_from_embed(child)
            if tweet is not None:
                yield tweet
                continue
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            level = int(tag[1])
            yield RawParagraph(
                element_text(child), Style.TITLE if level == 1 else Style.HEADING, level
            )
        elif tag == "blockquote":
            nested = [c for c in child if isinstance(c.tag, str) and c.tag in _BLOCK_TAGS]
            if nested:
                for item in _items(child):
                    if isinstance(item, RawParagraph) and item.style is Style.NORMAL:
                        item.style = Style.QUOTE
                    yield item
            else:
                yield RawParagraph(element_text(child), Style.QUOTE)
        elif tag in _BLOCK_TAGS and not any(
            isinstance(c.tag, str) and c.tag in _BLOCK_TAGS | {"div"} for c in child
        ):
            yield from _text_paragraphs(element_text(child))
        elif tag in _CONTAINERS or tag in _BLOCK_TAGS:
            if child.text and child.text.strip():
                yield from _text_paragraphs(_SPACES.sub(" ", child.text).strip())
            yield from _items(child)
        else:
            yield from _text_paragraphs(element_text(child))
        if child.tail and child.tail.strip():
            yield from _text_paragraphs(_SPACES.sub(" ", child.tail).strip())


def _text_paragraphs(text: str) -> Iterator[RawParagraph]:
    if text:
        yield RawParagraph(text)


def _meta(document: etree._Element, name: str) -> str | None:
    for xpath in (f'//meta[@property="{name}"]/@content', f'//meta[@name="{name}"]/@content'):
        values = _xpath_strings(document, xpath)
        if values and values[0].strip():
            return values[0].strip()
    return None


def _xpath_elements(document: etree._Element, xpath: str) -> list[etree._Element]:
    result = document.xpath(xpath)
    return (
        [item for item in result if isinstance(item, etree._Element)]
        if isinstance(result, list)
        else []
    )


def _xpath_strings(document: etree._Element, xpath: str) -> list[str]:
    result = document.xpath(xpath)
    return [str(item) for item in result] if isinstance(result, list) else []


def parse_html(text: str) -> etree._Element:
    # No network, no entity resolution, no huge trees: a hostile page cannot reach out
    # or blow up memory through the parser.
    parser = html.HTMLParser(
        no_network=True,
        remove_comments=True,
        remove_pis=True,
        huge_tree=False,
    )
    try:
        document = html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as error:
        raise ImportFormatError(
            _("cannot parse the HTML: {reason}").format(reason=error)
        ) from error
    # libxml2 silently drops what lies past its resource limits (e.g. nesting deeper
    # than 256 levels); refuse rather than import a truncated article.
    if any(entry.type_name == "ERR_RESOURCE_LIMIT" for entry in parser.error_log):
        raise ImportFormatError(_("the HTML is nested too deeply to be read safely"))
    return document


class HtmlImporter(Importer):
    name = "html"
    extensions = (".html", ".htm", ".xhtml")
    description = "HTML page"

    def read(
        self,
        path: Path,
        *,
        lang: str = "en",
        progress: ProgressCallback = no_progress,
        cancel: CancelFlag | None = None,
    ) -> Article:
        data = read_bytes(path)
        refuse_foreign_binary(path, data, "an HTML page")
        notices: list[str] = []
        text = decode_text(path, data, declared=_declared_charset(data), notices=notices)
        if "<" not in text:
            raise ImportFormatError(_("{name} is not an HTML page").format(name=path.name))
        try:
            document = parse_html(text)
        except ImportFormatError as error:
            raise ImportFormatError(f"{path.name}: {error}") from error
        page_title = document.findtext(".//title")
        _clean(document)
        items = list(_items(_content_root(document)))
        article = build_article(
            items, lang=lang, first_paragraph_is_title=False, progress=progress, cancel=cancel
        )
        article.notices.extend(notices)
        meta = article.meta
        if not meta.title:
            title = _meta(document, "og:title") or _SPACES.sub(" ", page_title or "").strip()
            if title:
                meta.title = title
                article.blocks.insert(0, Block(BlockKind.TITLE, [Segment(title)]))
        meta.source_url = _first(
            _xpath_strings(document, '//link[@rel="canonical"]/@href')
        ) or _meta(document, "og:url")
        meta.author = _meta(document, "author")
        if meta.published is None:
            published = _meta(document, "article:published_time") or _first(
                _xpath_strings(document, "//time/@datetime")
            )
            if published and (dates := find_dates(published)):
                meta.published = format_iso(dates[0].date)
        self.require_text(path, article)
        return article


def _first(values: list[str]) -> str | None:
    return values[0].strip() or None if values else None
