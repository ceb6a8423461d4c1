"""Issue 19's campaign carried to the team server: what a user (or a colleague with psql)
can feed the PostgreSQL paths, fed through the real `cxeditor` command against the
throw-away cluster. Each attack gets one clear line and exit status 2, no password in
any message, and nothing half-written on the server or in the user's files."""

from __future__ import annotations

import contextlib
import json
import secrets
import socket
import sqlite3
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from cli_runner import run_cli  # type: ignore[import-not-found]
from mt_server import Behaviour, LibreServer  # type: ignore[import-not-found]
from pg_cluster import Cluster  # type: ignore[import-not-found]
from test_hostile_faults import cli_process, translating  # type: ignore[import-not-found]

from cxeditor.store.shared import project_url
from cxeditor.tm.glossary import glossary_path
from cxeditor.tm.memory import user_memory_path

SAMPLES = Path(__file__).resolve().parent.parent / "resources" / "samples"
SECRET = "s3cr3t-" + secrets.token_hex(4)  # typed into addresses; must never come back


def one_line(result: subprocess.CompletedProcess[str], *fragments: str) -> str:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert SECRET not in result.stderr + result.stdout
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def sql(url: str, *statements: str) -> None:
    with psycopg.connect(url, autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)  # type: ignore[call-overload]


def scalar(url: str, query: str) -> object:
    with psycopg.connect(url) as connection:
        row = connection.execute(query).fetchone()  # type: ignore[call-overload]
        return row[0] if row else None


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    out = tmp_path / "recap.cxproj"
    made = run_cli("new", SAMPLES / "locchat-recap.html", "-o", out)
    assert made.returncode == 0, made.stderr
    return out


def set_segments(project: Path, texts: list[str], *, status: str = "new") -> None:
    """Write texts into the first segments of a local project, as an older cxeditor or a
    script might have left them."""
    with contextlib.closing(sqlite3.connect(project)) as connection, connection:
        ids = [row[0] for row in connection.execute("SELECT id FROM segments ORDER BY id")]
        for segment_id, text in zip(ids, texts, strict=False):
            connection.execute(
                "UPDATE segments SET source = ?, target = ?, status = ? WHERE id = ?",
                (text, text if status != "new" else "", status, segment_id),
            )


# -- addresses -----------------------------------------------------------------------------


def hostile_addresses(cluster: Cluster, database: str) -> dict[str, str]:
    """URL -> what the one line must say."""
    base = f"127.0.0.1:{cluster.port}"
    return {
        f"postgresql://cxadmin:{SECRET}@{base}/{database}": "holds a password",
        f"postgresql://cxadmin:{SECRET}/x@{base}/{database}": "not a valid server address",
        f"postgresql://cxadmin:{SECRET}@x@{base}/{database}": "holds a password",
        f"postgresql://{base}/{database}?user=cxadmin&password={SECRET}": "holds a password",
        f"postgresql://cxadmin:{SECRET}@[::1/{database}": "not a valid server address",
        f"mysql://cxadmin:{SECRET}@{base}/{database}": "not a server address",
        f"postgresql:/{base}/{database}": "not a server address",
        f"postgresql://cxadmin@{base}/{database}?connect_timeout=abc": "connect_timeout",
        f"postgresql://cxadmin@{base}/{database}?sslmode=bogus": "cannot be used",
        f"postgresql://cxadmin@{base}/{database}?service=nope": "cannot be used",
        f"postgresql://cxadmin@{base}/{database}?foo=bar": "not a valid server address",
        f"postgresql://cxadmin@127.0.0.1:99999/{database}": "cannot be used",
        f"postgresql://cxadmin@{base}/{database}%00x": "not a valid server address",
        f"postgresql://cxadmin@{base}/" + "d" * 5000: "does not exist",
        f"postgresql://cxadmin@{base}/%27%3B%20DROP%20DATABASE%20{database}%3B--": (
            "does not exist"
        ),
        f"postgresql://cxadmin@nohost.invalid/{database}": "cannot be reached",
    }


def test_hostile_addresses_are_one_line_and_never_echo_the_password(
    pg_url: str, pg_cluster: Cluster, project_file: Path
) -> None:
    database = pg_url.rsplit("/", 1)[1]
    # The three commands read an address through the same code: each address goes
    # through one of them in turn (every command sees a third of them), not all three,
    # which tripled the test's minute of process starts.
    commands = (
        lambda url: ("tm", "--tm-server", url, "lookup", "Hello"),
        lambda url: ("glossary", "--tm-server", url, "list"),
        lambda url: ("share", project_file, "--server", url),
    )
    for i, (url, expected) in enumerate(hostile_addresses(pg_cluster, database).items()):
        line = one_line(run_cli(*commands[i % len(commands)](url)), expected)
        assert len(line) < 400, line  # a 5000-character name is not echoed whole
    # The database named by injection-looking text is still there, and untouched.
    assert scalar(pg_url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == 0
    assert not user_memory_path().exists()
    assert not glossary_path().exists()


def test_a_project_url_holding_a_password_or_junk(pg_url: str, project_file: Path) -> None:
    assert run_cli("share", project_file, "--server", pg_url, "--name", "recap").returncode == 0
    base = pg_url.replace("cxadmin@", f"cxadmin:{SECRET}@")
    for url, expected in {
        project_url(base, "recap"): "holds a password",
        project_url(pg_url, "recap") + f"?password={SECRET}": "holds a password",
        project_url(pg_url, "recap") + "/extra": "does not name a shared project",
        project_url(pg_url, "%27%3B--"): "does not name a shared project",
    }.items():
        one_line(run_cli("stats", url), expected)
        one_line(run_cli("export", url, "--to", "json", "-o", project_file.with_suffix(".json")))
    assert not project_file.with_suffix(".json").exists()


@pytest.mark.parametrize(
    "name",
    ["x'; DROP TABLE cx_projects;--", "recap\n", "../recap", "a b", "n" * 101],
    ids=["quote", "newline", "dotdot", "space", "long"],
)
def test_project_names_that_look_like_attacks_are_refused(
    pg_url: str, project_file: Path, name: str
) -> None:
    one_line(run_cli("share", project_file, "--server", pg_url, "--name", name), "cannot name")
    assert scalar(pg_url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == 0


# -- things that are not a PostgreSQL server -----------------------------------------------


@contextlib.contextmanager
def fake_server(answer: Callable[[socket.socket], None]) -> Iterator[int]:
    """A TCP server on 127.0.0.1 answering each connection with `answer`; yields its port."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    stop = threading.Event()
    clients: list[socket.socket] = []

    def serve() -> None:
        while not stop.is_set():
            try:
                client, _address = listener.accept()
            except TimeoutError:
                continue
            clients.append(client)
            threading.Thread(target=answer, args=(client,), daemon=True).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield int(listener.getsockname()[1])
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()
        for client in clients:
            client.close()


def speaks_http(client: socket.socket) -> None:
    with contextlib.suppress(OSError):
        client.recv(1024)
        client.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
        client.close()


def closes_at_once(client: socket.socket) -> None:
    client.close()


def says_nothing(client: socket.socket) -> None:
    with contextlib.suppress(OSError):
        client.recv(1024)  # and then silence, until the test ends


def speaks_garbage(client: socket.socket) -> None:
    with contextlib.suppress(OSError):
        client.recv(1024)
        client.sendall(b"N")  # "no SSL", then no PostgreSQL either
        client.recv(1024)
        client.sendall(b"\xff" * 64)
        client.close()


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (speaks_http, "does not answer as a PostgreSQL server"),
        (closes_at_once, "cannot be reached: server closed the connection unexpectedly"),
        (says_nothing, "cannot be reached: connection timeout expired"),
        (speaks_garbage, "does not answer as a PostgreSQL server"),
    ],
    ids=["http", "closes", "silent", "garbage"],
)
def test_a_port_that_speaks_something_else(
    answer: Callable[[socket.socket], None], expected: str, project_file: Path
) -> None:
    with fake_server(answer) as port:
        url = f"postgresql://cxadmin@127.0.0.1:{port}/team"
        started = time.monotonic()
        for args in (
            ("tm", "--tm-server", url, "lookup", "Hello"),
            ("stats", project_url(url, "recap")),
            ("share", project_file, "--server", url),
        ):
            one_line(run_cli(*args), expected)
        assert time.monotonic() - started < 60  # the silent one waits 5 s, not forever


def test_a_database_that_cannot_hold_korean_is_refused(
    pg_url: str, pg_cluster: Cluster, project_file: Path
) -> None:
    name = f"latin_{secrets.token_hex(4)}"
    sql(
        pg_cluster.url(),
        f"CREATE DATABASE {name} ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0",
    )
    url = pg_cluster.url(name)
    one_line(run_cli("share", project_file, "--server", url), "stores text as LATIN1")
    one_line(run_cli("tm", "--tm-server", url, "lookup", "Hello"), "needs a UTF8 database")
    assert scalar(url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == 0


# -- a schema tampered with by hand --------------------------------------------------------

TMX = (
    '<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="en" '
    'datatype="plaintext" segtype="sentence" adminlang="en" creationtool="t" '
    'creationtoolversion="1" o-tmf="t"/><body><tu><tuv xml:lang="en"><seg>Thanks for '
    'joining the chat today.</seg></tuv><tuv xml:lang="ko"><seg>오늘 채팅에 함께해 주셔서 '
    "감사합니다.</seg></tuv></tu></body></tmx>"
)

TAMPERED_MEMORY = {
    "missing-table": ("DROP TABLE tm_postings",),
    "missing-shapes": ("DROP TABLE tm_shapes",),
    "missing-column": ("ALTER TABLE tm_units DROP COLUMN previous",),
    "wrong-type": (
        "ALTER TABLE tm_units ALTER COLUMN origin DROP DEFAULT",
        "ALTER TABLE tm_units ALTER COLUMN origin TYPE integer USING 0",
    ),
    "no-version-record": ("DROP TABLE cxeditor_schema",),
    "negative-version": ("UPDATE cxeditor_schema SET version = -1",),
    "version-not-a-number": (
        "ALTER TABLE cxeditor_schema ALTER COLUMN version TYPE text",
        "UPDATE cxeditor_schema SET version = 'two'",
    ),
    "newer-version": ("UPDATE cxeditor_schema SET version = 99 WHERE component = 'memory'",),
}


@pytest.mark.parametrize("tamper", list(TAMPERED_MEMORY), ids=list(TAMPERED_MEMORY))
def test_a_memory_schema_changed_by_hand(pg_url: str, tmp_path: Path, tamper: str) -> None:
    tmx = tmp_path / "in.tmx"
    tmx.write_text(TMX, encoding="utf-8")
    assert run_cli("tm", "--tm-server", pg_url, "import", tmx).returncode == 0
    sql(pg_url, *TAMPERED_MEMORY[tamper])
    expected = "newer cxeditor" if tamper == "newer-version" else "changed by hand"
    tmx.write_text(TMX.replace("today", "tonight"), encoding="utf-8")  # a unit to add
    one_line(run_cli("tm", "--tm-server", pg_url, "import", tmx), expected)
    if tamper != "wrong-type":  # (a number where text was reads back well enough)
        lookup = run_cli("tm", "--tm-server", pg_url, "lookup", "Thanks for joining the chat")
        one_line(lookup, expected)
    assert scalar(pg_url, "SELECT count(*) FROM tm_units") == 1  # nothing added


TAMPERED_PROJECTS = {
    "missing-table": ("DROP TABLE cx_comments CASCADE",),
    "missing-column": ("ALTER TABLE cx_segments DROP COLUMN origin",),
    "wrong-type": ("ALTER TABLE cx_projects ALTER COLUMN meta TYPE text",),
    "newer-version": ("UPDATE cxeditor_schema SET version = 99 WHERE component = 'projects'",),
    "unknown-status": (
        "ALTER TABLE cx_segments DROP CONSTRAINT cx_segments_status_check",
        "UPDATE cx_segments SET status = 'bogus' WHERE id = 2",
    ),
    "unknown-kind": ("UPDATE cx_blocks SET kind = 'bogus' WHERE id = 2",),
    "meta-not-an-object": ("UPDATE cx_projects SET meta = '[]'",),
    "null-text": (
        "ALTER TABLE cx_segments ALTER COLUMN source DROP NOT NULL",
        "UPDATE cx_segments SET source = NULL WHERE id = 3",
    ),
}


@pytest.mark.parametrize("tamper", list(TAMPERED_PROJECTS), ids=list(TAMPERED_PROJECTS))
def test_a_shared_project_changed_by_hand(
    pg_url: str, project_file: Path, tmp_path: Path, tamper: str
) -> None:
    assert run_cli("share", project_file, "--server", pg_url, "--name", "recap").returncode == 0
    sql(pg_url, *TAMPERED_PROJECTS[tamper])
    expected = "newer cxeditor" if tamper == "newer-version" else "changed by hand"
    url = project_url(pg_url, "recap")
    out = tmp_path / "out.json"
    one_line(run_cli("export", url, "--to", "json", "-o", out), expected)
    assert not out.exists()
    one_line(run_cli("stats", url), expected)
    one_line(run_cli("qa", url), expected)


def test_a_project_file_changed_by_hand_is_one_line_too(project_file: Path) -> None:
    """The same promise for the local file the shared project was made from (`stats`
    counts rows in SQL, and counts them fine)."""
    with contextlib.closing(sqlite3.connect(project_file)) as connection, connection:
        connection.execute("UPDATE blocks SET kind = 'bogus' WHERE id = 2")
    for args in (
        ("qa",),
        ("export", "--to", "json", "-o", project_file.with_suffix(".j")),
    ):
        one_line(run_cli(args[0], project_file, *args[1:]), "changed by hand")
    assert not project_file.with_suffix(".j").exists()


# -- hostile texts -------------------------------------------------------------------------

HOSTILE_TEXTS = [
    "'); DROP TABLE cx_segments;--",
    "\\.",  # COPY's end-of-data marker
    "\\N",  # COPY's NULL
    "a\tb\\nc\\\\d",
    "%s %(x)s {} $1",
    "Robert'); DELETE FROM tm_units WHERE ('1' = '1",
    "x" * 3_000_000,
]


def test_texts_that_look_like_sql_or_copy_markers_travel_unchanged(
    pg_url: str, project_file: Path, tmp_path: Path
) -> None:
    set_segments(project_file, HOSTILE_TEXTS, status="translated")
    local = tmp_path / "local.json"
    assert run_cli("export", project_file, "--to", "json", "-o", local).returncode == 0
    shared = run_cli("share", project_file, "--server", pg_url, "--name", "recap")
    assert shared.returncode == 0, shared.stderr
    remote = tmp_path / "remote.json"
    exported = run_cli("export", project_url(pg_url, "recap"), "--to", "json", "-o", remote)
    assert exported.returncode == 0, exported.stderr
    mine = json.loads(local.read_text(encoding="utf-8"))
    theirs = json.loads(remote.read_text(encoding="utf-8"))
    assert theirs["blocks"] == mine["blocks"]
    texts = [s["source"] for b in theirs["blocks"] for s in b["segments"]][: len(HOSTILE_TEXTS)]
    assert texts == HOSTILE_TEXTS
    assert scalar(pg_url, "SELECT count(*) FROM cx_segments") == 16  # no table dropped


def test_a_nul_in_a_project_is_refused_and_nothing_is_shared(
    pg_url: str, project_file: Path
) -> None:
    set_segments(project_file, ["A NUL\x00inside"], status="translated")
    result = run_cli("share", project_file, "--server", pg_url, "--name", "recap")
    one_line(result, "cannot store a text holding a NUL character")
    assert scalar(pg_url, "SELECT count(*) FROM cx_projects") == 0
    assert scalar(pg_url, "SELECT count(*) FROM cx_segments") == 0


def random_words(count: int) -> str:
    return " ".join(secrets.token_hex(4) for _ in range(count)) + "."


def test_a_segment_too_long_for_the_mt_cache_is_translated_not_lost(
    pg_url: str, project_file: Path
) -> None:
    long = random_words(1500)  # 13 kB that does not compress: past a B-tree entry's size
    set_segments(project_file, [long])
    assert run_cli("share", project_file, "--server", pg_url, "--name", "recap").returncode == 0
    url = project_url(pg_url, "recap")
    with LibreServer(Behaviour()) as server:
        result = run_cli("translate", url, "--engine", "libre", "--engine-url", server.url)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("\n") <= 1, result.stderr
    drafts = scalar(pg_url, "SELECT count(*) FROM cx_segments WHERE status = 'draft'")
    assert drafts == 16
    assert scalar(pg_url, "SELECT max(length(masked)) FROM cx_mt_cache") < 2000  # type: ignore[operator]


def test_a_glossary_term_too_large_for_the_server(pg_url: str, tmp_path: Path) -> None:
    terms = tmp_path / "terms.csv"
    terms.write_text(f"source,target\nTwitter,트위터\n{random_words(9000)},x\n", encoding="utf-8")
    result = run_cli("glossary", "--tm-server", pg_url, "import", terms)
    one_line(result, "cannot store a value this large")
    assert scalar(pg_url, "SELECT count(*) FROM glossary_entries") == 0  # all or nothing


# -- the server dies mid-command -----------------------------------------------------------


def terminate_when(cluster: Cluster, database: str, query_start: str) -> str | None:
    """Wait until a cxeditor session on `database` runs a statement starting with
    `query_start`, then end that session as a crashing server would; returns the
    statement (None: it was never seen)."""
    with psycopg.connect(cluster.url(), autocommit=True) as connection:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            for pid, query in connection.execute(
                "SELECT pid, query FROM pg_stat_activity WHERE datname = %s"
                " AND application_name = 'cxeditor' AND state = 'active'",
                (database,),
            ).fetchall():
                if str(query).startswith(query_start):
                    connection.execute("SELECT pg_terminate_backend(%s)", (pid,))
                    return str(query)
            time.sleep(0.005)
    return None


def big_article(folder: Path, paragraphs: int) -> Path:
    source = folder / "big.txt"
    body = "\n\n".join(f"Paragraph {secrets.token_hex(3)} says a thing." for _ in range(paragraphs))
    source.write_text("A long recap\n\n" + body + "\n", encoding="utf-8")
    project = folder / "big.cxproj"
    assert run_cli("new", source, "-o", project).returncode == 0
    return project


def finish(process: subprocess.Popen[str]) -> subprocess.CompletedProcess[str]:
    out, err = process.communicate(timeout=300)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def test_server_dies_during_tm_import(pg_url: str, pg_cluster: Cluster, tmp_path: Path) -> None:
    units = "".join(
        f'<tu><tuv xml:lang="en"><seg>Sentence {i} about chats.</seg></tuv>'
        f'<tuv xml:lang="ko"><seg>문장 {i}</seg></tuv></tu>'
        for i in range(60_000)
    )
    tmx = tmp_path / "many.tmx"
    tmx.write_text(TMX.replace("<body>", "<body>" + units), encoding="utf-8")
    assert run_cli("tm", "--tm-server", pg_url, "lookup", "x").returncode == 1  # set up
    process = cli_process(
        "tm", "--tm-server", pg_url, "import", tmx, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    seen = terminate_when(pg_cluster, pg_url.rsplit("/", 1)[1], "COPY tm_incoming")
    result = finish(process)
    assert seen is not None, result.stderr
    one_line(result, "went away")
    assert scalar(pg_url, "SELECT count(*) FROM tm_units") == 0  # all or nothing
    assert not user_memory_path().exists()


def test_server_dies_during_share(pg_url: str, pg_cluster: Cluster, tmp_path: Path) -> None:
    project = big_article(tmp_path, 20_000)
    assert run_cli("stats", project_url(pg_url, "none")).returncode == 2  # schema made
    process = cli_process(
        "share", project, "--server", pg_url, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    seen = terminate_when(pg_cluster, pg_url.rsplit("/", 1)[1], "COPY cx_segments")
    result = finish(process)
    assert seen is not None, result.stderr
    one_line(result, "went away")
    assert scalar(pg_url, "SELECT count(*) FROM cx_projects") == 0
    assert scalar(pg_url, "SELECT count(*) FROM cx_segments") == 0
    retry = run_cli("share", project, "--server", pg_url)  # and the name is free again
    assert retry.returncode == 0, retry.stderr


def test_server_dies_during_translate(pg_url: str, pg_cluster: Cluster, tmp_path: Path) -> None:
    project = big_article(tmp_path, 3000)
    assert run_cli("share", project, "--server", pg_url).returncode == 0
    url = project_url(pg_url, "big")
    with LibreServer(Behaviour()) as server:
        process = translating(url, server)
        seen = terminate_when(pg_cluster, pg_url.rsplit("/", 1)[1], "UPDATE cx_segments")
        result = finish(process)
    assert seen is not None, result.stderr
    line = one_line(result, "went away", "were kept")
    kept = int(line.split("(")[-1].split()[0])
    drafts = scalar(pg_url, "SELECT count(*) FROM cx_segments WHERE status = 'draft'")
    assert drafts == kept  # what it says was kept, is; the rest is as it was
    history = scalar(pg_url, "SELECT count(*) FROM cx_history")
    assert history == drafts


# -- a server that stalls mid-query: another session holds a lock ---------------------------


@contextlib.contextmanager
def locked(url: str, table: str) -> Iterator[None]:
    """A colleague's psql session holding `table` in an open transaction."""
    with psycopg.connect(url) as holder:
        holder.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")  # type: ignore[call-overload]
        yield
        holder.rollback()


# The user's own PGOPTIONS come after ours and win: a 1 s wait keeps the test short.
SHORT_WAIT = {"PGOPTIONS": "-c lock_timeout=1s"}


def test_our_connections_never_wait_forever(pg_url: str) -> None:
    from cxeditor.store import server  # noqa: PLC0415

    connection = server.connect(pg_url)
    try:
        shown = [
            connection.execute(f"SHOW {name}").fetchone()  # type: ignore[call-overload]
            for name in ("lock_timeout", "statement_timeout")
        ]
    finally:
        connection.close()
    assert shown == [(server.LOCK_TIMEOUT,), (server.STATEMENT_TIMEOUT,)]
    # Per connection only: the server's own setting is untouched.
    assert scalar(pg_url, "SHOW lock_timeout") == "0"


def test_a_locked_memory_is_one_line_and_nothing_half_written(pg_url: str, tmp_path: Path) -> None:
    tmx = tmp_path / "in.tmx"
    tmx.write_text(TMX, encoding="utf-8")
    assert run_cli("tm", "--tm-server", pg_url, "import", tmx).returncode == 0
    postings = scalar(pg_url, "SELECT count(*) FROM tm_postings")
    tmx.write_text(TMX.replace("today", "tonight"), encoding="utf-8")
    with locked(pg_url, "tm_units"):
        started = time.monotonic()
        result = run_cli("tm", "--tm-server", pg_url, "import", tmx, env=SHORT_WAIT)
        waited = time.monotonic() - started
    one_line(result, "did not answer in time", "lock timeout", "nothing was changed")
    assert waited < 8
    assert scalar(pg_url, "SELECT count(*) FROM tm_units") == 1  # nothing added
    assert scalar(pg_url, "SELECT count(*) FROM tm_postings") == postings  # none added
    assert scalar(pg_url, "SELECT units FROM tm_size") == 1
    assert run_cli("tm", "--tm-server", pg_url, "import", tmx).returncode == 0  # later: fine
    assert scalar(pg_url, "SELECT count(*) FROM tm_units") == 2


def test_a_locked_shared_project_is_one_line_and_nothing_half_written(
    pg_url: str, project_file: Path, tmp_path: Path
) -> None:
    assert run_cli("share", project_file, "--server", pg_url, "--name", "recap").returncode == 0
    url = project_url(pg_url, "recap")
    before = scalar(pg_url, "SELECT string_agg(target || status, '|' ORDER BY id) FROM cx_segments")
    with LibreServer(Behaviour()) as mt, locked(pg_url, "cx_segments"):
        one_line(run_cli("stats", url, env=SHORT_WAIT), "did not answer in time")
        translated = run_cli(
            "translate", url, "--engine", "libre", "--engine-url", mt.url, env=SHORT_WAIT
        )
    one_line(translated, "did not answer in time")
    after = scalar(pg_url, "SELECT string_agg(target || status, '|' ORDER BY id) FROM cx_segments")
    assert after == before
    assert scalar(pg_url, "SELECT count(*) FROM cx_history") == 0
