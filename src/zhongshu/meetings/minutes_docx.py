"""The issued 纪要 as a .docx in 纪要格式 (GB/T 9704 §10.2) through zhongshu.paper:

    data = render(meeting)        # bytes of the .docx

标志 "<government><kind>纪要" (ZHONGSHU_MEETINGS_GOVERNMENT, e.g. 示例市人民政府常务会议纪要), the 期数
(第N期) instead of a 发文字号, the issuing office (<government>办公室) and the 成文日期 (the day of
issue) over the red line, the title, the body from the text drafted in the system (a line opening
with 一、 is a level-1 heading, with （一） a level-2 one, any other line a paragraph), then 出席, 请假
and 列席 from the attendance table (a substitute as "姓名（代…）"), and the 版记 (印发机关, 印发日期).
"""

from __future__ import annotations

import re

from django.conf import settings
from django.utils import timezone

from zhongshu.paper import FORMS, Heading, Paper, Para, render_docx

from .choices import Reply

_H1 = re.compile(r"^[一二三四五六七八九十]+、")
_H2 = re.compile(r"^（[一二三四五六七八九十]+）")


def blocks(text: str) -> list:
    out = []
    for line in (text or "").replace("\r\n", "\n").split("\n"):
        line = line.strip()
        if not line:
            continue
        if _H1.match(line) and len(line) <= 40:
            out.append(Heading(1, line))
        elif _H2.match(line):
            head, sep, tail = line.partition("。")
            out.append(Heading(2, head + sep, tail) if sep and len(head) <= 30 else Para(line))
        else:
            out.append(Para(line))
    return out


def people(meeting) -> tuple[str, str, str]:
    """(出席, 请假, 列席) as the 纪要 lists them."""
    present, absent, observers = [], [], []
    for row in meeting.attendances.all():
        if row.reply == Reply.LEAVE:
            absent.append(f"{row.name}（{row.leave_reason}）" if row.leave_reason else row.name)
        elif row.observer:
            observers.append(row.attendee_text)
        else:
            present.append(row.attendee_text)
    return "、".join(present), "、".join(absent), "、".join(observers)


def paper_of(meeting) -> Paper:
    minutes = meeting.minutes
    government = settings.ZHONGSHU_MEETINGS_GOVERNMENT
    issued = timezone.localtime(minutes.issued_at).date() if minutes.issued_at else timezone.localdate()
    present, absent, observers = people(meeting)
    minutes_form = "minutes" in FORMS
    extra = dict(form="minutes", attendees=present or None, absentees=absent or None,
                 observers=observers or None) if minutes_form else {}
    body = blocks(minutes.text)
    if not minutes_form:  # an older zhongshu.paper: the three lists as paragraphs
        for label, names in (("出席", present), ("请假", absent), ("列席", observers)):
            if names:
                body.append(Para(f"{label}：{names}"))
    office = f"{government}办公室"
    return Paper(title=minutes.title, issuer=f"{government}{meeting.get_kind_display()}纪要",
                 number=minutes.issue_text or None, blocks=body, signature=office, date=issued, printer=office,
                 print_date=issued, **extra)


def render(meeting) -> bytes:
    return render_docx(paper_of(meeting))
