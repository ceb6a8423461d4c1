"""The reviewer's work: approve, reject with a comment, sign off, import a reviewed
file, and the comments and history dock."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from cxeditor.clock import now_iso
from cxeditor.errors import CxError
from cxeditor.gui.commands import SegmentState
from cxeditor.gui.file_dialogs import open_file_name
from cxeditor.gui.tasks import Task
from cxeditor.i18n import _
from cxeditor.jobs import CancelFlag, ProgressCallback, wait_for_queued
from cxeditor.model import Status
from cxeditor.outbox import META, Write
from cxeditor.tm.combined import feed_user_memory

if TYPE_CHECKING:
    from cxeditor.formats.review_docx import ReviewImportResult
    from cxeditor.qa.base import Finding
from .base import WindowBase


class ReviewPart(WindowBase):
    def approve_current(self) -> None:
        row_number = self.current_row()
        if row_number is None or self.current_id is None:
            return
        row = self.model.row(row_number)
        if not row.target.strip():
            self.notify_error(_("An empty translation cannot be approved."))
            return
        if not self._push(
            self.current_id,
            SegmentState(row.target, Status.APPROVED, row.origin),
            _("Approve segment {n}").format(n=row.number),
        ):
            return
        following = self._next_row_with(row_number, {Status.TRANSLATED, Status.DRAFT})
        if following is not None:
            self.select_row(following)

    def reject_current(self) -> None:
        row_number = self.current_row()
        if row_number is None or self.current_id is None:
            return
        row = self.model.row(row_number)
        comment = self.ask_text(_("Reject segment"), _("Why is this translation rejected?"))
        if comment is None:
            return
        if not comment.strip():
            self.notify_error(_("A rejection needs a comment."))
            return
        self._push(
            self.current_id,
            SegmentState(row.target, Status.REJECTED, row.origin),
            _("Reject segment {n}").format(n=row.number),
            comment=comment.strip(),
        )

    def _next_row_with(self, after: int, statuses: set[Status]) -> int | None:
        for row in self._visible_rows_after(after):
            if self.model.row(row).status in statuses:
                return row
        return None

    def sign_off(self) -> Task | None:
        """The reviewer's sign-off: every segment approved and QA without errors."""
        project = self._writable()
        if project is None:
            return None
        pending = [row.number for row in self.model.rows() if row.status is not Status.APPROVED]
        if pending:
            self.notify_error(
                _("{n} segments are not approved yet (first: #{first}).").format(
                    n=len(pending), first=pending[0]
                )
            )
            return None
        article, dismissed = self._article_snapshot()  # plain data, no server read
        job = self._qa_job(article, dismissed)

        def done(findings: list[Finding]) -> None:
            self.show_findings(findings)
            errors = [f for f in findings if f.severity.value == "error"]
            if errors:
                self.notify_error(
                    _("QA still reports {n} errors; the review cannot be signed off.").format(
                        n=len(errors)
                    )
                )
            elif self.project is not None:
                signed = {"signed_off_by": self.settings.user_name(), "signed_off_at": now_iso()}
                if self._sender is not None:
                    # A shared project: after the approvals queued, never waited on;
                    # "signed off" (and jobFinished) when the server took it.
                    self._send_write(Write(META, 0, meta=tuple(signed.items())))
                    self.statusBar().showMessage(_("Signing off (sending to the server)…"))
                    return
                self.project.sign_off(signed["signed_off_by"], signed["signed_off_at"])
                self.statusBar().showMessage(_("Review signed off."), 10_000)
            self.jobFinished.emit("signoff")

        return self.tasks.run("signoff", job, on_done=done, on_error=self._job_failed("signoff"))

    def _show_history(self, segment_id: int | None) -> None:
        if self.project is None or segment_id is None:
            self.history_panel.clear()
            return
        if self._sender is not None:  # a shared project: read by its sender, never waited on
            self._ask_history(segment_id)
            return
        try:
            comments, history = self.project.comments(segment_id), self.project.history(segment_id)
        except CxError:  # a shared project's server gone: told by its feed and its sender
            self.history_panel.clear()
            return
        self.history_panel.show_segment(comments, history)

    def choose_review_file(self) -> None:
        if self._writable() is None:
            return
        name = open_file_name(
            self, _("Import reviewed file"), _("Reviewed files (*.docx *.xlf *.xliff)")
        )
        if name:
            self.import_reviewed(Path(name))

    def import_reviewed(self, path: Path) -> Task | None:
        """A reviewer's bilingual .docx or XLIFF, applied as their edits in a worker (all
        valid rows in one transaction); refused rows are listed; what was confirmed or
        approved feeds the translation memories."""
        # python-docx and translate-toolkit load only when needed (start-up time).
        from cxeditor.formats.review_docx import import_review  # noqa: PLC0415
        from cxeditor.formats.xliff import import_xliff  # noqa: PLC0415

        project = self._writable()
        if project is None:
            return None
        companion = project.companion
        queued = self._wait_for_queued()  # a shared project: confirms made before go first
        who = "reviewer"  # history data, as the CLI records it: not translated

        def job(progress: ProgressCallback, cancel: CancelFlag) -> ReviewImportResult:
            wait_for_queued(queued, progress, cancel)
            worker_project = companion()  # connects here, never on the window's thread
            try:
                # Confirmed segments are queued for the memory in the import's own
                # transaction (fed in done(), or at the next open after a crash).
                with worker_project.feeding_memory(who):
                    if path.suffix.lower() == ".docx":
                        return import_review(worker_project, path, who=who)
                    if path.suffix.lower() in (".xlf", ".xliff"):
                        return import_xliff(worker_project, path, who=who)
                raise CxError(
                    _("{name}: review files are .docx or XLIFF (.xlf, .xliff)").format(
                        name=path.name
                    )
                )
            finally:
                worker_project.close()

        def reloaded() -> None:
            if self.project is None:
                return
            try:
                feed_user_memory(self.project, self.memory())
            except CxError as error:
                self.notify_error(str(error))
            self.qa_after_job()  # the reviewer's edits are new text for QA

        def done(result: ReviewImportResult) -> None:
            if self._sender is not None:  # read after what is queued, shown when it comes
                self._ask_reload(reloaded)
            elif self.project is not None:
                self._reload_rows(self.project.load_article())
                reloaded()
            message = _(
                "Applied {applied} reviewed segments; {unchanged} unchanged; {refused} refused"
            ).format(
                applied=result.applied, unchanged=result.unchanged, refused=len(result.refused)
            )
            if result.refused:
                self.notify_error(message + "\n\n" + "\n".join(result.refused))
            else:
                self.statusBar().showMessage(message, 10_000)
            self.jobFinished.emit("review-import")

        return self.tasks.run(
            "review-import", job, on_done=done, on_error=self._job_failed("review-import")
        )
