"""The engines an editor can name, and `make_engine`, the one place that builds them.

Each engine goes through its provider's current, documented route (one module each):
DeepL through its official client; Microsoft Translator v3, Google Cloud Translation,
Papago on NAVER Cloud Platform, MyMemory, LibreTranslate and any OpenAI-compatible
chat endpoint over their HTTP APIs. deep-translator stays the front only for the
keyless Google web page (`google-web`), the one route where it is the best there is:
it cannot carry the other services' keys in headers, tags or a timeout.

Every engine takes `url`, the provider's base URL as its official client takes it, so
tests and self-hosted gateways can point it anywhere.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

from cxeditor.errors import CxError
from cxeditor.i18n import N_, _
from cxeditor.model import GlossaryEntry
from cxeditor.mt.base import (
    Engine,
    EngineError,
    EngineUnavailable,
    HttpEngine,
    RateLimited,
    TransientError,
    classify,
)

__all__ = [
    "ENGINE_NAMES",
    "KEYED_ENGINES",
    "Engine",
    "EngineError",
    "EngineUnavailable",
    "HttpEngine",
    "RateLimited",
    "TransientError",
    "classify",
    "engine_description",
    "glossary_pairs",
    "make_engine",
    "papago_glossary_key",
]

ENGINE_NAMES = (
    "google",
    "google-web",
    "deepl",
    "papago",
    "microsoft",
    "libre",
    "mymemory",
    "openai",
    "tm",
)
KEYED_ENGINES = frozenset({"google", "deepl", "papago", "microsoft"})
FORMALITIES = ("default", "more", "less")
# A Papago glossary's id as the NAVER Cloud console shows it (letters, digits, - and _).
_GLOSSARY_KEY = re.compile(r"[A-Za-z0-9_-]{1,100}")

_DESCRIPTIONS = {
    "google": N_("Google Cloud Translation (API key)"),
    "google-web": N_("Google's web page (unofficial, no key, one text per request)"),
    "deepl": N_("DeepL (API key; free keys end in :fx)"),
    "papago": N_("Papago on NAVER Cloud Platform (CLIENT_ID:CLIENT_SECRET)"),
    "microsoft": N_("Microsoft Translator (API key, --region)"),
    "libre": N_("LibreTranslate (a server of your own, or libretranslate.com)"),
    "mymemory": N_("MyMemory (no key; an e-mail address raises the daily quota)"),
    "openai": N_("OpenAI-compatible chat endpoint: Ollama, llama.cpp, LM Studio, vLLM, OpenAI"),
    "tm": N_("translation memory only (offline)"),
}


def engine_description(name: str) -> str:
    return _(_DESCRIPTIONS[name])


def glossary_pairs(entries: Iterable[GlossaryEntry]) -> list[tuple[str, str]]:
    """(source, required target) for each usable term: do-not-translate terms map to
    themselves, approved terms to their target; forbidden renderings are left out."""
    pairs = []
    for entry in entries:
        if entry.forbidden or not entry.source.strip():
            continue
        target = entry.source if entry.dnt else entry.target
        if target.strip():
            pairs.append((entry.source, target))
    return pairs


def papago_glossary_key(value: str) -> str:
    """The glossary key as given, stripped ("" for none), or one clear CxError."""
    value = value.strip()
    if value and not _GLOSSARY_KEY.fullmatch(value):
        raise CxError(
            _(
                "a Papago glossary key is the key the NAVER Cloud console shows (letters, "
                "digits, - and _), not {value}"
            ).format(value=value[:40])
        )
    return value


def _check_url(name: str, url: str, has_key: bool) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise CxError(
            _("--engine-url for {engine} must be an http(s) address, not {url}").format(
                engine=name, url=url[:100]
            )
        )
    if parts.username or parts.password or parts.query:
        raise CxError(
            _(
                "--engine-url for {engine} must not carry credentials or a query; keys go "
                "in --api-key-env"
            ).format(engine=name)
        )
    if has_key and parts.scheme == "http" and not _is_loopback(parts.hostname):
        raise CxError(
            _("refusing to send the {engine} key over plain http to {host}; use https").format(
                engine=name, host=parts.hostname
            )
        )
    return url


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def make_engine(
    name: str,
    *,
    url: str | None = None,
    api_key: str | None = None,
    timeout: float | None = None,
    region: str | None = None,
    model: str | None = None,
    email: str | None = None,
    formality: str = "default",
    papago_glossary: str = "",
    glossary: Sequence[GlossaryEntry] = (),
    context: str = "",
) -> Engine:
    """The engine the user named (a CLI/Settings name), or one clear CxError."""
    if name not in ENGINE_NAMES or name == "tm":
        raise CxError(
            _("unknown engine {name} (known: {known})").format(
                name=name, known=", ".join(n for n in ENGINE_NAMES if n != "tm")
            )
        )
    api_key = api_key.strip() if api_key else None
    if name in KEYED_ENGINES and not api_key:
        hint = (
            _("; without a key, --engine google-web uses Google's unofficial web page")
            if name == "google"
            else ""
        )
        raise CxError(
            _(
                "the {engine} engine needs an API key (--api-key-env VAR, or store "
                "one in the system keyring){hint}"
            ).format(engine=name, hint=hint)
        )
    if formality not in FORMALITIES:
        raise CxError(
            _("unknown formality {value} (known: {known})").format(
                value=formality, known=", ".join(FORMALITIES)
            )
        )
    if url is not None:
        url = _check_url(name, url, bool(api_key) and name in KEYED_ENGINES)
    if timeout is not None and not timeout > 0:
        raise CxError(_("--timeout must be a positive number of seconds"))
    # A local model on a laptop is far slower than a cloud API.
    seconds = timeout if timeout is not None else (120.0 if name == "openai" else 15.0)
    pairs = glossary_pairs(glossary)
    if name == "deepl":
        from cxeditor.mt.deepl_engine import DeeplEngine  # noqa: PLC0415 - loads deepl

        assert api_key
        return DeeplEngine(
            api_key=api_key, url=url, formality=formality, glossary=pairs, timeout=seconds
        )
    if name == "microsoft":
        from cxeditor.mt.microsoft import DEFAULT_URL, MicrosoftEngine  # noqa: PLC0415

        assert api_key
        return MicrosoftEngine(
            api_key=api_key, url=url or DEFAULT_URL, region=region or None, timeout=seconds
        )
    if name == "google":
        from cxeditor.mt.google import DEFAULT_URL as GOOGLE_URL  # noqa: PLC0415
        from cxeditor.mt.google import GoogleCloudEngine  # noqa: PLC0415

        assert api_key
        return GoogleCloudEngine(api_key=api_key, url=url or GOOGLE_URL, timeout=seconds)
    if name == "google-web":
        from cxeditor.mt.google import GoogleWebEngine  # noqa: PLC0415

        return GoogleWebEngine(url=url, timeout=seconds)
    if name == "papago":
        from cxeditor.mt.papago import DEFAULT_URL as PAPAGO_URL  # noqa: PLC0415
        from cxeditor.mt.papago import PapagoEngine  # noqa: PLC0415

        assert api_key
        return PapagoEngine(
            api_key=api_key,
            url=url or PAPAGO_URL,
            honorific=formality == "more",
            glossary_key=papago_glossary_key(papago_glossary) or None,
            timeout=seconds,
        )
    if name == "mymemory":
        from cxeditor.mt.mymemory import DEFAULT_URL as MYMEMORY_URL  # noqa: PLC0415
        from cxeditor.mt.mymemory import MyMemoryEngine  # noqa: PLC0415

        return MyMemoryEngine(url=url or MYMEMORY_URL, email=email or None, timeout=seconds)
    if name == "openai":
        from cxeditor.mt.openai_engine import DEFAULT_URL as OPENAI_URL  # noqa: PLC0415
        from cxeditor.mt.openai_engine import OpenAIEngine  # noqa: PLC0415

        if not model:
            raise CxError(
                _("the openai engine needs --model NAME (for Ollama e.g. --model llama3.1)")
            )
        return OpenAIEngine(
            model=model,
            url=url or OPENAI_URL,
            api_key=api_key,
            terms=pairs,
            context=context,
            timeout=seconds,
        )
    from cxeditor.mt.libre import LibreEngine  # noqa: PLC0415

    return LibreEngine(url=url or LibreEngine.url, api_key=api_key, timeout=seconds)
