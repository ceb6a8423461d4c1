"""Errors a user can act on. Their message is one clear line, shown as is (exit status 2)."""

from __future__ import annotations


class CxError(Exception):
    """Bad input or an impossible request: the message is for the user, no traceback."""


class ImportFormatError(CxError):
    """A file is not what its extension says, is empty, undecodable or has no article."""


class ProjectError(CxError):
    """A project file is missing, damaged, too new, or cannot be written."""


class ProjectLockedError(ProjectError):
    """Another cxeditor process has the project open for writing."""


class ProjectNotWritableError(ProjectError):
    """The project cannot be opened for writing here (a read-only file system or folder);
    it can still be opened read-only."""
