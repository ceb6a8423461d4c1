"""A LibreTranslate-compatible server on 127.0.0.1 that misbehaves on purpose.

It "translates" by prefixing Korean and mangling placeholders and tokens the ways real
engines do. deep-translator's LibreTranslator (form/query parameters, one text) and our
LibreEngine (JSON, many texts) both talk to it.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

FULLWIDTH = str.maketrans("[]T0123456789", "［］Ｔ０１２３４５６７８９")


def mangle(text: str, index: int) -> str:
    """Damage placeholders and tokens, differently for different texts."""
    mode = index % 7
    if mode == 0:
        text = text.translate(FULLWIDTH)  # ［Ｔ１］
    elif mode == 1:
        text = re.sub(r"\[T(\d+)\]", r"[ t \1 ]", text)  # spaces inside, case changed
    elif mode == 2:
        placeholders = re.findall(r"\[T\d+\]", text)  # all moved to the end, reversed
        text = re.sub(r"\[T\d+\]", "", text) + " " + " ".join(reversed(placeholders))
    elif mode == 3:
        text = re.sub(r"\[T1\]", "", text, count=1)  # one dropped
    elif mode == 4:
        text = re.sub(r"(\[T2\])", r"\1 \1", text, count=1)  # one duplicated
    elif mode == 5:
        text = re.sub(r"\[T(\d+)\]", r"[토큰\1]", text)  # the placeholder translated
    text = text.replace("#CXTweetChat", "#CXT위챗").replace("https://t.co/", "https://t.co/ ")
    return text + " (번역됨)"


@dataclass
class Behaviour:
    latency: float = 0.0
    rate_limit_every: int = 0  # every Nth request answers 429
    retry_after: str = "0"
    stall_every: int = 0  # every Nth request sleeps `stall_seconds`
    stall_seconds: float = 5.0
    fail_every: int = 0  # every Nth request answers 503
    mangler: Callable[[str, int], str] = mangle
    requests: int = 0
    texts: int = 0
    api_keys: list[str] = field(default_factory=list)
    query_strings: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Handler(BaseHTTPRequestHandler):
    server: LibreServer

    def log_message(self, *args: Any) -> None:  # keep test output quiet
        pass

    def do_POST(self) -> None:
        behaviour = self.server.behaviour
        with behaviour.lock:
            behaviour.requests += 1
            number = behaviour.requests
            behaviour.query_strings.append(urlparse(self.path).query)
        if behaviour.latency:
            time.sleep(behaviour.latency)
        if behaviour.stall_every and number % behaviour.stall_every == 0:
            time.sleep(behaviour.stall_seconds)
        if behaviour.rate_limit_every and number % behaviour.rate_limit_every == 0:
            self._answer(429, {"error": "Slowdown"}, {"Retry-After": behaviour.retry_after})
            return
        if behaviour.fail_every and number % behaviour.fail_every == 0:
            self._answer(503, {"error": "busy"})
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        params = {k: v[0] for k, v in parse_qs(urlparse(self.path).query).items()}
        if self.headers.get("Content-Type", "").startswith("application/json") and body:
            params.update(json.loads(body))
        elif body:
            params.update({k: v[0] for k, v in parse_qs(body.decode()).items()})
        if params.get("api_key"):
            behaviour.api_keys.append(str(params["api_key"]))
        texts = params.get("q", "")
        many = isinstance(texts, list)
        items = texts if many else [texts]
        with behaviour.lock:
            start = behaviour.texts
            behaviour.texts += len(items)
        out = [behaviour.mangler(text, start + i) for i, text in enumerate(items)]
        self._answer(200, {"translatedText": out if many else out[0]})

    def _answer(
        self, status: int, data: dict[str, Any], headers: dict[str, str] | None = None
    ) -> None:
        payload = json.dumps(data, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)


class LibreServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, behaviour: Behaviour) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.behaviour = behaviour
        self.thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that gave up closes the socket: expected in the timeout tests."""

    def __enter__(self) -> LibreServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()
