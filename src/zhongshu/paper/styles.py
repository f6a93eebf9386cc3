"""Page geometry, type sizes and font roles of GB/T 9704-2012 (党政机关公文格式).

Everything the layout depends on is a constant here, so the writer has no magic numbers:

- 纸张 A4 210 × 297 mm; 天头 (top margin) 37 mm, 订口 (left) 28 mm, right 26 mm, bottom 35 mm,
  which leaves the 版心 (text block) 156 × 225 mm.
- 正文 3号仿宋 (16 pt), 22 lines of 28 characters. Lines: every paragraph in the text block has an
  exact line height of the text-block height divided by 22, rounded down to a twip so that 22 lines
  always fit (579 twips = 28.95 pt), and the section's line grid has that pitch. Characters: 28 × 16 pt
  is 448 pt, wider than the 442.25 pt block, so 3号 text is condensed by 0.25 pt (w:spacing −5 twips)
  and 28 characters of 15.75 pt fit, 29 do not. Word's own way, a character grid (``linesAndChars``
  with ``w:charSpace``), is not used: LibreOffice puts each 16 pt character into two 15.79 pt grid
  cells and sets 14 characters a line, while condensed text gives 28 in Word, WPS and LibreOffice.
- Font *roles* (title, body, heading1 …) map to font names. The defaults are the names Chinese
  offices have installed (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312, 宋体); a deployment
  without them passes a ``fonts`` mapping, e.g. :data:`FREE_FONTS`, to substitute free ones.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from .model import PaperError

TWIPS_PER_PT = 20
MM_PER_INCH = 25.4


def mm_to_twips(mm: float) -> int:
    """Millimetres to twips (1/1440 inch), rounded as Word stores them."""
    return round(mm / MM_PER_INCH * 1440)


def pt_to_twips(pt: float) -> int:
    return round(pt * TWIPS_PER_PT)


# --- page (GB/T 9704-2012 §5.2.1) -------------------------------------------------------------
PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
MARGIN_TOP_MM = 37
MARGIN_BOTTOM_MM = 35
MARGIN_LEFT_MM = 28
MARGIN_RIGHT_MM = 26
HEADER_DISTANCE_MM = 15
# 页码的一字线上距版心下边缘 7 mm (§7.5): the footer's baseline region sits about 25 mm above the
# paper's bottom edge, which puts the dashes (drawn at mid-height of a 14 pt line) ~7 mm below the block.
FOOTER_DISTANCE_MM = 25

TEXT_WIDTH_TWIPS = mm_to_twips(PAGE_WIDTH_MM) - mm_to_twips(MARGIN_LEFT_MM) - mm_to_twips(MARGIN_RIGHT_MM)
TEXT_HEIGHT_TWIPS = mm_to_twips(PAGE_HEIGHT_MM) - mm_to_twips(MARGIN_TOP_MM) - mm_to_twips(MARGIN_BOTTOM_MM)
TEXT_WIDTH_PT = TEXT_WIDTH_TWIPS / TWIPS_PER_PT

# --- type sizes (字号) ----------------------------------------------------------------------------
ZIHAO_PT = {
    "初号": 42, "小初": 36, "一号": 26, "小一": 24, "二号": 22, "小二": 18,
    "三号": 16, "小三": 15, "四号": 14, "小四": 12, "五号": 10.5, "小五": 9,
}
BODY_PT = ZIHAO_PT["三号"]          # 正文, 主送机关, 标题层次, 发文字号, 附件说明, 署名, 成文日期
TITLE_PT = ZIHAO_PT["二号"]         # 标题
IMPRINT_PT = ZIHAO_PT["四号"]       # 版记 (抄送, 印发机关和印发日期)
PAGE_NUMBER_PT = ZIHAO_PT["四号"]   # 页码
MARK_MAX_PT = ZIHAO_PT["小初"]      # 发文机关标志, shrunk for long names so it fits the text block
MARK_MIN_PT = ZIHAO_PT["小二"]
TABLE_DEFAULT_PT = ZIHAO_PT["小四"]

# --- grid (§5.2.3: 22 lines × 28 characters) ------------------------------------------------------
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
LINE_PITCH_TWIPS = TEXT_HEIGHT_TWIPS // LINES_PER_PAGE          # 579 twips = 28.95 pt
CHAR_PITCH_TWIPS = TEXT_WIDTH_TWIPS / CHARS_PER_LINE            # ≈ 315.9 twips = 15.79 pt
BODY_TRACKING_TWIPS = math.floor(CHAR_PITCH_TWIPS) - BODY_PT * TWIPS_PER_PT   # −5: 3号 condensed 0.25 pt

# --- rules and colours ----------------------------------------------------------------------------
RED = "FF0000"
SEPARATOR_EIGHTHS = 8               # 版头分隔线 ≈ 1 pt (w:sz is in eighths of a point)
SEPARATOR_GAP_PT = 11               # 分隔线 4 mm (≈ 11 pt) below the 发文字号
IMPRINT_THICK_EIGHTHS = 8           # 版记首条/末条分隔线 0.35 mm ≈ 1 pt
IMPRINT_THIN_EIGHTHS = 6            # 版记中间分隔线 0.25 mm ≈ 0.75 pt
IMPRINT_RULE_LINE_TWIPS = 20        # the empty paragraph that carries a 版记 rule: 1 pt high
MARK_TOP_MM = 35                    # 发文机关标志上边缘至版心上边缘 35 mm (§7.2.4)

# --- 信函格式 (§10.1) ------------------------------------------------------------------------------
# 发文机关标志上边缘至上页边 30 mm; 标志下 4 mm 一条红色双线（上粗下细）, 距下页边 20 mm 一条红色双线
# （上细下粗）, 线长均为 170 mm, 以版心为准居中; 发文字号、份号等与第一条双线的距离为 3号汉字高度的 7/8.
# The standard gives no thicknesses: the usual 武文线 of about 0.8 mm and 0.3 mm, 0.4 mm apart.
LETTER_MARK_TOP_MM = 30
LETTER_RULE_GAP_MM = 4
LETTER_RULE_LENGTH_MM = 170
LETTER_BOTTOM_RULE_MM = 20
LETTER_THICK_MM = 0.8
LETTER_THIN_MM = 0.3
LETTER_RULE_SPACE_MM = 0.4
LETTER_HEAD_GAP_PT = BODY_PT * 7 / 8    # 14 pt ≈ 4.94 mm


def chars_to_twips(chars: float, pt: float = BODY_PT) -> int:
    """Width of ``chars`` full-width characters; 3号 text counts its condensed advance (315 twips)."""
    pitch = pt * TWIPS_PER_PT + (BODY_TRACKING_TWIPS if pt == BODY_PT else 0)
    return round(chars * pitch)


def text_width_chars(text: str) -> float:
    """Width of ``text`` in full-width characters: CJK and full-width forms 1, everything else ½."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.5 for ch in text)


def mark_size_pt(mark: str) -> float:
    """Font size of the 发文机关标志: 小初 (36 pt) unless the name is too long for the text block.

    Long names shrink (in half points, as Word stores sizes) so that the mark is no wider than 98 % of
    the 156 mm block, but never below 小二 (18 pt); longer marks than that wrap.
    """
    width = max(text_width_chars(mark), 1.0)
    fitting = math.floor(TEXT_WIDTH_PT * 0.98 / width * 2) / 2
    return max(MARK_MIN_PT, min(MARK_MAX_PT, fitting))


def mark_line_pt(mark_pt: float = MARK_MAX_PT) -> float:
    """Exact line height of the mark: 1.2 × 小初 (43 pt) for every size up to 小初, so the 版头 is as
    tall for a shrunk mark as for a full-size one; larger sizes get 1.2 × their size."""
    return round(max(mark_pt, MARK_MAX_PT) * 1.2 * 2) / 2


# --- fonts ----------------------------------------------------------------------------------------
OFFICE_FONTS: Mapping[str, str] = {
    "mark": "方正小标宋简体",     # 发文机关标志
    "title": "方正小标宋简体",    # 标题
    "body": "仿宋_GB2312",        # 正文, 主送机关, 发文字号, 附件说明, 署名, 成文日期
    "heading1": "黑体",           # 一、
    "heading2": "楷体_GB2312",    # （一）
    "heading3": "仿宋_GB2312",    # 1．
    "heading4": "仿宋_GB2312",    # （1）
    "label": "黑体",              # 密级和保密期限, 紧急程度
    "signer": "楷体_GB2312",      # 签发人姓名
    "table": "仿宋_GB2312",       # 表格
    "imprint": "仿宋_GB2312",     # 版记
    "page_number": "宋体",        # 页码
}
"""Role → font name as installed in Chinese government offices (the default)."""

FONT_ROLES = tuple(OFFICE_FONTS)

FREE_FONTS: Mapping[str, str] = {
    "mark": "Noto Serif CJK SC",
    "title": "Noto Serif CJK SC",
    "body": "AR PL UMing CN",
    "heading1": "Noto Sans CJK SC",
    "heading2": "AR PL UKai CN",
    "heading3": "AR PL UMing CN",
    "heading4": "AR PL UMing CN",
    "label": "Noto Sans CJK SC",
    "signer": "AR PL UKai CN",
    "table": "AR PL UMing CN",
    "imprint": "AR PL UMing CN",
    "page_number": "Noto Serif CJK SC",
}
"""Substitutes from Debian's fonts-noto-cjk and fonts-arphic-{uming,ukai}, for servers without office fonts."""


def resolve_fonts(overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    """The office fonts with ``overrides`` (role → name) applied; unknown roles are an error."""
    fonts = dict(OFFICE_FONTS)
    for role, name in (overrides or {}).items():
        if role not in fonts:
            raise PaperError(f"未知的字体角色“{role}”，可用：{'、'.join(FONT_ROLES)}")
        if not isinstance(name, str) or not name.strip():
            raise PaperError(f"字体角色“{role}”的字体名称不能为空")
        fonts[role] = name.strip()
    return fonts


# --- paragraph styles -----------------------------------------------------------------------------
@dataclass(frozen=True)
class StyleSpec:
    """One named paragraph style of the generated document (editable in Word's style pane).

    ``line`` is ``"grid"`` (exact line at the 22-line pitch), ``"single"`` or an exact height in pt;
    ``snap`` says whether single-spaced lines snap to the line grid (off where they must not grow).
    3号 styles are condensed (:data:`BODY_TRACKING_TWIPS`) so that 28 characters fill a line.
    """

    style_id: str
    name: str
    role: str
    size_pt: float = BODY_PT
    align: str = "justify"
    indent_chars: float = 0.0
    color: str | None = None
    line: str | float = "grid"
    snap: bool = True
    outline: int | None = None


def style_specs(mark_pt: float = MARK_MAX_PT) -> tuple[StyleSpec, ...]:
    """The styles, with the 发文机关标志 at ``mark_pt`` (see :func:`mark_size_pt`)."""
    return (
        StyleSpec("ZsBody", "公文正文", "body", indent_chars=2),
        StyleSpec("ZsLabel", "密级和紧急程度", "label", align="left"),
        StyleSpec("ZsMark", "发文机关标志", "mark", mark_pt, align="center", color=RED,
                  line=mark_line_pt(mark_pt), snap=False),
        StyleSpec("ZsNumber", "发文字号", "body", align="center"),
        StyleSpec("ZsTitle", "公文标题", "title", TITLE_PT, align="center", snap=False),
        StyleSpec("ZsAddressee", "主送机关", "body"),
        StyleSpec("ZsHeading1", "一级标题", "heading1", indent_chars=2, outline=0),
        StyleSpec("ZsHeading2", "二级标题", "heading2", indent_chars=2, outline=1),
        StyleSpec("ZsHeading3", "三级标题", "heading3", indent_chars=2, outline=2),
        StyleSpec("ZsHeading4", "四级标题", "heading4", indent_chars=2, outline=3),
        StyleSpec("ZsAttachment", "附件说明", "body", align="left"),
        StyleSpec("ZsSignature", "发文机关署名", "body", align="right"),
        StyleSpec("ZsDate", "成文日期", "body", align="right"),
        StyleSpec("ZsAttendance", "出席人员", "body", align="left"),
        StyleSpec("ZsImprint", "版记", "imprint", IMPRINT_PT, align="left", snap=False),
        StyleSpec("ZsTable", "表格文字", "table", TABLE_DEFAULT_PT, line="single", snap=False),
        StyleSpec("ZsPageNumber", "页码", "page_number", PAGE_NUMBER_PT, line="single", snap=False),
    )
