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

from cxeditor.mt.protect import mask
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
        started = time.perf_counter()
        memory.lookup("warm up: the first lookup loads the index", limit=5)
        load_time = time.perf_counter() - started
        ours = []
        found: list[list[str]] = []
        for query in queries:
            started = time.perf_counter()
            matches = memory.lookup(query, limit=5)
            ours.append(time.perf_counter() - started)
            found.append([m.unit.source for m in matches])
        brute = []
        for query in queries[:50]:
            started = time.perf_counter()
            process.extract(query, sources, scorer=fuzz.ratio, limit=5, score_cutoff=70)
            brute.append(time.perf_counter() - started)
        # Recall: the brute-force top 5 over the same masked sources our scores use.
        # Ties at the fifth score may fall either way, so only scores above it count.
        masked_sources = [mask(source).text for source in sources]
        recall = {70: [0, 0], 80: [0, 0]}  # floor -> [found by us, in the brute top 5]
        for query, ours_found in zip(queries, found, strict=True):
            best = process.extract(
                mask(query).text, masked_sources, scorer=fuzz.ratio, limit=5, score_cutoff=70
            )
            cut = round(best[-1][1]) if len(best) == 5 else 0  # our scores are rounded
            for _text, score, index in best:
                for floor, counts in recall.items():
                    if round(score) > cut and score >= floor:
                        counts[1] += 1
                        counts[0] += sources[index] in ours_found
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
    print(f"first lookup (loads the sources and builds the n-gram index): {load_time:5.2f} s")
    print(
        f"cxeditor top-5 lookup: median {median * 1000:6.1f} ms, p95 {p95 * 1000:6.1f} ms "
        "(goal median <= 10 ms)"
    )
    for floor, (hits, total) in recall.items():
        print(
            f"recall of the brute-force top 5 scoring >= {floor}%: {hits}/{total}"
            f" ({hits / max(total, 1):.0%})"
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
