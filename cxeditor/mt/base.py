"""What every engine shares: its errors, the redaction of its secrets, and one bounded
HTTP request (a deadline for the whole answer, a cap on its size, JSON or a clear error).

An engine translates a batch of masked texts (`[T1]` placeholders for the tokens) and
answers one item per text: the translation, or None where the service answered junk for
that text (null, an object, an empty string) so the runner can count it as failed.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any, ClassVar
from urllib.parse import quote, quote_plus

import requests

from cxeditor.errors import CxError
from cxeditor.i18n import _

# Far above any real answer to a batch (DeepL's request cap is 128 KiB), far below what
# would hurt: a server that streams gigabytes is cut off here.
MAX_ANSWER_BYTES = 8 * 1024 * 1024
REDACTED = "***"


class EngineError(CxError):
    """A request failed in a way a retry will not fix (bad key, quota, bad language)."""


class EngineUnavailable(EngineError):  # noqa: N818 - reads as the service's state
    """The service cannot be reached (network down, DNS, connection refused)."""


class RateLimited(Exception):  # noqa: N818 - reads as the server's answer
    def __init__(self, retry_after: float | None) -> None:
        super().__init__("rate limited")
        self.retry_after = retry_after


class TransientError(Exception):
    """A 5xx or a timeout: worth retrying."""


def redact(text: str, secrets: Iterable[str]) -> str:
    """`text` with every secret (as written, URL-encoded or JSON-escaped) replaced."""
    for secret in secrets:
        if len(secret) < 4:  # a one-letter "key" would blank half the message
            continue
        for form in {secret, quote(secret, safe=""), quote_plus(secret), json.dumps(secret)[1:-1]}:
            text = text.replace(form, REDACTED)
    return text


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds: a number, or an HTTP date (RFC 9110)."""
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(when.timestamp() - time.time(), 0.0)


_ERRNO_REASON = re.compile(r"\[Errno -?\d+\] ([^'\")\]]+)")


def connection_reason(error: BaseException) -> str:
    """`Connection refused` rather than urllib3's whole nested repr."""
    found = _ERRNO_REASON.search(str(error))
    return found.group(1).strip() if found else (str(error).splitlines() or [""])[0][:200]


def classify(error: BaseException) -> BaseException:
    """Map requests' (and deep-translator's) exceptions to ours."""
    if isinstance(error, (RateLimited, TransientError, EngineError)):
        return error
    if isinstance(error, requests.Timeout):
        return TransientError(_("no answer in time"))
    if isinstance(error, requests.ConnectionError):
        return EngineUnavailable(connection_reason(error))
    name = type(error).__name__
    text = str(error)
    if "429" in text or name == "TooManyRequests":
        return RateLimited(None)
    if name in ("ServerException", "RequestError") or any(
        code in text for code in ("500", "502", "503", "504")
    ):
        return TransientError(text[:200])
    return EngineError(text[:200])


class Engine:
    name: ClassVar[str]
    official: ClassVar[bool] = True  # False: an unofficial route (google-web)
    max_batch: ClassVar[int] = 1  # texts per request
    max_chars: ClassVar[int] = 5000  # characters per request (and per text)

    @property
    def label(self) -> str:
        """The engine's name as recorded in origins and shown to the user."""
        return self.name

    @property
    def cache_key(self) -> str:
        """What the project's MT cache files this engine's answers under: options that
        change the output (a model, a formality, a glossary) are part of it."""
        return self.label

    @property
    def secrets(self) -> tuple[str, ...]:
        """What must never reach a message or a log."""
        return ()

    def redact(self, text: str) -> str:
        return redact(text, self.secrets)

    def translate_batch(self, texts: list[str], source: str, target: str) -> list[str | None]:
        raise NotImplementedError


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def text_or_none(value: object) -> str | None:
    """An answer item as a translation, or None when it is not one (null, a number, an
    object, only spaces or control characters). Control characters go: a NUL in a
    target breaks every export."""
    if not isinstance(value, str):
        return None
    text = _CONTROL.sub("", value)
    return text if text.strip() else None


@dataclass(slots=True)
class Answer:
    status: int
    headers: requests.structures.CaseInsensitiveDict[str]
    body: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "").split(";")[0].strip().lower()

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


@dataclass
class HttpEngine(Engine):
    """The engines whose HTTP API we call ourselves: one request, bounded in time (the
    whole answer, not each read: a server trickling a byte a second is cut off) and in
    size, with the status mapped to our errors."""

    timeout: float = 15.0
    session: requests.Session = field(default_factory=requests.Session, repr=False)

    def request(self, method: str, url: str, **kwargs: Any) -> Answer:
        deadline = time.monotonic() + self.timeout
        try:
            with self.session.request(
                method, url, timeout=self.timeout, stream=True, allow_redirects=False, **kwargs
            ) as response:
                body = _read_bounded(response, deadline, self.timeout)
                answer = Answer(response.status_code, response.headers, body)
        except requests.RequestException as error:
            raise classify(error) from error
        if 300 <= answer.status < 400:  # not followed: a key must not travel elsewhere
            raise EngineError(
                _("the server redirected the request (HTTP {code}); check the address").format(
                    code=answer.status
                )
            )
        return answer

    def check_status(self, answer: Answer) -> None:
        """The statuses every provider shares; subclasses map their own codes first."""
        if answer.status == 429:
            raise RateLimited(retry_after_seconds(answer.headers.get("Retry-After")))
        if answer.status >= 500:
            raise TransientError(f"HTTP {answer.status}")
        if answer.status in (401, 403):
            raise EngineError(
                _("the server refused the API key (HTTP {code})").format(code=answer.status)
            )
        if answer.status >= 400:
            raise EngineError(self.redact(f"HTTP {answer.status}: {_first_line(answer.text())}"))

    def json(self, answer: Answer) -> Any:
        """The answer's JSON, or one clear error (an HTML login page, a proxy's banner)."""
        try:
            return json.loads(answer.body)
        except (ValueError, RecursionError) as error:  # RecursionError: [[[[... nested
            kind = answer.content_type or _("no content type")
            raise EngineError(
                _("the server did not answer with JSON ({kind})").format(kind=kind)
            ) from error


def _first_line(text: str) -> str:
    return (text.strip().splitlines() or [""])[0][:200]


def _read_bounded(response: requests.Response, deadline: float, timeout: float) -> bytes:
    parts: list[bytes] = []
    size = 0
    raw = response.raw
    while True:
        if time.monotonic() > deadline:
            raise TransientError(_("the answer took longer than {s:g} s").format(s=timeout))
        # read1: whatever has arrived (up to 64 KiB, decompressed: a gzip bomb is cut
        # off here too), so the deadline is checked often.
        chunk = raw.read1(65536, decode_content=True)
        if not chunk:
            return b"".join(parts)
        size += len(chunk)
        if size > MAX_ANSWER_BYTES:
            raise EngineError(
                _("the answer was larger than {mb} MB; is this a translation server?").format(
                    mb=MAX_ANSWER_BYTES // (1024 * 1024)
                )
            )
        parts.append(chunk)


def join_url(base: str, path: str) -> str:
    return base.rstrip("/") + "/" + path.lstrip("/")


def ascii_header(value: str) -> str:
    """A key with a line break or non-Latin-1 character cannot go in a header (requests
    would raise deep inside): say so in one line."""
    if any(ch in value for ch in "\r\n") or not value.isascii():
        raise CxError(_("the API key contains characters a key cannot have"))
    return value
