"""The editor's main window: the segment grid, the editor pane, actions and jobs.

MainWindow only composes: each seam of the work (editing, navigation, review, QA,
machine translation and memory, replace, files, preview, progress, actions, widgets) is
a part in its own module, and base.py declares what the parts share.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent, QUndoStack
from PySide6.QtWidgets import QMainWindow

from cxeditor.gui.segment_model import SegmentFilter, SegmentTableModel
from cxeditor.gui.settings import WINDOW_GEOMETRY, WINDOW_STATE, Settings
from cxeditor.gui.tasks import TaskRunner

from .actions import ActionsPart
from .assist import AssistPart
from .cat import CatPart
from .editing import PENDING_SAVE_DELAY_MS, EditingPart
from .files import FilesPart
from .grid import GridPart
from .mt import MtPart
from .navigation import NavigationPart
from .preview import PreviewPart
from .progress import ProgressPart
from .qa import QaPart
from .replace import ReplacePart
from .review import ReviewPart
from .sending import SendingPart
from .team import TeamPart
from .widgets import QA_FILTERS, STATUS_FILTERS, TargetEdit, WidgetsPart

__all__ = ["QA_FILTERS", "STATUS_FILTERS", "MainWindow", "TargetEdit"]


class MainWindow(
    CatPart,
    AssistPart,
    EditingPart,
    NavigationPart,
    GridPart,
    ReviewPart,
    QaPart,
    MtPart,
    TeamPart,
    SendingPart,
    ReplacePart,
    FilesPart,
    PreviewPart,
    ProgressPart,
    ActionsPart,
    WidgetsPart,
    QMainWindow,
):
    errorShown = Signal(str)  # every error message the user sees, also for tests
    projectOpened = Signal(str)
    jobFinished = Signal(str)  # job kind
    languageChanged = Signal()  # the settings name a new interface language
    serverNotice = Signal(str)  # the team server went offline or came back (any thread)
    noticeShown = Signal(str)  # such a notice, as shown once to the user (also for tests)
    teamOnline = Signal(str)  # the team memory or glossary answers now ("memory"/"glossary")
    teamRefused = Signal(str)  # the team server refused the memory or glossary (why)

    def __init__(self, settings: Settings | None = None) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.project = None
        self.tasks = TaskRunner(self)
        self.undo_stack = QUndoStack(self)
        self.model = SegmentTableModel(self)
        self.proxy = SegmentFilter(self)
        self.proxy.setSourceModel(self.model)
        self.current_id = None
        self.second_opinion_versions = {}
        self._recovered = {}
        self._memory = None  # the user's, shared by all projects
        self._project_memory = None  # the open project's own
        self._glossary = None  # the user's, opened on first use
        self._glossary_entries = None
        self._loading_editor = False
        self._progress = None
        # Questions go through these two callables so tests can answer them.
        self.ask = self._ask_yes_no
        self.ask_text = self._ask_text
        self.choose_proposals = self._choose_proposals
        self.choose_engines = self._choose_engines
        self.edit_term = self._edit_term
        self._pending_timer = QTimer(self)
        self._pending_timer.setSingleShot(True)
        self._pending_timer.setInterval(PENDING_SAVE_DELAY_MS)
        self._pending_timer.timeout.connect(self.save_pending_edit)
        self._build_widgets()
        self._setup_grid()
        self._build_docks()
        self._build_actions()
        self._build_live_qa()
        self._build_cat()
        self._build_sending()
        self._build_team()
        self.apply_editor_font()
        self.setAcceptDrops(True)
        self.resize(1200, 800)
        geometry = self.settings.store.value(WINDOW_GEOMETRY)
        if geometry is not None:
            self.restoreGeometry(geometry)
            self.restoreState(self.settings.store.value(WINDOW_STATE))
        self._update_title()
        self._update_actions()

    def closeEvent(self, event: QCloseEvent) -> None:
        # Workers first: a lookup still running on the project's memory must finish
        # before its connection closes (closing under a running statement crashes).
        # A job still waiting for the writes queued before it gives up: they are kept
        # for the next session, and the server may be away.
        if self._sender is not None:
            self._sender.stopping.set()
        self.tasks.wait()
        self.close_project()
        if self._memory is not None:
            self._memory.close()
            self._memory = None
        if self._glossary is not None:
            self._glossary.close()
            self._glossary = None
        self.settings.store.setValue(WINDOW_GEOMETRY, self.saveGeometry())
        self.settings.store.setValue(WINDOW_STATE, self.saveState())
        super().closeEvent(event)
