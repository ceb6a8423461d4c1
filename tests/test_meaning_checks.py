"""The meaning checks of issue 23 on good and bad Korean (sentences of their own, not
the corpus's): each is info or warning, never an error, and never offers a fix."""

from __future__ import annotations

import pytest

from cxeditor.model import Article, Block, BlockKind, Segment
from cxeditor.qa.base import Finding, Severity
from cxeditor.qa.registry import ALL_CHECKS, CHECKS_BY_ID
from cxeditor.qa.runner import run_qa
from cxeditor.text import meaning
from cxeditor.text.idioms import parse_phrases, phrases
from cxeditor.tm.glossary import GlossaryEntry

MEANING_CHECKS = (
    "negation-parity",
    "comparison-direction",
    "literal-idiom",
    "omission",
    "named-thing",
    "amount-unit",
)


def findings_of(check_id: str, source: str, target: str, **options: object) -> list[Finding]:
    article = Article(blocks=[Block(BlockKind.PARAGRAPH, [Segment(source, target, id=1)])])
    return run_qa(article, checks=[CHECKS_BY_ID[check_id]], **options)  # type: ignore[arg-type]


# (check, English, a right Korean, a Korean whose meaning drifted)
MEANING_CASES = [
    (
        "negation-parity",
        "Never reply to a troll after midnight.",
        "자정이 넘으면 악플러에게 절대 답하지 마세요.",
        "자정이 넘으면 악플러에게 꼭 답하세요.",
    ),
    (
        "negation-parity",
        "We shipped it without a single test.",
        "저희는 테스트 하나 없이 출시했습니다.",
        "저희는 테스트 하나로 출시했습니다.",
    ),
    (
        "negation-parity",
        "It worked. We can't explain why.",
        "효과가 있었습니다. 이유는 설명할 수 없습니다.",
        "효과가 있었습니다. 이유를 설명할 수 있습니다.",
    ),
    (
        "comparison-direction",
        "Short videos get fewer comments than photos.",
        "짧은 동영상은 사진보다 댓글이 적게 달립니다.",
        "짧은 동영상은 사진보다 댓글이 많이 달립니다.",
    ),
    (
        "comparison-direction",
        "Replies got slower after the merger.",
        "합병 뒤로 답변이 느려졌습니다.",
        "합병 뒤로 답변이 빨라졌습니다.",
    ),
    (
        "comparison-direction",
        "Our costs went lower every quarter.",
        "비용은 분기마다 낮아졌습니다.",
        "비용은 분기마다 높아졌습니다.",
    ),
    (
        "literal-idiom",
        "Let's touch base next week.",
        "다음 주에 잠깐 연락해요.",
        "다음 주에 베이스를 터치해요.",
    ),
    (
        "literal-idiom",
        "Their support team keeps ghosting customers.",
        "그 회사 지원팀은 고객 연락을 계속 끊습니다.",
        "그 회사 지원팀은 고객에게 계속 유령처럼 굽니다.",
    ),
    (
        "omission",
        "We tested it. It failed twice.",
        "테스트해 봤습니다. 두 번 실패했습니다.",
        "테스트해 봤습니다.",
    ),
    (
        "omission",
        'She called it "the quiet week" in her notes.',
        "그녀는 메모에 그 주를 “조용한 주”라고 적었습니다.",
        "그녀는 메모에 그 주를 조용했다고 적었습니다.",
    ),
    (
        "named-thing",
        "The pilot ran on Slack and Discord for a month.",
        "시범 운영은 한 달 동안 슬랙과 디스코드에서 진행됐습니다.",
        "시범 운영은 한 달 동안 슬랙에서 진행됐습니다.",
    ),
    (
        "named-thing",
        "Ask Marisol Ortega about the rollout.",
        "출시 얘기는 Marisol Ortega에게 물어보세요.",
        "출시 얘기는 담당자에게 물어보세요.",
    ),
    (
        "amount-unit",
        "The survey ran for 3 weeks.",
        "설문은 3주 동안 진행됐습니다.",
        "설문은 3개월 동안 진행됐습니다.",
    ),
    (
        "amount-unit",
        "Hundreds of fans replied within minutes.",
        "몇 분 만에 팬 수백 명이 답했습니다.",
        "몇 분 만에 팬 300명이 답했습니다.",
    ),
    (
        "amount-unit",
        "Open rates tripled.",
        "오픈율이 세 배가 됐습니다.",
        "오픈율이 두 배가 됐습니다.",
    ),
]


@pytest.mark.parametrize(
    ("check_id", "source", "good", "bad"),
    MEANING_CASES,
    ids=[f"{case[0]}:{case[1][:24]}" for case in MEANING_CASES],
)
def test_good_and_bad(check_id: str, source: str, good: str, bad: str) -> None:
    assert findings_of(check_id, source, good) == []
    found = findings_of(check_id, source, bad)
    assert found, f"{check_id} missed {bad!r}"
    for finding in found:
        assert finding.check == check_id
        assert bad[finding.start : finding.end] == finding.text
        assert finding.fix is None
        assert finding.severity in {Severity.WARNING, Severity.INFO}


def test_every_meaning_check_is_registered_with_a_case() -> None:
    assert {case[0] for case in MEANING_CASES} == set(MEANING_CHECKS)
    for check_id in MEANING_CHECKS:
        check = CHECKS_BY_ID[check_id]
        assert check in ALL_CHECKS
        assert check.severity is not Severity.ERROR


def test_a_korean_only_project_gets_no_meaning_suspects() -> None:
    article = Article(
        blocks=[Block(BlockKind.PARAGRAPH, [Segment("", "저희는 절대 답하지 않습니다.", id=1)])]
    )
    checks = [CHECKS_BY_ID[check_id] for check_id in MEANING_CHECKS]
    assert run_qa(article, checks=checks) == []


def test_a_negation_the_korean_adds_is_only_a_remark() -> None:
    found = findings_of("negation-parity", "Reply to every comment.", "댓글에 답하지 마세요.")
    assert [(f.severity, f.text) for f in found] == [(Severity.INFO, "지 마")]
    # what English says with "less than" Korean says with a negative verb
    assert (
        findings_of("negation-parity", "Keep it less than a minute.", "1분이 넘지 않게 하세요.")
        == []
    )


def test_words_that_only_look_negative_are_not() -> None:
    # 잘못 (wrong), 몇 안 되는 (few): no negation in them
    assert meaning.korean_negations("잘못된 게시물은 몇 안 되는 경우입니다.") == []
    assert (
        findings_of(
            "negation-parity", "The few posts that went wrong.", "잘못된 몇 안 되는 게시물."
        )
        == []
    )


def test_a_segment_that_goes_both_ways_is_not_a_flip() -> None:
    source = "Send less and earn more."
    assert findings_of("comparison-direction", source, "덜 보내고 더 많이 버세요.") == []
    assert findings_of("comparison-direction", source, "더 적게 보내고 더 많이 버세요.") == []


def test_sentences_are_paired_when_both_sides_have_as_many() -> None:
    # the first sentence negates on both sides; the second lost its "never"
    source = "Not on their own. A discount never makes them stay."
    found = findings_of(
        "negation-parity", source, "그것만으로는 안 됩니다. 할인은 고객을 머물게 합니다."
    )
    assert [f.text for f in found] == ["할인은 고객을 머물게 합니다."]


def test_a_name_is_found_as_written_transliterated_or_from_the_glossary() -> None:
    source = "We moved the team to Asana in May."
    assert findings_of("named-thing", source, "5월에 팀을 Asana로 옮겼습니다.") == []
    assert findings_of("named-thing", source, "5월에 팀을 아사나로 옮겼습니다.") == []
    glossary = [GlossaryEntry("Asana", "업무관리툴A")]
    assert (
        findings_of(
            "named-thing", source, "5월에 팀을 업무관리툴A로 옮겼습니다.", glossary=glossary
        )
        == []
    )
    found = findings_of("named-thing", source, "5월에 팀을 새 도구로 옮겼습니다.")
    assert len(found) == 1
    assert "Asana" in found[0].message


def test_a_capital_that_opens_a_sentence_is_no_name() -> None:
    assert meaning.named_things("Honesty. Refunds go to a person, always.") == []
    assert [s.text for s in meaning.named_things("Thanks Laura Kim for hosting!")] == ["Laura Kim"]


def test_an_age_decade_is_not_an_age() -> None:
    source = "Brands that sell to 20-somethings."
    assert findings_of("amount-unit", source, "20대에게 파는 브랜드.") == []
    assert [f.text for f in findings_of("amount-unit", source, "20세에게 파는 브랜드.")] == ["20세"]


def test_the_idiom_list_is_well_formed() -> None:
    listed = phrases()
    assert len(listed) >= 40
    for phrase in listed:
        assert phrase.kind in {"idiom", "sense"}
        assert phrase.traps
        assert phrase.meaning
        assert phrase.korean
        # every trap is literal Korean: it must not fire on the usual rendering
        for trap in phrase.traps:
            assert trap.search(phrase.korean) is None, (phrase.english.pattern, trap.pattern)


def test_an_idiom_list_entry_needs_its_fields() -> None:
    with pytest.raises(KeyError):
        parse_phrases('[[phrase]]\nenglish = "x"\nkind = "idiom"\n')
