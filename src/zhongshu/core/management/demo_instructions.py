"""Three 领导批示 of 示例市, through instructions.transitions with the demo account whose job each
step is, at moments in the past: one 阅结 by the mayor after both units reported (and the 督查室 accepted their 办结), one with 市交通局
handling it (signed for, not yet reported), one registered this morning and waiting for 转办. Loaded
once: when any 批示 exists, nothing is loaded again. Also the demo 发文字号 series (load_series), so 发文 can be drafted at once.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone


def _at(day, hh, mm=0) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hh, minute=mm))


SERIES = [  # the 发文字号 series of the demo city (机关代字, name, issuer): 发文 can be drafted at once
    ("示政发", "市政府发文", "示例市人民政府"),
    ("示政办发", "市政府办公室发文", "示例市人民政府办公室"),
    ("示政办函", "市政府办公室函", "示例市人民政府办公室"),
    ("示政纪", "市政府常务会议纪要", "示例市人民政府常务会议"),
    ("示交发", "市交通局发文", "示例市交通运输局"),
]


def load_series() -> int:
    """The demo 发文字号 series that do not exist yet; returns how many were added."""
    from zhongshu.documents.models import NumberSeries

    have = set(NumberSeries.objects.values_list("code", flat=True))
    NumberSeries.objects.bulk_create([NumberSeries(code=c, name=n, issuer=i) for c, n, i in SERIES if c not in have])
    return len([c for c, _, _ in SERIES if c not in have])


def load_instructions(units: dict, people: dict, now: datetime | None = None) -> str:
    from django.db import transaction

    from zhongshu.core.context import acting_as
    from zhongshu.instructions import transitions as tr
    from zhongshu.instructions.models import Instruction
    from zhongshu.supervision import matters_for
    from zhongshu.supervision import transitions as sv
    from zhongshu.workcal.calc import get_calendar

    if Instruction.objects.exists():
        return "领导批示：已有批示，本次未载入演示批示。"
    now = now or timezone.now()
    cal = get_calendar()
    today = timezone.localtime(now).date()
    day = lambda n: cal.add_workdays(cal.next_workday(today), -n).value  # noqa: E731 (n working days ago)
    dcs, mayor, vice = people["dcs_li"], people["mayor"], people["vice_mayor"]
    with acting_as(None, label="演示数据", channel="cli"), transaction.atomic():
        done = tr.register(dcs, tr.InstructionInput(
            leader=mayor, written_on=day(20), carrier_title="关于城区主干道汛期积水情况的报告", carrier_ref="示交〔2026〕5号",
            text="请交通局牵头，会同水利局一个月内拿出积水点整治方案，主汛期前完成改造。"),
            route=tr.RouteInput(lead_unit=units["SL-JT"], co_units=[units["SL-SLJ"]], deadline=day(5) + timedelta(days=1)),
            at=_at(day(20), 10))
        first = done.rounds.get()
        for task, liaison in ((matters_for(first).get().tasks.get(unit=units["SL-JT"]), people["jt_liaison"]),
                              (matters_for(first).get().tasks.get(unit=units["SL-SLJ"]), people["slj_liaison"])):
            sv.accept(task, liaison, at=_at(day(19), 9))
        tr.report(first, people["jt_liaison"], unit=units["SL-JT"], process="召开专题会，逐一排查主干道积水点12处。",
                  situation="已完成8处雨污分流改造，其余4处主汛期前完工。", suggestions="建议将排水管网改造纳入年度城建计划。",
                  at=_at(day(8), 15))
        tr.report(first, people["slj_liaison"], unit=units["SL-SLJ"], process="配合排查河道排口。",
                  situation="清淤排口6处，汛期值守到位。", at=_at(day(7), 11))
        for task in matters_for(first).get().tasks.all():  # the 督查室 accepts the 办结 in 督查督办
            sv.review_completion(task.completions.get(), dcs, accept=True, at=_at(day(6), 9))
        tr.submit(first, dcs, note="两单位均已报送", at=_at(day(6), 10))
        tr.decide(first, mayor, close=True, note="已阅，抓好后续落实", at=_at(day(5), 9))

        handling = tr.register(dcs, tr.InstructionInput(
            leader=vice, written_on=day(3), carrier_title="政务信息专报第18期：人民路拓宽工程征地拆迁进展",
            carrier_ref="政务信息第18期", text="请交通局加快征地拆迁进度，每周报送进展，确保年底前完工。"),
            route=tr.RouteInput(lead_unit=units["SL-JT"], deadline=cal.add_workdays(today, 7).value),
            at=_at(day(3), 11))
        sv.accept(matters_for(handling.rounds.get()).get().tasks.get(), people["jt_liaison"], at=_at(day(2), 9))

        waiting = tr.register(people["msk_zhou"], tr.InstructionInput(
            leader=mayor, written_on=today, carrier_title="关于老旧小区加装电梯补助资金的请示",
            carrier_ref="东政〔2026〕7号", text="请督查室督促东城区抓紧落实，住建局给予指导。"), at=min(now, _at(today, 9)))
    return (f"领导批示：3 件（{done.number} 已阅结，{handling.number} 办理中，{waiting.number} 待转办）。")
