"""A 200,000-unit TM from generated sentences: TMX import time (goal <= 30 s), median and
95th-percentile top-5 fuzzy lookup (goal <= 10 ms median), beside translate-toolkit's
matcher and a brute-force rapidfuzz.process.extract over all sources, on the same data
and queries.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from rapidfuzz import fuzz, process
from translate.search import match
from translate.storage import tmx

from cxeditor.tm.memory import SqliteMemory, TmUnit
from cxeditor.tm.tmx import export_tmx_memory, import_tmx

UNITS = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
QUERIES = 200
WORDS = (
    "customer",
    "journey",
    "brand",
    "channel",
    "team",
    "reply",
    "post",
    "review",
    "market",
    "signal",
    "support",
    "feedback",
    "loyalty",
    "service",
    "product",
    "chat",
    "moment",
    "trust",
    "speed",
    "quality",
    "message",
    "question",
    "answer",
    "glossary",
)


def sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(6, 14))
    tag = f" #Tag{rng.randint(1, 500)}" if rng.random() < 0.4 else ""
    return " ".join(words).capitalize() + "." + tag


def main() -> int:
    rng = random.Random(7)
    sources = list(dict.fromkeys(sentence(rng) for _ in range(int(UNITS * 1.1))))[:UNITS]
    units = [TmUnit(s, f"번역 {i}: {s}") for i, s in enumerate(sources)]
    queries = [
        s.replace(rng.choice(WORDS), rng.choice(WORDS), 1) for s in rng.sample(sources, QUERIES)
    ]
    with tempfile.TemporaryDirectory() as folder:
        writer = SqliteMemory(Path(folder) / "w.sqlite")
        writer.add(units)
        tmx_path = Path(folder) / "big.tmx"
        export_tmx_memory(writer, tmx_path)
        writer.close()
        memory = SqliteMemory(Path(folder) / "tm.sqlite")
        started = time.perf_counter()
        import_tmx(memory, tmx_path)
        import_time = time.perf_counter() - started
        ours = []
        for query in queries:
            started = time.perf_counter()
            memory.lookup(query, limit=5)
            ours.append(time.perf_counter() - started)
        brute = []
        for query in queries[:50]:
            started = time.perf_counter()
            process.extract(query, sources, scorer=fuzz.ratio, limit=5)
            brute.append(time.perf_counter() - started)
        store = tmx.tmxfile()
        for unit in units:
            store.addtranslation(unit.source, "en", unit.target, "ko")
        matcher = match.matcher(store, max_candidates=5, min_similarity=70)
        toolkit = []
        for query in queries[:20]:
            started = time.perf_counter()
            matcher.matches(query)
            toolkit.append(time.perf_counter() - started)
    median, p95 = statistics.median(ours), sorted(ours)[int(len(ours) * 0.95) - 1]
    print(f"TMX import of {len(units)} units: {import_time:6.1f} s (goal <= 30 s)")
    print(
        f"cxeditor top-5 lookup: median {median * 1000:6.1f} ms, p95 {p95 * 1000:6.1f} ms "
        "(goal median <= 10 ms)"
    )
    brute_median = statistics.median(brute)
    toolkit_median = statistics.median(toolkit)
    print(
        f"rapidfuzz.process.extract over all sources: median {brute_median * 1000:6.1f} ms "
        f"({brute_median / median:.1f}x ours)"
    )
    print(
        f"translate-toolkit matcher: median {toolkit_median * 1000:6.1f} ms "
        f"({toolkit_median / median:.1f}x ours)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
