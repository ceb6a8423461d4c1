"""The "Second look" dock: segments ranked by how likely their meaning drifted
(cxeditor/qa/second_look.py), the top tenth in bold; click or Ctrl+F8 to read them in turn."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QListView, QVBoxLayout, QWidget

from cxeditor.i18n import _
from cxeditor.qa.second_look import REASONS, SegmentRank

Index = QModelIndex | QPersistentModelIndex
_PREVIEW = 60  # characters of the source shown beside a rank


class SecondLookModel(QAbstractListModel):
    """`1. #12  3.0  negation, amount — source…`"""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._ranks: list[SegmentRank] = []
        self._sources: dict[int, str] = {}
        self._bold = QFont()
        self._bold.setBold(True)

    def load(self, ranks: list[SegmentRank], sources: dict[int, str]) -> None:
        self.beginResetModel()
        self._ranks = ranks
        self._sources = sources
        self.endResetModel()

    def rank(self, row: int) -> SegmentRank:
        return self._ranks[row]

    def ranks(self) -> list[SegmentRank]:
        return self._ranks

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._ranks)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        rank = self._ranks[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            reasons = ", ".join(_(REASONS[check]) for check in rank.checks)
            source = self._sources.get(rank.segment, "")
            if len(source) > _PREVIEW:
                source = source[: _PREVIEW - 1] + "…"
            return f"{rank.rank}. #{rank.segment}  {rank.score:.1f}  {reasons} — {source}"
        if role == Qt.ItemDataRole.FontRole and rank.top:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._sources.get(rank.segment, "")
        return None


class SecondLookPanel(QWidget):
    jumpRequested = Signal(int)  # segment id

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.model = SecondLookModel(self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setUniformItemSizes(True)
        self.view.clicked.connect(self._jump)
        self.view.activated.connect(self._jump)
        self.summary = QLabel(_("Run QA (F7) to rank the segments."))
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.view)

    def load(self, ranks: list[SegmentRank], sources: dict[int, str], segments: int) -> None:
        self.model.load(ranks, sources)  # a reset: Ctrl+F8 starts again from the top
        top = sum(rank.top for rank in ranks)
        self.summary.setText(
            _(
                "{n} of {total} segments may have drifted in meaning; read the {top} in bold "
                "first (Ctrl+F8: next)."
            ).format(n=len(ranks), total=segments, top=top)
        )

    def next_segment(self) -> int | None:
        """The next segment of the ranking after the one selected in the list (the
        first when none is), selected in turn; after the last, the first again."""
        ranks = self.model.ranks()
        if not ranks:
            return None
        current = self.view.currentIndex()
        row = current.row() + 1 if current.isValid() else 0
        if row >= len(ranks):
            row = 0
        self.view.setCurrentIndex(self.model.index(row))
        return ranks[row].segment

    def _jump(self, index: QModelIndex) -> None:
        self.jumpRequested.emit(self.model.rank(index.row()).segment)


def start_second_opinion(window: Any) -> Any:
    """Tools › Second opinion: the engine in Settings gives its version of every
    translated segment (from the project's MT cache where it already answered); where
    it disagrees, findings join QA's and the ranking, and each segment's version shows
    in the suggestions dock beside the editor's. Nothing is sent to any other engine."""
    from cxeditor.errors import CxError  # noqa: PLC0415
    from cxeditor.gui.engine_choice import build_engine  # noqa: PLC0415 - loads requests
    from cxeditor.qa.second_opinion import MODEL_JUDGEMENT, SECOND_OPINION  # noqa: PLC0415
    from cxeditor.second_opinion import SecondOpinion, second_opinion  # noqa: PLC0415

    from .settings import MT_ENGINE  # noqa: PLC0415

    if window.project is None:
        return None
    name = str(window.settings.get(MT_ENGINE))
    try:
        # its address, key, region and model as Settings give them, as for Ctrl+M
        engine = build_engine(window.settings, name)
    except CxError as error:
        window.notify_error(str(error))
        return None
    terms = [entry.source for entry in window.glossary_entries() if entry.dnt]
    companion = window.project.companion

    def job(progress: Any, cancel: Any) -> SecondOpinion:
        worker_project = companion()  # connects here, never on the window's thread
        try:
            return second_opinion(
                worker_project, [engine], terms=terms, progress=progress, cancel=cancel
            )
        finally:
            worker_project.close()

    def done(result: SecondOpinion) -> None:
        window.second_opinion_versions = result.versions
        ours = {SECOND_OPINION, MODEL_JUDGEMENT}
        kept = [f for f in window.qa_panel.findings() if f.check not in ours]
        order = {row.segment_id: row.number for row in window.model.rows()}
        findings = sorted([*kept, *result.findings], key=lambda f: order.get(f.segment, 0))
        window.show_findings(findings)
        window.show_second_opinion(window.current_id)
        for error in result.errors:
            window.notify_error(error)
        window.statusBar().showMessage(
            _("Second opinion: {n} segments where {engine} disagrees").format(
                n=len({f.segment for f in result.findings}), engine=engine.label
            ),
            5000,
        )
        window.jobFinished.emit("second-opinion")

    window.statusBar().showMessage(_("Asking {engine}…").format(engine=engine.label), 5000)
    return window.tasks.run(
        "second-opinion", job, on_done=done, on_error=window._job_failed("second-opinion")
    )
