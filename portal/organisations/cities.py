"""Cities in both languages: a member names its organisation's city in one, the other is filled in when known.

The table holds the places the alliance's members are likely to be in, grouped the way the
incubator's matching reads regions (``incubator.matching.scoring.region_of``). A city outside it
keeps what was typed; its English page shows the Chinese name, marked as Chinese
(``portal.i18n.ChineseFallback``), until someone writes the English.
"""

from __future__ import annotations

SHANGHAI = ("上海", "Shanghai")
#: The Yangtze River Delta besides Shanghai.
DELTA = (
    ("杭州", "Hangzhou"), ("苏州", "Suzhou"), ("南京", "Nanjing"), ("宁波", "Ningbo"), ("无锡", "Wuxi"),
    ("合肥", "Hefei"), ("常州", "Changzhou"), ("嘉兴", "Jiaxing"), ("绍兴", "Shaoxing"), ("南通", "Nantong"),
    ("湖州", "Huzhou"), ("扬州", "Yangzhou"), ("镇江", "Zhenjiang"), ("昆山", "Kunshan"),
)  # fmt: skip
#: The rest of China's large cities and science parks.
CHINA = (
    ("北京", "Beijing"), ("深圳", "Shenzhen"), ("广州", "Guangzhou"), ("天津", "Tianjin"), ("重庆", "Chongqing"),
    ("成都", "Chengdu"), ("武汉", "Wuhan"), ("西安", "Xi'an"), ("长沙", "Changsha"), ("青岛", "Qingdao"),
    ("厦门", "Xiamen"), ("郑州", "Zhengzhou"), ("济南", "Jinan"), ("沈阳", "Shenyang"), ("大连", "Dalian"),
    ("哈尔滨", "Harbin"), ("福州", "Fuzhou"), ("昆明", "Kunming"), ("珠海", "Zhuhai"), ("东莞", "Dongguan"),
    ("佛山", "Foshan"),
)  # fmt: skip
#: Places the matching counts as international.
INTERNATIONAL = (
    ("香港", "Hong Kong"), ("新加坡", "Singapore"), ("波士顿", "Boston"), ("伦敦", "London"), ("慕尼黑", "Munich"),
)  # fmt: skip

_ENGLISH = dict((SHANGHAI, *DELTA, *CHINA, *INTERNATIONAL))
_CHINESE = {english.casefold(): chinese for chinese, english in _ENGLISH.items()}


def key(city: str) -> str:
    """How a city is compared: trimmed, case-folded, without the 市 of 上海市."""
    return city.strip().casefold().removesuffix("市")


def spellings(cities) -> frozenset[str]:
    """Both spellings of each ``(Chinese, English)`` pair, as ``key`` writes them."""
    return frozenset(key(name) for pair in cities for name in pair)


def complete(chinese: str, english: str) -> tuple[str, str]:
    """The pair with a missing side filled in from the table: ``("杭州", "")`` → ``("杭州", "Hangzhou")``."""
    chinese, english = chinese.strip(), english.strip()
    if chinese and not english:
        english = _ENGLISH.get(chinese.removesuffix("市"), "")
    elif english and not chinese:
        chinese = _CHINESE.get(key(english), "")
    return chinese, english


def both(chinese: str) -> dict[str, str]:
    """The model fields of a city the table knows: ``{"city_zh": "杭州", "city_en": "Hangzhou"}``."""
    return dict(zip(("city_zh", "city_en"), complete(chinese, ""), strict=True))
