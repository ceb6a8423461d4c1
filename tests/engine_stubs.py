"""One local HTTP server on 127.0.0.1 that answers like each provider's API, as the
providers document it: DeepL (`/v2/translate`, `/v2/glossaries`), Microsoft Translator v3
(`/translate`), Google Cloud Translation v2 (`/language/translate/v2`), Google's mobile
web page (`/m`), Papago on NAVER Cloud (`/nmt/v1/translation`), MyMemory (`/get`) and
an OpenAI-compatible chat endpoint (`/v1/chat/completions`).

Each route checks what the real service checks (the key in its documented header and
never in the URL, the body's shape, the per-request limits) and answers that service's
own error codes. `faults[provider]` makes one provider misbehave on purpose: quota, bad
key, rate limits with a Retry-After, junk items (null, objects, empty strings), HTML
instead of JSON, a huge body, a body that trickles, a key echoed in an error body.
Everything received is recorded in `seen`, so tests can check where keys travelled.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import threading
import time
import uuid
import zlib
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

DEEPL_KEY = "deepl-key-1234:fx"
MICROSOFT_KEY = "ms-key-5678"
MICROSOFT_REGION = "koreacentral"
GOOGLE_KEY = "AIza-google-key-9012"
PAPAGO_ID, PAPAGO_SECRET = "papago-id-3456", "papago-secret-7890"
OPENAI_KEY = "sk-openai-key-2468"
OPENAI_MODEL = "llama3.1"
KEYS = {
    "deepl": DEEPL_KEY,
    "microsoft": MICROSOFT_KEY,
    "google": GOOGLE_KEY,
    "papago": f"{PAPAGO_ID}:{PAPAGO_SECRET}",
    "openai": OPENAI_KEY,
}
ALL_SECRETS = (DEEPL_KEY, MICROSOFT_KEY, GOOGLE_KEY, PAPAGO_ID, PAPAGO_SECRET, OPENAI_KEY)

# Documented per-request limits.
DEEPL_MAX_TEXTS, DEEPL_MAX_BYTES = 50, 128 * 1024
MICROSOFT_MAX_ITEMS, MICROSOFT_MAX_CHARS = 1000, 50_000
GOOGLE_MAX_SEGMENTS = 128
PAPAGO_MAX_CHARS = 5000
MYMEMORY_MAX_BYTES = 500


def fake(text: str) -> str:
    """A "translation" that keeps placeholders and tags exactly, as a good engine does."""
    return f"{text} (번역)"


Mangler = Callable[[str], str]
_BOMB: list[bytes] = []


def _gzip_bomb() -> bytes:
    if not _BOMB:
        _BOMB.append(gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9))
    return _BOMB[0]


class _Handler(BaseHTTPRequestHandler):
    server: EngineStubs
    protocol_version = "HTTP/1.1"
    # Headers and body go in separate writes: without this, Nagle's algorithm and the
    # client's delayed ACK add 40 ms to every kept-alive request.
    disable_nagle_algorithm = True

    def log_message(self, *args: Any) -> None:
        pass

    # -- plumbing -----------------------------------------------------------------

    def _record(self) -> tuple[str, dict[str, str], bytes]:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        parsed = urlparse(self.path)
        query = {k: v[0] for k, v in parse_qs(parsed.query).items()}
        with self.server.lock:
            self.server.seen.append(
                {
                    "method": self.command,
                    "path": parsed.path,
                    "query": query,
                    "raw_query": parsed.query,
                    "headers": dict(self.headers),
                    "body": body,
                }
            )
        if self.server.latency:
            time.sleep(self.server.latency)
        return parsed.path, query, body

    def _send(
        self,
        status: int,
        payload: str | bytes,
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
    ) -> None:
        data = payload.encode() if isinstance(payload, str) else payload
        headers = dict(headers or {})
        if self.server.gzip and "gzip" in self.headers.get("Accept-Encoding", ""):
            data = gzip.compress(data)  # as real APIs answer a client that accepts it
            headers["Content-Encoding"] = "gzip"
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _send_raw(self, status: int, data: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _json(self, data: Any, status: int = 200, headers: dict[str, str] | None = None) -> None:
        self._send(status, json.dumps(data, ensure_ascii=False), "application/json", headers)

    def _common_fault(self, provider: str) -> bool:
        """Faults every provider can show; True when the request was answered."""
        fault = self.server.faults.get(provider)
        if fault == "html":  # a proxy's or captive portal's page, status 200
            self._send(200, "<html><body>Please log in</body></html>", "text/html")
        elif fault == "huge":  # 20 MB of valid-looking JSON
            self._send(200, b'{"x": "' + b"a" * (20 * 1024 * 1024) + b'"}')
        elif fault == "drip":  # headers at once, then a byte every 0.2 s
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            try:
                for _i in range(200):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.2)
            except OSError:
                pass
        elif fault == "gzip-bomb":  # 64 KiB on the wire, 64 MiB once inflated
            self._send_raw(200, _gzip_bomb(), {"Content-Encoding": "gzip"})
        elif fault == "deep-json":  # nesting that overflows a recursive parser
            self._send(200, "[" * 100_000 + "]" * 100_000)
        elif fault == "bad-utf8":
            self._send(200, b'{"translations": [{"text": "\xff\xfe"}]}')
        elif fault == "stall":
            time.sleep(self.server.stall)
            self._json({})
        elif fault == "not-json":
            self._send(200, "Internal proxy error", "text/plain")
        elif fault == "retry-after-huge":
            self._json({"message": "Too many requests"}, 429, {"Retry-After": "100000"})
        elif fault == "redirect":
            self._send(302, "", "text/plain", {"Location": "http://127.0.0.1:9/elsewhere"})
        else:
            return False
        return True

    def _key_in_url(self, provider: str) -> bool:
        raw = urlparse(self.path).query
        if any(secret in raw for secret in ALL_SECRETS):
            self.server.violations.append(f"{provider}: a key in the URL")
            self._json({"message": "keys do not belong in URLs"}, 400)
            return True
        return False

    def _mangle(self, provider: str, text: str, index: int) -> Any:
        """The provider's "translation" of one item, or the junk its fault asks for."""
        fault = self.server.faults.get(provider)
        if fault == "junk" or (fault == "junk-some" and index % 2 == 1):
            return [None, {"a": 1}, "", "   ", 42, "\x00\x01", "x" * 100_000][index % 7]
        if fault == "control-chars":
            return "번역\x00된 문장\x1b " + text
        return self.server.manglers.get(provider, fake)(text)

    # -- dispatch -------------------------------------------------------------------

    def do_GET(self) -> None:
        path, query, _body = self._record()
        if path == "/m":
            self._google_web(query)
        elif path == "/get":
            self._mymemory(query)
        elif path == "/v2/glossaries":
            self._deepl_glossaries_list()
        else:
            self._send(404, "", "text/plain")

    def do_DELETE(self) -> None:
        path, _query, _body = self._record()
        if path.startswith("/v2/glossaries/"):
            glossary_id = path.rsplit("/", 1)[1]
            with self.server.lock:
                self.server.glossaries.pop(glossary_id, None)
            self._send(204, b"")
        else:
            self._send(404, "", "text/plain")

    def do_POST(self) -> None:
        path, query, body = self._record()
        routes = {
            "/v2/translate": self._deepl,
            "/v2/glossaries": self._deepl_glossary_create,
            "/translate": self._microsoft,
            "/language/translate/v2": self._google_cloud,
            "/nmt/v1/translation": self._papago,
            "/v1/chat/completions": self._openai,
        }
        route = routes.get(path)
        if route is None:
            self._send(404, "", "text/plain")
        else:
            route(query, body)

    # -- DeepL ----------------------------------------------------------------------

    def _deepl_auth(self) -> bool:
        if self._key_in_url("deepl"):
            return False
        if self.headers.get("Authorization") != f"DeepL-Auth-Key {DEEPL_KEY}":
            self._json({"message": "Forbidden"}, 403)
            return False
        return True

    def _deepl(self, query: dict[str, str], body: bytes) -> None:
        fault = self.server.faults.get("deepl")
        if not self._deepl_auth() or self._common_fault("deepl"):
            return
        if fault == "quota":
            self._json({"message": "Quota Exceeded"}, 456)
            return
        if fault == "rate-limit":
            self._json({"message": "Too many requests"}, 429, {"Retry-After": "0"})
            return
        if fault == "echo-key":
            self._json({"message": f"Wrong endpoint for key {DEEPL_KEY}"}, 418)
            return
        if len(body) > DEEPL_MAX_BYTES:
            self._json({"message": "Request Entity Too Large"}, 413)
            return
        data = json.loads(body)
        texts = data.get("text")
        if not isinstance(texts, list) or not texts or len(texts) > DEEPL_MAX_TEXTS:
            self._json({"message": "Value for 'text' not supported."}, 400)
            return
        if data.get("tag_handling") != "xml" or "x" not in data.get("ignore_tags", []):
            self.server.violations.append("deepl: no XML tag handling")
        glossary_id = data.get("glossary_id")
        entries: dict[str, str] = {}
        if glossary_id:
            with self.server.lock:
                found = self.server.glossaries.get(glossary_id)
            if found is None:
                self._json({"message": "Glossary not found"}, 404)
                return
            entries = found["entries"]
        self.server.deepl_options.append({k: v for k, v in data.items() if k not in ("text",)})
        out = []
        for index, original in enumerate(texts):
            text = original
            for source, target in entries.items():
                # Terms outside the ignored <x> tags take the glossary's rendering.
                text = re.sub(rf"(?<![\w\[]){re.escape(source)}(?!\w)", target, text)
            translated = self._mangle("deepl", text, index)
            out.append(
                {
                    "detected_source_language": "EN",
                    "text": translated,
                    "billed_characters": len(text),
                }
            )
        if fault == "wrong-count":
            out = out[:-1]
        if fault == "missing-field":  # the client trusts billed_characters to be there
            for item in out:
                item.pop("billed_characters")
        self._json({"translations": out})

    def _deepl_glossaries_list(self) -> None:
        if not self._deepl_auth():
            return
        with self.server.lock:
            infos = [dict(g["info"]) for g in self.server.glossaries.values()]
        self._json({"glossaries": infos})

    def _deepl_glossary_create(self, query: dict[str, str], body: bytes) -> None:
        if not self._deepl_auth():
            return
        data = json.loads(body)
        if data.get("entries_format") != "tsv" or not data.get("name"):
            self._json({"message": "Invalid glossary"}, 400)
            return
        entries = dict(
            line.split("\t", 1) for line in str(data["entries"]).splitlines() if "\t" in line
        )
        glossary_id = str(uuid.uuid4())
        info = {
            "glossary_id": glossary_id,
            "name": data["name"],
            "ready": True,
            "source_lang": str(data["source_lang"]).lower(),
            "target_lang": str(data["target_lang"]).lower(),
            "creation_time": "2024-05-01T10:00:00.123456Z",
            "entry_count": len(entries),
        }
        with self.server.lock:
            self.server.glossaries[glossary_id] = {"info": info, "entries": entries}
            self.server.glossaries_created += 1
        self._json(info, 201)

    # -- Microsoft Translator v3 ---------------------------------------------------------

    def _microsoft(self, query: dict[str, str], body: bytes) -> None:
        fault = self.server.faults.get("microsoft")
        if self._key_in_url("microsoft") or self._common_fault("microsoft"):
            return
        unauthorized = {
            "error": {
                "code": 401000,
                "message": "The request is not authorized because credentials are missing "
                "or invalid.",
            }
        }
        if self.headers.get("Ocp-Apim-Subscription-Key") != MICROSOFT_KEY:
            self._json(unauthorized, 401)
            return
        if self.headers.get("Ocp-Apim-Subscription-Region") != MICROSOFT_REGION:
            # A multi-service or regional resource without (or with the wrong) region.
            self._json(unauthorized, 401)
            return
        if fault == "rate-limit":
            self._json(
                {
                    "error": {
                        "code": 429001,
                        "message": "The server rejected the request because the client has "
                        "exceeded request limits.",
                    }
                },
                429,
                {"Retry-After": "0"},
            )
            return
        if fault == "quota":
            self._json(
                {"error": {"code": 403001, "message": "The free tier quota is exceeded."}}, 403
            )
            return
        if query.get("api-version") != "3.0" or "to" not in query:
            self._json({"error": {"code": 400021, "message": "api-version missing"}}, 400)
            return
        if not self.headers.get("Content-Type", "").startswith("application/json"):
            self._json({"error": {"code": 415000, "message": "Content-Type"}}, 415)
            return
        items = json.loads(body)
        if not isinstance(items, list) or len(items) > MICROSOFT_MAX_ITEMS:
            self._json({"error": {"code": 400077, "message": "Too many elements"}}, 400)
            return
        if sum(len(item.get("Text", "")) for item in items) > MICROSOFT_MAX_CHARS:
            self._json({"error": {"code": 400050, "message": "The input text is too long."}}, 400)
            return
        if query.get("textType") != "html":
            self.server.violations.append("microsoft: not textType=html")
        out = [
            {
                "detectedLanguage": {"language": "en", "score": 1.0},
                "translations": [
                    {"text": self._mangle("microsoft", item["Text"], i), "to": query["to"]}
                ],
            }
            for i, item in enumerate(items)
        ]
        if fault == "wrong-count":
            out = out[:-1]
        self._json(out)

    # -- Google Cloud Translation v2 and the web page -----------------------------------

    def _google_cloud(self, query: dict[str, str], body: bytes) -> None:
        fault = self.server.faults.get("google")
        if self._key_in_url("google") or self._common_fault("google"):
            return
        if self.headers.get("X-goog-api-key") != GOOGLE_KEY:
            message = "API key not valid. Please pass a valid API key."
            self._json(
                {
                    "error": {
                        "code": 400,
                        "message": message,
                        "errors": [
                            {"message": message, "domain": "global", "reason": "badRequest"}
                        ],
                        "status": "INVALID_ARGUMENT",
                    }
                },
                400,
            )
            return
        if fault == "rate-limit":
            self._json(
                {
                    "error": {
                        "code": 429,
                        "message": "Quota exceeded",
                        "status": "RESOURCE_EXHAUSTED",
                    }
                },
                429,
                {"Retry-After": "0"},
            )
            return
        if fault == "quota":
            self._json(
                {
                    "error": {
                        "code": 403,
                        "message": "Daily Limit Exceeded",
                        "errors": [{"reason": "dailyLimitExceeded", "domain": "usageLimits"}],
                        "status": "PERMISSION_DENIED",
                    }
                },
                403,
            )
            return
        data = json.loads(body)
        texts = data.get("q")
        if isinstance(texts, str):
            texts = [texts]
        if not isinstance(texts, list) or len(texts) > GOOGLE_MAX_SEGMENTS or "target" not in data:
            self._json({"error": {"code": 400, "message": "Too many text segments"}}, 400)
            return
        if data.get("format") != "html":
            self.server.violations.append("google: not format=html")
        out = [{"translatedText": self._mangle("google", t, i)} for i, t in enumerate(texts)]
        self._json({"data": {"translations": out}})

    def _google_web(self, query: dict[str, str]) -> None:
        if self._common_fault("google-web"):
            return
        translated = self.server.manglers.get("google-web", fake)(query.get("q", ""))
        self._send(
            200,
            f'<html><body><div class="t0">{html.escape(translated)}</div></body></html>',
            "text/html; charset=utf-8",
        )

    # -- Papago (NAVER Cloud Platform) ------------------------------------------------------

    def _papago(self, query: dict[str, str], body: bytes) -> None:
        fault = self.server.faults.get("papago")
        if self._key_in_url("papago") or self._common_fault("papago"):
            return
        if (
            self.headers.get("x-ncp-apigw-api-key-id") != PAPAGO_ID
            or self.headers.get("x-ncp-apigw-api-key") != PAPAGO_SECRET
        ):
            self._json({"error": {"errorCode": "200", "message": "Authentication Failed"}}, 401)
            return
        if fault == "quota":
            self._json({"error": {"errorCode": "400", "message": "Quota Exceeded"}}, 429)
            return
        if fault == "rate-limit":
            self._json(
                {"error": {"errorCode": "420", "message": "Rate Limited"}},
                429,
                {"Retry-After": "0"},
            )
            return
        # The documented options are body fields: glossaryKey a string, honorific a
        # boolean (JSON true/false, or "true"/"false" in a form body).
        headers = {name.lower() for name in self.headers}
        for option in ("glossaryKey", "honorific"):
            if option in query or option.lower() in headers:
                self.server.violations.append(f"papago: {option} outside the body")
        is_json = self.headers.get("Content-Type", "").startswith("application/json")
        if is_json:
            data = json.loads(body)
        else:
            data = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        if "glossaryKey" in data and not (
            isinstance(data["glossaryKey"], str) and data["glossaryKey"]
        ):
            self.server.violations.append("papago: glossaryKey is not a string")
        honorific = data.get("honorific", False)
        if not (isinstance(honorific, bool) if is_json else honorific in (False, "true", "false")):
            self.server.violations.append("papago: honorific is not a boolean")
        text = data.get("text")
        if not data.get("source"):
            self._json(
                {"error": {"errorCode": "N2MT01", "message": "source parameter is needed"}}, 400
            )
            return
        if not isinstance(text, str) or not text:
            self._json(
                {"error": {"errorCode": "N2MT07", "message": "text parameter is needed"}}, 400
            )
            return
        if len(text) > PAPAGO_MAX_CHARS:
            self._json(
                {"error": {"errorCode": "N2MT08", "message": "text parameter exceeds max length"}},
                400,
            )
            return
        self.server.papago_options.append({k: v for k, v in data.items() if k != "text"})
        translated = self._mangle("papago", text, len(self.server.papago_options))
        self._json(
            {
                "message": {
                    "@type": "response",
                    "@service": "naverservice.nmt.proxy",
                    "@version": "1.0.0",
                    "result": {
                        "srcLangType": data["source"],
                        "tarLangType": data["target"],
                        "translatedText": translated,
                    },
                }
            }
        )

    # -- MyMemory ---------------------------------------------------------------------------

    def _mymemory(self, query: dict[str, str]) -> None:
        fault = self.server.faults.get("mymemory")
        if self._common_fault("mymemory"):
            return
        if fault == "quota":
            self._json(
                {
                    "responseData": {
                        "translatedText": "MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE "
                        "TRANSLATIONS FOR TODAY."
                    },
                    "quotaFinished": True,
                    "responseStatus": 429,
                    "responseDetails": "MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS",
                }
            )
            return
        text = query.get("q", "")
        if len(text.encode()) > MYMEMORY_MAX_BYTES:
            self._json(
                {
                    "responseData": {"translatedText": None},
                    "responseStatus": 403,
                    "responseDetails": "QUERY LENGTH LIMIT EXCEEDED. MAX ALLOWED QUERY : 500 CHARS",
                }
            )
            return
        if "|" not in query.get("langpair", ""):
            self._json({"responseStatus": 403, "responseDetails": "INVALID LANGUAGE PAIR"})
            return
        translated = self._mangle("mymemory", text, len(self.server.seen))
        self._json(
            {
                "responseData": {"translatedText": translated, "match": 1},
                "quotaFinished": False,
                "responseStatus": 200,
                "responseDetails": "",
                "matches": [],
            }
        )

    # -- OpenAI-compatible chat completions ----------------------------------------------------

    def _openai(self, query: dict[str, str], body: bytes) -> None:
        fault = self.server.faults.get("openai")
        if self._key_in_url("openai") or self._common_fault("openai"):
            return
        if self.server.openai_key_required and (
            self.headers.get("Authorization") != f"Bearer {OPENAI_KEY}"
        ):
            self._json(
                {
                    "error": {
                        "message": "Incorrect API key provided.",
                        "type": "invalid_request_error",
                        "param": None,
                        "code": "invalid_api_key",
                    }
                },
                401,
            )
            return
        if fault == "quota":
            self._json(
                {
                    "error": {
                        "message": "You exceeded your current quota.",
                        "type": "insufficient_quota",
                        "param": None,
                        "code": "insufficient_quota",
                    }
                },
                429,
            )
            return
        if fault == "rate-limit":
            self._json(
                {
                    "error": {
                        "message": "Rate limit reached",
                        "type": "requests",
                        "code": "rate_limit_exceeded",
                    }
                },
                429,
                {"Retry-After": "0"},
            )
            return
        data = json.loads(body)
        if data.get("model") != OPENAI_MODEL:
            self._json(
                {
                    "error": {
                        "message": f'model "{data.get("model")}" not found, try pulling it first',
                        "type": "api_error",
                        "param": None,
                        "code": None,
                    }
                },
                404,
            )
            return
        messages = data.get("messages")
        size = sum(len(str(m.get("content", ""))) for m in messages)
        if size > self.server.openai_context_chars:
            self._json(
                {
                    "error": {
                        "message": "This model's maximum context length is 2048 tokens.",
                        "type": "invalid_request_error",
                        "param": "messages",
                        "code": "context_length_exceeded",
                    }
                },
                400,
            )
            return
        if messages[0]["content"].startswith("You review Korean translations"):
            # the second opinion's judge: which spans of the Korean change the meaning
            pair = json.loads(messages[1]["content"])
            with self.server.lock:
                self.server.openai_prompts.append(messages[0]["content"])
            spans = self.server.judge(pair["english"], pair["korean"])
            content = json.dumps(spans, ensure_ascii=False)
            self._json(
                {
                    "id": "chatcmpl-2",
                    "object": "chat.completion",
                    "created": 1700000000,
                    "model": OPENAI_MODEL,
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": content},
                            "finish_reason": "stop",
                        }
                    ],
                }
            )
            return
        texts = json.loads(messages[1]["content"])
        retry = len(messages) > 2
        with self.server.lock:
            self.server.openai_prompts.append(messages[0]["content"])
        if fault == "bad-json-once" and not retry:
            content = "Sure! Here are your translations: 1. ..."
        elif fault == "wrong-count-once" and not retry:
            content = json.dumps(texts[:-1] if len(texts) > 1 else [], ensure_ascii=False)
        elif fault == "always-bad-json":
            content = "I cannot do that."
        elif fault == "wrapped":  # what a model in JSON mode tends to answer
            out = [self._mangle("openai", text, i) for i, text in enumerate(texts)]
            content = json.dumps({"translations": out, "note": "done"}, ensure_ascii=False)
        else:
            out = [self._mangle("openai", text, i) for i, text in enumerate(texts)]
            content = "```json\n" + json.dumps(out, ensure_ascii=False) + "\n```"
        self._json(
            {
                "id": "chatcmpl-1",
                "object": "chat.completion",
                "created": 1700000000,
                "model": OPENAI_MODEL,
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": content},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {"prompt_tokens": size // 4, "completion_tokens": 10, "total_tokens": 0},
            }
        )


class EngineStubs(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, latency: float = 0.0) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.seen: list[dict[str, Any]] = []
        self.violations: list[str] = []
        self.faults: dict[str, str] = {}
        self.manglers: dict[str, Mangler] = {}
        # the judge's answer for (English, Korean): [{"span": ..., "why": ...}]
        self.judge: Callable[[str, str], list[dict[str, str]]] = lambda _en, _ko: []
        self.latency = latency
        self.stall = 3.0
        self.glossaries: dict[str, dict[str, Any]] = {}
        self.glossaries_created = 0
        self.deepl_options: list[dict[str, Any]] = []
        self.papago_options: list[dict[str, Any]] = []
        self.openai_prompts: list[str] = []
        self.openai_key_required = False
        self.gzip = False  # answer gzip-compressed when the client accepts it
        self.openai_context_chars = 100_000
        self.lock = threading.Lock()
        self.thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def base(self, engine: str) -> str:
        """The base URL to give `--engine-url` for `engine`, as its official client takes it."""
        if engine == "openai":
            return self.url + "/v1"
        if engine == "google-web":
            return self.url + "/m"
        return self.url

    def requests_to(self, path: str) -> list[dict[str, Any]]:
        return [r for r in self.seen if r["path"] == path]

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that gave up closes the socket: expected in the timeout tests."""

    def __enter__(self) -> EngineStubs:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()


_WORD_OR_MARKUP = re.compile(r"<[^>]*>|&\w+;|\[T\d+\]|([A-Za-z]+)")


def korean_mangler(words: tuple[str, ...], english_every: int = 0) -> Mangler:
    """An engine that answers in Korean (each English word one of `words`, markup and
    placeholders kept) but leaves a text in English one time in `english_every` (0:
    never)."""

    def mangle(text: str) -> str:
        if english_every and zlib.crc32(text.encode()) % english_every == 0:
            return fake(text)
        return _WORD_OR_MARKUP.sub(
            lambda m: words[len(m.group(1)) % len(words)] if m.group(1) else m.group(), text
        )

    return mangle


def main() -> None:
    """`python tests/engine_stubs.py LATENCY [--distinct | --korean]`: serve in a process
    of its own (benchmarks: a server sharing the client's interpreter would share its
    GIL) until standard input closes; prints the base URL first."""
    import sys  # noqa: PLC0415

    server = EngineStubs(latency=float(sys.argv[1]))
    if "--distinct" in sys.argv:  # competing engines that answer differently, all in English
        server.manglers["microsoft"] = lambda text: f"{text} (번역됨)"
        server.manglers["openai"] = lambda text: f"{text} (번역 결과)"
    if "--korean" in sys.argv:  # competing engines that translate, each failing at times
        server.manglers["deepl"] = korean_mangler(("고객", "브랜드", "여정"), 4)
        server.manglers["microsoft"] = korean_mangler(("사람들", "경험", "답변"), 3)
        server.manglers["openai"] = korean_mangler(("서비스", "제품", "신호"), 2)
    with server:
        print(server.url, flush=True)
        sys.stdin.read()


if __name__ == "__main__":
    main()
