"""The fictional city 示例市: its units and demo accounts (used by `zhongshu demo`).

Each unit is found or created by its code, each account by its username; nothing existing is
overwritten, so loading twice changes nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime

from zhongshu.org.models import OrgUnit, UnitKind, User
from zhongshu.org.roles import Role

# One shared password for every demo account: 9 characters of all four kinds.
DEMO_PASSWORD = "Demo@2026"
# Demo accounts' passwords never expire: expiry counts from password_changed_at.
DEMO_PASSWORD_STAMP = datetime(2099, 12, 31, tzinfo=UTC)

CITY = "示例市"

# (code, full name, short name, kind, parent code)
UNITS: list[tuple[str, str, str, str, str | None]] = [
    ("SL", "示例市人民政府", "市政府", UnitKind.CITY, None),
    ("SL-BGS", "示例市人民政府办公室", "市政府办", UnitKind.DEPARTMENT, "SL"),
    ("SL-BGS-DCS", "示例市人民政府办公室督查室", "督查室", UnitKind.OFFICE, "SL-BGS"),
    ("SL-BGS-MSK", "示例市人民政府办公室秘书科", "秘书科", UnitKind.OFFICE, "SL-BGS"),
    ("SL-BGS-XXK", "示例市人民政府办公室信息科", "信息科", UnitKind.OFFICE, "SL-BGS"),
]
_DEPARTMENTS = [
    ("FGW", "发展和改革委员会", "市发改委"),
    ("JY", "教育局", "市教育局"),
    ("KJ", "科学技术局", "市科技局"),
    ("GX", "工业和信息化局", "市工信局"),
    ("GA", "公安局", "市公安局"),
    ("MZ", "民政局", "市民政局"),
    ("SF", "司法局", "市司法局"),
    ("CZ", "财政局", "市财政局"),
    ("RS", "人力资源和社会保障局", "市人社局"),
    ("ZR", "自然资源和规划局", "市自然资源和规划局"),
    ("SH", "生态环境局", "市生态环境局"),
    ("ZJ", "住房和城乡建设局", "市住建局"),
    ("JT", "交通运输局", "市交通局"),
    ("SLJ", "水利局", "市水利局"),
    ("NY", "农业农村局", "市农业农村局"),
    ("SW", "商务局", "市商务局"),
    ("WL", "文化广电旅游局", "市文旅局"),
    ("WJ", "卫生健康委员会", "市卫健委"),
    ("YJ", "应急管理局", "市应急管理局"),
    ("SCJ", "市场监督管理局", "市市场监管局"),
    ("CG", "城市管理局", "市城管局"),
    ("SJJ", "数据局", "市数据局"),
    ("XF", "信访局", "市信访局"),
    ("RX", "12345 政务服务便民热线中心", "12345 热线中心"),
    ("TJ", "统计局", "市统计局"),
]
UNITS += [(f"SL-{code}", f"{CITY}{name}", short, UnitKind.DEPARTMENT, "SL") for code, name, short in _DEPARTMENTS]
UNITS += [
    ("SL-JT-GL", "示例市交通运输局公路科", "公路科", UnitKind.OFFICE, "SL-JT"),
    ("SL-JT-YS", "示例市交通运输局综合运输科", "综合运输科", UnitKind.OFFICE, "SL-JT"),
    ("SL-SLJ-FH", "示例市水利局水旱灾害防御科", "水旱灾害防御科", UnitKind.OFFICE, "SL-SLJ"),
    ("SL-ZJ-CJ", "示例市住房和城乡建设局城建科", "城建科", UnitKind.OFFICE, "SL-ZJ"),
    ("SL-DC", "示例市东城区人民政府", "东城区", UnitKind.COUNTY, "SL"),
    ("SL-XC", "示例市西城区人民政府", "西城区", UnitKind.COUNTY, "SL"),
    ("SL-NH", "南湖县人民政府", "南湖县", UnitKind.COUNTY, "SL"),
    ("SL-BS", "北山县人民政府", "北山县", UnitKind.COUNTY, "SL"),
    ("SL-GXQ", "示例市高新技术产业开发区管理委员会", "高新区", UnitKind.ZONE, "SL"),
    ("SL-DC-DH", "东城区东湖街道办事处", "东湖街道", UnitKind.TOWNSHIP, "SL-DC"),
    ("SL-DC-CG", "东城区城关街道办事处", "城关街道", UnitKind.TOWNSHIP, "SL-DC"),
    ("SL-XC-HP", "西城区和平街道办事处", "和平街道", UnitKind.TOWNSHIP, "SL-XC"),
    ("SL-NH-HB", "南湖县湖滨镇人民政府", "湖滨镇", UnitKind.TOWNSHIP, "SL-NH"),
    ("SL-BS-SK", "北山县山口乡人民政府", "山口乡", UnitKind.TOWNSHIP, "SL-BS"),
    ("SL-GXQ-CX", "高新区创新街道办事处", "创新街道", UnitKind.TOWNSHIP, "SL-GXQ"),
]

# (username, full name, unit code, title, roles). Every unit that receives demo 督办 tasks
# (demo_supervision.TASK_UNITS) has a 联络员 and a unit leader, so every reminder reaches both.
PEOPLE: list[tuple[str, str, str, str, tuple[str, ...]]] = [
    ("mayor", "陈志远", "SL", "市长", (Role.CITY_LEADER,)),
    ("vice_mayor", "刘建华", "SL", "副市长", (Role.CITY_LEADER,)),
    ("dcs_head", "张明", "SL-BGS-DCS", "督查室主任", (Role.SUPERVISION_HEAD, Role.SUPERVISOR)),
    ("dcs_li", "李娜", "SL-BGS-DCS", "督查员", (Role.SUPERVISOR,)),
    ("dcs_wang", "王磊", "SL-BGS-DCS", "督查员", (Role.SUPERVISOR,)),
    ("msk_zhou", "周静", "SL-BGS-MSK", "秘书科文秘", (Role.DOC_CLERK,)),
    ("msk_chen", "陈刚", "SL-BGS-MSK", "秘书科科长", (Role.DOC_CLERK,)),
    ("msk_hw", "吴芳", "SL-BGS-MSK", "秘书科会务", (Role.MEETING_CLERK,)),
    ("jt_liaison", "赵敏", "SL-JT", "办公室副主任", (Role.LIAISON,)),
    ("jt_leader", "孙伟", "SL-JT", "局长", (Role.UNIT_LEADER,)),
    ("jt_staff", "周婷", "SL-JT-GL", "科员", (Role.UNIT_STAFF,)),
    ("slj_liaison", "吴刚", "SL-SLJ", "办公室主任", (Role.LIAISON,)),
    ("slj_leader", "郑洪", "SL-SLJ", "局长", (Role.UNIT_LEADER,)),
    ("jy_liaison", "冯雪", "SL-JY", "办公室科员", (Role.LIAISON,)),
    ("jy_leader", "蒋文", "SL-JY", "局长", (Role.UNIT_LEADER,)),
    ("zj_liaison", "何涛", "SL-ZJ", "办公室主任", (Role.LIAISON,)),
    ("zj_leader", "许静", "SL-ZJ", "局长", (Role.UNIT_LEADER,)),
    ("dc_liaison", "韩梅", "SL-DC", "区政府办副主任", (Role.LIAISON,)),
    ("dc_leader", "杨帆", "SL-DC", "区长", (Role.UNIT_LEADER,)),
    ("dh_staff", "马骏", "SL-DC-DH", "街道干部", (Role.UNIT_STAFF,)),
    ("rx_liaison", "曹丽", "SL-RX", "综合科科长", (Role.LIAISON,)),
    ("rx_leader", "邓斌", "SL-RX", "主任", (Role.UNIT_LEADER,)),
    ("rx_agent", "石慧", "SL-RX", "话务员", (Role.HOTLINE_AGENT,)),
    ("rx_dispatcher", "方正", "SL-RX", "派单员", (Role.HOTLINE_DISPATCHER,)),
    ("rx_head", "白雪", "SL-RX", "热线中心副主任", (Role.HOTLINE_HEAD, Role.HOTLINE_DISPATCHER)),
    ("sh_liaison", "钱芳", "SL-SH", "办公室主任", (Role.LIAISON,)),
    ("sh_leader", "卢国强", "SL-SH", "局长", (Role.UNIT_LEADER,)),
    ("ny_liaison", "宋佳", "SL-NY", "办公室副主任", (Role.LIAISON,)),
    ("ny_leader", "唐建军", "SL-NY", "局长", (Role.UNIT_LEADER,)),
    ("yj_liaison", "潘越", "SL-YJ", "办公室主任", (Role.LIAISON,)),
    ("yj_leader", "袁立新", "SL-YJ", "局长", (Role.UNIT_LEADER,)),
    ("sjj_liaison", "董琳", "SL-SJJ", "综合科科长", (Role.LIAISON,)),
    ("sjj_leader", "彭博", "SL-SJJ", "局长", (Role.UNIT_LEADER,)),
    ("sysadmin", "高翔", "SL-BGS-XXK", "系统管理员", (Role.SYSADMIN,)),
    ("secadmin", "林静", "SL-BGS-XXK", "安全管理员", (Role.SECADMIN,)),
    ("auditadmin", "罗军", "SL-BGS-XXK", "审计管理员", (Role.AUDITADMIN,)),
]


def load_units() -> tuple[dict[str, OrgUnit], int]:
    """Units by demo code, and how many were created now. Parents come before children in UNITS.

    A unit is found by its code, else by its name under the same parent (an installation that
    already has, say, 示例市水利局 with another code keeps it); only then is it created.
    """
    units: dict[str, OrgUnit] = {u.code: u for u in OrgUnit.objects.filter(code__in=[row[0] for row in UNITS])}
    created = 0
    for sort, (code, name, short, kind, parent_code) in enumerate(UNITS):
        if code in units:
            continue
        parent = units[parent_code] if parent_code else None
        found = OrgUnit.objects.filter(parent=parent, name=name).first()
        if found is None:
            found = OrgUnit.objects.create(code=code, name=name, short_name=short, kind=kind, parent=parent, sort=sort)
            created += 1
        units[code] = found
    return units, created


def load_people(units: dict[str, OrgUnit]) -> tuple[dict[str, User], int]:
    """Demo accounts by username, and how many were created now (with the demo password).

    The demo password is hashed once (Argon2 takes about half a second per hash) and the
    encoded hash is given to every new demo account; their password_changed_at is set far in
    the future so the shared, published password is never reported as expired.
    """
    from django.contrib.auth.hashers import make_password

    existing = {u.username: u for u in User.objects.filter(username__in=[row[0] for row in PEOPLE])
                .select_related("unit")}
    new: list[User] = []
    encoded = None
    people: dict[str, User] = {}
    for username, full_name, unit_code, title, roles in PEOPLE:
        user = existing.get(username)
        if user is None:
            encoded = encoded or make_password(DEMO_PASSWORD)
            user = User(username=username, full_name=full_name, unit=units[unit_code], title=title, password=encoded)
            user.save()  # stamps password_changed_at = now and keeps the hash in the history
            user.grant(*roles)
            new.append(user)
        people[username] = user
    if new:
        User.objects.filter(pk__in=[u.pk for u in new]).update(password_changed_at=DEMO_PASSWORD_STAMP)
        for user in new:
            user.password_changed_at = DEMO_PASSWORD_STAMP
    return people, len(new)
