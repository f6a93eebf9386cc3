"""Geometry, sizes and font roles after GB/T 9704-2012 §5.2."""

from __future__ import annotations

import pytest

from zhongshu.paper import FONT_ROLES, FREE_FONTS, OFFICE_FONTS, PaperError
from zhongshu.paper import styles as S

TWIPS_PER_MM = 1440 / 25.4


def test_text_block_is_156_by_225_mm():
    assert S.TEXT_WIDTH_TWIPS / TWIPS_PER_MM == pytest.approx(156, abs=0.1)
    assert S.TEXT_HEIGHT_TWIPS / TWIPS_PER_MM == pytest.approx(225, abs=0.1)


def test_exactly_22_lines_fit_the_text_block():
    assert S.LINE_PITCH_TWIPS == 579          # 28.95 pt
    assert 22 * S.LINE_PITCH_TWIPS <= S.TEXT_HEIGHT_TWIPS < 23 * S.LINE_PITCH_TWIPS
    assert S.TEXT_HEIGHT_TWIPS - 22 * S.LINE_PITCH_TWIPS < 22   # less than a twip per line is lost


def test_exactly_28_condensed_3hao_characters_fit_a_line():
    advance = S.BODY_PT * 20 + S.BODY_TRACKING_TWIPS
    assert S.BODY_TRACKING_TWIPS == -5
    assert 28 * advance <= S.TEXT_WIDTH_TWIPS < 29 * advance
    assert 28 * S.BODY_PT * 20 > S.TEXT_WIDTH_TWIPS      # uncondensed, only 27 would fit


@pytest.mark.parametrize("text, width", [("示例市", 3), ("2026年3月5日", 6), ("（1）", 2.5), ("1．", 1.5), ("", 0)])
def test_text_width_counts_half_width_characters_as_half(text, width):
    assert S.text_width_chars(text) == width


def test_mark_is_xiaochu_when_it_fits():
    assert S.mark_size_pt("示例市人民政府办公室文件") == 36


@pytest.mark.parametrize("mark", ["示例市全面深化改革委员会办公室文件", "中共示例市委全面依法治市委员会办公室文件"])
def test_long_marks_shrink_to_the_text_block(mark):
    size = S.mark_size_pt(mark)
    assert size < 36
    assert size * 2 == int(size * 2)                               # half points, as Word stores sizes
    assert size * len(mark) <= S.TEXT_WIDTH_PT                     # ≤ 156 mm
    assert (size + 0.5) * len(mark) > S.TEXT_WIDTH_PT * 0.98       # and no smaller than needed


def test_marks_never_shrink_below_xiaoer():
    assert S.mark_size_pt("很" * 40) == 18


def test_office_fonts_are_the_names_offices_have():
    assert OFFICE_FONTS["title"] == OFFICE_FONTS["mark"] == "方正小标宋简体"
    assert OFFICE_FONTS["body"] == OFFICE_FONTS["heading3"] == OFFICE_FONTS["heading4"] == "仿宋_GB2312"
    assert OFFICE_FONTS["heading1"] == "黑体"
    assert OFFICE_FONTS["heading2"] == "楷体_GB2312"
    assert OFFICE_FONTS["page_number"] == "宋体"


def test_free_fonts_cover_every_role():
    assert set(FREE_FONTS) == set(FONT_ROLES)


def test_overrides_replace_only_their_roles():
    fonts = S.resolve_fonts({"body": "Noto Serif CJK SC"})
    assert fonts["body"] == "Noto Serif CJK SC"
    assert fonts["title"] == "方正小标宋简体"
    assert S.resolve_fonts(None) == dict(OFFICE_FONTS)


@pytest.mark.parametrize("overrides, message", [({"bodytext": "宋体"}, "未知的字体角色"), ({"body": " "}, "不能为空")])
def test_bad_overrides_are_refused(overrides, message):
    with pytest.raises(PaperError, match=message):
        S.resolve_fonts(overrides)
