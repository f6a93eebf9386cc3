"""A living 12345 hotline for 示例市: a category tree, its 派单目录, about 240 tickets of the last
eight weeks in every state, and the learned suggestion models trained on them.

Everything goes through the hotline's own services (catalogue.load_taxonomy, intake.receive,
transitions.*) with the demo account whose job each step is, at `at=` moments in the past
(working hours, on the real calendar), so the queues, lights, steps, KPIs and 研判 are what the
system itself would have produced. Their reminders come from the next sweep of the worker (the
demo does not sweep them itself, so the newest notices of the inbox stay the 督查督办 ones). Texts are fictional, made from templates per category with
places drawn from random.Random(2026). No shared or real data is shipped.

A demo set is recognised by its callers' phone numbers (prefix 1990000, a range no real caller
has); when one exists nothing is loaded again. The audit trail records the
real moment of loading (it is never backdated).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.utils import timezone

SEED = 2026
PHONE_PREFIX = "1990000"
COUNT = 240

# (一级, 二级, 三级, unit code, basis, [(title, description)]) — {p} a place, {r} a road, {c} a community
TREE = [
    ("城乡建设", "道路交通", "道路破损", "SL-JT", "《市交通运输局权责清单》第 12 项：城市道路养护", [
        ("{r}路面坑洼", "{r}靠近{c}一段路面坑洼积水，车辆经过颠簸，请尽快修补。"),
        ("{r}井盖破损", "{r}与{r2}交叉口井盖破损松动，夜间行人易绊倒，存在安全隐患。"),
    ]),
    ("城乡建设", "道路交通", "公交线路", "SL-JT", "《市交通运输局权责清单》第 20 项：城市公共交通管理", [
        ("建议增开{c}公交线路", "{c}居民出行不便，最近的公交站步行二十分钟，建议增设站点或开通微循环公交。"),
        ("{r}公交车到站不准时", "{r}站的公交车经常晚点半小时以上，早高峰上班族等车困难。"),
    ]),
    ("城乡建设", "供水", "停水", "SL-SLJ", "《市水利局权责清单》第 3 项：城市供水保障", [
        ("{c}无故停水", "{c}从昨天晚上开始停水，没有任何通知，老人小孩生活不便，请尽快恢复供水。"),
        ("{c}水压不足", "{c}高层住户水压不足，白天基本没水，请供水部门检查加压设备。"),
    ]),
    ("城乡建设", "住房", "物业管理", "SL-ZJ", "《市住建局权责清单》第 31 项：物业管理活动监督", [
        ("{c}物业不作为", "{c}物业公司收费后不履行服务，楼道垃圾长期无人清理，电梯经常故障。"),
        ("{c}电梯故障频繁", "{c}3栋电梯一个月内故障五次，多次困人，物业维修不及时。"),
    ]),
    ("教育文体", "教育", "学位入学", "SL-JY", "《市教育局权责清单》第 8 项：义务教育招生入学", [
        ("{c}适龄儿童入学咨询", "孩子户籍在{p}，居住在{c}，今年秋季小学入学应该到哪个学校报名？需要准备什么材料？"),
        ("校外培训机构退费难", "孩子在{r}一家培训机构报名后机构停课，要求退费一直拖延，请教育部门处理。"),
    ]),
    ("环境保护", "大气污染", "噪声扰民", "SL-SH", "《市生态环境局权责清单》第 17 项：环境噪声污染防治", [
        ("{r}夜间施工噪声扰民", "{r}工地每天晚上十一点后仍在施工，噪声很大，周边{c}居民无法休息。"),
        ("{c}餐馆油烟扰民", "{c}楼下餐馆油烟直排，气味很大，窗户都不敢开，请相关部门检查。"),
    ]),
    ("农村农业", "农业生产", "农资质量", "SL-NY", "《市农业农村局权责清单》第 9 项：农资质量监管", [
        ("{p}购买假种子", "在{p}农资店购买的玉米种子出苗率不到三成，怀疑是假种子，要求查处并赔偿。"),
    ]),
    ("安全生产", "应急管理", "燃气安全", "SL-YJ", "《市应急管理局权责清单》第 5 项：安全生产综合监管", [
        ("{c}疑似燃气泄漏", "{c}楼道里有很重的燃气味，担心泄漏引发事故，请立即派人排查。"),
        ("{r}商铺违规使用液化气", "{r}多家商铺在室内违规存放液化气罐，存在重大安全隐患。"),
    ]),
    ("政务服务", "数据服务", "网上办事", "SL-SJJ", "《市数据局权责清单》第 2 项：政务服务平台运行", [
        ("政务服务网无法登录", "在市政务服务网办理业务时一直提示系统繁忙，无法登录，影响办事。"),
        ("掌上办事 app 无法上传材料", "使用掌上办事 app 上传营业执照照片一直失败，换手机也不行。"),
    ]),
    ("城乡建设", "市容环境", "违章搭建", "SL-DC", "属地管理：东城区人民政府（《城市管理相对集中行政处罚权》属地条款）", [
        ("{c}违章搭建", "{c}一楼住户在公共绿地上私自搭建板房，占用消防通道，请查处。"),
    ]),
]
PLACES = ["东城区", "西城区", "南湖县", "北山县", "高新区"]
ROADS = ["人民路", "解放路", "建设大道", "湖滨路", "中山路", "光明街", "新华路", "和平路"]
COMMUNITIES = ["阳光小区", "锦绣花园", "东湖社区", "和平里小区", "幸福家园", "翠湖苑", "书香门第", "城关新村"]

# fate: the step the ticket reaches (weights)
FATES = [("finished", 50), ("closed", 10), ("replied", 6), ("handling", 14), ("dispatched", 6),
         ("received", 4), ("returned", 3), ("direct", 5), ("redo", 2)]


def demo_tickets():
    from zhongshu.hotline.models import Ticket

    return Ticket.objects.filter(caller_phone__startswith=PHONE_PREFIX)


def load_hotline(units: dict, people: dict, now: datetime | None = None) -> str:
    from django.db import transaction

    from zhongshu.core.context import acting_as

    now = now or timezone.now()
    with acting_as(None, label="演示数据", channel="cli"), transaction.atomic():
        existing = demo_tickets().count()
        if existing:
            return f"12345 热线：演示工单已存在（{existing} 张），本次未重复载入。"
        summary = HotlineDemo(units, people, now).build()
    trained = train_models()
    return summary + trained


class HotlineDemo:
    def __init__(self, units, people, now):
        from zhongshu.workcal.calc import get_calendar

        self.units, self.people, self.now = units, people, now
        self.cal = get_calendar()
        self.rng = random.Random(SEED)

    def moment(self, day, minutes: int) -> datetime:
        """A working moment on working day `day`, `minutes` after the start of work (clamped)."""
        start = datetime.combine(day, self.cal.work_start, self.cal.tz)
        return start + timedelta(minutes=min(minutes, 420))

    def stamp(self, moment: datetime) -> None:
        """Notices sent by the step just taken carry its moment (a real inbox is not all from today);
        those older than five working days were read an hour after they came."""
        from django.db.models import Max

        from zhongshu.notify.models import Notice

        read = moment + timedelta(hours=1)
        old = timezone.localtime(moment, self.cal.tz).date() < self.cal.add_workdays(self.today, -5).value
        if Notice.objects.filter(pk__gt=self.last_notice).update(created_at=moment, updated_at=moment,
                                                                  read_at=read if old else None):
            self.last_notice = Notice.objects.aggregate(m=Max("pk"))["m"] or self.last_notice

    def later(self, t: datetime, workdays: int, minutes: int) -> datetime:
        day = timezone.localtime(t, self.cal.tz).date()
        if workdays:
            day = self.cal.add_workdays(day, workdays).value
            return self.moment(day, minutes)
        return t + timedelta(minutes=minutes)

    def build(self) -> str:
        from zhongshu.hotline import transitions as tr
        from zhongshu.hotline.catalogue import load_taxonomy
        from zhongshu.hotline.intake import TicketInput, receive
        from zhongshu.hotline.models import CatalogueEntry, Category, KnowledgeEntry

        load_taxonomy([row[:3] for row in TREE])
        for first, second, _third, code, basis, _ in TREE:
            cat = Category.objects.get(name=second, parent__name=first)
            if not CatalogueEntry.objects.filter(category=cat, active=True).exists():
                CatalogueEntry.objects.create(category=cat, unit=self.units[code], basis=basis)
        KnowledgeEntry.objects.get_or_create(question="小学入学报名需要哪些材料", defaults=dict(
            answer="户口簿、不动产权证或租房备案证明、儿童预防接种证，报名时间以市教育局公告为准。", keywords="入学 报名 材料"))
        KnowledgeEntry.objects.get_or_create(question="政务服务网无法登录怎么办", defaults=dict(
            answer="请清除浏览器缓存后重试，或使用掌上办事 app 登录；仍无法登录请拨打技术支持电话。", keywords="登录 政务服务网"))
        p = self.people
        agent, dispatcher = p["rx_agent"], p["rx_dispatcher"]
        from django.db.models import Max

        from zhongshu.notify.models import Notice

        self.today = today = timezone.localtime(self.now, self.cal.tz).date()
        self.last_notice = Notice.objects.aggregate(m=Max("pk"))["m"] or 0
        first_day = self.cal.add_workdays(today, -40).value
        days = []
        d = first_day
        while d < today:
            if self.cal.is_workday(d):
                days.append(d)
            d += timedelta(days=1)
        fates = [f for f, w in FATES for _ in range(w)]
        for n in range(COUNT):
            first, second, third, code, basis, texts = self.rng.choice(TREE)
            title, body = self.rng.choice(texts)
            fill = dict(p=self.rng.choice(PLACES), r=self.rng.choice(ROADS), r2=self.rng.choice(ROADS),
                        c=self.rng.choice(COMMUNITIES))
            title, body = title.format(**fill), body.format(**fill)
            # recent tickets cannot have gone far; old ones mostly finished
            day = days[min(len(days) - 1, int(len(days) * (n / COUNT) ** 0.8))]
            t = self.moment(day, self.rng.randint(0, 400))
            fate = self.rng.choice(fates)
            age = (today - day).days
            if age < 3 and fate in ("finished", "closed", "redo"):
                fate = "handling"
            cat = Category.objects.get(name=third, parent__name=second)
            rtype = self.rng.choice(["complaint", "help", "consult", "suggestion", "report"])
            if "咨询" in title or fate == "direct":
                rtype = "consult"
            ticket = receive(TicketInput(title=title, description=body, caller_name=self.rng.choice("张王李赵刘陈杨黄") + "先生",
                                         caller_phone=f"{PHONE_PREFIX}{n:04d}", category=cat, request_type=rtype,
                                         urgency="urgent" if "燃气" in title else "normal",
                                         location=f"{fill['p']}{fill['r']}", channel=self.rng.choice(
                                             ["phone", "phone", "phone", "web", "wechat", "app"]),
                                         received_at=t), by=agent, at=t)
            if fate == "received":
                continue
            if fate == "direct":
                tr.answer(ticket, agent, reply="已按知识库口径答复来电人。", at=t + timedelta(minutes=6))
                self.stamp(t + timedelta(minutes=6))
                continue
            t = t + timedelta(minutes=self.rng.randint(10, 90))
            tr.dispatch(ticket, dispatcher, at=t)
            self.stamp(t)
            unit_people = [u for u in p.values() if u.unit_id == ticket.unit_id and u.role_set & {"liaison", "unit_leader"}]
            if not unit_people:
                continue
            liaison = unit_people[0]
            if fate == "dispatched":
                continue
            if fate == "returned":
                tr.return_ticket(ticket, liaison, reason="unclear_duty", text="该事项不属于本单位职责，建议改派属地。",
                                 at=self.later(t, 0, 120))
                self.stamp(self.later(t, 0, 120))
                continue
            late = self.rng.random() < 0.15
            t = self.later(t, 2 if late else 0, self.rng.randint(30, 300))
            if t >= self.now:
                continue
            tr.accept(ticket, liaison, at=t)
            self.stamp(t)
            if fate == "handling":
                continue
            limit_days = {"consult": 3, "help": 5}.get(rtype, 15)
            spent = self.rng.randint(1, limit_days + (4 if self.rng.random() < 0.2 else 0))
            t = self.later(t, spent, self.rng.randint(0, 400))
            if t >= self.now:
                continue
            tr.reply(ticket, liaison, reply=f"经核查，{title}的问题已安排专人处理，现已整改到位，并向来电人作了说明。",
                     resolution=self.rng.choice(["solved", "solved", "solved", "partly", "explained", "unsolved"]), at=t)
            self.stamp(t)
            if fate == "replied":
                continue
            t = self.later(t, 0, 60)
            tr.close(ticket, dispatcher, at=t)
            self.stamp(t)
            if fate == "closed":
                continue
            t = self.later(t, 1, self.rng.randint(0, 300))
            if t >= self.now:
                continue
            sat = "unsatisfied" if fate == "redo" else self.rng.choice(
                ["satisfied", "satisfied", "satisfied", "satisfied", "basic", "basic", "unsatisfied"])
            tr.callback(ticket, agent, satisfaction=sat, unit_at_fault=fate == "redo", note="电话回访", at=t)
            self.stamp(t)
        from django.db.models import Count

        from zhongshu.hotline.choices import TicketState

        states = dict(TicketState.choices)
        by_state = demo_tickets().values("state").annotate(n=Count("id")).order_by("-n")
        parts = "、".join(f"{states[row['state']]} {row['n']}" for row in by_state)
        return f"12345 热线：载入演示工单 {COUNT} 张（{parts}）。"


def train_models() -> str:
    """Train the suggestion models on the tickets now stored (the `retrain` job's own function)."""
    try:
        from zhongshu.hotline.training import retrain
    except ImportError:
        return ""
    try:
        result = retrain()
    except Exception as exc:  # a demo must load even when the models cannot be trained
        return f"（智能分类模型未训练：{exc}）"
    return f"已用演示工单训练智能分类模型（{result}）。"
