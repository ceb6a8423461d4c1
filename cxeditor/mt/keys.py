"""API keys: from an environment variable or the OS keyring, never from files or logs."""

from __future__ import annotations

import os

from cxeditor.errors import CxError
from cxeditor.i18n import _

KEYRING_SERVICE = "cxeditor"


def default_env_var(engine: str) -> str:
    return f"CXEDITOR_{engine.upper().replace('-', '_')}_API_KEY"


def api_key_for(engine: str, env_var: str | None = None) -> str | None:
    """The key from `env_var` (or CXEDITOR_<ENGINE>_API_KEY), else from the keyring."""
    if env_var:
        value = os.environ.get(env_var)
        if not value:
            raise CxError(_("the environment variable {var} is not set").format(var=env_var))
        return value
    value = os.environ.get(default_env_var(engine))
    if value:
        return value
    try:
        import keyring  # noqa: PLC0415 - optional at run time
        from keyring.errors import KeyringError  # noqa: PLC0415
    except ImportError:
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, engine)
    except (KeyringError, RuntimeError):
        return None  # a headless machine may have no keyring backend: env vars still work


def store_api_key(engine: str, key: str) -> None:
    """Save a key in the OS keyring (the GUI's settings use this)."""
    import keyring  # noqa: PLC0415
    from keyring.errors import KeyringError  # noqa: PLC0415

    try:
        keyring.set_password(KEYRING_SERVICE, engine, key)
    except (KeyringError, RuntimeError) as error:
        raise CxError(
            _("no system keyring is available to store the key; set {var} instead").format(
                var=default_env_var(engine)
            )
        ) from error
