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
import os
import re
from collections.abc import Callable, Sequence
from typing import Any

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from cxeditor.errors import CxError, one_line
from cxeditor.i18n import _
from cxeditor.store.urls import is_server_url

log = logging.getLogger(__name__)
# psycopg logs a warning of its own ("error ignored terminating <Copy>") when a COPY
# fails under a lost connection: the user gets our one line, not a second one from it.
logging.getLogger("psycopg").addHandler(logging.NullHandler())

KEYRING_SERVICE = "cxeditor-server"
_CONNECT_TIMEOUT = "5"  # seconds; a server that does not answer must not freeze the editor
_LOCK_KEY = 0x43584544  # "CXED": the advisory lock taken while migrating
# Per connection (never the server's own settings): a statement waiting on another
# session's lock, or running far longer than any of ours should, ends in a clear error
# instead of hanging until Ctrl+C. Bulk work (imports, sharing, migrations) lifts the
# statement limit for its own transaction (`unbounded`). A user's own `options` in the
# URL, or PGOPTIONS, come after ours and win.
LOCK_TIMEOUT = "10s"
STATEMENT_TIMEOUT = "30s"
_KEEPALIVE = {
    "keepalives": "1",
    "keepalives_idle": "15",
    "keepalives_interval": "5",
    "keepalives_count": "3",
    "tcp_user_timeout": "30000",  # ms: data the server never acknowledges
}
_OUR_OPTIONS = f"-c lock_timeout={LOCK_TIMEOUT} -c statement_timeout={STATEMENT_TIMEOUT}"

Migration = Callable[[psycopg.Connection[Any]], None]


class ServerError(CxError):
    """A wrong server address, a refused login or a schema this cxeditor cannot use."""


class ServerUnavailableError(ServerError):
    """The server cannot be reached (now): work goes on locally and is sent later."""


class ServerBusyError(ServerError):
    """A statement waited too long (another session's lock, an overloaded server) and
    was cancelled; its transaction was rolled back, so nothing was half-written."""


# user:password@ up to the LAST @: a password may hold "/" or "@" typed unencoded.
_USERINFO_SECRET = re.compile(r"(//[^/@:]*):[^@]*@")
_QUERY_SECRET = re.compile(r"([?&]password=)[^&]*", re.IGNORECASE)


def redacted(url: str) -> str:
    """The URL as typed, less any password in it (for messages)."""
    return _QUERY_SECRET.sub(r"\1***", _USERINFO_SECRET.sub(r"\1:***@", url))


def _secrets_of(url: str) -> list[str]:
    """What in `url` may be a password, to blank wherever a library's message quotes
    the URL (longest first: one may contain another)."""
    found = [m.group()[m.group().index(":") + 1 : -1] for m in _USERINFO_SECRET.finditer(url)]
    found += [m.group()[len(m.group(1)) :] for m in _QUERY_SECRET.finditer(url)]
    return sorted((f for f in found if f), key=len, reverse=True)


def _scrubbed(text: str, url: str) -> str:
    for secret in _secrets_of(url):
        text = text.replace(secret, "***")
    return text


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
                url=redacted(url), reason=_scrubbed(_reason(error), url)
            )
        ) from None
    port = str(params.get("port", ""))
    if port and not all(part.isdigit() for part in port.split(",")):
        # Not quoted: "user:secret/x@host" (a password with a "/") parses as a port.
        raise ServerError(
            _("{url} is not a valid server address (the port is not a number)").format(
                url=redacted(url)
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
    user = _short(params.get("user") or getpass.getuser())
    host = _short(params.get("host") or "localhost")
    where = f"{host}:{params['port']}" if params.get("port") else host
    return f"{user}@{where}/{_short(params.get('dbname', user))}"


def _short(name: str, limit: int = 63) -> str:
    """A name as PostgreSQL keeps it (63 bytes at most): a 5000-character database name
    would otherwise fill the user's terminal in every message."""
    return name if len(name) <= limit else name[:limit] + "…"


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


_LIBPQ_PREFIX = re.compile(r"^(connection failed: )?connection to server (at|on) .*? failed: ")


def _reason(error: BaseException) -> str:
    """The error's reason in one line: the server's primary message, else libpq's first
    line (its next lines are hints, "CONTEXT:" and the like)."""
    diag = getattr(error, "diag", None)
    primary = getattr(diag, "message_primary", None) if diag is not None else None
    if primary:
        return one_line(str(primary))
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    if not lines:
        return type(error).__name__
    return one_line(_LIBPQ_PREFIX.sub("", lines[0]))


def connect(url: str, *, autocommit: bool = True) -> psycopg.Connection[Any]:
    """A connection to the server, or a one-line ServerError (ServerUnavailableError when the
    server cannot be reached, so callers can go on offline)."""
    params = parse_url(url)
    params.setdefault("connect_timeout", _CONNECT_TIMEOUT)
    params.setdefault("application_name", "cxeditor")
    # A network gone silent is noticed within about half a minute (an idle connection,
    # such as the change feed's, would otherwise wait for hours of TCP retries).
    for key, value in _KEEPALIVE.items():
        params.setdefault(key, value)
    theirs = params.get("options") or os.environ.get("PGOPTIONS", "")
    params["options"] = f"{_OUR_OPTIONS} {theirs}".strip()
    conninfo = make_conninfo(**params)
    try:
        connection = psycopg.connect(conninfo, autocommit=autocommit)
    except psycopg.ProgrammingError as error:  # a parameter psycopg checks itself
        raise ServerError(
            _("{url} is not a valid server address ({reason})").format(
                url=redacted(url), reason=_scrubbed(_reason(error), url)
            )
        ) from None
    except psycopg.OperationalError as error:
        message = str(error)
        if "no password supplied" in message:
            password = _keyring_password(params)
            if password is not None:
                try:
                    connection = psycopg.connect(conninfo, password=password, autocommit=autocommit)
                except psycopg.OperationalError as second:
                    error, message = second, str(second)
                else:
                    return _checked(url, connection)
        raise _classify(url, error, message) from None
    return _checked(url, connection)


def _checked(url: str, connection: psycopg.Connection[Any]) -> psycopg.Connection[Any]:
    """Refuse a database that cannot hold Korean text (created as LATIN1 or SQL_ASCII):
    every write of a translation would fail, or store bytes nobody can read back."""
    encoding = connection.info.parameter_status("server_encoding")
    if encoding not in (None, "UTF8"):
        connection.close()
        raise ServerError(
            _(
                "the database {server} stores text as {encoding}; cxeditor needs a UTF8 "
                "database (CREATE DATABASE … ENCODING 'UTF8')"
            ).format(server=display_name(url), encoding=encoding)
        )
    return connection


# Answers from something that is not PostgreSQL (a web server, a mail server…).
_NOT_POSTGRES = (
    "invalid response to SSL negotiation",
    "expected authentication request",
    "received invalid response",
    "unsupported frontend protocol",
)
# Parameters libpq refuses: a wrong address, which waiting will not fix.
_BAD_PARAMETER = ("invalid port number", "invalid sslmode", "definition of service", "invalid ")


def _classify(url: str, error: BaseException, message: str) -> ServerError:
    where = display_name(url)
    if any(text in message for text in _NOT_POSTGRES):
        return ServerError(
            _(
                "{server} does not answer as a PostgreSQL server (is the port right?): {reason}"
            ).format(server=where, reason=_reason(error))
        )
    if "password authentication failed" in message or "no password supplied" in message:
        return ServerError(
            _(
                "the server {server} refused the login (set PGPASSWORD, the keyring entry "
                "{service} or ~/.pgpass)"
            ).format(server=where, service=KEYRING_SERVICE)
        )
    if (
        "does not exist" in message
        or "SSL" in message
        or "ssl" in message
        or any(text in message for text in _BAD_PARAMETER)
    ):
        # A missing database or role, or an sslmode the server cannot satisfy: the
        # address is wrong, retrying later will not help.
        return ServerError(
            _("the server {server} cannot be used: {reason}").format(
                server=where, reason=_reason(error)
            )
        )
    return ServerUnavailableError(
        _("the server {server} cannot be reached: {reason}").format(
            server=where, reason=_reason(error)
        )
    )


# SQLSTATEs of a session the server ended: shut down, crashed, or cancelled by an admin.
_LOST_STATES = ("57P01", "57P02", "57P03")
_LOCK_NOT_AVAILABLE, _QUERY_CANCELED = "55P03", "57014"


def unbounded(connection: psycopg.Connection[Any]) -> None:
    """Inside a transaction: no statement time limit for it (an import of a million
    units is one long COPY); waiting on another session's lock stays limited."""
    connection.execute("SET LOCAL statement_timeout = 0")


def busy(url: str, error: BaseException) -> ServerBusyError:
    return ServerBusyError(
        _(
            "the server {server} did not answer in time ({reason}): another session may "
            "hold what this needs, or the server is overloaded; nothing was changed, "
            "try again later"
        ).format(server=display_name(url), reason=_reason(error))
    )


def _timed_out(error: BaseException) -> bool:
    """Our lock_timeout or statement_timeout, not a cancel the user asked for (Ctrl+C)."""
    state = getattr(error, "sqlstate", None)
    if state == _LOCK_NOT_AVAILABLE:
        return "lock timeout" in str(error)  # not FOR UPDATE NOWAIT (none of ours)
    return state == _QUERY_CANCELED and "statement timeout" in str(error)


def is_connection_lost(error: BaseException) -> bool:
    """A connection that broke mid-session (server gone, network down): not every
    OperationalError (a value too large, a statement timeout) is one."""
    if isinstance(error, psycopg.InterfaceError):
        return True
    if not isinstance(error, psycopg.OperationalError):
        return False
    state = getattr(error, "sqlstate", None)
    return state is None or state.startswith("08") or state in _LOST_STATES


def failure(url: str, component: str, error: psycopg.Error) -> BaseException:
    """What a psycopg error means to the user, as one of our errors where it is one: a
    refusal, a lost server, tables changed by hand, a value the server cannot store.
    Anything else comes back as it is (an internal error, with its traceback logged)."""
    if isinstance(error, psycopg.errors.InsufficientPrivilege):
        return refused(url, error)
    if is_connection_lost(error):
        return lost(url, error)
    if _timed_out(error):
        return busy(url, error)
    state = getattr(error, "sqlstate", None) or ""
    if "NUL (0x00)" in str(error) and isinstance(error, psycopg.DataError):
        return ServerError(
            _("the server {server} cannot store a text holding a NUL character").format(
                server=display_name(url)
            )
        )
    if state.startswith("54"):  # program limit exceeded: a value too large to index
        return ServerError(
            _("the server {server} cannot store a value this large: {reason}").format(
                server=display_name(url), reason=_reason(error)
            )
        )
    if state.startswith(("42", "22")):  # a table, column or type not as made
        return damaged(url, component, error)
    return error


def damaged(url: str, component: str, error: BaseException) -> ServerError:
    return ServerError(
        _(
            "the {component} tables on {server} are not as cxeditor set them up (changed by "
            "hand?): {reason}"
        ).format(component=component, server=display_name(url), reason=_reason(error))
    )


def refused(url: str, error: BaseException) -> ServerError:
    return ServerError(
        _("the server {server} refused: {reason}").format(
            server=display_name(url), reason=_reason(error)
        )
    )


def lost(url: str, error: BaseException) -> ServerUnavailableError:
    return ServerUnavailableError(
        _("the server {server} went away: {reason}").format(
            server=display_name(url), reason=_reason(error)
        )
    )


def _stored_version(connection: psycopg.Connection[Any], component: str) -> int:
    if connection.execute("SELECT to_regclass('cxeditor_schema')").fetchone() == (None,):
        return 0
    row = connection.execute(
        "SELECT version FROM cxeditor_schema WHERE component = %s", (component,)
    ).fetchone()
    if row is None:
        return 0
    try:
        version = int(row[0])
    except (TypeError, ValueError):
        version = -1
    if version < 0:  # a record edited by hand: migrating from it would run the wrong steps
        raise ValueError(f"schema version {row[0]!r} in cxeditor_schema")
    return version


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
    schema written by a newer one, or one changed by hand. Returns the version."""
    try:
        return _ensure_schema(connection, component, migrations)
    except ValueError as error:  # a version record that is no version
        raise damaged(_url_of(connection), component, error) from None
    except (psycopg.errors.DuplicateTable, psycopg.errors.DuplicateObject) as error:
        # Tables of ours, but no version record: migrating would build them twice.
        raise damaged(_url_of(connection), component, error) from None
    except psycopg.Error as error:
        translated = failure(_url_of(connection), component, error)
        if translated is error:
            raise
        raise translated from None


def _url_of(connection: psycopg.Connection[Any]) -> str:
    """A URL naming the connection's server, for messages (never holds a secret)."""
    info = connection.info
    return f"postgresql://{info.user}@{info.host}:{info.port}/{info.dbname}"


def _ensure_schema(
    connection: psycopg.Connection[Any], component: str, migrations: Sequence[Migration]
) -> int:
    newest = len(migrations)
    version = _stored_version(connection, component)
    _refuse_newer(component, version, newest)
    if version == newest:  # the usual case: no lock, and no privilege to create needed
        return newest
    try:
        with connection.transaction():
            unbounded(connection)  # filling a new index over a million units takes a while
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
            ).format(component=component, reason=_reason(error))
        ) from None
    return newest


def identifier(name: str) -> sql.Identifier:
    return sql.Identifier(name)
