"""The 12345 pages as their users click them (Django test client): 受理, the queue, the ticket page
with every step as a POST, the 派单目录; escaping, over-long input, bad phone numbers, bounded queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

INTAKE = "/hotline/intake/"


def page(client, user, url, **kw):
    client.force_login(user)
    return client.get(url, **kw)


def post(client, user, url, data):
    client.force_login(user)
    return client.post(url, data)


def step_url(ticket, step):
    return reverse("hotline:ticket_step", args=[ticket.pk, step])


def text(response) -> str:
    return response.content.decode()


def fresh(ticket):
    ticket.refresh_from_db()
    return ticket


def intake_data(**over):
    data = {"caller_name": "李四", "caller_phone": "13900001111", "channel": "phone", "request_type": "complaint",
            "urgency": "normal", "category": "", "location": "东城区人民路 12 号", "title": "人民路路灯不亮",
            "description": "人民路 12 号门口路灯连续三晚不亮，夜间出行不便。"}
    data.update(over)
    return data


# --- 受理 ----------------------------------------------------------------------------------------
def test_urls():
    assert reverse("hotline:intake") == INTAKE
    assert reverse("hotline:queue") == "/hotline/"
    assert reverse("hotline:ticket", args=[7]) == "/hotline/tickets/7/"
    assert reverse("hotline:ticket_step", args=[7, "accept"]) == "/hotline/tickets/7/accept/"
    assert reverse("hotline:catalogue") == "/hotline/catalogue/"


def test_intake_form_shows_the_tree(client, hl):
    r = page(client, hl.agent, INTAKE)
    assert r.status_code == 200
    body = text(r)
    assert "受理工单" in body and 'optgroup label="城乡建设"' in body and "道路交通 / 道路破损" in body
    assert "csrfmiddlewaretoken" in body


def test_intake_creates_ticket_and_lands_on_its_page(client, hl):
    from zhongshu.hotline.models import Ticket

    r = post(client, hl.agent, INTAKE, intake_data(category=str(hl.road.pk)))
    ticket = Ticket.objects.get()
    assert r.status_code == 302 and r["Location"] == ticket.get_absolute_url()
    assert ticket.caller_phone == "13900001111" and ticket.category == hl.road and ticket.received_by == hl.agent
    r = client.get(r["Location"])
    body = text(r)
    assert r.status_code == 200 and f"已受理，工单编号 {ticket.number}" in body
    assert "人民路路灯不亮" in body and "13900001111" in body


def test_intake_bad_phone_keeps_input(client, hl):
    from zhongshu.hotline.models import Ticket

    r = post(client, hl.agent, INTAKE, intake_data(caller_phone="1381234567", title="我的标题"))
    body = text(r)
    assert r.status_code == 400 and Ticket.objects.count() == 0
    assert "联系电话格式不正确" in body and 'value="我的标题"' in body and "人民路 12 号门口路灯" in body
    assert 'id="id_caller_phone-error"' in body  # the reason right under its field


def test_intake_huge_description_rejected_nothing_stored(client, hl):
    from zhongshu.hotline.models import Ticket, TicketStep

    r = post(client, hl.agent, INTAKE, intake_data(description="长" * 100_000))
    assert r.status_code == 400
    assert "诉求内容过长：100000 字" in text(r)
    assert Ticket.objects.count() == 0 and TicketStep.objects.count() == 0


def test_intake_empty_description(client, hl):
    r = post(client, hl.agent, INTAKE, intake_data(description=""))
    assert r.status_code == 400 and "请填写诉求内容" in text(r)


def test_intake_refused_for_units_and_readers(client, hl):
    for user in (hl.jt_liaison, hl.jt_staff, hl.supervisor, hl.mayor, hl.sysadmin):
        r = page(client, user, INTAKE)
        assert r.status_code == 403, user
        assert "只有热线话务员" in text(r)
        r = post(client, user, INTAKE, intake_data())
        assert r.status_code == 403
    from zhongshu.hotline.models import Ticket

    assert Ticket.objects.count() == 0


def test_intake_requires_login(client):
    r = client.get(INTAKE)
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]


def test_csrf_enforced(hl, new_ticket):
    from django.test import Client

    c = Client(enforce_csrf_checks=True)
    c.force_login(hl.agent)
    assert c.post(INTAKE, intake_data()).status_code == 403
    t = new_ticket()
    c.force_login(hl.dispatcher)
    assert c.post(step_url(t, "dispatch"), {}).status_code == 403


def test_html_in_description_is_escaped(client, hl, new_ticket):
    t = new_ticket(title="<b>粗体</b>标题", description="<script>alert('x')</script>井盖破损")
    for user in (hl.agent, hl.dispatcher):
        body = text(page(client, user, t.get_absolute_url()))
        assert "<script>alert" not in body and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in body
        assert "<b>粗体</b>" not in body
    body = text(page(client, hl.dispatcher, "/hotline/"))
    assert "<b>粗体</b>" not in body and "&lt;b&gt;粗体&lt;/b&gt;" in body


# --- the queue ------------------------------------------------------------------------------------
def test_queue_masks_caller_and_shows_light(client, hl, new_ticket):
    t = new_ticket(when=timezone.now())
    body = text(page(client, hl.agent, "/hotline/"))
    assert t.number in body and "张**" in body and "138****5678" in body and "13812345678" not in body
    assert 'class="light light-green"' in body


def test_queue_tabs_per_role(client, hl, new_ticket):
    from zhongshu.hotline import transitions as tr

    a = new_ticket()
    b = new_ticket(title="人民路井盖又坏了")
    tr.dispatch(b, hl.dispatcher)
    body = text(page(client, hl.dispatcher, "/hotline/"))
    for key in ("to_dispatch", "returned", "to_close", "extension"):
        assert f'data-tab="{key}"' in body
    assert 'data-tab="disputed"' not in body and 'data-tab="to_accept"' not in body
    r = page(client, hl.dispatcher, "/hotline/?tab=to_dispatch")
    assert a.number in text(r) and b.number not in text(r)
    body = text(page(client, hl.jt_liaison, "/hotline/?tab=to_accept"))
    assert 'data-tab="to_accept"' in body and 'data-tab="handling"' in body and 'data-tab="to_dispatch"' not in body
    assert b.number in body and a.number not in body
    body = text(page(client, hl.agent, "/hotline/"))
    assert 'data-tab="callback"' in body and 'data-tab="to_dispatch"' not in body
    body = text(page(client, hl.head, "/hotline/"))
    assert 'data-tab="disputed"' in body


def test_the_工作台_counts_the_queue_tabs(client, hl, new_ticket):
    from zhongshu.hotline import transitions as tr
    from zhongshu.hotline.todo import items

    new_ticket()
    tr.dispatch(new_ticket(title="人民路井盖又坏了"), hl.dispatcher)
    shown = lambda user: {t.label: (t.count, t.url) for t in items(user) if t.count}  # noqa: E731
    assert shown(hl.dispatcher) == {"热线待派单": (1, "/hotline/?tab=to_dispatch")}
    assert shown(hl.jt_liaison) == {"热线待签收": (1, "/hotline/?tab=to_accept")}
    assert shown(hl.sl_liaison) == {}                                   # not its ticket
    body = text(page(client, hl.jt_liaison, "/"))
    assert 'href="/hotline/?tab=to_accept"' in body and "热线待签收" in body


def test_queue_filters(client, hl, new_ticket):
    from zhongshu.hotline import transitions as tr
    from zhongshu.hotline.models import Ticket

    a = new_ticket()
    b = new_ticket(title="停水三天", description="幸福小区停水三天", category=hl.water_cat, request_type="help")
    tr.dispatch(b, hl.dispatcher)
    old = new_ticket(title="去年的旧工单")
    Ticket.objects.filter(pk=old.pk).update(received_at=timezone.now() - timedelta(days=400))

    def numbers(query):
        body = text(page(client, hl.dispatcher, "/hotline/?" + query))
        return {t.number for t in (a, b, old) if t.number in body}

    assert numbers(f"unit={hl.city.water.pk}") == {b.number}
    assert numbers("state=received") == {a.number, old.number}
    assert numbers(f"category={hl.traffic_cat.pk}") == {a.number, old.number}  # 道路交通 and below
    assert numbers("type=help") == {b.number}
    assert numbers("q=停水") == {b.number}
    assert numbers(f"q={a.number}") == {a.number}
    day = (timezone.localdate() - timedelta(days=400)).isoformat()
    assert numbers(f"from={day}&to={day}") == {old.number}
    assert numbers(f"unit={hl.city.water.pk}&from=2000-01-01&to=2999-01-01&state=dispatched") == {b.number}
    assert {a.number, old.number} <= numbers("light=red")  # 派单 clocks of March: late by now
    assert b.number in numbers("light=green")  # dispatched just now
    assert numbers("kpi=open") == {a.number, b.number, old.number}
    r = page(client, hl.dispatcher, "/hotline/?from=not-a-date&kpi=nonsense")
    assert r.status_code == 200 and "开始日期格式不正确" in text(r) and "未知的考核口径" in text(r)
    assert numbers("sort=due") == {a.number, b.number, old.number}
    assert numbers("sort=received") == {a.number, b.number, old.number}


def test_queue_follows_kpi_links(client, hl, new_ticket):
    from zhongshu.hotline import transitions as tr

    a = new_ticket(when=timezone.now())
    b = new_ticket(title="停水", description="幸福小区停水", category=hl.water_cat, when=timezone.now())
    tr.dispatch(b, hl.dispatcher)
    day = timezone.localdate().isoformat()
    body = text(page(client, hl.dispatcher, f"/hotline/?unit={hl.city.water.pk}&from={day}&to={day}&kpi=received"))
    assert b.number in body and a.number not in body and "按考核口径" in body
    body = text(page(client, hl.dispatcher, f"/hotline/?unit=none&from={day}&to={day}&kpi=received"))
    assert a.number in body and b.number not in body
    body = text(page(client, hl.dispatcher, f"/hotline/?from={day}&to={day}&kpi=closed"))
    assert a.number not in body and b.number not in body
    r = page(client, hl.dispatcher, "/hotline/?kpi=received")
    assert r.status_code == 200 and "考核口径须同时给出开始和结束日期" in text(r)


def test_queue_light_filter(client, hl, new_ticket):
    from zhongshu.clocks.models import Clock
    from zhongshu.hotline import transitions as tr

    late = new_ticket(title="逾期的工单")
    tr.dispatch(late, hl.dispatcher)
    Clock.objects.filter(object_id=late.pk, kind="hotline.accept").update(due_at=timezone.now() - timedelta(days=2))
    ok = new_ticket(title="正常的工单", when=timezone.now())
    body = text(page(client, hl.dispatcher, "/hotline/?light=red"))
    assert late.number in body and ok.number not in body
    assert 'class="light light-red"' in body


def test_queue_scoped_for_units(client, hl, new_ticket):
    from zhongshu.hotline import transitions as tr

    road = new_ticket()
    water = new_ticket(title="停水", description="幸福小区停水", category=hl.water_cat)
    tr.dispatch(road, hl.dispatcher)
    tr.dispatch(water, hl.dispatcher)
    body = text(page(client, hl.jt_staff, "/hotline/"))
    assert road.number in body and water.number not in body
    assert "张**" in body and "13812345678" not in body
    assert page(client, hl.sysadmin, "/hotline/").status_code == 403


def test_queue_query_count_bounded(client, hl, new_ticket, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zhongshu.hotline import transitions as tr

    for n in range(12):
        t = new_ticket(title=f"第{n}号井盖破损", caller_phone=f"1381234{n:04d}")
        if n % 2:
            tr.dispatch(t, hl.dispatcher)
    client.force_login(hl.dispatcher)
    client.get("/hotline/")  # warm caches (content types)
    with CaptureQueriesContext(connection) as few:
        r = client.get("/hotline/?sort=due&state=dispatched&light=red")
    assert r.status_code == 200
    for n in range(12, 60):
        t = new_ticket(title=f"第{n}号井盖破损")
        if n % 3 == 0:
            tr.dispatch(t, hl.dispatcher)
    with CaptureQueriesContext(connection) as many:
        r = client.get("/hotline/?sort=due&state=dispatched&light=red")
    assert len(many) == len(few)  # not one more per ticket
    with django_assert_max_num_queries(16):
        r = client.get("/hotline/")
    assert "第59号井盖破损" in text(r)
    client.force_login(hl.jt_liaison)
    client.get("/hotline/")
    with django_assert_max_num_queries(16):
        r = client.get("/hotline/?tab=to_accept")
    assert "第57号井盖破损" in text(r)


def test_queue_paginates_at_50(client, hl, new_ticket):
    from zhongshu.hotline.models import Ticket

    first = new_ticket()
    for n in range(50):
        Ticket.objects.create(title=f"批量工单{n}", description="x", received_at=timezone.now(), number=f"X{n:05d}",
                              retrieval_code="AAAAAA")
    body = text(page(client, hl.dispatcher, "/hotline/"))
    assert "共 51 件" in body and "第 1 / 2 页" in body and first.number not in body
    assert first.number in text(page(client, hl.dispatcher, "/hotline/?page=2"))


# --- the ticket page -----------------------------------------------------------------------------
def test_ticket_page_scope(client, hl, new_ticket):
    from zhongshu.hotline import transitions as tr

    t = new_ticket()
    for user in (hl.jt_liaison, hl.sl_liaison, hl.jt_staff, hl.sysadmin):
        assert page(client, user, t.get_absolute_url()).status_code == 404, user
    tr.dispatch(t, hl.dispatcher)
    assert page(client, hl.jt_staff, t.get_absolute_url()).status_code == 200
    assert page(client, hl.sl_liaison, t.get_absolute_url()).status_code == 404
    assert post(client, hl.sl_liaison, step_url(t, "accept"), {}).status_code == 404
    assert page(client, hl.supervisor, t.get_absolute_url()).status_code == 200
    assert page(client, hl.dispatcher, "/hotline/tickets/999999/").status_code == 404
    assert post(client, hl.dispatcher, step_url(t, "no_such_step"), {}).status_code == 404


def test_ticket_page_caller_visibility(client, hl, new_ticket):
    from zhongshu.hotline import transitions as tr

    t = new_ticket()
    tr.dispatch(t, hl.dispatcher)
    secret = new_ticket(title="举报噪音", confidential=True, caller_name="王五", caller_phone="13700007777")
    tr.dispatch(secret, hl.dispatcher)
    assert "13812345678" in text(page(client, hl.agent, t.get_absolute_url()))
    assert "13812345678" in text(page(client, hl.jt_staff, t.get_absolute_url()))  # the unit calls back
    body = text(page(client, hl.supervisor, t.get_absolute_url()))
    assert "13812345678" not in body and "138****5678" in body
    body = text(page(client, hl.jt_liaison, secret.get_absolute_url()))
    assert "13700007777" not in body and "王五" not in body and "137****7777" not in body and "（保密）" in body
    body = text(page(client, hl.agent, secret.get_absolute_url()))
    assert "13700007777" in body and "王五" in body
    body = text(page(client, hl.jt_liaison, "/hotline/"))
    assert "王**" not in body and "（保密）" in body
    body = text(page(client, hl.dispatcher, "/hotline/"))
    assert "王**" in body and "137****7777" in body and "13700007777" not in body


def test_ticket_page_shows_basis_clocks_and_timeline(client, hl, new_ticket):
    from zhongshu.hotline import transitions as tr

    t = new_ticket()
    tr.dispatch(t, hl.dispatcher)
    body = text(page(client, hl.jt_liaison, t.get_absolute_url()))
    assert "《市交通运输局权责清单》第 12 项" in body and "城乡建设 / 道路交通 → 示例市交通运输局" in body
    assert "签收时限" in body and "办理时限" in body and "light light-green" in body
    assert "受理" in body and "派单" in body and "办理过程" in body
    assert 'data-step="accept"' in body and 'data-step="return"' in body and 'data-step="reply"' not in body
    assert 'data-step="dispatch"' not in body


def test_buttons_follow_permissions(client, hl, new_ticket):
    t = new_ticket()
    body = text(page(client, hl.agent, t.get_absolute_url()))
    assert 'data-step="answer"' in body and 'data-step="dispatch"' not in body
    body = text(page(client, hl.dispatcher, t.get_absolute_url()))
    for name in ("dispatch", "answer", "merge", "suspend"):
        assert f'data-step="{name}"' in body
    assert 'data-step="rule_dispute"' not in body
    body = text(page(client, hl.supervisor, t.get_absolute_url()))
    assert 'id="zs-steps"' not in body


def test_refusal_shown_in_chinese_not_500(client, hl, new_ticket):
    from zhongshu.hotline.models import Ticket

    t = new_ticket()
    r = post(client, hl.agent, step_url(t, "dispatch"), {"dispatch-unit": str(hl.city.water.pk)})
    assert r.status_code == 400 and "派单未完成：只有热线派单员" in text(r)
    r = post(client, hl.dispatcher, step_url(t, "accept"), {})
    assert r.status_code == 400 and "签收未完成：只有单位联络员" in text(r)
    r = post(client, hl.dispatcher, step_url(t, "close"), {})
    assert r.status_code == 400 and "待派单的工单不能办结" in text(r)
    r = post(client, hl.dispatcher, step_url(t, "dispatch"), {"dispatch-unit": str(hl.city.water.pk)})
    assert r.status_code == 400 and "请填写派单依据" in text(r)
    assert 'id="step-dispatch"' in text(r) and "collapse show" in text(r)
    assert Ticket.objects.get(pk=t.pk).state == "received"
    r = post(client, hl.dispatcher, step_url(t, "dispatch"), {"dispatch-unit": "abc"})
    assert r.status_code == 400


def test_the_whole_loop_through_the_pages(client, hl, new_ticket):
    t = new_ticket()
    r = post(client, hl.dispatcher, step_url(t, "dispatch"), {"dispatch-unit": str(hl.city.traffic.pk)})
    assert r.status_code == 302 and fresh(t).state == "dispatched" and t.catalogue_entry is not None
    assert "派单成功" in text(client.get(r["Location"]))
    assert post(client, hl.jt_liaison, step_url(t, "accept"), {}).status_code == 302
    assert fresh(t).state == "handling"
    assert post(client, hl.jt_staff, step_url(t, "note"), {"note-text": "已安排养护班组"}).status_code == 302
    r = post(client, hl.jt_staff, step_url(t, "reply"), {"reply-resolution": "solved", "reply-reply": "井盖已更换"})
    assert r.status_code == 302 and fresh(t).state == "replied"
    assert post(client, hl.dispatcher, step_url(t, "close"), {}).status_code == 302
    assert fresh(t).state == "closed"
    r = post(client, hl.agent, step_url(t, "callback"), {"callback-satisfaction": "satisfied", "callback-note": "好"})
    assert r.status_code == 302 and fresh(t).state == "finished" and t.satisfaction == "satisfied"
    body = text(page(client, hl.agent, t.get_absolute_url()))
    assert "已回访" in body and "满意" in body and "井盖已更换" in body and "已安排养护班组" in body
    r = post(client, hl.dispatcher, step_url(t, "reopen"), {"reopen-reason": "市民再次来电"})
    assert r.status_code == 302 and fresh(t).state == "handling" and t.round == 2


def test_dispatch_by_hand_with_basis(client, hl, new_ticket):
    t = new_ticket()
    r = post(client, hl.dispatcher, step_url(t, "dispatch"),
             {"dispatch-unit": str(hl.city.east.pk), "dispatch-basis": "属地管理：东城区负责辖区内小区道路"})
    assert r.status_code == 302 and fresh(t).unit == hl.city.east and "属地管理" in t.dispatch_basis
    assert t.catalogue_entry is None


def test_return_decide_dispute_rule(client, hl, new_ticket):
    t = new_ticket()
    post(client, hl.dispatcher, step_url(t, "dispatch"), {})
    assert fresh(t).unit == hl.city.traffic
    r = post(client, hl.jt_liaison, step_url(t, "return"), {"return-reason": "nonsense", "return-text": "x"})
    assert r.status_code == 400
    r = post(client, hl.jt_liaison, step_url(t, "return"), {"return-reason": "wrong_place", "return-text": "属东城区"})
    assert r.status_code == 302 and fresh(t).state == "returned"
    r = post(client, hl.dispatcher, step_url(t, "decide_return"), {"decide_return-agree": "no"})
    assert r.status_code == 400 and "请填写不同意退单的理由" in text(r)
    r = post(client, hl.dispatcher, step_url(t, "decide_return"),
             {"decide_return-agree": "no", "decide_return-comment": "井盖属市政道路"})
    assert r.status_code == 302 and fresh(t).state == "dispatched"
    r = post(client, hl.jt_liaison, step_url(t, "dispute"), {"dispute-text": "确属东城区"})
    assert r.status_code == 302 and fresh(t).state == "disputed"
    r = post(client, hl.dispatcher, step_url(t, "rule_dispute"),
             {"rule_dispute-unit": str(hl.city.east.pk), "rule_dispute-ruling": "由东城区办理"})
    assert r.status_code == 400 and "只有热线办负责人" in text(r)
    r = post(client, hl.head, step_url(t, "rule_dispute"),
             {"rule_dispute-unit": str(hl.city.east.pk), "rule_dispute-ruling": "由东城区办理"})
    assert r.status_code == 302 and fresh(t).unit == hl.city.east and t.dispatch_final


def test_return_agreed_redispatch(client, hl, new_ticket):
    t = new_ticket()
    post(client, hl.dispatcher, step_url(t, "dispatch"), {})
    post(client, hl.jt_liaison, step_url(t, "return"), {"return-reason": "wrong_place", "return-text": "属东城区"})
    r = post(client, hl.dispatcher, step_url(t, "decide_return"),
             {"decide_return-agree": "yes", "decide_return-unit": str(hl.city.east.pk),
              "decide_return-basis": "属地管理"})
    assert r.status_code == 302 and fresh(t).unit == hl.city.east and t.state == "dispatched"


def test_extension_request_and_decision(client, hl, new_ticket):
    t = new_ticket(when=timezone.now() - timedelta(hours=1))
    post(client, hl.dispatcher, step_url(t, "dispatch"), {})
    post(client, hl.jt_liaison, step_url(t, "accept"), {})
    r = post(client, hl.jt_liaison, step_url(t, "extension"), {"extension-days": "99", "extension-basis": "x"})
    assert r.status_code == 400
    r = post(client, hl.jt_liaison, step_url(t, "extension"), {"extension-days": "5", "extension-basis": "需采购"})
    assert r.status_code == 302 and t.extensions.get().state == "pending"
    body = text(page(client, hl.dispatcher, t.get_absolute_url()))
    assert 'data-step="decide_extension"' in body and "申请延长 5 个工作日" in body
    assert t.number in text(page(client, hl.dispatcher, "/hotline/?tab=extension"))
    r = post(client, hl.dispatcher, step_url(t, "decide_extension"), {"decide_extension-approve": "yes"})
    assert r.status_code == 302 and t.extensions.get().state == "approved"
    r = post(client, hl.dispatcher, step_url(t, "decide_extension"), {"decide_extension-approve": "yes"})
    assert r.status_code == 400 and "没有待审批的延期申请" in text(r)


def test_reject_reply_suspend_resume(client, hl, new_ticket):
    t = new_ticket()
    post(client, hl.dispatcher, step_url(t, "dispatch"), {})
    post(client, hl.jt_liaison, step_url(t, "accept"), {})
    post(client, hl.jt_staff, step_url(t, "reply"), {"reply-resolution": "solved", "reply-reply": "已修"})
    r = post(client, hl.dispatcher, step_url(t, "reject_reply"), {"reject_reply-reason": "未附现场照片"})
    assert r.status_code == 302 and fresh(t).state == "handling"
    r = post(client, hl.dispatcher, step_url(t, "suspend"), {"suspend-reason": "等待市民补充材料"})
    assert r.status_code == 302 and fresh(t).state == "suspended"
    assert post(client, hl.dispatcher, step_url(t, "resume"), {}).status_code == 302
    assert fresh(t).state == "handling"


def test_callback_not_reached_and_unsatisfied(client, hl, new_ticket):
    t = new_ticket()
    post(client, hl.dispatcher, step_url(t, "dispatch"), {})
    post(client, hl.jt_liaison, step_url(t, "accept"), {})
    post(client, hl.jt_staff, step_url(t, "reply"), {"reply-resolution": "solved", "reply-reply": "已修"})
    post(client, hl.dispatcher, step_url(t, "close"), {})
    r = post(client, hl.agent, step_url(t, "callback"), {"callback-not_reached": "on"})
    assert r.status_code == 302 and fresh(t).state == "closed"
    r = post(client, hl.agent, step_url(t, "callback"), {})
    assert r.status_code == 400 and "请选择回访结果" in text(r)
    r = post(client, hl.agent, step_url(t, "callback"),
             {"callback-satisfaction": "unsatisfied", "callback-unit_at_fault": "on", "callback-note": "没修好"})
    assert r.status_code == 302 and fresh(t).state == "handling" and t.round == 2


def test_answer_directly_with_knowledge(client, hl, new_ticket):
    from zhongshu.hotline.models import KnowledgeEntry

    k = KnowledgeEntry.objects.create(question="社保缴费基数如何查询", answer="登录人社局网站查询缴费基数。",
                                      keywords="社保 缴费基数")
    KnowledgeEntry.objects.create(question="无关问题", answer="无关", keywords="宠物 狗证")
    t = new_ticket(title="咨询社保缴费基数", description="想问社保缴费基数在哪里查", category=hl.social,
                   request_type="consult")
    body = text(page(client, hl.agent, t.get_absolute_url()))
    panel = body[body.index('id="zs-knowledge"'):]
    assert "社保缴费基数如何查询" in panel and "无关问题" not in panel and "直接答复" in panel
    r = post(client, hl.agent, step_url(t, "answer"),
             {"answer-knowledge": str(k.pk), "answer-reply": k.answer})
    assert r.status_code == 302 and fresh(t).state == "closed" and t.knowledge == k and t.closed_how == "direct"


def test_merge_by_number(client, hl, new_ticket):
    a = new_ticket()
    b = new_ticket(title="人民路井盖破损（重复来电）")
    r = post(client, hl.dispatcher, step_url(b, "merge"), {"merge-number": "NOPE"})
    assert r.status_code == 400 and "工单 NOPE 不存在" in text(r)
    r = post(client, hl.dispatcher, step_url(b, "merge"), {"merge-number": a.number})
    assert r.status_code == 302 and fresh(b).state == "merged" and b.master == a
    assert b.number in text(page(client, hl.dispatcher, a.get_absolute_url()))


def test_duplicates_failure_shows_nothing(client, hl, new_ticket, monkeypatch):
    from zhongshu.hotline import duplicates

    t = new_ticket()

    def boom(ticket, **kw):
        raise RuntimeError("topics missing")

    monkeypatch.setattr(duplicates, "likely_duplicates", boom)
    r = page(client, hl.dispatcher, t.get_absolute_url())
    assert r.status_code == 200 and "疑似重复工单" not in text(r)


def test_duplicates_shown_with_reason_and_merge_button(client, hl, new_ticket, monkeypatch):
    from types import SimpleNamespace

    from zhongshu.hotline import duplicates

    a = new_ticket()
    b = new_ticket(title="人民路井盖坏了")
    monkeypatch.setattr(duplicates, "likely_duplicates",
                        lambda ticket, **kw: [(a, SimpleNamespace(score=0.91, reason="同一地点、内容相近"))])
    body = text(page(client, hl.dispatcher, b.get_absolute_url()))
    assert "疑似重复工单" in body and "同一地点、内容相近" in body and "91%" in body
    assert f'name="merge-number" value="{a.number}"' in body


def test_suggestions_shown_and_adopted(client, hl, new_ticket):
    from zhongshu.hotline.models import Ticket

    t = new_ticket(category=None)
    Ticket.objects.filter(pk=t.pk).update(suggestion={
        "category": {"label": "停水", "confidence": 0.42, "reasons": ["停水", "小区"], "needs_person": True},
        "unit": {"label": "示例市水利局", "confidence": 0.8, "reasons": ["供水"], "needs_person": False}})
    body = text(page(client, hl.dispatcher, t.get_absolute_url()))
    assert "置信度低，请人工判断" in body and "42%" in body and "停水、小区" in body and "示例市水利局" in body
    assert "采用建议分类" in body
    r = post(client, hl.dispatcher, step_url(t, "dispatch"), {"dispatch-category": str(hl.water_cat.pk)})
    assert r.status_code == 302 and fresh(t).category == hl.water_cat and t.unit == hl.city.water


# --- 派单目录 ------------------------------------------------------------------------------------
def test_catalogue_view_and_edit(client, hl):
    from zhongshu.hotline.models import CatalogueEntry

    body = text(page(client, hl.agent, "/hotline/catalogue/"))
    assert "《市交通运输局权责清单》第 12 项" in body and "随上级" in body and "办理时限" in body
    assert 'id="zs-entry-form"' not in body
    r = post(client, hl.dispatcher, "/hotline/catalogue/",
             {"category": hl.social.pk, "unit": hl.city.east.pk, "basis": "x", "active": "on"})
    assert r.status_code == 403
    for user in (hl.jt_liaison, hl.supervisor):
        assert page(client, user, "/hotline/catalogue/").status_code == 403
    body = text(page(client, hl.head, "/hotline/catalogue/"))
    assert 'id="zs-entry-form"' in body
    r = post(client, hl.head, "/hotline/catalogue/",
             {"category": hl.social.pk, "unit": hl.city.east.pk, "basis": "社保经办", "active": "on"})
    assert r.status_code == 302 and CatalogueEntry.objects.filter(category=hl.social, active=True).count() == 1
    r = post(client, hl.head, "/hotline/catalogue/",
             {"category": hl.social.pk, "unit": hl.city.water.pk, "basis": "重复", "active": "on"})
    assert r.status_code == 400 and "每个分类只能有一条有效条目" in text(r)
    assert CatalogueEntry.objects.filter(category=hl.social).count() == 1
    r = post(client, hl.head, "/hotline/catalogue/", {"category": hl.social.pk, "unit": "", "basis": ""})
    assert r.status_code == 400 and "请选择责任单位" in text(r) and "请填写派单依据" in text(r)
    entry = CatalogueEntry.objects.get(category=hl.social)
    r = post(client, hl.head, "/hotline/catalogue/",
             {"entry": entry.pk, "category": hl.social.pk, "unit": hl.city.water.pk, "basis": "改了", "active": "on"})
    assert r.status_code == 302
    entry.refresh_from_db()
    assert entry.unit == hl.city.water and entry.basis == "改了"
    assert "改了" in text(page(client, hl.head, f"/hotline/catalogue/?edit={entry.pk}"))


def test_admin_pages_load(client, hl, django_user_model):
    admin = django_user_model.objects.create_superuser("root_hl", password="x-Zs-2026!")
    client.force_login(admin)
    for name in ("category", "catalogueentry", "timelimitrule", "knowledgeentry", "apiclient"):
        r = client.get(f"/django-admin/hotline/{name}/")
        assert r.status_code in (200, 302), name
