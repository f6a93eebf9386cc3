"""The built-in 套话 list (editable in the admin): phrases that fill a draft without saying
anything — "假、长、空" (seed 004)."""

from django.db import migrations

PHRASES = [
    "高度重视", "高位推动", "强力推进", "全力以赴", "扎实推进", "稳步推进", "有序推进", "积极推进",
    "切实加强", "进一步加强", "不断加强", "大力加强", "认真落实", "抓好落实", "狠抓落实", "层层压实",
    "取得了显著成效", "取得明显成效", "成效显著", "亮点纷呈", "可圈可点", "有目共睹",
    "多措并举", "综合施策", "统筹兼顾", "协调推进", "形成合力", "凝聚合力",
    "认真贯彻", "深入贯彻", "全面贯彻", "不折不扣", "坚定不移", "毫不动摇",
    "站位高远", "提高政治站位", "增强责任感和使命感", "以更加饱满的热情",
    "新的更大贡献", "再上新台阶", "迈上新台阶", "开创新局面", "奋力谱写",
    "坚强领导下", "在各级各部门的共同努力下", "总的来说", "众所周知",
]


def seed(apps, schema_editor):
    EmptyPhrase = apps.get_model("documents", "EmptyPhrase")
    existing = set(EmptyPhrase.objects.values_list("phrase", flat=True))
    EmptyPhrase.objects.bulk_create([EmptyPhrase(phrase=p, note="内置") for p in PHRASES if p not in existing])


def unseed(apps, schema_editor):
    apps.get_model("documents", "EmptyPhrase").objects.filter(phrase__in=PHRASES, note="内置").delete()


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
