"""The outbox that sends an editor's writes to a shared project in order (the window's
worker uses it), against the real throw-away cluster: writes made before the server
answered go on top of the editor's own, a confirm whose answer was lost is not a
conflict with oneself, someone else's change is, and a refusal says why."""

from __future__ import annotations

import json

from test_team_projects import Team, project_file, team  # noqa: F401 - the fixtures

from cxeditor.model import Status
from cxeditor.outbox import (
    ARTICLE,
    CLAIM,
    CONFIRM,
    HISTORY,
    META,
    REFRESH,
    Landed,
    Outbox,
    Refused,
    Write,
)
from cxeditor.store.project import SegmentChange
from cxeditor.store.shared import EditConflictError, NotAllowedError, SharedProject


def confirm(segment_id: int, base: int, target: str, status: str = "translated") -> Write:
    return Write(CONFIRM, segment_id, base_version=base, target=target, status=status)


def test_writes_made_before_an_answer_go_on_top_of_ones_own(team: Team) -> None:  # noqa: F811
    with SharedProject.open(team.url("alice"), readonly=True) as seen:
        base = seen.versions()[4]
    outbox = Outbox(team.url("alice"))
    try:
        # Both made from the version the editor saw, before the first answer came.
        first = outbox.send(confirm(4, base, "하나"))
        second = outbox.send(confirm(4, base, "둘"))
        assert isinstance(first, Landed)
        assert isinstance(second, Landed)
        assert (first.version, second.version) == (base + 1, base + 2)
        claimed = outbox.send(Write(CLAIM, 5))
        assert isinstance(claimed, Landed)
        assert claimed.holder == "alice"
        read = outbox.send(Write(HISTORY, 4))
        assert isinstance(read, Landed)
        assert read.history is not None
        assert [entry.after for entry in read.history][-2:] == ["하나", "둘"]
    finally:
        outbox.close()
    # The answer lost with a connection (a crash, a network cut after the commit): sent
    # again by the next session, it is found there, not reported as a conflict.
    again = Outbox(team.url("alice"))
    try:
        repeated = again.send(confirm(4, base + 1, "둘"))
        assert isinstance(repeated, Landed)
        assert repeated.version == base + 2
    finally:
        again.close()


def test_someone_elses_change_is_a_conflict_and_a_refusal_says_why(
    team: Team,  # noqa: F811
) -> None:
    with SharedProject.open(team.url("dave")) as dave:
        base = dave.versions()[6]
        dave.confirm(6, base_version=base, target="데이브의 번역")
    outbox = Outbox(team.url("alice"))
    reviewer = Outbox(team.url("bob"))
    try:
        refused = outbox.send(confirm(6, base, "앨리스의 번역"))
        assert isinstance(refused, Refused)
        assert isinstance(refused.error, EditConflictError)
        assert (refused.error.theirs, refused.error.mine) == ("데이브의 번역", "앨리스의 번역")
        assert refused.current is not None
        assert refused.current.target == "데이브의 번역"
        rewrite = reviewer.send(confirm(6, base + 1, "검토자가 고친 번역"))
        assert isinstance(rewrite, Refused)
        assert isinstance(rewrite.error, NotAllowedError)
        approved = reviewer.send(Write(CONFIRM, 6, base_version=base + 1, status="approved"))
        assert isinstance(approved, Landed)
        assert approved.version == base + 2
    finally:
        outbox.close()
        reviewer.close()


def test_reads_come_after_the_writes_before_them_and_a_sign_off_is_kept_as_data(
    team: Team,  # noqa: F811
) -> None:
    with SharedProject.open(team.url("alice"), readonly=True) as seen:
        base = seen.versions()[7]
    outbox = Outbox(team.url("alice"))
    try:
        assert isinstance(outbox.send(confirm(7, base, "읽기 전에 쓴 것")), Landed)
        segment = outbox.send(Write(REFRESH, 7))
        assert isinstance(segment, Landed)
        assert segment.segment is not None
        assert (segment.segment.target, segment.version) == ("읽기 전에 쓴 것", base + 1)
        whole = outbox.send(Write(ARTICLE, 0))
        assert isinstance(whole, Landed)
        assert whole.article is not None
        assert whole.versions is not None
        assert whole.versions[7] == base + 1
        texts = {s.id: s.target for s in whole.article.segments()}
        assert texts[7] == "읽기 전에 쓴 것"
        # An editor may not sign off: one clear refusal, by the database.
        signed = Write(META, 0, meta=(("signed_off_by", "alice"), ("signed_off_at", "now")))
        refused = outbox.send(signed)
        assert isinstance(refused, Refused)
        assert isinstance(refused.error, NotAllowedError)
        assert "sign off" in str(refused.error)
    finally:
        outbox.close()
    # A sign-off waits in the local queue file as JSON: it comes back the same.
    item = json.loads(json.dumps(signed.item()))
    assert Write.from_item(item, row=3) == signed
    with SharedProject.open(team.project) as owner:
        owner.apply_changes(SegmentChange(i, status=Status.APPROVED) for i in owner.segment_ids())
    reviewer = Outbox(team.url("bob"))
    try:
        landed = reviewer.send(signed)
    finally:
        reviewer.close()
    assert isinstance(landed, Landed)
    # The server named the reviewer and the time itself, whatever the write said.
    assert landed.write.meta is not None
    by, at = (value for _name, value in landed.write.meta)
    assert by == "bob"
    assert at != "now"
    with SharedProject.open(team.url("alice"), readonly=True) as seen:
        assert (seen.meta().signed_off_by, seen.meta().signed_off_at) == (by, at)
