"""Read back what LibreOffice drew in a PDF: per page, the filled and stroked paths with their colour
and the text runs with their size and position, in mm from the page's top-left corner.

Enough of PDF for LibreOffice's own output (uncompressed object table, Flate content streams, no
transformation matrices around paths); text is CID-encoded, so runs are known by position and size,
not by their characters.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

MM_PER_PT = 25.4 / 72
_OBJ = re.compile(rb"(\d+)\s+0\s+obj(.*?)endobj", re.S)
_NUMBER = re.compile(rb"[-+]?(?:\d+\.?\d*|\.\d+)$")


@dataclass
class Shape:
    kind: str            # "fill" or "stroke"
    color: tuple
    left: float          # mm from the page's left edge
    top: float           # mm from the page's top edge
    right: float
    bottom: float
    width_pt: float = 0  # stroke width

    @property
    def length(self) -> float:
        return self.right - self.left


@dataclass
class TextRun:
    x: float             # mm from the left edge
    baseline: float      # mm from the top edge
    size_pt: float
    color: tuple


@dataclass
class Page:
    height_mm: float
    shapes: list
    texts: list

    def red(self, kind: str | None = None) -> list:
        return [s for s in self.shapes if s.color == (1.0, 0.0, 0.0) and kind in (None, s.kind)]


def _objects(data: bytes) -> dict[int, bytes]:
    return {int(m.group(1)): m.group(2) for m in _OBJ.finditer(data)}


def _stream(body: bytes) -> bytes:
    m = re.search(rb"stream\r?\n", body)
    raw = body[m.end():body.rindex(b"endstream")]
    return zlib.decompress(raw) if b"FlateDecode" in body[:m.start()] else raw


def _kids(objects, number: int) -> list[int]:
    body = objects[number]
    if re.search(rb"/Type\s*/Pages\b", body):
        kids = re.search(rb"/Kids\s*\[(.*?)\]", body, re.S).group(1)
        pages = []
        for ref in re.findall(rb"(\d+)\s+0\s+R", kids):
            pages += _kids(objects, int(ref))
        return pages
    return [number]


def pages(data: bytes) -> list[Page]:
    objects = _objects(data)
    root = next(n for n, body in objects.items()
                if re.search(rb"/Type\s*/Pages\b", body) and b"/Parent" not in body)
    out = []
    for number in _kids(objects, root):
        body = objects[number]
        box = [float(v) for v in re.search(rb"/MediaBox\s*\[([^\]]*)\]", body).group(1).split()]
        refs = re.search(rb"/Contents\s*(\[[^\]]*\]|\d+\s+0\s+R)", body).group(1)
        content = b"".join(_stream(objects[int(r)]) for r in re.findall(rb"(\d+)\s+0\s+R", refs))
        out.append(_interpret(content, box[3] - box[1]))
    return out


def _interpret(content: bytes, height_pt: float) -> Page:
    shapes, texts, operands, path = [], [], [], []
    fill, stroke, width = (0.0, 0.0, 0.0), (0.0, 0.0, 0.0), 1.0
    stack = []
    in_text, size, x, y = False, 0.0, 0.0, 0.0

    def mm_top(v):
        return (height_pt - v) * MM_PER_PT

    def close(kind, color, w=0.0):
        if path:
            xs, ys = [p[0] for p in path], [p[1] for p in path]
            shapes.append(Shape(kind, color, min(xs) * MM_PER_PT, mm_top(max(ys)), max(xs) * MM_PER_PT,
                                mm_top(min(ys)), w))

    for token in re.findall(rb"\[[^\]]*\]|<[^>]*>|\([^)]*\)|/[^\s/\[<(]+|[^\s\[<(/]+", content):
        if _NUMBER.match(token):
            operands.append(float(token))
            continue
        op = token.decode("latin1")
        if op.startswith(("/", "[", "<", "(")):
            operands.append(op)
            continue
        nums = [v for v in operands if isinstance(v, float)]
        if op == "q":
            stack.append((fill, stroke, width))
        elif op == "Q" and stack:
            fill, stroke, width = stack.pop()
        elif op == "rg" and len(nums) >= 3:
            fill = tuple(nums[-3:])
        elif op == "RG" and len(nums) >= 3:
            stroke = tuple(nums[-3:])
        elif op == "w" and nums:
            width = nums[-1]
        elif op in ("m", "l") and len(nums) >= 2 and not in_text:
            path.append((nums[-2], nums[-1]))
        elif op == "re" and len(nums) >= 4 and not in_text:
            x0, y0, w0, h0 = nums[-4:]
            path.extend([(x0, y0), (x0 + w0, y0 + h0)])
        elif op in ("f", "f*", "F"):
            close("fill", fill)
            path = []
        elif op in ("S", "s"):
            close("stroke", stroke, width)
            path = []
        elif op in ("n", "W", "W*", "B", "b"):
            if op in ("n", "B", "b"):
                path = []
        elif op == "BT":
            in_text, x, y = True, 0.0, 0.0
        elif op == "ET":
            in_text = False
        elif op == "Tf" and nums:
            size = nums[-1]
        elif op in ("Td", "TD") and len(nums) >= 2:
            x, y = x + nums[-2], y + nums[-1]
        elif op == "Tm" and len(nums) >= 6:
            x, y = nums[-2], nums[-1]
        elif op in ("Tj", "TJ", "'", '"'):
            texts.append(TextRun(x * MM_PER_PT, mm_top(y), size, fill))
        operands = []
    return Page(height_pt * MM_PER_PT, shapes, texts)
