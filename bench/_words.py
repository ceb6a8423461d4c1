"""The repetitive memory's 24 words, shared by bench_tm.py and bench_team.py: every
sentence built from them shares word pairs with thousands of others."""

REPETITIVE_WORDS = (
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
