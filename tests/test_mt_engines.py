"""Every engine, built by `make_engine` with the name the CLI takes, against a local stub
that speaks its provider's documented wire format and answers its real error codes."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from engine_stubs import (  # type: ignore[import-not-found]
    ALL_SECRETS,
    DEEPL_KEY,
    KEYS,
    MICROSOFT_REGION,
    OPENAI_KEY,
    OPENAI_MODEL,
    PAPAGO_ID,
    PAPAGO_SECRET,
    EngineStubs,
    fake,
)

from cxeditor.errors import CxError
from cxeditor.mt.engines import (
    ENGINE_NAMES,
    Engine,
    EngineError,
    RateLimited,
    TransientError,
    make_engine,
)
from cxeditor.tm.glossary import GlossaryEntry

TEXTS = ["A1: Trust is built in small moments. [T1]", "Thanks [T2] & <team>!"]
ENGINES = ("google", "google-web", "deepl", "papago", "microsoft", "mymemory", "openai")
BATCHED = {"google", "deepl", "microsoft", "openai"}  # all texts in one request


@pytest.fixture
def stubs() -> Iterator[EngineStubs]:
    with EngineStubs() as server:
        yield server


def engine_for(stubs: EngineStubs, name: str, **options: object) -> Engine:
    kwargs: dict[str, object] = {
        "url": stubs.base(name),
        "api_key": KEYS.get(name),
        "region": MICROSOFT_REGION,
        "model": OPENAI_MODEL,
        "timeout": 5,
    }
    kwargs.update(options)
    return make_engine(name, **kwargs)  # type: ignore[arg-type]


def test_every_cli_name_but_tm_builds_an_engine() -> None:
    assert set(ENGINE_NAMES) == {*ENGINES, "libre", "tm"}


@pytest.mark.parametrize("name", ENGINES)
def test_each_engine_translates_through_its_documented_route(stubs: EngineStubs, name: str) -> None:
    engine = engine_for(stubs, name)
    assert engine.translate_batch(TEXTS, "en", "ko") == [fake(t) for t in TEXTS]
    assert stubs.violations == []  # no key in a URL, tag modes sent
    assert len(stubs.seen) == (1 if name in BATCHED else len(TEXTS))
    request = stubs.seen[0]
    headers = {k.lower(): v for k, v in request["headers"].items()}
    expected = {
        "deepl": ("authorization", f"DeepL-Auth-Key {DEEPL_KEY}"),
        "microsoft": ("ocp-apim-subscription-key", KEYS["microsoft"]),
        "google": ("x-goog-api-key", KEYS["google"]),
        "papago": ("x-ncp-apigw-api-key", PAPAGO_SECRET),
        "openai": ("authorization", f"Bearer {OPENAI_KEY}"),
    }
    if name in expected:
        header, value = expected[name]
        assert headers[header] == value
    for seen in stubs.seen:
        assert not any(secret in seen["raw_query"] for secret in ALL_SECRETS)


@pytest.mark.parametrize("name", ENGINES)
def test_compressed_answers_are_read(stubs: EngineStubs, name: str) -> None:
    stubs.gzip = True
    assert engine_for(stubs, name).translate_batch(TEXTS, "en", "ko") == [fake(t) for t in TEXTS]


def test_deepl_sends_xml_tags_it_must_keep_and_picks_the_free_host(stubs: EngineStubs) -> None:
    engine = engine_for(stubs, "deepl")
    engine.translate_batch(TEXTS, "en", "ko")
    options = stubs.deepl_options[0]
    assert options["tag_handling"] == "xml"
    assert options["ignore_tags"] == ["x"]
    assert options["non_splitting_tags"] == ["x"]
    body = stubs.seen[0]["body"].decode()
    assert '<x id=\\"1\\">[T1]</x>' in body
    assert "&amp; &lt;team&gt;" in body  # the text around the tags is escaped
    # No URL: the official client chooses the host from the key.
    assert make_engine("deepl", api_key="k:fx")._translator.server_url == (  # type: ignore[attr-defined]
        "https://api-free.deepl.com"
    )
    assert make_engine("deepl", api_key="k")._translator.server_url == "https://api.deepl.com"  # type: ignore[attr-defined]


def test_deepl_glossary_is_created_once_reused_and_refreshed(stubs: EngineStubs) -> None:
    glossary = [
        GlossaryEntry("CX", dnt=True),
        GlossaryEntry("customer journey", "고객 여정"),
        GlossaryEntry("client", "고객", forbidden=True),
    ]
    text = ["Map the customer journey with CX."]
    out = engine_for(stubs, "deepl", glossary=glossary).translate_batch(text, "en", "ko")
    assert out == [fake("Map the 고객 여정 with CX.")]
    engine_for(stubs, "deepl", glossary=glossary).translate_batch(text, "en", "ko")
    assert stubs.glossaries_created == 1  # a second run reuses it
    (only,) = stubs.glossaries.values()
    assert only["entries"] == {"CX": "CX", "customer journey": "고객 여정"}
    changed = [*glossary, GlossaryEntry("touchpoint", "접점")]
    engine_for(stubs, "deepl", glossary=changed).translate_batch(text, "en", "ko")
    assert stubs.glossaries_created == 2
    (newer,) = stubs.glossaries.values()  # the stale one was deleted
    assert "touchpoint" in newer["entries"]
    assert all(o.get("glossary_id") for o in stubs.deepl_options)


def test_papago_glossary_key_goes_in_the_body_and_keys_the_cache(stubs: EngineStubs) -> None:
    with_key = engine_for(stubs, "papago", papago_glossary=" gl-7 ")
    with_key.translate_batch(["Hi", "There"], "en", "ko")
    assert [o["glossaryKey"] for o in stubs.papago_options] == ["gl-7", "gl-7"]
    assert stubs.violations == []
    plain = engine_for(stubs, "papago")
    plain.translate_batch(["Hi"], "en", "ko")
    assert "glossaryKey" not in stubs.papago_options[-1]
    assert with_key.cache_key != plain.cache_key  # another glossary, other translations
    with pytest.raises(CxError, match="Papago glossary key"):
        engine_for(stubs, "papago", papago_glossary="gl 7&x=1")


def test_formality_reaches_deepl_and_papago(stubs: EngineStubs) -> None:
    engine_for(stubs, "deepl", formality="more").translate_batch(["Hi"], "en", "ko")
    assert stubs.deepl_options[-1]["formality"] == "prefer_more"
    engine_for(stubs, "papago", formality="more").translate_batch(["Hi"], "en", "ko")
    assert stubs.papago_options[-1]["honorific"] is True
    engine_for(stubs, "papago").translate_batch(["Hi"], "en", "ko")
    assert "honorific" not in stubs.papago_options[-1]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("deepl", "quota for this billing period is used up (456)"),
        ("microsoft", "free tier's quota is used up (403001)"),
        ("google", "daily quota is used up"),
        ("papago", "quota exceeded"),
        ("mymemory", "free daily quota is used up"),
        ("openai", "no quota left (insufficient_quota)"),
    ],
)
def test_quota_is_one_clear_error(stubs: EngineStubs, name: str, message: str) -> None:
    stubs.faults[name] = "quota"
    with pytest.raises(EngineError, match=re.escape(message)) as raised:
        engine_for(stubs, name).translate_batch(TEXTS, "en", "ko")
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("deepl", "DeepL refused the API key (403)"),
        ("microsoft", "Microsoft refused the key (401000)"),
        ("google", "Google refused the API key"),
        ("papago", "refused the Papago client id or secret (200)"),
        ("openai", "refused the API key (HTTP 401)"),
    ],
)
def test_a_bad_key_is_one_clear_error(stubs: EngineStubs, name: str, message: str) -> None:
    stubs.openai_key_required = True
    bad = "wrong:key" if name == "papago" else "wrong-key"
    with pytest.raises(EngineError, match=re.escape(message)):
        engine_for(stubs, name, api_key=bad).translate_batch(TEXTS, "en", "ko")


def test_microsoft_region_mismatch_names_the_region(stubs: EngineStubs) -> None:
    with pytest.raises(EngineError, match="--region"):
        engine_for(stubs, "microsoft", region="westeurope").translate_batch(TEXTS, "en", "ko")


@pytest.mark.parametrize("name", ["deepl", "microsoft", "google", "papago", "openai"])
def test_rate_limits_become_retryable(stubs: EngineStubs, name: str) -> None:
    stubs.faults[name] = "rate-limit"
    with pytest.raises(RateLimited) as limited:
        engine_for(stubs, name).translate_batch(TEXTS, "en", "ko")
    assert limited.value.retry_after == 0


@pytest.mark.parametrize("name", ["deepl", "microsoft", "google", "papago", "mymemory", "openai"])
def test_junk_items_are_no_translation(stubs: EngineStubs, name: str) -> None:
    """null, an object, "", spaces, a number: None each, never `'None'` or `"{'a': 1}"`."""
    stubs.faults[name] = "junk"
    texts = [f"Text number {i}." for i in range(5)]
    assert engine_for(stubs, name).translate_batch(texts, "en", "ko") == [None] * 5


@pytest.mark.parametrize("name", ENGINES)
@pytest.mark.parametrize(
    "fault", ["html", "huge", "drip", "not-json", "redirect", "gzip-bomb", "deep-json", "bad-utf8"]
)
def test_hostile_answers_fail_fast_with_one_line(stubs: EngineStubs, name: str, fault: str) -> None:
    stubs.faults[name] = fault
    engine = engine_for(stubs, name, timeout=1.5)
    started = time.monotonic()
    outcome: object
    try:
        outcome = engine.translate_batch(["Hello there."], "en", "ko")
    except (EngineError, TransientError) as error:
        outcome = error
    if isinstance(outcome, Exception):
        assert "\n" not in str(outcome)
        assert len(str(outcome)) < 300
    else:
        # Only the unofficial web page "succeeds": it finds no translation in the junk.
        assert name == "google-web"
        assert outcome in ([None], ["Hello there."])
    assert time.monotonic() - started < 6


@pytest.mark.parametrize("name", ["deepl", "microsoft", "google", "papago", "openai"])
def test_a_stalled_service_times_out(stubs: EngineStubs, name: str) -> None:
    stubs.faults[name] = "stall"
    stubs.stall = 2.0
    with pytest.raises(TransientError):
        engine_for(stubs, name, timeout=0.3).translate_batch(["Hello"], "en", "ko")


def test_google_web_times_out_without_patching_requests(stubs: EngineStubs) -> None:
    import requests  # noqa: PLC0415

    send = requests.adapters.HTTPAdapter.send
    stubs.faults["google-web"] = "stall"
    stubs.stall = 2.0
    with pytest.raises(TransientError):
        engine_for(stubs, "google-web", timeout=0.3).translate_batch(["Hello"], "en", "ko")
    assert requests.adapters.HTTPAdapter.send is send


@pytest.mark.parametrize("name", ["deepl", "microsoft", "google", "papago", "mymemory", "openai"])
def test_a_redirect_is_not_followed(stubs: EngineStubs, name: str) -> None:
    stubs.faults[name] = "redirect"
    with pytest.raises(EngineError, match="redirected the request \\(HTTP 302\\)"):
        engine_for(stubs, name).translate_batch(TEXTS, "en", "ko")
    assert all(r["path"] != "/elsewhere" for r in stubs.seen)


def test_a_key_echoed_by_the_server_is_redacted(stubs: EngineStubs) -> None:
    stubs.faults["deepl"] = "echo-key"
    with pytest.raises(EngineError) as raised:
        engine_for(stubs, "deepl").translate_batch(TEXTS, "en", "ko")
    assert DEEPL_KEY not in str(raised.value)
    assert "***" in str(raised.value)


def test_deepl_answers_the_client_cannot_parse_are_one_error(stubs: EngineStubs) -> None:
    stubs.faults["deepl"] = "missing-field"
    with pytest.raises(EngineError, match="not a DeepL answer"):
        engine_for(stubs, "deepl").translate_batch(TEXTS, "en", "ko")
    stubs.faults["deepl"] = "wrong-count"
    with pytest.raises(EngineError, match="wrong number"):
        engine_for(stubs, "deepl").translate_batch(TEXTS, "en", "ko")


def test_openai_prompt_carries_placeholders_glossary_and_context(stubs: EngineStubs) -> None:
    engine = engine_for(
        stubs,
        "openai",
        glossary=[GlossaryEntry("#CXTweetChat", dnt=True), GlossaryEntry("journey", "여정")],
        context="#CXTweetChat recap",
    )
    engine.translate_batch(TEXTS, "en", "ko")
    prompt = stubs.openai_prompts[0]
    assert "[T1]" in prompt
    assert "tweets" in prompt
    assert "journey -> 여정" in prompt
    assert "#CXTweetChat -> #CXTweetChat" in prompt
    assert "#CXTweetChat recap" in prompt


@pytest.mark.parametrize("fault", ["bad-json-once", "wrong-count-once"])
def test_openai_answer_is_validated_with_one_retry(stubs: EngineStubs, fault: str) -> None:
    stubs.faults["openai"] = fault
    assert engine_for(stubs, "openai").translate_batch(TEXTS, "en", "ko") == [
        fake(t) for t in TEXTS
    ]
    assert len(stubs.seen) == 2


def test_openai_answer_wrapped_in_an_object_is_understood(stubs: EngineStubs) -> None:
    stubs.faults["openai"] = "wrapped"
    assert engine_for(stubs, "openai").translate_batch(TEXTS, "en", "ko") == [
        fake(t) for t in TEXTS
    ]
    assert len(stubs.seen) == 1  # no retry needed


def test_openai_answer_that_stays_bad_fails_its_segments(stubs: EngineStubs) -> None:
    stubs.faults["openai"] = "always-bad-json"
    assert engine_for(stubs, "openai").translate_batch(TEXTS, "en", "ko") == [None, None]
    assert len(stubs.seen) == 2  # one retry, no more


def test_openai_lost_placeholder_is_asked_again(stubs: EngineStubs) -> None:
    answers = iter(["lost it", "[T1] kept"])
    stubs.manglers["openai"] = lambda text: next(answers) if "[T1]" in text else fake(text)
    out = engine_for(stubs, "openai").translate_batch(["Hi [T1]"], "en", "ko")
    assert out == ["[T1] kept"]


def test_openai_batch_too_big_for_the_context_is_split(stubs: EngineStubs) -> None:
    stubs.openai_context_chars = 1500
    texts = [f"Sentence {i} about customer experience and loyalty programmes." for i in range(20)]
    out = engine_for(stubs, "openai").translate_batch(texts, "en", "ko")
    assert out == [fake(t) for t in texts]
    assert len(stubs.seen) > 2
    stubs.openai_context_chars = 10
    with pytest.raises(EngineError, match="larger context"):
        engine_for(stubs, "openai").translate_batch(["Hi"], "en", "ko")


def test_openai_unknown_model_says_how_to_get_it(stubs: EngineStubs) -> None:
    with pytest.raises(EngineError, match="ollama pull mistral"):
        engine_for(stubs, "openai", model="mistral").translate_batch(["Hi"], "en", "ko")


def test_openai_key_is_optional_for_a_local_server(stubs: EngineStubs) -> None:
    engine = engine_for(stubs, "openai", api_key=None)
    assert engine.translate_batch(["Hi"], "en", "ko") == [fake("Hi")]
    assert "Authorization" not in stubs.seen[0]["headers"]


def test_mymemory_goes_over_https_with_the_contact_email(stubs: EngineStubs) -> None:
    assert make_engine("mymemory").url.startswith("https://")  # type: ignore[attr-defined]
    engine_for(stubs, "mymemory", email="editor@example.org").translate_batch(["Hi"], "en", "ko")
    assert stubs.seen[0]["query"]["de"] == "editor@example.org"
    assert stubs.seen[0]["query"]["langpair"] == "en-US|ko-KR"


def test_papago_uses_naver_cloud_and_needs_id_and_secret(stubs: EngineStubs) -> None:
    assert make_engine("papago", api_key="a:b").url == "https://papago.apigw.ntruss.com"  # type: ignore[attr-defined]
    engine_for(stubs, "papago").translate_batch(["Hi"], "en", "ko")
    assert stubs.seen[0]["path"] == "/nmt/v1/translation"
    assert stubs.seen[0]["headers"]["x-ncp-apigw-api-key-id"] == PAPAGO_ID
    with pytest.raises(CxError, match="CLIENT_ID:CLIENT_SECRET"):
        make_engine("papago", api_key="only-an-id")


def test_keyed_engines_need_a_key_and_google_points_to_google_web() -> None:
    for name in ("deepl", "microsoft", "papago", "google"):
        with pytest.raises(CxError, match="needs an API key"):
            make_engine(name)
    with pytest.raises(CxError, match="google-web"):
        make_engine("google")
    assert make_engine("google-web").official is False
    assert make_engine("google", api_key="k").official is True


def test_keys_never_go_over_plain_http_to_another_host() -> None:
    with pytest.raises(CxError, match="plain http"):
        make_engine("deepl", api_key="k", url="http://gateway.example.com")
    with pytest.raises(CxError, match="credentials or a query"):
        make_engine("microsoft", api_key="k", url="https://h.example.com/?key=k")
    with pytest.raises(CxError, match="http\\(s\\) address"):
        make_engine("libre", url="file:///etc/passwd")
    assert make_engine("deepl", api_key="k", url="http://127.0.0.1:9")  # a local stub


def test_a_key_with_a_line_break_is_one_clear_error() -> None:
    with pytest.raises(CxError, match="characters a key cannot have"):
        make_engine("microsoft", api_key="abc\r\nX-Evil: 1").translate_batch(["x"], "en", "ko")


def test_one_suggestion_per_engine_for_the_editor_dock(stubs: EngineStubs) -> None:
    from cxeditor.mt.runner import MtSuggestion, suggest_each  # noqa: PLC0415

    stubs.faults["papago"] = "quota"
    engines = [engine_for(stubs, name) for name in ("deepl", "papago", "openai")]
    rows = suggest_each(engines, "Thanks @ExampleCorp! #LocChat")
    deepl_row, papago_row, openai_row = rows
    assert isinstance(deepl_row, MtSuggestion)
    assert deepl_row.engine == "deepl"
    assert deepl_row.text == "Thanks @ExampleCorp! #LocChat (번역)"
    assert isinstance(openai_row, MtSuggestion)
    assert openai_row.engine == f"openai:{OPENAI_MODEL}"
    assert isinstance(papago_row, str)
    assert "quota exceeded" in papago_row


def test_a_text_longer_than_papago_takes_fails_alone(tmp_path: Path, stubs: EngineStubs) -> None:
    from cxeditor.model import Article, Block, BlockKind, Segment  # noqa: PLC0415
    from cxeditor.mt.runner import pretranslate  # noqa: PLC0415
    from cxeditor.store import Project  # noqa: PLC0415

    path = tmp_path / "long.cxproj"
    long_text = "Customers notice the small moments. " * 200  # 7,200 characters
    blocks = [Block(BlockKind.PARAGRAPH, [Segment("Short one."), Segment(long_text)])]
    Project.create(path, Article(blocks=blocks))
    with Project.open(path) as opened:
        result = pretranslate(opened, engine_for(stubs, "papago"))
        targets = [s.target for s in opened.load_article().segments()]
    assert (result.from_engine, result.failed, result.left) == (1, 1, 1)
    assert targets == [fake("Short one."), ""]
    assert all(len(json.loads(r["body"])["text"]) <= 5000 for r in stubs.seen)


def test_cancelling_a_competition_keeps_what_was_answered(
    tmp_path: Path, stubs: EngineStubs
) -> None:
    from cxeditor.jobs import CancelFlag, Cancelled  # noqa: PLC0415
    from cxeditor.model import Article, Block, BlockKind, Segment  # noqa: PLC0415
    from cxeditor.mt.protect import mask  # noqa: PLC0415
    from cxeditor.mt.runner import pretranslate  # noqa: PLC0415
    from cxeditor.store import Project  # noqa: PLC0415

    path = tmp_path / "c.cxproj"
    segments = [Segment(f"Sentence {i} for #LocChat.") for i in range(6)]
    Project.create(path, Article(blocks=[Block(BlockKind.PARAGRAPH, segments)]))
    stubs.faults["papago"] = "stall"  # one text per request, each stalls
    stubs.stall = 1.0
    cancel = CancelFlag()

    def progress(done: int, total: int, message: str) -> None:
        cancel.cancel()  # after the first answers arrive

    engines = [engine_for(stubs, "microsoft"), engine_for(stubs, "papago", timeout=3)]
    with Project.open(path) as opened, pytest.raises(Cancelled):
        pretranslate(opened, engines, progress=progress, cancel=cancel)
    with Project.open(path, readonly=True) as opened:
        drafts = [s for s in opened.load_article().segments() if s.target]
        cached = opened.cached_translations(
            "microsoft", "en", "ko", [mask("Sentence 0 for #LocChat.").text]
        )
    assert len(drafts) == 6
    assert {s.origin.to_str() for s in drafts} == {"mt:microsoft"}
    assert cached  # the answers are in the cache for the next run


@pytest.mark.parametrize(
    ("name", "limit"), [("deepl", 50), ("microsoft", 1000), ("google", 128), ("openai", 100)]
)
def test_a_large_article_goes_in_batches_within_the_documented_limits(
    tmp_path: Path, stubs: EngineStubs, name: str, limit: int
) -> None:
    from cxeditor.model import Article, Block, BlockKind, Segment  # noqa: PLC0415
    from cxeditor.mt.runner import pretranslate  # noqa: PLC0415
    from cxeditor.store import Project  # noqa: PLC0415

    path = tmp_path / "big.cxproj"
    words = ("brand", "team", "reply", "market", "signal", "service", "product", "channel")
    segments = [  # no two alike once masked (a number would become the same [T1])
        Segment(f"Customers remember the {words[i % 8]} {words[i // 8 % 8]} {words[i // 64]}.")
        for i in range(400)
    ]
    Project.create(path, Article(blocks=[Block(BlockKind.PARAGRAPH, segments)]))
    with Project.open(path) as opened:
        result = pretranslate(opened, engine_for(stubs, name))
    assert (result.from_engine, result.left) == (400, 0)
    assert stubs.violations == []
    bodies = [json.loads(r["body"]) for r in stubs.seen if r["method"] == "POST"]
    sizes = {
        "deepl": lambda b: len(b["text"]),
        "microsoft": len,
        "google": lambda b: len(b["q"]),
        "openai": lambda b: len(json.loads(b["messages"][1]["content"])),
    }[name]
    assert all(0 < sizes(body) <= limit for body in bodies)
    assert len(bodies) <= 400 / 4  # many texts per request
