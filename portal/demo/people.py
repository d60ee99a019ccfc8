"""The names of the demo's people, one convention for all: a person is named as they write their name.

A user has one display name (``User.display_name``, shown on every page in both languages, printed
through ``|written``, which marks its language on a page of the other). So the demo writes it once,
in the person's own script: a Chinese person in Chinese characters (2-4 of them, "顾建国"), never in
pinyin or with an English given name; a person from abroad in Latin letters, given name first
("Sarah Whitfield"). Never a title ("Prof.", "Dr.", "钱教授"), a role ("…队长", team captain) or both
scripts in one name ("顾建国 Gu Jianguo"): a title belongs in a biography, a role in the page.
``is_conventional`` checks a name; ``person_name`` invents one, the same for a key on every run.
"""

from __future__ import annotations

import re
import zlib

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN_NAMES = (
    "思远", "若曦", "浩然", "雨桐", "子涵", "嘉怡", "俊杰", "晓彤", "博文", "静怡", "宇航", "欣然",
    "立新", "文婷", "志强", "慧敏", "晨阳", "佳琪", "明轩", "雅婷", "天宇", "诗涵", "建华", "丽娟",
    "振宇", "梦瑶", "海涛", "亚楠", "一凡", "书瑶", "国栋", "晓东", "婉婷", "皓轩", "秀英", "泽宇",
)  # fmt: skip
CHINESE = re.compile(r"[\u4e00-\u9fff]{2,4}")
#: Given name(s) and family name, each capitalised; hyphens and apostrophes inside ("O'Neill", "Jean-Luc").
_WORD = r"[A-Z][a-z]*(?:['-][A-Z]?[a-z]+)*"
LATIN = re.compile(rf"{_WORD}(?: {_WORD})+")
TITLES = re.compile(r"\b(?:Prof|Dr|Mr|Mrs|Ms|Miss)\b\.?|教授|博士|医生|老师|队长|经理|主任")


def is_conventional(name: str) -> bool:
    """Whether ``name`` follows the convention (the module's docstring)."""
    if TITLES.search(name):
        return False
    return CHINESE.fullmatch(name) is not None or LATIN.fullmatch(name) is not None


def person_name(key: str) -> str:
    """A Chinese person's name (a surname and a two-character given name), the same for ``key`` on every run."""
    n = zlib.crc32(key.encode())
    return SURNAMES[n % len(SURNAMES)] + GIVEN_NAMES[n // len(SURNAMES) % len(GIVEN_NAMES)]
