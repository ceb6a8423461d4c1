"""Timestamps as the project file stores them (ISO 8601, UTC, seconds)."""

from __future__ import annotations

from datetime import UTC, datetime


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def local_readable(stamp: str) -> str:
    """A stored timestamp as the user reads it: local time, to the minute
    (`2019-10-25 14:03`); text that is not ISO 8601 is shown as it is."""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is None:  # stored without a zone: it was UTC (now_iso)
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")
