"""Argument helpers shared by the commands."""

from __future__ import annotations

import argparse
from pathlib import Path

from cxeditor.store import Project


def add_project_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", type=Path, metavar="PROJECT", help="a .cxproj file")


def open_for_reading(path: Path) -> Project:
    """Reading works while another process has the project open for writing."""
    return Project.open(path, readonly=True)
