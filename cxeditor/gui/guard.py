"""Refuse to start on a Qt binding that loses references to None.

PySide6 6.12.0 on Python 3.11 drops one reference to None on every
QListWidget.addItem / QComboBox.addItem (measured: -496 per 500 calls; 6.11.3: +3), and
after a few hundred segment moves the interpreter aborts with "none_dealloc". The
dependency pin keeps that release out, but a user's environment may have it anyway:
a short probe at start-up says so in one line instead of crashing mid-edit. Python
3.12+ makes None immortal, which hides the bug there, so nothing is probed.
"""

from __future__ import annotations

import sys

from PySide6 import __version__ as pyside_version
from PySide6.QtWidgets import QComboBox, QListWidget

from cxeditor.i18n import _

PROBE_CALLS = 100  # each leaks one reference on a broken binding: -200 in all
# The references the probe itself cost on a broken binding, given back so that the
# interpreter can still exit cleanly after refusing to start.
_restored: list[None] = []


def none_refcount_drift(calls: int = PROBE_CALLS) -> int:
    """How far None's reference count moves across `calls` additions to a list and a
    combo box (needs a QApplication); 0 where None is immortal."""
    if sys.version_info >= (3, 12):
        return 0
    combo = QComboBox()
    items = QListWidget()
    before = sys.getrefcount(None)
    for number in range(calls):
        combo.addItem(str(number))
        items.addItem(str(number))
    drift = sys.getrefcount(None) - before
    combo.deleteLater()
    items.deleteLater()
    if drift < 0:
        _restored.extend([None] * -drift)
    return drift


def leaking_binding_message() -> str | None:
    """One clear line when this PySide6 leaks references to None, else None."""
    if none_refcount_drift() > -PROBE_CALLS:  # a healthy binding moves by a few at most
        return None
    return _(
        "PySide6 {version} on Python {python} loses references to None and would crash "
        "the editor; install an earlier release: pip install 'PySide6-Essentials<6.12'"
    ).format(version=pyside_version, python=f"{sys.version_info[0]}.{sys.version_info[1]}")
