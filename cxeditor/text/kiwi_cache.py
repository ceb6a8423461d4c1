"""Kiwi's readings of the texts it analysed, kept on disk in the user's cache folder, so
a later run (a new `cxeditor qa`, the editor reopening a project) needs no Kiwi for the
texts it already read: loading Kiwi costs a second or more, a lookup a millisecond.

A reading is stored under a hash of the text and of what the reading depends on
(kiwipiepy's version, its model's, the options it was loaded with): another Kiwi
reads afresh. Only Kiwi's morphemes are kept, never what cxeditor concluded from
them, so a change to the spacing rules needs no cache change. Any trouble with the
file (missing, unwritable, locked, damaged) costs only the time of reading again.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import closing
from pathlib import Path
from typing import Any

import platformdirs

_FORMAT = 1  # of the stored morphemes: [[form, tag, start, end], ...]
_KEPT = 200_000  # readings kept (a few hundred bytes each); the oldest go first
_BUSY_WAIT = 1.0  # seconds a write waits for another process writing the file
# A read may come from the editor's window thread (a segment re-checked as it is
# typed): it waits only briefly, and a busy file counts as a miss.
_READ_WAIT_MS = 50


def cache_path() -> Path:
    return Path(platformdirs.user_cache_dir("cxeditor", "cxeditor")) / "kiwi-readings.sqlite"


@functools.cache
def _analyser(options: str) -> bytes:
    """What a reading depends on besides its text."""
    from importlib import metadata  # noqa: PLC0415 - slow to import; only when Kiwi may be asked

    versions = []
    for package in ("kiwipiepy", "kiwipiepy_model"):
        try:
            versions.append(metadata.version(package))
        except metadata.PackageNotFoundError:
            versions.append("")
    return json.dumps([_FORMAT, versions, options]).encode()


def _key(analyser: bytes, text: str) -> bytes:
    import hashlib  # noqa: PLC0415 - OpenSSL's start-up, for the few runs that need this

    return hashlib.sha256(analyser + b"\0" + text.encode()).digest()


def read(texts: Sequence[str], options: dict[str, Any]) -> dict[str, list[list[Any]]]:
    """The stored readings of those of `texts` read before by the same Kiwi."""
    path = cache_path()
    if not texts or not path.exists():
        return {}
    analyser = _analyser(json.dumps(options, sort_keys=True))
    keys = {_key(analyser, text): text for text in texts}
    found: dict[str, list[list[Any]]] = {}
    try:
        with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as db:
            db.execute(f"PRAGMA busy_timeout = {_READ_WAIT_MS}")
            batch = list(keys)
            for first in range(0, len(batch), 500):  # SQLite's limit on parameters
                part = batch[first : first + 500]
                marks = ",".join("?" * len(part))
                rows = db.execute(
                    f"SELECT key, morphemes FROM readings WHERE key IN ({marks})",  # noqa: S608
                    part,
                )
                for key, morphemes in rows:
                    found[keys[key]] = json.loads(morphemes)
    except (sqlite3.Error, OSError, ValueError):
        return {}
    return found


def store(readings: Iterable[tuple[str, list[list[Any]]]], options: dict[str, Any]) -> None:
    """Keep Kiwi's readings (text, morphemes) for the next run."""
    analyser = _analyser(json.dumps(options, sort_keys=True))
    rows = [
        (_key(analyser, text), json.dumps(morphemes, ensure_ascii=False))
        for text, morphemes in readings
    ]
    if not rows:
        return
    path = cache_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(path, timeout=_BUSY_WAIT)) as db, db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS readings"
                " (key BLOB PRIMARY KEY, morphemes TEXT NOT NULL)"
            )
            db.executemany("INSERT OR REPLACE INTO readings VALUES (?, ?)", rows)
            db.execute(
                "DELETE FROM readings WHERE rowid <= (SELECT MAX(rowid) FROM readings) - ?",
                (_KEPT,),
            )
    except (sqlite3.Error, OSError):
        pass  # a cache: the next run reads these texts again
