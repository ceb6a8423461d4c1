"""Errors a user can act on. Their message is one clear line, shown as is (exit status 2)."""

from __future__ import annotations

import re

# Line breaks and other control characters in a message (often a parser's reason, or a
# name taken from a hostile file) would break the promise of one line, or the terminal.
_BREAKS = re.compile(r"\s*[\r\n\v\f\x85\u2028\u2029]+\s*")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")


def one_line(text: str) -> str:
    """`text` on one line: breaks become spaces, other control characters visible escapes."""
    text = _BREAKS.sub(" ", text.strip())
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text.replace("\t", " "))


class CxError(Exception):
    """Bad input or an impossible request: the message is for the user, no traceback."""

    def __str__(self) -> str:
        return one_line(super().__str__())


class ImportFormatError(CxError):
    """A file is not what its extension says, is empty, undecodable or has no article."""


class ProjectError(CxError):
    """A project file is missing, damaged, too new, or cannot be written."""


class ProjectLockedError(ProjectError):
    """Another cxeditor process has the project open for writing."""


class ProjectNotWritableError(ProjectError):
    """The project cannot be opened for writing here (a read-only file system or folder);
    it can still be opened read-only."""
