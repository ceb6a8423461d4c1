"""The window's help for translating: translation memory and machine-translation
suggestions, and the glossary, for the current segment.

A part of MainWindow, kept apart from editing, review and files: it owns the memories
(the user's and the open project's) and the glossary, and fills the suggestions and
glossary docks. What it needs of the window is declared in base.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cxeditor.errors import CxError
from cxeditor.gui.docks import MtEntry
from cxeditor.gui.glossary_ui import ProposalsDialog, TermDialog
from cxeditor.i18n import _
from cxeditor.jobs import CancelFlag, ProgressCallback
from cxeditor.model import Article, Segment, Status
from cxeditor.store import Project
from cxeditor.tm.backend import GlossaryBackend, MemoryBackend, open_glossary, open_memory
from cxeditor.tm.combined import PROJECT, USER, CombinedMemory, project_memory
from cxeditor.tm.glossary import (
    GlossaryEntry,
    find_hits,
    propose_terms,
)
from cxeditor.tm.memory import (
    SqliteMemory,
    TmMatch,
    TmUnit,
    TranslationMemory,
)

from .base import WindowBase

if TYPE_CHECKING:
    from cxeditor.gui.tasks import Task
    from cxeditor.mt.base import Engine
    from cxeditor.mt.runner import MtSuggestion


def _row(engine: Engine, result: MtSuggestion | str, qa: list[str]) -> MtEntry:
    if isinstance(result, str):  # why the engine gave no translation
        return MtEntry("", engine.label, [], cached=False, error=result)
    return MtEntry(result.text, result.engine, result.problems, result.cached, qa=qa)


class AssistPart(WindowBase):
    _refusal_told: bool  # set up in TeamPart._build_team
    # -- translation memory --------------------------------------------------------------

    def open_user_memory(self, *, background: bool = False) -> MemoryBackend:
        """The user's memory: the team server's when one is set (Settings or
        CXEDITOR_SERVER), the local file otherwise. An unreachable server is told once
        and the local memory used meanwhile (safe from any thread: the notice is a
        signal). `background` (the window's own): it connects in a thread of its own,
        the local memory answering until the server does, so the window never waits
        on the network."""
        return open_memory(
            server=self.settings.team_server(),
            offline=True,
            notify=self.serverNotice.emit,
            background=background,
            on_online=lambda: self.teamOnline.emit("memory"),
            on_refused=lambda error: self.teamRefused.emit(str(error)),
        )

    def _server_refused(self, error: CxError | str) -> None:
        """Told once: the glossary usually meets what the memory met (on the window's
        thread: a refusal met while connecting in a thread comes by teamRefused)."""
        if not self._refusal_told:
            self._refusal_told = True
            self.serverNotice.emit(
                _("{error}; using your local memory and glossary").format(error=error)
            )

    def memory(self) -> CombinedMemory:
        """The project's own memory (once built) and the user's, searched as one; the
        user's is opened on first use."""
        if self._memory is None:
            try:
                self._memory = self.open_user_memory(background=True)
            except CxError as error:  # a refused login, a bad address: told once, local
                self._server_refused(error)
                self._memory = open_memory(server=None)
        memories: list[tuple[str, TranslationMemory]] = [(USER, self._memory)]
        if self._project_memory is not None:
            memories.insert(0, (PROJECT, self._project_memory))
        return CombinedMemory(memories)

    def _build_project_memory(self, project: Project, article: Article) -> None:
        """The project's confirmed segments as a memory, built in a worker (a large
        project takes a moment); lookups use the user's memory until it is ready."""

        def job(progress: ProgressCallback, cancel: CancelFlag) -> SqliteMemory:
            return project_memory(article)

        def done(memory: SqliteMemory) -> None:
            if self.project is not project:  # closed or replaced meanwhile
                memory.close()
                return
            self._project_memory = memory
            self._show_suggestions(self.current_id)

        def failed(error: BaseException, details: str) -> None:
            self.notify_error(str(error))

        self.tasks.run(
            "project-memory", job, on_done=done, on_error=failed, dispose=SqliteMemory.close
        )

    def _record_in_memory(self, segment: Segment) -> None:
        """Confirmed and approved translations feed the memory; rejected ones do not."""
        if segment.status not in (Status.TRANSLATED, Status.APPROVED):
            return
        number = self.model.row_number_of(segment.id or -1)
        if number is None or not segment.source.strip() or not segment.target.strip():
            return
        rows = self.model.rows()
        previous = rows[number - 1].source if number > 0 else ""
        following = rows[number + 1].source if number + 1 < len(rows) else ""
        try:
            self.memory().add(
                [
                    TmUnit(
                        segment.source,
                        segment.target,
                        previous=previous,
                        next=following,
                        origin=self.settings.user_name(),
                    )
                ]
            )
        except CxError as error:
            self.notify_error(str(error))

    def _show_suggestions(self, segment_id: int | None) -> None:
        """Memory matches for the current segment, looked up in a worker (a large memory
        takes a moment the first time); a newer request drops an older result."""
        number = self.model.row_number_of(segment_id) if segment_id is not None else None
        if number is None or not self.model.row(number).source.strip():
            self.suggestions_panel.show_matches(segment_id, [])
            return
        source = self.model.row(number).source
        memory = self.memory()

        def job(progress: ProgressCallback, cancel: CancelFlag) -> list[TmMatch]:
            return memory.lookup(source)

        def failed(error: BaseException, details: str) -> None:
            self.notify_error(str(error))

        def done(matches: list[TmMatch]) -> None:
            self.suggestions_panel.show_matches(segment_id, matches)

        self.tasks.run("suggest", job, on_done=done, on_error=failed)

    # -- glossary ------------------------------------------------------------------------

    def glossary(self) -> GlossaryBackend:
        """The user's glossary (the team server's when one is set), opened on first use."""
        if self._glossary is None:
            try:
                self._glossary = open_glossary(
                    server=self.settings.team_server(),
                    offline=True,
                    notify=self.serverNotice.emit,
                    background=True,  # as the memory: the window never waits on it
                    on_online=lambda: self.teamOnline.emit("glossary"),
                    on_refused=lambda error: self.teamRefused.emit(str(error)),
                )
            except CxError as error:
                self._server_refused(error)
                self._glossary = open_glossary(server=None)
        return self._glossary

    def glossary_entries(self) -> list[GlossaryEntry]:
        if self._glossary_entries is None:
            try:
                self._glossary_entries = self.glossary().entries()
            except CxError as error:
                self.notify_error(str(error))
                self._glossary_entries = []
        return self._glossary_entries

    def _show_glossary_hits(self, source: str) -> None:
        hits = find_hits(source, self.glossary_entries())
        self.glossary_panel.show_hits(hits)
        self._highlighters[0].set_term_spans([(hit.start, hit.end) for hit in hits])

    def add_glossary_term(self) -> None:
        """Ctrl+Shift+G: a new term, prefilled from the words selected in the editors."""
        source = self.source_edit.textCursor().selectedText().strip()
        target = self.target_edit.textCursor().selectedText().strip()
        entry = self.edit_term(source, target)
        if entry is None:
            return
        try:
            self.glossary().add([entry])
        except CxError as error:
            self.notify_error(str(error))
            return
        self._glossary_entries = None
        self._show_glossary_hits(self.source_edit.toPlainText())
        self.statusBar().showMessage(_("Added {term} to the glossary").format(term=entry.source))

    def _edit_term(self, source: str, target: str) -> GlossaryEntry | None:
        dialog = TermDialog(source, target, self)
        if dialog.exec() != TermDialog.DialogCode.Accepted:
            return None
        return dialog.entry()

    def propose_glossary_terms(self, *, only_if_any: bool = False) -> None:
        """The article's hashtags, handles and recurring names as do-not-translate
        proposals; the user accepts or dismisses each (dismissed ones are not asked again)."""
        if self.project is None:
            return
        try:
            glossary = self.glossary()
            known = {entry.source for entry in self.glossary_entries()} | glossary.dismissed()
        except CxError as error:
            self.notify_error(str(error))
            return
        proposals = propose_terms(self._article_snapshot()[0], known)
        if not proposals:
            if not only_if_any:
                self.statusBar().showMessage(_("No new glossary terms to propose."), 5000)
            return
        decision = self.choose_proposals(proposals)
        if decision is None:
            return
        accepted, dismissed = decision
        try:
            glossary.add(accepted)
            for entry in dismissed:
                glossary.dismiss_proposal(entry.source)
        except CxError as error:
            self.notify_error(str(error))
            return
        self._glossary_entries = None
        self._show_glossary_hits(self.source_edit.toPlainText())
        self.statusBar().showMessage(
            _("Added {n} terms to the glossary").format(n=len(accepted)), 5000
        )

    def _choose_proposals(
        self, proposals: list[GlossaryEntry]
    ) -> tuple[list[GlossaryEntry], list[GlossaryEntry]] | None:
        dialog = ProposalsDialog(proposals, self)
        if dialog.exec() != ProposalsDialog.DialogCode.Accepted:
            return None
        return dialog.decision()

    def insert_text_at_cursor(self, text: str) -> None:
        if not self.target_edit.isReadOnly() and self.current_id is not None:
            self.target_edit.textCursor().insertText(text)
            self.target_edit.setFocus()

    # -- machine translation and inserting suggestions ---------------------------------

    def suggest_mt(self) -> Task | None:
        """Ctrl+M: every engine chosen in Settings translates the current segment
        (tokens protected, the project's MT cache first); each answer, or why there is
        none, is a row of its own in the suggestions, unconfirmed."""
        from cxeditor.gui.engine_choice import build_engine  # noqa: PLC0415 - loads requests
        from cxeditor.mt.runner import suggest_each  # noqa: PLC0415
        from cxeditor.qa.candidates import CandidateQa  # noqa: PLC0415

        if self.project is None or self.current_id is None:
            return None
        number = self.model.row_number_of(self.current_id)
        if number is None or not self.model.row(number).source.strip():
            return None
        meta = self._project_meta()
        entries = self.glossary_entries()
        names = self.settings.chosen_engines()
        if not names:
            self.notify_error(_("No machine translation engine is chosen in Settings."))
            return None
        engines: list[Engine] = []
        # An engine that cannot be built (no key, a bad address) keeps its row, saying why.
        slots: list[Engine | MtEntry] = []
        for name in names:
            try:
                engine = build_engine(
                    self.settings,
                    name,
                    formality=meta.mt_formality or "default",
                    papago_glossary=meta.mt_papago_glossary,
                    glossary=entries,
                    context=meta.title,
                )
            except CxError as error:
                slots.append(MtEntry("", name, [], cached=False, error=str(error)))
            else:
                engines.append(engine)
                slots.append(engine)
        unusable = [slot for slot in slots if isinstance(slot, MtEntry)]
        if not engines:
            self.notify_error("\n".join(str(entry.error) for entry in unusable))
            return None
        segment_id, source = self.current_id, self.model.row(number).source
        terms = [entry.source for entry in entries if entry.dnt]
        companion = self.project.companion

        def job(
            progress: ProgressCallback, cancel: CancelFlag
        ) -> list[tuple[MtSuggestion | str, list[str]]]:
            worker_project = companion()  # connects here, never on the window's thread
            try:
                results = suggest_each(
                    engines,
                    source,
                    project=worker_project,
                    source_lang=meta.source_lang,
                    target_lang=meta.target_lang,
                    terms=terms,
                    cancel=cancel,
                )
                # Each engine's translation checked by QA in the segment's place before
                # the editor sees it, as pre-translation judges competing engines.
                check = CandidateQa(worker_project.load_article(), glossary=entries)
                return [
                    (
                        result,
                        []
                        if isinstance(result, str)
                        else [f.message for f in check.findings({segment_id: result.text})],
                    )
                    for result in results
                ]
            finally:
                worker_project.close()

        def done(results: list[tuple[MtSuggestion | str, list[str]]]) -> None:
            if self.current_id == segment_id:  # the user may have moved on
                answers = iter(results)
                rows = [
                    slot if isinstance(slot, MtEntry) else _row(slot, *next(answers))
                    for slot in slots
                ]
                self.suggestions_panel.show_mt(segment_id, rows)
                self.docks["suggestions"].raise_()
            if all(isinstance(result, str) for result, _qa in results):
                failures = [str(result) for result, _qa in results]
                self.notify_error("\n".join([*failures, *(str(e.error) for e in unusable)]))
            self.jobFinished.emit("mt")

        asked = ", ".join(engine.label for engine in engines)
        self.statusBar().showMessage(_("Asking {engine}…").format(engine=asked), 5000)
        return self.tasks.run("mt", job, on_done=done, on_error=self._job_failed("mt"))

    def insert_suggestion(self, number: int) -> None:
        """Ctrl+1…5: put suggestion N into the target editor (still to be confirmed)."""
        matches = self.suggestions_panel.matches
        if 1 <= number <= len(matches) and not self.target_edit.isReadOnly():
            cursor = self.target_edit.textCursor()
            cursor.select(cursor.SelectionType.Document)
            cursor.insertText(matches[number - 1].target)  # one undoable typing step
