"""发文登记 and 文号: take the next number of a series, register one typed by hand, cancel one.

    issued = take(series, title="关于……的通知", by=clerk)            # 示政发〔2026〕4号
    issued = take(series, title="…", by=clerk, typed="示政发〔2026〕5号")  # checked against the book
    cancel(issued, reason="文件撤回", by=clerk)                         # stays in the book, 已作废

Numbers come from core.numbering (one row lock per series and year, held until the transaction
ends), so two clerks taking a number at the same moment get consecutive numbers, never the same
one, and a failed take gives its number to the next caller: no gaps except the recorded
cancellations. A typed number must be the series' next one: a number already in the book is
refused with the document that has it, a number further on is refused because it would leave a
gap, a number of another series or year or in the wrong form with what is wrong.
"""

from __future__ import annotations

import re
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from zhongshu.core import numbering
from zhongshu.core.errors import UserError

from .models import IssuedNumber, NumberSeries, NumberState
from .permissions import may_number

TYPED = re.compile(r"^\s*(\S+?)\s*〔\s*(\d{4})\s*〕\s*([1-9]\d{0,5})\s*号\s*$")


def key_of(series: NumberSeries) -> str:
    return f"documents.series.{series.pk}"


def _refuse_unless_clerk(by) -> None:
    if not may_number(by):
        raise UserError("只有文秘（公文管理）可以取号或作废文号", code="forbidden", status=403)


def parse(series: NumberSeries, typed: str, year: int) -> int:
    """The sequence number of a typed 文号 of `series` and `year`, or UserError saying what is wrong."""
    text = (typed or "").strip()
    m = TYPED.match(text)
    if m is None:
        hint = ""
        if re.search(r"[\[【(（［]\s*\d{4}", text):
            hint = "：年份须用六角括号〔〕"
        elif re.search(r"第\s*\d", text) or re.search(r"〕\s*0\d", text):
            hint = "：顺序号前不加“第”、不编虚位"
        raise UserError(f"文号格式不正确“{text[:40]}”{hint}（应为 {series.text(year, 1)} 这样的形式）", code="invalid_number")
    code, typed_year, seq = m.group(1), int(m.group(2)), int(m.group(3))
    if code != series.code:
        raise UserError(f"文号“{text}”的机关代字是“{code}”，所选发文字号为“{series.code}”", code="invalid_number")
    if typed_year != year:
        raise UserError(f"文号“{text}”的年份是 {typed_year}，本年度为 {year}", code="invalid_number")
    return seq


@transaction.atomic
def take(series: NumberSeries, *, title: str, by, typed: str = "", at: datetime | None = None) -> IssuedNumber:
    _refuse_unless_clerk(by)
    title = (title or "").strip()
    if not title:
        raise UserError("请填写文件标题", code="invalid_title")
    if len(title) > 200:
        raise UserError(f"文件标题过长：{len(title)} 字（不超过 200 字）", code="invalid_title")
    if not series.active:
        raise UserError(f"发文字号“{series.code}”已停用", code="inactive_series")
    now = at or timezone.now()
    year = timezone.localtime(now).year
    wanted = parse(series, typed, year) if typed.strip() else None
    seq = numbering.next_number(key_of(series), year)  # the series' row lock, until this transaction ends
    if wanted is not None and wanted != seq:
        if wanted < seq:
            held = IssuedNumber.objects.select_related("taken_by").filter(series=series, year=year, seq=wanted).first()
            if held is None:
                whose = "已使用"
            else:
                how = "已作废" if held.state == NumberState.CANCELLED else "已使用"
                whose = (f"{how}：《{held.title}》，{held.taken_by.full_name or held.taken_by} "
                         f"{timezone.localtime(held.taken_at):%Y-%m-%d %H:%M} 取号")
            raise UserError(f"文号 {series.text(year, wanted)} {whose}。下一个可用文号是 {series.text(year, seq)}",
                            code="number_taken", status=409)
        raise UserError(f"文号 {series.text(year, wanted)} 之前还有未使用的文号（下一个是 {series.text(year, seq)}），"
                        f"跳号会留下空号", code="number_gap", status=409)
    return IssuedNumber.objects.create(series=series, year=year, seq=seq, title=title, taken_by=by, taken_at=now,
                                       typed=wanted is not None)


@transaction.atomic
def cancel(issued: IssuedNumber, *, reason: str, by, at: datetime | None = None) -> IssuedNumber:
    _refuse_unless_clerk(by)
    reason = (reason or "").strip()
    if not reason:
        raise UserError("请填写作废原因", code="invalid_reason")
    issued = IssuedNumber.objects.select_for_update().get(pk=issued.pk)
    if issued.state == NumberState.CANCELLED:
        raise UserError(f"文号 {issued.text} 已于 {timezone.localtime(issued.cancelled_at):%Y-%m-%d} 作废",
                        code="already_cancelled", status=409)
    issued.state, issued.cancel_reason = NumberState.CANCELLED, reason[:200]
    issued.cancelled_by, issued.cancelled_at = by, at or timezone.now()
    issued.save(update_fields=["state", "cancel_reason", "cancelled_by", "cancelled_at", "updated_at"])
    return issued


def book(series: NumberSeries, year: int):
    """The 发文登记簿 of a series and year, in number order."""
    return (IssuedNumber.objects.filter(series=series, year=year).select_related("series", "taken_by", "cancelled_by")
            .order_by("seq"))
