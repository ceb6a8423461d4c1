"""Where each tweet token of the source ended up in the target, computed once per unit.

Machine translation keeps a token (`#LocChat`), glues a particle to it (`#LocChat을`),
re-cases it (`#locchat`), garbles it (`#Loc채팅`), splits it (`#Customer Experience`),
drops its `#` (`LocChat`), translates it (`#월드CX데이2024`, `@젠데스크`), breaks it
(`https://t.co/ Ab12`), or loses it.
The token checks only report what this matching found.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from cxeditor.qa.base import ArticleContext, Unit
from cxeditor.text.damage import State, damage_score, damaged_span, spaced_pattern
from cxeditor.text.entities import PARTICLES, Entity
from cxeditor.text.korean import has_hangul

_PARTICLE_TAIL = "|".join(PARTICLES)


class TokenMatch(NamedTuple):
    """(A named tuple, as Entity: a run makes one per source token.)"""

    source: Entity  # the source token (or, without a source, the known canonical form)
    state: State
    start: int = -1  # span in the target (-1 when missing)
    end: int = -1
    target: Entity | None = None


def _find_bare(target: str, value: str, taken: list[tuple[int, int]]) -> tuple[int, int] | None:
    """`value` written without its sigil, as a word (a particle may follow)."""
    pattern = re.compile(
        rf"(?<![#@\w]){re.escape(value)}(?=$|[^\w]|(?:{_PARTICLE_TAIL}))", re.IGNORECASE
    )
    for match in pattern.finditer(target):
        if not any(start < match.end() and match.start() < end for start, end in taken):
            return match.start(), match.end()
    return None


def _find_broken_url(target: str, url: str) -> tuple[int, int] | None:
    """The URL with whitespace inserted anywhere or its case changed."""
    match = spaced_pattern(url).search(target)
    return (match.start(), match.end()) if match else None


def _split_tag_end(target: str, entity: Entity, value: str) -> int | None:
    """Where `#Customer Experience` ends when it is the tag `value` with spaces put in
    by machine translation (`entity` is the `#Customer` Twitter sees)."""
    match = spaced_pattern(value).match(target, entity.start + 1)
    if match is None or match.end() <= entity.end:
        return None
    end = match.end()
    following = target[end : end + 1]
    if following.isascii() and (following.isalnum() or following == "_"):
        return None  # "#Customer Experiences" is not the tag
    return end


def _damaged_span(entity: Entity) -> tuple[int, int]:
    return damaged_span(entity.start, entity.end, entity.value)


# "@젠데스크" for "@Zendesk": a handle written in Hangul, which Twitter does not link.
_HANGUL_HANDLE = re.compile(r"[@\uff20]\s?([가-힣]+)")


def _hangul_handles(target: str, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans = []
    for match in _HANGUL_HANDLE.finditer(target):
        span = damaged_span(match.start(), match.end(), match.group(1))
        if not any(start < span[1] and span[0] < end for start, end in taken):
            spans.append(span)
    return spans


_STRAY_SIGN = re.compile(r"[#@\uff03\uff20]\s+$")


def _bare_span(target: str, start: int, end: int) -> tuple[int, int]:
    """A bare token's span, with the sign MT split off before it (`# CXTweetChat`)."""
    stray = _STRAY_SIGN.search(target, max(start - 4, 0), start)
    return (stray.start(), end) if stray is not None else (start, end)


def match_tokens(unit: Unit, context: ArticleContext) -> list[TokenMatch]:
    """Source tokens of the unit and where they are in the target (cached per unit)."""
    cached = unit.analysis.get("tokens")
    if cached is None:
        cached = unit.analysis["tokens"] = _match(unit, context)
    assert isinstance(cached, list)
    return cached


def _match(unit: Unit, context: ArticleContext) -> list[TokenMatch]:
    if not unit.source:
        return _match_against_known(unit, context)
    sources = unit.source_entities
    if not sources:
        return []
    target = unit.target
    free = [e for e in unit.target_entities if e.kind in ("hashtag", "mention")]
    taken: list[tuple[int, int]] = [(e.start, e.end) for e in free]
    matches: list[TokenMatch] = []
    pending: list[Entity] = []
    for entity in sources:
        kind = entity.kind
        if kind in ("hashtag", "mention"):
            found, state = _take_same(free, entity)
            if found is None:
                pending.append(entity)
            else:
                matches.append(TokenMatch(entity, state, found.start, found.end, found))
        elif kind == "url":
            position = target.find(entity.text)
            if position >= 0:
                matches.append(
                    TokenMatch(entity, State.EXACT, position, position + len(entity.text))
                )
            elif (span := _find_broken_url(target, entity.text)) is not None:
                matches.append(TokenMatch(entity, State.BROKEN, *span))
            else:
                matches.append(TokenMatch(entity, State.MISSING))
        else:  # cashtags and emoji are kept verbatim or lost
            text = entity.text
            position = target.find(text)
            if position < 0 and "\ufe0f" in text:  # "❤" for "❤️": the same heart
                text = text.replace("\ufe0f", "")
                position = target.find(text)
            state = State.EXACT if position >= 0 else State.MISSING
            end = position + len(text) if position >= 0 else -1
            matches.append(TokenMatch(entity, state, position, end))
    if pending:
        matches.extend(_match_damaged(pending, free, target, taken))
        matches.sort(key=_source_start)
    return matches


def _source_start(match: TokenMatch) -> int:
    return match.source.start


def _take_same(pool: list[Entity], source: Entity) -> tuple[Entity | None, State]:
    """Remove and return the first token of `pool` that is `source` (EXACT; its sign
    may be the full-width one), else the first in another case (CASE)."""
    kind, text = source.kind, source.text
    for index, entity in enumerate(pool):
        if entity.text == text and entity.kind == kind:  # the common case, without .value
            return pool.pop(index), State.EXACT
    value = source.value
    lowered = value.lower()
    recased = -1
    for index, entity in enumerate(pool):
        if entity.kind == kind:
            other = entity.value
            if other == value:
                return pool.pop(index), State.EXACT
            if recased < 0 and other.lower() == lowered:
                recased = index
    if recased >= 0:
        return pool.pop(recased), State.CASE
    return None, State.MISSING


def _match_damaged(
    pending: list[Entity], free: list[Entity], target: str, taken: list[tuple[int, int]]
) -> list[TokenMatch]:
    """Pair source tokens not found intact with damaged target tokens, best first."""
    candidates = []
    for source in pending:  # hashtags, and handles misspelt (@SAPCX for @SAP_CX)
        for entity in free:
            if entity.kind == source.kind:
                scored = damage_score(entity.value, source.value)
                if scored is not None:
                    candidates.append((scored[1], source, entity, scored[0]))
    matches = []
    used_sources: set[int] = set()
    used_targets: set[int] = set()
    for _score, source, entity, state in sorted(candidates, key=lambda c: -c[0]):
        if id(source) in used_sources or id(entity) in used_targets:
            continue
        used_sources.add(id(source))
        used_targets.add(id(entity))
        matches.append(TokenMatch(source, state, *_damaged_span(entity), entity))
    for source in pending:  # "#Customer Experience": the tag with spaces put in
        if source.kind != "hashtag" or id(source) in used_sources:
            continue
        for entity in free:
            if entity.kind != "hashtag" or id(entity) in used_targets:
                continue
            end = _split_tag_end(target, entity, source.value)
            if end is not None:
                used_sources.add(id(source))
                used_targets.add(id(entity))
                taken.append((entity.start, end))
                matches.append(TokenMatch(source, State.GARBLED, entity.start, end, entity))
                break
    # Hashtags written wholly in Hangul ("#감동" for "#impressed") carry no trace of the
    # source; pair them only when the counts leave no doubt.
    left_sources = [s for s in pending if s.kind == "hashtag" and id(s) not in used_sources]
    hangul_tags = left_sources and [
        e for e in free if e.kind == "hashtag" and id(e) not in used_targets and has_hangul(e.value)
    ]
    if left_sources and len(left_sources) == len(hangul_tags):
        for source, entity in zip(left_sources, hangul_tags, strict=True):
            used_sources.add(id(source))
            matches.append(TokenMatch(source, State.TRANSLATED, *_damaged_span(entity), entity))
    lost_mentions = []
    for source in pending:
        if id(source) in used_sources or _add_bare(matches, target, source, taken):
            continue
        if source.kind == "mention":
            lost_mentions.append(source)
        else:
            matches.append(TokenMatch(source, State.MISSING))
    # Handles written in Hangul ("@젠데스크" for "@Zendesk"), paired as Hangul tags are.
    hangul_handles = _hangul_handles(target, taken) if lost_mentions else []
    if len(hangul_handles) == len(lost_mentions):
        for source, span in zip(lost_mentions, hangul_handles, strict=True):
            matches.append(TokenMatch(source, State.TRANSLATED, *span))
    else:
        matches.extend(TokenMatch(source, State.MISSING) for source in lost_mentions)
    return matches


def _add_bare(
    matches: list[TokenMatch], target: str, known: Entity, taken: list[tuple[int, int]]
) -> bool:
    """Match `known` to a free bare word of the target (its sign dropped), if any."""
    bare = _find_bare(target, known.value, taken)
    if bare is None:
        return False
    taken.append(bare)
    matches.append(TokenMatch(known, State.NO_HASH, *_bare_span(target, *bare)))
    return True


_SPLIT_URL = re.compile(r"(?P<head>https?://\S*/)(?P<gap>\s+)(?P<tail>[A-Za-z0-9_-]{4,})")
# "https:// t.co/Ab12Cd34Ef": the space right after the scheme; the rest is a host
# (with a dot) and its path, up to a particle or a closing mark.
_SPLIT_SCHEME = re.compile(
    r"(?P<head>https?://)(?P<gap>\s+)(?P<tail>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/(?:[^\s가-힣]*[^\s가-힣.,!?)])?)"
)


def _match_against_known(unit: Unit, context: ArticleContext) -> list[TokenMatch]:
    """Korean-only projects: compare target tokens with the article's known forms."""
    matches: list[TokenMatch] = []
    taken = [(e.start, e.end) for e in unit.target_entities]
    if "://" in unit.target:
        for pattern in (_SPLIT_URL, _SPLIT_SCHEME):  # "https://t.co/ Ab12", "https:// t.co/Ab12"
            for split in pattern.finditer(unit.target):
                joined = split.group("head") + split.group("tail")
                span = split.start(), split.end()
                matches.append(TokenMatch(Entity("url", joined, -1, -1), State.BROKEN, *span))
    for entity in unit.target_entities:
        # Handles are case-insensitive, but without the source a handle re-cased from
        # the article's own spelling is most often MT's damage (@ExampleCorp ->
        # @examplecorp), even in a quoted tweet; a writer may still capitalise a handle
        # registered in lower case (@Gorgias for @gorgias), as a name.
        if entity.kind == "mention":
            canonical = context.known_handles.get(entity.value.lower())
            if canonical is not None and canonical != entity.value and not canonical.islower():
                matches.append(
                    TokenMatch(
                        Entity("mention", "@" + canonical, -1, -1),
                        State.CASE,
                        entity.start,
                        entity.end,
                        entity,
                    )
                )
        if entity.kind != "hashtag" or entity.value.lower() in context.known_hashtags:
            continue
        best: tuple[float, State, str] | None = None
        for canonical in context.known_hashtags.values():
            scored = damage_score(entity.value, canonical)
            if scored is not None and (best is None or scored[1] > best[0]):
                best = (scored[1], scored[0], canonical)
        if best is not None:
            canonical = best[2]
            if best[1] is State.GARBLED and entity.value.islower():
                canonical = canonical.lower()  # the writer's own casing: #locchta -> #locchat
            known = Entity("hashtag", "#" + canonical, -1, -1)
            matches.append(TokenMatch(known, best[1], *_damaged_span(entity), entity))
        elif has_hangul(entity.value):  # "#고객경험": translated, but from what?
            matches.append(TokenMatch(entity, State.HANGUL, *_damaged_span(entity), entity))
    for start, end in _hangul_handles(unit.target, taken):  # "@젠데스크"
        handle = Entity("mention", unit.target[start:end], start, end)
        matches.append(TokenMatch(handle, State.HANGUL, start, end))
    lowered = unit.target.lower()
    for canonical in context.known_hashtags.values():
        if len(canonical) < 4 or not any(char.isupper() or char.isdigit() for char in canonical):
            continue  # only distinctive tags: "CX" or "team" as a bare word is not a tag
        if canonical.lower() in lowered:
            _add_bare(matches, unit.target, Entity("hashtag", "#" + canonical, -1, -1), taken)
    for canonical in context.known_handles.values():
        # Only handles no word looks like ("SAP_CX", "dosei_loc"): "ExampleCorp" alone
        # is as likely the company's name as its handle without the @.
        if ("_" in canonical or any(char.isdigit() for char in canonical)) and (
            canonical.lower() in lowered
        ):
            _add_bare(matches, unit.target, Entity("mention", "@" + canonical, -1, -1), taken)
    return matches
