"""全文检索 across 收文 and 批示: exact phrases, 文号, units, the scope of each record, escaping,
the page and the API."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from zhongshu.search import search
from zhongshu.search.models import SearchEntry

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def records(sp, django_capture_on_commit_callbacks):
    """A 批示 routed to 市交通局 and a 收文 directed to 东城区, indexed as their steps commit."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zhongshu.documents import incoming
    from zhongshu.instructions.transitions import InstructionInput, RouteInput, register

    at = datetime(2026, 3, 2, 10, tzinfo=SH)
    with django_capture_on_commit_callbacks(execute=True):
        inst = register(sp.supervisor, InstructionInput(
            leader=sp.mayor, written_on=date(2026, 3, 2), text="请交通局牵头，抓紧拿出积水点整治方案。",
            carrier_title="关于城区主干道汛期积水情况的报告", carrier_ref="示交〔2026〕5号"),
            route=RouteInput(lead_unit=sp.city.traffic, deadline=date(2026, 3, 20)), at=at)
        doc = incoming.receive(sp.clerk, issuer="示例市东城区人民政府", title="关于<b>老旧小区</b>加装电梯的请示",
                               copies=1, channel="exchange", received_on=date(2026, 3, 3))
        incoming.register(doc, sp.clerk, incoming.Registration(
            title=doc.title, issuer=doc.issuer, doc_number="东政〔2026〕7号", secrecy="none", urgency="normal",
            written_on=date(2026, 3, 1), copies=1, received_on=date(2026, 3, 3), channel="exchange",
            summary="东城区拟在2026年完成老旧小区加装电梯120部，请求市级补助资金。"),
            scans=[SimpleUploadedFile("来文.pdf", b"%PDF-1.4\ntrailer<<>>\n%%EOF\n")])
    return inst, doc


def _titles(user, q, **kw):
    return [h.entry.title for h in search(user, q, **kw).rows]


def test_a_phrase_finds_the_record_it_occurs_in(sp, records):
    inst, doc = records
    assert _titles(sp.supervisor, "积水点整治") == ["陈市长批示：关于城区主干道汛期积水情况的报告"]
    assert _titles(sp.supervisor, "整治积水") == []  # both words are there, not as this phrase
    assert _titles(sp.supervisor, "积水 整治")  # two phrases, both present
    assert _titles(sp.supervisor, "加装电梯") == [doc.title]
    assert _titles(sp.supervisor, "东政〔2026〕7号") == [doc.title]  # by 文号
    assert _titles(sp.supervisor, "示交〔2026〕5号") == [inst.rounds.get().instruction.leader.full_name +
                                                       "批示：关于城区主干道汛期积水情况的报告"]
    assert _titles(sp.supervisor, "交通运输局")  # by unit


def test_every_record_keeps_its_own_scope(sp, records):
    inst, doc = records
    assert len(_titles(sp.supervisor, "2026")) == 2
    assert _titles(sp.jt_liaison, "积水") and not _titles(sp.jt_liaison, "电梯")  # the 收文 is not theirs
    assert not _titles(sp.dc_liaison, "积水")
    assert _titles(sp.clerk, "积水") and _titles(sp.clerk, "电梯")  # the 文秘 sees every 收文 and 批示
    assert _titles(sp.sysadmin, "积水") == []


def test_kind_and_unit_filters(sp, records):
    assert len(_titles(sp.supervisor, "2026", kind="批示")) == 1
    assert _titles(sp.supervisor, "2026", unit_id=sp.city.traffic.pk) == ["陈市长批示：关于城区主干道汛期积水情况的报告"]
    assert search(sp.supervisor, "2026", unit_id=99999).error == "所选单位不存在"


def test_the_index_follows_the_record(sp, records, django_capture_on_commit_callbacks):
    from zhongshu.instructions import transitions as tr
    from zhongshu.supervision import matters_for
    from zhongshu.supervision import transitions as sv

    inst, _ = records
    round_ = inst.rounds.get()
    with django_capture_on_commit_callbacks(execute=True):
        sv.accept(matters_for(round_).get().tasks.get(), sp.jt_liaison)
        tr.report(round_, sp.jt_liaison, unit=sp.city.traffic, process="排查积水点12处", situation="已完成雨污分流改造")
    assert _titles(sp.supervisor, "雨污分流")  # the report is part of the 批示's entry
    assert SearchEntry.objects.count() == 2


def test_bad_queries(sp, records):
    assert search(sp.supervisor, "").error == "请输入要检索的内容"
    assert search(sp.supervisor, "水").error == "请至少输入两个连续的字"
    assert "不能超过" in search(sp.supervisor, "水" * 101).error


def test_page_escapes_and_marks(sp, records, client):
    client.force_login(sp.clerk)
    html = client.get("/search/", {"q": "老旧小区"}).content.decode()
    assert "&lt;b&gt;<mark>老旧小区</mark>&lt;/b&gt;" in html and "<b>老旧小区</b>" not in html
    assert "共 1 条" in html
    assert "请至少输入两个连续的字" in client.get("/search/", {"q": "水"}).content.decode()
    client.force_login(sp.sysadmin)
    assert "全文检索" not in client.get("/").content.decode().split("</nav>")[0]


def test_api(sp, records, client):
    from zhongshu.org.tokens import create_token

    token = create_token(sp.jt_liaison, "test")[1]
    r = client.get("/api/v1/search/", {"q": "积水"}, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert r.status_code == 200 and r.json()["total"] == 1 and r.json()["items"][0]["kind"] == "批示"
    assert "积水" in r.json()["items"][0]["snippet"]
    r = client.get("/api/v1/search/", {"q": "电梯"}, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert r.json()["total"] == 0
    r = client.get("/api/v1/search/", {"q": "水"}, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert r.status_code == 422 and r.json()["message"] == "请至少输入两个连续的字"


def _index_calls(monkeypatch):
    from zhongshu.search import registry

    calls = []
    real = registry.index
    monkeypatch.setattr(registry, "index", lambda model, pk: (calls.append((model.__name__, pk)), real(model, pk)))
    return calls


def test_a_step_re_indexes_its_record_once(sp, records, django_capture_on_commit_callbacks, monkeypatch):
    """A 批示's report saves the round, the report and the 批示 several times: one rebuild at commit."""
    from zhongshu.instructions import transitions as tr
    from zhongshu.supervision import matters_for
    from zhongshu.supervision import transitions as sv

    inst, _ = records
    round_ = inst.rounds.get()
    with django_capture_on_commit_callbacks(execute=True):
        sv.accept(matters_for(round_).get().tasks.get(), sp.jt_liaison)
    calls = _index_calls(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True) as queued:
        tr.report(round_, sp.jt_liaison, unit=sp.city.traffic, process="排查积水点12处", situation="已完成雨污分流改造")
    assert calls.count(("Instruction", inst.pk)) == 1
    assert len([c for c in queued if getattr(c, "search_key", None)]) == len(set(calls))
    assert _titles(sp.supervisor, "雨污分流")


def test_a_save_rolled_back_in_a_savepoint_does_not_hide_a_later_one(sp, records, django_capture_on_commit_callbacks,
                                                                     monkeypatch):
    from django.db import transaction

    from zhongshu.documents.models import IncomingDocument

    _, doc = records
    calls = _index_calls(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            try:
                with transaction.atomic():
                    IncomingDocument.objects.filter(pk=doc.pk).update(summary="作废的摘要")
                    IncomingDocument.objects.get(pk=doc.pk).save()     # queued in the savepoint …
                    raise RuntimeError
            except RuntimeError:
                pass                                                # … which is rolled back
            fresh = IncomingDocument.objects.get(pk=doc.pk)
            fresh.summary = "东城区拟加装电梯120部，新增无障碍坡道"
            fresh.save()
            fresh.save()
    assert calls == [("IncomingDocument", doc.pk)]
    assert _titles(sp.supervisor, "无障碍坡道") == [doc.title]
    assert not _titles(sp.supervisor, "作废的摘要")
