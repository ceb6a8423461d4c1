"""The memory and glossary on the team server (a real PostgreSQL), beside the local files:
the same contract on both backends, the same top 5, many writers, bad addresses and
passwords, a schema from a newer version, a server that goes away, and the CLI."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from cli_runner import run_cli  # type: ignore[import-not-found]
from pg_cluster import Cluster, start, stop  # type: ignore[import-not-found]
from tm_samples import UNITS  # type: ignore[import-not-found]

from cxeditor.mt.protect import mask
from cxeditor.store.server import ServerError, ServerUnavailableError
from cxeditor.tm.backend import GlossaryBackend, MemoryBackend, open_glossary, open_memory
from cxeditor.tm.glossary import GlossaryEntry, glossary_path
from cxeditor.tm.index import unit_keys
from cxeditor.tm.memory import SqliteMemory, TmMatch, TmUnit, user_memory_path
from cxeditor.tm.offline import OfflineMemory
from cxeditor.tm.pg_memory import _MERGE_AFTER, MIGRATIONS, PgMemory


@pytest.fixture(params=["local", "server"])
def backend_url(request: pytest.FixtureRequest, tmp_path: Path) -> str | None:
    """None for the local SQLite files, else a fresh server database."""
    if request.param == "local":
        return None
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def memory(backend_url: str | None, tmp_path: Path) -> Iterator[MemoryBackend]:
    store = open_memory(None if backend_url else tmp_path / "tm.sqlite", server=backend_url)
    store.add(UNITS)
    yield store
    store.close()


@pytest.fixture
def glossary(backend_url: str | None, tmp_path: Path) -> Iterator[GlossaryBackend]:
    store = open_glossary(None if backend_url else tmp_path / "g.sqlite", server=backend_url)
    yield store
    store.close()


# -- the contract, on both backends -------------------------------------------------------


def test_exact_context_and_placeholder_matches(memory: MemoryBackend) -> None:
    assert [(m.score, m.kind) for m in memory.lookup("#CX matters more than speed.")] == [
        (100, "exact")
    ]
    context = memory.lookup(
        "#CX matters more than speed.", previous="No exceptions.", following="Thanks all."
    )
    assert context[0].kind == "context"
    adapted = memory.lookup("Thanks @SAP_CX for hosting! #CXTweetChat")[0]
    assert (adapted.score, adapted.kind) == (99, "placeholder")
    assert adapted.target == "호스팅해 주신 @SAP_CX에 감사드립니다! #CXTweetChat"
    assert memory.lookup("#Google matters more than speed.")[0].target == (
        "#Google은 속도보다 중요합니다."
    )


def test_fuzzy_threshold_and_best(memory: MemoryBackend) -> None:
    query = "Great chat today, everyone! Same time next week."
    found = memory.lookup(query)
    assert found[0].kind == "fuzzy"
    assert 80 <= found[0].score <= 98
    assert memory.lookup(query, threshold=99) == []
    assert memory.best(query) is None
    assert memory.best(query, 80) == (found[0].target, found[0].score)


def test_concordance_both_sides_case_insensitive(memory: MemoryBackend) -> None:
    assert [u.source for u in memory.concordance("HOSTING")] == [UNITS[0].source]
    assert [u.source for u in memory.concordance("속도보다", side="target")] == [UNITS[2].source]
    assert memory.concordance("100%") == []  # LIKE's wildcards are plain characters
    assert memory.concordance("e_") == []


def test_adding_twice_adds_nothing_and_units_keep_their_order(memory: MemoryBackend) -> None:
    assert memory.add(UNITS) == 0
    assert memory.count() == 3
    # (each backend stamps its units with when they were added; the texts are what count)
    assert [(u.source, u.target) for u in memory.units()] == [(u.source, u.target) for u in UNITS]
    assert memory.add([TmUnit("New one.", "새 문장.")]) == 1


def test_glossary_contract(glossary: GlossaryBackend) -> None:
    entries = [
        GlossaryEntry("Twitter", dnt=True, case_sensitive=True),
        GlossaryEntry("customer", "고객", note="noun"),
        GlossaryEntry("Chat", "챗", forbidden=True),
    ]
    assert glossary.add(entries) == 3
    glossary.add([GlossaryEntry("customer", "고객", note="updated")])  # replaces
    assert [e.source for e in glossary.entries()] == ["Chat", "Twitter", "customer"]
    assert next(e for e in glossary.entries() if e.source == "customer").note == "updated"
    hits = glossary.hits("Twitter를 쓰는 customer")
    assert [hit.entry.source for hit in hits] == ["Twitter", "customer"]
    glossary.dismiss_proposal("#LocChat")
    glossary.dismiss_proposal("#LocChat")
    assert glossary.dismissed() == {"#LocChat"}


# -- the same ranking on both --------------------------------------------------------------

# A varied vocabulary, as real articles have. (With a handful of words every sentence is
# close to every other character by character while sharing no word pair, and the local
# memory's n-gram index, approximate by design, drops some that pg_trgm keeps: at 70-75%,
# the server then finds more, never fewer.)
_VOCABULARY = random.Random(5)
WORDS = [
    "".join(_VOCABULARY.choices("abcdefghiklmnoprstuy", k=_VOCABULARY.randint(3, 9)))
    for _ in range(600)
]


# A chat series' templates: every sentence shares words and word pairs with thousands of
# others (as bench_tm.py's repetitive memory), the hard case for narrowing the candidates.
FEW_WORDS = [
    "customer",
    "journey",
    "brand",
    "channel",
    "data",
    "experience",
    "team",
    "social",
    "the",
    "a",
    "of",
    "to",
    "and",
    "in",
    "for",
    "with",
    "our",
    "your",
    "is",
    "are",
    "how",
    "why",
    "what",
]


def _sentence(rng: random.Random, words: list[str] = WORDS) -> str:
    tag = f" #Tag{rng.randint(1, 40)}" if rng.random() < 0.4 else ""
    return " ".join(rng.choices(words, k=rng.randint(6, 12))).capitalize() + "." + tag


def _variant(rng: random.Random, sentence: str, vocabulary: list[str] = WORDS) -> str:
    """The sentence with one or two words changed, as a memory's near-repeats are."""
    words = sentence.split()
    for _ in range(rng.randint(1, 2)):
        words[rng.randrange(len(words))] = rng.choice(vocabulary)
    return " ".join(words)


def _above(matches: list[TmMatch], cut: int) -> set[tuple[str, str, int, str]]:
    return {(m.unit.source, m.target, m.score, m.kind) for m in matches if m.score > cut}


def test_same_query_same_top_five_on_both_backends(pg_url: str) -> None:
    rng = random.Random(21)
    bases = [_sentence(rng) for _ in range(250)]
    sources = list(dict.fromkeys(_variant(rng, base) for base in bases for _ in range(6)))
    units = [TmUnit(s, f"번역 {i}: {s}") for i, s in enumerate(sources)]
    queries = [_variant(rng, base) for base in rng.sample(bases, 40)]
    queries += rng.sample(sources, 5)  # exact ones too
    local, shared = SqliteMemory(), PgMemory(pg_url)
    try:
        local.add(units)
        shared.add(units)
        compared = 0
        for query in queries:
            want, got = local.lookup(query), shared.lookup(query)
            # The same scores and kinds, in order, and the same units and adapted
            # targets; only units tied at one score may be listed in another order (and,
            # tied at the fifth place, another of the tied ones may be the fifth).
            assert [(m.score, m.kind) for m in got] == [(m.score, m.kind) for m in want]
            cut = want[-1].score if len(want) == 5 else -1
            assert _above(got, cut) == _above(want, cut), query
            compared += len(want)
        assert compared > 150  # most queries did find five
    finally:
        local.close()
        shared.close()


def test_a_repetitive_memory_gives_the_same_top_five_on_both_backends(
    pg_url: str, tmp_path: Path
) -> None:
    rng = random.Random(24)
    sources = list(dict.fromkeys(_sentence(rng, FEW_WORDS) for _ in range(6000)))
    units = [TmUnit(s, f"번역 {i}: {s}") for i, s in enumerate(sources)]
    queries = [_variant(rng, s, FEW_WORDS) for s in rng.sample(sources, 30)]
    # Both through the factory the CLI and the editor use.
    local = open_memory(tmp_path / "tm.sqlite")
    shared = open_memory(None, server=pg_url)
    try:
        local.add(units)
        shared.add(units)
        compared = 0
        for query in queries:
            want, got = local.lookup(query), shared.lookup(query)
            assert [(m.score, m.kind) for m in got] == [(m.score, m.kind) for m in want]
            cut = want[-1].score if len(want) == 5 else -1
            assert _above(got, cut) == _above(want, cut), query
            compared += len(want)
        assert compared > 80  # more than half of the places filled
    finally:
        local.close()
        shared.close()


def test_a_session_finds_the_units_another_adds_after_its_first_lookup(pg_url: str) -> None:
    rng = random.Random(7)
    units = [TmUnit(s, f"번역 {i}") for i, s in enumerate(_sentence(rng) for _ in range(300))]
    reader, writer = PgMemory(pg_url), PgMemory(pg_url)
    try:
        writer.add(units)
        query = "Tomorrow the team will review every shared translation memory unit again."
        before = reader.lookup(query)  # the session reads what it scores with now
        assert all(m.target != "새 번역" for m in before)
        close = "Tomorrow the team will review every shared translation memory unit."
        assert writer.add([TmUnit(close, "새 번역")]) == 1
        after = reader.lookup(query)
        assert [(m.kind, m.target) for m in after[:1]] == [("fuzzy", "새 번역")]
        with SqliteMemory() as local:  # the same units: the same matches
            local.add([*units, TmUnit(close, "새 번역")])
            want = local.lookup(query)
        assert [(m.score, m.target) for m in after] == [(m.score, m.target) for m in want]
    finally:
        reader.close()
        writer.close()


# -- many writers --------------------------------------------------------------------------


def test_concurrent_writers_lose_nothing_and_store_nothing_twice(pg_url: str) -> None:
    writers, each = 6, 400
    shared_part = [TmUnit(f"Shared sentence {n}.", f"공유 문장 {n}.") for n in range(100)]
    errors: list[BaseException] = []
    barrier = threading.Barrier(writers)

    def write(number: int) -> None:
        memory = PgMemory(pg_url)
        try:
            own = [
                TmUnit(f"Writer {number} line {n}.", f"작성자 {number} 줄 {n}.")
                for n in range(each)
            ]
            barrier.wait()
            for start_at in range(0, each, 10):  # small transactions, interleaved
                memory.add(own[start_at : start_at + 10] + shared_part)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            memory.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    memory = PgMemory(pg_url)
    try:
        assert memory.count() == writers * each + len(shared_part)
        sources = [unit.source for unit in memory.units()]
        assert len(sources) == len(set(sources))
        authors = memory.authors()
        assert {author for _source, author, _at in authors} == {"cxadmin"}
        assert all(at.endswith("Z") and at[:2] == "20" for _s, _a, at in authors)
        # Every unit's keys are in the postings once (merged by concurrent writers).
        keys, _positions = unit_keys([mask(source).text for source in sources])
        with psycopg.connect(pg_url) as connection:
            stored = connection.execute(
                "SELECT sum(length(entries)) / 4, max(rows), (SELECT units FROM tm_size),"
                " (SELECT count(DISTINCT unit_id) FROM tm_shapes)"
                " FROM (SELECT key, count(*) AS rows, string_agg(entries, '') AS entries"
                " FROM tm_postings GROUP BY key) AS per_key"
            ).fetchone()
        assert stored is not None
        assert (stored[0], stored[2], stored[3]) == (len(keys), len(sources), len(sources))
        assert stored[1] <= _MERGE_AFTER + writers  # merged as they grow
    finally:
        memory.close()


# -- bad input and faults ------------------------------------------------------------------


def test_newer_schema_is_refused_in_one_line(pg_url: str, tmp_path: Path) -> None:
    PgMemory(pg_url).close()
    with psycopg.connect(pg_url, autocommit=True) as connection:
        connection.execute("UPDATE cxeditor_schema SET version = 99 WHERE component = 'memory'")
    with pytest.raises(ServerError, match="newer cxeditor"):
        PgMemory(pg_url)
    result = run_cli("tm", "--tm-server", pg_url, "lookup", "Hello")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "schema 99" in result.stderr
    assert "update cxeditor" in result.stderr


def test_bad_addresses_and_passwords_are_one_clear_line(
    pg_url: str, pg_cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    cases = {
        "mysql://db/x": "not a server address",
        "postgresql://u@h:notaport/x": "not a valid server address",
        pg_cluster.url("x").replace("cxadmin@", f"cxadmin:{pg_cluster.password}@"): (
            "holds a password"
        ),
        pg_cluster.url("no_such_db"): "does not exist",
        pg_url + "?sslmode=require": "cannot be used",
    }
    for url, expected in cases.items():
        result = run_cli("tm", "--tm-server", url, "lookup", "Hello")
        assert result.returncode == 2, result.stderr
        assert expected in result.stderr
        assert result.stderr.count("\n") == 1
        assert pg_cluster.password not in result.stderr + result.stdout
    monkeypatch.setenv("PGPASSWORD", "wrong-password")
    result = run_cli("tm", "--tm-server", pg_url, "lookup", "Hello")
    assert result.returncode == 2
    assert "refused the login" in result.stderr
    assert "wrong-password" not in result.stderr
    monkeypatch.delenv("PGPASSWORD")
    result = run_cli("glossary", "--tm-server", pg_url, "list")
    assert result.returncode == 2
    assert "refused the login" in result.stderr


def test_password_from_pgpass(
    pg_url: str, pg_cluster: Cluster, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    passfile = tmp_path / "pgpass"
    passfile.write_text(f"127.0.0.1:{pg_cluster.port}:*:cxadmin:{pg_cluster.password}\n")
    passfile.chmod(0o600)
    monkeypatch.delenv("PGPASSWORD")
    monkeypatch.setenv("PGPASSFILE", str(passfile))
    result = run_cli("tm", "--tm-server", pg_url, "lookup", "Hello")
    assert result.returncode == 1, result.stderr  # ran, and found nothing
    assert result.stderr == ""


def test_unreachable_server_is_one_line(pg_cluster: Cluster) -> None:
    with pytest.raises(ServerUnavailableError):
        PgMemory(f"postgresql://cxadmin@127.0.0.1:{pg_cluster.port + 1}/x")
    result = run_cli(
        "tm",
        "--tm-server",
        f"postgresql://cxadmin@127.0.0.1:{pg_cluster.port + 1}/x",
        "lookup",
        "x",
    )
    assert result.returncode == 2
    assert "cannot be reached" in result.stderr
    assert result.stderr.count("\n") == 1


# -- the CLI against the server ------------------------------------------------------------


def test_cli_tm_and_glossary_against_the_server(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    local = SqliteMemory(tmp_path / "local.sqlite")
    local.add(UNITS)
    local.close()
    tmx = tmp_path / "in.tmx"
    assert run_cli("tm", "--memory", tmp_path / "local.sqlite", "export", "-o", tmx).returncode == 0
    result = run_cli("tm", "--tm-server", pg_url, "import", tmx)
    assert result.returncode == 0, result.stderr
    assert "Added 3 units; the memory holds 3" in result.stdout
    monkeypatch.setenv("CXEDITOR_SERVER", pg_url)  # the environment names it as well
    found = run_cli("tm", "lookup", "Thanks @SAP_CX for hosting! #CXTweetChat")
    assert found.returncode == 0, found.stderr
    assert "99%  placeholder" in found.stdout
    assert "@SAP_CX에 감사드립니다" in found.stdout
    out = tmp_path / "out.tmx"
    assert run_cli("tm", "export", "-o", out).returncode == 0
    assert "호스팅해 주신" in out.read_text(encoding="utf-8")
    csv = tmp_path / "terms.csv"
    csv.write_text("source,target,dnt\nTwitter,,yes\ncustomer,고객,\n", encoding="utf-8")
    imported = run_cli("glossary", "import", csv)
    assert imported.returncode == 0, imported.stderr
    listed = run_cli("glossary", "list")
    assert listed.stdout.splitlines()[0].startswith("Twitter\t\tDNT")
    # Everything went to the server: the user's own files were never made.
    assert not user_memory_path().exists()
    assert not glossary_path().exists()


# -- the server goes away mid-session ------------------------------------------------------


def test_offline_keeps_working_queues_and_sends_when_back(
    pg_url: str, pg_cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("cxeditor.tm.offline.RETRY_SECONDS", 0.0)
    told: list[str] = []
    memory = OfflineMemory(pg_url, notify=told.append)
    try:
        memory.add(UNITS[:2])
        assert memory.is_online
        stop(pg_cluster)
        try:
            # Lookups go on against the local memory; additions are kept and queued.
            assert memory.lookup("#CX matters more than speed.") == []
            assert memory.add([UNITS[2]]) == 1
            assert memory.lookup("#CX matters more than speed.")[0].score == 100
            memory.add([TmUnit("Offline line.", "오프라인 줄.")])
            assert memory.queued() == 2
            offline_notes = [t for t in told if "working offline" in t]
            assert len(offline_notes) == 1  # said once, not per call
            assert "went away" in offline_notes[0]
        finally:
            start(pg_cluster)
        assert memory.count() == 4  # reconnected and the queue was sent
        assert memory.queued() == 0
        assert any("is back" in t for t in told)
    finally:
        memory.close()
    shared = PgMemory(pg_url)
    try:
        assert {u.source for u in shared.units()} == {u.source for u in UNITS} | {"Offline line."}
    finally:
        shared.close()


def test_offline_at_start_queues_for_a_later_session(pg_url: str, pg_cluster: Cluster) -> None:
    told: list[str] = []
    stop(pg_cluster)
    try:
        memory = OfflineMemory(pg_url, notify=told.append)
        memory.add(UNITS)
        assert memory.queued() == 3
        memory.close()
    finally:
        start(pg_cluster)
    assert len(told) == 1
    assert "cannot be reached" in told[0]
    later = OfflineMemory(pg_url, notify=told.append)  # the next session sends the queue
    try:
        assert later.queued() == 0
        assert later.count() == 3
    finally:
        later.close()


def test_connecting_in_the_background_never_waits_and_loses_nothing(
    pg_url: str, pg_cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The editor's way (background=True): opening and every retry happen in a thread;
    meanwhile the local memory answers and additions are queued, then sent."""
    monkeypatch.setattr("cxeditor.tm.offline.RETRY_SECONDS", 0.0)
    told: list[str] = []
    online = threading.Event()
    stop(pg_cluster)
    try:
        memory = OfflineMemory(pg_url, notify=told.append, background=True, on_online=online.set)
        try:
            assert memory.add(UNITS[:2]) == 2  # at once: the local memory, and queued
            assert memory.lookup(UNITS[0].source)[0].score == 100
            assert memory.queued() == 2
            deadline = time.monotonic() + 10
            while not told and time.monotonic() < deadline:
                time.sleep(0.05)
            assert len(told) == 1
            assert "cannot be reached" in told[0]
        finally:
            start(pg_cluster)
        memory.count()  # a call after the retry delay starts a new try, in its thread
        assert online.wait(10)
        assert memory.queued() == 0
        assert memory.add([UNITS[2]]) == 1  # straight to the server now
        assert {u.source for u in memory.units()} == {u.source for u in UNITS}
        assert any("is back" in t for t in told)
    finally:
        memory.close()


def test_a_schema_1_memory_migrates_to_the_newest_and_keeps_its_units(pg_url: str) -> None:
    PgMemory(pg_url).close()
    with psycopg.connect(pg_url, autocommit=True) as connection:
        # As a server of the first version was.
        connection.execute("DROP TABLE tm_postings, tm_size, tm_shapes")
        connection.execute("UPDATE cxeditor_schema SET version = 1 WHERE component = 'memory'")
        connection.execute(
            "INSERT INTO tm_units (source, target, source_lang, target_lang, masked)"
            " VALUES ('Great chat today, everyone! Same time next month.', '좋은 채팅', 'en',"
            " 'ko', 'Great chat today, everyone! Same time next month.')"
        )
    memory = PgMemory(pg_url)
    try:
        found = memory.lookup("Great chat today, everyone! Same time next week.")
        assert [(m.kind, m.target) for m in found] == [("fuzzy", "좋은 채팅")]
    finally:
        memory.close()
    with psycopg.connect(pg_url, autocommit=True) as connection:
        version = connection.execute(
            "SELECT version FROM cxeditor_schema WHERE component = 'memory'"
        ).fetchone()
        assert version == (len(MIGRATIONS),)
        assert connection.execute("SELECT count(*) FROM tm_postings").fetchone()[0] > 0
