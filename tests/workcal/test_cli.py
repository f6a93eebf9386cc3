"""`zhongshu workdays …` and `zhongshu calendar …`: the exact outputs the issue asks for."""

import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from zhongshu.workcal.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_add_prints_only_the_date():
    assert run("workdays", "add", "2026-09-30", "2") == ("2026-10-09\n", "")


def test_add_explain_adds_the_explanation_line():
    out, _ = run("workdays", "add", "2026-09-30", "2", "--explain")
    assert out == "2026-10-09\n2026-09-30 + 2 个工作日 = 2026-10-09：跳过国庆节 10月1日–7日\n"


def test_add_negative_days():
    assert run("workdays", "add", "2026-10-09", "-2")[0] == "2026-09-30\n"


def test_between_prints_the_count_across_spring_festival():
    assert run("workdays", "between", "2026-02-13", "2026-03-02") == ("7\n", "")


def test_is_says_yes_or_no_with_the_reason():
    assert run("workdays", "is", "2026-10-10")[0] == "2026-10-10（周六）是工作日：调休上班（国庆节）\n"
    assert run("workdays", "is", "2026-10-01")[0] == "2026-10-01（周四）不是工作日：国庆节\n"
    assert run("workdays", "is", "2026-10-11")[0] == "2026-10-11（周日）不是工作日：周末\n"


def test_year_without_data_says_so_on_stderr():
    out, err = run("workdays", "add", "2026-12-30", "5")
    assert out == "2027-01-06\n"
    assert "2027 年尚无法定节假日安排，按周一至周五计算" in err


@pytest.mark.parametrize("args, message", [
    (("add", "2026-02-30", "2"), "日期“2026-02-30”无效"),
    (("add", "2026-09-30", "two"), "天数“two”不是整数"),
    (("add", "2026-09-30", "10001"), "天数 10001 超出范围（-10000 至 10000）"),
    (("add", "2026-09-30", "-10001"), "天数 -10001 超出范围（-10000 至 10000）"),
    (("between", "2026-02-13", "yesterday"), "无法识别的日期“yesterday”（应为 YYYY-MM-DD，如 2026-10-09）"),
])
def test_bad_input_is_refused_in_chinese(args, message):
    with pytest.raises(CommandError) as exc:
        run("workdays", *args)
    assert str(exc.value) == message


def test_bad_input_from_the_terminal_exits_non_zero_with_a_plain_message(tmp_path):
    env = {**os.environ, "ZHONGSHU_ALLOW_INSECURE_KEY": "1", "ZHONGSHU_DATA_DIR": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-m", "zhongshu", "workdays", "add", "2026-02-30", "2"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode != 0
    assert proc.stdout == ""
    assert proc.stderr.strip() == "日期“2026-02-30”无效"


def test_calendar_show_lists_holidays_and_make_up_days():
    out, _ = run("calendar", "show", "2026")
    lines = out.splitlines()
    assert lines[0] == "2026 年节假日安排（来源：chinese-calendar）"
    assert "春节：2月15日–23日放假；2月14日（周六）、2月28日（周六）上班" in lines
    assert "国庆节：10月1日–7日放假；9月20日（周日）、10月10日（周六）上班" in lines
    assert lines[-1] == "共放假 33 天，调休上班 6 天"
    out, err = run("calendar", "show", "2027")
    assert out == "2027 年：未录入，按周一至周五计算\n" and "2027 年尚无法定节假日安排" in err


def test_calendar_import_prints_a_summary_and_export_round_trips(write_file):
    path = write_file("2027-01-01,off,元旦\n2027-02-07,work,春节\n2027-02-08\t休\t春节\n")
    out, _ = run("calendar", "import", path)
    assert out == "2027 年已录入：放假 2 天，调休上班 1 天（来源：导入：2027.csv）\n"
    exported, _ = run("calendar", "export", "2027")
    assert exported.splitlines()[2:] == ["2027-01-01,off,元旦", "2027-02-07,work,春节", "2027-02-08,off,春节"]
    again = write_file(exported, name="again.csv")
    assert run("calendar", "import", again)[0] == "2027 年已替换：放假 2 天，调休上班 1 天（来源：导入：again.csv）\n"


def test_calendar_import_with_a_bad_line_changes_nothing(write_file):
    path = write_file("2027-01-01,off,元旦\n2027-13-01,off,元旦\n2027-01-03,rest,元旦\n")
    err = StringIO()
    with pytest.raises(CommandError, match="导入被拒绝，未做任何修改（2 处错误）"):
        call_command("calendar", "import", path, stdout=StringIO(), stderr=err)
    assert "第 2 行：日期“2027-13-01”无效" in err.getvalue()
    assert "第 3 行：类型“rest”无法识别" in err.getvalue()
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not CalendarDay.objects.filter(date__year=2027).exists()


def test_calendar_seed_restores_a_year_and_refuses_unknown_years():
    CalendarDay.objects.filter(date__year=2026).delete()
    out, _ = run("calendar", "seed", "2026")
    assert out == "2026 年已有安排，未覆盖（如需覆盖请加 --replace）\n"
    out, _ = run("calendar", "seed", "2026", "--replace")
    assert out.startswith("2026 年已替换：放假 33 天，调休上班 6 天")
    with pytest.raises(CommandError, match="chinese-calendar 尚无 2027 年的数据"):
        run("calendar", "seed", "2027")


def test_usage_errors_are_in_chinese():
    with pytest.raises(CommandError, match="参数有误：缺少参数：days"):
        run("workdays", "add", "2026-09-30")
    with pytest.raises(CommandError, match="参数有误：无效的操作 'plus'"):
        run("workdays", "plus", "2026-09-30", "2")


def test_import_records_who_did_it(write_file, city, make_user):
    audit = pytest.importorskip("zhongshu.audit")
    admin = make_user("sysadmin", city.office, username="calendar-admin")
    run("calendar", "import", write_file("2027-01-01,off,元旦\n"), "--as", "calendar-admin")
    entry = audit.history_for(CalendarYear.objects.get(year=2027)).filter(action="import").first()
    assert entry.actor_id == admin.pk and entry.channel == "cli"
    assert entry.changes["节假日安排"] == [[], ["2027-01-01,off,元旦"]]
