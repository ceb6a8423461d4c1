"""Pre-translation against a misbehaving LibreTranslate-compatible server on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import threading
from pathlib import Path

import pytest
from cli_runner import run_cli  # type: ignore[import-not-found]
from deep_translator import LibreTranslator
from mt_server import Behaviour, LibreServer  # type: ignore[import-not-found]

from cxeditor.jobs import CancelFlag, Cancelled
from cxeditor.model import OriginKind, Status
from cxeditor.mt.engines import EngineUnavailable, make_engine
from cxeditor.mt.runner import pretranslate
from cxeditor.services import create_project_from_files
from cxeditor.store import Project

SAMPLES = Path(__file__).resolve().parent.parent / "resources" / "samples"
TOKENS = [
    "#LocChat",
    "#WorldCXDay2024",
    "@ExampleCorp",
    "https://t.co/Ab12Cd34Ef",
    "https://t.co/Zz9Yy8Xx7W",
    "https://t.co/Qq1Rr2Ss3T",
    "#i18n",
    "📚",
    "A1:",
    "A5:",
]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "p.cxproj"
    create_project_from_files(path, source=SAMPLES / "locchat-recap.html")
    return path


def targets(path: Path) -> dict[int, tuple[str, str, Status, str]]:
    with Project.open(path, readonly=True) as opened:
        return {
            s.id: (s.source, s.target, s.status, s.origin.to_str())
            for s in opened.load_article().segments()
            if s.id
        }


def test_all_segments_become_drafts_with_every_token(project: Path) -> None:
    with LibreServer(Behaviour(latency=0.02)) as server, Project.open(project) as opened:
        result = pretranslate(opened, make_engine("libre", url=server.url, timeout=5))
    assert result.left == 0
    assert result.from_engine == 16
    rows = targets(project)
    assert all(status is Status.DRAFT for _s, _t, status, _o in rows.values())
    assert all(origin == "mt:libre" for *_rest, origin in rows.values())
    for source, target, _status, _origin in rows.values():
        for token in TOKENS:
            if token in source:
                assert token in target, (token, target)
        assert "위챗" not in target
        assert "t.co/ " not in target


def test_second_run_sends_nothing_and_resumes_only_what_is_left(project: Path) -> None:
    with LibreServer(Behaviour()) as server:
        with Project.open(project) as opened:
            pretranslate(opened, make_engine("libre", url=server.url))
            first = server.behaviour.requests
            again = pretranslate(opened, make_engine("libre", url=server.url))
        assert again.requests == 0
        assert server.behaviour.requests == first
        with Project.open(project) as opened:  # clear two targets: only those are resent
            opened.update_segment(3, target="", status=Status.NEW)
            opened.update_segment(4, target="", status=Status.NEW)
            resumed = pretranslate(opened, make_engine("libre", url=server.url))
    assert resumed.from_cache == 2  # same text, cached: still no request
    assert resumed.requests == 0


def test_rate_limits_and_server_errors_are_retried(project: Path) -> None:
    behaviour = Behaviour(rate_limit_every=3, retry_after="0", fail_every=5)
    with LibreServer(behaviour) as server, Project.open(project) as opened:
        engine = make_engine("libre", url=server.url)
        engine.max_batch = 2  # type: ignore[misc]  # more requests, more chances to fail
        result = pretranslate(opened, engine, concurrency=4)
    assert result.left == 0
    assert result.requests > 8


def test_stalled_server_times_out_and_the_rest_stays_new(project: Path) -> None:
    behaviour = Behaviour(stall_every=1, stall_seconds=3)
    with LibreServer(behaviour) as server, Project.open(project) as opened:
        result = pretranslate(opened, make_engine("libre", url=server.url, timeout=0.3), retries=1)
    assert result.left == 16
    assert result.error
    assert all(status is Status.NEW for _s, _t, status, _o in targets(project).values())


def test_network_down_is_one_line_and_tm_still_applies(project: Path) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with Project.open(project) as opened:
        result = pretranslate(
            opened,
            make_engine("libre", url=f"http://127.0.0.1:{port}/", timeout=1),
            tm_lookup=lambda s: ("#LocChat 요약", 100) if s.startswith("#LocChat recap") else None,
        )
    assert result.from_tm == 1
    assert result.left == 15
    assert result.error is not None
    assert "\n" not in result.error
    assert result.error.startswith("cannot reach the libre service (Connection refused)")
    rows = targets(project)
    assert rows[1][1:3] == ("#LocChat 요약", Status.DRAFT)
    assert rows[1][3] == "tm:100"


def test_cancel_keeps_what_was_done(project: Path) -> None:
    cancel = CancelFlag()
    done: list[int] = []

    def progress(count: int, total: int, message: str) -> None:
        done.append(count)
        cancel.cancel()

    with LibreServer(Behaviour(latency=0.2)) as server, Project.open(project) as opened:
        engine = make_engine("libre", url=server.url)
        engine.max_batch = 1  # type: ignore[misc]
        with pytest.raises(Cancelled):
            pretranslate(opened, engine, concurrency=2, progress=progress, cancel=cancel)
    rows = targets(project)
    translated = [row for row in rows.values() if row[1]]
    assert 1 <= len(translated) < 16
    assert all(row[2] is Status.DRAFT for row in translated)


def test_api_key_goes_in_the_body_not_the_url(project: Path) -> None:
    with LibreServer(Behaviour()) as server, Project.open(project) as opened:
        pretranslate(opened, make_engine("libre", url=server.url, api_key="s3cret"))
        assert server.behaviour.api_keys
        assert all("s3cret" not in query for query in server.behaviour.query_strings)


def test_deep_translator_talks_to_the_same_server() -> None:
    with LibreServer(Behaviour()) as server:
        translator = LibreTranslator(
            source="en", target="ko", api_key="k", custom_url=server.url, use_free_api=False
        )
        assert translator.translate("Hello #LocChat").startswith("Hello #LocChat")


def test_engine_sends_many_texts_in_one_request() -> None:
    behaviour = Behaviour(mangler=lambda text, index: f"{index}:{text}")
    with LibreServer(behaviour) as server:
        engine = make_engine("libre", url=server.url)
        assert engine.translate_batch(["a", "b", "c"], "en", "ko") == ["0:a", "1:b", "2:c"]
    assert behaviour.requests == 1


def test_unreachable_server_is_classified() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(EngineUnavailable):
        make_engine("libre", url=f"http://127.0.0.1:{port}/", timeout=0.5).translate_batch(
            ["a"], "en", "ko"
        )


def test_cli_translate_reports_and_exits(project: Path) -> None:
    with LibreServer(Behaviour()) as server:
        result = run_cli("translate", project, "--engine", "libre", "--engine-url", server.url)
    assert result.returncode == 0, result.stderr
    assert "16" in result.stdout
    export = project.with_suffix(".json")
    assert run_cli("export", project, "--to", "json", "-o", export).returncode == 0
    data = json.loads(export.read_text(encoding="utf-8"))
    assert all(s["status"] == "draft" for b in data["blocks"] for s in b["segments"])


def test_cli_needs_a_key_for_keyed_engines(project: Path) -> None:
    result = run_cli(
        "translate", project, "--engine", "deepl", "--api-key-env", "CXEDITOR_NO_SUCH_VAR"
    )
    assert result.returncode == 2
    assert "CXEDITOR_NO_SUCH_VAR" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_mt_writes_history_as_mt(project: Path) -> None:
    with LibreServer(Behaviour()) as server, Project.open(project) as opened:
        pretranslate(opened, make_engine("libre", url=server.url))
        history = opened.history(1)
    assert [(h.who, h.status_after) for h in history] == [("mt", Status.DRAFT)]
    assert OriginKind.MT.value in history[0].origin
    assert threading.active_count() < 20


def test_segments_sharing_a_request_keep_their_own_tokens(tmp_path: Path) -> None:
    from cxeditor.model import Article, Block, BlockKind, Segment  # noqa: PLC0415

    path = tmp_path / "same.cxproj"
    Project.create(
        path,
        Article(
            blocks=[
                Block(
                    BlockKind.PARAGRAPH,
                    [
                        Segment("Join #LocChat at https://t.co/AAAA1111"),
                        Segment("Join #CXTweetChat at https://t.co/BBBB2222"),
                    ],
                )
            ]
        ),
    )
    with (
        LibreServer(Behaviour(mangler=lambda t, i: t + " 번역")) as server,
        Project.open(path) as opened,
    ):
        result = pretranslate(opened, make_engine("libre", url=server.url))
        assert result.requests == 1  # one masked text, one request
        first, second = (s.target for s in opened.load_article().segments())
    assert first == "Join #LocChat at https://t.co/AAAA1111 번역"
    assert second == "Join #CXTweetChat at https://t.co/BBBB2222 번역"


def test_one_segment_suggestion_is_protected_cached_and_not_written(project: Path) -> None:
    from cxeditor.mt.runner import suggest  # noqa: PLC0415

    source = "A1: Trust is built in the small moments. #LocChat https://t.co/Ab12Cd34Ef"
    behaviour = Behaviour()
    with LibreServer(behaviour) as server, Project.open(project) as opened:
        engine = make_engine("libre", url=server.url, timeout=5)
        first = suggest(engine, source, project=opened)
        second = suggest(engine, source, project=opened)
        before = {s.id: s.target for s in opened.load_article().segments()}
    assert behaviour.requests == 1  # the second came from the project's cache
    assert (first.cached, second.cached) == (False, True)
    assert first.text == second.text
    for token in ("A1:", "#LocChat", "https://t.co/Ab12Cd34Ef"):
        assert token in first.text
    assert "(번역됨)" in first.text
    assert set(before.values()) == {""}  # a suggestion changes no segment


def test_suggestion_from_a_dead_server_is_one_clear_error(project: Path) -> None:
    from cxeditor.mt.engines import EngineError  # noqa: PLC0415
    from cxeditor.mt.runner import suggest  # noqa: PLC0415

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    engine = make_engine("libre", url=f"http://127.0.0.1:{port}/", timeout=1)
    with pytest.raises(EngineError) as raised:
        suggest(engine, "Thanks @ExampleCorp!", retries=0)
    assert str(raised.value).startswith("cannot reach the libre service (Connection refused)")
