"""The project file: round trips, committed edits, history, atomic creation, locking."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from cxeditor.errors import CxError, ProjectError, ProjectLockedError
from cxeditor.jobs import CancelFlag, Cancelled
from cxeditor.model import (
    Article,
    ArticleMeta,
    Block,
    BlockKind,
    Comment,
    Origin,
    OriginKind,
    Segment,
    Status,
    Tweet,
)
from cxeditor.store import Project, SegmentChange, schema


def korean_article() -> Article:
    return Article(
        ArticleMeta(title="#LocChat recap", published="2024-03-14", source_url="https://ex.com/a"),
        [
            Block(
                BlockKind.TITLE,
                [
                    Segment(
                        "#LocChat recap",
                        "#LocChat 요약",
                        Status.DRAFT,
                        Origin(OriginKind.MT, "google"),
                    )
                ],
            ),
            Block(BlockKind.META, [Segment("Published: 2024-03-14")]),
            Block(
                BlockKind.PARAGRAPH,
                [
                    Segment("Did you catch last Thursday's #LocChat?"),
                    Segment(
                        "If not, here is what you missed.",
                        "놓친 내용은 다음과 같습니다.",
                        Status.TRANSLATED,
                        Origin(OriginKind.HUMAN),
                        comments=[Comment("mina", "2024-03-14T10:00:00+00:00", "확인 필요")],
                    ),
                ],
            ),
            Block(
                BlockKind.TWEET,
                [Segment("A1: Trust is built in the small moments. 📚 #LocChat")],
                tweet=Tweet(
                    "Mina Park",
                    "minapark_cx",
                    "2024-03-14",
                    "https://twitter.com/minapark_cx/status/1",
                ),
            ),
            Block(BlockKind.HEADING, [Segment("Review")], level=2),
        ],
    )


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    path = tmp_path / "recap.cxproj"
    Project.create(path, korean_article())
    return path


def test_round_trip_keeps_everything(project_path: Path) -> None:
    with Project.open(project_path, readonly=True) as project:
        loaded = project.load_article()
    original = korean_article()
    assert loaded.meta.title == original.meta.title
    assert loaded.meta.published == "2024-03-14"
    assert loaded.meta.source_url == "https://ex.com/a"
    assert [b.kind for b in loaded.blocks] == [b.kind for b in original.blocks]
    assert loaded.blocks[4].level == 2
    assert loaded.blocks[3].tweet == original.blocks[3].tweet
    assert [(s.source, s.target, s.status, s.origin) for s in loaded.segments()] == [
        (s.source, s.target, s.status, s.origin) for s in original.segments()
    ]
    assert [s.id for s in loaded.segments()] == [1, 2, 3, 4, 5, 6]
    assert loaded.blocks[2].segments[1].comments == [
        Comment("mina", "2024-03-14T10:00:00+00:00", "확인 필요")
    ]


def test_create_assigns_ids_in_reading_order(tmp_path: Path) -> None:
    article = korean_article()
    Project.create(tmp_path / "p.cxproj", article)
    assert [s.id for s in article.segments()] == [1, 2, 3, 4, 5, 6]
    assert [b.id for b in article.blocks] == [1, 2, 3, 4, 5]


def test_confirmed_edit_is_committed_at_once_with_history(project_path: Path) -> None:
    writer = Project.open(project_path, who="지수")
    try:
        writer.update_segment(
            3,
            target="지난 목요일의 #LocChat을 보셨나요?",
            status=Status.TRANSLATED,
            origin=Origin(OriginKind.HUMAN),
        )
        # A second connection (another process could do the same) sees it immediately.
        with Project.open(project_path, readonly=True) as reader:
            segment = reader.segment(3)
            history = reader.history(3)
    finally:
        writer.close()
    assert segment.target == "지난 목요일의 #LocChat을 보셨나요?"
    assert segment.status is Status.TRANSLATED
    assert len(history) == 1
    entry = history[0]
    assert (entry.who, entry.before, entry.after) == ("지수", "", segment.target)
    assert (entry.status_before, entry.status_after) == (Status.NEW, Status.TRANSLATED)
    assert entry.origin == "human"


def test_unchanged_update_adds_no_history(project_path: Path) -> None:
    with Project.open(project_path) as project:
        project.update_segment(4, target="놓친 내용은 다음과 같습니다.")
        assert project.history(4) == []


def test_batch_is_all_or_nothing(project_path: Path) -> None:
    with Project.open(project_path) as project:
        with pytest.raises(ProjectError, match="segment 999"):
            project.apply_changes(
                [
                    SegmentChange(3, target="바뀐 번역", status=Status.APPROVED),
                    SegmentChange(999, target="없는 세그먼트"),
                ]
            )
        assert project.segment(3).target == ""
        assert project.history(3) == []


def test_comments_are_appended(project_path: Path) -> None:
    with Project.open(project_path, who="reviewer") as project:
        project.add_comment(5, "해시태그 확인")
        assert [c.text for c in project.comments(5)] == ["해시태그 확인"]
        assert project.comments(5)[0].who == "reviewer"


def test_pending_edit_survives_and_is_cleared_by_confirm(project_path: Path) -> None:
    with Project.open(project_path) as project:
        project.save_pending_edit(3, "쓰는 중인 번역")
    with Project.open(project_path) as project:
        assert project.pending_edits() == {3: "쓰는 중인 번역"}
        project.update_segment(3, target="확정된 번역", status=Status.TRANSLATED)
        assert project.pending_edits() == {}


def test_create_refuses_to_replace_without_overwrite(project_path: Path) -> None:
    with pytest.raises(ProjectError, match="already exists"):
        Project.create(project_path, korean_article())
    Project.create(project_path, Article(ArticleMeta(title="new"), []), overwrite=True)
    with Project.open(project_path, readonly=True) as project:
        assert project.meta().title == "new"


def test_cancelled_creation_leaves_no_file(tmp_path: Path) -> None:
    cancel = CancelFlag()
    cancel.cancel()
    target = tmp_path / "never.cxproj"
    with pytest.raises(Cancelled):
        Project.create(target, korean_article(), cancel=cancel)
    assert list(tmp_path.iterdir()) == []


def test_unwritable_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CxError, match="does not exist"):
        Project.create(tmp_path / "missing" / "p.cxproj", korean_article())


def test_second_writer_is_refused_but_readers_are_welcome(project_path: Path) -> None:
    with Project.open(project_path) as first:
        with pytest.raises(ProjectLockedError, match="already open"):
            Project.open(project_path)
        with Project.open(project_path, readonly=True) as reader:
            assert reader.meta().title == "#LocChat recap"
        first.update_segment(3, target="여전히 쓸 수 있음")
    with Project.open(project_path) as again:
        assert again.segment(3).target == "여전히 쓸 수 있음"


def test_lock_is_released_when_the_holder_is_killed(project_path: Path) -> None:
    script = textwrap.dedent(f"""
        import sys, time
        from cxeditor.store import Project
        p = Project.open({str(project_path)!r})
        p.update_segment(3, target="죽기 전에 확정")
        print("ready", flush=True)
        time.sleep(60)
    """)
    with subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True
    ) as holder:
        try:
            assert holder.stdout is not None
            assert holder.stdout.readline().strip() == "ready"
            with pytest.raises(ProjectLockedError):
                Project.open(project_path)
        finally:
            holder.kill()
    with Project.open(project_path) as project:
        assert project.segment(3).target == "죽기 전에 확정"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not a cxeditor project"),
        (b"PK\x03\x04 this is a zip", "not a cxeditor project"),
        ("게시 됨: 2024-03-14".encode(), "not a cxeditor project"),
    ],
)
def test_not_a_project_file(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.cxproj"
    path.write_bytes(content)
    with pytest.raises(ProjectError, match=message):
        Project.open(path)


def test_missing_project_file(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="no such project"):
        Project.open(tmp_path / "nope.cxproj")


def test_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.cxproj"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(ProjectError, match="not a cxeditor project"):
        Project.open(path)


def test_damaged_file_is_refused(project_path: Path) -> None:
    data = bytearray(project_path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    project_path.write_bytes(bytes(data))
    with pytest.raises(ProjectError), Project.open(project_path, readonly=True) as project:
        project.load_article()


def test_newer_file_format_is_refused(project_path: Path) -> None:
    connection = sqlite3.connect(project_path)
    connection.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    connection.commit()
    connection.close()
    with pytest.raises(ProjectError, match="newer cxeditor"):
        Project.open(project_path)


def test_open_upgrades_a_version_1_file(tmp_path: Path) -> None:
    """A file written by the first release opens, upgraded to the current schema."""
    path = tmp_path / "v1.cxproj"
    connection = sqlite3.connect(path, isolation_level=None)
    schema.MIGRATIONS[0](connection)
    connection.execute("PRAGMA user_version = 1")
    connection.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    connection.execute("INSERT INTO article_meta VALUES ('title', '옛 프로젝트')")
    connection.execute("INSERT INTO blocks (id, position, kind) VALUES (1, 0, 'paragraph')")
    connection.execute(
        "INSERT INTO segments (id, block_id, position, source, target, status)"
        " VALUES (1, 1, 0, 'Old text.', '옛 글.', 'translated')"
    )
    connection.close()
    with Project.open(path) as project:
        assert project.meta().title == "옛 프로젝트"
        assert project.segment(1).target == "옛 글."
    connection = sqlite3.connect(path)
    assert schema.schema_version(connection) == schema.SCHEMA_VERSION
    connection.close()


def test_failed_upgrade_leaves_the_file_untouched(tmp_path: Path) -> None:
    """A migration that fails rolls back entirely (DDL included)."""
    path = tmp_path / "broken.cxproj"
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("CREATE TABLE article_meta (key TEXT)")  # clashes with migration 1
    connection.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    connection.close()
    with pytest.raises(ProjectError):
        Project.open(path)
    connection = sqlite3.connect(path)
    assert schema.schema_version(connection) == 0
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    connection.close()
    assert tables == {"article_meta"}


def test_stats_counts_statuses_and_words(project_path: Path) -> None:
    with Project.open(project_path, readonly=True) as project:
        stats = project.stats()
    assert stats.segments == 6
    assert stats.tweets == 1
    assert stats.by_status == {"draft": 1, "new": 4, "translated": 1}
    assert stats.source_words > 20
    assert stats.target_words == 6  # "#LocChat 요약" (2) + "놓친 내용은 다음과 같습니다." (4)


def test_twenty_thousand_segments_load_quickly(tmp_path: Path) -> None:
    """Not a timing test: proves the bulk path handles a big project correctly."""
    blocks = [
        Block(BlockKind.PARAGRAPH, [Segment(f"Sentence {i}.", f"문장 {i}.")]) for i in range(20_000)
    ]
    path = tmp_path / "big.cxproj"
    Project.create(path, Article(ArticleMeta(title="big"), blocks))
    started = time.perf_counter()
    with Project.open(path, readonly=True) as project:
        article = project.load_article()
    assert article.segment_count() == 20_000
    assert article.blocks[-1].segments[0].target == "문장 19999."
    assert time.perf_counter() - started < 30  # generous: only guards against pathologies
