"""Official papers (公文) rendered to .docx after GB/T 9704-2012 《党政机关公文格式》.

A plain package (no models), for the 督查督办 module (交办通知单, 催办通知, 督办通知单, 督查通报)
and the 公文 module (通知, 请示, 报告, 函, 纪要, 通报)::

    from zhongshu.paper import Heading, Paper, Para, Table, render_docx, zh_date

    paper = Paper(title="关于……的督办通知", issuer="示例市人民政府办公室", number="示政办督〔2026〕3号",
                  addressee="市交通运输局：", blocks=[Heading(1, "一、总体情况"), Para("……")],
                  signature="示例市人民政府办公室督查室", date=date(2026, 3, 5))
    data = render_docx(paper)                       # bytes of a .docx
    data = render_docx(paper, fonts=FREE_FONTS)     # with free fonts, for servers without office fonts

Modules: :mod:`.model` (what a paper contains, validated), :mod:`.styles` (geometry, sizes, fonts),
:mod:`.ooxml` (XML details python-docx lacks), :mod:`.docx_writer` (the layout rules).
"""

from .dates import zh_date
from .docx_writer import render_docx
from .model import FORMS, Heading, Paper, PaperError, Para, Table
from .styles import FONT_ROLES, FREE_FONTS, OFFICE_FONTS

__all__ = [
    "FONT_ROLES", "FORMS", "FREE_FONTS", "OFFICE_FONTS", "Heading", "Paper", "PaperError", "Para", "Table",
    "render_docx", "zh_date",
]
