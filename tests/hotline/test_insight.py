"""研判: the page finds the tickets about one problem, and the 督查室 turns them into one 督办 matter."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from zhongshu.hotline.models import Ticket

pytestmark = pytest.mark.django_db


def _three_alike(new_ticket):
    now = timezone.now()
    return [new_ticket(caller_phone=f"1380000000{i}", when=now - timedelta(hours=i + 1)) for i in range(3)]


def test_the_insight_page_shows_a_hot_topic_and_its_heat(client, hl, new_ticket):
    alike = _three_alike(new_ticket)
    client.force_login(hl.head)
    page = client.get("/hotline/insight/").content.decode()
    assert "热点问题" in page and "工单 3 张" in page and "来电人 3 人" in page and "热度 =" in page
    for t in alike:  # each ticket of the topic listed by its number, linked to its page
        assert f'<a href="/hotline/tickets/{t.pk}/">{t.number}</a>' in page
    client.force_login(hl.jt_liaison)
    assert client.get("/hotline/insight/").status_code == 403


def test_a_hot_topic_becomes_one_matter_with_the_tickets_linked(client, hl, new_ticket):
    from zhongshu.supervision.models import Matter

    tickets = _three_alike(new_ticket)
    data = {"ticket": [t.pk for t in tickets], "title": "关于人民路井盖破损问题的督办", "lead_unit": hl.city.traffic.pk,
            "deadline": (timezone.localdate() + timedelta(days=30)).isoformat()}
    client.force_login(hl.head)  # the hotline office may read, not register
    client.post("/hotline/insight/to-matter/", data)
    assert not Matter.objects.exists()
    client.force_login(hl.supervisor)
    response = client.post("/hotline/insight/to-matter/", data)
    matter = Matter.objects.get()
    assert response.status_code == 302 and response["Location"] == matter.get_absolute_url()
    assert matter.source == "hotline" and "3 张工单" in matter.basis
    assert set(Ticket.objects.values_list("matter_id", flat=True)) == {matter.pk}
    client.post("/hotline/insight/to-matter/", data)  # twice: refused, still one matter
    assert Matter.objects.count() == 1
