"""Tweet entities (hashtags, mentions, URLs, cashtags, emoji) by Twitter's own rules.

The patterns follow twitter-text's reference implementation (Regex.java and
Extractor.java, Apache-2.0) and pass its whole conformance suite
(tests/test_entities_conformance.py). We wrote our own port because the ports on
PyPI pass only about 80% of that suite.

Two views:
- `extract(text)`: exactly what Twitter sees. In `#CXTweetChat에서` that is the
  hashtag `CXTweetChat에서`.
- `extract_for_article(text, known)`: what a Korean article means: `#CXTweetChat`
  followed by the particle `에서` (kept in `Entity.particle`). QA and export need
  this view to link the real tag and to spot a particle glued onto a token.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Collection
from typing import Literal, NamedTuple

import regex

from cxeditor.text._tlds import COUNTRY_TLDS, GENERIC_TLDS
from cxeditor.text.trie import trie_alternation

EntityKind = Literal["hashtag", "mention", "url", "cashtag", "emoji"]


class Entity(NamedTuple):
    """A token of a tweet; `start`/`end` are Python string indices into the text.

    (A named tuple: immutable like a frozen dataclass, and three times faster to build,
    which shows when QA extracts the entities of 40,000 texts.)"""

    kind: EntityKind
    text: str  # as written, with its #, @ or $ (and /list for a list mention)
    start: int
    end: int
    list_slug: str | None = None  # "/list" of "@user/list"
    particle: str = ""  # article view only: the Korean particle glued after the token

    @property
    def value(self) -> str:
        """The token without its sigil: `CXTweetChat` for `#CXTweetChat`."""
        if self.kind in ("hashtag", "mention", "cashtag"):
            body = self.text[1:]
            return body[: -len(self.list_slug)] if self.list_slug else body
        return self.text


# Builds an Entity from a (kind, text, start, end, list_slug, particle) tuple in C,
# without the Python-level __new__ a named tuple has: extraction makes tens of
# thousands of entities per QA run, and this is twice as fast.
_new_entity = functools.partial(tuple.__new__, Entity)


# -- character classes (twitter-text Regex.java) ----------------------------------

_UNICODE_SPACES = (
    "\u0009-\u000d\u0020\u0085\u00a0\u1680\u180e\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
)
_DIRECTIONAL = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_INVALID_CHARACTERS = "\ufffe\ufeff\uffff"
_LATIN_ACCENTS = (
    "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u0100-\u024f"
    "\u0253\u0254\u0256\u0257\u0259\u025b\u0263\u0268\u026f\u0272\u0289\u028b"
    "\u02bb\u0300-\u036f\u1e00-\u1eff"
)
_CYRILLIC = "\u0400-\u04ff"
# \p{L}\p{M} of a current Unicode covers the extra code points Java had to list.
_HASHTAG_LETTERS_AND_MARKS = r"\p{L}\p{M}"
_HASHTAG_NUMERALS = r"\p{Nd}\u0de6-\u0def\ua9f0-\ua9f9"
_HASHTAG_SPECIAL = (
    "_\u200c\u200d\ua67e\u05be\u05f3\u05f4\uff5e\u301c\u309b\u309c\u30a0\u30fb\u3003"
    "\u0f0b\u0f0c\u00b7"
)
_HASHTAG_LETTERS_NUMERALS = _HASHTAG_LETTERS_AND_MARKS + _HASHTAG_NUMERALS + _HASHTAG_SPECIAL
_AT_SIGNS = "@\uff20"
_JAVA_SPACE = " \t\n\x0b\f\r"  # Java's \s is ASCII only
_JAVA_PUNCT = r"!-/:-@\[-`{-~"  # Java's \p{Punct}: ASCII punctuation

_FLAGS = regex.IGNORECASE | regex.VERSION0
# Patterns with ASCII letter classes and no \p{...} run on the stdlib engine, two to
# three times faster here than on `regex`. re.ASCII limits case folding to ASCII, as
# Java's CASE_INSENSITIVE does (so [a-z] does not take the Kelvin sign).
_ASCII_FLAGS = re.IGNORECASE | re.ASCII

_HASHTAG = regex.compile(
    rf"(^|\ufe0e|\ufe0f|[^&{_HASHTAG_LETTERS_NUMERALS}])([#\uff03])(?![\ufe0f\u20e3])"
    rf"([{_HASHTAG_LETTERS_NUMERALS}]*[{_HASHTAG_LETTERS_AND_MARKS}][{_HASHTAG_LETTERS_NUMERALS}]*)",
    _FLAGS,
)

# _HASHTAG's match where the text around the sign is ASCII or Hangul (most tags): the
# sets are then plain ASCII classes and 가-힣, and the stdlib engine is faster. The
# tail is possessive and must end before an ASCII character or the text's end, so
# wherever \p{...} could decide (another script, a selector before the sign) this
# pattern fails and _HASHTAG decides.
_HASHTAG_COMMON = re.compile(
    r"(^|[\x00-\x25\x27-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f])([#\uff03])"
    r"([0-9_A-Za-z가-힣]*[A-Za-z가-힣][0-9_A-Za-z가-힣]*+)(?![^\x00-\x7f])"
)

_MENTION_OR_LIST = re.compile(
    rf"([^a-z0-9_!#$%&*{_AT_SIGNS}]|^|(?:^|[^a-z0-9_+~.-])RT:?)([{_AT_SIGNS}]+)"
    r"([a-z0-9_]{1,20})(/[a-z][a-z0-9_\-]{0,24})?",
    _ASCII_FLAGS,
)
_INVALID_MENTION_END = re.compile(rf"[{_AT_SIGNS}{_LATIN_ACCENTS}]|://", _ASCII_FLAGS)
_REPLY = re.compile(
    rf"^(?:[{_UNICODE_SPACES}]|[{_DIRECTIONAL}])*[{_AT_SIGNS}]([a-z0-9_]{{1,20}})", _ASCII_FLAGS
)

_CASHTAG = re.compile(
    rf"(^|[{_UNICODE_SPACES}]|[{_DIRECTIONAL}])(\$)([a-z]{{1,6}}(?:[._][a-z]{{1,2}})?)"
    rf"(?=$|[{_JAVA_SPACE}]|[{_JAVA_PUNCT}])",
    _ASCII_FLAGS,
)


def _tld_alternation(tlds: tuple[str, ...]) -> str:
    return "(?:(?:" + trie_alternation(tlds) + ")(?=[^a-z0-9@+-]|$))"


_URL_VALID_CHARS = f"a-z0-9{_LATIN_ACCENTS}"
_GTLD = _tld_alternation(GENERIC_TLDS)
_CCTLD = _tld_alternation(COUNTRY_TLDS)
_PUNYCODE = r"(?:xn--[-0-9a-z]+)"
_SUBDOMAIN = rf"(?>(?:[{_URL_VALID_CHARS}][{_URL_VALID_CHARS}\-_]*)?[{_URL_VALID_CHARS}]\.)"
_DOMAIN_NAME = rf"(?:(?:[{_URL_VALID_CHARS}][{_URL_VALID_CHARS}\-]*)?[{_URL_VALID_CHARS}]\.)"
_PUNCTUATION = r"\-_!\"#$%&'\(\)*+,./:;<=>?@\[\]^`\{|}~"
_SEPARATORS = "\u0020\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"  # \p{Z}
_UNICODE_CHAR = rf"[^{_PUNCTUATION}{_JAVA_SPACE}{_SEPARATORS}\u2000-\u206f]"
_UNICODE_DOMAIN_NAME = rf"(?:(?:{_UNICODE_CHAR}(?:{_UNICODE_CHAR}|-)*)?{_UNICODE_CHAR}\.)"
_DOMAIN = (
    rf"(?:{_SUBDOMAIN}*{_DOMAIN_NAME}(?:{_GTLD}|{_CCTLD}|{_PUNYCODE}))"
    rf"|(?:(?:(?<=https://)|(?<=http://))(?:(?:{_DOMAIN_NAME}{_CCTLD})|(?:{_UNICODE_DOMAIN_NAME}(?:{_GTLD}|{_CCTLD}))))"
    rf"|(?:{_DOMAIN_NAME}{_CCTLD}(?=/))"
)
_PATH_CHARS = rf"[a-z0-9!\*';:=\+,.\$/%#\[\]\-\u2013_~\|&@{_LATIN_ACCENTS}{_CYRILLIC}]"
_BALANCED_PARENS = rf"\((?:{_PATH_CHARS}+|(?:{_PATH_CHARS}*\({_PATH_CHARS}+\){_PATH_CHARS}*))\)"
_PATH_ENDING = rf"[a-z0-9=_#/\-\+{_LATIN_ACCENTS}{_CYRILLIC}]|(?:{_BALANCED_PARENS})"
_PATH = (
    rf"(?:(?:{_PATH_CHARS}*(?:{_BALANCED_PARENS}{_PATH_CHARS}*)*(?:{_PATH_ENDING}))"
    rf"|(?:@{_PATH_CHARS}+/))"
)
_QUERY_CHARS = r"[a-z0-9!?\*'\(\);:&=\+\$/%#\[\]\-_\.,~\|@]"
_QUERY_ENDING = r"[a-z0-9\-_&=#/]"
_URL = re.compile(
    rf"((?:[^a-z0-9@\uff20$#\uff03{_INVALID_CHARACTERS}]|[{_DIRECTIONAL}]|^))"  # 1 before
    rf"((https?://)?"  # 2 url, 3 protocol
    rf"({_DOMAIN})"  # 4 domain
    r"(?::([0-9]++))?"  # 5 port
    rf"(/{_PATH}*+)?"  # 6 path
    rf"(\?{_QUERY_CHARS}*{_QUERY_ENDING})?)",  # 7 query
    _ASCII_FLAGS,
)
_INVALID_URL_WITHOUT_PROTOCOL_BEFORE = re.compile(r"[-_./]")
_TCO_URL = re.compile(
    rf"^https?://t\.co/([a-z0-9]+)(?:\?{_QUERY_CHARS}*{_QUERY_ENDING})?", _ASCII_FLAGS
)
_MAX_URL_LENGTH = 4096
_MAX_TCO_SLUG_LENGTH = 40
_PROTOCOL_LENGTH = len("https://")

# Emoji: a keycap, a flag (regional-indicator pair), or a pictograph with its
# modifiers, tag sequence and ZWJ-joined parts. Such a sequence counts as emoji when
# it is shown as one: an emoji-presentation character or the U+FE0F selector
# (a bare "©" or "❤" is text).
_EMOJI_HINT = regex.compile(r"[\p{Extended_Pictographic}\p{Regional_Indicator}\u20e3]")
# Every character _EMOJI_HINT matches lies in these ranges (a test checks all of
# Unicode); the stdlib engine rejects Korean prose with it three times faster.
_EMOJI_RANGES = re.compile(
    "[\u00a9\u00ae\u203c\u2049\u20e3\u2122\u2139\u2194-\u2b55"
    "\u3030\u303d\u3297\u3299\U0001f000-\U0001ffff]"
)
_PICTOGRAPH = r"[\p{Extended_Pictographic}\p{Emoji_Presentation}]"
_EMOJI_SEQUENCE = regex.compile(
    r"[#*0-9]\ufe0f?\u20e3"
    r"|\p{Regional_Indicator}{2}"
    rf"|{_PICTOGRAPH}(?:\p{{Emoji_Modifier}}|\ufe0f|[\U000e0020-\U000e007e]+\U000e007f)*"
    rf"(?:\u200d{_PICTOGRAPH}(?:\p{{Emoji_Modifier}}|\ufe0f)*)*"
)
_SHOWN_AS_EMOJI = regex.compile(r"\p{Emoji_Presentation}|\ufe0f|\u20e3|\p{Regional_Indicator}")


# -- per-kind extraction (the conformance suite calls these) -----------------------


def extract_hashtags_with_indices(text: str, *, check_url_overlap: bool = True) -> list[Entity]:
    if not text or ("#" not in text and "\uff03" not in text):
        return []
    found = []
    for match in _hashtag_matches(text):
        end = match.end()
        if _invalid_hashtag_end(text, end):
            continue
        start = match.start(2)  # the sign; the tag runs to the end of the match
        found.append(_new_entity(("hashtag", text[start:end], start, end, None, "")))
    if check_url_overlap and found:
        urls = extract_urls_with_indices(text)
        if urls:
            found = [e for e in _remove_overlapping([*found, *urls]) if e.kind == "hashtag"]
    return found


def _invalid_hashtag_end(text: str, end: int) -> bool:
    """Twitter's invalid hashtag end (`[#＃]|://` right after the tag), as plain string
    tests: a regex call costs more than the test itself."""
    return text[end : end + 1] in ("#", "\uff03") or text.startswith("://", end)


def _positions(text: str, signs: str) -> list[int]:
    """Indices of any of the characters `signs` in `text`, in order (str.find is
    several times faster than a one-character regex)."""
    positions: list[int] = []
    for sign in signs:
        index = text.find(sign)
        while index >= 0:
            positions.append(index)
            index = text.find(sign, index + 1)
    if len(signs) > 1:
        positions.sort()
    return positions


def _hashtag_matches(text: str) -> list[re.Match[str] | regex.Match[str]]:
    """What `_HASHTAG.finditer(text)` finds, trying the pattern only where a # is.

    A match starts one character before its # (or at the very start), and finditer
    resumes after the previous match, so a # whose preceding character that match
    consumed cannot start one. Several times faster than scanning every position.
    """
    matches: list[re.Match[str] | regex.Match[str]] = []
    resume = 0
    for position in _positions(text, "#\uff03"):
        start = position - 1 if position else 0
        if start < resume:
            continue
        match = _HASHTAG_COMMON.match(text, start) or _HASHTAG.match(text, start)
        if match is not None:
            matches.append(match)
            resume = match.end()
    return matches


def extract_hashtags(text: str) -> list[str]:
    return [entity.value for entity in extract_hashtags_with_indices(text)]


def extract_mentions_or_lists_with_indices(text: str) -> list[Entity]:
    if not text or ("@" not in text and "\uff20" not in text):
        return []
    found = []
    # A match starts at most four characters before its first at sign (" RT:@"), so
    # the scan can begin there: what comes before cannot hold a mention.
    first = min(position for sign in _AT_SIGNS if (position := text.find(sign)) >= 0)
    for match in _MENTION_OR_LIST.finditer(text, max(first - 4, 0)):
        if _INVALID_MENTION_END.match(text, match.end()):
            continue
        start = match.start(3) - 1  # the last at sign
        slug = match.group(4)
        end = match.end(4) if slug else match.end(3)
        found.append(_new_entity(("mention", text[start:end], start, end, slug, "")))
    return found


def extract_mentions_with_indices(text: str) -> list[Entity]:
    return [e for e in extract_mentions_or_lists_with_indices(text) if e.list_slug is None]


def extract_mentions(text: str) -> list[str]:
    return [entity.value for entity in extract_mentions_with_indices(text)]


def extract_reply_screen_name(text: str) -> str | None:
    match = _REPLY.match(text or "")
    if match is None or _INVALID_MENTION_END.match(text, match.end()):
        return None
    return str(match.group(1))


@functools.lru_cache(maxsize=4096)
def _ascii_host(host: str) -> str:
    """The host in IDNA form, "" when it is not a valid host name (articles repeat the
    same few hosts, and the codec is slow)."""
    try:
        return host.encode("idna").decode("ascii") if host else ""
    except UnicodeError:
        return ""


def _valid_host_and_length(url_length: int, protocol: str | None, host: str) -> bool:
    """RFC 3490/1035 host (via IDNA) and the whole URL within Twitter's 4096 limit."""
    ascii_host = _ascii_host(host)
    if not ascii_host:
        return False
    length = url_length + len(ascii_host) - len(host)
    return length + (0 if protocol else _PROTOCOL_LENGTH) <= _MAX_URL_LENGTH


def extract_urls_with_indices(text: str) -> list[Entity]:
    if not text or "." not in text:
        return []
    found = []
    for match in _url_matches(text):
        protocol = match.group(3)
        if not protocol and _INVALID_URL_WITHOUT_PROTOCOL_BEFORE.fullmatch(match.group(1)):
            continue
        url, start, end = match.group(2), match.start(2), match.end(2)
        tco = _TCO_URL.match(url)
        if tco:
            # t.co: no extra path characters, and a slug of at most 40 characters.
            if len(tco.group(1)) > _MAX_TCO_SLUG_LENGTH:
                continue
            url = tco.group(0)
            end = start + len(url)
        if _valid_host_and_length(len(url), protocol, match.group(4)):
            found.append(_new_entity(("url", url, start, end, None, "")))
    return found


# A run where some dot is followed by a letter or digit: "moments." cannot hold a URL.
# (?<!\S) tries each run once, at its start; the stdlib engine is faster for this scan.
_DOTTED_RUN = re.compile(r"(?<!\S)\S*\.[^\W_]\S*")
_INNER_DOT = re.compile(r"\.[^\W_]")


def _url_matches(text: str) -> list[re.Match[str]]:
    """URL matches, trying the pattern only on whitespace-free runs with an inner dot.

    A URL never spans whitespace and the pattern looks at most one character before
    a URL (which is then whitespace), so scanning these windows finds exactly what a
    scan of the whole text finds, several times faster on ordinary prose.
    """
    matches: list[re.Match[str]] = []
    if _INNER_DOT.search(text) is None:
        return matches
    for run in _DOTTED_RUN.finditer(text):
        matches.extend(_URL.finditer(text, max(run.start() - 1, 0), run.end()))
    return matches


def extract_urls(text: str) -> list[str]:
    return [entity.text for entity in extract_urls_with_indices(text)]


def extract_cashtags_with_indices(text: str) -> list[Entity]:
    if not text or "$" not in text:
        return []
    return [
        Entity("cashtag", match.group(2) + match.group(3), match.start(2), match.end(3))
        for match in _CASHTAG.finditer(text)
    ]


def extract_cashtags(text: str) -> list[str]:
    return [entity.value for entity in extract_cashtags_with_indices(text)]


def extract_emoji(text: str) -> list[Entity]:
    if not text or _EMOJI_RANGES.search(text) is None or _EMOJI_HINT.search(text) is None:
        return []
    return [
        Entity("emoji", match.group(), match.start(), match.end())
        for match in _EMOJI_SEQUENCE.finditer(text)
        if _SHOWN_AS_EMOJI.search(match.group())
    ]


_START = operator.attrgetter("start")


def _remove_overlapping(entities: list[Entity]) -> list[Entity]:
    """Sorted by start; of two overlapping entities the earlier one wins (a URL over
    the hashtag inside it), as in twitter-text."""
    kept: list[Entity] = []
    for entity in sorted(entities, key=_START):
        if kept and kept[-1].end > entity.start:
            continue
        kept.append(entity)
    return kept


def extract(text: str) -> list[Entity]:
    """All tweet entities of `text` in order, by Twitter's rules (the DESIGN.md contract)."""
    if not text:
        return []
    found = extract_urls_with_indices(text)
    found += extract_hashtags_with_indices(text, check_url_overlap=False)
    found += extract_mentions_or_lists_with_indices(text)
    found += extract_cashtags_with_indices(text)
    found += extract_emoji(text)
    return _remove_overlapping(found) if len(found) > 1 else found


# -- the Korean article view --------------------------------------------------------

# Particles (and common particle sequences) that follow a kept Latin token. Longest
# first, so 에서는 is found before 에서 and 에.
PARTICLES: tuple[str, ...] = tuple(
    sorted(
        {
            "이",
            "가",
            "을",
            "를",
            "은",
            "는",
            "의",
            "에",
            "에서",
            "에게",
            "께",
            "한테",
            "와",
            "과",
            "로",
            "으로",
            "도",
            "만",
            "까지",
            "부터",
            "처럼",
            "보다",
            "이나",
            "나",
            "랑",
            "이랑",
            "이라는",
            "라는",
            "이란",
            "란",
            "이다",
            "다",
            "입니다",
            "이에요",
            "예요",
            "이야",
            "야",
            "와의",
            "과의",
            "에서의",
            "에는",
            "에도",
            "에서는",
            "에서도",
            "으로는",
            "로는",
            "으로도",
            "로도",
            "만의",
            "마다",
            "조차",
            "까지는",
            "부터는",
            "에게는",
            "에게도",
            "의해",
            "에의",
            "이며",
            "며",
            "이고",
            "고",
            "이었",
            "였",
            "들",
            "들이",
            "들을",
            "들은",
            "들의",
            "들과",
            "에게서",
            "한테서",
            "으로서",
            "로서",
            "으로써",
            "로써",
            "께서",
            "이라고",
            "라고",
            "이라며",
            "라며",
            "인",
            "이든",
            "든",
            "이면",
            "면",
            "을까",
            "를까",
            "쯤",
            "뿐",
            "밖에",
            "대로",
        },
        key=lambda particle: (-len(particle), particle),
    )
)
_PARTICLE_SET = frozenset(PARTICLES)
# A token can carry a particle only if it ends with a particle's last letter, and
# Hangul after a mention can be one only if it starts with a particle's first: two
# set lookups that spare most tokens the splitting below.
_PARTICLE_LASTS = frozenset(particle[-1] for particle in PARTICLES)
_PARTICLE_FIRSTS = frozenset(particle[0] for particle in PARTICLES)
_LONGEST_PARTICLE = max(map(len, PARTICLES))
_LATIN_THEN_HANGUL = regex.compile(r"^([\p{Latin}\p{Nd}_]*[\p{Latin}\p{Nd}])(\p{Hangul}+)$")


@functools.lru_cache(maxsize=16)
def _lowered(known: frozenset[str]) -> frozenset[str]:
    """The known tokens in lower case (QA passes the same frozenset for a whole run)."""
    return frozenset(token.lower() for token in known)


def split_particle(value: str, known: Collection[str] = ()) -> tuple[str, str]:
    """Split a token's value into (token, particle) the way a Korean reader means it.

    `CXTweetChat에서` -> (`CXTweetChat`, `에서`); `Loc채팅` -> (`Loc채팅`, ``) because
    채팅 is a word, not a particle. With `known` token values (e.g. the source's
    hashtags), the longest known prefix followed by a particle wins; case is ignored
    in that comparison.
    """
    if not value or value[-1] not in _PARTICLE_LASTS:
        return value, ""
    if known:
        lowered_known = (
            _lowered(known)
            if isinstance(known, frozenset)
            else frozenset(token.lower() for token in known)
        )
        # The longest known token is the one with the shortest particle after it.
        for length in range(1, min(_LONGEST_PARTICLE, len(value) - 1) + 1):
            tail = value[-length:]
            if tail in _PARTICLE_SET and value[:-length].lower() in lowered_known:
                return value[:-length], tail
    match = _LATIN_THEN_HANGUL.match(value)
    if match and match.group(2) in _PARTICLE_SET:
        return match.group(1), match.group(2)
    return value, ""


def extract_for_article(text: str, known: Collection[str] = ()) -> list[Entity]:
    """Entities as a Korean article means them: particles split off hashtags and kept
    in `.particle`; a mention's following particle is recorded the same way."""
    return article_view(text, extract(text), known)


def article_view(text: str, entities: list[Entity], known: Collection[str] = ()) -> list[Entity]:
    """`extract_for_article` for entities already extracted from `text`."""
    return [_article_entity(text, entity, known) for entity in entities]


def _article_entity(text: str, entity: Entity, known: Collection[str]) -> Entity:
    if entity.kind == "hashtag":
        token, particle = split_particle(entity.value, known)
        if particle:
            token_text = entity.text[: 1 + len(token)]
            return entity._replace(
                text=token_text, end=entity.start + len(token_text), particle=particle
            )
    elif (
        entity.kind == "mention"
        and not entity.list_slug
        and text[entity.end : entity.end + 1] in _PARTICLE_FIRSTS
    ):
        following = _following_hangul(text, entity.end)
        if following in _PARTICLE_SET:
            return entity._replace(particle=following)
    return entity


_HANGUL_RUN = regex.compile(r"\p{Hangul}+")


def _following_hangul(text: str, index: int) -> str:
    match = _HANGUL_RUN.match(text, index)
    return match.group() if match else ""
