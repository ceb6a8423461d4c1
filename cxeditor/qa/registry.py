"""The one list of QA checks, in the order their findings are shown."""

from __future__ import annotations

from cxeditor.qa.article_checks import (
    ChatLabel,
    DateFormat,
    GluedMetadata,
    NamePolicy,
    TruncatedTweet,
)
from cxeditor.qa.base import Check
from cxeditor.qa.basic_checks import (
    InconsistentTranslation,
    LengthRatio,
    NumberMismatch,
    SameAsSource,
    Untranslated,
)
from cxeditor.qa.glossary_checks import DntChanged, GlossaryTerm
from cxeditor.qa.korean_checks import (
    DoubleSpace,
    Josa,
    KoreanSpacing,
    ParticleSpacing,
    PunctuationSpacing,
)
from cxeditor.qa.meaning_checks import (
    AmountUnit,
    ComparisonDirection,
    LiteralIdiom,
    NamedThing,
    NegationParity,
    Omission,
)
from cxeditor.qa.prose_checks import BrandName, EnglishLeft
from cxeditor.qa.token_checks import (
    BrokenUrl,
    EntityMissing,
    GarbledHashtag,
    HashtagVariant,
    MentionCase,
    MtTokenGuess,
    ParticleOnToken,
    StrayCharacter,
    TranslatedHashtag,
)

ALL_CHECKS: tuple[Check, ...] = (
    EntityMissing(),
    GarbledHashtag(),
    TranslatedHashtag(),
    HashtagVariant(),
    ParticleOnToken(),
    BrokenUrl(),
    MentionCase(),
    MtTokenGuess(),
    StrayCharacter(),
    Josa(),
    ParticleSpacing(),
    KoreanSpacing(),
    NamePolicy(),
    ChatLabel(),
    DateFormat(),
    GluedMetadata(),
    TruncatedTweet(),
    NumberMismatch(),
    # meaning suspects (English source only): info or warning, never a fix
    NegationParity(),
    ComparisonDirection(),
    LiteralIdiom(),
    Omission(),
    NamedThing(),
    AmountUnit(),
    Untranslated(),
    SameAsSource(),
    EnglishLeft(),
    BrandName(),
    InconsistentTranslation(),
    PunctuationSpacing(),
    DoubleSpace(),
    LengthRatio(),
    GlossaryTerm(),
    DntChanged(),
)
CHECKS_BY_ID = {check.check_id: check for check in ALL_CHECKS}
