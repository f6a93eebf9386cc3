"""Shapes anchored to the page (DrawingML ``wp:anchor``), for the parts of a 版头 that lie outside
the text block or must sit at an exact distance from the paper's edge: the 信函格式 mark 30 mm
from the top edge and its red double lines (GB/T 9704-2012 §10.1).

Every shape is anchored in a body paragraph, positioned relative to the *page* in EMU (1 mm =
36 000 EMU), does not wrap text (``wp:wrapNone``) and is locked to its anchor, so Word, WPS and
LibreOffice put it at the same place whatever the text around it does. Lines are drawn as filled
rectangles, not stroked lines, so that their top edge and thickness are exactly what is written.
"""

from __future__ import annotations

from docx.oxml import parse_xml
from docx.oxml.ns import qn

EMU_PER_MM = 36000
EMU_PER_PT = 12700
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
_NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    f'xmlns:wps="{WPS}"'
)


def mm_to_emu(mm: float) -> int:
    return round(mm * EMU_PER_MM)


def _anchor(shape_id: int, name: str, x_mm: float, y_mm: float, width_mm: float, height_mm: float,
            shape: str) -> str:
    cx, cy = mm_to_emu(width_mm), mm_to_emu(height_mm)
    return (
        f'<w:r {_NS}><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        f'relativeHeight="{251658240 + shape_id}" behindDoc="0" locked="1" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="page"><wp:posOffset>{mm_to_emu(x_mm)}</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="page"><wp:posOffset>{mm_to_emu(y_mm)}</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
        f'<wp:docPr id="{shape_id}" name="{name}"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData uri="{WPS}"><wps:wsp>{shape}</wps:wsp></a:graphicData></a:graphic>'
        '</wp:anchor></w:drawing></w:r>'
    )


def _geometry(width_mm: float, height_mm: float) -> str:
    return (f'<a:xfrm><a:off x="0" y="0"/><a:ext cx="{mm_to_emu(width_mm)}" cy="{mm_to_emu(height_mm)}"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>')


def add_rule(paragraph, *, shape_id: int, name: str, x_mm: float, y_mm: float, width_mm: float,
             height_mm: float, color: str) -> None:
    """A filled rectangle of ``color`` (RRGGBB): a rule ``height_mm`` thick whose top edge is
    ``y_mm`` below the paper's top edge and whose left end is ``x_mm`` from the paper's left edge."""
    shape = ('<wps:cNvSpPr/><wps:spPr>' + _geometry(width_mm, height_mm)
             + f'<a:solidFill><a:srgbClr val="{color}"/></a:solidFill><a:ln><a:noFill/></a:ln></wps:spPr>'
             '<wps:bodyPr/>')
    paragraph._p.append(parse_xml(_anchor(shape_id, name, x_mm, y_mm, width_mm, height_mm, shape)))


def add_text_box(paragraph, content, *, shape_id: int, name: str, x_mm: float, y_mm: float, width_mm: float,
                 height_mm: float) -> None:
    """A text box without border, fill or inner margins holding the paragraph element ``content``
    (a ``w:p``, moved out of wherever it was)."""
    shape = ('<wps:cNvSpPr txBox="1"/><wps:spPr>' + _geometry(width_mm, height_mm)
             + '<a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr><wps:txbx><w:txbxContent/></wps:txbx>'
             '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="t">'
             '<a:noAutofit/></wps:bodyPr>')
    run = parse_xml(_anchor(shape_id, name, x_mm, y_mm, width_mm, height_mm, shape))
    box = next(run.iter(qn("w:txbxContent")))
    parent = content.getparent()
    if parent is not None:
        parent.remove(content)
    box.append(content)
    paragraph._p.append(run)
