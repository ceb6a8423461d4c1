"""`cxeditor translate` in a real process against the providers' stubs, pointed at them
with `--engine-url NAME=URL` as a user points it at a gateway: every engine, engines
competing per segment, and what a hostile or failing server does to a run."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_runner import run_cli  # type: ignore[import-not-found]
from engine_stubs import (  # type: ignore[import-not-found]
    ALL_SECRETS,
    DEEPL_KEY,
    KEYS,
    MICROSOFT_REGION,
    OPENAI_MODEL,
    EngineStubs,
)

from cxeditor.model import Status
from cxeditor.services import create_project_from_files
from cxeditor.store import Project
from cxeditor.text.damage import MT_TOKEN_PROBLEM

SAMPLES = Path(__file__).resolve().parent.parent / "resources" / "samples"
SEGMENTS = 16
ENV = {f"STUB_{name.upper()}_KEY": key for name, key in KEYS.items()}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "p.cxproj"
    create_project_from_files(path, source=SAMPLES / "locchat-recap.html")
    return path


@pytest.fixture
def stubs() -> Iterator[EngineStubs]:
    with EngineStubs() as server:
        yield server


def translate(project: Path, stubs: EngineStubs, *names: str, extra: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    args: list[str | Path] = ["translate", project, "--engine", ",".join(names)]
    for name in names:
        args += ["--engine-url", f"{name}={stubs.base(name)}"]
        if name in KEYS:
            args += ["--api-key-env", f"{name}=STUB_{name.upper()}_KEY"]
    args += ["--region", MICROSOFT_REGION, "--model", OPENAI_MODEL, "--timeout", "5", *extra]
    return run_cli(*args, env=ENV)


def rows(path: Path) -> list[tuple[str, str, Status, str, list[str]]]:
    with Project.open(path, readonly=True) as opened:
        return [
            (s.source, s.target, s.status, s.origin.to_str(), [c.text for c in s.comments])
            for s in opened.load_article().segments()
        ]


def table(stdout: str) -> dict[str, list[str]]:
    """The per-engine table the run ends with: engine -> its columns."""
    lines = stdout.strip().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("engine"))
    return {line.split()[0]: line.split()[1:] for line in lines[start + 1 :]}


@pytest.mark.parametrize(
    "name", ["deepl", "microsoft", "google", "papago", "openai", "mymemory", "google-web"]
)
def test_each_engine_through_the_cli(project: Path, stubs: EngineStubs, name: str) -> None:
    result = translate(project, stubs, name)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert f"Pre-translated {name} {SEGMENTS}," in result.stdout
    label = f"openai:{OPENAI_MODEL}" if name == "openai" else name
    assert table(result.stdout)[label][:2] == [str(SEGMENTS), str(SEGMENTS)]
    for source, target, status, origin, _comments in rows(project):
        assert status is Status.DRAFT
        assert origin == f"mt:{label}"
        for token in ("#LocChat", "@ExampleCorp", "https://t.co/Ab12Cd34Ef"):
            if token in source:
                assert token in target
    assert stubs.violations == []
    for seen in stubs.seen:
        assert not any(secret in seen["raw_query"] for secret in ALL_SECRETS)


def _drop_first_tag(text: str) -> str:
    return re.sub(r'<x id="1">\[T1\]</x>', "", text) + " (번역)"


def test_engines_compete_per_segment(project: Path, stubs: EngineStubs) -> None:
    """DeepL loses a token wherever a segment has one: those drafts come from the next
    engines; elsewhere DeepL, first in the order, wins the ties."""
    stubs.manglers["deepl"] = _drop_first_tag
    stubs.manglers["openai"] = lambda text: text.replace("[T1]", "[T1] [T1]") + " (번역)"
    result = translate(project, stubs, "deepl", "microsoft", "openai")
    assert result.returncode == 0, result.stderr
    found = table(result.stdout)
    assert set(found) == {"deepl", "microsoft", f"openai:{OPENAI_MODEL}"}
    origins = {origin for *_rest, origin, _c in rows(project)}
    assert origins == {"mt:deepl", "mt:microsoft"}  # openai duplicated tokens: never used
    for source, target, status, origin, comments in rows(project):
        assert status is Status.DRAFT
        assert not any(c.startswith(MT_TOKEN_PROBLEM) for c in comments)
        if "[T1]" in _masked(source):
            assert origin == "mt:microsoft"
        for token in ("#LocChat", "@ExampleCorp", "https://t.co/Ab12Cd34Ef"):
            if token in source:
                assert target.count(token) == source.count(token)
    deepl_row, ms_row = found["deepl"], found["microsoft"]
    assert int(deepl_row[3]) > 0  # tokens broken
    assert int(ms_row[3]) == 0
    assert int(deepl_row[1]) + int(ms_row[1]) == SEGMENTS  # drafts
    # Cached per engine: clear two targets and run again: nothing is sent.
    with Project.open(project) as opened:
        for segment_id in opened.segment_ids()[:2]:
            opened.update_segment(segment_id, target="", status=Status.NEW)
    before = len(stubs.seen)
    again = translate(project, stubs, "deepl", "microsoft", "openai")
    assert again.returncode == 0, again.stderr
    assert len(stubs.seen) == before
    assert "; 0 requests" in again.stdout


def _masked(source: str) -> str:
    from cxeditor.mt.protect import mask  # noqa: PLC0415

    return mask(source).text


def test_one_failing_competitor_leaves_the_others_working(
    project: Path, stubs: EngineStubs
) -> None:
    stubs.faults["openai"] = "quota"
    result = translate(project, stubs, "microsoft", "openai")
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("\n") == 1
    assert "insufficient_quota" in result.stderr
    assert {origin for *_r, origin, _c in rows(project)} == {"mt:microsoft"}


def test_the_draft_is_the_output_with_fewest_qa_findings(project: Path, stubs: EngineStubs) -> None:
    """Microsoft keeps every placeholder but answers in English (QA: untranslated);
    Papago, second in the order, answers in Korean: Papago's outputs win."""
    stubs.manglers["microsoft"] = lambda text: text
    # Korean words where the English ones were, the [Tn] placeholders kept as they came
    stubs.manglers["papago"] = lambda text: re.sub(r"(?<!\[)\b[A-Za-z]+\b", "번역", text)
    result = translate(project, stubs, "microsoft", "papago")
    assert result.returncode == 0, result.stderr
    found = table(result.stdout)
    ms_findings, ms_checked = map(int, found["microsoft"][5].split("/"))
    papago_findings, papago_checked = map(int, found["papago"][5].split("/"))
    assert ms_checked == SEGMENTS  # first in the order: checked everywhere
    assert ms_findings > papago_findings
    assert 0 < papago_checked <= SEGMENTS  # only where Microsoft's output had findings
    assert int(found["papago"][1]) > int(found["microsoft"][1])  # drafts


@pytest.mark.parametrize(
    ("name", "fault", "expected"),
    [
        ("deepl", "quota", "quota for this billing period is used up (456)"),
        ("microsoft", "quota", "403001"),
        ("papago", "quota", "quota exceeded"),
        ("openai", "quota", "insufficient_quota"),
        ("google", "quota", "daily quota"),
    ],
)
def test_quota_is_one_line_and_nothing_is_marked_translated(
    project: Path, stubs: EngineStubs, name: str, fault: str, expected: str
) -> None:
    stubs.faults[name] = fault
    result = translate(project, stubs, name)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1, result.stderr
    assert expected in result.stderr
    assert all(status is Status.NEW and not target for _s, target, status, *_ in rows(project))


def test_bad_key_and_region_mismatch_are_one_line(project: Path, stubs: EngineStubs) -> None:
    result = run_cli(
        "translate", project, "--engine", "microsoft", "--engine-url", stubs.url,
        "--api-key-env", "STUB_MICROSOFT_KEY", "--region", "westeurope",
        env=ENV,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "--region" in result.stderr
    result = run_cli(
        "translate", project, "--engine", "deepl", "--engine-url", stubs.url,
        "--api-key-env", "WRONG", env={"WRONG": "not-the-key"},
    )  # fmt: skip
    assert result.returncode == 1
    assert "DeepL refused the API key (403)" in result.stderr
    assert all(status is Status.NEW for _s, _t, status, *_ in rows(project))


def test_a_key_echoed_in_an_error_body_never_reaches_the_terminal(
    project: Path, stubs: EngineStubs
) -> None:
    stubs.faults["deepl"] = "echo-key"
    result = translate(project, stubs, "deepl")
    assert result.returncode == 1
    assert DEEPL_KEY not in result.stderr + result.stdout
    assert "***" in result.stderr


def test_a_huge_retry_after_stops_with_one_line(project: Path, stubs: EngineStubs) -> None:
    stubs.faults["deepl"] = "retry-after-huge"
    started = time.monotonic()
    result = translate(project, stubs, "deepl")
    assert time.monotonic() - started < 20
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "asks to wait 100000 s" in result.stderr


@pytest.mark.parametrize("name", ["deepl", "microsoft", "google", "papago", "openai", "mymemory"])
def test_answers_that_are_no_translation_fail_their_segments(
    project: Path, stubs: EngineStubs, name: str
) -> None:
    """null, objects, "" and numbers: not stored (no 'None', no "{'a': 1}"), counted,
    exit 1."""
    stubs.faults[name] = "junk"
    result = translate(project, stubs, name)
    assert result.returncode == 1, result.stdout
    assert f"{SEGMENTS} left, {SEGMENTS} failed" in result.stdout
    assert all(not target and status is Status.NEW for _s, target, status, *_ in rows(project))
    with Project.open(project, readonly=True) as opened:
        assert opened.cached_translations(name, "en", "ko", ["x"]) == {}


def test_control_characters_in_answers_are_dropped(project: Path, stubs: EngineStubs) -> None:
    stubs.faults["deepl"] = "control-chars"
    result = translate(project, stubs, "deepl")
    assert result.returncode == 0, result.stderr
    targets = [target for _s, target, *_ in rows(project)]
    assert all(t.startswith("번역된 문장 ") for t in targets)
    assert not any("\x00" in t or "\x1b" in t for t in targets)


def test_some_junk_fails_only_those_segments(project: Path, stubs: EngineStubs) -> None:
    stubs.faults["microsoft"] = "junk-some"
    result = translate(project, stubs, "microsoft")
    assert result.returncode == 1
    stored = [target for _s, target, *_ in rows(project) if target]
    assert 0 < len(stored) < SEGMENTS
    assert not any(t in ("None", "{'a': 1}", "42") for t in stored)


@pytest.mark.parametrize("name", ["deepl", "microsoft", "google", "papago", "openai", "mymemory"])
@pytest.mark.parametrize("fault", ["html", "huge"])
def test_hostile_servers_end_the_run_with_one_line(
    project: Path, stubs: EngineStubs, name: str, fault: str
) -> None:
    stubs.faults[name] = fault
    started = time.monotonic()
    result = translate(project, stubs, name)
    assert time.monotonic() - started < 30
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert all(status is Status.NEW for _s, _t, status, *_ in rows(project))


@pytest.mark.parametrize("name", ["deepl", "papago"])
def test_a_server_trickling_its_answer_is_cut_off(
    project: Path, stubs: EngineStubs, name: str
) -> None:
    stubs.faults[name] = "drip"
    started = time.monotonic()
    result = translate(project, stubs, name, extra=("--timeout", "0.5"))
    assert time.monotonic() - started < 40
    assert result.returncode == 1
    assert "did not answer" in result.stderr


def test_formality_is_a_project_setting(project: Path, stubs: EngineStubs) -> None:
    result = translate(project, stubs, "deepl", extra=("--formality", "more"))
    assert result.returncode == 0, result.stderr
    with Project.open(project) as opened:
        assert opened.meta().mt_formality == "more"
        for segment_id in opened.segment_ids()[:1]:
            opened.update_segment(segment_id, target="", status=Status.NEW)
    stubs.deepl_options.clear()
    assert translate(project, stubs, "deepl").returncode == 0  # no --formality: kept
    assert all(o["formality"] == "prefer_more" for o in stubs.deepl_options)


def test_papago_glossary_key_is_a_project_setting_sent_in_the_body(
    project: Path, stubs: EngineStubs
) -> None:
    """`--papago-glossary KEY` sends Papago's documented glossaryKey body field with
    every request, is kept in the project for the next run, and "" clears it."""
    result = translate(project, stubs, "papago", extra=("--papago-glossary", "cx-glossary_01"))
    assert result.returncode == 0, result.stderr
    assert len(stubs.papago_options) == SEGMENTS
    assert all(o["glossaryKey"] == "cx-glossary_01" for o in stubs.papago_options)
    assert stubs.violations == []  # in the body, typed as documented; not in the URL
    assert all("glossaryKey" not in seen["raw_query"] for seen in stubs.seen)

    def clear_first() -> None:
        with Project.open(project) as opened:
            opened.update_segment(opened.segment_ids()[0], target="", status=Status.NEW)
        stubs.papago_options.clear()

    # Honorifics make other translations (not in the cache): the kept key goes along.
    clear_first()
    assert translate(project, stubs, "papago", extra=("--formality", "more")).returncode == 0
    assert stubs.papago_options == [
        {"source": "en", "target": "ko", "honorific": True, "glossaryKey": "cx-glossary_01"}
    ]
    clear_first()
    assert translate(project, stubs, "papago", extra=("--papago-glossary", "")).returncode == 0
    assert stubs.papago_options == [{"source": "en", "target": "ko", "honorific": True}]
    with Project.open(project, readonly=True) as opened:
        assert opened.meta().mt_papago_glossary == ""
    assert stubs.violations == []


def test_a_bad_papago_glossary_key_is_one_line_and_nothing_is_kept(
    project: Path, stubs: EngineStubs
) -> None:
    result = translate(project, stubs, "papago", extra=("--papago-glossary", "a key?x=1"))
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1
    assert "Papago glossary key" in result.stderr
    assert stubs.seen == []
    with Project.open(project, readonly=True) as opened:
        assert opened.meta().mt_papago_glossary == ""
    assert all(status is Status.NEW for _s, _t, status, *_ in rows(project))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--engine", "deepl,microsoft", "--engine-url", "http://127.0.0.1:9"), "NAME=URL"),
        (("--engine", "deepl", "--engine-url", "papago=http://127.0.0.1:9"), "not among"),
        (("--engine", "nope"), "unknown engine nope"),
        (("--engine", "deepl,deepl"), "twice"),
        (("--engine", "openai"), "--model"),
        (("--engine", "google"), "google-web"),
        (("--engine", "libre", "--engine-url", "ftp://x"), "http(s) address"),
    ],
)
def test_bad_engine_options_are_one_line_exit_2(
    project: Path, args: tuple[str, ...], message: str
) -> None:
    result = run_cli("translate", project, *args, env={"CXEDITOR_DEEPL_API_KEY": "k"})
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1
    assert message in result.stderr


def test_json_export_keeps_its_shape(project: Path, stubs: EngineStubs) -> None:
    assert translate(project, stubs, "microsoft").returncode == 0
    out = project.with_suffix(".json")
    assert run_cli("export", project, "--to", "json", "-o", out).returncode == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert "mt_formality" not in data["meta"]
    assert all(s["status"] == "draft" for b in data["blocks"] for s in b["segments"])
