"""Checks on tweet tokens: what machine translation does to hashtags, mentions and URLs."""

from __future__ import annotations

import re
from collections.abc import Sequence

from cxeditor.i18n import N_, _
from cxeditor.qa.base import ArticleContext, Check, Finding, Severity, Unit
from cxeditor.qa.tokens import match_tokens
from cxeditor.text.damage import State

_KIND_NAMES = {
    "hashtag": N_("hashtag"),
    "mention": N_("mention"),
    "url": N_("URL"),
    "cashtag": N_("cashtag"),
    "emoji": N_("emoji"),
}


_FULL_WIDTH_HASH = "\uff03"
_FULL_WIDTH_AT = "\uff20"


class EntityMissing(Check):
    check_id = "entity-missing"
    name = N_("Token missing")
    severity = Severity.ERROR

    def detect(self, unit: Unit, context: ArticleContext) -> Sequence[Finding]:
        if not unit.target.strip():
            return ()  # not translated yet: "untranslated" says so, once
        found: list[Finding] = []
        for match in match_tokens(unit, context):
            if match.state is State.MISSING:
                kind = match.source.kind
                # A lost emoji is a style matter; a lost hashtag, mention or URL breaks the tweet.
                severity = Severity.WARNING if kind == "emoji" else Severity.ERROR
                end = len(unit.target)
                message = _("The {kind} {token} of the source is missing").format(
                    kind=_(_KIND_NAMES[kind]), token=match.source.text
                )
                found.append(self.finding(unit, message, end, end, severity=severity))
        return found


class GarbledHashtag(Check):
    check_id = "garbled-hashtag"
    name = N_("Garbled hashtag")
    severity = Severity.ERROR

    def detect(self, unit: Unit, context: ArticleContext) -> Sequence[Finding]:
        found: list[Finding] = []
        for match in match_tokens(unit, context):
            if match.source.kind != "hashtag":
                continue
            token = match.source.text
            if match.state is State.GARBLED:
                message = _("{found} looks like a damaged {token}").format(
                    found=unit.target[match.start : match.end], token=token
                )
            elif match.state is State.NO_HASH:
                message = _("The # of {token} was dropped").format(token=token)
            else:
                continue
            found.append(self.finding(unit, message, match.start, match.end, token))
        return found


class TranslatedHashtag(Check):
    check_id = "translated-hashtag"
    name = N_("Translated hashtag")
    severity = Severity.ERROR

    def detect(self, unit: Unit, context: ArticleContext) -> Sequence[Finding]:
        found: list[Finding] = []
        for match in match_tokens(unit, context):
            if match.source.kind != "hashtag":
                continue
            if match.state is State.TRANSLATED:
                message = _("Hashtag {token} was translated; keep it as in the source").format(
                    token=match.source.text
                )
                found.append(self.finding(unit, message, match.start, match.end, match.source.text))
            elif match.state is State.HANGUL:  # Korean-only: the original is not known
                message = _(
                    "Hashtag {found} is in Korean: a quoted tweet's hashtags stay as the "
                    "original wrote them"
                ).format(found=unit.target[match.start : match.end])
                found.append(
                    self.finding(unit, message, match.start, match.end, severity=Severity.WARNING)
                )
        return found


class HashtagVariant(Check):
    check_id = "hashtag-variant"
    name = N_("Hashtag spelling varies")
    severity = Severity.WARNING

    def detect(self, unit: Unit, context: ArticleContext) -> Sequence[Finding]:
        found: list[Finding] = []
        recased: set[int] = set()
        if unit.source:  # the source's author wrote it so: re-cased by MT
            for match in match_tokens(unit, context):
                if match.source.kind == "hashtag" and match.state is State.CASE:
                    recased.add(match.start)
                    message = _("{found} is written {token} in the source").format(
                        found=unit.target[match.start : match.end], token=match.source.text
                    )
                    found.append(
                        self.finding(unit, message, match.start, match.end, match.source.text)
                    )
        for entity in unit.target_entities:
            if entity.kind != "hashtag" or entity.start in recased:
                continue
            value = entity.value
            canonical = context.known_hashtags.get(value.lower(), value)
            if entity.text[0] == _FULL_WIDTH_HASH:  # Twitter takes it; print does not
                message = _("Write {found} with a half-width #").format(found=entity.text)
                found.append(self.finding(unit, message, entity.start, entity.end, "#" + value))
            elif canonical != value and not unit.in_tweet and value not in unit.source:
                # Hashtags are case-insensitive, and a quoted tweet keeps its author's
                # spelling; in the article's own prose one casing may be house style.
                message = _("{found} is written {canonical} elsewhere").format(
                    found=entity.text, canonical="#" + canonical
                )
                found.append(
                    self.finding(unit, message, entity.start, entity.end, severity=Severity.INFO)
                )
        return found


class ParticleOnToken(Check):
    check_id = "particle-on-token"
    name = N_("Particle glued to a token")
    severity = Severity.WARNING

    def detect(self, unit: Unit, context: ArticleContext) -> Sequence[Finding]:
        found: list[Finding] = []
        for entity in unit.target_entities:
            # A mention is left alone: Twitter ends a handle at Hangul, so it still works.
            if not entity.particle or entity.kind != "hashtag":
                continue
            end = entity.end + len(entity.particle)
            if unit.in_tweet:
                message = _(
                    "To Twitter, {tag} is a different hashtag than {token}: separate the particle"
                ).format(tag=unit.target[entity.start : end], token=entity.text)
                severity = Severity.ERROR
            else:
                message = _(
                    "Particle {particle} is glued to {token}; exports will link the real tag"
                ).format(particle=entity.particle, token=entity.text)
                severity = Severity.INFO
            found.append(self.finding(unit, message, entity.start, end, severity=severity))
        return found


class BrokenUrl(Check):
    check_id = "broken-url"
    name = N_("Broken URL")
    severity = Severity.ERROR

    def detect(self, unit: Unit, context: ArticleContext) -> Sequence[Finding]:
        return [
            self.finding(
                unit,
                _("The URL {url} was broken (a space inserted or the case changed)").format(
                    url=match.source.text
                ),
                match.start,
                match.end,
                match.source.text,
            )
            for match in match_tokens(unit, context)
            if match.state is State.BROKEN
        ]


class MentionCase(Check):
    check_id = "mention-case"
    name = N_("Handle changed: re-cased, misspelt, transliterated or its @ dropped")
    severity = Severity.WARNING

    def detect(self, unit: Unit, context: ArticleContext) -> Sequence[Finding]:
        found: list[Finding] = []
        imported = unit.analysis.get("imported_handle")
        if isinstance(imported, str) and unit.tweet is not None:
            message = _(
                "The imported translation wrote the author's handle as {found}; "
                "the attribution keeps @{handle}"
            ).format(found=imported, handle=unit.tweet.handle)
            found.append(self.finding(unit, message, 0, 0))
        for match in match_tokens(unit, context):
            if match.source.kind != "mention":
                continue
            token = match.source.text
            written = unit.target[match.start : match.end]
            if match.state is State.NO_HASH:  # no longer a mention at all
                message = _("The @ of {token} was dropped").format(token=token)
                severity = Severity.ERROR
            elif match.state is State.TRANSLATED:  # "@젠데스크": Twitter links nothing
                message = _("{found} should be written {token}: a handle is not translated").format(
                    found=written, token=token
                )
                severity = Severity.ERROR
            elif match.state is State.HANGUL:
                message = _(
                    "{found} is not a handle: a handle is written in Latin letters, "
                    "digits and _, as on Twitter"
                ).format(found=written)
                found.append(self.finding(unit, message, match.start, match.end))
                continue
            elif match.state is State.CASE:
                message = _("{found} should be written {token}").format(found=written, token=token)
                severity = Severity.WARNING
            elif match.state is State.GARBLED:  # another handle: the mention goes elsewhere
                message = _("{found} looks like a damaged {token}").format(
                    found=written, token=token
                )
                severity = Severity.ERROR
            else:
                continue
            found.append(
                self.finding(unit, message, match.start, match.end, token, severity=severity)
            )
        if _FULL_WIDTH_AT not in unit.target:
            return found
        for entity in unit.target_entities:  # "＠Zendesk": Twitter takes it; print does not
            if entity.kind == "mention" and entity.text[0] == _FULL_WIDTH_AT:
                message = _("Write {found} with a half-width @").format(found=entity.text)
                fix = "@" + entity.text[1:]
                found.append(self.finding(unit, message, entity.start, entity.end, fix))
        return found


class MtTokenGuess(Check):
    check_id = "mt-token"
    name = N_("Token placed by a guess")
    severity = Severity.WARNING

    def detect(self, unit: Unit, context: ArticleContext) -> Sequence[Finding]:
        problem = unit.analysis.get("mt_problem")
        if not isinstance(problem, str) or not problem:
            return ()
        message = _(
            "Machine translation lost or duplicated {tokens}; check where they were put back"
        ).format(tokens=problem)
        return (self.finding(unit, message, 0, len(unit.target)),)


# Footnote digits and invisible characters pasted from a web page next to a token:
# they hide in print and break the token on Twitter (`¹@acme`, `\u200b#LocChat`).
_STRAY = re.compile(r"[\u00b9\u00b2\u00b3\u2070-\u2079\u200b-\u200d\u2060\ufeff\u00ad]+")
_TOKEN_START = re.compile(r"[#@\uff03\uff20]|https?://", re.IGNORECASE)


class StrayCharacter(Check):
    check_id = "stray-character"
    name = N_("Stray character next to a token")
    severity = Severity.WARNING

    def detect(self, unit: Unit, context: ArticleContext) -> Sequence[Finding]:
        target = unit.target
        if _STRAY.search(target) is None:  # one scan rules out nearly every segment
            return ()
        ends = {entity.end for entity in unit.twitter_target_entities}
        found: list[Finding] = []
        for match in _STRAY.finditer(target):
            start, end = match.start(), match.end()
            if _TOKEN_START.match(target, end) is None and start not in ends:
                continue
            shown = match.group().encode("unicode_escape").decode("ascii")
            message = _("A stray character ({char}) is glued to a token").format(char=shown)
            found.append(self.finding(unit, message, start, end, ""))
        return found
