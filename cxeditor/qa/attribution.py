"""Which findings are about a tweet's attribution (kept light: the editor asks this for
every segment it shows, before any check is loaded)."""

from __future__ import annotations

from cxeditor.qa.base import Finding

# Checks whose zero-width finding on a tweet is about its attribution (the author's
# name or handle), which is shown beside the target, not in it.
ATTRIBUTION_CHECKS = frozenset({"name-policy", "mention-case"})


def about_attribution(finding: Finding, in_tweet: bool) -> bool:
    """Whether a finding points at the tweet's attribution rather than into the target."""
    return in_tweet and finding.check in ATTRIBUTION_CHECKS and finding.start == finding.end == 0
