"""Soak: 1,500 moves, Find/Replace typing and QA runs on a 3,000-segment project leave
resident memory and None's reference count flat (figures over longer days:
bench/bench_soak.py). The editor used to abort after a few hundred moves; 1,500 with
three replace rounds and three QA runs keep CI's time (3,000 took two and a half minutes)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from cxeditor.gui.main_window import MainWindow

from .soak import build_project, working_day

RSS_GROWTH_LIMIT_KIB = 40 * 1024  # caches settle early; a leak per move grows without end
NONE_TOLERANCE = 50


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_a_working_day_leaves_memory_and_refcounts_flat(window: MainWindow, tmp_path: Path) -> None:
    project = build_project(tmp_path / "soak.cxproj", 3000)
    assert window.open_project(project)
    assert window.model.rowCount() == 3000
    window.target_edit.setFocus()
    samples = working_day(window, moves=1500, qa_every=500)
    first, last = samples[0], samples[-1]
    assert window.current_id is not None
    assert last.rss_kib - first.rss_kib < RSS_GROWTH_LIMIT_KIB, samples
    if sys.version_info < (3, 12):  # None is immortal later: its count says nothing
        assert last.none_refs >= first.none_refs - NONE_TOLERANCE, samples
