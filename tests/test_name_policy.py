"""Tweet authors' names: kept as in the source, or published in their Korean spelling."""

from __future__ import annotations

import json
from pathlib import Path

import docx
from cli_runner import run_cli  # type: ignore[import-not-found]

from cxeditor.model import Article, ArticleMeta, Block, BlockKind, Segment, Tweet
from cxeditor.names import korean_names, published_names
from cxeditor.qa.runner import run_qa
from cxeditor.services import create_project_from_files
from cxeditor.store import Project
from cxeditor.tm.glossary import Glossary, GlossaryEntry, glossary_path

SAMPLES = Path(__file__).resolve().parent.parent / "resources" / "samples"


def _project(tmp_path: Path, policy: str) -> Path:
    path = tmp_path / f"{policy}.cxproj"
    create_project_from_files(
        path,
        source=SAMPLES / "locchat-recap.en.txt",
        translation=SAMPLES / "locchat-recap.ko-mt.txt",
        name_policy=policy,
    )
    return path


def test_spellings_come_from_the_imported_translation_and_the_glossary(tmp_path: Path) -> None:
    with Project.open(_project(tmp_path, "transliterate"), readonly=True) as project:
        article = project.load_article()
    assert article.meta.name_policy == "transliterate"
    assert korean_names(article) == {"Mina Park": "미나 박", "Arjun Mehta": "아르준 메타"}
    glossary = [
        GlossaryEntry("Daniel Osei", "대니얼 오세이"),
        GlossaryEntry("Arjun Mehta", "아르준 메흐타"),  # the glossary decides
        GlossaryEntry("Sofia Reyes", dnt=True),  # a kept name is no spelling
    ]
    assert korean_names(article, glossary) == {
        "Mina Park": "미나 박",
        "Arjun Mehta": "아르준 메흐타",
        "Daniel Osei": "대니얼 오세이",
    }
    published = published_names(article, glossary)
    names = [b.tweet.name for b in published.tweets() if b.tweet]
    assert names[:2] == ["미나 박", "대니얼 오세이"]
    assert "Sofia Reyes" in names  # no spelling: as in the source
    # The project's own article is untouched: attributions keep the source's data.
    assert next(b.tweet.name for b in article.tweets() if b.tweet) == "Mina Park"
    assert published_names(article, glossary, policy="keep") is article


def test_qa_asks_for_missing_spellings_only_under_transliterate(tmp_path: Path) -> None:
    with Project.open(_project(tmp_path, "transliterate"), readonly=True) as project:
        article = project.load_article()
    missing = sorted(f.message for f in run_qa(article) if f.check == "name-policy")
    assert len(missing) == 3  # Daniel Osei, Sofia Reyes, ExampleCorp CX
    assert "Daniel Osei" in missing[0]
    glossary = [
        GlossaryEntry(name, korean)
        for name, korean in (
            ("Daniel Osei", "대니얼 오세이"),
            ("Sofia Reyes", "소피아 레예스"),
            ("ExampleCorp CX", "ExampleCorp CX 팀"),
        )
    ]
    assert [f for f in run_qa(article, glossary=glossary) if f.check == "name-policy"] == []
    kept = [f for f in run_qa(article, name_policy="keep") if f.check == "name-policy"]
    assert {f.message.split(" as ")[1].split(";")[0] for f in kept} == {"미나 박", "아르준 메타"}


def test_docx_and_html_publish_the_policy_json_keeps_the_source(tmp_path: Path) -> None:
    project = _project(tmp_path, "transliterate")
    glossary = Glossary(glossary_path())
    glossary.add([GlossaryEntry("Daniel Osei", "대니얼 오세이")])
    glossary.close()
    outputs = {}
    for name in ("docx", "html", "json"):
        out = tmp_path / f"out.{name}"
        done = run_cli("export", project, "--to", name, "-o", out)
        assert done.returncode == 0, done.stderr
        outputs[name] = out
    text = "\n".join(p.text for p in docx.Document(str(outputs["docx"])).paragraphs)
    assert "— 미나 박 (@minapark_cx)" in text
    assert "— 대니얼 오세이 (@dosei_loc)" in text
    assert "— Sofia Reyes (@sofiareyes)" in text
    html = outputs["html"].read_text(encoding="utf-8")
    assert "대니얼 오세이" in html
    assert "Daniel Osei" not in html
    data = json.loads(outputs["json"].read_text(encoding="utf-8"))
    assert data["meta"]["name_policy"] == "transliterate"
    tweets = [b["tweet"]["name"] for b in data["blocks"] if b["tweet"]]
    assert tweets[:2] == ["Mina Park", "Daniel Osei"]


def test_keep_is_the_default_and_publishes_source_names(tmp_path: Path) -> None:
    path = tmp_path / "p.cxproj"
    done = run_cli(
        "new",
        SAMPLES / "locchat-recap.en.txt",
        "--translation",
        SAMPLES / "locchat-recap.ko-mt.txt",
        "-o",
        path,
    )
    assert done.returncode == 0, done.stderr
    with Project.open(path, readonly=True) as project:
        article = project.load_article()
    assert article.meta.name_policy == "keep"
    assert published_names(article) is article


def test_unknown_policy_is_refused(tmp_path: Path) -> None:
    done = run_cli(
        "new",
        SAMPLES / "locchat-recap.en.txt",
        "--name-policy",
        "romanize",
        "-o",
        tmp_path / "p.cxproj",
    )
    assert done.returncode == 2
    assert "romanize" in done.stderr
    assert "Traceback" not in done.stderr
    article = Article(
        ArticleMeta(name_policy="transliterate"),
        [Block(BlockKind.TWEET, [Segment("Hi", "안녕", id=1)], Tweet("김지수", "jisoo"))],
    )
    assert [b.tweet.name for b in published_names(article).tweets() if b.tweet] == ["김지수"]


def _narrative_and_tweet(narrative_target: str, policy: str) -> Article:
    tweet = Tweet("Vincenzo Landino", "vincenzolandino", "2019-10-24")
    return Article(
        ArticleMeta(title="t", name_policy=policy),
        [
            Block(
                BlockKind.PARAGRAPH,
                [Segment("We chatted with guest Vincenzo Landino.", narrative_target, id=1)],
            ),
            Block(
                BlockKind.TWEET,
                [Segment("A1: Empathy at scale. #CX", "A1: 규모에 맞는 공감. #CX", id=2)],
                tweet=tweet,
            ),
        ],
    )


def _name_findings(article: Article, glossary: list[GlossaryEntry] | None = None) -> list[str]:
    return [
        f.message
        for f in run_qa(article, glossary=glossary or [])
        if f.check == "name-policy" and f.segment == 1
    ]


def test_an_author_named_in_the_text_follows_the_policy_too() -> None:
    kept = "게스트 Vincenzo Landino와 이야기를 나눴습니다."
    transliterated = "게스트 빈센조 란디노와 이야기를 나눴습니다."
    assert _name_findings(_narrative_and_tweet(kept, "keep")) == []
    assert _name_findings(_narrative_and_tweet(transliterated, "keep")) == [
        "Vincenzo Landino is not written as in the source (names are kept)"
    ]
    spelling = [GlossaryEntry("Vincenzo Landino", "빈센조 란디노")]
    article = _narrative_and_tweet(transliterated, "transliterate")
    assert _name_findings(article, spelling) == []
    article = _narrative_and_tweet(kept, "transliterate")
    assert _name_findings(article, spelling) == [
        "Vincenzo Landino is published as 빈센조 란디노; write it the same way here"
    ]
