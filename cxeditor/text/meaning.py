"""Meaning signals an English sentence and its Korean translation should share.

Offline, without a model: negation, the direction of comparisons and changes, named
things, amounts with their units, quoted phrases, sentence counts. Each is read from
the words themselves (small, curated word lists), so a QA check, a second opinion
from an engine and the tests all ask the same questions. The lists are deliberately
narrow: a missed signal costs a suspect, a wrong one costs the editor's trust.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import NamedTuple

from cxeditor.text.sentences import split_sentences


class Span(NamedTuple):
    start: int
    end: int
    text: str


def _spans(pattern: re.Pattern[str], text: str) -> list[Span]:
    return [Span(m.start(), m.end(), m.group()) for m in pattern.finditer(text)]


# --- Sentences ----------------------------------------------------------------------


# An English sentence ends at . ! ? … before a capital, a digit or a quote; "No." is
# a whole answer here ("No. If you ..."), not the abbreviation of "number". The
# punctuation comes first in the pattern, so the engine skips straight to it.
_ENGLISH_STOP = re.compile(r"[.!?…]+[\"'”’)]*(?=\s+[\"'“‘(]?[A-Z0-9])")
_ABBREVIATION = re.compile(r"(?:\b(?:Mr|Ms|Dr|St|vs|Mrs|Inc|e\.g|i\.e)|\b[A-Z])$")
_TWO_LETTERS = re.compile(r"[^\W\d_][^\n]*?[^\W\d_]")


def _english_stops(text: str) -> list[int]:
    """Where each English sentence of `text` ends (after its punctuation)."""
    ends = []
    for stop in _ENGLISH_STOP.finditer(text):
        start = stop.start()
        if text[start] == "." and _ABBREVIATION.search(text, max(0, start - 4), start):
            continue  # "Dr. Lee", "J. K. Rowling"
        ends.append(stop.end())
    return ends


def sentence_spans(text: str, lang: str) -> list[Span]:
    """The sentences of `text` that have words (a trailing "#SocialChat" is none), with
    where each sits in `text`; tokens and a leading chat label do not count."""
    blank = prose(text)
    bounds = []
    if lang.startswith("ko"):
        position = 0
        for sentence in split_sentences(blank, "ko"):
            start = blank.find(sentence, position)
            start = position if start < 0 else start
            bounds.append((start, start + len(sentence)))
            position = start + len(sentence)
    else:
        start = 0
        for end in _english_stops(blank):
            bounds.append((start, end))
            start = end
        bounds.append((start, len(text)))
    result = []
    for start, end in bounds:
        words = _TWO_LETTERS.search(blank, start, end)
        if words is None:
            continue  # no words: tokens and punctuation only
        piece = text[start:end]
        stripped = piece.strip()
        begin = start + piece.index(stripped[0])
        result.append(Span(begin, begin + len(stripped), stripped))
    return result


_TOKEN = re.compile(r"(?:https?://|www\.)\S+|[#@＃＠]\w+|^\s*[QA]\d{1,2}[.:)]\s*", re.IGNORECASE)


_WORD = re.compile(r"[a-z]+")


@functools.lru_cache(maxsize=8192)
def english_words(text: str) -> frozenset[str]:
    """The lowercase words of an English text, once: quick tests ask this set first."""
    return frozenset(_WORD.findall(text.lower()))


@functools.lru_cache(maxsize=8192)
def prose(text: str) -> str:
    """`text` with URLs, hashtags, mentions and a leading chat label blanked out
    (same length, so indices still hold): they carry no meaning of their own here."""
    return _TOKEN.sub(lambda m: " " * len(m.group()), text)


# --- Negation -----------------------------------------------------------------------

_ENGLISH_NEGATION = re.compile(
    r"\b(?:not|no|never|nobody|nothing|none|nowhere|neither|nor|without|cannot|"
    r"hardly|unable|no[- ]one)\b|n[’']t\b",
    re.IGNORECASE,
)
# English that Korean says with a negative verb though the English has none:
# "less than six months" is "6개월이 안 된", "keep it under 40" is "40자를 넘지 않게".
_ENGLISH_LICENSES_KOREAN_NEGATION = re.compile(
    r"\b(?:less|fewer|under|below|only|just|until|unless|instead|rather|avoid\w*|"
    r"skip\w*|stop\w*|free|miss\w*|lack\w*|fail\w*|ignor\w*|unclear|un\w+able|"
    r"before|little|few|quit\w*|lose|lost|loses|refus\w*|stuck|\w+less|un[a-z]{3,}|"
    r"\w+-free|\w+-deaf|prevent\w*|keep\w* [\w ]{1,30} from|in[a-z]{3,}ble)\b",
    re.IGNORECASE,
)
_KOREAN_NEGATION = re.compile(
    r"않|없|(?<!잘)(?<!잘 )못(?!지않)(?!하다)|아니|아닌|아닙|"  # 잘못 is "wrongly"
    r"지\s?(?:마|말)(?!지)|"  # 하지 마세요, 하지 말고 (not 남을지 말지: "whether")
    r"(?<=\s)말고(?=[\s,])|"  # "안내서 말고": not the handbook
    r"모르|몰라|몰랐|"  # "not know" is one verb in Korean
    r"(?<![가-힣])안\s(?=[가-힣])(?<!몇 안 )"  # 안 돼, 안 보내 (not 안에, 방안)
)
# "몇 안 되는" (few) and "얼마 안 된" (recent) negate nothing.
_KOREAN_NOT_NEGATION = re.compile(r"(?:몇|얼마)\s?안\s?[되된돼]")


_NEGATION_WORDS = frozenset(
    [
        "not",
        "no",
        "never",
        "nobody",
        "nothing",
        "none",
        "nowhere",
        "neither",
        "nor",
        "without",
        "cannot",
        "hardly",
        "unable",
    ]
)
_KOREAN_NEGATION_CHARS = "않없못아모몰안말마"


def may_negate(english: str, korean: str) -> bool:
    """Whether either side has a word of negation at all (a quick test on the raw
    texts: most segments have none on either side)."""
    if not _NEGATION_WORDS.isdisjoint(english_words(english)) or "n't" in english:
        return True
    if "n’t" in english:
        return True
    return any(char in korean for char in _KOREAN_NEGATION_CHARS) and bool(
        _KOREAN_NEGATION.search(korean)
    )


def several_sentences(english: str) -> bool:
    """Whether the English may have more than one sentence (a quick test)."""
    return bool(_english_stops(english))


def english_negations(text: str) -> list[Span]:
    return _spans(_ENGLISH_NEGATION, prose(text))


def korean_negations(text: str) -> list[Span]:
    blank = prose(text)
    excluded = [(m.start(), m.end()) for m in _KOREAN_NOT_NEGATION.finditer(blank)]
    return [
        span
        for span in _spans(_KOREAN_NEGATION, blank)
        if not any(start <= span.start < end for start, end in excluded)
    ]


def licenses_korean_negation(english: str) -> bool:
    return _ENGLISH_LICENSES_KOREAN_NEGATION.search(english) is not None


# --- Comparison and change ------------------------------------------------------------

UP, DOWN = "up", "down"


@dataclass(frozen=True)
class Pole:
    family: str  # quantity, quality, speed, level, size
    direction: str  # UP or DOWN


_ENGLISH_POLES: dict[str, Pole] = {}
for _family, _up, _down in (
    (
        "quantity",
        "more increase increased increases rise rises rose grew grow grows gained",
        "less fewer least decrease decreased decreases drop dropped drops cut cuts fell "
        "reduce reduced reduces shrank shrink",
    ),
    ("quality", "better best improve improved improves", "worse worst"),
    ("speed", "faster fastest quicker quickest sooner", "slower slowest"),
    ("level", "higher highest", "lower lowest"),
    ("size", "bigger biggest larger largest greater greatest", "smaller smallest"),
):
    for _word in _up.split():
        _ENGLISH_POLES[_word] = Pole(_family, UP)
    for _word in _down.split():
        _ENGLISH_POLES[_word] = Pole(_family, DOWN)
_ENGLISH_POLE_SET = frozenset(_ENGLISH_POLES)
_ENGLISH_POLE_WORD = re.compile(r"\b(?:" + "|".join(_ENGLISH_POLES) + r")\b", re.IGNORECASE)
# "more than 1,800" and "less than 6 months" bound an amount: the number checks see them.
_ENGLISH_BOUND = re.compile(r"\b(?:more|less|fewer) than (?=\d|one|two|three|a |an )", re.I)

_KOREAN_POLES: tuple[tuple[re.Pattern[str], Pole], ...] = tuple(
    (re.compile(pattern), Pole(family, direction))
    for pattern, family, direction in (
        (
            r"덜|(?<![가-힣])적(?:게|은|었|어|다|고|지)|줄(?:었|어|이|여|인|일|고|면)|감소|절감|최소",
            "quantity",
            DOWN,
        ),
        (
            r"많(?:이|은|아|았|다|고|지)|늘(?:었|어|리|린|려|고|다|면|릴)|증가|최대|최다",
            "quantity",
            UP,
        ),
        (r"좋[게아은았다고지]|나은|나아|낫[다습]|개선|향상|최고|최상", "quality", UP),
        (r"나쁘|나쁜|나빠|악화|최악", "quality", DOWN),
        (r"빠르|빠른|빨리|빨라|신속", "speed", UP),
        (r"느리|느린|느려|더딘", "speed", DOWN),
        (r"높|상승|올라", "level", UP),
        (r"낮|하락|떨어", "level", DOWN),
        (r"(?<![가-힣])(?:크|큰|커)(?![가-힣]{2})|확대", "size", UP),
        (r"(?<![시제])작(?:은|아|게|다|고|았)|축소", "size", DOWN),
    )
)
# A bare 더 ("more") that is not followed by a word of its own direction ("더 적게")
_KOREAN_MORE = re.compile(r"(?<![가-힣])더(?:욱)?\s+(?=[가-힣])")


def may_compare(english: str) -> bool:
    return not _ENGLISH_POLE_SET.isdisjoint(english_words(english))


def english_poles(text: str) -> dict[str, dict[str, Span]]:
    """Family -> direction -> the first English word comparing or changing that way."""
    blank = _ENGLISH_BOUND.sub(lambda m: " " * len(m.group()), prose(text))
    poles: dict[str, dict[str, Span]] = {}
    for match in _ENGLISH_POLE_WORD.finditer(blank):
        pole = _ENGLISH_POLES[match.group().lower()]
        span = Span(match.start(), match.end(), match.group())
        poles.setdefault(pole.family, {}).setdefault(pole.direction, span)
    return poles


def korean_poles(text: str) -> dict[str, list[Span]]:
    """ "family:direction" -> where the Korean says so."""
    blank = prose(text)
    found: dict[str, list[Span]] = {}
    covered: list[Span] = []
    for pattern, pole in _KOREAN_POLES:
        for span in _spans(pattern, blank):
            found.setdefault(f"{pole.family}:{pole.direction}", []).append(span)
            covered.append(span)
    for match in _KOREAN_MORE.finditer(blank):
        following = match.end()
        if any(span.start == following for span in covered):
            continue  # "더 적게", "더 빠르게": the word after it gives the direction
        found.setdefault(f"quantity:{UP}", []).append(Span(match.start(), match.end() - 1, "더"))
    return found


def flipped_poles(english: str, korean: str) -> list[tuple[Span, Span]]:
    """(the English word, the Korean word saying the opposite) wherever the English
    goes one way only in a family (quantity, quality, speed, level, size) and the
    Korean only the other way."""
    flips = []
    ko = korean_poles(korean)
    for family, directions in english_poles(english).items():
        if len(directions) != 1:
            continue  # "send less and earn more": both ways, no telling which is which
        ((direction, word),) = directions.items()
        opposite = DOWN if direction == UP else UP
        if f"{family}:{direction}" in ko or f"{family}:{opposite}" not in ko:
            continue
        flips.append((word, ko[f"{family}:{opposite}"][0]))
    return flips


# --- Amounts and units ----------------------------------------------------------------

_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
}  # fmt: skip
_ENGLISH_UNITS = {
    "second": "second", "seconds": "second", "sec": "second", "secs": "second",
    "minute": "minute", "minutes": "minute", "min": "minute", "mins": "minute",
    "hour": "hour", "hours": "hour", "hr": "hour", "hrs": "hour",
    "day": "day", "days": "day", "week": "week", "weeks": "week",
    "month": "month", "months": "month", "year": "year", "years": "year",
    "decade": "decade", "decades": "decade", "percent": "percent", "%": "percent",
    "per cent": "percent", "times": "times", "x": "times",
}  # fmt: skip
_KOREAN_UNITS = (
    ("초", "second"),
    ("분", "minute"),
    ("시간", "hour"),
    ("일", "day"),
    ("날", "day"),
    ("주", "week"),
    ("개월", "month"),
    ("달", "month"),
    ("년", "year"),
    ("해", "year"),
    ("%", "percent"),
    ("퍼센트", "percent"),
    ("프로", "percent"),
    ("배", "times"),
    ("대", "decade-of-age"),
    ("세", "age"),
    ("살", "age"),
)
_NATIVE_NUMBERS = {
    "한": 1, "하나": 1, "두": 2, "둘": 2, "세": 3, "셋": 3, "네": 4, "넷": 4, "다섯": 5,
    "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10, "열한": 11, "열두": 12,
    "스무": 20,
}  # fmt: skip
_NUMBER_TEXT = r"\d+(?:[.,]\d+)*"
_ENGLISH_AMOUNT = re.compile(
    r"\b(?P<number>" + _NUMBER_TEXT + "|" + "|".join(_WORD_NUMBERS) + r")"
    r"(?:[- ](?:and[- ]a[- ]half))?"
    r"(?P<space>[- ]?)(?P<unit>per cent|percent|%|x\b|"
    + "|".join(u for u in _ENGLISH_UNITS if u not in {"%", "x", "percent", "per cent"})
    + r")(?![\w])",
    re.IGNORECASE,
)
_KOREAN_AMOUNT = re.compile(
    r"(?P<number>"
    + _NUMBER_TEXT
    + "|"
    + "|".join(sorted(_NATIVE_NUMBERS, key=len, reverse=True))
    + r")\s?(?P<unit>"
    + "|".join(unit for unit, _kind in _KOREAN_UNITS)
    + r")"
)
_KOREAN_UNIT_KIND = dict(_KOREAN_UNITS)
# A decade of life: "20-somethings", "in their 20s", "twenty-somethings"
_ENGLISH_DECADE = re.compile(
    r"\b(?P<number>\d0|twenty|thirty|forty|fifty|sixty)(?:-somethings?|['’]?s\b)", re.I
)
_DECADE_NUMBERS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60}


class Amount(NamedTuple):
    value: float
    unit: str
    span: Span


def _value(number: str) -> float | None:
    lowered = number.lower()
    if lowered in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[lowered])
    if number in _NATIVE_NUMBERS:
        return float(_NATIVE_NUMBERS[number])
    try:
        return float(number.replace(",", ""))
    except ValueError:
        return None


_UNIT_HINTS = (
    "sec", "min", "hour", "hr", "day", "week", "month", "year", "decade", "percent", "cent",
    "%", "times", "x", "something", "0s", "0's", "0’s",
)  # fmt: skip


@functools.lru_cache(maxsize=4096)
def english_amounts(text: str) -> list[Amount]:
    """Numbers with a unit of time, a percentage, a multiple or a decade of age."""
    lowered = text.lower()
    if not any(hint in lowered for hint in _UNIT_HINTS):
        return []  # no unit word at all: most sentences
    blank = prose(text)
    amounts = []
    for match in _ENGLISH_AMOUNT.finditer(blank):
        value = _value(match.group("number"))
        unit = _ENGLISH_UNITS.get(match.group("unit").lower())
        if value is not None and unit is not None:
            amounts.append(Amount(value, unit, Span(match.start(), match.end(), match.group())))
    for match in _ENGLISH_DECADE.finditer(blank):
        number = match.group("number").lower()
        value = float(_DECADE_NUMBERS.get(number) or number)
        amounts.append(
            Amount(value, "decade-of-age", Span(match.start(), match.end(), match.group()))
        )
    return amounts


def korean_amounts(text: str) -> list[Amount]:
    blank = prose(text)
    amounts = []
    for match in _KOREAN_AMOUNT.finditer(blank):
        value = _value(match.group("number"))
        unit = match.group("unit")
        after = blank[match.end() : match.end() + 1]
        # "일주일", "세상", "해외", "대부분", "주세요", "분야", "배송": a word, not a unit
        # (but "3일에", "2배로" keep their particle: one syllable after a digit is fine)
        if (
            unit in {"일", "세", "해", "대", "주", "분", "배", "날", "살"}
            and "가" <= after <= "힣"
            and (not match.group("number")[0].isdigit() or after not in "에의은는이가을를로도만")
        ):
            continue
        if value is not None:
            amounts.append(
                Amount(
                    value, _KOREAN_UNIT_KIND[unit], Span(match.start(), match.end(), match.group())
                )
            )
    return amounts


_ENGLISH_MULTIPLE = re.compile(
    r"\b(?:(?P<twice>twice|double[sd]?|doubling)|(?P<thrice>triple[sd]?|tripling)|"
    r"(?P<half>half|halved|halves))\b",
    re.IGNORECASE,
)
_KOREAN_MULTIPLE = re.compile(
    r"(?P<number>\d+(?:\.\d+)?|한|두|세|네|다섯|열)\s?배|(?P<half>절반|(?<![가-힣])반(?=[\s으이을]|$))"
)


_MULTIPLE_WORDS = frozenset(
    [
        "twice",
        "double",
        "doubles",
        "doubled",
        "doubling",
        "triple",
        "triples",
        "tripled",
        "tripling",
        "half",
        "halved",
        "halves",
    ]
)


def english_multiples(text: str) -> list[tuple[float, Span]]:
    if _MULTIPLE_WORDS.isdisjoint(english_words(text)):
        return []
    found = []
    for match in _ENGLISH_MULTIPLE.finditer(prose(text)):
        value = 2.0 if match.group("twice") else 3.0 if match.group("thrice") else 0.5
        found.append((value, Span(match.start(), match.end(), match.group())))
    return found


def korean_multiples(text: str) -> list[tuple[float, Span]]:
    found = []
    for match in _KOREAN_MULTIPLE.finditer(prose(text)):
        value = 0.5 if match.group("half") else _value(match.group("number")) or 0.0
        found.append((value, Span(match.start(), match.end(), match.group())))
    return found


_ENGLISH_VAGUE = re.compile(
    r"\b(?:dozens|hundreds|thousands|millions|several|a few|a handful|a couple|many|"
    r"some|a number)\s+of\b|\b(?:several|a few|a handful of)\b",
    re.IGNORECASE,
)
_ANY_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


_VAGUE_WORDS = frozenset(
    [
        "dozens",
        "hundreds",
        "thousands",
        "millions",
        "several",
        "few",
        "handful",
        "couple",
        "many",
        "some",
        "number",
    ]
)


def english_vague_quantity(text: str) -> Span | None:
    if _VAGUE_WORDS.isdisjoint(english_words(text)):
        return None
    match = _ENGLISH_VAGUE.search(prose(text))
    return None if match is None else Span(match.start(), match.end(), match.group())


def numbers_in(text: str) -> list[Span]:
    return _spans(_ANY_NUMBER, prose(text))


def number_value(text: str) -> float | None:
    return _value(text)


# --- Named things --------------------------------------------------------------------

# A capital first, then the look behind it: the engine skips straight to capitals.
# (Brands written in lower case first, "iPhone", are not seen.)
_CAPITALISED = re.compile(r"[A-Z](?<![\w@#'’][A-Z])[\w&'’-]*(?:\s+(?:[A-Z][\w&'’-]*|\d+))*")
_NOT_NAMES = frozenset(
    {
        "i",
        "i'm",
        "i've",
        "i'd",
        "i'll",
        "ok",
        "okay",
        "q",
        "a",
        "tl",
        "dr",
        "ps",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "english",
        "korean",
        "rt",
        "dm",
        "dms",
        "faq",
    }
)


_LATIN_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_RUN_BREAK = re.compile(r"(?<=['’]s)\s+|\s+(?=\d)|(?<=\d)\s+")


def named_things(text: str, known: frozenset[str] = frozenset()) -> list[Span]:
    """Brands, products, people and places the English names: runs of capitalised
    words. A capitalised word that opens a sentence is only a name when it is one of
    `known` (the article's handles and authors, lowercase) or part of a longer run; a
    run in a title written in title case is no evidence at all."""
    blank = prose(text)
    matches = list(_CAPITALISED.finditer(blank))
    if not matches:
        return []
    known_lower = known
    found = []
    for match in matches:
        offset = match.start()
        opens_sentence = _opens_sentence(blank, offset)
        run = match.group()
        if " " not in run and "\t" not in run:  # one word, most runs
            name = _name_of(run, opens_sentence, known_lower)
            if name is not None:
                begin = offset + run.find(name)
                found.append(Span(begin, begin + len(name), name))
            continue
        for part in _RUN_BREAK.split(run):
            # "Zendesk's 2024 CX Trends": Zendesk, then CX Trends
            start = offset + run[offset - match.start() :].find(part)
            offset = start + len(part)
            name = _name_of(part, opens_sentence, known_lower)
            opens_sentence = False
            if name is not None:
                begin = start + part.find(name)
                found.append(Span(begin, begin + len(name), name))
    if found and len(matches) > 1:  # (asked last: most texts name nothing)
        words = _LATIN_WORD.findall(blank)
        if sum(word[0].isupper() for word in words) > 0.6 * len(words) > 2:
            return []  # "How Brands Earn A Seat At The Table": title case
    return found


def _opens_sentence(text: str, start: int) -> bool:
    """Whether a word at `start` opens a sentence: nothing but spaces, quotes or an
    opening bracket between it and the start or a stop (. ! ? : ; …)."""
    before = text[:start].rstrip().rstrip("\"'“‘(").rstrip()
    return not before or before[-1] in ".!?:;…"


def _name_of(run: str, opens_sentence: bool, known_lower: frozenset[str]) -> str | None:
    run = run.rstrip(" -")
    if run.endswith(("'s", "’s")):
        run = run[:-2]
    parts = run.split()
    if parts and parts[0].isdigit():
        return None
    if opens_sentence and parts and parts[0].lower() in _COMMON_OPENERS:
        parts = parts[1:]  # "Our host Daniel Osei": the opener is no part of the name
        opens_sentence = False
    while parts and parts[0].lower() in _NOT_NAMES:
        parts = parts[1:]
        opens_sentence = False
    while parts and parts[-1].lower() in _NOT_NAMES:
        parts.pop()
    if not parts:
        return None
    name = " ".join(parts)
    if opens_sentence and len(parts) == 1 and name.lower() not in known_lower:
        return None  # "Honesty." opens a sentence: a capital proves nothing
    return name


# Words that open English sentences, capitalised for that reason only.
_COMMON_OPENERS = frozenset(
    {
        "a",
        "an",
        "the",
        "our",
        "my",
        "your",
        "his",
        "her",
        "their",
        "its",
        "we",
        "you",
        "they",
        "he",
        "she",
        "it",
        "this",
        "that",
        "these",
        "those",
        "thanks",
        "thank",
        "join",
        "read",
        "start",
        "give",
        "pick",
        "keep",
        "let",
        "ask",
        "track",
        "own",
        "don't",
        "do",
        "does",
        "and",
        "but",
        "so",
        "if",
        "when",
        "where",
        "what",
        "why",
        "how",
        "who",
        "which",
        "while",
        "once",
        "after",
        "before",
        "in",
        "on",
        "at",
        "for",
        "from",
        "with",
        "by",
        "to",
        "of",
        "as",
        "about",
        "over",
        "under",
        "more",
        "most",
        "less",
        "many",
        "some",
        "all",
        "every",
        "each",
        "no",
        "not",
        "never",
        "nobody",
    }
)


# --- Quotes ---------------------------------------------------------------------------

_QUOTED = re.compile(
    r"\"[^\"\n]{2,}?\"|“[^”\n]{2,}?”|‘[^’\n]{2,}?’|「[^」\n]{1,}?」|『[^』\n]{1,}?』"
)


def quoted(text: str) -> list[Span]:
    return _spans(_QUOTED, text)
