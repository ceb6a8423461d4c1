"""The team server: connecting to PostgreSQL and keeping its schema current.

A server is named by a `postgresql://user@host:port/database` URL (libpq's own syntax,
so `?sslmode=…`, `?service=…` and the PG* environment work as in psql). The password
never travels in the URL or our settings: libpq reads PGPASSWORD, `~/.pgpass` and the
service file itself, and when it asks for one we try the keyring
(service `cxeditor-server`, user `USER@HOST:PORT`).

Each component (memory, glossary, projects) keeps its schema version in one table and
migrates like the project file: small functions taking version N-1 to N in one
transaction, under an advisory lock so two editors starting at once do not race.
"""

from __future__ import annotations

import getpass
import logging
import re
from collections.abc import Callable, Sequence
from typing import Any

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from cxeditor.errors import CxError
from cxeditor.i18n import _
from cxeditor.store.urls import is_server_url

log = logging.getLogger(__name__)

KEYRING_SERVICE = "cxeditor-server"
_CONNECT_TIMEOUT = "5"  # seconds; a server that does not answer must not freeze the editor
_LOCK_KEY = 0x43584544  # "CXED": the advisory lock taken while migrating

Migration = Callable[[psycopg.Connection[Any]], None]


class ServerError(CxError):
    """A wrong server address, a refused login or a schema this cxeditor cannot use."""


class ServerUnavailableError(ServerError):
    """The server cannot be reached (now): work goes on locally and is sent later."""


_USERINFO_SECRET = re.compile(r"(//[^/@:]*):[^/@]*@")


def redacted(url: str) -> str:
    """The URL as typed, less any password in it (for messages)."""
    return _USERINFO_SECRET.sub(r"\1:***@", url)


def parse_url(url: str) -> dict[str, str]:
    """libpq's parameters of a server URL; a clear error for a bad one or one holding a
    password."""
    if not is_server_url(url):
        raise ServerError(
            _("{url} is not a server address (postgresql://USER@HOST:PORT/DATABASE)").format(
                url=redacted(url)
            )
        )
    try:
        params = conninfo_to_dict(url)
    except psycopg.ProgrammingError as error:
        raise ServerError(
            _("{url} is not a valid server address ({reason})").format(
                url=redacted(url), reason=str(error).strip().splitlines()[0]
            )
        ) from None
    port = str(params.get("port", ""))
    if port and not all(part.isdigit() for part in port.split(",")):
        raise ServerError(
            _("{url} is not a valid server address (the port {port} is not a number)").format(
                url=redacted(url), port=port
            )
        )
    if "password" in params:
        # Said without echoing the URL: it holds the secret.
        raise ServerError(
            _(
                "the server address holds a password: remove it and set PGPASSWORD, "
                "the keyring entry {service} or ~/.pgpass instead"
            ).format(service=KEYRING_SERVICE)
        )
    return {key: str(value) for key, value in params.items()}


def display_name(url: str) -> str:
    """The address as shown to the user: user@host:port/database (never a secret)."""
    params = parse_url(url)
    user = params.get("user") or getpass.getuser()
    host = params.get("host") or "localhost"
    where = f"{host}:{params['port']}" if params.get("port") else host
    return f"{user}@{where}/{params.get('dbname', user)}"


def _keyring_password(params: dict[str, str]) -> str | None:
    account = "{user}@{host}:{port}".format(
        user=params.get("user") or getpass.getuser(),
        host=params.get("host") or "localhost",
        port=params.get("port") or "5432",
    )
    try:
        import keyring  # noqa: PLC0415 - slow to import, and only needed here

        return keyring.get_password(KEYRING_SERVICE, account)
    except Exception:  # noqa: BLE001 - no backend on a headless machine is normal
        log.info("no keyring password for %s", account)
        return None


def _first_line(error: BaseException) -> str:
    # The last line that says something: PostgreSQL follows an SQL error with the
    # statement (`LINE 1: …`) and a caret under the spot.
    lines = [
        line.strip()
        for line in str(error).splitlines()
        if line.strip() and not line.strip().startswith(("LINE ", "^"))
    ]
    return lines[-1] if lines else type(error).__name__


def connect(url: str, *, autocommit: bool = True) -> psycopg.Connection[Any]:
    """A connection to the server, or a one-line ServerError (ServerUnavailableError when the
    server cannot be reached, so callers can go on offline)."""
    params = parse_url(url)
    params.setdefault("connect_timeout", _CONNECT_TIMEOUT)
    params.setdefault("application_name", "cxeditor")
    conninfo = make_conninfo(**params)
    try:
        return psycopg.connect(conninfo, autocommit=autocommit)
    except psycopg.OperationalError as error:
        message = str(error)
        if "no password supplied" in message:
            password = _keyring_password(params)
            if password is not None:
                try:
                    return psycopg.connect(conninfo, password=password, autocommit=autocommit)
                except psycopg.OperationalError as second:
                    error, message = second, str(second)
        raise _classify(url, error, message) from None


def _classify(url: str, error: BaseException, message: str) -> ServerError:
    where = display_name(url)
    if "password authentication failed" in message or "no password supplied" in message:
        return ServerError(
            _(
                "the server {server} refused the login (set PGPASSWORD, the keyring entry "
                "{service} or ~/.pgpass)"
            ).format(server=where, service=KEYRING_SERVICE)
        )
    if "does not exist" in message or "SSL" in message or "ssl" in message:
        # A missing database or role, or an sslmode the server cannot satisfy: the
        # address is wrong, retrying later will not help.
        return ServerError(
            _("the server {server} cannot be used: {reason}").format(
                server=where, reason=_first_line(error)
            )
        )
    return ServerUnavailableError(
        _("the server {server} cannot be reached: {reason}").format(
            server=where, reason=_first_line(error)
        )
    )


def is_connection_lost(error: BaseException) -> bool:
    """A connection that broke mid-session (server gone, network down)."""
    return isinstance(error, psycopg.OperationalError | psycopg.InterfaceError)


def refused(url: str, error: BaseException) -> ServerError:
    return ServerError(
        _("the server {server} refused: {reason}").format(
            server=display_name(url), reason=_first_line(error)
        )
    )


def lost(url: str, error: BaseException) -> ServerUnavailableError:
    return ServerUnavailableError(
        _("the server {server} went away: {reason}").format(
            server=display_name(url), reason=_first_line(error)
        )
    )


def _stored_version(connection: psycopg.Connection[Any], component: str) -> int:
    if connection.execute("SELECT to_regclass('cxeditor_schema')").fetchone() == (None,):
        return 0
    row = connection.execute(
        "SELECT version FROM cxeditor_schema WHERE component = %s", (component,)
    ).fetchone()
    return int(row[0]) if row else 0


TEAM_ROLES = ("cxeditor_editor", "cxeditor_reviewer", "cxeditor_publisher")


def ensure_team_roles(connection: psycopg.Connection[Any]) -> None:
    """The three group roles a team's logins are granted (cluster-wide, made once)."""
    connection.execute(
        """
        DO $$
        DECLARE
            name text;
        BEGIN
            FOREACH name IN ARRAY ARRAY['cxeditor_editor', 'cxeditor_reviewer',
                                        'cxeditor_publisher']
            LOOP
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = name) THEN
                    EXECUTE format('CREATE ROLE %I NOLOGIN', name);
                END IF;
            END LOOP;
        END $$"""
    )


def _refuse_newer(component: str, version: int, newest: int) -> None:
    if version > newest:
        raise ServerError(
            _(
                "the server's {component} was written by a newer cxeditor (schema "
                "{version}; this one knows {newest}): update cxeditor"
            ).format(component=component, version=version, newest=newest)
        )


def ensure_schema(
    connection: psycopg.Connection[Any], component: str, migrations: Sequence[Migration]
) -> int:
    """Bring `component`'s tables to the newest version this cxeditor knows; refuse a
    schema written by a newer one. Returns the version."""
    newest = len(migrations)
    version = _stored_version(connection, component)
    _refuse_newer(component, version, newest)
    if version == newest:  # the usual case: no lock, and no privilege to create needed
        return newest
    try:
        with connection.transaction():
            connection.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
            connection.execute(
                "CREATE TABLE IF NOT EXISTS cxeditor_schema ("
                " component text PRIMARY KEY, version integer NOT NULL)"
            )
            # Every user reads the versions (to refuse a newer schema); only the owner
            # migrates.
            connection.execute("GRANT SELECT ON cxeditor_schema TO PUBLIC")
            version = _stored_version(connection, component)  # another may have migrated
            _refuse_newer(component, version, newest)
            for number in range(version, newest):
                migrations[number](connection)
            connection.execute(
                "INSERT INTO cxeditor_schema VALUES (%s, %s) "
                "ON CONFLICT (component) DO UPDATE SET version = excluded.version",
                (component, newest),
            )
    except psycopg.errors.InsufficientPrivilege as error:
        raise ServerError(
            _(
                "the server's {component} needs setting up by the database's owner "
                "(connect once as the owner): {reason}"
            ).format(component=component, reason=_first_line(error))
        ) from None
    return newest


def identifier(name: str) -> sql.Identifier:
    return sql.Identifier(name)
