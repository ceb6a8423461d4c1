"""The segment grid's model: rows prepared once from the Article, loaded in one reset."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from cxeditor.i18n import N_, _
from cxeditor.model import Article, BlockKind, Origin, OriginKind, Segment, Status, Tweet
from cxeditor.text.dates import format_korean
from cxeditor.text.sentences import count_words

Index = QModelIndex | QPersistentModelIndex

COLUMNS = (N_("#"), N_("Kind"), N_("Source"), N_("Target"), N_("Status"), N_("Origin"), N_("QA"))
COL_NUMBER, COL_KIND, COL_SOURCE, COL_TARGET, COL_STATUS, COL_ORIGIN, COL_QA = range(len(COLUMNS))

STATUS_COLOURS = {
    Status.NEW: "#9e9e9e",
    Status.DRAFT: "#f0a030",
    Status.TRANSLATED: "#3b82c4",
    Status.APPROVED: "#2e9d4d",
    Status.REJECTED: "#d0443e",
}
STATUS_LABELS = {
    Status.NEW: N_("New"),
    Status.DRAFT: N_("Draft"),
    Status.TRANSLATED: N_("Translated"),
    Status.APPROVED: N_("Approved"),
    Status.REJECTED: N_("Rejected"),
}
KIND_LABELS = {
    BlockKind.TITLE: N_("Title"),
    BlockKind.META: N_("Meta"),
    BlockKind.HEADING: N_("Heading"),
    BlockKind.PARAGRAPH: N_("Paragraph"),
    BlockKind.QUOTE: N_("Quote"),
    BlockKind.TWEET: N_("Tweet"),
}
# A write the team server has not taken yet: on its way, or kept while the server is away.
SENDING, HELD = "sending", "held"
SENDING_LABELS = {SENDING: N_("sending…"), HELD: N_("kept, server away")}
SENDING_TIPS = {
    SENDING: N_("Sent to the team server; waiting for its answer."),
    HELD: N_("The team server cannot be reached: kept on this computer and sent when it is back."),
}
UNCONFIRMED = frozenset({Status.NEW, Status.DRAFT, Status.REJECTED})
ORIGIN_LABELS = {
    OriginKind.HUMAN: N_("by hand"),
    OriginKind.IMPORT: N_("imported"),
    OriginKind.QA: N_("QA fix"),
}


def origin_label(origin: Origin) -> str:
    """Where a target came from, in the interface language: `TM 98%`, `MT google`."""
    if origin.kind is OriginKind.TM:
        return _("TM {score}%").format(score=origin.score) if origin.score is not None else "TM"
    if origin.kind is OriginKind.MT:
        return _("MT {engine}").format(engine=origin.engine).strip()
    label = ORIGIN_LABELS.get(origin.kind)
    return _(label) if label else ""


QA_MARKS = {"error": "✖", "warning": "⚠", "info": "ℹ"}
SegmentRole = Qt.ItemDataRole.UserRole + 1
StatusRole = Qt.ItemDataRole.UserRole + 2
TargetRole = Qt.ItemDataRole.UserRole + 3  # the stored target as it is (line breaks kept)


def attribution_text(tweet: Tweet) -> str:
    """`— Name (@handle) 2019년 10월 25일`: how the tweet's author line reads in Korean."""
    text = f"— {tweet.name} (@{tweet.handle})"
    if tweet.date:
        try:
            text += " " + format_korean(date.fromisoformat(tweet.date))
        except ValueError:
            text += " " + tweet.date
    return text


@dataclass(frozen=True, slots=True)
class SegmentRow:
    """One grid row: plain data prepared once, replaced whole when its segment changes."""

    number: int
    segment_id: int
    kind: BlockKind
    source: str
    target: str
    status: Status
    origin: Origin
    attribution: str  # tweets only

    def with_segment(self, segment: Segment) -> SegmentRow:
        return replace(self, target=segment.target, status=segment.status, origin=segment.origin)


def rows_from_article(article: Article) -> list[SegmentRow]:
    rows: list[SegmentRow] = []
    for block in article.blocks:
        attribution = attribution_text(block.tweet) if block.tweet else ""
        for segment in block.segments:
            assert segment.id is not None
            rows.append(
                SegmentRow(
                    len(rows) + 1,
                    segment.id,
                    block.kind,
                    segment.source,
                    segment.target,
                    segment.status,
                    segment.origin,
                    attribution,
                )
            )
    return rows


def _one_line(text: str) -> str:
    return text.replace("\n", " ⏎ ")


class SegmentTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[SegmentRow] = []
        self._row_of: dict[int, int] = {}
        self._status_brushes = {
            status: QBrush(QColor(colour)) for status, colour in STATUS_COLOURS.items()
        }
        self._tweet_brush = QBrush(QColor("#eef5fc"))
        self.editable = False  # a writable project is open
        self._status_counts = dict.fromkeys(Status, 0)
        self._source_words: int | None = None
        # segment id -> (number of findings, worst severity: "error", "warning" or "info")
        self._qa: dict[int, tuple[int, str]] = {}
        self._claims: dict[int, str] = {}  # segment id -> who else is editing it
        # segment id -> SENDING or HELD: a write the team server has not taken yet
        self._sending: dict[int, str] = {}
        self._qa_brushes = {
            "error": QBrush(QColor("#d0443e")),
            "warning": QBrush(QColor("#c27c0e")),
            "info": QBrush(QColor("#57606a")),
        }

    # -- loading and updating ---------------------------------------------------

    def load(self, rows: list[SegmentRow]) -> None:
        self.beginResetModel()
        self._rows = rows
        self._row_of = {row.segment_id: number for number, row in enumerate(rows)}
        self._status_counts = dict.fromkeys(Status, 0)
        for row in rows:
            self._status_counts[row.status] += 1
        self._source_words = None
        self.endResetModel()

    def status_counts(self) -> dict[Status, int]:
        """How many segments have each status (kept as segments change)."""
        return dict(self._status_counts)

    def source_words(self) -> int:
        """The source's words, counted once per load (a row's source never changes)."""
        if self._source_words is None:
            self._source_words = sum(count_words(row.source) for row in self._rows)
        return self._source_words

    def set_qa(self, badges: dict[int, tuple[int, str]]) -> None:
        """QA badges from the last run; one dataChanged for the column."""
        self._qa = badges
        if self._rows:
            self.dataChanged.emit(self.index(0, COL_QA), self.index(len(self._rows) - 1, COL_QA))

    def set_qa_of(self, segment_id: int, badge: tuple[int, str] | None) -> None:
        """One segment's badge, after live QA re-checked it."""
        if badge is None:
            self._qa.pop(segment_id, None)
        else:
            self._qa[segment_id] = badge
        number = self._row_of.get(segment_id)
        if number is not None:
            self.dataChanged.emit(self.index(number, COL_QA), self.index(number, COL_QA))

    def qa_of(self, segment_id: int) -> tuple[int, str] | None:
        return self._qa.get(segment_id)

    def set_claims(self, claims: dict[int, str]) -> None:
        """Who else is editing which segment (a shared project); shown in Status."""
        self._claims = dict(claims)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, COL_STATUS), self.index(len(self._rows) - 1, COL_STATUS)
            )

    def set_claim(self, segment_id: int, who: str | None) -> None:
        if who is None:
            self._claims.pop(segment_id, None)
        else:
            self._claims[segment_id] = who
        number = self._row_of.get(segment_id)
        if number is not None:
            self.dataChanged.emit(self.index(number, COL_STATUS), self.index(number, COL_STATUS))

    def claim_of(self, segment_id: int) -> str | None:
        return self._claims.get(segment_id)

    def set_sending(self, segment_id: int, state: str | None) -> None:
        """Mark a segment whose write the team server has not taken yet (None: it has)."""
        if state is None:
            self._sending.pop(segment_id, None)
        else:
            self._sending[segment_id] = state
        number = self._row_of.get(segment_id)
        if number is not None:
            self.dataChanged.emit(self.index(number, COL_STATUS), self.index(number, COL_STATUS))

    def set_all_sending(self, state: str) -> None:
        """Every waiting write in one state (the server went away, or is back)."""
        for segment_id in list(self._sending):
            self.set_sending(segment_id, state)

    def clear_sending(self) -> None:
        self._sending = {}

    def sending_of(self, segment_id: int) -> str | None:
        return self._sending.get(segment_id)

    def row(self, row_number: int) -> SegmentRow:
        return self._rows[row_number]

    def rows(self) -> list[SegmentRow]:
        return self._rows

    def row_number_of(self, segment_id: int) -> int | None:
        return self._row_of.get(segment_id)

    def update_segment(self, segment: Segment) -> None:
        assert segment.id is not None
        number = self._row_of.get(segment.id)
        if number is None:
            return
        self._status_counts[self._rows[number].status] -= 1
        self._status_counts[segment.status] += 1
        self._rows[number] = self._rows[number].with_segment(segment)
        self.dataChanged.emit(self.index(number, 0), self.index(number, len(COLUMNS) - 1))

    # -- Qt model interface --------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if column == COL_QA:
            badge = self._qa.get(row.segment_id)
            if badge is None:
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{QA_MARKS[badge[1]]} {badge[0]}"
            if role == Qt.ItemDataRole.ForegroundRole:
                return self._qa_brushes[badge[1]]
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            text = self._display(row, column)
            if column != COL_STATUS:
                return text
            sending = self._sending.get(row.segment_id)
            if sending is not None:
                text = f"{text} · {_(SENDING_LABELS[sending])}"
            claim = self._claims.get(row.segment_id)
            return _("{status} · {who} editing").format(status=text, who=claim) if claim else text
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_STATUS and row.segment_id in self._sending:
                return _(SENDING_TIPS[self._sending[row.segment_id]])
            if column == COL_STATUS and row.segment_id in self._claims:
                return _("{who} is editing this segment").format(who=self._claims[row.segment_id])
            if column in (COL_SOURCE, COL_KIND) and row.attribution:
                return f"{row.source}\n{row.attribution}"
            if column == COL_TARGET:
                return row.target or None
            return None
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_STATUS:
            return self._status_brushes[row.status]
        if role == Qt.ItemDataRole.BackgroundRole and row.kind is BlockKind.TWEET:
            return self._tweet_brush
        if role == SegmentRole:
            return row.segment_id
        if role == StatusRole:
            return row.status.value
        if role == TargetRole:
            return row.target
        if role == Qt.ItemDataRole.EditRole and column == COL_TARGET:
            return row.target
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        """The Target cell is editable (through the window's delegate) unless the
        project is read-only or the segment approved."""
        flags = super().flags(index)
        if (
            self.editable
            and index.isValid()
            and index.column() == COL_TARGET
            and self._rows[index.row()].status is not Status.APPROVED
        ):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    @staticmethod
    def _display(row: SegmentRow, column: int) -> str | int:
        if column == COL_NUMBER:
            return row.number
        if column == COL_KIND:
            kind = _(KIND_LABELS[row.kind])
            return (
                f"{kind} · {row.attribution.split('(')[1].split(')')[0]}"
                if row.attribution and "(" in row.attribution
                else kind
            )
        if column == COL_SOURCE:
            return _one_line(row.source)
        if column == COL_TARGET:
            return _one_line(row.target)
        if column == COL_STATUS:
            return "● " + _(STATUS_LABELS[row.status])
        return origin_label(row.origin)


class SegmentFilter(QSortFilterProxyModel):
    """Filters rows by status and by text (plain, case-insensitive) in source or target."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._statuses: frozenset[Status] | None = None
        self._text = ""
        self._tweets_only = False
        self._qa_levels: frozenset[str] | None = None

    def set_qa_levels(self, levels: frozenset[str] | None) -> None:
        """Only rows whose worst QA finding is one of `levels` (None: all rows)."""
        self.beginFilterChange()
        self._qa_levels = levels
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_statuses(self, statuses: frozenset[Status] | None) -> None:
        self.beginFilterChange()
        self._statuses = statuses
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = text.casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_tweets_only(self, tweets_only: bool) -> None:
        self.beginFilterChange()
        self._tweets_only = tweets_only
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, SegmentTableModel)
        row = model.row(source_row)
        if self._statuses is not None and row.status not in self._statuses:
            return False
        if self._tweets_only and row.kind is not BlockKind.TWEET:
            return False
        if self._qa_levels is not None:
            badge = model.qa_of(row.segment_id)
            if badge is None or badge[1] not in self._qa_levels:
                return False
        return (
            not self._text
            or self._text in row.source.casefold()
            or self._text in row.target.casefold()
        )
