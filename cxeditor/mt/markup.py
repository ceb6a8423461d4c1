"""Placeholders as markup the engine must keep, for the engines with a tag mode.

`[T1]` becomes `<x id="1">[T1]</x>` for DeepL (`tag_handling=xml`, `x` an ignored,
non-splitting tag: its content is never translated, the way Weblate masks placeables)
and `<span translate="no">[T1]</span>` for Microsoft and Google (HTML mode). The rest of
the text is escaped so a `<` or `&` of the source survives. On the way back the tags go
and the entities are decoded, leaving the placeholders for `protect.restore`, which
repairs whatever the engine still did to them.
"""

from __future__ import annotations

import html
import re

_PLACEHOLDER = re.compile(r"\[T(\d+)\]")
_XML_TAG = re.compile(r"</?x\b[^>]*>", re.IGNORECASE)
_SPAN_TAG = re.compile(r"</?span\b[^>]*>", re.IGNORECASE)
IGNORED_XML_TAG = "x"


def to_xml(masked: str) -> str:
    escaped = html.escape(masked, quote=False)
    return _PLACEHOLDER.sub(r'<x id="\1">[T\1]</x>', escaped)


def to_html(masked: str) -> str:
    escaped = html.escape(masked, quote=False)
    return _PLACEHOLDER.sub(r'<span translate="no">[T\1]</span>', escaped)


def from_xml(text: str) -> str:
    return html.unescape(_XML_TAG.sub("", text))


def from_html(text: str) -> str:
    return html.unescape(_SPAN_TAG.sub("", text))
