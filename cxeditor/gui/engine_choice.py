"""The engines the settings name, built the way the CLI builds them: `make_engine` with
the CLI names, each engine's own URL, region, model and e-mail from the settings, its
key from the environment or the keyring (never from the settings file).

Kept out of start-up: the MT modules load requests and the providers' clients.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .settings import MT_EMAIL, MT_MODEL, MT_REGION, Settings

if TYPE_CHECKING:
    from cxeditor.mt.base import Engine
    from cxeditor.tm.glossary import GlossaryEntry

# The engines an editor can choose in Settings (every CLI name but the memory-only tm;
# a test keeps it equal to cxeditor.mt.engines.ENGINE_NAMES, which loads requests).
ENGINE_CHOICES = (
    "google",
    "google-web",
    "deepl",
    "papago",
    "microsoft",
    "libre",
    "mymemory",
    "openai",
)


def build_engine(
    settings: Settings,
    name: str,
    *,
    formality: str = "default",
    papago_glossary: str = "",
    glossary: Sequence[GlossaryEntry] = (),
    context: str = "",
) -> Engine:
    """One engine from the settings, or one clear CxError (no key, a bad URL, …)."""
    from cxeditor.mt.engines import make_engine  # noqa: PLC0415 - loads requests
    from cxeditor.mt.keys import api_key_for  # noqa: PLC0415

    return make_engine(
        name,
        url=settings.engine_url(name),
        # google-web is keyless: a stored Google Cloud key must not travel to the web page.
        api_key=None if name == "google-web" else api_key_for(name),
        region=str(settings.get(MT_REGION)).strip() or None,
        model=str(settings.get(MT_MODEL)).strip() or None,
        email=str(settings.get(MT_EMAIL)).strip() or None,
        formality=formality,
        papago_glossary=papago_glossary,
        glossary=glossary,
        context=context,
    )


def build_engines(
    settings: Settings,
    names: Sequence[str],
    *,
    formality: str = "default",
    papago_glossary: str = "",
    glossary: Sequence[GlossaryEntry] = (),
    context: str = "",
) -> list[Engine]:
    return [
        build_engine(
            settings,
            name,
            formality=formality,
            papago_glossary=papago_glossary,
            glossary=glossary,
            context=context,
        )
        for name in names
    ]
