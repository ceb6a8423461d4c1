"""Each engine adapter against a local stub of its service's HTTP API."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from deep_translator import constants
from engine_stubs import EngineStubs  # type: ignore[import-not-found]

from cxeditor.errors import CxError
from cxeditor.mt.engines import (
    DeeplEngine,
    EngineError,
    MicrosoftEngine,
    RateLimited,
    TransientError,
    make_engine,
)

TEXTS = ["A1: Trust is built in small moments. [T1]", "Thanks [T2]!"]


@pytest.fixture
def stubs(monkeypatch: pytest.MonkeyPatch) -> Iterator[EngineStubs]:
    with EngineStubs() as server:
        # deep-translator reads its endpoints from this table when a translator is made.
        monkeypatch.setitem(constants.BASE_URLS, "GOOGLE_TRANSLATE", server.url + "/m")
        monkeypatch.setitem(constants.BASE_URLS, "MYMEMORY", server.url + "/get")
        monkeypatch.setitem(constants.BASE_URLS, "PAPAGO_API", server.url + "/v1/papago/n2mt")
        yield server


def test_deepl_sends_all_texts_at_once_with_the_key_in_a_header(stubs: EngineStubs) -> None:
    engine = DeeplEngine("secret-key:fx", stubs.url, timeout=5)
    assert engine.translate_batch(TEXTS, "en", "ko") == [f"KO({t})" for t in TEXTS]
    assert len(stubs.seen) == 1
    request = stubs.seen[0]
    assert request["headers"]["Authorization"] == "DeepL-Auth-Key secret-key:fx"
    assert "secret" not in str(request["query"])
    assert b'"target_lang": "KO"' in request["body"]


def test_microsoft_sends_all_texts_at_once(stubs: EngineStubs) -> None:
    engine = MicrosoftEngine("ms-key", stubs.url, timeout=5)
    assert engine.translate_batch(TEXTS, "en", "ko") == [f"KO({t})" for t in TEXTS]
    request = stubs.seen[0]
    assert request["query"] == {"api-version": "3.0", "from": "en", "to": "ko"}
    assert request["headers"]["Ocp-Apim-Subscription-Key"] == "ms-key"


@pytest.mark.parametrize(
    ("name", "key"), [("google", None), ("mymemory", None), ("papago", "client-id:client-secret")]
)
def test_deep_translator_engines(stubs: EngineStubs, name: str, key: str | None) -> None:
    engine = make_engine(name, api_key=key, timeout=5)
    assert engine.translate_batch(TEXTS, "en", "ko") == [f"KO({t})" for t in TEXTS]
    assert len(stubs.seen) == 2  # deep-translator: one request per text
    if name == "papago":
        assert stubs.seen[0]["headers"]["X-Naver-Client-Id"] == "client-id"
        assert stubs.seen[0]["headers"]["X-Naver-Client-Secret"] == "client-secret"


def test_rate_limits_become_retryable(stubs: EngineStubs) -> None:
    stubs.rate_limited = True
    with pytest.raises(RateLimited) as limited:
        DeeplEngine("k", stubs.url, timeout=5).translate_batch(TEXTS, "en", "ko")
    assert limited.value.retry_after == 0
    with pytest.raises(RateLimited):
        make_engine("mymemory", timeout=5).translate_batch(TEXTS, "en", "ko")


def test_a_stalled_service_times_out_even_through_deep_translator(stubs: EngineStubs) -> None:
    stubs.stall = 2.0
    with pytest.raises(TransientError):
        make_engine("google", timeout=0.3).translate_batch(["Hello"], "en", "ko")
    with pytest.raises(TransientError):
        MicrosoftEngine("k", stubs.url, timeout=0.3).translate_batch(["Hello"], "en", "ko")


def test_bad_key_is_an_engine_error_not_a_retry(stubs: EngineStubs) -> None:
    with pytest.raises(EngineError, match="refused the API key"):
        MicrosoftEngine("", stubs.url, timeout=5).translate_batch(["Hello"], "en", "ko")


def test_keyed_engines_need_a_key() -> None:
    for name in ("deepl", "microsoft", "papago"):
        with pytest.raises(CxError, match="needs an API key"):
            make_engine(name)
