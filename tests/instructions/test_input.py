"""Bad input to 登记 and 转办: clear Chinese reasons, every problem at once, and nothing stored —
no 批示件, no round, no scan, no 督办 matter, no number taken."""

from __future__ import annotations

import os
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from ins_time import at

from zhongshu.core.errors import UserError
from zhongshu.core.models import Attachment
from zhongshu.instructions import transitions as tr
from zhongshu.instructions.models import Instruction, Round
from zhongshu.supervision.models import Matter

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _nothing_stored():
    assert not Instruction.objects.exists() and not Round.objects.exists()
    assert not Attachment.objects.exists() and not Matter.objects.exists()


def test_every_problem_is_listed_at_once(ip, new_instruction):
    with pytest.raises(UserError) as exc:
        new_instruction(leader=ip.jt_leader, written_on=date(2026, 3, 9), text="  ", carrier_title="")
    assert exc.value.details == ["批示领导须为市领导：市交通局领导", "批示日期 2026-03-09 晚于今天，请核对",
                                 "请填写批示内容", "请填写批示所在的文件或报告"]
    _nothing_stored()


def test_too_long_text(ip, new_instruction):
    with pytest.raises(UserError, match="批示内容过长（5001 字，最多 5000 字）"):
        new_instruction(text="批" * 5001)
    _nothing_stored()


def test_a_disguised_scan_is_refused(ip, new_instruction):
    exe = SimpleUploadedFile("批示原件.pdf", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf")
    with pytest.raises(UserError, match="文件内容与扩展名不符"):
        new_instruction(scan=exe, route=True)
    _nothing_stored()


def test_a_damaged_scan_is_refused(ip, new_instruction):
    cut = SimpleUploadedFile("批示原件.pdf", PDF[:30], content_type="application/pdf")
    with pytest.raises(UserError, match="已损坏或不完整"):
        new_instruction(scan=cut)
    _nothing_stored()


def test_a_scan_of_100_mb_is_refused_before_it_is_read(ip, new_instruction, settings):
    upload = TemporaryUploadedFile("批示原件.pdf", "application/pdf", 0, None)
    upload.write(PDF)
    upload.file.truncate(100 * 1024 * 1024)  # a real 100 MB file on disk (sparse)
    upload.size = os.path.getsize(upload.temporary_file_path())
    upload.seek(0)
    with pytest.raises(UserError, match=r"附件过大：批示原件.pdf（100.0 MB，上限 \d+ MB）"):
        new_instruction(scan=upload)
    upload.close()
    _nothing_stored()


def test_a_good_scan_is_kept(ip, new_instruction):
    inst = new_instruction(scan=SimpleUploadedFile("批示原件.pdf", PDF, content_type="application/pdf"))
    stored = Attachment.objects.get()
    assert stored.purpose == "scan" and stored.object_id == inst.pk and stored.file.read() == PDF


def test_a_carrier_the_clerk_may_not_see(ip, new_instruction):
    """A 文秘 sees the 收文, not the 督办 matters: a 批示 cannot be registered on one."""
    from zhongshu.supervision.registration import MatterInput, register_matter

    matter = register_matter(ip.supervisor, MatterInput(title="城市快速路", lead_unit=ip.city.traffic,
                                                        deadline=date(2026, 6, 30)), at=at(2026, 3, 1))
    with pytest.raises(UserError, match="您无权查看该文件或记录"):
        new_instruction(by=ip.clerk, carrier=matter)
    assert not Instruction.objects.exists() and Matter.objects.count() == 1
    # the 督查室 sees it, and the 批示 links to it
    inst = new_instruction(by=ip.supervisor, carrier=matter)
    assert inst.carrier_id == matter.pk and inst.carrier_type.model == "matter"


def test_a_route_that_fails_undoes_the_registration(ip, new_instruction):
    """即批即转 in one transaction: a deadline already past refuses both, and the number is not used."""
    with pytest.raises(UserError, match="时限"):
        new_instruction(route=True, deadline=date(2026, 2, 1))
    _nothing_stored()
    assert new_instruction().number == "2026-0001"


def test_report_input(ip, new_instruction):
    from zhongshu.supervision import matters_for
    from zhongshu.supervision import transitions as sv

    round_ = new_instruction(route=True).rounds.get()
    sv.accept(matters_for(round_).get().tasks.get(unit=ip.city.traffic), ip.jt_liaison, at=at(2026, 3, 3))
    with pytest.raises(UserError) as exc:
        tr.report(round_, ip.jt_liaison, unit=ip.city.traffic, process="", situation=" ", suggestions="议" * 5001,
                  files=[SimpleUploadedFile("说明.exe", b"MZ")], at=at(2026, 3, 5))
    assert exc.value.details[:3] == ["请填写落实过程", "请填写基本情况", "意见建议过长（最多 5000 字）"]
    assert "不支持的附件类型：说明.exe" in exc.value.details[3]
    assert not round_.reports.exists() and not Attachment.objects.exists()


def test_html_is_kept_as_text(ip, new_instruction, client):
    inst = new_instruction(text="<script>alert(1)</script>请尽快办理")
    assert inst.rounds.get().text == "<script>alert(1)</script>请尽快办理"
    client.force_login(ip.supervisor)
    html = client.get(inst.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;请尽快办理" in html and "<script>alert(1)" not in html
