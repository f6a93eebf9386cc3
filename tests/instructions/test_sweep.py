"""End to end with `zhongshu sweep --now`: a 批示 not 转办 the day it came is chased every working
day until it is; once 转办, the units are chased on their 督办 task's clock; the reminders lead to
the pages they are about."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command
from ins_time import at

from zhongshu.instructions import transitions as tr
from zhongshu.notify.models import Notice
from zhongshu.supervision import matters_for

pytestmark = pytest.mark.django_db


def sweep(moment: str) -> None:
    call_command("sweep", now=moment, stdout=io.StringIO())


def _titles(user, prefix):
    return list(Notice.objects.filter(recipient=user, title__startswith=prefix).order_by("id")
                .values_list("title", "link"))


def test_a_批示_waiting_for_route_is_chased_then_its_units(ip, new_instruction, client):
    inst = new_instruction(when=at(2026, 3, 6, 16))  # a Friday afternoon: due that day
    round_ = inst.rounds.get()
    assert _titles(ip.supervisor, "【待转办】")  # told at once
    sweep("2026-03-07T10:00+08:00")  # Saturday: no working day has passed
    assert not _titles(ip.supervisor, "【批示逾期未转办】")
    sweep("2026-03-09T09:00+08:00")  # Monday: one working day late
    late = _titles(ip.supervisor, "【批示逾期未转办】")
    assert len(late) == 1 and late[0][1] == f"/instructions/rounds/{round_.pk}/"
    assert late[0][0] == f"【批示逾期未转办】转办：陈市长批示（{inst.number}）"
    assert _titles(ip.head, "【批示逾期未转办】")  # the 主任 too
    sweep("2026-03-10T09:00+08:00")
    assert len(_titles(ip.supervisor, "【批示逾期未转办】")) == 2  # every working day
    client.force_login(ip.supervisor)
    assert client.get(late[0][1])["Location"] == f"/instructions/{inst.pk}/#round-1"

    tr.route(round_, ip.supervisor, tr.RouteInput(lead_unit=ip.city.traffic, deadline=date(2026, 3, 20)),
             at=at(2026, 3, 10, 10))
    sweep("2026-03-11T09:00+08:00")
    assert len(_titles(ip.supervisor, "【批示逾期未转办】")) == 2  # routed: the chase stops
    # the unit, which never accepted nor reported, is chased by 督查督办 after its deadline
    sweep("2026-03-24T09:00+08:00")
    task = matters_for(round_).get().tasks.get()
    chased = Notice.objects.filter(recipient=ip.jt_liaison, link=task.get_absolute_url())
    assert chased.filter(title__contains="落实陈市长批示").exists()


def test_a_批示_registered_on_a_rest_day_is_due_the_next_working_day(ip, new_instruction):
    inst = new_instruction(written_on=date(2026, 3, 7), when=at(2026, 3, 7, 10))  # Saturday
    sweep("2026-03-09T09:30+08:00")  # Monday morning: due today
    assert [t for t, _ in _titles(ip.supervisor, "【批示待转办】")] == [f"【批示待转办】转办：陈市长批示（{inst.number}）"]
    assert not _titles(ip.supervisor, "【批示逾期未转办】")
