"""File dialogs whose every label is in the interface language.

Qt's own Korean catalog leaves some of its file dialog's labels ("Look in:", "Files of
type:") in English, so the window names them itself. On a desktop with a native dialog
the desktop's own (localized) dialog is used and these labels do not apply.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from cxeditor.i18n import _


def _dialog(parent: QWidget | None, title: str, name_filter: str) -> QFileDialog:
    dialog = QFileDialog(parent, title, "", name_filter)
    for label, text in (
        (QFileDialog.DialogLabel.LookIn, _("Look in:")),
        (QFileDialog.DialogLabel.FileName, _("File name:")),
        (QFileDialog.DialogLabel.FileType, _("Files of type:")),
    ):
        dialog.setLabelText(label, text)
    return dialog


def open_file_name(parent: QWidget | None, title: str, name_filter: str) -> str:
    """The file the user chose to open ("" when cancelled)."""
    dialog = _dialog(parent, title, name_filter)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return _chosen(dialog)


def save_file_name(
    parent: QWidget | None, title: str, suggested: str, name_filter: str = ""
) -> str:
    """Where the user chose to save ("" when cancelled); an existing file is asked about."""
    dialog = _dialog(parent, title, name_filter or _("All files (*)"))
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    if suggested:
        dialog.setDirectory(str(Path(suggested).parent))
        dialog.selectFile(Path(suggested).name)
    return _chosen(dialog)


def _chosen(dialog: QFileDialog) -> str:
    try:
        accepted = dialog.exec() == QFileDialog.DialogCode.Accepted
        files = dialog.selectedFiles()
        return files[0] if accepted and files else ""
    finally:
        dialog.deleteLater()
