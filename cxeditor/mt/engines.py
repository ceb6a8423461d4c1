"""Machine-translation engines behind one small interface.

deep-translator is the common front, but it has limits we engineer around:
- no request timeout: every HTTP call here runs inside `bounded_requests()`, which
  gives requests a default timeout (deep-translator calls `requests.get/post` without
  one, and a stalled server would hang the job forever);
- `translate_batch` is a sequential loop: the runner sends batches concurrently;
- no retry on 429: a 429 becomes `RateLimited` (with Retry-After) for the runner;
- LibreTranslate, DeepL and Microsoft take many texts per request, and deep-translator
  sends one (and LibreTranslate's key in the query string, where it ends up in server
  logs): for these three our adapters speak the services' JSON APIs themselves, with the
  key in the body or a header. Google's web endpoint, Papago and MyMemory go through
  deep-translator.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

import requests
from requests.adapters import HTTPAdapter

from cxeditor.errors import CxError
from cxeditor.i18n import _


class EngineError(CxError):
    """A request failed in a way a retry will not fix (bad key, bad language, 4xx)."""


class EngineUnavailable(EngineError):  # noqa: N818 - reads as the service's state
    """The service cannot be reached (network down, DNS, connection refused)."""


class RateLimited(Exception):  # noqa: N818 - reads as the server's answer
    def __init__(self, retry_after: float | None) -> None:
        super().__init__("rate limited")
        self.retry_after = retry_after


class TransientError(Exception):
    """A 5xx or a timeout: worth retrying."""


_timeout = threading.local()
_original_send = HTTPAdapter.send


def _send_with_default_timeout(self: HTTPAdapter, request: Any, **kwargs: Any) -> Any:
    if kwargs.get("timeout") is None:
        kwargs["timeout"] = getattr(_timeout, "seconds", None)
    return _original_send(self, request, **kwargs)


@contextlib.contextmanager
def bounded_requests(seconds: float) -> Iterator[None]:
    """Give every `requests` call made in this thread a timeout (see the module doc)."""
    HTTPAdapter.send = _send_with_default_timeout  # type: ignore[method-assign,assignment]
    previous = getattr(_timeout, "seconds", None)
    _timeout.seconds = seconds
    try:
        yield
    finally:
        _timeout.seconds = previous


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After")
    try:
        return max(float(value), 0.0) if value else None
    except ValueError:
        return None  # an HTTP date: let the runner's backoff decide


_ERRNO_REASON = re.compile(r"\[Errno -?\d+\] ([^'\")\]]+)")


def _connection_reason(error: BaseException) -> str:
    """`Connection refused` rather than urllib3's whole nested repr."""
    found = _ERRNO_REASON.search(str(error))
    return found.group(1).strip() if found else str(error).splitlines()[0][:200]


def classify(error: BaseException) -> BaseException:
    """Map deep-translator's and requests' exceptions to ours."""
    if isinstance(error, (RateLimited, TransientError, EngineError)):
        return error
    if isinstance(error, requests.Timeout):
        return TransientError(str(error))
    if isinstance(error, requests.ConnectionError):
        return EngineUnavailable(_connection_reason(error))
    name = type(error).__name__
    text = str(error)
    if "429" in text or name == "TooManyRequests":
        return RateLimited(None)
    if name in ("ServerException", "RequestError") or any(
        code in text for code in ("500", "502", "503", "504")
    ):
        return TransientError(text)
    return EngineError(text)


class Engine:
    name: ClassVar[str]
    needs_key: ClassVar[bool] = False
    max_batch: ClassVar[int] = 1  # texts per request

    @property
    def label(self) -> str:
        """The engine's name as recorded in origins and the cache."""
        return self.name

    def translate_batch(self, texts: list[str], source: str, target: str) -> list[str]:
        raise NotImplementedError


class _JsonEngine(Engine):
    """Shared HTTP handling for the engines we call directly (JSON APIs, many texts)."""

    timeout: float
    session: requests.Session

    def _post(self, url: str, **kwargs: Any) -> Any:
        try:
            response = self.session.post(url, timeout=self.timeout, **kwargs)
        except requests.RequestException as error:
            raise classify(error) from error
        if response.status_code == 429:
            raise RateLimited(_retry_after(response))
        if response.status_code >= 500:
            raise TransientError(f"HTTP {response.status_code}")
        if response.status_code in (401, 403):
            raise EngineError(
                _("the server refused the API key (HTTP {code})").format(code=response.status_code)
            )
        if response.status_code >= 400:
            raise EngineError(f"HTTP {response.status_code}: {response.text[:200]}")
        try:
            return response.json()
        except ValueError as error:
            raise TransientError("the server did not answer with JSON") from error


@dataclass
class LibreEngine(_JsonEngine):
    """LibreTranslate, including a self-hosted server on the LAN (the offline MT path)."""

    url: str = "https://libretranslate.com/"
    api_key: str | None = None
    timeout: float = 15.0
    name: ClassVar[str] = "libre"
    max_batch: ClassVar[int] = 25

    def __post_init__(self) -> None:
        self.session = requests.Session()

    def translate_batch(self, texts: list[str], source: str, target: str) -> list[str]:
        payload: dict[str, Any] = {"q": texts, "source": source, "target": target, "format": "text"}
        if self.api_key:
            payload["api_key"] = self.api_key  # in the body: a query string ends up in logs
        data = self._post(self.url.rstrip("/") + "/translate", json=payload)
        translated = data.get("translatedText") if isinstance(data, dict) else None
        if isinstance(translated, str):
            translated = [translated]
        if not isinstance(translated, list) or len(translated) != len(texts):
            raise TransientError("the server answered with the wrong number of texts")
        return [str(text) for text in translated]


@dataclass
class DeeplEngine(_JsonEngine):
    """DeepL's REST API, called directly: deep-translator sends one text per request and
    no tag handling; DeepL takes up to 50 texts per request (key in a header)."""

    api_key: str = ""
    url: str | None = None
    timeout: float = 15.0
    name: ClassVar[str] = "deepl"
    max_batch: ClassVar[int] = 50

    def __post_init__(self) -> None:
        self.session = requests.Session()
        if self.url is None:  # free-plan keys end in ":fx" and use their own host
            free = self.api_key.endswith(":fx")
            self.url = "https://api-free.deepl.com/" if free else "https://api.deepl.com/"

    def translate_batch(self, texts: list[str], source: str, target: str) -> list[str]:
        assert self.url is not None
        data = self._post(
            self.url.rstrip("/") + "/v2/translate",
            headers={"Authorization": f"DeepL-Auth-Key {self.api_key}"},
            json={"text": texts, "source_lang": source.upper(), "target_lang": target.upper()},
        )
        translations = data.get("translations") if isinstance(data, dict) else None
        if not isinstance(translations, list) or len(translations) != len(texts):
            raise TransientError("DeepL answered with the wrong number of texts")
        return [str(item.get("text", "")) for item in translations]


@dataclass
class MicrosoftEngine(_JsonEngine):
    """Microsoft Translator v3, called directly for many texts per request (deep-translator
    sends one at a time); the key goes in a header."""

    api_key: str = ""
    url: str = "https://api.cognitive.microsofttranslator.com/"
    region: str | None = None
    timeout: float = 15.0
    name: ClassVar[str] = "microsoft"
    max_batch: ClassVar[int] = 25

    def __post_init__(self) -> None:
        self.session = requests.Session()

    def translate_batch(self, texts: list[str], source: str, target: str) -> list[str]:
        headers = {"Ocp-Apim-Subscription-Key": self.api_key, "Content-Type": "application/json"}
        if self.region:
            headers["Ocp-Apim-Subscription-Region"] = self.region
        data = self._post(
            self.url.rstrip("/") + "/translate",
            params={"api-version": "3.0", "from": source, "to": target},
            headers=headers,
            json=[{"Text": text} for text in texts],
        )
        if not isinstance(data, list) or len(data) != len(texts):
            raise TransientError("Microsoft answered with the wrong number of texts")
        return [str(item["translations"][0]["text"]) for item in data]


@dataclass
class DeepTranslatorEngine(Engine):
    """Any deep-translator translator, one text per request, under a timeout."""

    name: ClassVar[str] = "deep-translator"
    translator_name: str = "google"
    api_key: str | None = None
    timeout: float = 15.0

    @property
    def label(self) -> str:
        return self.translator_name

    def _translator(self, source: str, target: str) -> Any:
        import deep_translator  # noqa: PLC0415 - loads only when MT is used

        classes = {
            "google": "GoogleTranslator",
            "deepl": "DeeplTranslator",
            "papago": "PapagoTranslator",
            "microsoft": "MicrosoftTranslator",
            "mymemory": "MyMemoryTranslator",
        }
        cls = getattr(deep_translator, classes[self.translator_name])
        kwargs: dict[str, Any] = {"source": source, "target": target}
        if self.translator_name == "papago":
            client_id, _sep, secret = (self.api_key or "").partition(":")
            kwargs["client_id"], kwargs["secret_key"] = client_id, secret
        if self.translator_name == "mymemory":
            kwargs["source"] = "en-US" if source == "en" else source
            kwargs["target"] = "ko-KR" if target == "ko" else target
        return cls(**kwargs)

    def translate_batch(self, texts: list[str], source: str, target: str) -> list[str]:
        with bounded_requests(self.timeout):
            try:
                translator = self._translator(source, target)
                return [str(translator.translate(text)) for text in texts]
            except Exception as error:
                raise classify(error) from error


ENGINE_NAMES = ("google", "deepl", "papago", "microsoft", "libre", "mymemory", "tm")
KEYED_ENGINES = frozenset({"deepl", "papago", "microsoft"})


def make_engine(
    name: str, *, url: str | None = None, api_key: str | None = None, timeout: float = 15.0
) -> Engine:
    if name == "libre":
        return LibreEngine(url or LibreEngine.url, api_key, timeout)
    if name in ("google", "deepl", "papago", "microsoft", "mymemory"):
        if name in KEYED_ENGINES and not api_key:
            raise CxError(
                _(
                    "the {engine} engine needs an API key (--api-key-env VAR, or store "
                    "one in the system keyring)"
                ).format(engine=name)
            )
        return DeepTranslatorEngine(translator_name=name, api_key=api_key, timeout=timeout)
    raise CxError(
        _("unknown engine {name} (known: {known})").format(name=name, known=", ".join(ENGINE_NAMES))
    )
