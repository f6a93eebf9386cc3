"""公文 of 示例市 for the demo, through documents.incoming and documents.outgoing with the demo account
whose job each step is, at moments in the past (working days before today):

收文 — one 办结 and 归档 (省交通运输厅, 市交通局 handled it); one with 市住建局 handling it, 东城区
协办, and 住建局's 延期申请 waiting for the 文秘; one 呈 the mayor, waiting for his 批办 (he holds the
paper); one signed for this morning, waiting to be registered.
发文 — one 印发 as 示政办发〔<year>〕1号 (laid out as .docx); one in 会签: 市交通局 agreed, 市水利局 not yet.

Loaded once: when any 收文 or 发文 exists, nothing is loaded again.
"""

from __future__ import annotations

from datetime import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

SCAN = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

ISSUED = """示例市人民政府办公室关于进一步加强城市道路积水点整治工作的通知

各县（市、区）人民政府，市直有关单位：

为切实做好城市道路积水点整治工作，保障汛期群众出行安全，经市人民政府同意，现就有关事项通知如下。

一、全面排查积水点
各县（市、区）人民政府要在5月底前完成辖区城市道路积水点排查，建立台账，明确整改责任人和完成时限。

二、加快整治改造
（一）雨污分流。市住房和城乡建设局牵头，对老城区雨污合流管网分批改造。
（二）应急排涝。市水利局做好泵站检修和应急排涝队伍准备。

三、强化督查考核
市人民政府办公室将积水点整治纳入督查督办事项，每月通报进展。

示例市人民政府办公室
"""

COUNTERSIGN = """示例市人民政府办公室关于做好2027年春运道路交通保障工作的通知

各县（市、区）人民政府，市直有关单位：

为做好2027年春运期间道路交通保障工作，确保人民群众安全便捷出行，经市人民政府同意，现就有关事项通知如下。

一、加强路面巡查
（一）国省干线。春运期间每日巡查两次，发现隐患当日处置。
（二）农村公路。各县（市、区）对临水临崖路段逐一排查。

二、落实值班制度
市交通运输局安排24小时值班，抢修队伍在2小时内到达现场。

示例市人民政府办公室
"""


def _at(day, hh, mm=0) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hh, minute=mm))


def _scan():
    return SimpleUploadedFile("来文扫描件.pdf", SCAN, content_type="application/pdf")


def load_documents(units: dict, people: dict, now: datetime | None = None) -> str:
    from django.db import transaction

    from zhongshu.core.context import acting_as
    from zhongshu.documents import incoming as inc
    from zhongshu.documents import outgoing as out
    from zhongshu.documents.models import IncomingDocument, NumberSeries, OutgoingDocument
    from zhongshu.workcal.calc import get_calendar

    if IncomingDocument.objects.exists() or OutgoingDocument.objects.exists():
        return "公文：已有收文或发文，本次未载入演示公文。"
    now = now or timezone.now()
    cal = get_calendar()
    today = timezone.localtime(now).date()
    day = lambda n: cal.add_workdays(cal.next_workday(today), -n).value  # noqa: E731 (n working days ago)
    clerk, chief = people["msk_zhou"], people["msk_chen"]
    mayor, vice = people["mayor"], people["vice_mayor"]

    def registered(issuer, title, number, written, received, summary, urgency="normal"):
        doc = inc.receive(clerk, issuer=issuer, title=title, received_on=received, at=_at(received, 9))
        inc.register(doc, clerk, inc.Registration(
            title=title, issuer=issuer, doc_number=number, urgency=urgency, written_on=written, copies=1,
            received_on=received, summary=summary), scans=[_scan()], at=_at(received, 9, 20))
        return inc.review(doc, clerk, accept=True, at=_at(received, 9, 40))

    with acting_as(None, label="演示数据", channel="cli"), transaction.atomic():
        closed = registered("西地省交通运输厅", "西地省交通运输厅关于做好2026年国庆假期道路运输安全工作的通知",
                            "西交运〔2026〕45号", day(16), day(15), "要求各地加强国庆假期道路运输安全检查。")
        inc.propose(closed, clerk, opinion="建议呈刘副市长阅示，由市交通运输局办理", leader=vice,
                    unit=units["SL-JT"], at=_at(day(15), 10))
        inc.direct(closed, vice, opinion="请市交通局抓好落实，假期结束后报送情况", lead_unit=units["SL-JT"],
                   at=_at(day(14), 9))
        inc.complete(closed, people["jt_liaison"], result="已部署客运站、重点路段安全检查，假期无较大事故。",
                     at=_at(day(10), 16))
        inc.archive(closed, clerk, retention="10y", at=_at(day(9), 10))

        handling = registered("西地省住房和城乡建设厅", "西地省住房和城乡建设厅关于开展2026年度城镇老旧小区改造工作评估的通知",
                              "西建城〔2026〕21号", day(6), day(5), "要求各市年底前完成老旧小区改造工作自评并报送评估材料。",
                              urgency="urgent")
        inc.propose(handling, clerk, opinion="建议呈陈市长阅示，由市住建局牵头、东城区配合办理", leader=mayor,
                    unit=units["SL-ZJ"], at=_at(day(5), 10))
        inc.direct(handling, mayor, opinion="请市住建局牵头，东城区配合，按时完成自评", lead_unit=units["SL-ZJ"],
                   co_units=[units["SL-DC"]], at=_at(day(2), 9))          # 加急: due in 3 working days
        inc.handle(handling, people["zj_liaison"], text="已成立评估工作专班，正在收集各区改造项目资料。",
                   at=_at(day(1), 15))
        inc.ask(handling, people["zj_liaison"], kind="extend", reason="东城区部分项目尚未竣工验收，需待验收后一并评估",
                until=cal.add_workdays(handling.deadline, 5).value, at=_at(day(1), 16))

        waiting = registered("示例市东城区人民政府", "示例市东城区人民政府关于老旧小区加装电梯补助资金的请示",
                             "东政〔2026〕7号", day(3), day(2), "请求市级财政安排加装电梯补助资金480万元。")
        inc.propose(waiting, clerk, opinion="建议呈陈市长批示，请市财政局、市住建局研究办理", leader=mayor,
                    unit=units["SL-ZJ"], at=_at(day(2), 11))

        morning = min(now, _at(today, 8, 30))
        inc.receive(clerk, issuer="示例市应急管理局", title="示例市应急管理局关于冬季安全生产大检查情况的报告",
                    received_on=timezone.localtime(morning).date(), at=morning)

        office = units["SL-BGS"]
        series = NumberSeries.objects.get(code="示政办发")
        issued = out.draft(clerk, out.Draft(
            kind="notice", title="示例市人民政府办公室关于进一步加强城市道路积水点整治工作的通知",
            main_to="各县（市、区）人民政府，市直有关单位", copy_to="市委办公室，市人大常委会办公室",
            drafting_unit=office, series=series, text=ISSUED + f"{day(7).year}年{day(7).month}月{day(7).day}日\n"),
            at=_at(day(8), 9))
        out.submit(issued, clerk, at=_at(day(8), 10))
        out.review(issued, chief, accept=True, opinion="拟同意", signer=vice, countersign_units=[],
                   at=_at(day(8), 14))
        out.sign(issued, vice, opinion="同意印发", at=_at(day(7), 9))
        out.recheck(issued, clerk, at=_at(day(7), 10))
        out.number(issued, clerk, at=_at(day(7), 10, 30))
        out.issue(issued, clerk, printer="示例市人民政府办公室", print_date=day(7), at=_at(day(7), 15))

        signing = out.draft(clerk, out.Draft(
            kind="notice", title="示例市人民政府办公室关于做好2027年春运道路交通保障工作的通知",
            main_to="各县（市、区）人民政府，市直有关单位", copy_to="市公安局，市应急管理局", drafting_unit=office,
            series=series, text=COUNTERSIGN + f"{day(1).year}年{day(1).month}月{day(1).day}日\n"), at=_at(day(2), 9))
        out.submit(signing, clerk, at=_at(day(2), 10))
        out.review(signing, chief, accept=True, opinion="请市交通局、市水利局会签", signer=mayor,
                   countersign_units=[units["SL-JT"], units["SL-SLJ"]], at=_at(day(2), 15))
        out.countersign(signing, people["jt_liaison"], agree=True, opinion="同意", unit=units["SL-JT"],
                        at=_at(day(1), 10))
    issued.refresh_from_db()
    return (f"公文：收文 4 件（{closed.number} 已归档，{handling.number} 住建局承办中、有延期申请待审批，"
            f"{waiting.number} 待陈市长批办，1 件待登记）；发文 2 件（{issued.number} 已印发，1 件会签中）。")
