"""Argument helpers shared by the commands."""

from __future__ import annotations

import argparse
from pathlib import Path

from cxeditor.store import Project
from cxeditor.store.factory import open_project, project_ref


def add_project_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "project",
        type=project_ref,
        metavar="PROJECT",
        help="a .cxproj file or a shared project's URL",
    )


def open_for_reading(path: Path | str) -> Project:
    """Reading works while another process has the project open for writing."""
    return open_project(path, readonly=True)
