"""拟稿检查: a draft's problems before 签发, each with its place in the text and a reason.

    findings = check_draft(text, kind="request", number="示政发〔2026〕3号", phrases=["高度重视", …])
    for f in findings: f.code, f.title, f.reason, f.line, f.start, f.end, f.excerpt, f.severity

Pure functions over the text (no database): the caller passes the 套话 list (models.EmptyPhrase)
and the length limit (ZHONGSHU_DOCUMENTS_MAX_CHARS). Offsets are into the text as given; `line`
counts from 1. What is checked (《党政机关公文处理工作条例》 and GB/T 9704-2012):

- 文种: the title ends with the document's type ("关于……的请示"); a 请示 asks one matter of one
  主送机关 (several asking sentences about different things, or several 主送机关, are flagged);
  a 报告 asks for nothing (请批示, 请批准, 妥否 … in a 报告 are flagged);
- 要素: title, 主送机关 (for the types that have one), 署名, 成文日期, and the closing a 请示
  (妥否，请批示) or a 函 (特此函) needs;
- 成文日期: Arabic numerals with 年月日 and no zero padding ("2026年3月5日", not
  "2026年03月05日", "二〇二六年三月五日", "2026.3.5" or "2026-03-05");
- 文号 (in the text and the number given): 〔2026〕 with 六角括号, not [] 【】 () （）; the
  sequence number without 第 and without leading zeros ("3号", not "第3号" or "003号");
- 篇幅: characters other than whitespace against the limit (default 5000 字);
- 套话 ("假、长、空"): every occurrence of a listed empty phrase, and their density per 1,000
  characters against ZHONGSHU_DOCUMENTS_PHRASE_DENSITY (default 3).

One pass of a few compiled regular expressions per rule: linear in the text (a 20,000-character
draft in a few milliseconds, bench/documents_checks.py).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

KINDS = {
    # key: (文种, has a 主送机关)
    "notice": ("通知", True),
    "request": ("请示", True),
    "report": ("报告", True),
    "letter": ("函", True),
    "minutes": ("纪要", False),
    "bulletin": ("通报", False),
}
KIND_CHOICES = [(key, name) for key, (name, _) in KINDS.items()]

ERROR, WARNING = "error", "warning"
DEFAULT_MAX_CHARS = 5000
DEFAULT_DENSITY = 3.0

DIGITS = "0-9０-９"
ASKING = re.compile(r"(妥否[，,]?\s*请[^。；\n]{0,6}|请(?:予|给予)?(?:批示|批准|审批|审定|批复|核准|同意|研究决定|支持)|恳请[^。；\n]{0,30}|特此请示)")
CLOSING = {"request": re.compile(r"(妥否[，,]?\s*请[^。\n]{0,8}|特此请示|请予批准|请批示|请审批)"),
           "letter": re.compile(r"(特此函[告复达]?|请[^。\n]{0,6}函复|此复)")}
CN_DATE = re.compile(r"[〇零一二三四五六七八九○Ｏ]{4}\s*年\s*[〇零一二三四五六七八九十○]{1,3}\s*月\s*[〇零一二三四五六七八九十○]{1,3}\s*日")
NUM_DATE = re.compile(rf"(?<![{DIGITS}])([{DIGITS}]{{4}})\s*(年|[./-])\s*([{DIGITS}]{{1,2}})\s*(月|[./-])\s*([{DIGITS}]{{1,2}})\s*(日)?")
DATE_LINE = re.compile(rf"^\s*(?:[{DIGITS}]{{4}}\s*(?:年|[./-])|[〇零一二三四五六七八九○]{{4}}\s*年)")
NUMBER = re.compile(rf"([\u4e00-\u9fff]{{1,12}})\s*([\[【(（［〔]?)\s*([{DIGITS}]{{4}})\s*([\]】)）］〕]?)\s*(第?)\s*([{DIGITS}]{{1,5}})\s*号")
TITLE_KINDS = "通知|请示|报告|函|纪要|通报|意见|决定|批复|通告|公告|公报|决议|命令|议案"


@dataclass
class Finding:
    code: str
    title: str
    reason: str
    start: int = 0
    end: int = 0
    line: int = 0  # 0: about the whole draft or a field, not a place in the text
    excerpt: str = ""
    subject: str = ""  # the words found (short findings only), e.g. the 套话 itself
    severity: str = ERROR

    def as_dict(self) -> dict:
        return {"code": self.code, "title": self.title, "reason": self.reason, "start": self.start, "end": self.end,
                "line": self.line, "excerpt": self.excerpt, "subject": self.subject, "severity": self.severity}


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    chars: int = 0
    max_chars: int = DEFAULT_MAX_CHARS
    phrase_count: int = 0
    phrase_density: float = 0.0  # per 1,000 characters

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def ok(self) -> bool:
        return not self.errors


class DraftText:
    """The draft with a line index for offsets → line numbers and excerpts."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)

    def excerpt(self, start: int, end: int, around: int = 12) -> str:
        a, b = max(0, start - around), min(len(self.text), end + around)
        return ("…" if a else "") + self.text[a:b].replace("\n", " ") + ("…" if b < len(self.text) else "")

    def finding(self, code, title, reason, start=None, end=None, severity=ERROR) -> Finding:
        """A finding at text[start:end]; without `start` it is about the whole draft or a field
        (line 0). A start at the end of the text points at its last line."""
        if start is None:
            return Finding(code=code, title=title, reason=reason, severity=severity)
        end = start if end is None else end
        start = min(start, len(self.text.rstrip()))
        return Finding(code=code, title=title, reason=reason, start=start, end=max(start, end),
                       line=self.line_of(start), excerpt=self.excerpt(start, end) if end > start else "",
                       subject=self.text[start:end] if 0 < end - start <= 20 else "", severity=severity)

    def lines(self):
        """(start offset, stripped line) of every non-empty line."""
        for i, start in enumerate(self.starts):
            end = self.starts[i + 1] - 1 if i + 1 < len(self.starts) else len(self.text)
            raw = self.text[start:end]
            if raw.strip():
                yield start + (len(raw) - len(raw.lstrip())), raw.strip()


def check_draft(text: str, *, kind: str, number: str = "", phrases=(), max_chars: int | None = None,
                density_limit: float | None = None) -> Report:
    """Every finding of the rules above on `text`, a draft of type `kind` (a key of KINDS)."""
    if kind not in KINDS:
        raise ValueError(f"未知的文种：{kind}")
    doc = DraftText(text or "")
    report = Report(max_chars=max_chars or DEFAULT_MAX_CHARS)
    lines = list(doc.lines())
    out = report.findings
    _check_title(doc, lines, kind, out)
    _check_addressee(doc, lines, kind, out)
    _check_asking(doc, lines, kind, out)
    _check_closing_and_signature(doc, lines, kind, out)
    _check_dates(doc, out)
    _check_numbers(doc, number, out)
    _check_length(doc, report)
    _check_phrases(doc, phrases, density_limit or DEFAULT_DENSITY, report)
    out.sort(key=lambda f: (f.start, f.code))
    return report


def is_date_line(line: str) -> bool:
    """A line that is (meant as) a 成文日期, in any of the forms people write."""
    return bool(DATE_LINE.match(line)) and len(line) <= 20


def is_signature(line: str) -> bool:
    """The line above the 成文日期 reads as a 署名: short, and not the end of a sentence."""
    return bool(line) and len(line) <= 40 and not re.search(r"[。；;，,：:！？]$", line)


# --- the rules -------------------------------------------------------------------------------
def title_line(lines):
    """The title: the first line that reads like one (关于 … or ends with a 文种), else the first."""
    for offset, line in lines[:4]:
        if line.startswith("关于") or re.search(rf"({TITLE_KINDS})$", line):
            return offset, line
    return lines[0] if lines else (0, "")


def _check_title(doc, lines, kind, out):
    name = KINDS[kind][0]
    offset, title = title_line(lines)
    if not title:
        out.append(doc.finding("missing_title", "缺少标题", "公文须有标题（发文机关 + 关于……的 + 文种）", 0))
        return
    ends = re.search(rf"({TITLE_KINDS})$", title)
    if ends is None:
        out.append(doc.finding("title_kind", "标题未标明文种", f"标题应以文种“{name}”结尾，如“关于……的{name}”",
                               offset, offset + len(title)))
    elif ends.group(1) != name:
        out.append(doc.finding("title_kind", "标题文种与所选文种不一致",
                               f"标题以“{ends.group(1)}”结尾，所选文种为“{name}”", offset, offset + len(title)))
    if kind == "request" and re.search(r"请示报告|报告请示", title):
        out.append(doc.finding("mixed_kind", "请示与报告混用", "“请示报告”不是文种：请示与报告须分别行文",
                               offset, offset + len(title)))


def addressee_line(lines):
    """The 主送机关 line: a short line ending with a colon, among the first lines after the title."""
    for offset, line in lines[1:6]:
        if re.search(r"[:：]$", line) and len(line) <= 80:
            return offset, line
    return None


def _check_addressee(doc, lines, kind, out):
    if not KINDS[kind][1]:
        return
    found = addressee_line(lines)
    if found is None:
        out.append(doc.finding("missing_addressee", "缺少主送机关",
                               f"{KINDS[kind][0]}须写明主送机关（标题下一行，顶格，以全角冒号结束）",
                               lines[0][0] if lines else 0, lines[0][0] if lines else 0))
        return
    offset, line = found
    if kind == "request":
        names = [n for n in re.split(r"[、，,；;]", line.rstrip(":：")) if n.strip()]
        if len(names) > 1:
            out.append(doc.finding("request_addressees", "请示主送多个机关",
                                   f"请示应当一文一事、只主送一个上级机关（此处 {len(names)} 个），需要时抄送其他机关",
                                   offset, offset + len(line)))


def _check_asking(doc, lines, kind, out):
    text = doc.text
    body_start = lines[1][0] if len(lines) > 1 else 0
    asks = [m for m in ASKING.finditer(text, body_start)]
    if kind == "report":
        for m in asks:
            out.append(doc.finding("report_asks", "报告中夹带请示事项",
                                   f"报告不得夹带请示事项（“{m.group(0)}”）：需要批准的事项另行请示",
                                   m.start(), m.end()))
    elif kind == "request":
        closings = [m for m in asks if re.match(r"妥否|特此请示", m.group(0))]
        requests = [m for m in asks if m not in closings]
        if len(requests) > 1:
            first = requests[0]
            out.append(doc.finding("request_several", "请示一文多事",
                                   f"请示应当一文一事：正文中有 {len(requests)} 处请求批准的表述"
                                   f"（{'、'.join('“' + m.group(0) + '”' for m in requests[:4])}），"
                                   f"如为不同事项，应分别请示", first.start(), requests[-1].end(), severity=WARNING))


def _check_closing_and_signature(doc, lines, kind, out):
    text = doc.text
    closing = CLOSING.get(kind)
    if closing is not None and closing.search(text) is None:
        what = "妥否，请批示" if kind == "request" else "特此函告 / 请函复"
        out.append(doc.finding("missing_closing", "缺少结束语", f"{KINDS[kind][0]}应有结束语（如“{what}”）",
                               len(text), len(text)))
    dates = [(offset, line) for offset, line in lines if is_date_line(line)]
    if not dates:
        out.append(doc.finding("missing_date", "缺少成文日期", "正文之后应有成文日期（如 2026年3月5日）",
                               len(text), len(text)))
        return
    offset, _ = dates[-1]
    index = next(i for i, (o, _) in enumerate(lines) if o == offset)
    before = lines[index - 1][1] if index > 0 else ""
    if not is_signature(before):
        out.append(doc.finding("missing_signature", "缺少署名", "成文日期之上应有发文机关署名",
                               offset, offset + len(dates[-1][1])))


def _check_dates(doc, out):
    text = doc.text
    for m in CN_DATE.finditer(text):
        out.append(doc.finding("date_format", "成文日期格式不规范",
                               "成文日期用阿拉伯数字标注年、月、日（如 2026年3月5日），不用汉字数字",
                               m.start(), m.end()))
    for m in NUM_DATE.finditer(text):
        year, sep1, month, sep2, day, suffix = m.groups()
        if sep1 != "年" or sep2 != "月" or suffix != "日":
            out.append(doc.finding("date_format", "日期格式不规范",
                                   f"日期应写作“{int(year)}年{int(month)}月{int(day)}日”，不用“.”“-”“/”",
                                   m.start(), m.end()))
        elif (len(month) == 2 and month[0] in "0０") or (len(day) == 2 and day[0] in "0０"):
            out.append(doc.finding("date_padding", "日期编虚位",
                                   f"月、日不编虚位：应为“{int(year)}年{int(month)}月{int(day)}日”",
                                   m.start(), m.end()))


def _number_problems(m) -> list[str]:
    code, left, year, right, di, seq = m.groups()
    problems = []
    if (left, right) != ("〔", "〕"):
        got = f"{left or ''}{year}{right or ''}"
        problems.append(f"年份应使用六角括号“〔{year}〕”，此处为“{got}”")
    if di:
        problems.append("发文顺序号前不加“第”字")
    if len(seq) > 1 and seq[0] in "0０":
        problems.append(f"发文顺序号不编虚位：应为“{int(seq)}号”")
    return problems


def _check_numbers(doc, number, out):
    for m in NUMBER.finditer(doc.text):
        if not (m.group(2) or m.group(4)):  # no bracket at all: an address or a count, not a 文号
            continue
        problems = _number_problems(m)
        if problems:
            out.append(doc.finding("number_format", "发文字号格式不规范", "；".join(problems), m.start(), m.end()))
    if number:
        m = NUMBER.search(number)
        if m is None:
            out.append(doc.finding("number_format", "发文字号格式不规范",
                                   f"发文字号应为“机关代字〔年份〕序号号”，如“示政发〔2026〕3号”：{number[:40]}"))
        else:
            problems = _number_problems(m)
            if problems:
                out.append(doc.finding("number_format", "发文字号格式不规范", f"{number[:40]}：" + "；".join(problems)))


def _check_length(doc, report):
    report.chars = len(re.sub(r"\s+", "", doc.text))
    if report.chars > report.max_chars:
        report.findings.append(doc.finding("too_long", "篇幅超过规定",
                                           f"全文 {report.chars} 字，超过 {report.max_chars} 字的篇幅要求（力戒“长”）",
                                           severity=WARNING))


def _check_phrases(doc, phrases, density_limit, report):
    words = sorted({p.strip() for p in phrases if p and p.strip()}, key=len, reverse=True)
    if not words:
        return
    pattern = re.compile("|".join(re.escape(w) for w in words))
    hits = list(pattern.finditer(doc.text))
    report.phrase_count = len(hits)
    report.phrase_density = round(len(hits) * 1000 / report.chars, 2) if report.chars else 0.0
    for m in hits:
        report.findings.append(doc.finding("empty_phrase", "套话", f"“{m.group(0)}”是套话：写实在的内容（力戒“空”）",
                                           m.start(), m.end(), severity=WARNING))
    if report.phrase_density > density_limit:
        report.findings.append(doc.finding(
            "phrase_density", "套话过多",
            f"套话 {len(hits)} 处，每千字 {report.phrase_density:g} 处，超过 {density_limit:g} 处（力戒“假、长、空”）",
            severity=WARNING))
