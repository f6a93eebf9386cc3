"""Render a :class:`~zhongshu.paper.model.Paper` to .docx after GB/T 9704-2012.

Layout, top to bottom (one "line" is the 22-per-page pitch of 28.95 pt):

- 份号 (3号 Arabic numerals), 密级和保密期限, 紧急程度 (3号黑体): flush left, one line each at the top of
  the text block.
- 发文机关标志: red 方正小标宋简体, centred, its top about 35 mm below the text block's top edge.
- 发文字号: 3号仿宋, centred, two blank lines under the mark; with a 签发人 the number moves left
  (1 character in, by a tab) and “签发人：姓名” (name in 楷体) goes right on the same line, 1 character in.
- 版头分隔线: red, full text-block width, 4 mm under the 发文字号 (a paragraph bottom border).
- 标题: 2号小标宋, centred, two blank lines under the separator; ``"\\n"`` in the title breaks a line.
  The space above it is adjusted to the nearest line of the 22-line grid (by 0.9 mm for a 版头 with
  发文字号, always by less than half a line), so page 1 holds whole lines after the 版头.
- 主送机关: one blank line under the title, flush left; then the body blocks.
- 附件说明: one blank line under the body, indented 2 characters, wrapped lines aligned with the name.
- 署名 and 成文日期 (§7.3.5): sealed — date 4 characters from the right, the signature centred over it,
  two blank lines above for the seal; unsealed — signature 2 characters from the right one blank line
  under the body, date below moved 2 characters right.
- 版记 (§7.4): 4号仿宋 between rules of 0.35 mm (first, last) and 0.25 mm (between 抄送 and 印发) as wide
  as the text block (borders of empty 1 pt paragraphs), 抄送 1 character in from both sides, 印发机关 left
  and “……印发” right on one line. It sits at the foot of the last page, its last rule on the text
  block's lower edge (末条分隔线与公文最后一页的版心下边缘重合): the paragraphs are in a borderless
  table that floats to the bottom margin (see :func:`.docx_table.add_bottom_box`), at least one blank
  line under the body; when the last page has no room, it goes to the foot of a page of its own.
  With one line each for 抄送 and 印发 it takes the last three lines of the grid.
- 页码: “— 1 —” in 4号宋体 below the text block; odd pages right (1 character in), even pages left.

Every paragraph in the text block has an exact line height of one line, and 3号 text is condensed so
that 28 characters fill a line (see :mod:`.styles`); LibreOffice renders 22 × 28 per page.

Output is deterministic: the same paper gives the same bytes (fixed core properties and zip times).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from datetime import datetime

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor, Twips

from . import drawing, ooxml
from . import styles as S
from .dates import zh_date
from .docx_table import add_bottom_box, add_table
from .model import Heading, Paper, PaperError, Para

AUTHOR = "中枢"
FIXED_TIMESTAMP = datetime(2000, 1, 1)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
LINE = S.LINE_PITCH_TWIPS


def render_docx(paper: Paper, *, fonts: Mapping[str, str] | None = None) -> bytes:
    """The paper as .docx bytes.

    ``fonts`` maps font roles (see :data:`~zhongshu.paper.styles.FONT_ROLES`) to substitute font
    names, e.g. :data:`~zhongshu.paper.styles.FREE_FONTS`; unmapped roles keep the office fonts.
    """
    if not isinstance(paper, Paper):
        raise PaperError(f"render_docx 需要 Paper，收到的是 {type(paper).__name__}")
    font_map = S.resolve_fonts(fonts)
    doc = Document()
    _drop_thumbnail(doc)
    _set_up_page(doc)
    _install_styles(doc, font_map, S.mark_size_pt(paper.mark) if paper.mark else S.MARK_MAX_PT)
    writer = _BodyWriter(doc, font_map)
    writer.write(paper)
    _add_page_numbers(doc, first_page=paper.form != "letter")
    _set_core_properties(doc, paper)
    buffer = io.BytesIO()
    doc.save(buffer)
    return _normalise_zip(buffer.getvalue())


# --- document set-up ------------------------------------------------------------------------------
def _drop_thumbnail(doc) -> None:
    """python-docx's template ships a preview image of another document; leave it out."""
    rels = doc.part.package.rels
    for r_id in [r_id for r_id, rel in rels.items() if rel.reltype == RT.THUMBNAIL]:
        del rels[r_id]


def _set_up_page(doc) -> None:
    section = doc.sections[0]
    section.page_width = Twips(S.mm_to_twips(S.PAGE_WIDTH_MM))
    section.page_height = Twips(S.mm_to_twips(S.PAGE_HEIGHT_MM))
    section.top_margin = Twips(S.mm_to_twips(S.MARGIN_TOP_MM))
    section.bottom_margin = Twips(S.mm_to_twips(S.MARGIN_BOTTOM_MM))
    section.left_margin = Twips(S.mm_to_twips(S.MARGIN_LEFT_MM))
    section.right_margin = Twips(S.mm_to_twips(S.MARGIN_RIGHT_MM))
    section.header_distance = Twips(S.mm_to_twips(S.HEADER_DISTANCE_MM))
    section.footer_distance = Twips(S.mm_to_twips(S.FOOTER_DISTANCE_MM))
    section.gutter = Twips(0)
    ooxml.set_line_grid(section._sectPr, S.LINE_PITCH_TWIPS)
    doc.settings.odd_and_even_pages_header_footer = True
    lang = doc.settings.element.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")


def _install_styles(doc, fonts: Mapping[str, str], mark_pt: float) -> None:
    styles_el = doc.styles.element
    defaults = styles_el.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    ooxml.set_fonts(rpr, fonts["body"])
    rpr.get_or_add_sz().val = Pt(S.BODY_PT)
    ooxml.set_lang(rpr)
    ooxml.set_spacing(defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")), line=None)
    _configure(doc.styles["Normal"], S.StyleSpec("Normal", "Normal", "body"), fonts)
    for spec in S.style_specs(mark_pt):
        style = doc.styles.add_style(spec.style_id, WD_STYLE_TYPE.PARAGRAPH)
        style.name = spec.name
        style.quick_style = True
        _configure(style, spec, fonts)


def _configure(style, spec: S.StyleSpec, fonts: Mapping[str, str]) -> None:
    style.base_style = None
    style.font.size = Pt(spec.size_pt)
    style.font.bold = False
    if spec.color:
        style.font.color.rgb = RGBColor.from_string(spec.color)
    rpr = style.element.get_or_add_rPr()
    ooxml.set_fonts(rpr, fonts[spec.role])
    if spec.size_pt == S.BODY_PT:
        ooxml.set_tracking(rpr, S.BODY_TRACKING_TWIPS)   # 28 characters a line
    ppr = style.element.get_or_add_pPr()
    ooxml.set_on_off(ppr, "w:widowControl", False)   # 孤行控制 off: it would break the 22-line grid
    ooxml.set_on_off(ppr, "w:autoSpaceDE", False)
    ooxml.set_on_off(ppr, "w:autoSpaceDN", False)
    ooxml.set_on_off(ppr, "w:snapToGrid", spec.snap)
    if spec.line == "grid":
        ooxml.set_spacing(ppr, line=LINE)
    elif spec.line == "single":
        ooxml.set_spacing(ppr, line=None)
    else:
        ooxml.set_spacing(ppr, line=S.pt_to_twips(spec.line))
    ooxml.set_indent(ppr, first_line=S.chars_to_twips(spec.indent_chars), chars=(0, 0, spec.indent_chars))
    ooxml.set_jc(ppr, spec.align)
    if spec.outline is not None:
        ooxml.set_outline_level(ppr, spec.outline)


def _add_page_numbers(doc, *, first_page: bool = True) -> None:
    """“— N —” footers: odd (default) footer right, even footer left, each 1 character in (§7.5).

    ``first_page=False`` (信函格式, §10.1: 首页不显示页码) gives page 1 an empty footer of its own.
    """
    section = doc.sections[0]
    if not first_page:
        section.different_first_page_header_footer = True
        section.first_page_header.is_linked_to_previous = False
        section.first_page_footer.is_linked_to_previous = False
    one_char = S.chars_to_twips(1, S.PAGE_NUMBER_PT)
    for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.style = "页码"
        ppr = paragraph._p.get_or_add_pPr()
        ooxml.set_jc(ppr, align)
        ooxml.set_indent(ppr, left=one_char if align == "left" else 0, right=one_char if align == "right" else 0)
        paragraph.add_run("— ")
        ooxml.add_field(paragraph, "PAGE", "1")
        paragraph.add_run(" —")


def _set_core_properties(doc, paper: Paper) -> None:
    day = paper.date or paper.print_date
    moment = datetime(day.year, day.month, day.day) if day else FIXED_TIMESTAMP
    props = doc.core_properties
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.title = paper.title.replace("\n", "")
    props.subject = paper.number or ""
    props.comments = ""
    props.keywords = ""
    props.category = ""
    props.revision = 1
    props.created = moment
    props.modified = moment


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite the package with fixed member times so identical papers give identical bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()


# --- body -----------------------------------------------------------------------------------------
class _BodyWriter:
    """Appends the paper's elements to the document body in order."""

    def __init__(self, doc, fonts: Mapping[str, str]):
        self.doc = doc
        self.fonts = fonts
        self.container = doc        # where paragraph() appends: the body, or the 版记's box

    def paragraph(self, style: str, text: str = "", *, before: int = 0):
        """A paragraph of ``style``; ``before`` is the space above it in twips (``n * LINE`` = n blank lines)."""
        paragraph = self.container.add_paragraph(style=style)
        if text:
            paragraph.add_run(ooxml.xml_safe(text))
        if before:
            ooxml.set_space_before(self.ppr(paragraph), before)
        return paragraph

    @staticmethod
    def ppr(paragraph):
        return paragraph._p.get_or_add_pPr()

    def run(self, paragraph, text: str, *, role: str | None = None):
        """A run of ``text``; ``role`` gives it that role's font instead of the paragraph style's."""
        run = paragraph.add_run(ooxml.xml_safe(text))
        if role:
            ooxml.set_fonts(run._r.get_or_add_rPr(), self.fonts[role])
        return run

    def write(self, paper: Paper) -> None:
        if paper.form == "letter":
            self.letter_head(paper)
        else:
            used_lines = self.labels(paper)
            if paper.mark:
                before = _two_lines_on_grid(self.head(paper, used_lines))
            else:
                before = LINE if used_lines else 0
            self.title(paper.title, before=before)
        if paper.addressee:
            self.paragraph("主送机关", paper.addressee)
        for block in paper.blocks:
            self.block(block)
        self.attachments(paper.attachments)
        if paper.form == "minutes":
            self.attendance(paper)       # 纪要: no 署名 after the body; the 成文日期 is in the 版头
        else:
            self.signature(paper)
        self.imprint(paper)

    # 版头 ---------------------------------------------------------------------------------------
    def labels(self, paper: Paper) -> int:
        """份号, 密级和保密期限 then 紧急程度, one line each, flush left (§7.2.1–§7.2.3)."""
        lines = label_lines(paper)
        for text, role in lines:
            self.run(self.paragraph("密级和紧急程度"), text, role=role)
        return len(lines)

    def head(self, paper: Paper, used_lines: int) -> int:
        """发文机关标志, 发文字号 (and 签发人) and the red separator; returns the 版头's height in twips."""
        mark_pt = S.mark_size_pt(paper.mark)
        mark_line = S.pt_to_twips(S.mark_line_pt(mark_pt))
        # An exact line puts its extra height above the glyphs; subtract it and the label lines.
        before = S.mm_to_twips(S.MARK_TOP_MM) - (mark_line - S.pt_to_twips(mark_pt))
        before = max(before - used_lines * LINE, 0)
        last = self.paragraph("发文机关标志", paper.mark, before=before)
        height = used_lines * LINE + before + mark_line
        if paper.number:
            last = self.number_line(paper)
            height += 3 * LINE
        if paper.form == "minutes" and (paper.signature or paper.date):
            last = self.minutes_date_line(paper, before=0 if paper.number else 2 * LINE)
            height += LINE if paper.number else 3 * LINE
        gap_pt = S.SEPARATOR_GAP_PT if last.style.name != "发文机关标志" else 4
        ooxml.set_border(self.ppr(last), "bottom", size_eighths=S.SEPARATOR_EIGHTHS, color=S.RED, space_pt=gap_pt)
        return height + S.pt_to_twips(gap_pt + S.SEPARATOR_EIGHTHS / 8)

    def number_line(self, paper: Paper):
        if not paper.signer:
            return self.paragraph("发文字号", paper.number, before=2 * LINE)
        line = self.spread_line(paper.number, before=2 * LINE)
        self.run(line, "签发人：")
        self.run(line, paper.signer, role="signer")
        return line

    def spread_line(self, left: str, *, before: int):
        """A 版头 line with ``left`` 1 character from the left edge and room for text that the caller
        appends flush against a right tab 1 character from the right edge (居左空一字, 居右空一字).

        The paragraph itself has no indent, so the red separator drawn as its bottom border runs the
        whole width of the text block (与版心等宽, §7.2.7); tabs place the text.
        """
        one_char = S.chars_to_twips(1)
        line = self.paragraph("发文字号", "\t" + left + "\t", before=before)
        ppr = self.ppr(line)
        ooxml.set_jc(ppr, "left")
        ooxml.set_indent(ppr)
        ooxml.add_tab(ppr, one_char)
        ooxml.add_right_tab(ppr, S.TEXT_WIDTH_TWIPS - one_char)
        return line

    def minutes_date_line(self, paper: Paper, *, before: int):
        """纪要: the office that issues the minutes 1 character from the left and the 成文日期
        1 character from the right, on the line above the red separator.

        GB/T 9704-2012 §10.3 sets only the 纪要标志 and the 出席/请假/列席 lists (“纪要格式可以根据
        实际制定”); minutes carry no 署名 or seal, and this is where 常务会议纪要 usually state who
        issues them and when.
        """
        line = self.spread_line(paper.signature or "", before=before)
        if paper.date:
            self.run(line, zh_date(paper.date))
        return line

    def letter_head(self, paper: Paper) -> None:
        """信函格式 (GB/T 9704-2012 §10.1), drawn relative to the paper's edges:

        - 发文机关标志 (no “文件”) in red, centred on the text block, its top 30 mm below the paper's top
          edge — above the 37 mm margin, so it is a text box anchored to the page;
        - 4 mm under it a red double line 上粗下细, and 20 mm above the paper's bottom edge a red double
          line 上细下粗, both 170 mm long and centred on the text block (filled rectangles);
        - 份号 (else 密级) flush left and the 发文字号 flush right on the first line under the double
          line, the gap 7/8 of a 3号 character; 密级 and 紧急程度 one line each below;
        - the title 2 lines under the last of those (标题居中编排，与其上最后一个要素相距2行), on the
          22-line grid; with none of them, 2 lines under where they would be.
        Page 1 has no page number (首页不显示页码), see :func:`_add_page_numbers`; the 版记 has no
        印发机关, 印发日期 or rules (the model refuses them for letters), see :meth:`imprint`.
        """
        mark_pt = S.mark_size_pt(paper.mark)
        pt_mm = S.MM_PER_INCH / 72
        rule_top = S.LETTER_MARK_TOP_MM + mark_pt * pt_mm + S.LETTER_RULE_GAP_MM
        rule_bottom = rule_top + S.LETTER_THICK_MM + S.LETTER_RULE_SPACE_MM + S.LETTER_THIN_MM
        # The first line's glyphs (slack of the exact line on top) 7/8 of a character under the rule.
        glyph_top_mm = rule_bottom + S.LETTER_HEAD_GAP_PT * pt_mm
        before = S.mm_to_twips(glyph_top_mm - S.MARGIN_TOP_MM) - (LINE - S.pt_to_twips(S.BODY_PT))
        labels = label_lines(paper)
        rows = [(labels[0] if labels else ("", None), paper.number or "")] + [(label, "") for label in labels[1:]]
        first = None
        for i, ((left, role), right) in enumerate(rows if labels or paper.number else ()):
            line = self.paragraph("发文字号", before=before if i == 0 else 0)
            ppr = self.ppr(line)
            ooxml.set_jc(ppr, "left" if left else "right")
            if left:
                self.run(line, left, role=role)
            if left and right:
                ooxml.add_right_tab(ppr, S.TEXT_WIDTH_TWIPS)
                self.run(line, "\t")
            if right:
                self.run(line, right)
            first = first or line
        height = before + max(len(rows), 1) * LINE
        title_before = _two_lines_on_grid(height)
        self.title(paper.title, before=title_before if first else height + title_before)
        self.letter_shapes(self.doc.paragraphs[0], paper.mark, mark_pt, rule_top)

    def letter_shapes(self, anchor, mark: str, mark_pt: float, rule_top: float) -> None:
        left = S.MARGIN_LEFT_MM + (S.PAGE_WIDTH_MM - S.MARGIN_LEFT_MM - S.MARGIN_RIGHT_MM - S.LETTER_RULE_LENGTH_MM) / 2
        length = S.LETTER_RULE_LENGTH_MM
        mark_line = S.mark_line_pt(mark_pt)
        pt_mm = S.MM_PER_INCH / 72
        content = self.paragraph("发文机关标志", mark)._p
        drawing.add_text_box(anchor, content, shape_id=1, name="发文机关标志", x_mm=left,
                             y_mm=S.LETTER_MARK_TOP_MM - (mark_line - mark_pt) * pt_mm, width_mm=length,
                             height_mm=mark_line * pt_mm)
        thick, space, thin = S.LETTER_THICK_MM, S.LETTER_RULE_SPACE_MM, S.LETTER_THIN_MM
        bottom = S.PAGE_HEIGHT_MM - S.LETTER_BOTTOM_RULE_MM             # the lower line's bottom edge
        rules = [("版头双线（粗）", rule_top, thick), ("版头双线（细）", rule_top + thick + space, thin),
                 ("页脚双线（细）", bottom - thick - space - thin, thin), ("页脚双线（粗）", bottom - thick, thick)]
        for n, (name, top, height) in enumerate(rules, 2):
            drawing.add_rule(anchor, shape_id=n, name=name, x_mm=left, y_mm=top, width_mm=length,
                             height_mm=height, color=S.RED)

    # 主体 ---------------------------------------------------------------------------------------
    def title(self, title: str, *, before: int) -> None:
        paragraph = self.paragraph("公文标题", title, before=before)
        ppr = self.ppr(paragraph)
        ooxml.child(ppr, "w:spacing").set(qn("w:after"), str(LINE))   # 主送机关 one blank line below

    def block(self, block) -> None:
        if isinstance(block, Para):
            paragraph = self.paragraph("公文正文", block.text)
            ppr = self.ppr(paragraph)
            if block.align != "justify":
                ooxml.set_jc(ppr, block.align)
            if not block.indent:
                ooxml.set_indent(ppr)
        elif isinstance(block, Heading):
            paragraph = self.paragraph(("一级标题", "二级标题", "三级标题", "四级标题")[block.level - 1], block.text)
            if block.tail:
                self.run(paragraph, block.tail, role="body")
        else:
            add_table(self.doc, block)

    def attachments(self, names) -> None:
        """附件说明 (§7.3.4): “附件：1．名称”, later items under the first number, wraps under the name."""
        for i, name in enumerate(names, 1):
            label = f"{i}．" if len(names) > 1 else ""
            label_chars = S.text_width_chars(label)
            prefix = "附件：" if i == 1 else ""
            start = 2 if i == 1 else 5                    # 左空二字; numbers under the first one
            left = 5 + label_chars                        # where the name begins
            paragraph = self.paragraph("附件说明", prefix + label + name, before=LINE if i == 1 else 0)
            left_twips = S.chars_to_twips(left)
            ooxml.set_indent(self.ppr(paragraph), left=left_twips, first_line=S.chars_to_twips(start) - left_twips,
                             chars=(left, 0, start - left))

    def signature(self, paper: Paper) -> None:
        if not (paper.signature or paper.date):
            return
        date_text = zh_date(paper.date) if paper.date else ""
        right_sig, right_date = signature_indents(paper.signature or "", date_text, sealed=paper.sealed)
        before = (2 if paper.sealed else 1) * LINE    # room for the seal / 下空一行
        if paper.signature:
            self.right_aligned("发文机关署名", paper.signature, right_sig, before)
            before = 0
        if date_text:
            self.right_aligned("成文日期", date_text, right_date, before)

    def right_aligned(self, style: str, text: str, right_chars: float, before: int) -> None:
        paragraph = self.paragraph(style, text, before=before)
        ooxml.set_indent(self.ppr(paragraph), right=S.chars_to_twips(right_chars), chars=(0, right_chars, 0))

    def attendance(self, paper: Paper) -> None:
        """纪要 (GB/T 9704-2012 §10.3): “出席：” in 3号黑体 one blank line under the body (or 附件说明),
        2 characters in, the names after the colon in 3号仿宋, wrapped lines under the first name;
        “请假：” and “列席：” each on a line of its own below, laid out the same way."""
        rows = [(label, names) for label, names in (("出席：", paper.attendees), ("请假：", paper.absentees),
                                                     ("列席：", paper.observers)) if names]
        for i, (label, names) in enumerate(rows):
            paragraph = self.paragraph("出席人员", before=LINE if i == 0 else 0)
            self.run(paragraph, label, role="label")
            self.run(paragraph, names)
            left = 2 + S.text_width_chars(label)
            left_twips = S.chars_to_twips(left)
            ooxml.set_indent(self.ppr(paragraph), left=left_twips, first_line=S.chars_to_twips(2) - left_twips,
                             chars=(left, 0, 2 - left))

    # 版记 ---------------------------------------------------------------------------------------
    def imprint(self, paper: Paper) -> None:
        """抄送 and 印发机关/印发日期 between rules (§7.4) at the foot of the last page.

        The rules are the bottom borders of empty paragraphs 1 pt high with no indent, so that they
        run the whole width of the text block (版记中的分隔线与版心等宽, §7.4.1) while 抄送 keeps its
        indents (左右各空一字, wrapped lines under the first name). A 信函 has no rules (§10.1) but its
        抄送 also sits at the foot (位于公文最后一页版心内最下方). The box is anchored to an empty 1 pt
        paragraph after it, which ends the document.
        """
        if not (paper.copy_to or paper.printer):
            return
        one = S.chars_to_twips(1, S.IMPRINT_PT)
        thick, thin = S.IMPRINT_THICK_EIGHTHS, S.IMPRINT_THIN_EIGHTHS
        ruled = paper.form != "letter"
        rules = (1 + bool(paper.copy_to) + bool(paper.printer)) if ruled else 0
        # Box and gap take whole lines of the grid, less 5 pt: the anchoring 1 pt paragraph and
        # LibreOffice's rounding need them, or lines that are just free would not hold the box.
        gap = LINE - rules * S.IMPRINT_RULE_LINE_TWIPS - 100
        self.container = add_bottom_box(self.doc, gap=gap)
        try:
            if ruled:
                self.imprint_rule(thick)
            if paper.copy_to:
                text = paper.copy_to if paper.copy_to.endswith("。") else paper.copy_to.rstrip("，,；;、.") + "。"
                paragraph = self.paragraph("版记", "抄送：" + text)
                ooxml.set_indent(self.ppr(paragraph), left=4 * one, right=one, first_line=-3 * one)
                if ruled:
                    self.imprint_rule(thin if paper.printer else thick)
            if paper.printer:
                paragraph = self.paragraph("版记", f"{paper.printer}\t{zh_date(paper.print_date)}印发")
                ppr = self.ppr(paragraph)
                ooxml.set_indent(ppr, left=one)
                ooxml.add_right_tab(ppr, S.TEXT_WIDTH_TWIPS - one)
                self.imprint_rule(thick)
        finally:
            self.container = self.doc
        self.imprint_rule(None)         # the box's anchor, and the document's last paragraph

    def imprint_rule(self, size_eighths: int | None) -> None:
        """An empty 1 pt paragraph, with a bottom rule ``size_eighths`` of a point thick (none for None)."""
        paragraph = self.paragraph("版记")
        ppr = self.ppr(paragraph)
        ooxml.set_spacing(ppr, line=S.IMPRINT_RULE_LINE_TWIPS)
        ooxml.set_indent(ppr)
        if size_eighths:
            ooxml.set_border(ppr, "bottom", size_eighths=size_eighths, space_pt=0)


def label_lines(paper: Paper) -> list[tuple[str, str]]:
    """(text, font role) of the lines at the top left: 份号 in the body font's Arabic numerals,
    密级 and 紧急程度 in 黑体."""
    return [(text, role) for text, role in ((paper.copy_no, "body"), (paper.classification, "label"),
                                            (paper.urgency, "label")) if text]


def _two_lines_on_grid(height: int) -> int:
    """Space above a title two lines under a 版头 ``height`` twips tall, less the fraction of a line
    that puts it back on the 22-line grid, so that the rest of page 1 holds whole lines."""
    rest = height % LINE
    return 2 * LINE - rest if rest <= LINE // 2 else 3 * LINE - rest


def signature_indents(signature: str, date_text: str, *, sealed: bool) -> tuple[float, float]:
    """Right indents in characters of (署名, 成文日期) after GB/T 9704-2012 §7.3.5.

    Sealed (7.3.5.1): the date 4 characters from the right, the signature centred over the date.
    Unsealed (7.3.5.2): the signature 2 characters from the right, the date's first character 2 to
    the right of the signature's; when the date is the longer, the date keeps 2 and the signature moves.
    """
    sig, dat = S.text_width_chars(signature), S.text_width_chars(date_text)
    if sealed:
        return (max(0.0, 4 + (dat - sig) / 2) if date_text else 4.0), 4.0
    if not signature or not date_text:
        return 2.0, 2.0
    right_date = sig - dat              # = 2 (signature) + sig − dat − 2 (date starts 2 further right)
    if right_date >= 2:
        return 2.0, right_date
    return dat + 4 - sig, 2.0
