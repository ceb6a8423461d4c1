"""Telling a team server's address from a file name, without loading psycopg (the
editor's start-up and the file-only commands need only this)."""

from __future__ import annotations

SCHEMES = ("postgresql://", "postgres://")


def is_server_url(text: str | object) -> bool:
    return isinstance(text, str) and text.startswith(SCHEMES)
