"""Official papers (公文) rendered to .docx after GB/T 9704-2012 《党政机关公文格式》.

A plain package (no models), for the 督查督办 module (交办通知单, 催办通知, 督办通知单, 督查通报)
and the 公文 module (通知, 请示, 报告, 函, 纪要, 通报)::

    from zhongshu.paper import Heading, Paper, Para, Table, render_docx, zh_date

    paper = Paper(title="关于……的督办通知", issuer="示例市人民政府办公室", number="示政办督〔2026〕3号",
                  addressee="市交通运输局：", blocks=[Heading(1, "一、总体情况"), Para("……")],
                  signature="示例市人民政府办公室督查室", date=date(2026, 3, 5))
    data = render_docx(paper)                       # bytes of a .docx
    data = render_docx(paper, fonts=FREE_FONTS)     # with free fonts, for servers without office fonts

Three forms (``Paper.form``, see :data:`FORMS`): ``"document"`` 文件格式 (§7, the default: 通知, 请示,
报告, 通报 …), ``"letter"`` 信函格式 (§10.1, 函: the mark 30 mm from the top edge, red double lines,
no page number on page 1, no 印发 line) and ``"minutes"`` 纪要格式 (§10.3: ``issuer`` is the whole
“……纪要”, ``number`` the 期数, ``signature`` and ``date`` on the line above the red separator,
``attendees``/``absentees``/``observers`` after the body)::

    Paper(form="minutes", title="市政府第12次常务会议纪要", issuer="示例市人民政府常务会议纪要",
          number="第12期", signature="示例市人民政府办公室", date=date(2026, 3, 5),
          blocks=[...], attendees="张三、李四", absentees="王五（出差）", observers="市财政局负责同志")

Modules: :mod:`.model` (what a paper contains, validated), :mod:`.styles` (geometry, sizes, fonts),
:mod:`.ooxml` (XML details python-docx lacks), :mod:`.drawing` (shapes anchored to the page),
:mod:`.docx_writer` (the layout rules).
"""

from .dates import zh_date
from .docx_writer import render_docx
from .model import FORMS, Heading, Paper, PaperError, Para, Table
from .styles import FONT_ROLES, FREE_FONTS, OFFICE_FONTS

__all__ = [
    "FONT_ROLES", "FORMS", "FREE_FONTS", "OFFICE_FONTS", "Heading", "Paper", "PaperError", "Para", "Table",
    "render_docx", "zh_date",
]
