"""A project on the team server: one article edited and reviewed by several people at once.

`SharedProject` is a `Project` (callers cannot tell, export/QA/review-import/JSON work
unchanged) whose rows live in PostgreSQL. What makes it safe for a team:

- every segment has a version; `confirm()` is one transaction that checks the version
  the editor started from, so a second writer gets an `EditConflictError` with both
  texts instead of silently overwriting the first;
- `claim()` marks a segment as being edited by someone (shown to the others);
- a trigger writes the history (who is the database role, not a name anyone can type)
  and sends a NOTIFY, so `ChangeFeed` hears other people's changes within a second;
- roles are the database's: `cxeditor_editor` edits (never approves),
  `cxeditor_reviewer` approves, rejects and comments (never changes a target),
  `cxeditor_publisher` reads and records exports; column privileges and row-level
  security enforce it for any client, not only ours. The article's details are the
  owner's; a reviewer signs off through the `cx_sign_off` function (schema 2).

Sharing (creating the rows) is for the database's owner, who also grants the roles.
A shared project is named `postgresql://USER@HOST:PORT/DATABASE/PROJECT`.
"""

from __future__ import annotations

import json
import re
import select
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql
from psycopg.pq import ConnStatus, TransactionStatus

from cxeditor.errors import ProjectError
from cxeditor.i18n import _
from cxeditor.jobs import CancelFlag, ProgressCallback, collector_paused, no_progress
from cxeditor.model import (
    Article,
    ArticleMeta,
    Block,
    BlockKind,
    Comment,
    HistoryEntry,
    Origin,
    Segment,
    Status,
    Tweet,
)
from cxeditor.store import server
from cxeditor.store.project import Project, ProjectStats, SegmentChange
from cxeditor.store.urls import is_server_url

COMPONENT = "projects"
ROLES = {
    "editor": "cxeditor_editor",
    "reviewer": "cxeditor_reviewer",
    "publisher": "cxeditor_publisher",
}
CLAIM_MINUTES = 15
# The MT cache's key holds the masked text: a B-tree entry must stay under ~2.7 kB, so
# a longer segment is translated again next time rather than cached (and rather than
# failing the whole run with "index row size exceeds maximum").
CACHE_MAX_BYTES = 2000  # a claim older than this (an editor who left) may be taken over
_NAME = re.compile(r"[\w.-]{1,100}")  # fullmatch: "$" would let a trailing newline in
_TIME = "to_char({} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

_V1 = """
CREATE TABLE cx_projects (
    id serial PRIMARY KEY,
    name text UNIQUE NOT NULL,
    meta jsonb NOT NULL,
    report jsonb NOT NULL DEFAULT '[]',
    created_by text NOT NULL DEFAULT session_user,
    created timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE cx_blocks (
    project_id integer NOT NULL REFERENCES cx_projects ON DELETE CASCADE,
    id integer NOT NULL,
    position integer NOT NULL,
    kind text NOT NULL,
    level integer NOT NULL DEFAULT 0,
    tweet_name text, tweet_handle text, tweet_date text, tweet_url text,
    PRIMARY KEY (project_id, id)
);
CREATE TABLE cx_segments (
    project_id integer NOT NULL,
    id integer NOT NULL,
    block_id integer NOT NULL,
    position integer NOT NULL,
    source text NOT NULL,
    target text NOT NULL,
    status text NOT NULL
        CHECK (status IN ('new', 'draft', 'translated', 'approved', 'rejected')),
    origin text NOT NULL DEFAULT 'none',
    version integer NOT NULL DEFAULT 1,
    updated_by text NOT NULL DEFAULT session_user,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, id),
    FOREIGN KEY (project_id, block_id) REFERENCES cx_blocks ON DELETE CASCADE
);
CREATE TABLE cx_comments (
    id bigserial PRIMARY KEY,
    project_id integer NOT NULL, segment_id integer NOT NULL,
    who text NOT NULL DEFAULT session_user,
    at timestamptz NOT NULL DEFAULT now(),
    text text NOT NULL,
    FOREIGN KEY (project_id, segment_id) REFERENCES cx_segments ON DELETE CASCADE
);
CREATE TABLE cx_history (
    id bigserial PRIMARY KEY,
    project_id integer NOT NULL, segment_id integer NOT NULL,
    who text NOT NULL, at timestamptz NOT NULL DEFAULT now(),
    before text NOT NULL, after text NOT NULL,
    status_before text NOT NULL, status_after text NOT NULL, origin text NOT NULL,
    FOREIGN KEY (project_id, segment_id) REFERENCES cx_segments ON DELETE CASCADE
);
CREATE INDEX cx_history_by_segment ON cx_history (project_id, segment_id);
CREATE TABLE cx_claims (
    project_id integer NOT NULL, segment_id integer NOT NULL,
    who text NOT NULL DEFAULT session_user, at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, segment_id),
    FOREIGN KEY (project_id, segment_id) REFERENCES cx_segments ON DELETE CASCADE
);
CREATE TABLE cx_dismissals (
    project_id integer NOT NULL, segment_id integer NOT NULL,
    check_id text NOT NULL, text text NOT NULL DEFAULT '',
    who text NOT NULL DEFAULT session_user, at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, segment_id, check_id, text)
);
CREATE TABLE cx_pending (
    project_id integer NOT NULL, segment_id integer NOT NULL,
    who text NOT NULL DEFAULT session_user, text text NOT NULL,
    at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, segment_id, who)
);
CREATE TABLE cx_mt_cache (
    project_id integer NOT NULL REFERENCES cx_projects ON DELETE CASCADE,
    engine text NOT NULL, source_lang text NOT NULL, target_lang text NOT NULL,
    masked text NOT NULL, result text NOT NULL,
    PRIMARY KEY (project_id, engine, source_lang, target_lang, masked)
);
CREATE TABLE cx_exports (
    id bigserial PRIMARY KEY,
    project_id integer NOT NULL REFERENCES cx_projects ON DELETE CASCADE,
    who text NOT NULL DEFAULT session_user, at timestamptz NOT NULL DEFAULT now(),
    format text NOT NULL
);

-- History and notifications come from the database itself: SECURITY DEFINER, so no
-- user needs (or has) the right to write history rows of their own.
CREATE FUNCTION cx_segment_changed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public AS $$
BEGIN
    IF (NEW.target, NEW.status, NEW.origin) IS DISTINCT FROM (OLD.target, OLD.status, OLD.origin)
    THEN
        INSERT INTO cx_history (project_id, segment_id, who, before, after, status_before,
                                status_after, origin)
        VALUES (NEW.project_id, NEW.id, session_user, OLD.target, NEW.target, OLD.status,
                NEW.status, NEW.origin);
    END IF;
    PERFORM pg_notify('cxeditor_' || NEW.project_id,
                      json_build_object('segment', NEW.id, 'version', NEW.version,
                                        'who', session_user)::text);
    RETURN NEW;
END $$;
CREATE TRIGGER cx_segments_changed AFTER UPDATE ON cx_segments
    FOR EACH ROW EXECUTE FUNCTION cx_segment_changed();
CREATE FUNCTION cx_claim_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    claim cx_claims;
BEGIN
    claim := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    PERFORM pg_notify('cxeditor_' || claim.project_id,
                      json_build_object('segment', claim.segment_id, 'claim',
                                        CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE claim.who END,
                                        'who', session_user)::text);
    RETURN NULL;
END $$;
CREATE TRIGGER cx_claims_changed AFTER INSERT OR UPDATE OR DELETE ON cx_claims
    FOR EACH ROW EXECUTE FUNCTION cx_claim_changed();
"""

_ROLES_SQL = """
GRANT SELECT ON cx_projects, cx_blocks, cx_segments, cx_comments, cx_history, cx_claims,
    cx_dismissals, cx_exports, cx_mt_cache
    TO cxeditor_editor, cxeditor_reviewer, cxeditor_publisher;
GRANT UPDATE (target, status, origin, version, updated_by, updated_at) ON cx_segments
    TO cxeditor_editor;
GRANT UPDATE (status, version, updated_by, updated_at) ON cx_segments TO cxeditor_reviewer;
GRANT INSERT (project_id, segment_id, text) ON cx_comments
    TO cxeditor_editor, cxeditor_reviewer;
GRANT USAGE ON SEQUENCE cx_comments_id_seq TO cxeditor_editor, cxeditor_reviewer;
GRANT INSERT, UPDATE, DELETE ON cx_claims, cx_dismissals TO cxeditor_editor, cxeditor_reviewer;
GRANT SELECT, INSERT, UPDATE, DELETE ON cx_pending TO cxeditor_editor, cxeditor_reviewer;
GRANT INSERT, UPDATE ON cx_mt_cache TO cxeditor_editor;
GRANT INSERT (project_id, format) ON cx_exports
    TO cxeditor_editor, cxeditor_reviewer, cxeditor_publisher;
GRANT USAGE ON SEQUENCE cx_exports_id_seq
    TO cxeditor_editor, cxeditor_reviewer, cxeditor_publisher;

ALTER TABLE cx_segments ENABLE ROW LEVEL SECURITY;
CREATE POLICY cx_read ON cx_segments FOR SELECT USING (true);
-- An editor writes translations but never approves; a reviewer only approves or rejects
-- (the column privileges above keep the target out of a reviewer's reach).
CREATE POLICY cx_editor_writes ON cx_segments FOR UPDATE TO cxeditor_editor
    USING (true) WITH CHECK (status IN ('new', 'draft', 'translated'));
CREATE POLICY cx_reviewer_writes ON cx_segments FOR UPDATE TO cxeditor_reviewer
    USING (true) WITH CHECK (status IN ('approved', 'rejected'));
ALTER TABLE cx_comments ENABLE ROW LEVEL SECURITY;
CREATE POLICY cx_read ON cx_comments FOR SELECT USING (true);
CREATE POLICY cx_own ON cx_comments FOR INSERT WITH CHECK (who = session_user);
ALTER TABLE cx_claims ENABLE ROW LEVEL SECURITY;
CREATE POLICY cx_read ON cx_claims FOR SELECT USING (true);
CREATE POLICY cx_own ON cx_claims FOR INSERT WITH CHECK (who = session_user);
CREATE POLICY cx_take ON cx_claims FOR UPDATE
    USING (who = session_user OR at < now() - interval '15 minutes')
    WITH CHECK (who = session_user);
CREATE POLICY cx_drop ON cx_claims FOR DELETE USING (who = session_user);
ALTER TABLE cx_pending ENABLE ROW LEVEL SECURITY;
CREATE POLICY cx_own ON cx_pending USING (who = session_user) WITH CHECK (who = session_user);
ALTER TABLE cx_exports ENABLE ROW LEVEL SECURITY;
CREATE POLICY cx_read ON cx_exports FOR SELECT USING (true);
-- Publishing (Word, HTML) is the publisher's; the working formats (review .docx, XLIFF,
-- JSON, TMX) are for everyone on the team.
CREATE POLICY cx_own ON cx_exports FOR INSERT WITH CHECK (
    who = session_user AND (format NOT IN ('docx', 'html')
                            OR pg_has_role(session_user, 'cxeditor_publisher', 'MEMBER')));
"""


def _v1(connection: psycopg.Connection[Any]) -> None:
    connection.execute(_V1)
    server.ensure_team_roles(connection)
    connection.execute(_ROLES_SQL)


# Signing off is a reviewer's act (and the owner's), but the article's details
# (cx_projects) are the owner's alone: a SECURITY DEFINER function writes only the two
# sign-off fields, names the database role (never a name anyone can type) and the
# server's time, and records it in cx_signoffs. EXECUTE is granted to reviewers only, and
# the function checks the caller itself, so an editor or a publisher is refused by the
# database whatever the client.
_V2 = """
CREATE TABLE cx_signoffs (
    id bigserial PRIMARY KEY,
    project_id integer NOT NULL REFERENCES cx_projects ON DELETE CASCADE,
    who text NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT ON cx_signoffs TO cxeditor_editor, cxeditor_reviewer, cxeditor_publisher;
CREATE FUNCTION cx_sign_off(project integer) RETURNS jsonb LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public AS $$
DECLARE
    details jsonb;
BEGIN
    -- session_user: inside this function current_user is its owner.
    IF NOT (pg_has_role(session_user, 'cxeditor_reviewer', 'MEMBER')
            OR has_table_privilege(session_user, 'public.cx_projects', 'UPDATE')) THEN
        RAISE EXCEPTION 'only a reviewer may sign off (% is not one)', session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM FROM cx_projects WHERE id = project FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'there is no shared project %', project USING ERRCODE = 'no_data_found';
    END IF;
    IF EXISTS (SELECT FROM cx_segments WHERE project_id = project AND status <> 'approved') THEN
        RAISE EXCEPTION 'not every segment is approved' USING ERRCODE = 'check_violation';
    END IF;
    details := jsonb_build_object(
        'signed_off_by', session_user::text,
        'signed_off_at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"'));
    UPDATE cx_projects SET meta = meta || details WHERE id = project;
    INSERT INTO cx_signoffs (project_id, who) VALUES (project, session_user);
    RETURN details;
END $$;
REVOKE ALL ON FUNCTION cx_sign_off(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cx_sign_off(integer) TO cxeditor_reviewer;
"""


def _v2(connection: psycopg.Connection[Any]) -> None:
    connection.execute(_V2)


MIGRATIONS = (_v1, _v2)


class EditConflictError(ProjectError):
    """Someone else changed the segment since this editor read it."""

    def __init__(self, segment_id: int, mine: str, theirs: str, who: str, version: int) -> None:
        super().__init__(
            _(
                "segment {id} was changed by {who} meanwhile: theirs is “{theirs}”, "
                "yours is “{mine}”; nothing was overwritten"
            ).format(id=segment_id, who=who, theirs=theirs, mine=mine)
        )
        self.segment_id, self.mine, self.theirs, self.who = segment_id, mine, theirs, who
        self.version = version


class NotAllowedError(ProjectError):
    """The database refused: the user's role may not do that."""


@dataclass(frozen=True, slots=True)
class SegmentChanged:
    """A notification: a segment changed (version) or was claimed/released (claim)."""

    segment_id: int
    who: str
    version: int | None = None
    claim: str | None = None  # who has it now; None when released (or a change)
    released: bool = False


def split_project_url(url: str) -> tuple[str, str]:
    """`postgresql://u@h/db/NAME` -> (`postgresql://u@h/db`, `NAME`)."""
    parts = urlsplit(url)
    path = parts.path.strip("/").split("/")
    if not is_server_url(url) or len(path) != 2 or not _NAME.fullmatch(path[1]):
        raise ProjectError(
            _("{url} does not name a shared project (postgresql://USER@HOST/DATABASE/NAME)").format(
                url=server.redacted(url)
            )
        )
    return urlunsplit(parts._replace(path="/" + path[0])), path[1]


def project_url(server_url: str, name: str) -> str:
    parts = urlsplit(server_url)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "/" + name))


def _refused(error: psycopg.Error, what: str) -> ProjectError:
    return NotAllowedError(
        _("the server refused: your role may not {what} ({reason})").format(
            what=what, reason=str(error).strip().splitlines()[0]
        )
    )


_META_NAMES = tuple(f.name for f in fields(ArticleMeta))


def shared_projects(server_url: str) -> list[str]:
    """The names of the projects shared on the server's database (File › Open from
    server lists them); none where nothing was ever shared."""
    connection = server.connect(server_url)
    try:
        if connection.execute("SELECT to_regclass('cx_projects')").fetchone() == (None,):
            return []
        rows = connection.execute("SELECT name FROM cx_projects ORDER BY name").fetchall()
    except psycopg.errors.InsufficientPrivilege as error:
        raise _refused(error, _("read this project")) from None
    finally:
        connection.close()
    return [str(row[0]) for row in rows]


@dataclass(slots=True)
class OpenedProject:
    """A shared project with what an editor's window needs to show it, all read at
    once, so a window can open it in a worker and never wait on the server."""

    project: SharedProject
    article: Article
    versions: dict[int, int]
    claims: dict[int, str]
    pending: dict[int, str]  # this user's drafts left from before
    dismissed: set[tuple[int, str, str]]


def open_for_editing(url: str, *, readonly: bool = False) -> OpenedProject:
    """Open the shared project and read it (the connection stays open, with it)."""
    project = SharedProject.open(url, readonly=readonly)
    try:
        return OpenedProject(
            project,
            project.load_article(),
            project.versions(),
            project.claims(),
            {} if readonly else project.pending_edits(),
            project.dismissed_findings(),
        )
    except BaseException:
        project.close()
        raise


class SharedProject(Project):
    """A project on the team server. Use `SharedProject.open()` or `share()`."""

    queues_memory_feed = False  # the server's transaction has no local memory queue

    def __init__(
        self, url: str, connection: psycopg.Connection[Any], project_id: int, *, readonly: bool
    ) -> None:
        self.url = url
        self.server_url, self.name = split_project_url(url)
        self.path = url  # type: ignore[assignment]  # what the window title shows
        self.readonly = readonly
        self._pg = connection
        self.project_id = project_id
        self.who = str(connection.execute("SELECT session_user").fetchone()[0])  # type: ignore[index]
        self._lock = None
        self._stale = False  # the server ended the connection: make a new one first

    # -- opening, sharing ----------------------------------------------------

    @classmethod
    def open(  # type: ignore[override]
        cls, path: str, *, readonly: bool = False, who: str | None = None
    ) -> SharedProject:
        server_url, name = split_project_url(path)
        connection = server.connect(server_url)
        try:
            server.ensure_schema(connection, COMPONENT, MIGRATIONS)
            row = connection.execute(
                "SELECT id FROM cx_projects WHERE name = %s", (name,)
            ).fetchone()
        except BaseException:
            connection.close()
            raise
        if row is None:
            connection.close()
            raise ProjectError(
                _("there is no shared project {name} on {server}").format(
                    name=name, server=server.display_name(server_url)
                )
            )
        return cls(path, connection, int(row[0]), readonly=readonly)

    @staticmethod
    def share(
        server_url: str,
        name: str,
        article: Article,
        *,
        report: Iterable[str] = (),
        progress: ProgressCallback = no_progress,
        cancel: CancelFlag | None = None,
    ) -> str:
        """Put an article on the server as project `name`; returns its URL."""
        if not _NAME.fullmatch(name):
            raise ProjectError(
                _("{name} cannot name a shared project (letters, digits, . _ -)").format(name=name)
            )
        connection = server.connect(server_url)
        try:
            server.ensure_schema(connection, COMPONENT, MIGRATIONS)
            with connection.transaction():
                server.unbounded(connection)  # one COPY of a whole article
                _write_shared(
                    connection,
                    name,
                    article=article,
                    report=list(report),
                    progress=progress,
                    cancel=cancel,
                )
        except psycopg.errors.UniqueViolation:
            raise ProjectError(
                _("the server already has a project named {name}").format(name=name)
            ) from None
        except psycopg.errors.InsufficientPrivilege as error:
            raise _refused(error, _("share projects")) from None
        except psycopg.Error as error:  # the transaction was rolled back: nothing shared
            raise server.failure(server_url, _("shared project"), error) from None
        finally:
            connection.close()
        return project_url(server_url, name)

    def companion(self) -> SharedProject:
        return SharedProject.open(self.url, readonly=self.readonly)

    def close(self) -> None:
        self._pg.close()

    def __enter__(self) -> SharedProject:
        return self

    @contextmanager
    def _write(self, what: str, *, record: bool = False) -> Iterator[psycopg.Connection[Any]]:
        """One transaction; `record`: a note that leaves the article as it is (allowed
        on a project opened read-only)."""
        if self.readonly and not record:
            raise ProjectError(_("{path} is open read-only").format(path=self.name))
        connection = self._live()
        try:
            with connection.transaction():
                yield connection
        except psycopg.errors.InsufficientPrivilege as error:
            raise _refused(error, what) from None
        except psycopg.Error as error:
            raise server.failure(self.server_url, _("shared project"), error) from None

    def _live(self) -> psycopg.Connection[Any]:
        """The project's connection, or a new one when the server ended the old one (a
        restart, an admin's terminate): a session that outlives a server restart goes
        on by itself. Only a connection idle outside a transaction is replaced, and it
        is checked without a round trip (the server's goodbye is already in its socket)."""
        if self._stale or _ended(self._pg):
            self._stale = True  # until a new connection is made (the server may be down)
            self._pg.close()
            self._pg = server.connect(self.server_url)
            self._stale = False
        return self._pg

    def _statement(
        self, what: str, query: str | sql.Composed, params: Mapping[str, object]
    ) -> tuple[Any, ...] | None:
        """One writing statement, its own transaction (one round trip); its first row."""
        if self.readonly:
            raise ProjectError(_("{path} is open read-only").format(path=self.name))
        try:
            cursor = self._live().execute(query, params)
            return cursor.fetchone() if cursor.description else None
        except psycopg.errors.InsufficientPrivilege as error:
            raise _refused(error, what) from None
        except psycopg.Error as error:
            raise server.failure(self.server_url, _("shared project"), error) from None

    def _rows(self, query: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._live().execute(query, (self.project_id, *params)).fetchall()
        except psycopg.errors.InsufficientPrivilege as error:
            raise _refused(error, _("read this project")) from None
        except psycopg.Error as error:
            raise server.failure(self.server_url, _("shared project"), error) from None

    # -- reading -------------------------------------------------------------

    def meta(self) -> ArticleMeta:
        stored = self._rows("SELECT meta FROM cx_projects WHERE id = %s")[0][0]
        return ArticleMeta(**{k: v for k, v in stored.items() if k in _META_NAMES})

    def _read_article(self) -> Article:
        with collector_paused():
            blocks: dict[int, Block] = {}
            for block_id, kind, level, name, handle, date, url in self._rows(
                "SELECT id, kind, level, tweet_name, tweet_handle, tweet_date, tweet_url"
                " FROM cx_blocks WHERE project_id = %s ORDER BY position"
            ):
                tweet = Tweet(name or "", handle or "", date, url) if kind == "tweet" else None
                blocks[block_id] = Block(BlockKind(kind), [], tweet, level, block_id)
            segments: dict[int, Segment] = {}
            for segment_id, block_id, source, target, status, origin in self._rows(
                "SELECT id, block_id, source, target, status, origin FROM cx_segments"
                " WHERE project_id = %s ORDER BY block_id, position"
            ):
                if not isinstance(source, str) or not isinstance(target, str):
                    raise TypeError(f"segment {segment_id} has no text")
                segment = Segment(source, target, Status(status), Origin.parse(origin), segment_id)
                segments[segment_id] = segment
                blocks[block_id].segments.append(segment)
            for segment_id, who, at, text in self._rows(
                f"SELECT segment_id, who, {_TIME.format('at')}, text FROM cx_comments"  # noqa: S608
                " WHERE project_id = %s ORDER BY id"
            ):
                segments[segment_id].comments.append(Comment(who, at, text))
            return Article(self.meta(), list(blocks.values()))

    def versions(self) -> dict[int, int]:
        """Each segment's version, for `confirm()`'s check."""
        return dict(self._rows("SELECT id, version FROM cx_segments WHERE project_id = %s"))

    def segment(self, segment_id: int) -> Segment:
        return self.versioned_segment(segment_id)[0]

    def versioned_segment(self, segment_id: int) -> tuple[Segment, int]:
        """The segment with the version its text has (read together)."""
        rows = self._rows(
            "SELECT source, target, status, origin, version FROM cx_segments"
            " WHERE project_id = %s AND id = %s",
            (segment_id,),
        )
        if not rows:
            raise ProjectError(_("segment {id} does not exist").format(id=segment_id))
        source, target, status, origin, version = rows[0]
        segment = Segment(source, target, Status(status), Origin.parse(origin), segment_id)
        segment.comments = self.comments(segment_id)
        return segment, int(version)

    def segment_ids(self) -> list[int]:
        return [
            row[0]
            for row in self._rows(
                "SELECT s.id FROM cx_segments s JOIN cx_blocks b"
                " ON b.project_id = s.project_id AND b.id = s.block_id"
                " WHERE s.project_id = %s ORDER BY b.position, s.position"
            )
        ]

    def comments(self, segment_id: int) -> list[Comment]:
        return [
            Comment(*row)
            for row in self._rows(
                f"SELECT who, {_TIME.format('at')}, text FROM cx_comments"  # noqa: S608
                " WHERE project_id = %s AND segment_id = %s ORDER BY id",
                (segment_id,),
            )
        ]

    def history(self, segment_id: int) -> list[HistoryEntry]:
        return [
            HistoryEntry(who, at, before, after, Status(s_before), Status(s_after), origin)
            for (who, at, before, after, s_before, s_after, origin) in self._rows(
                f"SELECT who, {_TIME.format('at')}, before, after, status_before,"  # noqa: S608
                " status_after, origin FROM cx_history"
                " WHERE project_id = %s AND segment_id = %s ORDER BY id",
                (segment_id,),
            )
        ]

    def import_report(self) -> list[str]:
        return [
            str(line) for line in self._rows("SELECT report FROM cx_projects WHERE id = %s")[0][0]
        ]

    def stats(self) -> ProjectStats:
        from cxeditor.text.sentences import count_words  # noqa: PLC0415

        stats = ProjectStats()
        article = self.load_article()
        stats.blocks = len(article.blocks)
        stats.tweets = sum(1 for _block in article.tweets())
        statuses: Counter[str] = Counter()
        for segment in article.segments():
            statuses[segment.status.value] += 1
            stats.source_words += count_words(segment.source)
            stats.target_words += count_words(segment.target)
            stats.source_chars += len(segment.source)
            stats.target_chars += len(segment.target)
        stats.segments = sum(statuses.values())
        stats.by_status = dict(statuses)
        return stats

    def claims(self) -> dict[int, str]:
        """Segments being edited right now, and by whom."""
        return dict(
            self._rows(
                "SELECT segment_id, who FROM cx_claims WHERE project_id = %s"
                " AND at >= now() - make_interval(mins => %s)",
                (CLAIM_MINUTES,),
            )
        )

    def exports(self) -> list[tuple[str, str, str]]:
        return [
            (str(who), str(at), str(format_name))
            for who, at, format_name in self._rows(
                f"SELECT who, {_TIME.format('at')}, format FROM cx_exports"  # noqa: S608
                " WHERE project_id = %s ORDER BY id"
            )
        ]

    # -- writing -------------------------------------------------------------

    def claim(self, segment_id: int) -> str:
        """Mark the segment as being edited by this user; returns who has it (another
        user's fresh claim is kept, and its holder returned). One statement: one round
        trip to the server."""
        key = {"project": self.project_id, "segment": segment_id, "minutes": CLAIM_MINUTES}
        row = self._statement(
            _("edit segments"),
            "WITH taken AS (UPDATE cx_claims SET who = session_user, at = now()"
            "   WHERE project_id = %(project)s AND segment_id = %(segment)s"
            "   AND (who = session_user OR at < now() - make_interval(mins => %(minutes)s))"
            "   RETURNING who),"
            " added AS (INSERT INTO cx_claims (project_id, segment_id)"
            "   SELECT %(project)s, %(segment)s WHERE NOT EXISTS (SELECT FROM taken)"
            "   ON CONFLICT DO NOTHING RETURNING who)"
            " SELECT COALESCE((SELECT who FROM taken), (SELECT who FROM added),"
            "   (SELECT who FROM cx_claims"
            "    WHERE project_id = %(project)s AND segment_id = %(segment)s))",
            key,
        )
        if row is None or row[0] is None:  # someone claimed it this very moment
            found = self._rows(
                "SELECT who FROM cx_claims WHERE project_id = %s AND segment_id = %s",
                (segment_id,),
            )
            return str(found[0][0]) if found else self.who
        return str(row[0])

    def release(self, segment_id: int) -> None:
        self._statement(
            _("edit segments"),
            "DELETE FROM cx_claims WHERE project_id = %(project)s AND segment_id = %(segment)s"
            " AND who = session_user",
            {"project": self.project_id, "segment": segment_id},
        )

    def confirm(
        self,
        segment_id: int,
        *,
        base_version: int,
        target: str | None = None,
        status: Status = Status.TRANSLATED,
        origin: Origin | None = None,
        comment: str | None = None,
    ) -> int:
        """Write the segment if nobody changed it since `base_version` (one transaction,
        with its comment, e.g. a rejection's reason, and dropping this user's draft of
        it); returns the new version, or raises EditConflictError with both texts."""
        what = (
            _("approve or reject")
            if status in (Status.APPROVED, Status.REJECTED)
            else _("change translations")
        )
        # Only the columns given: a reviewer has no right to the target at all.
        values: dict[str, str] = {"status": status.value}
        if target is not None:
            values["target"] = target
        if origin is not None:
            values["origin"] = origin.to_str()
        # One statement (its own transaction, one round trip): the version-checked
        # update, and only if it happened, this user's claim and draft dropped and the
        # comment added.
        key = sql.SQL("project_id = {} AND segment_id = {}").format(
            sql.Placeholder("project"), sql.Placeholder("segment")
        )
        query = sql.SQL(
            "WITH changed AS ({update}),"
            " claims AS (DELETE FROM cx_claims WHERE {key} AND who = session_user"
            "   AND EXISTS (SELECT FROM changed)),"
            " drafts AS (DELETE FROM cx_pending WHERE {key} AND who = session_user"
            "   AND EXISTS (SELECT FROM changed)),"
            " noted AS (INSERT INTO cx_comments (project_id, segment_id, text)"
            "   SELECT {project}, {segment}, {comment}::text"
            "   WHERE {comment}::text IS NOT NULL AND EXISTS (SELECT FROM changed))"
            " SELECT version FROM changed"
        ).format(
            update=_update_query(values, checked=True),
            key=key,
            project=sql.Placeholder("project"),
            segment=sql.Placeholder("segment"),
            comment=sql.Placeholder("comment"),
        )
        params = {
            **values,
            "project": self.project_id,
            "segment": segment_id,
            "base": base_version,
            "comment": comment or None,
        }
        row = self._statement(what, query, params)
        if row is not None:
            return int(row[0])
        current = self._rows(
            "SELECT target, version, updated_by FROM cx_segments WHERE project_id = %s AND id = %s",
            (segment_id,),
        )
        if not current:
            raise ProjectError(_("segment {id} does not exist").format(id=segment_id))
        theirs, version, who = current[0]
        mine = target if target is not None else theirs
        raise EditConflictError(segment_id, mine, str(theirs), str(who), int(version))

    def apply_changes(self, changes: Iterable[SegmentChange], *, who: str | None = None) -> int:
        """All changes in ONE transaction; each row is locked while it is read and
        written, so a change made meanwhile by someone else is never lost. (History
        names the database role; `who` is the local name and is not trusted here.)"""
        changed = 0
        with self._write(_("change segments")) as connection:
            for change in changes:
                row = connection.execute(
                    "SELECT target, status, origin FROM cx_segments"
                    " WHERE project_id = %s AND id = %s FOR UPDATE",
                    (self.project_id, change.segment_id),
                ).fetchone()
                if row is None:
                    raise ProjectError(
                        _("segment {id} does not exist").format(id=change.segment_id)
                    )
                new = (
                    row[0] if change.target is None else change.target,
                    row[1] if change.status is None else change.status.value,
                    row[2] if change.origin is None else change.origin.to_str(),
                )
                altered = new != tuple(row)
                if altered:
                    columns = ("target", "status", "origin")
                    _update(
                        connection,
                        self.project_id,
                        change.segment_id,
                        {c: v for c, v, old in zip(columns, new, row, strict=True) if v != old},
                    )
                if change.comment:
                    connection.execute(
                        "INSERT INTO cx_comments (project_id, segment_id, text)"
                        " VALUES (%s, %s, %s)",
                        (self.project_id, change.segment_id, change.comment),
                    )
                connection.execute(
                    "DELETE FROM cx_pending WHERE project_id = %s AND segment_id = %s",
                    (self.project_id, change.segment_id),
                )
                changed += altered or bool(change.comment)
        return changed

    def set_meta(self, **values: str | None) -> None:
        unknown = set(values) - set(_META_NAMES)
        if unknown:
            raise ValueError(f"unknown article fields: {sorted(unknown)}")
        with self._write(_("change the article's details")) as connection:
            connection.execute(
                "UPDATE cx_projects SET meta = meta || %s::jsonb WHERE id = %s",
                (json.dumps(values), self.project_id),
            )

    def sign_off(self, by: str, at: str) -> tuple[str, str]:
        """The database's own sign-off (cx_sign_off): who is the database role and when
        the server's time, whatever `by` and `at` say; refused to all but a reviewer and
        the owner, and while a segment is not approved."""
        try:
            row = self._statement(
                _("sign off the review (reviewers only)"),
                "SELECT cx_sign_off(%(project)s)",
                {"project": self.project_id},
            )
        except psycopg.errors.CheckViolation:
            raise ProjectError(
                _("the server refused the sign-off: not every segment is approved")
            ) from None
        except psycopg.errors.NoDataFound:  # removed from the server meanwhile
            raise ProjectError(
                _("there is no shared project {name} on {server}").format(
                    name=self.name, server=server.display_name(self.server_url)
                )
            ) from None
        assert row is not None
        details = row[0]
        return str(details["signed_off_by"]), str(details["signed_off_at"])

    def save_pending_edit(self, segment_id: int, text: str) -> None:
        self._statement(
            _("edit segments"),
            "INSERT INTO cx_pending (project_id, segment_id, text)"
            " VALUES (%(project)s, %(segment)s, %(text)s)"
            " ON CONFLICT (project_id, segment_id, who) DO UPDATE SET text = excluded.text,"
            " at = now()",
            {"project": self.project_id, "segment": segment_id, "text": text},
        )

    def pending_edits(self) -> dict[int, str]:
        try:
            return dict(
                self._rows(
                    "SELECT segment_id, text FROM cx_pending WHERE project_id = %s"
                    " AND who = session_user"
                )
            )
        except psycopg.errors.InsufficientPrivilege:
            self._pg.rollback()
            return {}  # a publisher keeps no drafts

    def discard_pending_edit(self, segment_id: int) -> None:
        with self._write(_("edit segments")) as connection:
            connection.execute(
                "DELETE FROM cx_pending WHERE project_id = %s AND segment_id = %s",
                (self.project_id, segment_id),
            )

    def dismiss_finding(
        self, segment_id: int, check_id: str, text: str, *, who: str | None = None
    ) -> None:
        with self._write(_("dismiss QA findings")) as connection:
            connection.execute(
                "INSERT INTO cx_dismissals (project_id, segment_id, check_id, text)"
                " VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING",
                (self.project_id, segment_id, check_id, text),
            )

    def dismissed_findings(self) -> set[tuple[int, str, str]]:
        return {
            (int(a), str(b), str(c))
            for a, b, c in self._rows(
                "SELECT segment_id, check_id, text FROM cx_dismissals WHERE project_id = %s"
            )
        }

    def cached_translations(
        self, engine: str, source_lang: str, target_lang: str, masked: list[str]
    ) -> dict[str, str]:
        return dict(
            self._rows(
                "SELECT masked, result FROM cx_mt_cache WHERE project_id = %s AND engine = %s"
                " AND source_lang = %s AND target_lang = %s AND masked = ANY(%s)",
                (engine, source_lang, target_lang, masked),
            )
        )

    def store_translations_by_engine(
        self,
        source_lang: str,
        target_lang: str,
        results: Mapping[str, Mapping[str, str]],
        changes: list[SegmentChange],
        *,
        who: str | None = None,
    ) -> None:
        with self._write(_("change translations")) as connection, connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO cx_mt_cache VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
                [
                    (self.project_id, engine, source_lang, target_lang, masked, result)
                    for engine, rows in results.items()
                    for masked, result in rows.items()
                    if len(masked.encode("utf-8")) <= CACHE_MAX_BYTES
                ],
            )
        self.apply_changes(changes)

    def record_export(self, format_name: str) -> None:
        """The database records every export of a shared project, and refuses a
        publication format (Word, HTML) to anyone but a publisher."""
        with self._write(_("publish (publishers only)"), record=True) as connection:
            connection.execute(
                "INSERT INTO cx_exports (project_id, format) VALUES (%s, %s)",
                (self.project_id, format_name),
            )

    def listen(
        self,
        *,
        versions: dict[int, int] | None = None,
        claims: dict[int, str] | None = None,
        connect: bool = True,
    ) -> ChangeFeed:
        """The change feed (its own connection). Given what the caller shows
        (`versions()`, `claims()`), the feed's first batch holds anything newer."""
        return ChangeFeed(
            self.server_url, self.project_id, versions=versions, claims=claims, connect=connect
        )


FEED_BACKOFF = (0.5, 1.0, 2.0, 4.0, 8.0, 15.0)  # seconds between tries while the server is away


class ChangeFeed:
    """Other people's changes to one shared project, as the database announces them.

    The feed keeps what it has heard (each segment's version, who holds which claim).
    When its connection breaks (the server restarted, the network went away) `wait`
    raises ServerUnavailableError; `resume` connects again, listens again, and returns
    what changed meanwhile by comparing the rows with what it knew, so nothing is missed
    however many notifications were lost. `follow` does both in a loop, with backoff.
    """

    def __init__(
        self,
        server_url: str,
        project_id: int,
        *,
        versions: dict[int, int] | None = None,
        claims: dict[int, str] | None = None,
        connect: bool = True,
    ) -> None:
        """`versions`/`claims`: what the caller already shows; anything newer comes as
        changes from the first `wait`, so nothing between its read and LISTEN is lost.
        `connect=False`: connect in `follow` (in the caller's worker thread)."""
        self._url = server_url
        self._project_id = int(project_id)
        self._versions: dict[int, int] | None = dict(versions) if versions is not None else None
        self._claims: dict[int, str] | None = dict(claims) if claims is not None else None
        self._connection: psycopg.Connection[Any] | None = None
        self._backlog = self.resume() if connect else []

    @property
    def connected(self) -> bool:
        return self._connection is not None

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def resume(self) -> list[SegmentChanged]:
        """(Re)connect and LISTEN, then read the rows: the changes since what the feed
        knew. Raises ServerUnavailableError while the server cannot be reached."""
        self.close()
        connection = server.connect(self._url)
        try:
            connection.execute(f"LISTEN cxeditor_{self._project_id}")
            # After LISTEN: whatever changes after this read is announced.
            rows = connection.execute(
                "SELECT id, version, updated_by FROM cx_segments WHERE project_id = %s",
                (self._project_id,),
            ).fetchall()
            held = connection.execute(
                "SELECT segment_id, who FROM cx_claims WHERE project_id = %s"
                " AND at >= now() - make_interval(mins => %s)",
                (self._project_id, CLAIM_MINUTES),
            ).fetchall()
        except psycopg.Error as error:
            connection.close()
            raise server.failure(self._url, _("shared project"), error) from None
        except BaseException:
            connection.close()
            raise
        changes: list[SegmentChanged] = []
        if self._versions is not None:
            changes += [
                SegmentChanged(int(segment), str(who), version=int(version))
                for segment, version, who in rows
                if version > self._versions.get(segment, 0)
            ]
        claims = {int(segment): str(who) for segment, who in held}
        if self._claims is not None:
            changes += [
                SegmentChanged(segment, who, claim=who)
                for segment, who in claims.items()
                if self._claims.get(segment) != who
            ]
            changes += [
                SegmentChanged(segment, "", released=True)
                for segment in self._claims
                if segment not in claims
            ]
        self._versions = {int(segment): int(version) for segment, version, _who in rows}
        self._claims = claims
        self._connection = connection
        return changes

    def wait(self, timeout: float) -> list[SegmentChanged]:
        """The changes announced within `timeout` seconds (returns at the first batch);
        ServerUnavailableError when the connection broke (then `resume`)."""
        if self._backlog:
            found, self._backlog = self._backlog, []
            return found
        if self._connection is None:
            raise server.ServerUnavailableError(
                _("the server {server} cannot be reached").format(
                    server=server.display_name(self._url)
                )
            )
        found = []
        try:
            for note in self._connection.notifies(timeout=timeout, stop_after=1):
                found.append(_parse_note(note.payload))
            # Anything else already queued comes along without waiting again.
            for note in self._connection.notifies(timeout=0.01):
                found.append(_parse_note(note.payload))
        except psycopg.Error as error:
            self.close()
            raise server.lost(self._url, error) from None
        for change in found:
            self._heard(change)
        return found

    def _heard(self, change: SegmentChanged) -> None:
        assert self._versions is not None
        assert self._claims is not None
        if change.version is not None:
            known = self._versions.get(change.segment_id, 0)
            self._versions[change.segment_id] = max(known, change.version)
        elif change.released:
            self._claims.pop(change.segment_id, None)
        elif change.claim is not None:
            self._claims[change.segment_id] = change.claim

    def follow(
        self,
        stop: threading.Event,
        on_changes: Callable[[list[SegmentChanged]], None],
        on_paused: Callable[[str], None],
        on_resumed: Callable[[], None],
        *,
        wait_seconds: float = 0.25,
        backoff: Sequence[float] | None = None,
    ) -> None:
        """Hear changes until `stop` is set, through any number of outages: each one is
        told once (`on_paused` with the reason, `on_resumed` when back, after the
        changes made meanwhile went to `on_changes`). A ServerError other than the
        server being away (a login refused since, the project deleted) ends it."""
        delays = backoff or FEED_BACKOFF
        tries, paused = 0, False
        while not stop.is_set():
            try:
                if self._connection is None and not self._backlog:
                    caught_up = self.resume()
                    tries = 0
                    if caught_up and not stop.is_set():
                        on_changes(caught_up)
                    if paused:
                        paused = False
                        on_resumed()
                    continue
                changes = self.wait(wait_seconds)
            except server.ServerUnavailableError as error:
                if not paused:
                    paused = True
                    on_paused(str(error))
                stop.wait(delays[min(tries, len(delays) - 1)])
                tries += 1
                continue
            if changes and not stop.is_set():
                on_changes(changes)


def _ended(connection: psycopg.Connection[Any]) -> bool:
    """Whether the server ended this idle connection: broken already, or its socket
    holds the server's goodbye (readable while no query runs) and reading it fails."""
    if connection.broken:
        return True
    if connection.closed or connection.info.transaction_status != TransactionStatus.IDLE:
        return False  # closed by its owner, or busy: not ours to replace
    try:
        # The goodbye comes as an error message, then the end of the stream: two reads.
        for _read in range(4):
            if not select.select([connection.fileno()], [], [], 0)[0]:
                break
            connection.pgconn.consume_input()
    except (OSError, ValueError, psycopg.Error):
        return True
    return connection.pgconn.status != ConnStatus.OK


def _update_query(values: dict[str, str], *, checked: bool) -> sql.Composed:
    """UPDATE the given columns only (column privileges decide who may touch which),
    bumping the version; `checked`: only at the version given as %(base)s."""
    assignments = sql.SQL(", ").join(
        sql.SQL("{} = {}").format(sql.Identifier(name), sql.Placeholder(name)) for name in values
    )
    check = sql.SQL(" AND version = {}").format(sql.Placeholder("base")) if checked else sql.SQL("")
    return sql.SQL(
        "UPDATE cx_segments SET {}, version = version + 1, updated_by = session_user,"
        " updated_at = now() WHERE project_id = {} AND id = {}{} RETURNING version"
    ).format(assignments, sql.Placeholder("project"), sql.Placeholder("segment"), check)


def _update(
    connection: psycopg.Connection[Any],
    project_id: int,
    segment_id: int,
    values: dict[str, str],
    base_version: int | None = None,
) -> tuple[Any, ...] | None:
    """UPDATE the given columns only, bumping the version; with `base_version`, only if
    nobody changed it meanwhile."""
    return connection.execute(
        _update_query(values, checked=base_version is not None),
        {**values, "project": project_id, "segment": segment_id, "base": base_version},
    ).fetchone()


def _parse_note(payload: str) -> SegmentChanged:
    data = json.loads(payload)
    if "claim" in data:
        return SegmentChanged(
            int(data["segment"]),
            str(data["who"]),
            claim=data["claim"],
            released=data["claim"] is None,
        )
    return SegmentChanged(int(data["segment"]), str(data["who"]), version=int(data["version"]))


def _write_shared(
    connection: psycopg.Connection[Any],
    name: str,
    *,
    article: Article,
    report: list[str],
    progress: ProgressCallback,
    cancel: CancelFlag | None,
) -> None:
    meta = {key: getattr(article.meta, key) for key in _META_NAMES}
    row = connection.execute(
        "INSERT INTO cx_projects (name, meta, report) VALUES (%s, %s, %s) RETURNING id",
        (name, json.dumps(meta), json.dumps(report)),
    ).fetchone()
    assert row is not None
    project_id = int(row[0])
    total = article.segment_count()
    done = 0
    with connection.cursor() as cursor:
        with cursor.copy(
            "COPY cx_blocks (project_id, id, position, kind, level, tweet_name, tweet_handle,"
            " tweet_date, tweet_url) FROM STDIN"
        ) as copy:
            for position, block in enumerate(article.blocks):
                tweet = block.tweet
                copy.write_row(
                    (
                        project_id,
                        position + 1,
                        position,
                        block.kind.value,
                        block.level,
                        tweet.name if tweet else None,
                        tweet.handle if tweet else None,
                        tweet.date if tweet else None,
                        tweet.url if tweet else None,
                    )
                )
        segment_id = 0
        comments: list[tuple[int, int, str, str, str]] = []
        with cursor.copy(
            "COPY cx_segments (project_id, id, block_id, position, source, target, status,"
            " origin) FROM STDIN"
        ) as copy:
            for position, block in enumerate(article.blocks):
                for index, segment in enumerate(block.segments):
                    segment_id += 1
                    if cancel and segment_id % 2000 == 0:
                        cancel.check()
                    copy.write_row(
                        (
                            project_id,
                            segment_id,
                            position + 1,
                            index,
                            segment.source,
                            segment.target,
                            segment.status.value,
                            segment.origin.to_str(),
                        )
                    )
                    comments.extend(
                        (project_id, segment_id, c.who, c.when, c.text) for c in segment.comments
                    )
                    done += 1
            progress(done, total, _("Sharing project"))
        cursor.executemany(
            "INSERT INTO cx_comments (project_id, segment_id, who, at, text)"
            " VALUES (%s, %s, %s, %s, %s)",
            comments,
        )
