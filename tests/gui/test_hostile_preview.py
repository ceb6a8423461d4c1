"""The preview dock renders the article as the HTML export does: a planted permalink
(issue 19, item 2) must not become a live link there either."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from lxml import html

from cxeditor.gui.main_window import MainWindow

pytestmark = pytest.mark.gui


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(document.domain)//twitter.com/mallory/status/1",
        "data:text/html,<script>alert(1)</script>/status/1",
        "//evil.example/status/9",
    ],
)
def test_preview_shows_no_hostile_permalink(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    sample_project: Path,
    url: str,
) -> None:
    with sqlite3.connect(sample_project) as connection:
        connection.execute("UPDATE blocks SET tweet_url = ? WHERE kind = 'tweet'", (url,))
    connection.close()
    window.open_project(sample_project)
    window.docks["preview"].show()
    window.docks["preview"].raise_()
    window.refresh_preview()
    shown = window.preview_panel.toHtml()
    hrefs = [str(href) for href in html.fromstring(shown).xpath("//a/@href")]
    assert hrefs  # hashtags and mentions are still links
    assert all(href.startswith(("https://", "http://")) for href in hrefs), hrefs
    assert not [href for href in hrefs if "evil" in href or "mallory" in href], hrefs
    assert "March 14, 2024" in window.preview_panel.toPlainText() or "2024년 3월 14일" in (
        window.preview_panel.toPlainText()
    )  # the date is still shown, only not as a link
