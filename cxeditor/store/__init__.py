"""The project file (SQLite): see project.py."""

from cxeditor.store.project import (
    PROJECT_SUFFIX,
    Project,
    ProjectStats,
    SegmentChange,
)

__all__ = ["PROJECT_SUFFIX", "Project", "ProjectStats", "SegmentChange"]
