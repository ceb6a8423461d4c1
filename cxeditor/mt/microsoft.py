"""Microsoft Translator v3 (`POST {base}/translate?api-version=3.0`).

Many texts per request within the documented limits (up to 1,000 array elements and
50,000 characters; we stay at 100 and 40,000), the key and region in headers, and
`textType=html` with the placeholders in `<span translate="no">`, which the service
leaves as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from cxeditor.i18n import _
from cxeditor.mt.base import (
    Answer,
    EngineError,
    HttpEngine,
    RateLimited,
    ascii_header,
    join_url,
    retry_after_seconds,
    text_or_none,
)
from cxeditor.mt.markup import from_html, to_html

DEFAULT_URL = "https://api.cognitive.microsofttranslator.com"


@dataclass(kw_only=True)
class MicrosoftEngine(HttpEngine):
    api_key: str
    url: str = DEFAULT_URL
    region: str | None = None
    name: ClassVar[str] = "microsoft"
    max_batch: ClassVar[int] = 100
    max_chars: ClassVar[int] = 40000

    @property
    def secrets(self) -> tuple[str, ...]:
        return (self.api_key,)

    def translate_batch(self, texts: list[str], source: str, target: str) -> list[str | None]:
        headers = {"Ocp-Apim-Subscription-Key": ascii_header(self.api_key)}
        if self.region:
            headers["Ocp-Apim-Subscription-Region"] = ascii_header(self.region)
        answer = self.request(
            "POST",
            join_url(self.url, "translate"),
            params={"api-version": "3.0", "from": source, "to": target, "textType": "html"},
            headers=headers,
            json=[{"Text": to_html(text)} for text in texts],
        )
        if answer.status >= 400:
            self._raise(answer)
        data = self.json(answer)
        if not isinstance(data, list) or len(data) != len(texts):
            raise EngineError(_("the server answered with the wrong number of texts"))
        results: list[str | None] = []
        for item in data:
            translations = item.get("translations") if isinstance(item, dict) else None
            first = translations[0] if isinstance(translations, list) and translations else None
            text = text_or_none(first.get("text") if isinstance(first, dict) else None)
            results.append(from_html(text) if text is not None else None)
        return results

    def _raise(self, answer: Answer) -> None:
        data = self.json(answer) if answer.body.strip().startswith(b"{") else {}
        error = data.get("error") if isinstance(data, dict) else None
        code = error.get("code") if isinstance(error, dict) else None
        code = int(code) if isinstance(code, int | str) and str(code).isdigit() else 0
        # Microsoft's six-digit codes: 401000 bad key, 401015 wrong region/resource,
        # 403000 forbidden, 429001 (and 429000/429002) request limits.
        if code in (401000, 401015) or (answer.status == 401 and not code):
            raise EngineError(
                _(
                    "Microsoft refused the key ({code}); check the key and that --region "
                    "names the resource's region"
                ).format(code=code or answer.status)
            )
        if code // 1000 == 429 or answer.status == 429:
            raise RateLimited(retry_after_seconds(answer.headers.get("Retry-After")))
        if code == 403001:
            raise EngineError(_("Microsoft: the free tier's quota is used up (403001)"))
        message = error.get("message") if isinstance(error, dict) else None
        if answer.status >= 500:
            self.check_status(answer)
        raise EngineError(self.redact(f"Microsoft {code or answer.status}: {message or ''}")[:200])
