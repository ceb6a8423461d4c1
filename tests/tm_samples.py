"""Memory units the translation-memory tests share: the local memory's
(tests/test_tm.py) and the contract both backends keep (tests/test_team_tm.py)."""

from __future__ import annotations

from cxeditor.tm.memory import TmUnit

UNITS = [
    TmUnit(
        "Thanks @ExampleCorp for hosting! #LocChat",
        "호스팅해 주신 @ExampleCorp에 감사드립니다! #LocChat",
    ),
    TmUnit(
        "Great chat today, everyone! Same time next month.",
        "오늘 좋은 채팅이었습니다, 여러분! 다음 달 같은 시간에 만나요.",
    ),
    TmUnit(
        "#CX matters more than speed.",
        "#CX는 속도보다 중요합니다.",
        previous="No exceptions.",
        next="Thanks all.",
    ),
]
