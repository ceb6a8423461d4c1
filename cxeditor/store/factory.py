"""The one place that opens a project: a .cxproj file, or a shared project on the team
server named by its `postgresql://USER@HOST/DATABASE/NAME` URL."""

from __future__ import annotations

from pathlib import Path

from cxeditor.store.project import Project
from cxeditor.store.urls import is_server_url


def project_ref(text: str) -> Path | str:
    """A PROJECT argument: a URL stays text (a Path would fold its `//`)."""
    return text if is_server_url(text) else Path(text)


def is_shared(ref: Path | str) -> bool:
    return is_server_url(str(ref)) and not isinstance(ref, Path)


def open_project(ref: Path | str, *, readonly: bool = False, who: str | None = None) -> Project:
    if isinstance(ref, str) and is_server_url(ref):
        from cxeditor.store.shared import SharedProject  # noqa: PLC0415 - psycopg loads lazily

        return SharedProject.open(ref, readonly=readonly)
    return Project.open(ref, readonly=readonly, who=who)
