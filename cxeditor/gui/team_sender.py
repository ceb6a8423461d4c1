"""The worker that sends a shared project's writes (claims, confirms, approvals,
rejections, drafts) so the window never waits on the team server.

One thread per open shared project takes the writes in the order the window made them
(cxeditor/outbox.py does the sending) and hands each answer back through a signal; it
never touches a widget. A server that cannot be reached keeps the writes waiting, in
order, in the local queue file too, and is tried again with growing pauses; the window
is told once that it went away and once that it is back, as the offline memory does.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections import deque
from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from cxeditor.outbox import (
    ARTICLE,
    BARRIER,
    CLAIM,
    CONFIRM,
    DISCARD,
    DRAFT,
    HISTORY,
    KEPT,
    QUEUE_KIND,
    REFRESH,
    Landed,
    Outbox,
    Write,
    kept_writes,
    queue_key,
)
from cxeditor.store.server import ServerUnavailableError
from cxeditor.tm.offline import SendQueue

log = logging.getLogger(__name__)

RETRY_FIRST_SECONDS = 0.25  # then doubled after each failed try, up to:
RETRY_MOST_SECONDS = 5.0
# Waited for while the server is away (a claim or a history read is worth nothing
# later): the writes kept in the local file, and the reads that bring others' changes.
RETRIED = KEPT | {REFRESH, ARTICLE}
READS = frozenset({HISTORY, REFRESH, ARTICLE})


class TeamSender(QObject):
    """Sends writes in order in a thread of its own; answers come back as signals."""

    landed = Signal(object)  # Landed
    refused = Signal(object)  # Refused
    offline = Signal(str)  # the server went away (the reason); writes wait
    back = Signal()  # the server answers again

    def __init__(self, url: str, *, readonly: bool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.url = url
        self._key = queue_key(url)
        self._outbox = Outbox(url, readonly=readonly)
        # This thread's handle on the local queue file: a kept write survives a crash of
        # the editor at once; the disk is flushed at checkpoints, not on each key press.
        self._kept = SendQueue(flush_each=False)
        self._writes: deque[Write] = deque()
        self._barriers: dict[int, threading.Event] = {}  # a BARRIER's ticket -> its event
        # Set when the window closes: a job still waiting for the writes before it gives
        # up (they are kept for the next session, and must land before its work).
        self.stopping = threading.Event()
        self._condition = threading.Condition()
        self._closing = False  # send what is queued, then stop
        self._abandon = False  # stop now: what is kept is sent next time
        self._thread = threading.Thread(target=self._run, name="cxeditor-send", daemon=True)
        self._thread.start()

    # -- the window's side ---------------------------------------------------------

    def kept_from_before(self) -> list[Write]:
        """Writes an earlier session made and could not send (oldest first); the
        caller sends them again with `resend`."""
        return kept_writes(self._kept, self.url)

    def send(self, write: Write) -> Write:
        """Queue a write; a confirm or draft is first kept in the local file. Returns
        the write as queued."""
        if write.kind in KEPT:
            write = replace(write, row=self._kept.put_one(self._key, QUEUE_KIND, write.item()))
        return self.resend(write)

    def resend(self, write: Write) -> Write:
        with self._condition:
            self._writes.append(write)
            self._condition.notify()
        return write

    def barrier(self, ticket: int) -> threading.Event:
        """An event set once every write queued before now was taken by the server: a
        job with a connection of its own waits for it (or for `stopping`), so the
        confirms made before it started land first."""
        event = threading.Event()
        with self._condition:
            if self._closing or self._abandon:
                return event  # never set: `stopping` is
            self._barriers[ticket] = event
        self.resend(Write(BARRIER, 0, ticket=ticket))
        return event

    def waiting(self) -> int:
        with self._condition:
            return len(self._writes)

    def close(self, timeout: float) -> int:
        """Send what is queued (waiting up to `timeout` seconds), then stop. Returns how
        many writes are left unsent; the kept ones are sent when the project opens next."""
        self.stopping.set()
        with self._condition:
            self._closing = True
            self._condition.notify()
        self._thread.join(timeout)
        with self._condition:
            self._abandon = True
            self._condition.notify()
            left = len(self._writes)
        self._thread.join(1.0)
        self._kept.close()  # the window's handle; the worker has its own
        # A worker stuck in a network call ends (closing its handles) when the call
        # returns, or with the process.
        return left

    def running(self) -> bool:
        """The worker has not ended yet (it may be stuck in a network call)."""
        return self._thread.is_alive()

    # -- the worker's side ---------------------------------------------------------

    def _run(self) -> None:
        kept = SendQueue()  # SQLite handles stay in the thread that made them
        pause = RETRY_FIRST_SECONDS
        away = False
        try:
            while True:
                write = self._next(kept)
                if write is None:
                    return
                if write.kind == BARRIER:
                    self._drop(write)
                    with self._condition:
                        event = self._barriers.pop(write.ticket, None)
                    if event is not None:
                        event.set()
                    continue
                try:
                    result = self._outbox.send(write)
                except ServerUnavailableError as error:
                    if write.kind not in RETRIED:
                        self._drop(write)  # a claim or a history read is worth nothing later
                        continue
                    if not away:
                        away = True
                        self.offline.emit(str(error))
                    if not self._pause(pause):
                        return
                    pause = min(pause * 2, RETRY_MOST_SECONDS)
                    continue
                except Exception:  # a bug must not stop the sending (logged)
                    log.exception("sending %s to the team server failed", write.kind)
                    self._drop(write)
                    continue
                pause = RETRY_FIRST_SECONDS
                self._drop(write)
                if write.row is not None:
                    try:
                        kept.done([write.row])
                    except sqlite3.Error:  # sent again next time: the server sees it is there
                        log.exception("the local queue file could not be updated")
                if away:
                    away = False
                    self.back.emit()
                if isinstance(result, Landed):
                    self.landed.emit(result)
                else:
                    self.refused.emit(result)
        finally:
            kept.close()
            self._outbox.close()

    def _next(self, kept: SendQueue) -> Write | None:
        """The first write worth sending (None: stop); one a later write makes useless
        is skipped (its kept copy too)."""
        while True:
            with self._condition:
                while not self._writes:
                    if self._abandon or self._closing:
                        return None
                    self._condition.wait()
                if self._abandon:
                    return None
                write = self._writes[0]
                useless = self._closing and write.kind in READS  # nobody will look at it
                if not useless and not _replaced(write, list(self._writes)[1:]):
                    return write
                self._writes.popleft()
            if write.row is not None:
                kept.done([write.row])

    def _drop(self, write: Write) -> None:
        with self._condition:
            if self._writes and self._writes[0] is write:
                self._writes.popleft()

    def _pause(self, seconds: float) -> bool:
        """Wait before trying again; False when the window closes meanwhile (what is
        kept stays in the local file for next time)."""
        with self._condition:
            if self._closing or self._abandon:
                return False
            self._condition.wait(seconds)
            return not self._abandon and not self._closing


def _replaced(write: Write, later: list[Write]) -> bool:
    """Only the last claim and the last read matter (the user has moved on since); a
    draft is dropped by a later draft, confirm or discard of its segment; a segment's
    refresh by a later one or a reload of the whole article."""
    if write.kind in (CLAIM, HISTORY, ARTICLE):
        return any(other.kind == write.kind for other in later)
    if write.kind == REFRESH:  # a later read of it, or of the whole article, tells more
        return any(
            other.kind == ARTICLE
            or (other.kind == REFRESH and other.segment_id == write.segment_id)
            for other in later
        )
    if write.kind == DRAFT:
        return any(
            other.segment_id == write.segment_id and other.kind in (DRAFT, CONFIRM, DISCARD)
            for other in later
        )
    return False
