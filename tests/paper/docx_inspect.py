"""Read back what render_docx wrote: python-docx where it has an API, lxml where it has none.

Properties are resolved the way Word does: direct formatting on the run or paragraph, then the
paragraph style (and the styles it is based on), then the document defaults.
"""

from __future__ import annotations

import io

from docx import Document
from docx.oxml.ns import qn

TWIPS_PER_MM = 1440 / 25.4


def open_docx(data: bytes):
    return Document(io.BytesIO(data))


def w(name: str) -> str:
    return qn(f"w:{name}")


def all_paragraphs(doc) -> list:
    """The body's paragraphs, then those in its tables (statistics tables and the 版记's box)."""
    cells = [p for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    return list(doc.paragraphs) + cells


def paragraph_starting(doc, prefix: str):
    paragraphs = all_paragraphs(doc)
    found = [p for p in paragraphs if p.text.startswith(prefix)]
    assert found, f"no paragraph starts with {prefix!r}; have {[p.text[:12] for p in paragraphs]}"
    return found[0]


def imprint_box(doc):
    """The floating one-cell table that holds the 版记, or None: (table, its w:tblpPr attributes
    without namespace, the paragraphs in its cell, the paragraph after it)."""
    for table in doc.tables:
        pos = table._tbl.tblPr.find(w("tblpPr"))
        paragraphs = table.rows[0].cells[0].paragraphs
        if pos is not None and paragraphs and paragraphs[0].style.name == "版记":
            attrs = {k.split("}")[1]: v for k, v in pos.attrib.items()}
            after = table._tbl.getnext()
            return table, attrs, paragraphs, next(p for p in doc.paragraphs if p._p is after)
    return None


def _style_chain(doc, style_id: str | None):
    styles = doc.styles.element
    seen = []
    while style_id:
        style = next((s for s in styles.findall(w("style")) if s.get(w("styleId")) == style_id), None)
        if style is None:
            break
        seen.append(style)
        based = style.find(w("basedOn"))
        style_id = based.get(w("val")) if based is not None else None
    return seen


def _paragraph_style_id(paragraph) -> str:
    ppr = paragraph._p.pPr
    style = ppr.find(w("pStyle")) if ppr is not None else None
    return style.get(w("val")) if style is not None else "Normal"


def _defaults(doc, kind: str):
    node = doc.styles.element.find(w("docDefaults"))
    holder = node.find(w(f"{kind}Default")) if node is not None else None
    return holder.find(w(kind)) if holder is not None else None


def _lookup(sources, tag: str, attr: str):
    for props in sources:
        if props is None:
            continue
        element = props.find(w(tag))
        if element is not None and element.get(w(attr)) is not None:
            return element.get(w(attr))
    return None


def run_prop(doc, paragraph, tag: str, attr: str = "val", run=None):
    """Effective ``w:rPr/w:{tag}/@w:{attr}`` of ``run`` (default: the paragraph's first run)."""
    run = run if run is not None else paragraph.runs[0]
    sources = [run._r.rPr]
    sources += [s.find(w("rPr")) for s in _style_chain(doc, _paragraph_style_id(paragraph))]
    sources.append(_defaults(doc, "rPr"))
    return _lookup(sources, tag, attr)


def par_prop(doc, paragraph, tag: str, attr: str = "val"):
    """Effective ``w:pPr/w:{tag}/@w:{attr}`` of ``paragraph``."""
    sources = [paragraph._p.pPr]
    sources += [s.find(w("pPr")) for s in _style_chain(doc, _paragraph_style_id(paragraph))]
    sources.append(_defaults(doc, "pPr"))
    return _lookup(sources, tag, attr)


def east_asia_font(doc, paragraph, run=None) -> str:
    return run_prop(doc, paragraph, "rFonts", "eastAsia", run)


def size_pt(doc, paragraph, run=None) -> float:
    return int(run_prop(doc, paragraph, "sz", "val", run)) / 2


def is_bold(doc, paragraph, run=None) -> bool:
    """w:b on the run, else its paragraph style, else the defaults; ``<w:b/>`` alone means on."""
    run = run if run is not None else paragraph.runs[0]
    sources = [run._r.rPr] + [s.find(w("rPr")) for s in _style_chain(doc, _paragraph_style_id(paragraph))]
    for props in sources + [_defaults(doc, "rPr")]:
        element = props.find(w("b")) if props is not None else None
        if element is not None:
            return element.get(w("val"), "1") not in ("0", "false")
    return False


def border(doc, paragraph, side: str):
    """(sz in eighths of a point, colour, space) of a paragraph border, or None."""
    for props in [paragraph._p.pPr] + [s.find(w("pPr")) for s in
                                        _style_chain(doc, _paragraph_style_id(paragraph))]:
        bdr = props.find(w("pBdr")) if props is not None else None
        line = bdr.find(w(side)) if bdr is not None else None
        if line is not None:
            return int(line.get(w("sz"))), line.get(w("color")), int(line.get(w("space")))
    return None


def twips(value) -> int:
    return int(value) if value is not None else 0


def indent(doc, paragraph) -> dict:
    """left, right, first_line (negative = hanging) in twips, from the nearest w:ind (the writer
    always writes all of them), with the character values (w:leftChars …) beside them."""
    sources = [paragraph._p.pPr] + [s.find(w("pPr")) for s in _style_chain(doc, _paragraph_style_id(paragraph))]
    ind = next(p.find(w("ind")) for p in sources if p is not None and p.find(w("ind")) is not None)

    def get(attr):
        return twips(ind.get(w(attr)))

    first = -get("hanging") if ind.get(w("hanging")) is not None else get("firstLine")
    first_chars = -get("hangingChars") if ind.get(w("hangingChars")) is not None else get("firstLineChars")
    return {"left": get("left"), "right": get("right"), "first_line": first,
            "left_chars": get("leftChars") / 100, "right_chars": get("rightChars") / 100,
            "first_line_chars": first_chars / 100}


def space_before(doc, paragraph) -> int:
    return twips(par_prop(doc, paragraph, "spacing", "before"))


EMU_PER_MM = 36000
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def anchored_shapes(doc) -> list[dict]:
    """Shapes anchored in the body (``wp:anchor``): name, position relative to the page and size in
    mm, fill colour (RRGGBB or None), the text inside (text boxes) and the anchoring paragraph."""
    shapes = []
    for anchor in doc.element.body.iter(f"{_WP}anchor"):
        def offset(axis, anchor=anchor):
            pos = anchor.find(f"{_WP}position{axis}")
            return pos.get("relativeFrom"), int(pos.find(f"{_WP}posOffset").text) / EMU_PER_MM
        (h_from, x), (v_from, y) = offset("H"), offset("V")
        extent = anchor.find(f"{_WP}extent")
        fill = anchor.find(f".//{_A}solidFill/{_A}srgbClr")
        box = next(anchor.iter(w("txbxContent")), None)
        shapes.append({
            "name": anchor.find(f"{_WP}docPr").get("name"),
            "relative_to": (h_from, v_from),
            "x": x, "y": y,
            "width": int(extent.get("cx")) / EMU_PER_MM, "height": int(extent.get("cy")) / EMU_PER_MM,
            "fill": fill.get("val") if fill is not None else None,
            "wraps": anchor.find(f"{_WP}wrapNone") is None,
            "box": box,
            "text": "".join(t.text or "" for t in box.iter(w("t"))) if box is not None else "",
            "paragraph": next(a for a in anchor.iterancestors() if a.tag == w("p")),
        })
    return shapes
