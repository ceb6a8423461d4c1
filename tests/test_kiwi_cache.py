"""Kiwi's readings kept in the user's cache: a second `cxeditor qa` over the same texts
needs no Kiwi at all and finds the same."""

from __future__ import annotations

import json
from pathlib import Path

from cli_runner import run_cli  # type: ignore[import-not-found]

from cxeditor.model import Article, ArticleMeta, Block, BlockKind, Segment, Status
from cxeditor.store import Project
from cxeditor.text import kiwi_cache

TARGETS = [
    "오늘 채팅에 참여 했습니다 모든 분께 감사드립니다!",  # a parted ending: Kiwi confirms
    "그는 보고싶은 영화를 봐야합니다.",  # auxiliaries glued on
    "답변은 솔직했고 그 중 몇 가지는 놀라웠습니다.",
]


def _project(folder: Path) -> Path:
    blocks = [
        Block(BlockKind.PARAGRAPH, [Segment(f"Sentence {n}.", target, Status.DRAFT, id=n)])
        for n, target in enumerate(TARGETS, 1)
    ]
    path = folder / "spacing.cxproj"
    Project.create(path, Article(ArticleMeta(title="spacing"), blocks))
    return path


def _without_kiwi(folder: Path) -> dict[str, str]:
    """An environment where importing kiwipiepy fails, in the command and its helper."""
    package = folder / "no-kiwi" / "kiwipiepy"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text('raise ImportError("no Kiwi in this run")\n')
    return {"PYTHONPATH": str(package.parent)}


def test_a_second_run_over_the_same_texts_needs_no_kiwi(tmp_path: Path) -> None:
    project = _project(tmp_path)
    first = run_cli("qa", project, "--json")
    assert first.returncode in (0, 1), first.stderr
    found = json.loads(first.stdout)
    spaced = [f["text"] for f in found if f["check"] == "korean-spacing"]
    assert len(spaced) == 3  # 참여 했습니다, 보고싶은, 봐야합니다
    assert kiwi_cache.cache_path().exists()  # in the user's cache folder

    no_kiwi = _without_kiwi(tmp_path)
    second = run_cli("qa", project, "--json", env=no_kiwi)
    assert second.returncode == first.returncode, second.stderr
    assert json.loads(second.stdout) == found

    kiwi_cache.cache_path().unlink()  # the proof that the run above had no Kiwi
    third = run_cli("qa", project, "--json", env=no_kiwi)
    assert third.returncode == 3
    assert "Kiwi" in third.stderr or "kiwi" in third.stderr


def test_readings_of_another_kiwi_are_not_used() -> None:
    reading = [["참여", "NNG", 0, 2], ["했", "XSV", 3, 4]]
    kiwi_cache.store([("참여 했", reading)], {"num_workers": -1})
    assert kiwi_cache.read(["참여 했", "다른 글"], {"num_workers": -1}) == {"참여 했": reading}
    assert kiwi_cache.read(["참여 했"], {"num_workers": 1}) == {}  # other options


def test_a_damaged_cache_file_costs_only_a_reading(tmp_path: Path) -> None:
    path = kiwi_cache.cache_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not a database" * 100)
    assert kiwi_cache.read(["참여 했"], {}) == {}
    kiwi_cache.store([("참여 했", [["참여", "NNG", 0, 2]])], {})  # no error either
