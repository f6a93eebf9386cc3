"""What the search (zhongshu.search) holds of 会议: an issued 纪要 — its title, 期数, text, 议定事项 and
the units named (传达单位, 牵头 and 配合单位). A draft is not searchable (the units read the 纪要 only
once issued); the entry's units are the meeting's (Minutes.scope_unit_fields)."""

from __future__ import annotations

from django.utils import timezone

from zhongshu import search

from .models import Minutes


def minutes_entry(minutes: Minutes):
    if not minutes.issued_at:
        return None
    meeting = minutes.meeting
    decisions = list(meeting.decisions.select_related("lead_unit").prefetch_related("co_units"))
    units = [u.name for u in minutes.relay_units.all()]
    for d in decisions:
        units += [d.lead_unit.name] + [u.name for u in d.co_units.all()]
    body = [minutes.text] + [f"议定事项{d.seq}：{d.text}" for d in decisions]
    return search.Entry(title=f"{meeting.name}纪要", day=timezone.localtime(minutes.issued_at).date(),
                        number=f"{meeting.get_kind_display()}纪要{minutes.issue_year}年{minutes.issue_text}",
                        unit_names="、".join(dict.fromkeys(units)), body="\n".join(body))


def register() -> None:
    search.register(Minutes, kind="会议纪要", build=minutes_entry)
