"""QA in the window: live (the whole project when it opens, the segment being typed as
typing pauses), findings in the dock, grid and editor, fixes and dismissals."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QBoxLayout, QLabel

from cxeditor.gui.commands import SegmentState
from cxeditor.gui.live_qa import LiveQaController
from cxeditor.gui.qa_dock import SEVERITY_COLOURS
from cxeditor.gui.tasks import Task
from cxeditor.i18n import _
from cxeditor.jobs import CancelFlag, ProgressCallback
from cxeditor.model import Article, Origin, OriginKind
from cxeditor.outbox import DISMISS, Write
from cxeditor.qa.attribution import about_attribution
from cxeditor.qa.base import Severity
from cxeditor.text.utf16 import Utf16Map

if TYPE_CHECKING:
    from cxeditor.qa.base import Finding
from .base import WindowBase

_SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1}
# Re-checking more stored segments than this one by one costs about a whole QA run.
RECHECK_ONE_BY_ONE_UP_TO = 200


class QaPart(WindowBase):
    live_qa: LiveQaController
    attribution_label: QLabel
    _stored_changes: set[int]
    _recheck_timer: QTimer

    def _build_live_qa(self) -> None:
        # Findings about a tweet's attribution, under the segment's heading.
        self.attribution_label = QLabel()
        self.attribution_label.setObjectName("attribution-findings")
        self.attribution_label.setTextFormat(Qt.TextFormat.RichText)
        self.attribution_label.setWordWrap(True)
        self.attribution_label.hide()
        heading = self.segment_label
        parent = heading.parentWidget()
        pane = parent.layout() if parent is not None else None
        assert isinstance(pane, QBoxLayout)
        pane.insertWidget(pane.indexOf(heading) + 1, self.attribution_label)
        self.live_qa = LiveQaController(self.tasks, self)
        self.live_qa.segmentChecked.connect(self._on_segment_checked)
        self.qa_panel.set_order(self.live_qa.order)
        self.qa_panel.model.number_of = self._segment_number
        self.qa_panel.dismissAllRequested.connect(self.dismiss_all_of_kind)
        self.target_edit.textChanged.connect(self._on_target_edited)
        # After the editor loaded the new segment (connected after the window's own slot).
        self.view.selectionModel().currentRowChanged.connect(self._check_loaded_segment)
        self.projectOpened.connect(lambda _path: self.run_qa_job(quiet=True))
        # Stored targets changed (a confirm, a replace, an undo of many): re-checked
        # together once the change is done.
        self._stored_changes = set()
        self._recheck_timer = QTimer(self)
        self._recheck_timer.setSingleShot(True)
        self._recheck_timer.setInterval(0)
        self._recheck_timer.timeout.connect(self._recheck_stored)

    def _segment_number(self, segment_id: int) -> int | None:
        number = self.model.row_number_of(segment_id)
        return self.model.row(number).number if number is not None else None

    def run_qa_job(self, *, quiet: bool = False) -> Task | None:
        """QA over the whole project in a worker (on open: quietly, without raising the
        dock); the segment being edited is re-checked with its typed text after."""
        if self.project is None:
            return None
        article, dismissed = self._article_snapshot()  # plain data for the worker

        def done(findings: list[Finding]) -> None:
            self.show_findings(findings)
            self._check_loaded_segment()
            if not quiet:  # the run on open is awaited through live_qa.loaded
                self.docks["qa"].raise_()
                self.statusBar().showMessage(_("QA: {n} findings").format(n=len(findings)), 5000)
                self.jobFinished.emit("qa")

        return self.live_qa.run_project(
            article,
            dismissed=dismissed,
            glossary=self.glossary_entries(),
            on_done=done,
            on_error=self._job_failed("qa"),
            on_cancel=self._job_cancelled("qa"),
        )

    def _qa_job(
        self, article: Article, dismissed: set[tuple[int, str, str]]
    ) -> Callable[[ProgressCallback, CancelFlag], list[Finding]]:
        """QA as the CLI runs it: the user's glossary and the name policy included."""
        from cxeditor.qa.runner import run_qa  # noqa: PLC0415 - keeps start-up lean

        glossary = self.glossary_entries()

        def job(progress: ProgressCallback, cancel: CancelFlag) -> list[Finding]:
            return run_qa(  # the name policy is the project's (article.meta)
                article,
                dismissed=dismissed,
                glossary=glossary,
                progress=progress,
                cancel=cancel,
            )

        return job

    def qa_state(self) -> dict[str, object]:
        """The dock's filters and findings, carried across a rebuild of the window."""
        return {"filters": self.qa_panel.state(), "findings": list(self.qa_panel.findings())}

    def restore_qa_state(self, state: dict[str, object]) -> None:
        """Findings shown at once (the run on open then replaces them, in the new
        interface language), the filters as they were."""
        filters = state.get("filters")
        if isinstance(filters, dict):
            self.qa_panel.restore_state(filters)
        findings = state.get("findings")
        if self.live_qa.live is None and isinstance(findings, list):
            self.show_findings(findings)

    def qa_after_job(self) -> None:
        """A job changed targets in bulk (pre-translate, review import): QA the whole
        project again, quietly, as on open."""
        self._stored_changes.clear()
        self.run_qa_job(quiet=True)

    def _target_stored(self, segment_id: int) -> None:
        self._stored_changes.add(segment_id)
        self._recheck_timer.start()

    def _recheck_stored(self) -> None:
        changed, self._stored_changes = self._stored_changes, set()
        if len(changed) > RECHECK_ONE_BY_ONE_UP_TO:
            self.run_qa_job(quiet=True)
            return
        for segment_id in changed:
            number = self.model.row_number_of(segment_id)
            if number is None:
                continue
            text = self.model.row(number).target
            if segment_id == self.current_id and self.target_edit.toPlainText() != text:
                text = self.target_edit.toPlainText()  # what the editor holds wins
            self.live_qa.check_now(segment_id, text)

    # -- live: the segment being typed ------------------------------------------------

    def _on_target_edited(self) -> None:
        if not self._loading_editor and self.current_id is not None:
            self.live_qa.edited(self.current_id, self.target_edit.toPlainText())
            self._underline_findings()  # hides spans that no longer index the text

    def _check_loaded_segment(self, *_args: object) -> None:
        """A pending edit of the segment left is checked; the one loaded is checked if
        the editor holds other text than its findings index (a recovered edit)."""
        self.live_qa.flush()
        if self.current_id is not None:
            self.live_qa.check_now(self.current_id, self.target_edit.toPlainText())
        self._underline_findings()

    def _on_segment_checked(self, segment_id: int) -> None:
        findings = self.live_qa.segment_findings(segment_id)
        had_error = segment_id in self._error_segments
        if findings:
            self._findings_by_segment[segment_id] = findings
        else:
            self._findings_by_segment.pop(segment_id, None)
        if _has_error(findings):
            self._error_segments.add(segment_id)
        else:
            self._error_segments.discard(segment_id)
        self.qa_panel.replace_segment(segment_id, findings)
        self.model.set_qa_of(segment_id, _badge(findings))
        if segment_id == self.current_id:
            self._underline_findings()
        if _has_error(findings) != had_error:  # the summary counts segments with errors
            self._update_summary()

    # -- showing -------------------------------------------------------------------------

    def show_findings(self, findings: list[Finding]) -> None:
        """Findings in the QA panel, as badges in the grid, and underlined in the editor;
        the segments they make suspect of a drifted meaning, ranked, in Second look."""
        from cxeditor.qa.second_look import rank_segments  # noqa: PLC0415 - start-up

        self.qa_panel.load(findings)
        rows = [row for row in self.model.rows() if row.source.strip() or row.target.strip()]
        self.second_look_panel.load(
            rank_segments(findings, len(rows)),
            {row.segment_id: row.source for row in rows},
            len(rows),
        )
        by_segment: dict[int, list[Finding]] = {}
        for finding in findings:
            by_segment.setdefault(finding.segment, []).append(finding)
        self._findings_by_segment = by_segment
        self._error_segments = {s for s, items in by_segment.items() if _has_error(items)}
        self.model.set_qa(
            {segment: badge for segment, items in by_segment.items() if (badge := _badge(items))}
        )
        self._underline_findings()
        self._update_summary()

    def next_second_look(self) -> None:
        """Ctrl+F8: the next segment of the second-look ranking (QA must have run)."""
        segment_id = self.second_look_panel.next_segment()
        if segment_id is None:
            if self.live_qa.live is None:  # QA has not run (or not finished) on this project
                message = _("No segment to look at again: run QA (F7).")
            else:
                message = _("QA found no segment whose meaning may have drifted.")
            self.statusBar().showMessage(message, 5000)
            return
        self.docks["second_look"].raise_()
        self.select_segment(segment_id)

    def _underline_findings(self) -> None:
        segment_id = self.current_id
        number = self.current_row()
        text = self.target_edit.toPlainText()
        findings = self._findings_by_segment.get(segment_id or -1, [])
        checked = self.live_qa.checked_text(segment_id) if segment_id is not None else None
        if checked is None and number is not None:
            checked = self.model.row(number).target
        # Spans index the text QA last saw: shown only while the editor still holds it.
        if number is None or text != checked:
            findings = []
        in_tweet = number is not None and bool(self.model.row(number).attribution)
        self._highlighters[1].set_qa_spans(
            [
                (f.start, f.end, f.severity.value, f.message)
                for f in findings
                if not about_attribution(f, in_tweet)
            ]
        )
        self._show_attribution_findings([f for f in findings if about_attribution(f, in_tweet)])

    def _show_attribution_findings(self, findings: list[Finding]) -> None:
        """A finding about the tweet's author (name, handle) is shown under the segment's
        heading, on the attribution it is about, not on the target's first letter."""
        label = self.attribution_label
        number = self.current_row()
        attribution = self.model.row(number).attribution if number is not None else ""
        if not findings or not attribution:
            label.hide()
            label.clear()
            return
        worst = max((f.severity.value for f in findings), key=_SEVERITY_RANK.__getitem__)
        colour = SEVERITY_COLOURS[Severity(worst)]
        messages = "<br>".join(html.escape(f.message) for f in findings)
        label.setText(
            f'<span style="color:{colour}; text-decoration: underline">'
            f"{html.escape(attribution)}</span><br>{messages}"
        )
        label.setToolTip("\n".join(f.message for f in findings))
        label.show()

    # -- acting --------------------------------------------------------------------------

    def apply_fix(self, finding: Finding) -> None:
        """Apply one QA fix as an undoable edit: to the stored target, or in the editor
        when the finding indexes unconfirmed text being typed there."""
        number = self.model.row_number_of(finding.segment)
        if number is None or finding.fix is None:
            return
        row = self.model.row(number)
        if finding.segment == self.current_id and not self.target_edit.isReadOnly():
            text = self.target_edit.toPlainText()
            if (
                text != row.target
                and text == self.live_qa.checked_text(finding.segment)
                and text[finding.start : finding.end] == finding.text
            ):
                positions = Utf16Map(text)
                cursor = self.target_edit.textCursor()  # typing undo keeps it
                cursor.setPosition(positions.to_utf16(finding.start))
                cursor.setPosition(positions.to_utf16(finding.end), cursor.MoveMode.KeepAnchor)
                cursor.insertText(finding.fix)
                self.live_qa.flush()
                return
        if row.target[finding.start : finding.end] != finding.text:
            self.notify_error(_("The segment changed since QA ran; run QA again."))
            return
        fixed = row.target[: finding.start] + finding.fix + row.target[finding.end :]
        self._push(
            finding.segment,
            SegmentState(fixed, row.status, Origin(OriginKind.QA)),
            _("QA fix in segment {n}").format(n=row.number),
        )
        self.live_qa.check_now(finding.segment, fixed)

    def dismiss_finding(self, finding: Finding) -> None:
        self._dismiss([finding])

    def dismiss_all_of_kind(self, check_id: str) -> None:
        """Every finding of one check in the project, dismissed in one step (asked first)."""
        chosen = [f for f in self.qa_panel.findings() if f.check == check_id]
        if not chosen or self._writable() is None:
            return
        from cxeditor.gui.qa_dock import check_name  # noqa: PLC0415

        if self.ask(
            _("Dismiss all of this kind"),
            _("Dismiss all {n} findings of “{check}”? Later QA runs keep them dismissed.").format(
                n=len(chosen), check=check_name(check_id)
            ),
        ):
            self._dismiss(chosen)

    def _dismiss(self, findings: list[Finding]) -> None:
        project = self._writable()
        if project is None:
            return
        keys = {f.key for f in findings}
        if self._sender is not None:  # a shared project: sent in order, never waited on
            for segment_id, check, text in sorted(keys):
                self._send_write(Write(DISMISS, segment_id, text=text, check=check))
            self._shared_dismissed |= keys
        else:
            project.dismiss_findings(keys)
        self.live_qa.dismiss(keys)
        self.show_findings([f for f in self.qa_panel.findings() if f.key not in keys])


def _has_error(findings: list[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)


def _badge(findings: list[Finding]) -> tuple[int, str] | None:
    """The grid's QA badge of a segment: how many findings, and the worst severity."""
    if not findings:
        return None
    return len(findings), max((f.severity.value for f in findings), key=_SEVERITY_RANK.__getitem__)
