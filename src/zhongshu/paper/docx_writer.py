"""Render a :class:`~zhongshu.paper.model.Paper` to .docx after GB/T 9704-2012.

Layout, top to bottom (one "line" is the 22-per-page pitch of 28.95 pt):

- 密级和保密期限, 紧急程度: 3号黑体, flush left, one line each at the top of the text block.
- 发文机关标志: red 方正小标宋简体, centred, its top about 35 mm below the text block's top edge.
- 发文字号: 3号仿宋, centred, two blank lines under the mark; with a 签发人 the number moves left
  (indented 1 character) and “签发人：姓名” (name in 楷体) goes right on the same line, 1 character in.
- 版头分隔线: red, full text-block width, 4 mm under the 发文字号 (a paragraph bottom border).
- 标题: 2号小标宋, centred, two blank lines under the separator; ``"\\n"`` in the title breaks a line.
  The space above it is adjusted to the nearest line of the 22-line grid (by 0.9 mm for a 版头 with
  发文字号, always by less than half a line), so page 1 holds whole lines after the 版头.
- 主送机关: one blank line under the title, flush left; then the body blocks.
- 附件说明: one blank line under the body, indented 2 characters, wrapped lines aligned with the name.
- 署名 and 成文日期 (§7.3.5): sealed — date 4 characters from the right, the signature centred over it,
  two blank lines above for the seal; unsealed — signature 2 characters from the right one blank line
  under the body, date below moved 2 characters right.
- 版记: 4号仿宋 between rules of 0.35 mm (first, last) and 0.25 mm (between 抄送 and 印发), 抄送 1 character
  in from both sides, 印发机关 left and “……印发” right on one line. The 版记 follows the body after two
  blank lines; it is *not* pushed to the bottom of the last page (that needs manual paging in Word).
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

from . import ooxml
from . import styles as S
from .dates import zh_date
from .docx_table import add_table
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
    _add_page_numbers(doc)
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


def _add_page_numbers(doc) -> None:
    """“— N —” footers: odd (default) footer right, even footer left, each 1 character in (§7.5)."""
    section = doc.sections[0]
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

    def paragraph(self, style: str, text: str = "", *, before: int = 0):
        """A paragraph of ``style``; ``before`` is the space above it in twips (``n * LINE`` = n blank lines)."""
        paragraph = self.doc.add_paragraph(style=style)
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
        used_lines = self.labels(paper)
        if paper.mark:
            # 标题 two lines under the separator, less the fraction of a line that puts it back on the
            # 22-line grid, so that the rest of page 1 holds whole lines.
            rest = self.head(paper, used_lines) % LINE
            before = 2 * LINE - rest if rest <= LINE // 2 else 3 * LINE - rest
        else:
            before = LINE if used_lines else 0
        self.title(paper.title, before=before)
        if paper.addressee:
            self.paragraph("主送机关", paper.addressee)
        for block in paper.blocks:
            self.block(block)
        self.attachments(paper.attachments)
        self.signature(paper)
        self.imprint(paper)

    # 版头 ---------------------------------------------------------------------------------------
    def labels(self, paper: Paper) -> int:
        """密级和保密期限 then 紧急程度, one line each, flush left (§7.2.2, §7.2.3)."""
        lines = [text for text in (paper.classification, paper.urgency) if text]
        for text in lines:
            self.paragraph("密级和紧急程度", text)
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
        gap_pt = S.SEPARATOR_GAP_PT if paper.number else 4
        ooxml.set_border(self.ppr(last), "bottom", size_eighths=S.SEPARATOR_EIGHTHS, color=S.RED, space_pt=gap_pt)
        return height + S.pt_to_twips(gap_pt + S.SEPARATOR_EIGHTHS / 8)

    def number_line(self, paper: Paper):
        if not paper.signer:
            return self.paragraph("发文字号", paper.number, before=2 * LINE)
        one_char = S.chars_to_twips(1)
        line = self.paragraph("发文字号", paper.number + "\t", before=2 * LINE)
        ppr = self.ppr(line)
        ooxml.set_jc(ppr, "left")
        ooxml.set_indent(ppr, left=one_char, chars=(1, 0, 0))
        ooxml.add_right_tab(ppr, S.TEXT_WIDTH_TWIPS - one_char)
        self.run(line, "签发人：")
        self.run(line, paper.signer, role="signer")
        return line

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

    # 版记 ---------------------------------------------------------------------------------------
    def imprint(self, paper: Paper) -> None:
        """抄送 and 印发机关/印发日期 between rules (§7.4), two blank lines after the body."""
        if not (paper.copy_to or paper.printer):
            return
        one = S.chars_to_twips(1, S.IMPRINT_PT)
        thick, thin = S.IMPRINT_THICK_EIGHTHS, S.IMPRINT_THIN_EIGHTHS
        before = 2 * LINE
        if paper.copy_to:
            text = paper.copy_to if paper.copy_to.endswith("。") else paper.copy_to.rstrip("，,；;、.") + "。"
            paragraph = self.paragraph("版记", "抄送：" + text, before=before)
            ppr = self.ppr(paragraph)
            ooxml.set_indent(ppr, left=4 * one, right=one, first_line=-3 * one)   # wraps under the names
            ooxml.set_border(ppr, "top", size_eighths=thick)
            ooxml.set_border(ppr, "bottom", size_eighths=thin if paper.printer else thick)
            before = 0
        if paper.printer:
            paragraph = self.paragraph("版记", f"{paper.printer}\t{zh_date(paper.print_date)}印发",
                                       before=before)
            ppr = self.ppr(paragraph)
            ooxml.set_indent(ppr, left=one)
            ooxml.add_right_tab(ppr, S.TEXT_WIDTH_TWIPS - one)
            if not paper.copy_to:
                ooxml.set_border(ppr, "top", size_eighths=thick)
            ooxml.set_border(ppr, "bottom", size_eighths=thick)


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
