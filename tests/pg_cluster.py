"""A throw-away PostgreSQL cluster for the tests and benches: Debian's binaries, a
temporary data folder, 127.0.0.1 on a free port, run as an unprivileged user.

PostgreSQL refuses to run as root, so under root (as CI runs) the cluster belongs to
`nobody`. The superuser's password is random, lives only in this process (handed to
libpq through PGPASSWORD by the callers) and in initdb's password file for the
moment initdb reads it.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "cxadmin"


@dataclass(frozen=True)
class Cluster:
    host: str
    port: int
    superuser: str
    password: str
    data: Path

    def url(self, database: str = "postgres", user: str | None = None) -> str:
        """A URL without a password: that comes from PGPASSWORD, as for a user."""
        return f"postgresql://{user or self.superuser}@{self.host}:{self.port}/{database}"


def find_binaries() -> Path | None:
    """The newest /usr/lib/postgresql/N/bin holding initdb and pg_ctl (Debian's layout)."""
    found = []
    for folder in Path("/usr/lib/postgresql").glob("*/bin"):
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            with contextlib.suppress(ValueError):
                found.append((int(folder.parent.name), folder))
    return max(found)[1] if found else None


def why_unavailable() -> str | None:
    """None when a cluster can be started here, else the reason (for a skip)."""
    if find_binaries() is None:
        return "PostgreSQL's server binaries are not installed (Debian: apt-get install postgresql)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("nobody")
        except KeyError:
            return "running as root and there is no unprivileged 'nobody' user to run PostgreSQL"
    try:
        import psycopg  # noqa: F401, PLC0415
    except ImportError:
        return "psycopg is not installed"
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_owner() -> dict[str, object]:
    return {"user": "nobody", "group": pwd.getpwnam("nobody").pw_gid} if os.geteuid() == 0 else {}


def _initdb(
    binaries: Path, data: Path, pwfile: Path, env: dict[str, str], owner: dict[str, object]
) -> None:
    subprocess.run(
        [
            *(str(binaries / "initdb"), "-D", str(data), "-U", SUPERUSER),
            *("--pwfile", str(pwfile), "--auth=scram-sha-256", "-E", "UTF8", "--no-sync"),
        ],
        check=True,
        capture_output=True,
        env=env,
        **owner,  # type: ignore[arg-type]
    )


def _server_settings(port: int, settings: dict[str, str] | None) -> str:
    """postgresql.auto.conf lines: 127.0.0.1 only, and no durability (a throw-away)."""
    options = {
        "listen_addresses": "127.0.0.1",
        "port": str(port),
        "unix_socket_directories": "",
        "fsync": "off",
        "synchronous_commit": "off",
        "full_page_writes": "off",
        "max_connections": "100",
        "shared_buffers": "256MB",
        **(settings or {}),
    }
    return "".join(f"{key} = '{value}'\n" for key, value in options.items())


@contextlib.contextmanager
def running_cluster(settings: dict[str, str] | None = None) -> Iterator[Cluster]:
    binaries = find_binaries()
    assert binaries is not None
    owner = _as_owner()
    # Under root the folder must be reachable by `nobody`: /tmp, not a private TMPDIR.
    folder = Path(tempfile.mkdtemp(prefix="cxeditor-pg-", dir="/tmp" if owner else None))
    data = folder / "data"
    password = secrets.token_urlsafe(18)
    port = _free_port()
    if owner:
        shutil.chown(folder, user="nobody")
    pwfile = folder / "pw"
    pwfile.write_text(password + "\n", encoding="utf-8")
    pwfile.chmod(0o600)
    if owner:
        shutil.chown(pwfile, user="nobody")
    env = {"PATH": os.environ.get("PATH", ""), "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    try:
        _initdb(binaries, data, pwfile, env, owner)
        pwfile.unlink()
        with (data / "postgresql.auto.conf").open("a", encoding="utf-8") as conf:
            conf.write(_server_settings(port, settings))
        subprocess.run(
            [str(binaries / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"), "-w", "start"],
            check=True,
            capture_output=True,
            env=env,
            timeout=60,
            **owner,  # type: ignore[arg-type]
        )
        watchdog = _watchdog(binaries, data, folder, owner, env)
        try:
            yield Cluster("127.0.0.1", port, SUPERUSER, password, data)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(watchdog, signal.SIGKILL)  # its shell and the shell's sleep
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(
                [str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                check=False,
                capture_output=True,
                env=env,
                timeout=60,
                **owner,  # type: ignore[arg-type]
            )
        shutil.rmtree(folder, ignore_errors=True)


def _watchdog(
    binaries: Path, data: Path, folder: Path, owner: dict[str, object], env: dict[str, str]
) -> int:
    """A shell that stops and removes the cluster if this process dies without doing it
    (a killed or crashed test run left servers running until the machine restarted).
    Returns its process group. It is no child of ours: tests assert that no child is
    left behind (os.waitpid). /proc, not `kill -0`: the owner may not signal us."""
    script = (
        f"while [ -d /proc/{os.getpid()} ]; do sleep 1; done; "
        f'"{binaries / "pg_ctl"}" -D "{data}" -m immediate -w stop >/dev/null 2>&1; '
        f'rm -rf "{folder}"'
    )
    launcher = subprocess.Popen(
        ["sh", "-c", f"({script}) &"],  # the subshell outlives the launcher, reparented
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        start_new_session=True,  # its own group: a Ctrl+C to the test run must not stop it
        **owner,  # type: ignore[arg-type]
    )
    launcher.wait()
    return launcher.pid


@contextlib.contextmanager
def kept_cluster(folder: Path, settings: dict[str, str] | None = None) -> Iterator[Cluster]:
    """A cluster whose data stays in `folder` between runs (a bench's million-unit
    databases take a quarter of an hour to fill): created on the first run, started,
    and stopped again afterwards. Its superuser's password is kept in `folder` (0600)."""
    binaries = find_binaries()
    assert binaries is not None
    owner = _as_owner()
    data, pwfile = folder / "data", folder / "password"
    env = {"PATH": os.environ.get("PATH", ""), "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    if not (data / "PG_VERSION").exists():
        folder.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(data, ignore_errors=True)
        pwfile.write_text(secrets.token_urlsafe(18) + "\n", encoding="utf-8")
        pwfile.chmod(0o600)
        if owner:
            shutil.chown(folder, user="nobody")
            shutil.chown(pwfile, user="nobody")
        _initdb(binaries, data, pwfile, env, owner)
    running = subprocess.run(
        [str(binaries / "pg_ctl"), "-D", str(data), "status"],
        check=False,
        capture_output=True,
        env=env,
        **owner,  # type: ignore[arg-type]
    )
    ours = running.returncode != 0  # else another run's server: used, and left running
    if ours:
        port = _free_port()
        # Written anew each run: the port is a free one of the moment.
        conf = data / "postgresql.auto.conf"
        conf.write_text(_server_settings(port, settings))
        if owner:
            shutil.chown(conf, user="nobody")
        subprocess.run(
            [str(binaries / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"), "-w", "start"],
            check=True,
            capture_output=True,
            env=env,
            timeout=600,  # recovery after a crash may take a while
            **owner,  # type: ignore[arg-type]
        )
    else:
        port = int((data / "postmaster.pid").read_text(encoding="utf-8").splitlines()[3])
    try:
        password = pwfile.read_text(encoding="utf-8").strip()
        yield Cluster("127.0.0.1", port, SUPERUSER, password, data)
    finally:
        if ours:
            subprocess.run(
                [str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
                check=False,
                capture_output=True,
                env=env,
                timeout=300,
                **owner,  # type: ignore[arg-type]
            )


def stop(cluster: Cluster) -> None:
    """Stop the server (a server that goes away mid-session)."""
    binaries = find_binaries()
    assert binaries is not None
    subprocess.run(
        [str(binaries / "pg_ctl"), "-D", str(cluster.data), "-m", "fast", "-w", "stop"],
        check=True,
        capture_output=True,
        timeout=60,
        **_as_owner(),  # type: ignore[arg-type]
    )


def start(cluster: Cluster) -> None:
    binaries = find_binaries()
    assert binaries is not None
    subprocess.run(
        [
            str(binaries / "pg_ctl"),
            "-D",
            str(cluster.data),
            "-l",
            str(cluster.data.parent / "log"),
            "-w",
            "start",
        ],
        check=True,
        capture_output=True,
        timeout=60,
        **_as_owner(),  # type: ignore[arg-type]
    )
