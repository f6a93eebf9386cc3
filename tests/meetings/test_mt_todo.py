"""会议 to-dos on the 工作台: a submitted 议题 waits for the 会务人员's 审核, and the link lists it."""

from __future__ import annotations

import meeting_flow as flow
import pytest

from zhongshu.meetings.todo import items

pytestmark = pytest.mark.django_db


def test_a_submitted_topic_waits_for_the_会务人员(client, people, city):
    topic = flow.submitted(people, city)
    (todo,) = [t for t in items(people.clerk) if t.count]
    assert (todo.label, todo.count) == ("议题待审核", 1)
    client.force_login(people.clerk)
    assert topic.title in client.get(todo.url).content.decode()
    assert items(people.jt_liaison) == [] and items(people.mayor) == []
    flow.accepted(people, city)                          # another topic, accepted at once
    assert [t.count for t in items(people.clerk)] == [1]
