"""QA in the window: running it in a worker, findings in the dock, grid and editor,
fixes and dismissals."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from cxeditor.gui.commands import SegmentState
from cxeditor.gui.tasks import Task
from cxeditor.i18n import _
from cxeditor.jobs import CancelFlag, ProgressCallback
from cxeditor.model import Article, Origin, OriginKind

if TYPE_CHECKING:
    from cxeditor.qa.base import Finding
from .base import WindowBase

_SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1}


class QaPart(WindowBase):
    def run_qa_job(self) -> Task | None:
        if self.project is None:
            return None
        article = self.project.load_article()  # plain data for the worker
        dismissed = self.project.dismissed_findings()

        job = self._qa_job(article, dismissed)

        def done(findings: list[Finding]) -> None:
            self.show_findings(findings)
            self.docks["qa"].raise_()
            self.statusBar().showMessage(_("QA: {n} findings").format(n=len(findings)), 5000)
            self.jobFinished.emit("qa")

        return self.tasks.run(
            "qa",
            job,
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

    def show_findings(self, findings: list[Finding]) -> None:
        """Findings in the QA panel, as badges in the grid, and underlined in the editor."""
        self.qa_panel.load(findings)
        by_segment: dict[int, list[Finding]] = {}
        for finding in findings:
            by_segment.setdefault(finding.segment, []).append(finding)
        self._findings_by_segment = by_segment
        self.model.set_qa(
            {
                segment: (
                    len(items),
                    max((f.severity.value for f in items), key=_SEVERITY_RANK.__getitem__),
                )
                for segment, items in by_segment.items()
            }
        )
        self._underline_findings()
        self._update_summary()

    def _underline_findings(self) -> None:
        findings = self._findings_by_segment.get(self.current_id or -1, [])
        number = self.current_row()
        text = self.target_edit.toPlainText()
        # Spans index the stored target: show them only while the editor still holds it.
        if number is None or text != self.model.row(number).target:
            findings = []
        self._highlighters[1].set_qa_spans(
            [(f.start, f.end, f.severity.value, f.message) for f in findings]
        )

    def apply_fix(self, finding: Finding) -> None:
        """Apply one QA fix to the stored target, as an undoable edit."""
        number = self.model.row_number_of(finding.segment)
        if number is None or finding.fix is None:
            return
        row = self.model.row(number)
        if row.target[finding.start : finding.end] != finding.text:
            self.notify_error(_("The segment changed since QA ran; run QA again."))
            return
        fixed = row.target[: finding.start] + finding.fix + row.target[finding.end :]
        self._push(
            finding.segment,
            SegmentState(fixed, row.status, Origin(OriginKind.QA)),
            _("QA fix in segment {n}").format(n=row.number),
        )
        remaining = [f for f in self.qa_panel.findings() if f is not finding]
        self.show_findings(remaining)

    def dismiss_finding(self, finding: Finding) -> None:
        project = self._writable()
        if project is None:
            return
        project.dismiss_finding(finding.segment, finding.check, finding.text)
        self.show_findings([f for f in self.qa_panel.findings() if f is not finding])
