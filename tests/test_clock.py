"""Stored UTC timestamps shown in the user's local time, to the minute."""

from __future__ import annotations

import time

import pytest

from cxeditor.clock import local_readable, now_iso


@pytest.fixture
def seoul(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TZ", "Asia/Seoul")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("seoul")
def test_utc_is_shown_in_local_time() -> None:
    assert local_readable("2019-10-25T05:03:59+00:00") == "2019-10-25 14:03"
    assert local_readable("2019-10-25T05:03:59") == "2019-10-25 14:03"  # no zone: UTC


def test_now_reads_back_and_other_text_is_kept() -> None:
    assert len(local_readable(now_iso())) == len("2019-10-25 14:03")
    assert local_readable("yesterday") == "yesterday"
