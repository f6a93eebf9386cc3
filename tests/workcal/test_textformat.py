"""The import file format: lenient about layout, strict about content, every bad line named."""

from datetime import date

from zhongshu.workcal.textformat import decode, format_arrangement, parse_arrangement


def test_accepts_commas_tabs_spaces_chinese_words_comments_bom_and_header():
    text = ("\ufeff日期,类型,名称\n"
            "# 2027 年节假日安排\n"
            "\n"
            "2027-01-01,off,元旦\n"
            "2027-02-06\t放假\t春节\n"
            "2027/2/7   班   春节   # 周日上班\n"
            "2027年2月8日，休，春节\n"
            "2027-10-01 off\n")
    parsed = parse_arrangement(text)
    assert parsed.errors == [] and parsed.ok
    assert [(e.date, e.kind, e.name) for e in parsed.entries] == [
        (date(2027, 1, 1), "off", "元旦"),
        (date(2027, 2, 6), "off", "春节"),
        (date(2027, 2, 7), "work", "春节"),
        (date(2027, 2, 8), "off", "春节"),
        (date(2027, 10, 1), "off", ""),
    ]
    assert parsed.years == [2027]


def test_every_bad_line_is_named_with_its_reason():
    text = ("2027-01-01,off,元旦\n"
            "2027-01-02,off,元旦\n"
            "2027-02-30,off,春节\n"
            "2027-02-07,maybe,春节\n"
            "2027-01-01,work,元旦\n"
            "hello\n")
    parsed = parse_arrangement(text)
    assert not parsed.ok
    assert parsed.messages() == [
        "第 3 行：日期“2027-02-30”无效",
        "第 4 行：类型“maybe”无法识别（放假写 off、放假或休；上班写 work、上班或班）",
        "第 5 行：日期 2027-01-01 已在第 1 行出现，且类型不同",
        "第 6 行：缺少类型（应为“日期,off或work,名称”），原文“hello”",
    ]


def test_weekday_marked_work_and_repeated_lines_only_warn():
    parsed = parse_arrangement("2027-02-08,work,春节\n2027-02-06,off,春节\n2027-02-06,off,春节\n")
    assert parsed.ok
    assert parsed.messages("warnings") == [
        "第 1 行：2027-02-08 是周一，本来就是工作日，标为上班不影响计算",
        "第 3 行：日期 2027-02-06 与第 2 行重复，已忽略",
    ]
    assert len(parsed.entries) == 2


def test_a_file_without_dates_is_refused():
    parsed = parse_arrangement("# nothing here\n\n")
    assert not parsed.ok and parsed.messages() == ["文件中没有任何日期"]


def test_gbk_files_from_excel_are_read():
    assert decode("2027-01-01,放假,元旦\n".encode("gb18030")) == "2027-01-01,放假,元旦\n"
    assert decode("\ufeff2027-01-01,off\n".encode()) == "2027-01-01,off\n"


def test_export_reads_back_the_same():
    days = [(date(2027, 2, 7), "work", "春节"), (date(2027, 1, 1), "off", "元旦")]
    text = format_arrangement(2027, days, "导入：2027.csv")
    assert text.splitlines()[2] == "2027-01-01,off,元旦"
    assert [(e.date, e.kind, e.name) for e in parse_arrangement(text).entries] == sorted(days)
