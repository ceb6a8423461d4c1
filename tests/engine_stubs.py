"""One local HTTP server that answers like Google's web endpoint, DeepL, Microsoft
Translator, Papago and MyMemory, with each service's real request and response shapes.
It records what it received, so tests can check keys travel in headers, not URLs."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse


def fake(text: str) -> str:
    return f"KO({text})"


class _Handler(BaseHTTPRequestHandler):
    server: EngineStubs

    def log_message(self, *args: Any) -> None:
        pass

    def _record(self) -> tuple[str, dict[str, str], bytes]:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        parsed = urlparse(self.path)
        query = {k: v[0] for k, v in parse_qs(parsed.query).items()}
        self.server.seen.append(
            {"path": parsed.path, "query": query, "headers": dict(self.headers), "body": body}
        )
        if self.server.stall:
            time.sleep(self.server.stall)
        return parsed.path, query, body

    def _send(
        self,
        status: int,
        payload: str | bytes,
        content_type: str,
        headers: dict[str, str] | None = None,
    ) -> None:
        data = payload.encode() if isinstance(payload, str) else payload
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _json(self, data: Any, status: int = 200) -> None:
        self._send(status, json.dumps(data, ensure_ascii=False), "application/json")

    def do_GET(self) -> None:
        path, query, _body = self._record()
        if self.server.rate_limited:
            self._send(429, "{}", "application/json", {"Retry-After": "0"})
        elif path == "/m":  # Google's mobile web page: the translation sits in div.t0
            self._send(
                200,
                f'<html><body><div class="t0">{fake(query["q"])}</div></body></html>',
                "text/html; charset=utf-8",
            )
        elif path == "/get":  # MyMemory
            self._json(
                {
                    "responseData": {"translatedText": fake(query["q"]), "match": 1},
                    "responseStatus": 200,
                    "matches": [],
                }
            )
        else:
            self._send(404, "", "text/plain")

    def do_POST(self) -> None:
        path, query, body = self._record()
        if self.server.rate_limited:
            self._send(429, "{}", "application/json", {"Retry-After": "0"})
        elif path == "/v2/translate":  # DeepL
            if not self.headers.get("Authorization", "").startswith("DeepL-Auth-Key "):
                self._json({"message": "Forbidden"}, 403)
                return
            data = json.loads(body)
            self._json(
                {
                    "translations": [
                        {"detected_source_language": "EN", "text": fake(t)} for t in data["text"]
                    ]
                }
            )
        elif path == "/translate":  # Microsoft Translator v3
            if (
                not self.headers.get("Ocp-Apim-Subscription-Key")
                or query.get("api-version") != "3.0"
            ):
                self._json({"error": {"code": 401000}}, 401)
                return
            items = json.loads(body)
            self._json(
                [
                    {"translations": [{"text": fake(item["Text"]), "to": query["to"]}]}
                    for item in items
                ]
            )
        elif path == "/v1/papago/n2mt":  # Papago
            form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
            if not self.headers.get("X-Naver-Client-Id"):
                self._json({"errorCode": "024"}, 401)
                return
            self._json(
                {
                    "message": {
                        "result": {
                            "srcLangType": form["source"],
                            "tarLangType": form["target"],
                            "translatedText": fake(form["text"]),
                        }
                    }
                }
            )
        else:
            self._send(404, "", "text/plain")


class EngineStubs(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.seen: list[dict[str, Any]] = []
        self.rate_limited = False
        self.stall = 0.0
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that timed out closes the socket: expected in the timeout tests."""

    def __enter__(self) -> EngineStubs:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()
