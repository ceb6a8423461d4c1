"""The team server (PostgreSQL) beside the local SQLite files, on the same data.

Prints, for memories of 200,000 and 1,000,000 units (argv: the sizes, then optionally
the memory's kinds): import time and median/p95 top-5 lookup on both backends (goal
<= 25 ms at 1M on the server), with how often the two top-5 lists agree. Two kinds of
memory: `varied` (families of near-repeats over 5,000 pseudo-words) and `repetitive`
(6-14 words drawn from 24, as bench_tm.py's: a chat series' templates), where every
query shares word pairs with a large part of the memory, the hard case for the
server's candidate narrowing. Both run unless one is named. Then 8 concurrent writers
adding 10,000 units each (0 lost, 0 duplicated, units/s) against the server and against
one SQLite file; and 8 concurrent editors confirming segments of one 2,000-segment
shared article (lost updates, conflicts reported, median confirm latency, goal <= 50
ms) beside one editor on the .cxproj file.
A throw-away cluster is started as in the tests (tests/pg_cluster.py); with
BENCH_KEEP=FOLDER the cluster's data and the SQLite files stay in FOLDER, and a memory
already filled there by an earlier run is used again instead of imported anew (a
million units take a quarter of an hour to import into the server).
"""

from __future__ import annotations

import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from _words import REPETITIVE_WORDS
from pg_cluster import Cluster, kept_cluster, running_cluster, why_unavailable

from cxeditor.model import Article, ArticleMeta, Block, BlockKind, Segment, Status
from cxeditor.store import Project
from cxeditor.store.shared import EditConflictError, SharedProject
from cxeditor.tm.memory import SqliteMemory, TmMatch, TmUnit
from cxeditor.tm.pg_memory import PgMemory

# argv: the memory sizes; none given: 200,000 and 1,000,000; "0": the editors' part only.
# Then, optionally, the kinds of memory ("varied", "repetitive"; both by default).
KINDS = [arg for arg in sys.argv[1:] if not arg.isdigit()] or ["varied", "repetitive"]
_NUMBERS = [int(arg) for arg in sys.argv[1:] if arg.isdigit()]
SIZES = [n for n in _NUMBERS if n] if _NUMBERS else [200_000, 1_000_000]
QUERIES = 200
KEEP = os.environ.get("BENCH_KEEP", "")  # a folder for the cluster and files kept
LOOKUPS_ONLY = os.environ.get("BENCH_LOOKUPS_ONLY") == "1"  # no writers' or editors' part
WRITERS, PER_WRITER, BATCH = 8, int(os.environ.get("BENCH_PER_WRITER", "10000")), 500
_VOCABULARY = random.Random(5)
# A varied vocabulary (pseudo-words), as real articles have.
WORDS = [
    "".join(_VOCABULARY.choices("abcdefghiklmnoprstuy", k=_VOCABULARY.randint(3, 9)))
    for _ in range(5000)
]


# The repetitive memory's 24 words (bench/_words.py, bench_tm.py's too).
FEW_WORDS = list(REPETITIVE_WORDS)


def sentence(rng: random.Random, words: list[str] = WORDS) -> str:
    tag = f" #Tag{rng.randint(1, 500)}" if rng.random() < 0.4 else ""
    return " ".join(rng.choices(words, k=rng.randint(6, 14))).capitalize() + "." + tag


def variant(rng: random.Random, text: str, words: list[str] = WORDS) -> str:
    found = text.split()
    for _ in range(rng.randint(1, 2)):
        found[rng.randrange(len(found))] = rng.choice(words)
    return " ".join(found)


def memory_data(size: int, kind: str = "varied") -> tuple[list[TmUnit], list[str]]:
    """varied: families of near-repeats (a memory's usual shape) and queries that are
    new members of some families; repetitive: sentences of 24 words, and queries that
    are stored sentences with one word changed (as bench_tm.py's)."""
    rng = random.Random(size)
    if kind == "repetitive":
        stored = list(dict.fromkeys(sentence(rng, FEW_WORDS) for _ in range(int(size * 1.1))))
        units = [TmUnit(s, f"번역 {i}: {s}") for i, s in enumerate(stored[:size])]
        queries = [variant(rng, unit.source, FEW_WORDS) for unit in rng.sample(units, QUERIES)]
        return units, queries
    bases = [sentence(rng) for _ in range(size // 5)]
    sources: dict[str, None] = {}
    for base in bases:
        for _ in range(5):
            sources[variant(rng, base)] = None
    units = [TmUnit(s, f"번역 {i}: {s}") for i, s in enumerate(sources)]
    queries = [variant(rng, base) for base in rng.sample(bases, QUERIES)]
    return units, queries


def timed_lookups(
    memories: list[SqliteMemory | PgMemory], queries: list[str]
) -> list[tuple[list[float], list[list[TmMatch]], float]]:
    """For each memory: the time of each query's lookup, what it found, and this
    process's processor time per lookup. The memories take turns query by query, so
    the machine's other work weighs on both alike."""
    for memory in memories:
        memory.lookup("warm up")
    results: list[tuple[list[float], list[list[TmMatch]], float]] = []
    times: list[list[float]] = [[] for _ in memories]
    found: list[list[list[TmMatch]]] = [[] for _ in memories]
    cpu = [0.0 for _ in memories]
    for query in queries:
        for number, memory in enumerate(memories):
            started, processor = time.perf_counter(), time.process_time()
            found[number].append(memory.lookup(query, limit=5))
            times[number].append(time.perf_counter() - started)
            cpu[number] += time.process_time() - processor
    for number in range(len(memories)):
        results.append((times[number], found[number], cpu[number] / len(queries)))
    return results


def figures(times: list[float]) -> str:
    ordered = sorted(times)
    return (
        f"median {statistics.median(times) * 1000:6.1f} ms,"
        f" p95 {ordered[int(len(ordered) * 0.95) - 1] * 1000:6.1f} ms"
    )


def same(a: list[TmMatch], b: list[TmMatch]) -> bool:
    """The same scores, and the same units above the fifth score (ties may differ)."""
    if [m.score for m in a] != [m.score for m in b]:
        return False
    cut = a[-1].score if len(a) == 5 else -1
    return {(m.unit.source, m.score) for m in a if m.score > cut} == {
        (m.unit.source, m.score) for m in b if m.score > cut
    }


def bench_lookup(cluster: Cluster, size: int, folder: Path, kind: str) -> None:
    units, queries = memory_data(size, kind)
    name = f"lookup_{kind}_{size}"
    url = cluster.url(name)
    local_path = folder / f"tm_{kind}_{size}.sqlite"
    if KEEP and filled(url, local_path, len(units)):
        print(f"(reusing the {name} memories kept in {folder})")
        local = SqliteMemory(local_path)
        local_import = shared_import = float("nan")
    else:
        url = fresh_database(cluster, name)
        local_path.unlink(missing_ok=True)
        local = SqliteMemory(local_path)
        started = time.perf_counter()
        local.add(units)
        local_import = time.perf_counter() - started
        shared = PgMemory(url)
        started = time.perf_counter()
        shared.add(units)
        shared_import = time.perf_counter() - started
        shared.close()
    shared = PgMemory(url)  # a fresh session, as an editor's would be
    load = os.getloadavg()
    (local_times, local_found, local_cpu), (shared_times, shared_found, shared_cpu) = timed_lookups(
        [local, shared], queries
    )
    load_after = os.getloadavg()
    agree = sum(same(a, b) for a, b in zip(local_found, shared_found, strict=True))
    found_five = sum(len(f) == 5 for f in shared_found)
    print(f"-- {len(units):,} units, {kind} memory", flush=True)
    print(f"import:  SQLite {local_import:6.1f} s   server {shared_import:6.1f} s")
    print(
        f"load average (1 min) {load[0]:.1f} before the lookups, {load_after[0]:.1f} after"
        " (the two memories take turns, query by query)"
    )
    print(
        f"top-5 lookup, SQLite (baseline): {figures(local_times)};"
        f" client CPU {local_cpu * 1000:5.1f} ms"
    )
    print(
        f"top-5 lookup, server:            {figures(shared_times)};"
        f" client CPU {shared_cpu * 1000:5.1f} ms  (goal median <= 25 ms at 1M)"
    )
    print(
        f"same top 5 on both: {agree}/{len(queries)}; queries with five matches: "
        f"{found_five}/{len(queries)}"
    )
    local.close()
    shared.close()


def filled(url: str, local_path: Path, size: int) -> bool:
    """Whether both memories kept by an earlier run hold `size` units (the server's
    schema is brought up to date on opening it: the migration's time is printed)."""
    import psycopg  # noqa: PLC0415

    if not local_path.exists():
        return False
    try:
        started = time.perf_counter()
        shared = PgMemory(url)
    except Exception:  # noqa: BLE001 - no such database yet
        return False
    opened = time.perf_counter() - started
    try:
        if opened > 1:
            print(f"(opening {url} took {opened:.1f} s: a schema migration)")
        with SqliteMemory(local_path) as local:
            return shared.count() == local.count() == size
    except psycopg.Error:
        return False
    finally:
        shared.close()


def fresh_database(cluster: Cluster, name: str) -> str:
    import psycopg  # noqa: PLC0415

    with psycopg.connect(cluster.url(), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return cluster.url(name)


def writer_units(number: int) -> list[TmUnit]:
    rng = random.Random(1000 + number)
    # A tenth of each writer's units are the same for everyone (a sentence every editor
    # confirms): those must be stored once.
    own = [
        TmUnit(f"Writer {number}: {sentence(rng)}", f"작성자 {number}") for _ in range(PER_WRITER)
    ]
    shared_rng = random.Random(99)
    common = [TmUnit(f"Common: {sentence(shared_rng)}", "공통") for _ in range(PER_WRITER // 10)]
    return own[: PER_WRITER - len(common)] + common


def write_server(args: tuple[str, int]) -> float:
    url, number = args
    units = writer_units(number)
    memory = PgMemory(url)
    started = time.perf_counter()
    for first in range(0, len(units), BATCH):
        memory.add(units[first : first + BATCH])
    memory.close()
    return time.perf_counter() - started


def write_sqlite(args: tuple[str, int]) -> float:
    path, number = args
    units = writer_units(number)
    memory = SqliteMemory(path)
    started = time.perf_counter()
    failures = 0
    for first in range(0, len(units), BATCH):
        while True:
            try:
                memory.add(units[first : first + BATCH])
                break
            except Exception:  # noqa: BLE001 - "database is locked": try again
                failures += 1
                time.sleep(0.01)
    memory.close()
    return time.perf_counter() - started


def expected_distinct() -> int:
    return len({u.source for n in range(WRITERS) for u in writer_units(n)})


def bench_writers(cluster: Cluster, folder: Path) -> None:
    expected = expected_distinct()
    for label, target, worker in (
        ("server", fresh_database(cluster, "writers"), write_server),
        ("SQLite (one shared file, baseline)", str(folder / "writers.sqlite"), write_sqlite),
    ):
        if worker is write_server:
            PgMemory(target).close()  # the schema, before the writers race
        started = time.perf_counter()
        with multiprocessing.get_context("spawn").Pool(WRITERS) as pool:
            pool.map(worker, [(target, n) for n in range(WRITERS)])
        elapsed = time.perf_counter() - started
        memory: SqliteMemory | PgMemory = (
            PgMemory(target) if worker is write_server else SqliteMemory(target)
        )
        units = list(memory.units())
        memory.close()
        distinct = len({u.source for u in units})
        print(
            f"{WRITERS} writers x {PER_WRITER:,} units, {label}: {elapsed:6.1f} s,"
            f" {WRITERS * PER_WRITER / elapsed:8,.0f} units/s offered;"
            f" lost {expected - distinct}, duplicated {len(units) - distinct}"
        )


EDITORS, ARTICLE_SEGMENTS, CONFIRMS = 8, 2000, 250


def article(size: int) -> Article:
    rng = random.Random(3)
    blocks = [
        Block(BlockKind.PARAGRAPH, [Segment(sentence(rng), "", Status.DRAFT) for _ in range(4)])
        for _ in range(size // 4)
    ]
    return Article(ArticleMeta(title="Bench"), blocks)


def edit_shared(args: tuple[str, int]) -> tuple[list[float], int, list[tuple[int, int]]]:
    """One editor: confirms CONFIRMS segments of the shared article, a fifth of them
    ones every editor works on (so conflicts happen); a conflict is resolved by
    confirming again on top of the other's version, as a user would."""
    url, number = args
    rng = random.Random(number)
    hot = list(range(1, 51))  # everyone's first segments
    mine = rng.sample(range(51, ARTICLE_SEGMENTS + 1), CONFIRMS - CONFIRMS // 5)
    order = mine + rng.sample(hot, CONFIRMS // 5)
    rng.shuffle(order)
    project = SharedProject.open(url)
    versions = project.versions()  # read once, as the grid is: it goes stale
    times: list[float] = []
    conflicts = 0
    landed: list[tuple[int, int]] = []
    for segment_id in order:
        base = versions[segment_id]
        while True:
            started = time.perf_counter()
            try:
                version = project.confirm(
                    segment_id, base_version=base, target=f"editor {number} {segment_id}"
                )
            except EditConflictError as conflict:
                times.append(time.perf_counter() - started)
                conflicts += 1
                base = conflict.version
                continue
            times.append(time.perf_counter() - started)
            versions[segment_id] = version
            landed.append((segment_id, version))
            break
    project.close()
    return times, conflicts, landed


def bench_editors(cluster: Cluster, folder: Path) -> None:
    url = SharedProject.share(
        fresh_database(cluster, "editors"), "bench", article(ARTICLE_SEGMENTS)
    )
    started = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(EDITORS) as pool:
        results = pool.map(edit_shared, [(url, n) for n in range(EDITORS)])
    elapsed = time.perf_counter() - started
    times = [t for result in results for t in result[0]]
    conflicts = sum(result[1] for result in results)
    landed = [item for result in results for item in result[2]]
    with SharedProject.open(url) as project:
        versions = project.versions()
        histories = sum(len(project.history(i)) for i in {s for s, _v in landed})
    # Each landed confirm must have raised its segment's version by one and left one
    # history row; anything else is a lost (or doubled) update.
    per_segment = Counter(segment for segment, _version in landed)
    lost = sum(abs(versions[s] - 1 - n) for s, n in per_segment.items()) + abs(
        histories - len(landed)
    )
    print(
        f"{EDITORS} editors x {CONFIRMS} confirms on one {ARTICLE_SEGMENTS:,}-segment shared"
        f" article: {elapsed:5.1f} s; {len(landed)} landed, {conflicts} conflicts reported,"
        f" {lost} lost updates; confirm latency {figures(times)} (goal median <= 50 ms)"
    )
    path = folder / "bench.cxproj"
    Project.create(path, article(ARTICLE_SEGMENTS))
    with Project.open(path) as local:
        local_times = []
        for segment_id in range(1, CONFIRMS + 1):
            started = time.perf_counter()
            local.update_segment(segment_id, target="local", status=Status.TRANSLATED)
            local_times.append(time.perf_counter() - started)
    print(
        f"baseline, one editor on the .cxproj file (one writer at a time):"
        f" confirm latency {figures(local_times)}"
    )


def main() -> int:
    reason = why_unavailable()
    if reason is not None:
        print(f"skipped: {reason}")
        return 0
    settings = {"shared_buffers": "1GB", "work_mem": "64MB", "maintenance_work_mem": "512MB"}
    started = kept_cluster(Path(KEEP), settings) if KEEP else running_cluster(settings)
    with started as cluster, tempfile.TemporaryDirectory() as scratch:
        os.environ["PGPASSWORD"] = cluster.password
        for size in SIZES:
            for kind in KINDS:
                bench_lookup(cluster, size, Path(KEEP or scratch), kind)
        if LOOKUPS_ONLY:
            return 0
        folder = scratch
        if SIZES or not sys.argv[1:]:
            bench_writers(cluster, Path(folder))
        bench_editors(cluster, Path(folder))
    return 0


if __name__ == "__main__":
    sys.exit(main())
