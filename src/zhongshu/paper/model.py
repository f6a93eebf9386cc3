"""The content of an official paper (公文), independent of any file format.

A :class:`Paper` holds the elements of GB/T 9704-2012 in reading order: 版头 (份号, 密级, 紧急程度,
发文机关标志, 发文字号, 签发人), 主体 (标题, 主送机关, 正文 blocks, 附件说明, 署名, 成文日期) and
版记 (抄送, 印发机关, 印发日期). The body is a sequence of blocks: :class:`Para`, :class:`Heading`
and :class:`Table`; a plain ``str`` in ``blocks`` is taken as ``Para(str)``.

All objects are frozen and check themselves when built, raising :class:`PaperError` (a
``ValueError``) with a message in Chinese that can be shown to users.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from numbers import Number


class PaperError(ValueError):
    """Invalid paper content; the message is Chinese and fit for users."""


_TRAILING_PUNCTUATION = "。，、；：.,;:"  # 附件名称后不加标点符号 (§7.3.4)
FORMS = {"document": "文件格式", "letter": "信函格式", "minutes": "纪要格式"}
"""The three layouts of GB/T 9704-2012: §7 文件格式 (通知, 请示, 报告, 通报 …), §10.1 信函格式 (函),
§10.2 纪要格式 (纪要); ``Paper.form`` is one of the keys."""
ALIGNMENTS = ("justify", "left", "center", "right")
Cell = str | int | float | Decimal | None


def _text(value, what: str, *, required: bool = True) -> str | None:
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise PaperError(f"{what}必须是文字")
    value = value.strip()
    if not value:
        if required:
            raise PaperError(f"{what}不能为空")
        return None
    return value


def _date(value, what: str) -> date | None:
    if value is not None and not isinstance(value, date):
        raise PaperError(f"{what}必须是 date 类型，收到的是 {type(value).__name__}")
    return value


@dataclass(frozen=True)
class Para:
    """A paragraph of body text (3号仿宋).

    ``indent`` gives the first line the 2-character indent of body text (首行缩进二字); ``align`` is
    one of ``justify`` (两端对齐, the default), ``left``, ``center``, ``right``. A ``"\\n"`` in the
    text is a line break inside the paragraph.
    """

    text: str
    indent: bool = True
    align: str = "justify"

    def __post_init__(self):
        if not isinstance(self.text, str):
            raise PaperError("段落内容必须是文字")
        if self.align not in ALIGNMENTS:
            raise PaperError(f"段落对齐方式“{self.align}”无效，可用：{'、'.join(ALIGNMENTS)}")


@dataclass(frozen=True)
class Heading:
    """A structural heading (结构层次序数), indented 2 characters like body text.

    Levels after GB/T 9704-2012 §7.3.3: 1 “一、” 黑体, 2 “（一）” 楷体, 3 “1．” 仿宋, 4 “（1）” 仿宋,
    all 3号. The caller writes the ordinal into ``text``; nothing is numbered automatically.
    ``tail`` is optional body text that continues the same paragraph in 仿宋 (“（一）加强调度。本周…”),
    as offices do for the lower levels.
    """

    level: int
    text: str
    tail: str = ""

    def __post_init__(self):
        if self.level not in (1, 2, 3, 4):
            raise PaperError(f"标题层次必须是 1 至 4，收到的是 {self.level!r}")
        object.__setattr__(self, "text", _text(self.text, "标题层次文字"))
        if not isinstance(self.tail, str):
            raise PaperError("标题后续正文必须是文字")


@dataclass(frozen=True)
class Table:
    """A statistics table (横排表格) across the full 156 mm text block.

    ``header`` is the first row (bold, repeated on every page); ``rows`` hold cells of text or
    numbers. Numbers, and text that reads as a number (“3”, “85.7%”), are centred; other text is
    left aligned. ``col_widths_mm`` are relative widths scaled to the text block (``None`` = equal).
    ``font_size_pt`` defaults to 小四 (12 pt): GB/T 9704 allows tables smaller than body text.
    """

    header: Sequence[Cell]
    rows: Sequence[Sequence[Cell]] = ()
    col_widths_mm: Sequence[float] | None = None
    font_size_pt: float = 12

    def __post_init__(self):
        header = tuple(self.header or ())
        if not header:
            raise PaperError("表格必须有表头")
        rows = tuple(tuple(row) for row in self.rows)
        for n, row in enumerate(rows, 1):
            if len(row) != len(header):
                raise PaperError(f"表格第{n}行有{len(row)}列，表头有{len(header)}列")
        widths = self.col_widths_mm
        if widths is not None:
            widths = tuple(widths)
            if len(widths) != len(header) or any(
                not isinstance(w, Number) or isinstance(w, bool) or w <= 0 for w in widths
            ):
                raise PaperError("表格列宽必须是与表头列数相同的正数")
        size = self.font_size_pt
        if not isinstance(size, Number) or isinstance(size, bool) or not 8 <= size <= 16:
            raise PaperError("表格字号必须在 8 至 16 磅之间")
        object.__setattr__(self, "header", header)
        object.__setattr__(self, "rows", rows)
        object.__setattr__(self, "col_widths_mm", widths)


Block = Para | Heading | Table


@dataclass(frozen=True)
class Paper:
    """One official paper. Only ``title`` is required.

    ``issuer`` (发文机关标志, with ``issuer_suffix`` such as “文件”) gives the red 版头; ``None``
    renders the plain form that starts with the title. ``signer`` (签发人, for 请示 and 报告) needs a
    ``number``. ``sealed`` chooses between the two signature rules of §7.3.5: ``True`` (加盖印章,
    the default) puts the date 4 characters from the right with the signature centred above it and
    leaves room for the seal; ``False`` (不加盖印章) puts the signature 2 characters from the right
    and the date under it, moved 2 characters right. Dates must be :class:`datetime.date`.
    ``printer`` and ``print_date`` (印发机关, 印发日期) go together. Trailing punctuation is removed
    from attachment names (附件名称后不加标点符号).

    ``form`` chooses the layout (:data:`FORMS`): ``"document"`` (文件格式, the default),
    ``"letter"`` (信函格式, for 函) or ``"minutes"`` (纪要格式). For minutes, ``issuer`` is the whole
    标志 (“示例市人民政府常务会议纪要”), ``number`` the 期数 (“第12期”), and ``attendees``,
    ``absentees`` and ``observers`` (出席, 请假, 列席: names separated by “、”) follow the body.
    ``copy_no`` (份号, §7.2.1) is Arabic digits, usually six (“000001”), above the 密级.
    """

    title: str
    issuer: str | None = None
    issuer_suffix: str = ""
    number: str | None = None
    signer: str | None = None
    addressee: str | None = None
    blocks: Sequence[Block | str] = ()
    attachments: Sequence[str] = ()
    signature: str | None = None
    date: date | None = None
    sealed: bool = True
    copy_to: str | None = None
    printer: str | None = None
    print_date: date | None = None
    classification: str | None = None
    urgency: str | None = None
    form: str = "document"
    attendees: str | None = None
    absentees: str | None = None
    observers: str | None = None
    copy_no: str | None = None

    def __post_init__(self):
        s = object.__setattr__
        if self.form not in FORMS:
            raise PaperError(f"公文格式“{self.form}”无效，可用：" + "、".join(f"{k}（{v}）" for k, v in FORMS.items()))
        for name, what in (("attendees", "出席人员"), ("absentees", "请假人员"), ("observers", "列席人员")):
            s(self, name, _text(getattr(self, name), what, required=False))
        if self.form != "minutes" and (self.attendees or self.absentees or self.observers):
            raise PaperError("出席、请假、列席人员只用于纪要格式（form=\"minutes\"）")
        s(self, "title", _text(self.title, "公文标题"))
        for name, what in (("issuer", "发文机关标志"), ("number", "发文字号"), ("signer", "签发人"),
                           ("addressee", "主送机关"), ("signature", "发文机关署名"), ("copy_to", "抄送机关"),
                           ("printer", "印发机关"), ("classification", "密级"), ("urgency", "紧急程度")):
            s(self, name, _text(getattr(self, name), what, required=False))
        s(self, "issuer_suffix", _text(self.issuer_suffix or "", "发文机关标志后缀", required=False) or "")
        s(self, "copy_no", _text(self.copy_no, "份号", required=False))
        if self.copy_no and not re.fullmatch(r"[0-9]{1,8}", self.copy_no):
            raise PaperError(f"份号应为阿拉伯数字（一般6位，如“000001”），收到的是“{self.copy_no[:20]}”")
        s(self, "date", _date(self.date, "成文日期"))
        s(self, "print_date", _date(self.print_date, "印发日期"))
        if self.form != "document":
            self._check_special_form()
        if self.issuer_suffix and not self.issuer:
            raise PaperError("有“文件”等后缀时必须填写发文机关标志")
        if self.signer and not self.number:
            raise PaperError("标注签发人时必须填写发文字号")
        if (self.number or self.signer) and not self.issuer:
            raise PaperError("发文字号和签发人属于版头，必须同时填写发文机关标志")
        if bool(self.printer) != bool(self.print_date):
            raise PaperError("印发机关和印发日期必须同时填写")
        blocks = []
        for block in self.blocks or ():
            if isinstance(block, str):
                block = Para(block)
            if not isinstance(block, Para | Heading | Table):
                raise PaperError(f"正文中不能包含 {type(block).__name__}，只能是段落、标题或表格")
            blocks.append(block)
        s(self, "blocks", tuple(blocks))
        if isinstance(self.attachments, str):
            raise PaperError("附件必须是名称列表")
        names = (_text(a, "附件名称").rstrip(_TRAILING_PUNCTUATION) for a in self.attachments or ())
        s(self, "attachments", tuple(names))
        if not isinstance(self.sealed, bool):
            raise PaperError("sealed 必须是 True 或 False")

    def _check_special_form(self) -> None:
        name = FORMS[self.form]
        if not self.issuer:
            raise PaperError(f"{name}必须填写发文机关标志" + ("（如“示例市人民政府常务会议纪要”）" if self.form == "minutes" else ""))
        if self.signer:
            raise PaperError(f"{name}不标注签发人（签发人只用于上行文的文件格式）")
        if self.form == "letter":
            if self.issuer_suffix:
                raise PaperError("信函格式的发文机关标志只用发文机关全称或规范化简称，不加“文件”等后缀")
            if self.printer or self.print_date:
                # GB/T 9704-2012 §10.1: 版记不加印发机关和印发日期、分隔线
                raise PaperError("信函格式的版记不加印发机关和印发日期（GB/T 9704—2012 第10.1条）")

    @property
    def mark(self) -> str | None:
        """The full 发文机关标志, e.g. “示例市人民政府办公室文件”."""
        return f"{self.issuer}{self.issuer_suffix}" if self.issuer else None
