"""Score QA against the annotated corpus in tests/data/qa-corpus/.

Each article there has an English source (NAME.en.txt), a realistic machine
translation (NAME.ko-mt.txt), a gold file listing every defect an editor fixes in it
(NAME.gold.json: line, defective text, kind, right fix) and a clean, publishable
translation (NAME.ko.txt) that must get no warnings. Used by tests/test_qa_corpus.py
and bench/bench_qa.py; run as a script (`python tests/qa_corpus.py`) it prints the
scores as JSON, so the bench can score an older cxeditor the same way.

Only Finding's fields of the DESIGN contract are read (segment, check, severity,
start, end, fix), so any version of cxeditor can be scored.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parent / "data" / "qa-corpus"
ARTICLES = ("mktgchat-recap", "supportchat-recap")
# Written and annotated before QA ran on them (the last two before their author read
# cxeditor/qa/): the honest measure. Scored apart (`--heldout`, per article and in
# total); no test holds them to the bar.
HELDOUT = CORPUS.parent / "qa-heldout"
HELDOUT_ARTICLES = ("loyaltychat-recap", "cxtweetchat-bothandoff", "cxtweetchat-storereturns")

# Which checks report each kind of defect.
KIND_CHECKS: dict[str, frozenset[str]] = {
    "garbled-tag": frozenset({"garbled-hashtag", "translated-hashtag"}),
    "misspelt-tag": frozenset({"garbled-hashtag", "hashtag-variant"}),
    "dropped-hash": frozenset({"garbled-hashtag"}),
    "translated-tag": frozenset({"translated-hashtag"}),
    "translated-handle": frozenset({"mention-case"}),
    "recased-handle": frozenset({"mention-case"}),
    "broken-url": frozenset({"broken-url"}),
    "spacing": frozenset({"particle-spacing", "korean-spacing"}),
    "stray-character": frozenset({"stray-character"}),
    "truncated": frozenset({"truncated-tweet"}),
    "english": frozenset({"english-left"}),
    "brand": frozenset({"brand-name"}),
    "name": frozenset({"name-policy"}),
    "chat-label": frozenset({"chat-label"}),
    "josa": frozenset({"josa"}),
    "date": frozenset({"date-format"}),
    "meaning": frozenset(),
}
_COUNTED = ("warning", "error")  # info is a remark, never a false alarm
# Issue 23's meaning suspects ask for a second look; tests/meaning_corpus.py measures
# them with their own allowance of false suspects, so they are no false alarm here.
MEANING_SUSPECTS = frozenset(
    {
        "negation-parity",
        "comparison-direction",
        "literal-idiom",
        "omission",
        "named-thing",
        "amount-unit",
    }
)


@dataclass
class GoldDefect:
    kind: str
    segment: int
    start: int
    end: int
    fix: str | None
    target: str
    whole_segment: bool  # an attribution's name: the finding sits on the tweet
    rule: bool
    source_only: bool


@dataclass
class KindScore:
    gold: int = 0
    found: int = 0
    fixes_offered: int = 0
    fixes_right: int = 0
    false: int = 0
    clean: int = 0  # warnings and errors of this kind on the clean translation

    def add(self, other: KindScore) -> None:
        self.gold += other.gold
        self.found += other.found
        self.fixes_offered += other.fixes_offered
        self.fixes_right += other.fixes_right
        self.false += other.false
        self.clean += other.clean


@dataclass
class Score:
    kinds: dict[str, KindScore] = field(default_factory=lambda: defaultdict(KindScore))
    clean_false: int = 0  # warnings and errors on the clean translations
    missed: list[str] = field(default_factory=list)
    wrong_fixes: list[str] = field(default_factory=list)
    false_findings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "kinds": {kind: vars(score) for kind, score in sorted(self.kinds.items())},
            "clean_false": self.clean_false,
            "missed": self.missed,
            "wrong_fixes": self.wrong_fixes,
            "false_findings": self.false_findings,
        }

    def add(self, other: Score) -> None:
        for kind, score in other.kinds.items():
            self.kinds[kind].add(score)
        self.clean_false += other.clean_false
        self.missed += other.missed
        self.wrong_fixes += other.wrong_fixes
        self.false_findings += other.false_findings

    def total(self) -> KindScore:
        total = KindScore()
        for kind, score in self.kinds.items():
            if kind != "meaning":
                total.add(score)
        return total


def _segments(path: Path) -> tuple[Any, list[tuple[int, str]]]:
    from cxeditor.store import Project  # noqa: PLC0415 - the cxeditor under test

    with Project.open(path, readonly=True) as project:
        article = project.load_article()
    return article, [(s.id, s.target) for s in article.segments() if s.id is not None]


def _home(name: str) -> Path:
    return HELDOUT if name in HELDOUT_ARTICLES else CORPUS


def _make_project(folder: Path, name: str, translation: str, aligned: bool) -> Path:
    from cxeditor.services import create_project_from_files  # noqa: PLC0415

    path = folder / f"{name}-{translation}-{'aligned' if aligned else 'review'}.cxproj"
    source = _home(name) / f"{name}.en.txt" if aligned else None
    create_project_from_files(
        path, source=source, translation=_home(name) / f"{name}.{translation}"
    )
    return path


def _gold(name: str, segments: list[tuple[int, str]]) -> list[GoldDefect]:
    lines = (_home(name) / f"{name}.ko-mt.txt").read_text(encoding="utf-8").splitlines()
    data = json.loads((_home(name) / f"{name}.gold.json").read_text(encoding="utf-8"))
    defects = []
    for item in data["defects"]:
        line = lines[item["line"] - 1]
        text, after = item["text"], item.get("after", "")
        assert after + text in line, (name, item)
        on_line = [(sid, target) for sid, target in segments if target and target in line]
        hit = next(((sid, target) for sid, target in on_line if after + text in target), None)
        whole = hit is None
        if hit is None:  # an attribution line: its name belongs to the tweet above
            assert line.startswith("—"), (name, item)
            previous = lines[item["line"] - 2]
            hit = next((sid, t) for sid, t in segments if t and t in previous)
            start = end = 0
        else:
            start = hit[1].index(after + text) + len(after)
            end = start + len(text)
        defects.append(
            GoldDefect(
                item["kind"],
                hit[0],
                start,
                end,
                item["fix"],
                hit[1],
                whole,
                item.get("rule", True),
                item.get("source_only", False),
            )
        )
    return defects


def _matches(finding: Any, gold: GoldDefect) -> bool:
    if finding.segment != gold.segment or finding.check not in KIND_CHECKS[gold.kind]:
        return False
    if gold.whole_segment or finding.start == finding.end:
        return True
    return finding.start < gold.end and gold.start < finding.end


def _kind_of(check: str) -> str:
    return next((k for k, checks in KIND_CHECKS.items() if check in checks), check)


def _replaced(target: str, start: int, end: int, fix: str) -> str:
    return target[:start] + fix + target[end:]


def score_article(name: str, aligned: bool, folder: Path, score: Score) -> None:
    from cxeditor.qa.runner import run_qa  # noqa: PLC0415

    mode = "aligned" if aligned else "review"
    article, segments = _segments(_make_project(folder, name, "ko-mt.txt", aligned))
    findings = run_qa(article)
    golds = _gold(name, segments)
    matched: set[int] = set()
    for gold in golds:
        if not gold.rule or (gold.source_only and not aligned):
            continue  # not what rules can catch here
        kind = score.kinds[gold.kind]
        kind.gold += 1
        hits = [f for f in findings if _matches(f, gold)]
        matched.update(id(f) for f in hits)
        if hits:
            kind.found += 1
        else:
            score.missed.append(
                f"{mode} {name} {gold.kind}: {gold.target[gold.start : gold.end]!r}"
            )
        right = None if gold.fix is None else _replaced(gold.target, gold.start, gold.end, gold.fix)
        for hit in hits:
            if hit.fix is None:
                continue
            kind.fixes_offered += 1
            if _replaced(gold.target, hit.start, hit.end, hit.fix) == right:
                kind.fixes_right += 1
            else:
                score.wrong_fixes.append(
                    f"{mode} {name} {hit.check}: {gold.target[hit.start : hit.end]!r} "
                    f"-> {hit.fix!r}"
                )
    # Findings on defects no rule is asked to catch are not false alarms either.
    matched.update(id(f) for gold in golds for f in findings if not gold.rule and _matches(f, gold))
    targets = dict(segments)
    for finding in findings:
        if id(finding) in matched or finding.severity.value not in _COUNTED:
            continue
        if finding.check in MEANING_SUSPECTS:
            continue
        score.kinds[_kind_of(finding.check)].false += 1
        text = targets[finding.segment][finding.start : finding.end]
        score.false_findings.append(f"{mode} {name} {finding.check}: {text!r}")
    clean_article, clean_segments = _segments(_make_project(folder, name, "ko.txt", aligned))
    clean_targets = dict(clean_segments)
    for finding in run_qa(clean_article):
        if finding.severity.value in _COUNTED and finding.check not in MEANING_SUSPECTS:
            score.clean_false += 1
            score.kinds[_kind_of(finding.check)].clean += 1
            text = clean_targets[finding.segment][finding.start : finding.end]
            score.false_findings.append(f"{mode} {name} clean {finding.check}: {text!r}")


def score_each(articles: tuple[str, ...]) -> dict[str, dict[str, Score]]:
    """Each article's scores with the English source (aligned) and without (review)."""
    each: dict[str, dict[str, Score]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for name in articles:
            each[name] = {"aligned": Score(), "review": Score()}
            for mode, score in each[name].items():
                score_article(name, mode == "aligned", Path(folder), score)
    return each


def score_corpus(articles: tuple[str, ...] = ARTICLES) -> dict[str, Score]:
    """Scores with the English source (aligned) and of the Korean alone (review)."""
    scores = {"aligned": Score(), "review": Score()}
    for article_scores in score_each(articles).values():
        for mode, score in article_scores.items():
            scores[mode].add(score)
    return scores


if __name__ == "__main__":
    if "--heldout" in sys.argv:  # per article, and the total under "total"
        each = score_each(HELDOUT_ARTICLES)
        total = {"aligned": Score(), "review": Score()}
        for article_scores in each.values():
            for mode, score in article_scores.items():
                total[mode].add(score)
        each["total"] = total
        out = {name: {mode: s.to_json() for mode, s in m.items()} for name, m in each.items()}
        print(json.dumps(out))
    else:
        print(json.dumps({mode: s.to_json() for mode, s in score_corpus(ARTICLES).items()}))
    sys.exit(0)
