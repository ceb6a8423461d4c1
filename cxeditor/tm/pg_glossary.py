"""The glossary on the team server: the same interface as the local `Glossary`.

Entries keep who last changed them and when. Terms are listed in code-point order (the
local file's order), whatever the database's collation.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import psycopg

from cxeditor.i18n import _
from cxeditor.store import server
from cxeditor.tm.glossary import GlossaryEntry, GlossaryHit, find_hits

COMPONENT = "glossary"


def _v1(connection: psycopg.Connection[Any]) -> None:
    connection.execute(
        """
        CREATE TABLE glossary_entries (
            source text NOT NULL,
            target text NOT NULL DEFAULT '',
            dnt boolean NOT NULL DEFAULT false,
            forbidden boolean NOT NULL DEFAULT false,
            case_sensitive boolean NOT NULL DEFAULT false,
            note text NOT NULL DEFAULT '',
            author text NOT NULL DEFAULT current_user,
            updated timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (source, target)
        )"""
    )
    connection.execute(
        "CREATE TABLE glossary_dismissed (term text PRIMARY KEY,"
        " author text NOT NULL DEFAULT current_user, at timestamptz NOT NULL DEFAULT now())"
    )

    server.ensure_team_roles(connection)
    connection.execute(
        "GRANT SELECT ON glossary_entries, glossary_dismissed"
        " TO cxeditor_editor, cxeditor_reviewer, cxeditor_publisher"
    )
    connection.execute(
        "GRANT INSERT (source, target, dnt, forbidden, case_sensitive, note),"
        " UPDATE (dnt, forbidden, case_sensitive, note, author, updated)"
        " ON glossary_entries TO cxeditor_editor"
    )
    connection.execute("GRANT INSERT (term) ON glossary_dismissed TO cxeditor_editor")


MIGRATIONS = (_v1,)


class PgGlossary:
    def __init__(self, url: str) -> None:
        self.url = url
        self._connection = server.connect(url)
        try:
            server.ensure_schema(self._connection, COMPONENT, MIGRATIONS)
        except BaseException:
            self._connection.close()
            raise

    def close(self) -> None:
        self._connection.close()

    def _guard(self, error: psycopg.Error) -> BaseException:
        return server.failure(self.url, _("glossary"), error)

    def add(self, entries: Iterable[GlossaryEntry]) -> int:
        """Add or update entries in one transaction; returns how many were given."""
        rows = [(e.source, e.target, e.dnt, e.forbidden, e.case_sensitive, e.note) for e in entries]
        try:
            with self._connection.transaction(), self._connection.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO glossary_entries"
                    " (source, target, dnt, forbidden, case_sensitive, note)"
                    " VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (source, target) DO UPDATE"
                    " SET dnt = excluded.dnt, forbidden = excluded.forbidden,"
                    " case_sensitive = excluded.case_sensitive, note = excluded.note,"
                    " author = current_user, updated = now()",
                    rows,
                )
        except psycopg.Error as error:
            raise self._guard(error) from None
        return len(rows)

    def entries(self) -> list[GlossaryEntry]:
        try:
            rows = self._connection.execute(
                "SELECT source, target, dnt, forbidden, case_sensitive, note"
                ' FROM glossary_entries ORDER BY source COLLATE "C", target COLLATE "C"'
            ).fetchall()
        except psycopg.Error as error:
            raise self._guard(error) from None
        return [GlossaryEntry(*row) for row in rows]

    def hits(self, source: str) -> list[GlossaryHit]:
        return find_hits(source, self.entries())

    def dismiss_proposal(self, term: str) -> None:
        try:
            self._connection.execute(
                "INSERT INTO glossary_dismissed (term) VALUES (%s) ON CONFLICT DO NOTHING",
                (term,),
            )
        except psycopg.Error as error:
            raise self._guard(error) from None

    def dismissed(self) -> set[str]:
        try:
            rows = self._connection.execute("SELECT term FROM glossary_dismissed").fetchall()
        except psycopg.Error as error:
            raise self._guard(error) from None
        return {str(row[0]) for row in rows}
