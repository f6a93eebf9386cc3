"""The demo 公文 (core/management/demo_documents.py): built through the transitions, loaded once."""

from __future__ import annotations


def test_the_demo_documents_load_once(db, settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = str(tmp_path)
    from zhongshu.core.management.demo_data import load_people, load_units
    from zhongshu.core.management.demo_documents import load_documents
    from zhongshu.core.management.demo_instructions import load_series
    from zhongshu.documents.models import IncomingDocument, OutgoingDocument

    units, _ = load_units()
    people, _ = load_people(units)
    load_series()
    summary = load_documents(units, people)
    assert "收文 4 件" in summary and "已印发" in summary
    states = dict(IncomingDocument.objects.values_list("title", "state"))
    assert sorted(states.values()) == ["archived", "handling", "proposed", "received"]
    handling = IncomingDocument.objects.get(state="handling")
    assert handling.lead_unit.code == "SL-ZJ" and handling.requests.get().state == "pending"
    assert IncomingDocument.objects.get(state="proposed").holder == people["mayor"]
    issued = OutgoingDocument.objects.get(state="issued")
    assert issued.number.startswith("示政办发〔") and issued.number.endswith("〕1号")
    signing = OutgoingDocument.objects.exclude(pk=issued.pk).get()
    assert signing.state == "countersigning"
    assert sorted(signing.countersigns.values_list("state", flat=True)) == ["agreed", "pending"]
    assert "未载入" in load_documents(units, people) and IncomingDocument.objects.count() == 4
