"""Checks that need the whole article as evidence: names, chat labels, dates, metadata."""

from __future__ import annotations

import re
from collections.abc import Sequence

from cxeditor.formats.blocks import GLUED_ON_IMPORT
from cxeditor.i18n import N_, _
from cxeditor.model import BlockKind, Tweet
from cxeditor.qa.base import ArticleContext, Check, Finding, Severity, Unit
from cxeditor.text.dates import DateMatch, find_dates, format_korean
from cxeditor.text.korean import has_hangul

# "A1:", "Q3.", "A2)" at the start of a segment; a translated label is any short word
# with the number ("답2.", "질문3:").
CHAT_LABEL = re.compile(r"^\s*(?P<letter>[AQ])(?P<number>\d{1,2})(?P<mark>[:.)])", re.IGNORECASE)
_ANY_LABEL = re.compile(
    r"^\s*(?P<word>[^\s\d:.)：]{1,4})\s?(?P<number>\d{1,2})\s?(?P<mark>[:.)：])(?!\d)"
)
# With the source's label to go by, a bare "1:" (the letter lost) is a label too.
_NUMBER_LABEL = re.compile(r"^\s*(?P<word>)(?P<number>\d{1,2})\s?(?P<mark>[:.)：])(?!\d)")
# ... and so is "A1" with its mark lost ("A1 신뢰는").
_UNMARKED_LABEL = re.compile(r"^\s*(?P<word>[AQ])\s?(?P<number>\d{1,2})(?P<mark>)(?=\s)", re.I)
_QUESTION_WORDS = frozenset({"질문", "문", "질", "Q", "q"})
_PUBLISHED_GLUE = re.compile(
    r"(?:published|posted|게시\s*됨|게시일|게시|발행)\s*[:：]?\s*\d{4}-\d{1,2}-\d{1,2}(?=[^\s\d])",
    re.IGNORECASE,
)
_ISO_DATE_START = re.compile(r"\d{4}-")  # without one there is no glued Published line


class NamePolicy(Check):
    check_id = "name-policy"
    name = N_("Tweet author names inconsistent")
    severity = Severity.WARNING

    def detect(self, unit: Unit, context: ArticleContext) -> Sequence[Finding]:
        if not unit.in_tweet:
            if context.author_first_word is not None and unit.source and unit.target:
                return self._names_in_text(unit, context.author_first_word, context)
            return ()
        if unit.tweet is None:
            return ()
        message = (
            self._attribution_with_source(unit, unit.tweet, context)
            if context.has_source
            else self._attribution_alone(unit.tweet, context)
        )
        return (self.finding(unit, message, 0, 0),) if message else ()

    @staticmethod
    def _attribution_with_source(unit: Unit, tweet: Tweet, context: ArticleContext) -> str:
        """Attributions hold the source's names; the policy decides what is published."""
        imported = unit.analysis.get("imported_name")
        if context.name_policy == "keep":
            if isinstance(imported, str) and has_hangul(imported):
                return _(
                    "The imported translation transliterated the author "
                    "name as {name}; the attribution keeps {source}"
                ).format(name=imported, source=tweet.name)
        elif tweet.name not in context.korean_names and not has_hangul(tweet.name):
            return _(
                "No Korean spelling for the author name {name}: add one to the "
                "glossary, or it is published as in the source"
            ).format(name=tweet.name)
        return ""

    @staticmethod
    def _attribution_alone(tweet: Tweet, context: ArticleContext) -> str:
        """Korean-only: the article's other attributions are the evidence."""
        if len(context.tweets) < 2:
            return ""
        transliterated = has_hangul(tweet.name)
        if context.name_policy == "keep" and transliterated and context.latin_names:
            return _(
                "Author name {name} (@{handle}) is transliterated while "
                "others are kept as in the source"
            ).format(name=tweet.name, handle=tweet.handle)
        if context.name_policy == "transliterate" and not transliterated and context.hangul_names:
            return _("Author name {name} (@{handle}) is not transliterated like the others").format(
                name=tweet.name, handle=tweet.handle
            )
        return ""

    def _names_in_text(
        self, unit: Unit, first_word: re.Pattern[str], context: ArticleContext
    ) -> list[Finding]:
        """Authors named in the article's own text ("with guest Vincenzo Landino") are
        written as their attributions are published."""
        found: list[Finding] = []
        source = unit.source
        for word in first_word.finditer(source):
            start = word.start()
            if start and (source[start - 1].isalnum() or source[start - 1] in "_@#"):
                continue  # inside a word, a handle or a tag
            for name in context.authors_by_first_word.get(word.group(), ()):
                if not source.startswith(name, start):
                    continue
                if context.name_policy == "keep":
                    if name not in unit.target and has_hangul(unit.target):
                        message = _(
                            "{name} is not written as in the source (names are kept)"
                        ).format(name=name)
                        found.append(self.finding(unit, message, 0, 0))
                elif (korean := context.korean_names.get(name)) and korean not in unit.target:
                    message = _(
                        "{name} is published as {korean}; write it the same way here"
                    ).format(name=name, korean=korean)
                    found.append(self.finding(unit, message, 0, 0))
                break
        return found


class ChatLabel(Check):
    check_id = "chat-label"
    name = N_("Chat label changed")
    severity = Severity.ERROR

    def detect(self, unit: Unit, context: ArticleContext) -> Sequence[Finding]:
        expected = self._expected_label(unit, context)
        if expected is None or not unit.target.strip():
            return ()
        found = _ANY_LABEL.match(unit.target)
        if found is None and unit.source:
            found = _NUMBER_LABEL.match(unit.target) or _UNMARKED_LABEL.match(unit.target)
        if found is not None and found.group().strip() == expected:
            return ()
        if found is not None:
            message = _("Chat label {found} should stay {label}").format(
                found=found.group().strip(), label=expected
            )
            end = found.end("mark")
            # "A1：신뢰" -> "A1: 신뢰"
            fix = expected if unit.target[end : end + 1].isspace() else expected + " "
            return (self.finding(unit, message, found.start("word"), end, fix),)
        if not unit.source:
            return ()
        if expected in unit.target:  # moved, not lost: putting one at the start would double it
            message = _("Chat label {label} should be at the start").format(label=expected)
            return (self.finding(unit, message, 0, 0),)
        message = _("Chat label {label} is missing at the start").format(label=expected)
        return (self.finding(unit, message, 0, 0, expected + " "),)

    @staticmethod
    def _expected_label(unit: Unit, context: ArticleContext) -> str | None:
        if unit.source:
            match = CHAT_LABEL.match(unit.source)
            return match.group().strip() if match else None
        found = _ANY_LABEL.match(unit.target)
        if found is None:
            return None
        style = context.chat_label_style.get("A")  # e.g. "A{n}:": the article has labels
        is_latin = CHAT_LABEL.match(unit.target) is not None
        if style is None or is_latin:
            return None
        # The letter comes back; the label keeps its own mark ("답3." -> "A3.").
        letter = "Q" if found.group("word") in _QUESTION_WORDS else "A"
        mark = found.group("mark").replace("：", ":")
        return f"{letter}{found.group('number')}{mark}"


class DateFormat(Check):
    check_id = "date-format"
    name = N_("Date not in Korean form")
    severity = Severity.WARNING

    def detect(self, unit: Unit, context: ArticleContext) -> Sequence[Finding]:
        # most texts have no slash: the call is skipped (20,000 of them cost 2 ms)
        found = _month_day_dates(self, unit, context) if "/" in unit.target else []
        target_dates = find_dates(unit.target)
        if not target_dates:
            return found
        source_matches = unit.from_source("dates", find_dates)
        source_dates = {match.date for match in source_matches}
        for match in target_dates:
            if source_dates and match.date not in source_dates:
                message = _("{date} is not the date of the source").format(date=match.text)
                found.append(
                    self.finding(unit, message, match.start, match.end, severity=Severity.ERROR)
                )
            elif match.style in _NOT_KOREAN_STYLES:
                korean = format_korean(match.date)
                if not context.month_first_dates and _ambiguous_numeric(match, source_matches):
                    message = _(
                        "Write the date the Korean way: {korean}, if {date} is month/day/year"
                    ).format(korean=korean, date=match.text)
                    found.append(self.finding(unit, message, match.start, match.end))
                else:
                    message = _("Write the date the Korean way: {korean}").format(korean=korean)
                    found.append(self.finding(unit, message, match.start, match.end, korean))
        return found


# "5/22" without a year, as US posts write a coming chat's date. A number pair is a
# date only with evidence: the source writes it after "on", "by", "until"… or before a
# time, or the target puts a time or a weekday after it ("5/22 오후 1시", "5/22(수)");
# scores and fractions (3/5, 24/7) have none.
_SLASH_DIGIT = re.compile(r"/[0-9]")  # starts at the slash: the engine jumps to each one
_MONTH_DAY = re.compile(
    r"(?<![0-9A-Za-z/.:,])(?P<month>1[0-2]|0?[1-9])/(?P<day>3[01]|[12][0-9]|0?[1-9])"
    r"(?![0-9A-Za-z/%])"
)
_DATE_BEFORE = r"(?:on|by|until|till|through|from|before|after|since|starting|due)\s+"
_TIME_AFTER = r"\s*(?:,\s*)?(?:at\s+|@\s*)[0-9]"
_KOREAN_TIME_AFTER = re.compile(r"\s*(?:[(（][월화수목금토일][)）]|오전|오후|[0-9]{1,2}\s*시)")


def _month_day_dates(check: Check, unit: Unit, context: ArticleContext) -> list[Finding]:
    target = unit.target
    if _SLASH_DIGIT.search(target) is None:
        return []
    found = []
    for match in _MONTH_DAY.finditer(target):
        written = re.escape(match.group())
        in_source = unit.source and re.search(
            rf"(?:\b{_DATE_BEFORE}{written}(?![\w/])|(?<![\w/]){written}{_TIME_AFTER})",
            unit.source,
            re.IGNORECASE,
        )
        if not in_source and not _KOREAN_TIME_AFTER.match(target, match.end()):
            continue
        month, day = int(match.group("month")), int(match.group("day"))
        korean = f"{month}월 {day}일"
        if day > 12 or month == day or context.month_first_dates:
            message = _("Write the date the Korean way: {korean}").format(korean=korean)
            found.append(check.finding(unit, message, match.start(), match.end(), korean))
        else:
            message = _("Write the date the Korean way: {korean}, if {date} is month/day").format(
                korean=korean, date=match.group()
            )
            found.append(check.finding(unit, message, match.start(), match.end()))
    return found


_NOT_KOREAN_STYLES = frozenset({"english", "english-dmy", "slashed", "us-numeric", "korean-mdy"})


def _ambiguous_numeric(match: DateMatch, source_matches: list[DateMatch]) -> bool:
    """ "11/7/2019" is November 7 in a US article and 11 July in a British one: no fix
    unless the day cannot be a month, or the source writes that date with its name."""
    if match.style != "us-numeric" or match.date.day > 12 or match.date.day == match.date.month:
        return False
    return not any(
        other.date == match.date and other.style != "us-numeric" for other in source_matches
    )


class GluedMetadata(Check):
    check_id = "glued-metadata"
    name = N_("Metadata glued to text")
    severity = Severity.ERROR

    def detect(self, unit: Unit, context: ArticleContext) -> Sequence[Finding]:
        target = unit.target
        has_iso_date = "-" in target and _ISO_DATE_START.search(target) is not None
        match = _PUBLISHED_GLUE.search(target) if has_iso_date else None
        if match is not None:
            # No automatic fix: the two parts belong in separate segments.
            message = _("The Published line is glued to the following text")
            return (self.finding(unit, message, match.start(), match.end()),)
        if unit.kind is BlockKind.META and unit.analysis.get("glued_on_import"):
            message = _(GLUED_ON_IMPORT)
            return (self.finding(unit, message, 0, len(unit.target), severity=Severity.INFO),)
        return ()


_ELLIPSIS = re.compile(r"(?:…|\.{3})\s*$")


class TruncatedTweet(Check):
    check_id = "truncated-tweet"
    name = N_("Truncated tweet")
    severity = Severity.WARNING

    def detect(self, unit: Unit, context: ArticleContext) -> Sequence[Finding]:
        if not unit.in_tweet or ("…" not in unit.target and "..." not in unit.target):
            return ()
        text = unit.target
        for entity in reversed(unit.twitter_target_entities):  # a t.co link may follow
            if text[entity.end :].strip():
                break
            text = text[: entity.start]
        match = _ELLIPSIS.search(text.rstrip())
        if match is None:
            return ()
        message = _(
            "The tweet ends in an ellipsis: its embed text was cut. "
            "Take the full text from the tweet"
        )
        end = match.start() + len(match.group().strip())
        return (self.finding(unit, message, match.start(), end),)
