"""Every QA finding on the bench's article and on the tests' corpora, to prove a speed
change finds exactly what the code before it found.

    python bench/qa_snapshot.py OUT.json            write the findings
    python bench/qa_snapshot.py OUT.json --compare BEFORE.json

The bench's 20,000 segments (with and without Kiwi's spacing mistakes) go through the
whole `cxeditor qa P --json` command with bench_qa's 100-term glossary as the user's
glossary, twice (the second run finds what the first left in the user's cache), and
through run_qa in one process; every article of tests/data (qa-corpus, qa-heldout,
articles) through run_qa, with and without the English source, with and without the
glossary. Findings are compared in full: every field, `certain` too, in order.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_qa import build_article, user_glossary

from cxeditor.qa.base import Finding
from cxeditor.qa.runner import run_qa
from cxeditor.services import create_project_from_files
from cxeditor.store import Project
from cxeditor.tm.glossary import Glossary

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"


def _rows(findings: list[Finding]) -> list[list[Any]]:
    return [[*finding.to_json().values(), finding.certain] for finding in findings]


def _corpus_pairs() -> list[tuple[str, Path, Path]]:
    """(name, English, Korean) of every translation in the tests' data."""
    pairs = []
    for folder in (DATA / "qa-corpus", DATA / "qa-heldout", DATA / "articles"):
        for english in sorted(folder.glob("*.en.txt")):
            stem = english.name.removesuffix(".en.txt")
            for korean in sorted(folder.glob(f"{stem}.ko*.txt")):
                pairs.append((korean.name, english, korean))
    return pairs


def _corpora(folder: Path) -> dict[str, list[list[Any]]]:
    results: dict[str, list[list[Any]]] = {}
    glossary = user_glossary()
    for name, english, korean in _corpus_pairs():
        for aligned in (True, False):
            path = folder / f"{name}-{aligned}.cxproj"
            create_project_from_files(path, source=english if aligned else None, translation=korean)
            with Project.open(path, readonly=True) as project:
                article = project.load_article()
            mode = "aligned" if aligned else "review"
            results[f"{name} {mode}"] = _rows(run_qa(article))
            results[f"{name} {mode} glossary"] = _rows(run_qa(article, glossary=glossary))
    return results


def _command(project: Path, environment: dict[str, str]) -> list[list[Any]]:
    done = subprocess.run(
        [sys.executable, "-m", "cxeditor", "qa", str(project), "--json"],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    if done.returncode not in (0, 1):
        raise SystemExit(f"cxeditor qa failed: {done.stderr}")
    return [list(item.values()) for item in json.loads(done.stdout)]


def _bench(folder: Path) -> dict[str, Any]:
    results: dict[str, Any] = {}
    environment = {
        **os.environ,
        "XDG_DATA_HOME": str(folder / "data"),
        "XDG_CACHE_HOME": str(folder / "cache"),
    }
    os.environ.update(environment)  # this process's runs read the same cache
    data = folder / "data" / "cxeditor"
    data.mkdir(parents=True)
    with Glossary(data / "glossary.sqlite") as glossary:
        glossary.add(user_glossary())
    for spacing_every in (0, 7):
        article = build_article(spacing_every=spacing_every)
        project = folder / f"bench-{spacing_every}.cxproj"
        Project.create(project, article)
        name = f"bench spacing-every={spacing_every}"
        results[f"{name} command"] = _command(project, environment)
        results[f"{name} command again"] = _command(project, environment)
        results[f"{name} one process"] = _rows(run_qa(article, glossary=user_glossary()))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--compare", type=Path, help="findings written before the change")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        results = _corpora(Path(folder))
        results.update(_bench(Path(folder)))
    args.out.write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")
    total = sum(len(rows) for rows in results.values())
    print(f"{total} findings in {len(results)} runs written to {args.out}")
    if args.compare is None:
        return 0
    before = json.loads(args.compare.read_text(encoding="utf-8"))
    differ = 0
    for name in sorted(set(before) | set(results)):
        old, new = before.get(name), results.get(name)
        if old != new:
            differ += 1
            print(f"DIFFERENT: {name}")
            old_set = {json.dumps(row, ensure_ascii=False) for row in old or []}
            new_set = {json.dumps(row, ensure_ascii=False) for row in new or []}
            for row in sorted(old_set - new_set)[:5]:
                print(f"  only before: {row}")
            for row in sorted(new_set - old_set)[:5]:
                print(f"  only now:    {row}")
            if old_set == new_set:
                print("  same findings, another order")
    print("identical" if not differ else f"{differ} runs differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
