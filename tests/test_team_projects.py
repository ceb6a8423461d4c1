"""One article on the team server, several people at once (a real PostgreSQL): sharing,
the CLI on a shared project as on the file, version-checked confirms, claims, changes
heard through LISTEN/NOTIFY, history, and roles the database enforces."""

from __future__ import annotations

import json
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from cli_runner import run_cli  # type: ignore[import-not-found]
from pg_cluster import Cluster, start, stop  # type: ignore[import-not-found]

from cxeditor.errors import ProjectError
from cxeditor.model import Status
from cxeditor.store import SegmentChange
from cxeditor.store.server import ServerUnavailableError
from cxeditor.store.shared import (
    MIGRATIONS,
    EditConflictError,
    NotAllowedError,
    SharedProject,
    project_url,
)

PEOPLE = {"alice": "editor", "dave": "editor", "bob": "reviewer", "carol": "publisher"}


@dataclass(frozen=True)
class Team:
    server: str  # the owner's URL of the database
    project: str  # the owner's URL of the shared project
    cluster: Cluster
    database: str

    def url(self, person: str) -> str:
        return project_url(self.cluster.url(self.database, user=person), "recap")


@pytest.fixture
def project_file(tmp_path: Path, samples: Path) -> Path:
    out = tmp_path / "recap.cxproj"
    made = run_cli(
        "new",
        samples / "locchat-recap.html",
        "--translation",
        samples / "locchat-recap.ko-mt.txt",
        "-o",
        out,
    )
    assert made.returncode == 0, made.stderr
    return out


@pytest.fixture
def team(
    pg_url: str,
    pg_cluster: Cluster,
    project_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Team:
    """The owner shares the project; four people get login roles and the team roles.
    Every password is in a .pgpass file (libpq's own), none in a URL."""
    shared = run_cli("share", project_file, "--server", pg_url, "--name", "recap")
    assert shared.returncode == 0, shared.stderr
    database = pg_url.rsplit("/", 1)[1]
    passwords = {person: secrets.token_urlsafe(12) for person in PEOPLE}
    with psycopg.connect(pg_url, autocommit=True) as connection:
        for person, role in PEOPLE.items():
            exists = connection.execute(
                "SELECT 1 FROM pg_roles WHERE rolname = %s", (person,)
            ).fetchone()
            verb = "ALTER" if exists else "CREATE"
            connection.execute(
                psycopg.sql.SQL("{} ROLE {} LOGIN PASSWORD {}").format(
                    psycopg.sql.SQL(verb),
                    psycopg.sql.Identifier(person),
                    psycopg.sql.Literal(passwords[person]),
                )
            )
            connection.execute(
                psycopg.sql.SQL("GRANT {} TO {}").format(
                    psycopg.sql.Identifier(f"cxeditor_{role}"), psycopg.sql.Identifier(person)
                )
            )
    passfile = tmp_path / "pgpass"
    lines = [f"127.0.0.1:{pg_cluster.port}:*:{p}:{pw}" for p, pw in passwords.items()]
    lines.append(f"127.0.0.1:{pg_cluster.port}:*:cxadmin:{pg_cluster.password}")
    passfile.write_text("\n".join(lines) + "\n", encoding="utf-8")
    passfile.chmod(0o600)
    monkeypatch.delenv("PGPASSWORD")
    monkeypatch.setenv("PGPASSFILE", str(passfile))
    return Team(pg_url, project_url(pg_url, "recap"), pg_cluster, database)


def test_share_prints_the_url_and_refuses_a_second_one(team: Team, project_file: Path) -> None:
    again = run_cli("share", project_file, "--server", team.server, "--name", "recap")
    assert again.returncode == 2
    assert "already has a project named recap" in again.stderr
    bad = run_cli("stats", team.server)  # a database, not a project
    assert bad.returncode == 2
    assert "does not name a shared project" in bad.stderr
    assert bad.stderr.count("\n") == 1
    missing = run_cli("stats", project_url(team.server, "nope"))
    assert missing.returncode == 2
    assert "no shared project nope" in missing.stderr


def test_cli_reads_a_shared_project_as_it_reads_the_file(
    team: Team, project_file: Path, tmp_path: Path
) -> None:
    for command in (("stats", "--json"), ("qa", "--json")):
        local = run_cli(command[0], project_file, *command[1:])
        shared = run_cli(command[0], team.url("alice"), *command[1:])
        assert shared.returncode == local.returncode, shared.stderr
        assert json.loads(shared.stdout) == json.loads(local.stdout)
    ours, theirs = tmp_path / "file.json", tmp_path / "shared.json"
    assert run_cli("export", project_file, "--to", "json", "-o", ours).returncode == 0
    published = run_cli("export", team.url("carol"), "--to", "json", "-o", theirs)
    assert published.returncode == 0, published.stderr
    assert json.loads(theirs.read_text("utf-8")) == json.loads(ours.read_text("utf-8"))
    with SharedProject.open(team.project) as project:
        assert [(who, fmt) for who, _at, fmt in project.exports()] == [("carol", "json")]
    published = run_cli("export", team.url("carol"), "--to", "docx", "-o", tmp_path / "a.docx")
    assert published.returncode == 0, published.stderr


def test_roles_are_enforced_by_the_database(team: Team, tmp_path: Path) -> None:
    refused = run_cli("export", team.url("alice"), "--to", "html", "-o", tmp_path / "x.html")
    assert refused.returncode == 2
    assert "may not publish" in refused.stderr
    assert refused.stderr.count("\n") == 1
    assert not (tmp_path / "x.html").exists()
    working = run_cli("export", team.url("bob"), "--to", "xliff", "-o", tmp_path / "r.xlf")
    assert working.returncode == 0, working.stderr  # a reviewer's working copy is fine
    first = 3
    with (
        SharedProject.open(team.url("alice")) as alice,
        SharedProject.open(team.url("bob")) as bob,
        SharedProject.open(team.url("carol")) as carol,
    ):
        version = alice.versions()[first]
        version = alice.confirm(first, base_version=version, target="수정한 번역.")
        with pytest.raises(NotAllowedError):  # an editor never approves
            alice.confirm(first, base_version=version, status=Status.APPROVED)
        with pytest.raises(NotAllowedError):  # a reviewer never rewrites the target
            bob.confirm(first, base_version=version, target="다른 번역.", status=Status.APPROVED)
        with pytest.raises(NotAllowedError):
            carol.apply_changes([SegmentChange(first, status=Status.APPROVED)])
        version = bob.confirm(first, base_version=version, status=Status.APPROVED)
        bob.add_comment(first, "좋습니다")
        # review-import's path: several approvals and rejections in one transaction.
        second, third = alice.segment_ids()[5:7]
        bob.apply_changes(
            [
                SegmentChange(second, status=Status.APPROVED),
                SegmentChange(third, status=Status.REJECTED, comment="다시"),
            ]
        )
        assert [carol.segment(i).status for i in (second, third)] == [
            Status.APPROVED,
            Status.REJECTED,
        ]
        with pytest.raises(NotAllowedError):
            bob.apply_changes([SegmentChange(second, target="리뷰어가 고침")])
        # The rules hold for any client, not only ours: plain SQL as the reviewer.
        with psycopg.connect(team.cluster.url(team.database, user="bob")) as raw:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                raw.execute("UPDATE cx_segments SET target = 'x' WHERE id = %s", (first,))
            raw.rollback()
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                raw.execute(
                    "INSERT INTO cx_history (project_id, segment_id, who, before, after,"
                    " status_before, status_after, origin) VALUES (1, 1, 'x', '', '', '', '', '')"
                )
        segment = carol.segment(first)
        assert (segment.target, segment.status) == ("수정한 번역.", Status.APPROVED)
        assert [(c.who, c.text) for c in segment.comments] == [("bob", "좋습니다")]
        history = carol.history(first)
        assert [(h.who, h.after, h.status_after) for h in history] == [
            ("alice", "수정한 번역.", Status.TRANSLATED),
            ("bob", "수정한 번역.", Status.APPROVED),
        ]


def test_two_editors_never_overwrite_each_other_silently(team: Team) -> None:
    with (
        SharedProject.open(team.url("alice")) as alice,
        SharedProject.open(team.url("dave")) as dave,
    ):
        segment = alice.segment_ids()[4]
        start = alice.versions()[segment]
        assert dave.versions()[segment] == start  # both start from the same text
        alice.confirm(segment, base_version=start, target="앨리스의 번역.")
        with pytest.raises(EditConflictError) as conflict:
            dave.confirm(segment, base_version=start, target="데이브의 번역.")
        assert conflict.value.theirs == "앨리스의 번역."
        assert conflict.value.mine == "데이브의 번역."
        assert conflict.value.who == "alice"
        assert "앨리스의 번역." in str(conflict.value)
        assert "데이브의 번역." in str(conflict.value)
        assert dave.segment(segment).target == "앨리스의 번역."  # nothing overwritten
        # Dave, having seen both, confirms on top of Alice's version.
        dave.confirm(segment, base_version=conflict.value.version, target="합친 번역.")
        assert [h.who for h in alice.history(segment)] == ["alice", "dave"]


def test_claims_show_who_is_editing(team: Team) -> None:
    with (
        SharedProject.open(team.url("alice")) as alice,
        SharedProject.open(team.url("dave")) as dave,
    ):
        assert alice.claim(7) == "alice"
        assert dave.claim(7) == "alice"  # Alice keeps it; Dave is told who has it
        assert dave.claims() == {7: "alice"}
        alice.release(7)
        assert dave.claim(7) == "dave"
        dave.confirm(7, base_version=dave.versions()[7], target="끝.")
        assert alice.claims() == {}  # confirming releases the claim


def test_changes_by_others_are_heard_within_a_second(team: Team) -> None:
    with (
        SharedProject.open(team.url("alice")) as alice,
        SharedProject.open(team.url("bob")) as bob,
    ):
        feed = bob.listen()
        try:
            segment = alice.segment_ids()[2]
            started = time.monotonic()
            threading.Timer(
                0.2,
                lambda: alice.confirm(
                    segment, base_version=alice.versions()[segment], target="새 번역."
                ),
            ).start()
            heard = feed.wait(timeout=3)
            elapsed = time.monotonic() - started
            assert [(c.segment_id, c.who) for c in heard] == [(segment, "alice")]
            assert heard[0].version == 2
            assert elapsed < 1.2  # 0.2 s before the change, then well within a second
            assert bob.segment(segment).target == "새 번역."
        finally:
            feed.close()


def test_the_feed_catches_up_on_what_changed_while_it_was_down(team: Team) -> None:
    with (
        SharedProject.open(team.url("alice")) as alice,
        SharedProject.open(team.url("bob")) as bob,
    ):
        changed, claimed, freed = alice.segment_ids()[1:4]
        assert alice.claim(freed) == "alice"
        feed = bob.listen(versions=bob.versions(), claims=bob.claims())
        try:
            stop(team.cluster)
            try:
                with pytest.raises(ServerUnavailableError):
                    feed.wait(timeout=5)
                with pytest.raises(ServerUnavailableError):
                    feed.resume()  # still away
            finally:
                start(team.cluster)
            # Alice's session outlived the restart by itself; her work lands unheard.
            alice.confirm(changed, base_version=alice.versions()[changed], target="그 사이에.")
            assert alice.claim(claimed) == "alice"
            alice.release(freed)
            caught = feed.resume()
            assert {(c.segment_id, c.who, c.version, c.claim, c.released) for c in caught} == {
                (changed, "alice", 2, None, False),
                (claimed, "alice", None, "alice", False),
                (freed, "", None, None, True),
            }
            assert feed.wait(timeout=0.2) == []  # nothing twice
            alice.confirm(claimed, base_version=1, target="다시 들린다.")  # and live again
            heard = feed.wait(timeout=3)
            assert [(c.segment_id, c.version) for c in heard if c.version] == [(claimed, 2)]
        finally:
            feed.close()


def set_connection_limit(team: Team, person: str, limit: int) -> None:
    """The server turning `person`'s new sessions away (too many connections for the
    role) while their open ones go on: a feed that must keep trying, deterministically."""
    with psycopg.connect(team.server, autocommit=True) as owner:
        owner.execute(
            psycopg.sql.SQL("ALTER ROLE {} CONNECTION LIMIT {}").format(
                psycopg.sql.Identifier(person), psycopg.sql.Literal(limit)
            )
        )


def test_the_feed_follows_through_a_restart_told_once_and_misses_nothing(team: Team) -> None:
    events: list[object] = []
    paused, resumed = threading.Event(), threading.Event()

    def on_paused(reason: str) -> None:
        events.append("paused")
        paused.set()

    def on_resumed() -> None:
        events.append("resumed")
        resumed.set()

    with SharedProject.open(team.url("bob")) as bob:
        feed = bob.listen(versions=bob.versions(), claims=bob.claims(), connect=False)
    halt = threading.Event()
    follower = threading.Thread(
        target=feed.follow,
        args=(halt, events.extend, on_paused, on_resumed),
        kwargs={"wait_seconds": 0.1, "backoff": (0.1, 0.2)},
    )
    follower.start()
    try:
        deadline = time.monotonic() + 10
        while not feed.connected and time.monotonic() < deadline:
            time.sleep(0.05)
        assert feed.connected
        set_connection_limit(team, "bob", 0)  # bob's feed cannot come back yet
        stop(team.cluster)
        try:
            assert paused.wait(10)
        finally:
            start(team.cluster)
        with SharedProject.open(team.url("alice")) as alice:
            segment = alice.segment_ids()[5]
            alice.confirm(segment, base_version=alice.versions()[segment], target="그 사이에.")
        time.sleep(0.5)  # several more tries, refused: still told only once
        assert not resumed.is_set()
        set_connection_limit(team, "bob", -1)
        assert resumed.wait(10)
    finally:
        set_connection_limit(team, "bob", -1)
        halt.set()
        follower.join(10)
        feed.close()
    assert events.count("paused") == 1
    assert events.count("resumed") == 1
    changes = [e for e in events if not isinstance(e, str)]
    assert [(c.segment_id, c.who, c.version) for c in changes] == [(segment, "alice", 2)]  # type: ignore[attr-defined]
    assert events.index(changes[0]) < events.index("resumed")  # caught up, then told


def test_concurrent_editors_lose_no_update(team: Team) -> None:
    """Four editors confirming overlapping segments at once: every confirm either lands
    or is reported as a conflict; the history holds exactly the landed ones."""
    with SharedProject.open(team.project) as owner:
        ids = owner.segment_ids()[:12]
    landed: list[tuple[int, str]] = []
    conflicts: list[int] = []
    lock = threading.Lock()

    def edit(person: str, number: int) -> None:
        with SharedProject.open(team.url(person)) as project:
            for segment in ids:
                base = project.versions()[segment]
                text = f"{person} {number} {segment}"
                try:
                    project.confirm(segment, base_version=base, target=text)
                    with lock:
                        landed.append((segment, text))
                except EditConflictError:
                    with lock:
                        conflicts.append(segment)

    threads = [
        threading.Thread(target=edit, args=(person, number))
        for number, person in enumerate(("alice", "dave") * 2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(landed) + len(conflicts) == 4 * len(ids)
    with SharedProject.open(team.project) as owner:
        recorded = [(s, h.after) for s in ids for h in owner.history(s)]
        assert sorted(recorded) == sorted(landed)
        for segment in ids:  # the last landed text is the one that stays
            last = [text for s, text in landed if s == segment]
            assert owner.segment(segment).target in last


def test_a_server_gone_mid_session_is_one_clear_error_and_loses_nothing(team: Team) -> None:
    with SharedProject.open(team.url("alice")) as alice:
        segment = alice.segment_ids()[1]
        base = alice.versions()[segment]
        stop(team.cluster)
        try:
            # The session noticed its end and tried again: "cannot be reached" (had the
            # server gone away mid-statement: "went away").
            with pytest.raises(ServerUnavailableError, match=r"went away|cannot be reached"):
                alice.confirm(segment, base_version=base, target="사라진 서버.")
        finally:
            start(team.cluster)
    with SharedProject.open(team.url("alice")) as again:  # nothing half-written
        assert again.versions()[segment] == base
        again.confirm(segment, base_version=base, target="다시 보낸 번역.")
        assert again.segment(segment).target == "다시 보낸 번역."


def test_a_reviewer_signs_off_and_the_database_refuses_anyone_else(team: Team) -> None:
    with SharedProject.open(team.url("bob")) as bob:
        with pytest.raises(ProjectError, match="not every segment is approved"):
            bob.sign_off("bob", "now")
        bob.apply_changes(SegmentChange(i, status=Status.APPROVED) for i in bob.segment_ids())
        by, at = bob.sign_off("someone else", "1999-01-01T00:00:00+00:00")
    # The database names the role and its own time, not what the client typed.
    assert by == "bob"
    assert at.endswith("+00:00")
    assert at > "2020"
    # Plain SQL as an editor and as a publisher: refused by the database itself (no
    # right to the function, nor to the article's details it writes).
    for person in ("alice", "carol"):
        with psycopg.connect(team.cluster.url(team.database, user=person)) as raw:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                raw.execute("SELECT cx_sign_off(id) FROM cx_projects")
            raw.rollback()
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                raw.execute('UPDATE cx_projects SET meta = meta || \'{"signed_off_by": "x"}\'')
    with SharedProject.open(team.url("alice")) as alice:
        with pytest.raises(NotAllowedError, match="sign off") as refused:
            alice.sign_off("alice", "now")
        assert "\n" not in str(refused.value)
    with SharedProject.open(team.project) as owner:  # the owner may sign off too
        by, later = owner.sign_off("x", "now")
        assert by == owner.who
        assert later >= at
    with SharedProject.open(team.url("carol"), readonly=True) as carol:
        assert carol.meta().signed_off_by == owner.who
    # Who signed off, and when, is kept like every other change (readable by the team).
    with psycopg.connect(team.cluster.url(team.database, user="carol")) as raw:
        history = raw.execute("SELECT who FROM cx_signoffs ORDER BY id").fetchall()
    assert history == [("bob",), (owner.who,)]


def test_a_schema_1_server_migrates_and_a_reviewer_can_then_sign_off(team: Team) -> None:
    with psycopg.connect(team.server, autocommit=True) as connection:
        # As a server of the first version was: no sign-off function.
        connection.execute("DROP FUNCTION cx_sign_off(integer)")
        connection.execute("DROP TABLE cx_signoffs")
        connection.execute("UPDATE cxeditor_schema SET version = 1 WHERE component = 'projects'")
    refused = run_cli("stats", team.url("bob"))  # not the owner: may not migrate
    assert refused.returncode == 2
    assert "needs setting up by the database's owner" in refused.stderr
    assert refused.stderr.count("\n") == 1
    assert run_cli("stats", team.project).returncode == 0  # the owner's open migrates
    with psycopg.connect(team.server) as connection:
        version = connection.execute(
            "SELECT version FROM cxeditor_schema WHERE component = 'projects'"
        ).fetchone()
    assert version == (len(MIGRATIONS),)
    with SharedProject.open(team.url("bob")) as bob:
        bob.apply_changes(SegmentChange(i, status=Status.APPROVED) for i in bob.segment_ids())
        assert bob.sign_off("bob", "now")[0] == "bob"
