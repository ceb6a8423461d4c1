"""What an editor sends to a shared project, one write at a time, in the order made.

The editor's window never waits on the team server: claims, confirms, approvals,
rejections and drafts become `Write`s that one worker sends in order over a connection
of its own (`Outbox.send`), so a confirm never overtakes an earlier one for the same
segment. Confirms and drafts are also kept in the local queue file the offline memory
uses (tm/offline.py's `SendQueue`) from the moment they are made until the server took
them: a server that went away, a window closed meanwhile or a crash loses none; they
are sent when the server is back, or when the project is opened next.

A write's base version is the one the editor saw. The editor shows its own writes at
once, before the server answered, so a later write of the same segment may carry a
version this outbox produced itself (or started from): it then goes on top of this
outbox's latest write of the segment; any other change meanwhile is someone else's,
and a conflict.
"""

from __future__ import annotations

import contextlib
from dataclasses import asdict, dataclass, field, replace

import psycopg

from cxeditor.errors import CxError
from cxeditor.model import Article, Comment, HistoryEntry, Origin, Segment, Status
from cxeditor.store import server
from cxeditor.store.server import ServerUnavailableError
from cxeditor.store.shared import EditConflictError, SharedProject, split_project_url
from cxeditor.tm.offline import SendQueue

QUEUE_KIND = "project"  # the local queue file's kind for a shared project's writes
CONFIRM, CLAIM, RELEASE, DRAFT, DISCARD = "confirm", "claim", "release", "draft", "discard"
META = "meta"  # the article's details (a sign-off)
DISMISS = "dismiss"  # a QA finding judged fine (segment, check, text)
# Reads, each after the writes queued before it: the segment's comments and history, a
# segment someone else changed, the whole article with its versions (a reload).
HISTORY, REFRESH, ARTICLE = "history", "refresh", "article"
BARRIER = "barrier"  # not sent: the writes before it were taken (a job may start)
KEPT = frozenset({CONFIRM, DRAFT, DISCARD, META, DISMISS})  # kept in the local file until sent


@dataclass(frozen=True, slots=True)
class Write:
    """One change for the server. `status`/`origin` as stored; only the columns that
    change are given (a reviewer has no right to a target at all)."""

    kind: str
    segment_id: int
    base_version: int | None = None
    target: str | None = None
    status: str | None = None
    origin: str | None = None
    comment: str | None = None
    text: str | None = None  # a draft's text
    meta: tuple[tuple[str, str], ...] | None = None  # META: the details written
    check: str | None = None  # DISMISS: the check's id (`text`: the finding's text)
    # Not sent: the editor's number for it, and its row in the local queue file.
    ticket: int = field(default=0, compare=False)
    row: int | None = field(default=None, compare=False)

    def item(self) -> dict[str, object]:
        kept = asdict(self)
        del kept["ticket"], kept["row"]
        return kept

    @classmethod
    def from_item(cls, item: dict[str, object], row: int) -> Write:
        known = {name: item[name] for name in cls.__dataclass_fields__ if name in item}
        pairs = known.get("meta")
        if isinstance(pairs, list):  # JSON made the pairs lists
            known["meta"] = tuple((str(k), str(v)) for k, v in pairs)
        return replace(cls(**known), row=row)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Landed:
    """The server took the write: the version it made, (a claim) who holds the segment,
    (a read) the segment's comments and history."""

    write: Write
    version: int | None = None
    holder: str | None = None
    comments: list[Comment] | None = None  # HISTORY
    history: list[HistoryEntry] | None = None
    segment: Segment | None = None  # REFRESH
    article: Article | None = None  # ARTICLE, with each segment's version
    versions: dict[int, int] | None = None


@dataclass(frozen=True, slots=True)
class Refused:
    """The server said no: a conflict (EditConflictError, both texts) or a refusal;
    `current` is the segment as the server has it, when it could be read."""

    write: Write
    error: CxError
    current: Segment | None = None


def queue_key(url: str) -> str:
    """The local queue's key for a shared project: user, server and project, no secret."""
    server_url, name = split_project_url(url)
    return f"{server.display_name(server_url)}/{name}"


def kept_writes(queue: SendQueue, url: str) -> list[Write]:
    """The writes an earlier session could not send, oldest first."""
    return [Write.from_item(item, row) for row, item in queue.pending(queue_key(url), QUEUE_KIND)]


class Outbox:
    """Sends writes to one shared project over a connection of its own, opened at the
    first write and again after the server went away. One thread uses it."""

    def __init__(self, url: str, *, readonly: bool = False) -> None:
        self.url = url
        self.readonly = readonly
        self._project: SharedProject | None = None
        self._latest: dict[int, int] = {}  # segment -> the version our last write made
        self._ours: dict[int, set[int]] = {}  # segment -> versions our writes made or began from

    def close(self) -> None:
        if self._project is not None:
            with contextlib.suppress(Exception):  # the server may be gone already
                self._project.close()
            self._project = None

    def send(self, write: Write) -> Landed | Refused:
        """Send one write; raises ServerUnavailableError when the server cannot be
        reached (the write was not taken: send it again later)."""
        try:
            if self._project is None:
                self._project = SharedProject.open(self.url, readonly=self.readonly)
            return self._send(self._project, write)
        except ServerUnavailableError:
            self.close()
            raise
        except psycopg.Error as error:
            if not server.is_connection_lost(error):
                raise
            self.close()
            raise server.lost(self.url, error) from None

    def _send(self, project: SharedProject, write: Write) -> Landed | Refused:
        segment_id = write.segment_id
        try:
            if write.kind == CLAIM:
                return Landed(write, holder=project.claim(segment_id))
            if write.kind == HISTORY:
                return Landed(
                    write,
                    comments=project.comments(segment_id),
                    history=project.history(segment_id),
                )
            if write.kind == REFRESH:
                segment, version = project.versioned_segment(segment_id)
                return Landed(write, version=version, segment=segment)
            if write.kind == ARTICLE:
                return Landed(write, article=project.load_article(), versions=project.versions())
            if write.kind == META:
                return self._meta(project, write)
            if write.kind == DISMISS:
                project.dismiss_finding(segment_id, write.check or "", write.text or "")
            elif write.kind == RELEASE:
                project.release(segment_id)
            elif write.kind == DRAFT:
                project.save_pending_edit(segment_id, write.text or "")
            elif write.kind == DISCARD:
                project.discard_pending_edit(segment_id)
            elif write.kind == CONFIRM:
                return self._confirm(project, write)
            else:
                raise ValueError(f"unknown write {write.kind!r}")
        except ServerUnavailableError:
            raise
        except CxError as error:
            return Refused(write, error, self._current(project, segment_id))
        return Landed(write)

    @staticmethod
    def _meta(project: SharedProject, write: Write) -> Landed:
        details = dict(write.meta or ())
        if details.keys() != {"signed_off_by", "signed_off_at"}:
            project.set_meta(**details)
            return Landed(write)
        # The server names who signed off and when: the window shows what it stored.
        by, at = project.sign_off(details["signed_off_by"], details["signed_off_at"])
        return Landed(replace(write, meta=(("signed_off_by", by), ("signed_off_at", at))))

    def _confirm(self, project: SharedProject, write: Write) -> Landed | Refused:
        segment_id = write.segment_id
        base = write.base_version
        if base is None or base in self._ours.get(segment_id, ()):
            base = self._latest.get(segment_id, base)
        assert base is not None, "a confirm needs the version its editor saw"
        assert write.status is not None, "a confirm names the status it writes"
        try:
            version = project.confirm(
                segment_id,
                base_version=base,
                target=write.target,
                status=Status(write.status),
                origin=Origin.parse(write.origin) if write.origin is not None else None,
                comment=write.comment,
            )
        except EditConflictError as error:
            current = self._current(project, segment_id)
            if current is None or not self._already_there(project, write, current, error):
                return Refused(write, error, current)
            # Sent before, its answer lost with the connection: it is there already.
            version = error.version
        self._ours.setdefault(segment_id, set()).update((base, version))
        self._latest[segment_id] = version
        # Not read back: the version check says the row is what the editor saw, with
        # this write's columns on it.
        return Landed(write, version=version)

    @staticmethod
    def _already_there(
        project: SharedProject, write: Write, current: Segment, error: EditConflictError
    ) -> bool:
        return (
            error.who == project.who
            and (write.target is None or current.target == write.target)
            and current.status.value == write.status
        )

    @staticmethod
    def _current(project: SharedProject, segment_id: int) -> Segment | None:
        try:
            return project.segment(segment_id)
        except ServerUnavailableError:
            raise
        except CxError:
            return None
