"""Two people at the same moment on PostgreSQL: meetings numbered by several 会务人员 at once never
share a 届次, and the 联络员 and the leader recording the same 传达 at once record it once."""

from __future__ import annotations

import threading

import meeting_flow as flow
import pytest
from django.db import connection, connections
from meeting_flow import at

from zhongshu.core.errors import TransitionRefused
from zhongshu.meetings import transitions as tr
from zhongshu.meetings.models import Meeting

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def _together(n, work):
    barrier = threading.Barrier(n)
    errors, done = [], []

    def run(i):
        try:
            barrier.wait()
            done.append(work(i))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return done, errors


def test_clerks_planning_at_once_get_consecutive_sessions(people, city, make_user):
    if connection.vendor != "postgresql":
        pytest.skip("需要 PostgreSQL：SQLite 的写事务本就串行")
    clerks = [make_user("meeting_clerk", city.office, full_name=f"会务{i}") for i in range(4)]

    def plan(i):
        for k in range(5):
            tr.plan_meeting(clerks[i], kind="office", starts_at=at(2026, 3, 10 + k, 9), place=f"会议室{i}",
                            chair=people.mayor, at=at(2026, 3, 2, 9))

    _, errors = _together(4, plan)
    assert not errors
    assert sorted(Meeting.objects.values_list("session", flat=True)) == list(range(1, 21))


def test_one_relay_recorded_once_when_two_record_it_at_once(people, city):
    if connection.vendor != "postgresql":
        pytest.skip("需要 PostgreSQL：SQLite 的写事务本就串行")
    meeting = flow.issued(people, city)
    relay_id = meeting.relays.get(unit=city.traffic).pk
    users = [people.jt_liaison, people.jt_leader]

    def record(i):
        from zhongshu.meetings.models import Relay

        return tr.record_relay(Relay.objects.get(pk=relay_id), users[i], relayed_on=at(2026, 3, 9, 15),
                               method="party_group", audience=f"第{i}次登记", at=at(2026, 3, 9, 16))

    done, errors = _together(2, record)
    assert len(done) == 1 and len(errors) == 1 and isinstance(errors[0], TransitionRefused), errors
    relay = meeting.relays.get(unit=city.traffic)
    assert relay.state == "relayed" and relay.relay_clock.events.filter(kind="complete").count() == 1
