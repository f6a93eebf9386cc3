"""zhongshu calendar import FILE | show YEAR | seed [YEAR…] | export YEAR — the stored calendar.

import: all or nothing; a refused file lists every bad line on stderr and exits 1.
show:   the year's holidays and make-up working days, grouped by holiday.
seed:   years from the chinese-calendar package (arranged years are kept unless --replace).
export: the year in the import format (stdout, or --output FILE).
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from django.core.management.base import CommandError

from zhongshu.core.context import acting_as
from zhongshu.workcal import services
from zhongshu.workcal.calc import fallback_note
from zhongshu.workcal.management.zhcommand import ZhCommand, zh_subparsers
from zhongshu.workcal.models import CalendarYear
from zhongshu.workcal.parsing import parse_year
from zhongshu.workcal.summary import holiday_groups, year_counts
from zhongshu.workcal.textformat import decode, format_arrangement


class Command(ZhCommand):
    help = "工作日历：import 文件 | show 年份 | seed [年份…] | export 年份"

    def add_arguments(self, parser):
        sub = zh_subparsers(parser, dest="action", metavar="{import,show,seed,export}")
        sub.required = True
        imp = sub.add_parser("import", help="导入年度节假日安排（每行：日期,off或work,名称）")
        imp.add_argument("file", help="文件路径；“-” 表示从标准输入读取")
        imp.add_argument("--as", dest="as_user", metavar="USERNAME", help="以该用户名义记录（默认：命令行）")
        show = sub.add_parser("show", help="显示某年的节假日与调休")
        show.add_argument("year")
        seed = sub.add_parser("seed", help="从 chinese-calendar 写入年度安排")
        seed.add_argument("years", nargs="*")
        seed.add_argument("--replace", action="store_true", help="覆盖已有安排")
        export = sub.add_parser("export", help="导出某年安排（与导入格式相同）")
        export.add_argument("year")
        export.add_argument("--output", "-o", help="写入文件（默认输出到屏幕）")

    def handle(self, *args, action, **options):
        getattr(self, f"do_{action}")(**options)

    def _actor(self, username: str | None):
        if not username:
            return acting_as(None, label=f"命令行（{getpass.getuser()}）", channel="cli")
        from zhongshu.org.models import User

        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"用户“{username}”不存在或已停用")
        return acting_as(user, channel="cli")

    def do_import(self, file, as_user=None, **_):
        if file == "-":
            data, name = sys.stdin.buffer.read(), "标准输入"
        else:
            path = Path(file)
            if not path.is_file():
                raise CommandError(f"文件“{file}”不存在")
            data, name = path.read_bytes(), path.name
        text = decode(data)
        with self._actor(as_user):
            try:
                outcome = services.import_text(text, name)
            except services.ImportRefused as refused:
                for line in refused.warnings:
                    self.stderr.write(f"提示：{line}")
                for line in refused.errors:
                    self.stderr.write(line)
                raise CommandError(f"导入被拒绝，未做任何修改（{len(refused.errors)} 处错误）") from None
        for line in outcome.warnings:
            self.stderr.write(f"提示：{line}")
        for summary in outcome.years:
            self.stdout.write(str(summary))

    def do_show(self, year, **_):
        year = parse_year(year)
        record = CalendarYear.objects.filter(year=year).first()
        if record is None:
            self.stdout.write(f"{year} 年：未录入，按周一至周五计算")
            self.note(fallback_note([year]))
            return
        days = services.year_days(year)
        self.stdout.write(f"{year} 年节假日安排（来源：{record.source}）")
        for group in holiday_groups(days):
            self.stdout.write(f"{group.name}：{group.describe()}")
        off, work = year_counts(days)
        self.stdout.write(f"共放假 {off} 天，调休上班 {work} 天")

    def do_seed(self, years, replace=False, **_):
        with self._actor(None):
            written, skipped = services.seed_from_package([parse_year(y) for y in years] or None, replace)
        for summary in written:
            self.stdout.write(str(summary))
        for year in skipped:
            self.stdout.write(f"{year} 年已有安排，未覆盖（如需覆盖请加 --replace）")

    def do_export(self, year, output=None, **_):
        year = parse_year(year)
        record = CalendarYear.objects.filter(year=year).first()
        if record is None:
            raise CommandError(f"{year} 年尚未录入节假日安排，无可导出")
        text = format_arrangement(year, services.year_days(year), record.source)
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stdout.write(f"已导出到 {output}")
        else:
            self.stdout.write(text, ending="")
