"""DeepL through its official client (`deepl`): many texts per request, the key in the
`Authorization: DeepL-Auth-Key` header, the free or pro host chosen from the key (`:fx`),
placeholders as XML tags DeepL must keep (`tag_handling=xml`, ignored and non-splitting),
the glossary as a DeepL glossary, formality from the project.

The client retries 429s and 5xx itself with its own backoff (ignoring Retry-After) and
waits at least 10 s per request: both are module-wide settings, and changing them would
change every user of the library in the process. Instead this engine gives its own
translator a one-try HTTP client under our timeout, which also caps the answer's size
and keeps Retry-After for the runner.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import deepl
import requests
from deepl.http_client import HttpClient

from cxeditor.i18n import _
from cxeditor.mt.base import (
    MAX_ANSWER_BYTES,
    Engine,
    EngineError,
    EngineUnavailable,
    RateLimited,
    TransientError,
    ascii_header,
    connection_reason,
    retry_after_seconds,
    text_or_none,
)
from cxeditor.mt.markup import IGNORED_XML_TAG, from_xml, to_xml

GLOSSARY_PREFIX = "cxeditor-"
FORMALITIES = {"default": None, "more": "prefer_more", "less": "prefer_less"}


class _OneTryClient(HttpClient):
    """deepl's HttpClient with one attempt, our timeout and a bounded answer."""

    def __init__(self, timeout: float) -> None:
        super().__init__(send_platform_info=False)
        self.timeout = timeout
        self.retry_after = threading.local()

    def request_with_backoff(  # noqa: PLR0917 - the client's own signature
        self,
        method: str,
        url: str,
        data: Any,
        json: Any,
        headers: dict[str, str],
        stream: bool = False,
        **kwargs: Any,
    ) -> tuple[int, str]:
        request = self._prepare_request(method, url, data, json, headers, **kwargs)
        deadline = time.monotonic() + self.timeout
        try:
            with self._session.send(
                request, stream=True, timeout=self.timeout, allow_redirects=False
            ) as response:
                self.retry_after.value = response.headers.get("Retry-After")
                if 300 <= response.status_code < 400:  # not followed: the key stays here
                    raise EngineError(
                        _(
                            "the server redirected the request (HTTP {code}); check the address"
                        ).format(code=response.status_code)
                    )
                parts, size = [], 0
                while chunk := response.raw.read1(65536, decode_content=True):
                    size += len(chunk)
                    if size > MAX_ANSWER_BYTES or time.monotonic() > deadline:
                        raise _Overrun(size > MAX_ANSWER_BYTES)
                    parts.append(chunk)
                return response.status_code, b"".join(parts).decode("utf-8", "replace")
        except requests.Timeout as error:
            raise TransientError(_("no answer in time")) from error
        except requests.ConnectionError as error:
            raise EngineUnavailable(connection_reason(error)) from error


class _Overrun(Exception):  # noqa: N818
    def __init__(self, too_big: bool) -> None:
        super().__init__("too big" if too_big else "too slow")
        self.too_big = too_big


@dataclass(kw_only=True)
class DeeplEngine(Engine):
    api_key: str
    url: str | None = None  # None: the client picks api-free.deepl.com for ":fx" keys
    timeout: float = 15.0
    formality: str = "default"
    glossary: Sequence[tuple[str, str]] = ()  # (source, target); target == source: keep
    name: ClassVar[str] = "deepl"
    max_batch: ClassVar[int] = 50
    max_chars: ClassVar[int] = 30000  # DeepL caps a request at 128 KiB
    _translator: Any = field(default=None, repr=False)
    _glossary_id: str | None = field(default=None, repr=False)
    _glossary_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _glossary_done: bool = field(default=False, repr=False)
    glossary_problem: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        ascii_header(self.api_key)
        self._client = _OneTryClient(self.timeout)
        # urljoin drops a base's last path segment unless it ends in "/".
        server = self.url.rstrip("/") + "/" if self.url else None
        self._translator = deepl.Translator(
            self.api_key, server_url=server, send_platform_info=False
        )
        self._translator._client.close()
        self._translator._client = self._client

    @property
    def cache_key(self) -> str:
        digest = hashlib.sha1(repr(sorted(self.glossary)).encode(), usedforsecurity=False)
        return (
            f"deepl|{self.formality}|{digest.hexdigest()[:10]}"
            if self.glossary or self.formality != "default"
            else "deepl"
        )

    @property
    def secrets(self) -> tuple[str, ...]:
        return (self.api_key,)

    def translate_batch(self, texts: list[str], source: str, target: str) -> list[str | None]:
        glossary_id = self._ensure_glossary(source, target)
        kwargs: dict[str, Any] = {
            "source_lang": source.upper(),
            "target_lang": target.upper(),
            "tag_handling": "xml",
            "ignore_tags": [IGNORED_XML_TAG],
            "non_splitting_tags": [IGNORED_XML_TAG],
        }
        if FORMALITIES.get(self.formality):
            kwargs["formality"] = FORMALITIES[self.formality]
        if glossary_id:
            kwargs["glossary"] = glossary_id
        results = self._call(
            self._translator.translate_text, [to_xml(text) for text in texts], **kwargs
        )
        if not isinstance(results, list) or len(results) != len(texts):
            raise EngineError(_("the server answered with the wrong number of texts"))
        out: list[str | None] = []
        for result in results:
            text = text_or_none(getattr(result, "text", None))
            out.append(from_xml(text) if text is not None else None)
        return out

    def _call(self, function: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except (TransientError, EngineError):
            raise
        except _Overrun as error:
            if error.too_big:
                raise EngineError(
                    _("the answer was larger than {mb} MB; is this a translation server?").format(
                        mb=MAX_ANSWER_BYTES // (1024 * 1024)
                    )
                ) from None
            raise TransientError(
                _("the answer took longer than {s:g} s").format(s=self.timeout)
            ) from None
        except deepl.QuotaExceededException as error:
            raise EngineError(
                _("DeepL: the quota for this billing period is used up (456)")
            ) from error
        except deepl.AuthorizationException as error:
            raise EngineError(_("DeepL refused the API key (403)")) from error
        except deepl.TooManyRequestsException as error:
            raise RateLimited(
                retry_after_seconds(getattr(self._client.retry_after, "value", None))
            ) from error
        except deepl.DeepLException as error:
            status = getattr(error, "http_status_code", None)
            if status is not None and status >= 500:
                raise TransientError(f"HTTP {status}") from error
            raise EngineError(
                self.redact(str(error).splitlines()[0][:200] if str(error) else f"HTTP {status}")
            ) from error
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as error:
            # The client trusts the answer's shape (int(None) on a missing field ...).
            raise EngineError(
                _("the server's answer is not a DeepL answer ({error})").format(
                    error=self.redact(str(error))[:120]
                )
            ) from error

    def _ensure_glossary(self, source: str, target: str) -> str | None:
        """The DeepL glossary for the current terms: found by name (a digest of the
        entries) and reused, created when missing; older ones of ours are deleted."""
        entries = {src: dst for src, dst in self.glossary if src and dst and "\t" not in src + dst}
        if not entries:
            return None
        with self._glossary_lock:
            if self._glossary_done:
                return self._glossary_id
            digest = hashlib.sha1(repr(sorted(entries.items())).encode(), usedforsecurity=False)
            name = f"{GLOSSARY_PREFIX}{source}-{target}-{digest.hexdigest()[:12]}"
            try:
                found = self._find_or_create(name, entries, source, target)
            except EngineError as error:
                if "403" in str(error) or "456" in str(error):
                    raise
                # A pair DeepL keeps no glossaries for: translate without one (the
                # do-not-translate terms still travel as protected tags).
                self.glossary_problem = str(error)
                found = None
            self._glossary_id, self._glossary_done = found, True
            return found

    def _find_or_create(self, name: str, entries: dict[str, str], source: str, target: str) -> str:
        found = None
        for info in self._call(self._translator.list_glossaries):
            if info.name == name and found is None:
                found = str(info.glossary_id)
            elif info.name.startswith(f"{GLOSSARY_PREFIX}{source}-{target}-"):
                self._call(self._translator.delete_glossary, info.glossary_id)
        if found is None:
            found = str(
                self._call(
                    self._translator.create_glossary, name, source.upper(), target.upper(), entries
                ).glossary_id
            )
        return found
