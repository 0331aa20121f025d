"""Spellings of stock codes and names, normalized: the one code normalizer everything uses.

`canonical_code` is the code syntax (prefix decides the exchange; a contradicting suffix is no code);
`normalize_code` takes vendor spellings on top (.XSHG, HK2498, full-width digits); `normalize_name`
and `derived_keys` give the forms people write names in; ALIASES are nicknames. Whether a code exists
is the stock master's question (tools/tickers/master.py).
"""

from __future__ import annotations

import re
import unicodedata

# A-share exchange by code prefix. B shares are only 200xxx (SZ) and 900xxx (SH), so other
# 20xxxx/90xxxx numbers (often year-months) are not taken for codes.
_A_PREFIXES = (
    ("60", "SH"), ("68", "SH"), ("900", "SH"),
    ("00", "SZ"), ("30", "SZ"), ("200", "SZ"),
    ("43", "BJ"), ("83", "BJ"), ("87", "BJ"), ("88", "BJ"), ("92", "BJ"),
)
_A_SUFFIX = {"SH": "SH", "SS": "SH", "SZ": "SZ", "BJ": "BJ"}
_RAW_A = re.compile(r"^(?:(SH|SZ|BJ)\s?\.?)?(\d{6})(?:\s?\.(SH|SS|SZ|BJ))?$")
_RAW_HK = re.compile(r"^(\d{1,5})\s?\.HK$")
_RAW_US = re.compile(r"^([A-Z]{1,5})\.(O|OQ|N|US)$")

_ST_PREFIX = re.compile(r"^(?:S?\*?ST|S)(?=[\u4e00-\u9fff])")
_VENDOR_SUFFIX = {"XSHG": "SH", "XSHE": "SZ", "XBSE": "BJ", "BSE": "BJ", "SSE": "SH", "SZSE": "SZ"}
_HK_PREFIX = re.compile(r"^HK\.?(\d{1,5})$")
_US_PREFIX = re.compile(r"^US\.([A-Z]{1,5})$")

# Widely used nicknames that are not substrings of the name. in_text=False: too short or common
# to look for in running text (工行 in 施工行业, 交行 in 成交行情); resolve() still takes them.
ALIASES: dict[str, tuple[str, bool]] = {
    "茅台": ("600519.SH", True), "宁王": ("300750.SZ", True), "东财": ("300059.SZ", False),
    "中免": ("601888.SH", False), "招行": ("600036.SH", False), "工行": ("601398.SH", False),
    "建行": ("601939.SH", False), "农行": ("601288.SH", False), "中行": ("601988.SH", False),
    "交行": ("601328.SH", False),
}
# Short names that are also ordinary words in research text: found in text only as 名称(代码).
WORD_NAMES = frozenset(
    "机器人 太阳能 农产品 老百姓 太平洋 大西洋 新华网 人民网 长白山 向日葵 张家界 祁连山 王府井 指南针 "
    "中关村 新世界 连云港 一品红 白云山 北大荒 徐家汇 两面针 驱动力 新大陆 百合花 新天地 陆家嘴 天津港 "
    "黑芝麻 外高桥 珍宝岛 新动力 动力源 青岛港 万年青 会稽山 金融街 广州港 三人行 南京港 盐田港 宁波港 "
    "孩子王 阿拉丁 信息发展 创新医疗 国际医学 数据港 电子城 中国软件 光电股份".split()
)


def canonical_code(raw: str) -> str | None:
    """`600519`, `sh600519`, `600519.SS` → `600519.SH`; `09880.HK` → `9880.HK`; `NVDA.O` → `NVDA.US`.

    Returns None for what cannot be a stock code: an unknown A-share prefix, or a suffix that
    contradicts the prefix (000001.SH is the SSE index, not 平安银行). US symbols are unique across
    NYSE/Nasdaq, and vendors disagree on .O/.N/.OQ, so every US listing becomes `.US`.
    """
    text = raw.strip().upper()
    match = _RAW_A.match(text)
    if match:
        prefix_exchange, digits, suffix = match.groups()
        exchange = next((ex for start, ex in _A_PREFIXES if digits.startswith(start)), None)
        stated = {_A_SUFFIX[s] for s in (prefix_exchange, suffix) if s}
        if exchange is None or stated - {exchange}:
            return None
        return f"{digits}.{exchange}"
    match = _RAW_HK.match(text)
    if match:
        number = int(match.group(1))
        return f"{number:04d}.HK" if number else None
    match = _RAW_US.match(text)
    if match:
        return f"{match.group(1)}.US"
    return None


def normalize_name(raw: str) -> str:
    """`万  科Ａ` → `万科A`: NFKC (full-width letters/digits) and no whitespace of any width."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(raw)))


def normalize_code(raw: str) -> str | None:
    """Any code spelling → `600519.SH`, `2498.HK`, `EH.US`; None when it is not code-shaped."""
    text = normalize_name(raw).upper()
    stem, _, suffix = text.rpartition(".")
    if stem and suffix in _VENDOR_SUFFIX:
        text = f"{stem}.{_VENDOR_SUFFIX[suffix]}"
    elif match := _HK_PREFIX.match(text) or _US_PREFIX.match(text):
        text = f"{match.group(1)}.{text[:2]}"
    return canonical_code(text)


def derived_keys(name: str) -> tuple[str, ...]:
    """`*ST星源` → 星源, `京东方A` → 京东方: other spellings people use for the same security."""
    bare = _ST_PREFIX.sub("", name)
    keys = (bare, bare[:-1] if bare.endswith("A") and len(bare) > 2 else bare)
    return tuple(k for k in dict.fromkeys(keys) if k != name)
