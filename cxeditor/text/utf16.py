"""Python string indices and Qt's UTF-16 positions, converted in one place.

Python indexes code points; Qt (QString, QTextDocument, QTextCursor, setFormat) counts
UTF-16 code units, where every character beyond the Basic Multilingual Plane (🚚, most
emoji, the halves of a flag) takes two. ZWJ sequences, variation selectors and Hangul
jamo are several code points and convert code point by code point like any other text.
Core spans (entities, QA findings, glossary hits) stay in Python indices; the GUI
converts at the Qt boundary with this module, never by hand.
"""

from __future__ import annotations

from bisect import bisect_right

_ASTRAL = 0x10000


def utf16_length(text: str) -> int:
    """How many UTF-16 code units Qt counts in `text`."""
    return len(text) + sum(1 for char in text if ord(char) >= _ASTRAL)


class Utf16Map:
    """Conversions for one text; cheap to build, O(log n) per lookup (identity for
    text without astral characters, the common case)."""

    __slots__ = ("_astral", "length", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        # Python indices of the characters that take two code units.
        self._astral = [index for index, char in enumerate(text) if ord(char) >= _ASTRAL]
        self.length = len(text) + len(self._astral)

    def to_utf16(self, index: int) -> int:
        """The UTF-16 position of Python index `index` (0..len(text), clamped)."""
        index = max(0, min(index, len(self.text)))
        return index + bisect_right(self._astral, index - 1)

    def to_python(self, position: int) -> int:
        """The Python index at UTF-16 position `position`; a position between the two
        halves of a surrogate pair gives the character's own index."""
        position = max(0, min(position, self.length))
        low, high = 0, len(self.text)
        while low < high:  # the largest index whose UTF-16 position is <= position
            middle = (low + high + 1) // 2
            if self.to_utf16(middle) <= position:
                low = middle
            else:
                high = middle - 1
        return low

    def span_to_utf16(self, start: int, end: int) -> tuple[int, int]:
        """A Python [start, end) as Qt's (position, length)."""
        first = self.to_utf16(start)
        return first, self.to_utf16(end) - first

    def char_spans(self) -> list[tuple[int, int]]:
        """(UTF-16 position, units) of each character, so a per-character format never
        splits a surrogate pair (a split pair is drawn as two replacement boxes)."""
        spans = []
        position = 0
        for char in self.text:
            units = 2 if ord(char) >= _ASTRAL else 1
            spans.append((position, units))
            position += units
        return spans
