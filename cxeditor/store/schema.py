"""The project file's schema and its migrations.

`PRAGMA user_version` holds the schema version; each migration is a small function
taking the file from version N-1 to N inside the caller's transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from cxeditor.faults import rollback_quietly

# Written to the SQLite header so a .cxproj is recognisable (ASCII "CXED").
APPLICATION_ID = 0x43584544

_V1 = """
CREATE TABLE article_meta (
    key   TEXT PRIMARY KEY,
    value TEXT
);
CREATE TABLE blocks (
    id           INTEGER PRIMARY KEY,
    position     INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    level        INTEGER NOT NULL DEFAULT 0,
    tweet_name   TEXT,
    tweet_handle TEXT,
    tweet_date   TEXT,
    tweet_url    TEXT
);
CREATE TABLE segments (
    id         INTEGER PRIMARY KEY,
    block_id   INTEGER NOT NULL REFERENCES blocks(id),
    position   INTEGER NOT NULL,
    source     TEXT NOT NULL,
    target     TEXT NOT NULL,
    status     TEXT NOT NULL
               CHECK (status IN ('new', 'draft', 'translated', 'approved', 'rejected')),
    origin     TEXT NOT NULL DEFAULT 'none',
    updated_at TEXT
);
CREATE INDEX segments_by_block ON segments(block_id, position);
CREATE TABLE comments (
    id         INTEGER PRIMARY KEY,
    segment_id INTEGER NOT NULL REFERENCES segments(id),
    who        TEXT NOT NULL,
    at         TEXT NOT NULL,
    text       TEXT NOT NULL
);
CREATE INDEX comments_by_segment ON comments(segment_id);
CREATE TABLE history (
    id            INTEGER PRIMARY KEY,
    segment_id    INTEGER NOT NULL REFERENCES segments(id),
    who           TEXT NOT NULL,
    at            TEXT NOT NULL,
    before        TEXT NOT NULL,
    after         TEXT NOT NULL,
    status_before TEXT NOT NULL,
    status_after  TEXT NOT NULL,
    origin        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX history_by_segment ON history(segment_id);
-- QA decisions are data: re-running QA keeps what the editor dismissed.
CREATE TABLE qa_dismissals (
    segment_id INTEGER NOT NULL REFERENCES segments(id),
    check_id   TEXT NOT NULL,
    text       TEXT NOT NULL DEFAULT '',
    who        TEXT NOT NULL,
    at         TEXT NOT NULL,
    PRIMARY KEY (segment_id, check_id, text)
);
-- What the import could not place (e.g. unaligned Korean paragraphs), for the record.
CREATE TABLE import_report (
    id      INTEGER PRIMARY KEY,
    message TEXT NOT NULL
);
-- An edit typed but not yet confirmed, offered for recovery after a crash.
CREATE TABLE pending_edits (
    segment_id INTEGER PRIMARY KEY REFERENCES segments(id),
    text       TEXT NOT NULL,
    at         TEXT NOT NULL
);
"""


def _migrate_to_1(connection: sqlite3.Connection) -> None:
    for statement in _V1.split(";"):
        if statement.strip():
            connection.execute(statement)


def _migrate_to_2(connection: sqlite3.Connection) -> None:
    """The machine-translation cache: a second run sends no request twice."""
    connection.execute(
        "CREATE TABLE mt_cache ("
        " engine TEXT NOT NULL, source_lang TEXT NOT NULL, target_lang TEXT NOT NULL,"
        " masked TEXT NOT NULL, result TEXT NOT NULL, created_at TEXT NOT NULL,"
        " PRIMARY KEY (engine, source_lang, target_lang, masked))"
    )


def _migrate_to_3(connection: sqlite3.Connection) -> None:
    """Segments a review-import confirmed whose units the user's memory may not have
    yet: queued with the review's own transaction, so a kill cannot lose them."""
    connection.execute(
        "CREATE TABLE memory_feed ("
        " segment_id INTEGER PRIMARY KEY REFERENCES segments(id), who TEXT NOT NULL)"
    )


# MIGRATIONS[n] takes a file from version n to n + 1.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _migrate_to_1,
    _migrate_to_2,
    _migrate_to_3,
)
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(connection: sqlite3.Connection) -> int:
    row = connection.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def application_id(connection: sqlite3.Connection) -> int:
    row = connection.execute("PRAGMA application_id").fetchone()
    return int(row[0])


def upgrade(connection: sqlite3.Connection) -> int:
    """Run the missing migrations in one transaction; return the version before.

    The connection must be in autocommit mode (isolation_level=None) so that the DDL
    really runs inside our BEGIN ... COMMIT and a failed upgrade leaves nothing behind.
    """
    start = schema_version(connection)
    if start >= SCHEMA_VERSION:
        return start
    connection.execute("BEGIN IMMEDIATE")
    try:
        for migrate in MIGRATIONS[start:]:
            migrate(connection)
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    except BaseException:
        rollback_quietly(connection)  # (after a full disk SQLite may have rolled back)
        raise
    connection.execute("COMMIT")
    return start
