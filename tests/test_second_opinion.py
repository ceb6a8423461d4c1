"""The second opinion (issue 23, item 2) end to end: `cxeditor qa --second-opinion` in
a real process against the providers' stubs (tests/engine_stubs.py), the local model's
judge over the OpenAI chat format, the project's cache, and the ranking."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_runner import run_cli  # type: ignore[import-not-found]
from engine_stubs import KEYS, MICROSOFT_REGION, OPENAI_MODEL, EngineStubs  # type: ignore[import-not-found]

from cxeditor.mt.judge import parse_judgement
from cxeditor.mt.protect import mask
from cxeditor.services import create_project_from_files

ENV = {f"STUB_{name.upper()}_KEY": key for name, key in KEYS.items()}
# English, the editor's Korean (meaning drifted in the first three), the engines' version
SEGMENTS = [
    (
        "Never reply to a troll after midnight.",
        "자정이 넘으면 악플러에게 꼭 답하세요.",
        "자정이 지나면 악플러에게 절대 답하지 마세요.",
    ),
    (
        "We sent 40 emails in March.",
        "3월에 이메일 14통을 보냈습니다.",
        "3월에 이메일 40통을 보냈습니다.",
    ),
    (
        "Thanks to the Buffer team for hosting.",
        "진행을 맡아 준 팀에 감사드립니다.",
        "진행을 맡아 준 Buffer 팀에 감사드립니다.",
    ),
    ("The chat starts at noon.", "채팅은 정오에 시작합니다.", "채팅은 정오에 시작해요."),
]


def masked_versions() -> dict[str, str]:
    """What each engine stub answers: the version, with the English's placeholders
    where the English's tokens (numbers) are, as an engine answers masked text."""
    versions = {}
    for english, _korean, version in SEGMENTS:
        masked = mask(english)
        answer = version
        for token in masked.tokens:
            answer = answer.replace(token.text, f"[T{token.number}]")
        versions[masked.text] = answer
    return versions


@pytest.fixture
def project(tmp_path: Path) -> Path:
    english = tmp_path / "chat.en.txt"
    korean = tmp_path / "chat.ko.txt"
    english.write_text("Second opinion\n" + "\n".join(s[0] for s in SEGMENTS), encoding="utf-8")
    korean.write_text("두 번째 의견\n" + "\n".join(s[1] for s in SEGMENTS), encoding="utf-8")
    path = tmp_path / "chat.cxproj"
    create_project_from_files(path, source=english, translation=korean)
    return path


@pytest.fixture
def stubs() -> Iterator[EngineStubs]:
    versions = masked_versions()

    def answer(text: str) -> str:
        # Microsoft gets HTML, its placeholders in <span translate="no">: keep the markup
        plain = html.unescape(re.sub(r"<[^>]+>", "", text))
        version = versions.get(plain)
        if version is None:
            return text
        for placeholder in re.findall(r"\[T\d+\]", version):
            marked = re.search(r"<[^>]+>\s*" + re.escape(placeholder) + r"\s*</[^>]+>", text)
            if marked:
                version = version.replace(placeholder, marked.group())
        return version

    with EngineStubs() as server:
        for name in ("microsoft", "papago"):
            server.manglers[name] = answer
        yield server


def qa(project: Path, stubs: EngineStubs, *names: str, extra: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    args: list[str | Path] = [
        "qa",
        project,
        "--json",
        "--second-opinion",
        "--engine",
        ",".join(names),
    ]
    for name in names:
        args += ["--engine-url", f"{name}={stubs.base(name)}"]
        if name in KEYS:
            args += ["--api-key-env", f"{name}=STUB_{name.upper()}_KEY"]
    args += ["--region", MICROSOFT_REGION, "--model", OPENAI_MODEL, "--timeout", "5", *extra]
    return run_cli(*args, env=ENV)


def _by_segment(data: list[dict[str, object]], check: str) -> dict[int, list[dict[str, object]]]:
    found: dict[int, list[dict[str, object]]] = {}
    for item in data:
        if item["check"] == check:
            found.setdefault(int(str(item["segment"])), []).append(item)
    return found


def test_engines_that_agree_flag_where_the_translation_differs(
    project: Path, stubs: EngineStubs
) -> None:
    result = qa(project, stubs, "microsoft", "papago")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    flagged = _by_segment(data, "second-opinion")
    assert sorted(flagged) == [2, 3, 4]  # the title is segment 1; the clean one is 5
    messages = {
        segment: " ".join(str(i["message"]) for i in items) for segment, items in flagged.items()
    }
    assert "negate" in messages[2]
    assert "40" in messages[3]
    assert "3월에 이메일 40통을 보냈습니다." in messages[3]  # the engines' version, restored
    assert "Buffer" in messages[4]
    for items in flagged.values():
        for item in items:
            assert item["severity"] == "warning"
            assert item["fix"] is None
            assert item["second_look_rank"] is not None
    # each engine was asked once per segment
    asked = len(stubs.seen)
    assert asked > 0
    again = qa(project, stubs, "microsoft", "papago")
    assert again.returncode == 0, again.stderr
    assert len(stubs.seen) == asked  # the project's cache answered
    assert _by_segment(json.loads(again.stdout), "second-opinion").keys() == flagged.keys()


def test_the_engines_use_the_register_and_papago_glossary_translate_keeps(
    project: Path, stubs: EngineStubs
) -> None:
    """The project's kept --formality and --papago-glossary (set by `translate`) go to
    the second opinion's engines too: versions in another register would disagree in
    form alone, and miss pre-translation's cache."""
    kept = run_cli(
        "translate",
        project,
        "--engine",
        "papago",
        "--engine-url",
        stubs.base("papago"),
        "--api-key-env",
        "STUB_PAPAGO_KEY",
        "--formality",
        "more",
        "--papago-glossary",
        "cx-glossary_01",
        env=ENV,
    )
    assert kept.returncode == 0, kept.stderr
    assert stubs.papago_options == []  # every segment has its Korean: nothing to fill
    result = qa(project, stubs, "deepl", "papago")
    assert result.returncode == 0, result.stderr
    assert len(stubs.deepl_options) == len(stubs.papago_options) == len(SEGMENTS) + 1
    assert all(o["formality"] == "prefer_more" for o in stubs.deepl_options)
    assert all(
        o == {"source": "en", "target": "ko", "honorific": True, "glossaryKey": "cx-glossary_01"}
        for o in stubs.papago_options
    )
    assert stubs.violations == []


def test_the_local_model_judges_spans_over_the_openai_chat_format(
    project: Path, stubs: EngineStubs
) -> None:
    def judge(english: str, korean: str) -> list[dict[str, str]]:
        if english.startswith("Never"):
            return [{"span": "꼭 답하세요", "why": "The English says never reply."}]
        if english.startswith("We sent"):
            return [{"span": "15통", "why": "not in the Korean: dropped by cxeditor"}]
        return []

    stubs.judge = judge
    result = qa(project, stubs, "openai")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    judged = _by_segment(data, "model-judgement")
    assert list(judged) == [2]
    (item,) = judged[2]
    assert item["text"] == "꼭 답하세요"
    assert "never reply" in str(item["message"])
    assert f"openai:{OPENAI_MODEL}" in str(item["message"])
    assert item["start"] == SEGMENTS[0][1].index("꼭 답하세요")
    assert all(
        prompt.startswith("You review Korean translations") for prompt in stubs.openai_prompts
    )
    assert len(stubs.openai_prompts) == len(SEGMENTS) + 1  # the title too
    again = qa(project, stubs, "openai")
    assert again.returncode == 0, again.stderr
    assert len(stubs.openai_prompts) == len(SEGMENTS) + 1  # cached: nothing sent
    assert _by_segment(json.loads(again.stdout), "model-judgement").keys() == {2}


def test_an_engine_that_fails_is_one_warning_and_qa_still_reports(
    project: Path, stubs: EngineStubs
) -> None:
    stubs.faults["openai"] = "quota"
    result = qa(project, stubs, "openai")
    assert result.returncode == 0
    assert result.stderr.count("\n") == 1
    assert "quota" in result.stderr
    data = json.loads(result.stdout)
    assert not _by_segment(data, "model-judgement")
    assert _by_segment(data, "negation-parity")  # the offline checks still ran


def test_nothing_is_sent_without_the_engines_named(project: Path) -> None:
    result = run_cli("qa", project, "--second-opinion")
    assert result.returncode == 2
    assert "--engine" in result.stderr
    assert result.stderr.count("\n") == 1
    assert run_cli("qa", project, "--engine", "openai").returncode == 2


def test_a_judgement_keeps_only_spans_of_the_korean() -> None:
    korean = "자정이 넘으면 꼭 답하세요."
    answer = (
        '```json\n[{"span": "꼭 답하세요", "why": "x"}, {"span": "없는 말", "why": "y"}, 3]\n```'
    )
    assert [(s.span, s.why) for s in parse_judgement(answer, korean) or []] == [
        ("꼭 답하세요", "x")
    ]
    assert parse_judgement("I think it is fine.", korean) is None
    assert parse_judgement('{"problems": []}', korean) == []
