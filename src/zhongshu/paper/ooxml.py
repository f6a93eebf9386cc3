"""Low-level WordprocessingML edits that python-docx has no API for.

Each helper sets one property on an lxml element and keeps the child order the schema requires,
so Word, WPS and LibreOffice all accept the result.
"""

from __future__ import annotations

import re

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

# Child order of w:pPr (CT_PPrBase + rPr, sectPr, pPrChange) in ECMA-376.
_PPR_ORDER = tuple(qn(f"w:{tag}") for tag in (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
    "sectPr", "pPrChange",
))
# Child order of w:rPr (CT_RPr) in ECMA-376.
_RPR_ORDER = tuple(qn(f"w:{tag}") for tag in (
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
    "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
    "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
    "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath",
))
_BORDER_SIDES = ("top", "left", "bottom", "right", "between", "bar")
_CONTROL = re.compile(r"[\x00-\x08\x0c\x0e-\x1f\ufffe\uffff]")
_THEME_FONT_ATTRS = tuple(qn(f"w:{a}") for a in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"))


def xml_safe(text: str) -> str:
    """Text that XML can hold: Word's vertical tab (manual line break) and CR become ``\\n``,
    other control characters (pasted from other programs) are dropped."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n"))


def child(parent, tag: str, order: tuple[str, ...] = _PPR_ORDER):
    """The ``tag`` child of ``parent`` (``w:pPr`` by default), created in schema order if missing."""
    name = qn(tag)
    found = parent.find(name)
    if found is not None:
        return found
    element = OxmlElement(tag)
    rank = order.index(name)
    for i, existing in enumerate(parent):
        if existing.tag in order and order.index(existing.tag) > rank:
            parent.insert(i, element)
            break
    else:
        parent.append(element)
    return element


def set_on_off(ppr, tag: str, value: bool) -> None:
    """A boolean paragraph property such as ``w:snapToGrid`` or ``w:widowControl``."""
    child(ppr, tag).set(qn("w:val"), "1" if value else "0")


def set_fonts(rpr, name: str) -> None:
    """One font for Latin, East Asian and complex script text (w:rFonts ascii/hAnsi/eastAsia/cs).

    Theme font attributes are removed, because they take precedence over explicit names.
    """
    fonts = rpr.get_or_add_rFonts()
    for attr in _THEME_FONT_ATTRS:
        fonts.attrib.pop(attr, None)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attr}"), name)


def set_tracking(rpr, twips: int) -> None:
    """Character spacing (字符间距: 加宽/紧缩) in twips; negative condenses."""
    child(rpr, "w:spacing", _RPR_ORDER).set(qn("w:val"), str(twips))


def set_lang(rpr, latin: str = "en-US", east_asia: str = "zh-CN") -> None:
    lang = child(rpr, "w:lang", _RPR_ORDER)
    lang.set(qn("w:val"), latin)
    lang.set(qn("w:eastAsia"), east_asia)


def set_spacing(ppr, *, before: int = 0, after: int = 0, line: int | None = None, exact: bool = True) -> None:
    """Paragraph spacing in twips; ``line=None`` is single spacing, otherwise an exact (固定值) line."""
    spacing = child(ppr, "w:spacing")
    for attr in ("beforeLines", "afterLines", "beforeAutospacing", "afterAutospacing"):
        spacing.attrib.pop(qn(f"w:{attr}"), None)
    spacing.set(qn("w:before"), str(before))
    spacing.set(qn("w:after"), str(after))
    if line is None:
        spacing.set(qn("w:line"), "240")
        spacing.set(qn("w:lineRule"), "auto")
    else:
        spacing.set(qn("w:line"), str(line))
        spacing.set(qn("w:lineRule"), "exact" if exact else "atLeast")


def set_space_before(ppr, before: int) -> None:
    child(ppr, "w:spacing").set(qn("w:before"), str(before))


def set_indent(ppr, *, left: int = 0, right: int = 0, first_line: int = 0, chars: tuple | None = None) -> None:
    """Indents in twips (negative ``first_line`` = hanging).

    ``chars`` = (left, right, first_line) in characters is written as well (w:leftChars … in
    hundredths), which Word and WPS prefer; the twips stay for LibreOffice. Zero is written
    explicitly so that a paragraph can cancel its style's indent.
    """
    ind = child(ppr, "w:ind")
    ind.attrib.clear()
    ind.set(qn("w:left"), str(left))
    ind.set(qn("w:right"), str(right))
    ind.set(qn("w:firstLine" if first_line >= 0 else "w:hanging"), str(abs(first_line)))
    c_left, c_right, c_first = chars or (0, 0, 0)
    ind.set(qn("w:leftChars"), str(round(c_left * 100)))
    ind.set(qn("w:rightChars"), str(round(c_right * 100)))
    ind.set(qn("w:firstLineChars" if c_first >= 0 else "w:hangingChars"), str(round(abs(c_first) * 100)))


def set_jc(ppr, align: str) -> None:
    """Alignment: ``justify`` (两端对齐), ``left``, ``center`` or ``right``."""
    child(ppr, "w:jc").set(qn("w:val"), {"justify": "both"}.get(align, align))


def set_border(ppr, side: str, *, size_eighths: int, color: str = "000000", space_pt: int = 1) -> None:
    """A single-line paragraph border (w:pBdr) on ``side``; size in eighths of a point."""
    bdr = child(ppr, "w:pBdr")
    order = tuple(qn(f"w:{s}") for s in _BORDER_SIDES)
    line = child(bdr, f"w:{side}", order)
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size_eighths))
    line.set(qn("w:space"), str(space_pt))
    line.set(qn("w:color"), color)


def set_outline_level(ppr, level: int) -> None:
    """Outline level (0 = level 1), so headings appear in Word's navigation pane."""
    child(ppr, "w:outlineLvl").set(qn("w:val"), str(level))


def add_right_tab(ppr, position: int) -> None:
    add_tab(ppr, position, "right")


def add_tab(ppr, position: int, kind: str = "left") -> None:
    """A tab stop (``left`` or ``right``) at ``position`` twips from the paragraph's left indent."""
    tabs = child(ppr, "w:tabs")
    tab = OxmlElement("w:tab")
    tab.set(qn("w:val"), kind)
    tab.set(qn("w:pos"), str(position))
    tabs.append(tab)


def add_field(paragraph, instruction: str, placeholder: str) -> None:
    """A complex field (w:fldChar begin/separate/end), e.g. ``PAGE``, with a cached result."""
    def run(*elements):
        r = OxmlElement("w:r")
        for element in elements:
            r.append(element)
        paragraph._p.append(r)

    def fld_char(kind: str):
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    instr = OxmlElement("w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = f" {instruction} "
    text = OxmlElement("w:t")
    text.text = placeholder
    run(fld_char("begin"))
    run(instr)
    run(fld_char("separate"))
    run(text)
    run(fld_char("end"))


def set_line_grid(sect_pr, line_pitch: int) -> None:
    """Document grid of lines only (文档网格: 只指定行网格) at ``line_pitch`` twips."""
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    grid.attrib.clear()
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(line_pitch))
