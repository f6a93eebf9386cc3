"""Place mentions in a ticket's text: a small rule-based extractor, no gazetteer.

    extract_place("反映A7县春华镇金鼎村水泥路到户的问题")   == "A7县春华镇金鼎村"
    extract_place("本人住A8县市流沙河镇扶冲村枫福组")      == "A8县市流沙河镇扶冲村枫福组"
    extract_place("魅力之城小区楼下烧烤摊无证经营")        == "魅力之城小区"
    place_relation("A市A3区杏林小区", "杏林小区")          == "same"
    place_relation("A3区", "A3区杏林小区")                 == "near"

How. A place mention is a chain of adjacent components, each a name followed by a suffix:

    rank 1  市            A市, A9市, 长沙市 (masked forms: a capital letter and digits)
    rank 2  区 县 新区     A5区, A7县, 经开区, 高新区
    rank 3  街道 镇 乡     西湖街道, 春华镇
    rank 4  社区 村        茶场村, 西垅社区 (a following …组 joins it, rank 5)
    rank 5  路 街 大道 巷   联丰路, 远大一路, 万家丽南路
    rank 6  小区 花园 家园 公寓 苑 新村 新城 广场 大厦 公园 市场 学校 小学 中学 医院 … 站

A name is the 1–6 汉字 (2–3 for 区/县/市) just before the suffix, read leftwards and stopped at
a function character (的 在 于 是 住 系 …), at the end of the previous component or at the
length limit — so "本人系春华镇" gives 春华镇, not 人系春华镇. Generic words that end like a
place (小区 alone, 城区, 居民区, 马路, 道路, 线路 …) are not places. Of all chains in the
first 300 characters, the most specific (highest rank, then longest, then first) is returned,
without a leading 市 when more follows (the city is the same for every ticket of a city).

Limits, stated: a named place without one of these suffixes (星河湾, 保利香槟国际, 中航城) is not
found, unless a district or road precedes it in the chain; two places with the same name in
different districts are the same string when the district is not written; a name that runs
into an unrelated word before it ("楼下魅力之城小区" is fine, "你们魅力之城小区" too, but
"看魅力之城小区" keeps 看 unless 看 is a stop character) can be one or two characters too long;
house numbers and buildings (12栋, 199号) are left out.
"""

from __future__ import annotations

import re
import unicodedata

MAX_SCAN = 300
MAX_LEN = 100

_CJK = "\u3400-\u4dbf\u4e00-\u9fff"
_STOP = set("的在于是了和与及或把被对向从到给我你他她它们这那哪有没不也都就还要会能请问住处位旁边内里系叫为个"
            "因所以而且并但如若按据将让使由自至等各每该本某此其已曾再又很太更最想说看找去来到做买卖交"
            "、，。！？；：（）()“”\"'《》")
# (suffix, rank, name length min, max); longer suffixes first so 街道 wins over 街, 小区 over 区
_SUFFIXES = [
    ("街道", 3, 2, 4), ("社区", 4, 2, 5), ("小区", 6, 2, 6), ("花园", 6, 2, 6), ("家园", 6, 2, 6),
    ("公寓", 6, 2, 6), ("新村", 6, 2, 5), ("新城", 6, 2, 5), ("广场", 6, 2, 6), ("大厦", 6, 2, 6),
    ("公园", 6, 2, 6), ("市场", 6, 2, 6), ("学校", 6, 2, 6), ("小学", 6, 2, 6), ("中学", 6, 2, 6),
    ("医院", 6, 2, 6), ("地铁站", 6, 1, 6), ("大道", 5, 2, 4), ("新区", 2, 2, 3),
    ("苑", 6, 2, 6), ("站", 6, 2, 5), ("路", 5, 2, 5), ("街", 5, 2, 4), ("巷", 5, 2, 4),
    ("村", 4, 2, 4), ("组", 5, 2, 3), ("镇", 3, 2, 4), ("乡", 3, 2, 4),
    ("区", 2, 2, 3), ("县", 2, 2, 3), ("市", 1, 2, 3),
]
_NOT_PLACES = {
    "居民区", "住宅区", "生活区", "老城区", "城区", "市区", "辖区", "园区", "片区", "校区", "景区", "全区", "该区",
    "本区", "我区", "各区", "郊区", "山区", "灾区", "库区", "厂区", "营区", "开发区", "商业区", "工业区", "新城区",
    "马路", "道路", "公路", "线路", "水泥路", "思路", "出路", "铁路", "网路", "泥巴路", "柏油路", "小路", "大路",
    "上街", "逛街", "沿街", "临街", "大街", "一条街", "农村", "乡村", "山村", "本村", "全村", "该村", "我村", "各村",
    "城市", "全市", "本市", "我市", "该市", "省市", "各市", "城乡", "下乡", "家乡", "老乡", "本乡", "城镇", "乡镇",
    "本镇", "全镇", "该镇", "各镇", "全县", "本县", "该县", "各县", "郡县", "市县", "车站", "网站", "本站", "该站",
    "学校", "小学", "中学", "医院", "公园", "广场", "市场", "社区", "小区", "街道", "本组", "小组", "全组", "该组",
    "我组", "各组", "工作组", "一组", "二组", "三组", "四组", "五组", "六组", "七组", "八组", "九组", "十组",
    "菜市场", "农贸市场", "劳动力市场", "人才市场", "二手市场", "房地产市场", "楼市场",
}
_TOKEN = re.compile(r"(?P<masked>[A-Z]\d{0,2}(?:县市|市|区|县))|(?P<suffix>"
                    + "|".join(re.escape(s) for s, *_ in _SUFFIXES) + ")")
_GENERIC_ENDINGS = ("马路", "道路", "公路", "线路", "水泥路", "居民区", "城区", "市区", "住宅区", "生活区", "农村",
                    "乡村", "山村", "城市", "城镇", "乡镇", "公交站", "车站", "网站", "泥巴路", "柏油路", "土路", "小路")
_CJK_CHAR = re.compile(f"[{_CJK}]")
_INFO = {s: (rank, lo, hi) for s, rank, lo, hi in _SUFFIXES}
_NAME_CHAR = re.compile(f"[{_CJK}0-9A-Za-z]")


def _components(text: str) -> list[tuple[int, int, int]]:
    """(start, end, rank) of every place component, left to right, not overlapping."""
    found: list[tuple[int, int, int]] = []
    taken_until = 0
    for m in _TOKEN.finditer(text):
        pos, end, token = m.start(), m.end(), m.group()
        if m.lastgroup == "masked":
            rank = 1 if token[-1] == "市" and not token.endswith("县市") else 2
            found.append((pos, end, rank))
            taken_until = end
            continue
        rank, lo, hi = _INFO[token]
        start = pos
        while start > taken_until and pos - start < hi + 2:
            ch = text[start - 1]
            if ch in _STOP or not _NAME_CHAR.match(ch) or (token in "区县市" and not _CJK_CHAR.match(ch)):
                break
            start -= 1
        if pos - start > hi and start != taken_until:
            start = pos - hi  # the name is at most hi characters unless it reaches the previous part
        word = text[start:end]
        if start == pos and len(token) >= 2 and found and found[-1][1] == pos and rank >= 4 and found[-1][2] >= 4:
            found[-1] = (found[-1][0], end, max(rank, found[-1][2]))  # 丽发新城 + 小区
            taken_until = end
            continue
        if pos - start < lo or word in _NOT_PLACES or word.endswith(_GENERIC_ENDINGS):
            continue
        if token == "市" and word[-2] in "委政超菜股楼夜门城都省":
            continue
        if token == "组" and not (found and found[-1][1] == start and found[-1][2] == 4):
            continue
        found.append((start, end, rank))
        taken_until = end
    return found


def _chains(text: str) -> list[list[tuple[int, int, int]]]:
    chains: list[list[tuple[int, int, int]]] = []
    for comp in _components(text):
        if chains and chains[-1][-1][1] == comp[0]:
            chains[-1].append(comp)
        else:
            chains.append([comp])
    return chains


def extract_place(text: str | None) -> str:
    """The most specific place mentioned in the text ("" when none), at most 100 characters.
    See the module docstring for the rules and their limits."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text[:MAX_SCAN * 2])
    text = re.sub(r"\s+", " ", text).strip()[:MAX_SCAN]  # a blank ends a name (title | detail)
    best: tuple | None = None
    for index, chain in enumerate(_chains(text)):
        key = (max(c[2] for c in chain), chain[-1][1] - chain[0][0], -index)
        if best is None or key > best[0]:
            best = (key, chain)
    if best is None:
        return ""
    chain = best[1]
    if len(chain) > 1 and chain[0][2] == 1:
        chain = chain[1:]
    return text[chain[0][0]:chain[-1][1]][:MAX_LEN]


def place_parts(place: str) -> list[str]:
    """The components of an extracted place, broadest first: "A3区西湖街道茶场村" →
    ["A3区", "西湖街道", "茶场村"]."""
    return [place[a:b] for a, b, _ in _components(place)] if place else []


def finest_part(place: str | None) -> str:
    """The most specific component of a place when it is below the district (街道/镇, 村,
    路, 小区 …): "A3区西湖街道茶场村" → "茶场村"; "A3区" → ""."""
    comps = _components(place) if place else []
    if not comps or comps[-1][2] < 3:
        return ""
    a, b, _ = comps[-1]
    return place[a:b]


def _informative(parts: list[str]) -> bool:
    return bool(parts) and not (len(parts) == 1 and parts[0].endswith("市") and not parts[0].endswith("县市"))


def is_informative(place: str | None) -> bool:
    """Whether a place says more than the city ("A市" alone does not: every ticket is there)."""
    return bool(place) and _informative(place_parts(place))


def place_relation(a: str | None, b: str | None) -> str:
    """"same" when two places name the same spot (equal, or one is the other with broader parts
    left out: "A3区杏林小区" / "杏林小区"), "near" when one contains the other ("A3区" /
    "A3区杏林小区"), "" otherwise, when either is empty or only names the city."""
    if not a or not b:
        return ""
    pa, pb = place_parts(a), place_parts(b)
    if not _informative(pa) or not _informative(pb):
        return ""  # a city alone says nothing: every ticket of the city is there
    if a == b:
        return "same"
    if pa and pb and pa[-1] == pb[-1] and len(pa[-1]) >= 3:
        shorter, longer = sorted((pa, pb), key=len)
        if all(part in longer for part in shorter):
            return "same"
    if a in b or b in a:
        return "near"
    return ""
