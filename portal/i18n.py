"""Bilingual model fields.

Member-maintained records store Chinese (required, the portal's first language) in
``<name>_zh`` and English (optional) in ``<name>_en``. ``TranslatedField`` reads the
one for the active language and falls back to Chinese when English is empty; ``Bilingual``
declares the two columns and that reader at once.
Wagtail pages use Wagtail's own translated page trees instead.

A fallback is a ``ChineseFallback``: a plain ``str`` everywhere (e-mails, exports, search,
comparisons), but an HTML template prints it inside ``<span lang="zh-Hans">`` (``__html__``,
escaped), so a screen reader reading an English page switches to Chinese for it. The mirror: on
a Chinese page, a Chinese field written in Latin letters only (a product named "NeuroLink") is
an ``EnglishText``, printed inside ``<span lang="en">``. Where it must
stay bare text (an attribute, ``<title>``), write ``|stringformat:"s"``; a text filter
(``linebreaksbr``, ``truncatechars``) returns plain text, so its container takes
``{{ value|lang_attr }}`` (``portal_tags``). A text that names a bilingual record among other
words (a membership: "member · organisation") is a ``Joined``, which keeps the mark in HTML.

Text held in one language only (a team's name, a meeting request, a registration number, a
person's name) is shown as it was written; ``written`` marks it the same way when an English
page shows Chinese, and as English (an ``EnglishText``, ``lang="en"``) when a Chinese page shows
text in Latin letters only (``{{ team.name|written }}``, or ``lang_attr`` on its container). A choice
written in both languages in one string ("侵入式 / Invasive") is shown in the page's language
(``one_side``).
"""

import re
from html import unescape

from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language

CHINESE = "zh-Hans"
ENGLISH = "en"
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
_TWO_LATIN = re.compile(r"[A-Za-z][^A-Za-z]*[A-Za-z]")
#: A run of Chinese inside other text: a Han character, then Han characters and CJK punctuation.
_HAN_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff][\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]*")
#: A tag, its quoted attribute values whole (a ``>`` inside one does not end it).
_TAG = re.compile(r"""(<(?:[^>"']|"[^"]*"|'[^']*')*>)""")
#: Between the two languages of a choice written in both: "侵入式 / Invasive".
SIDES = " / "


def is_english() -> bool:
    return (get_language() or "").startswith("en")


def before_full_stop(name):
    """``name`` as a sentence that ends with it prints it, right before the sentence's own full stop.

    English organisation names end with one ("Lansi Neurotechnology (Shanghai) Co., Ltd."), so an English
    sentence read "…Co., Ltd..": the name's full stop is left to the sentence. Chinese sentences end with
    "。" and keep the name as written ("…有限公司。", "Lansi Co., Ltd.。"). Only for a name the message puts
    right before its full stop (``%(organisation)s.``; ``|before_full_stop`` in templates). A ``Marked``
    or safe name keeps its class.
    """
    text = name if isinstance(name, str) else str(name)
    if not text.endswith(".") or (get_language() or "").startswith("zh"):
        return name
    return type(text)(text[:-1])


def list_comma() -> str:
    """What separates the items of a list in the active language: ", " in English, 、 in Chinese."""
    return ", " if is_english() else "、"


def join_words(words) -> str:
    """Words as one list in the active language: 康复训练、养老康复 / Rehabilitation, Elderly care."""
    return list_comma().join(str(word) for word in words)


def join_sentences(sentences) -> str:
    """Sentences one after the other in the active language: a space after an English full stop, none
    after a Chinese one (该评委属于…。该评委已申报…。, not …。 该评委…)."""
    return (" " if is_english() else "").join(str(sentence) for sentence in sentences)


def join_labels(choices, values) -> str:
    """Labels of a list of ``TextChoices`` values as one phrase: 康复训练、养老康复 / Rehabilitation, Elderly care."""
    return join_words(choices(value).label for value in values or [] if value in choices.values)


class Marked(str):
    """A plain ``str`` in another language than the page's: HTML prints it inside ``<span lang>``, escaped."""

    lang = CHINESE

    def __html__(self) -> str:
        return format_html('<span lang="{}">{}</span>', self.lang, str(self))


class ChineseFallback(Marked):
    """The Chinese text shown because the English one is empty (see the module's docstring)."""

    lang = CHINESE


class EnglishText(Marked):
    """Text held in one language, written in Latin letters only, on a Chinese page ("NeuroBridge", "Li Wei")."""

    lang = ENGLISH


_MARKS = {CHINESE: ChineseFallback, ENGLISH: EnglishText}


def is_chinese(text: str) -> bool:
    """Written in Chinese: some Han characters, and no more Latin letters than them ("沪械注准2023…", "A 轮融资")."""
    han = len(_HAN.findall(text))
    return han > 0 and han >= len(_LATIN.findall(text))


def is_latin(text: str) -> bool:
    """Written in Latin letters: two or more of them and no Han character ("BCI Lab", not "A 轮", "2025" or "—")."""
    return not _HAN.search(text) and _TWO_LATIN.search(text) is not None


def words_of(text: str) -> str:
    """The text a reader reads: tag names, attributes and entities are not words ("<p>", "&quot;").

    For deciding a language only (not for showing): the tags are cut by a pattern, which is about a
    hundred times faster than ``strip_tags`` on a long rich text read while a page renders.
    """
    return unescape(_TAG.sub(" ", text)) if "<" in text or "&" in text else text


def written(text):
    """A text held in one language as the page shows it, marked when it is in the other language.

    On an English page Chinese is a ``ChineseFallback``; on a Chinese page text in Latin letters
    is an ``EnglishText``. HTML (``SafeData``: a highlighted search snippet) comes back as it is;
    mark its container instead (``lang_attr``).
    """
    if not text or not isinstance(text, str) or isinstance(text, Marked | SafeData):
        return text
    lang = other_language(text)
    return _MARKS[lang](text) if lang else text


def other_language(text: str) -> str:
    """The ``lang`` a plain text needs on this page: ``"zh-Hans"`` or ``"en"``, ``""`` when it is the page's."""
    if is_english():
        return CHINESE if is_chinese(text) else ""
    return ENGLISH if is_latin(text) else ""


def chinese_runs(value) -> str:
    """HTML of ``value`` (escaped unless it is HTML) with, on an English page, each run of Chinese in
    ``<span lang="zh-Hans">``: the example in a help text ("e.g. 国械注准…"), an error's "转".

    For English text that quotes Chinese; a text wholly in one language is ``written``. Tags are
    kept as they are; only the text between them is marked.
    """
    html = conditional_escape(value)
    if not is_english() or not _HAN.search(html):
        return html
    parts = _TAG.split(html)
    for at in range(0, len(parts), 2):
        if not (at and parts[at - 1].startswith(f'<span lang="{CHINESE}"')):  # not marked already (a ``Marked``)
            parts[at] = _HAN_RUN.sub(rf'<span lang="{CHINESE}">\g<0></span>', parts[at])
    return mark_safe("".join(parts))  # noqa: S308 - escaped above; only spans around Han characters are added


def one_side(text: str) -> str:
    """The page's language of a text written in both ("侵入式 / Invasive"); other text as it is ("A / B tests")."""
    chinese, separator, english = (part.strip() for part in text.partition(SIDES))
    if not (separator and is_chinese(chinese) and english and not is_chinese(english)):
        return text
    return english if is_english() else chinese


class Joined(str):
    """Plain text made of ``parts`` whose HTML keeps each fallback's mark: ``Joined(user, " · ", organisation)``.

    For a ``__str__`` that names a bilingual record: an f-string would drop the ``lang`` mark.
    """

    def __new__(cls, *parts):
        parts = tuple(str(part) for part in parts)  # a record's __str__ may return a ChineseFallback: kept
        joined = super().__new__(cls, "".join(parts))
        joined.parts = parts
        return joined

    def __html__(self) -> str:
        return format_html_join("", "{}", ((part,) for part in self.parts))  # each part escaped unless it is HTML


class TranslatedField:
    def __init__(self, zh_field: str, en_field: str):
        self.zh_field = zh_field
        self.en_field = en_field

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        if is_english():
            value = getattr(obj, self.en_field)
            if value:
                return value
            chinese = getattr(obj, self.zh_field)
            return ChineseFallback(chinese) if chinese else chinese
        chinese = getattr(obj, self.zh_field)
        if chinese and is_latin(chinese) and is_latin(words_of(chinese)):  # the first test is the cheap one
            return EnglishText(chinese)
        return chinese


class Bilingual:
    """A text in both languages: the model gets ``<name>_zh``, ``<name>_en`` and the reader ``<name>``.

    ``summary = Bilingual(models.CharField, _("summary (Chinese)"), _("summary (English)"), max_length=300)``
    declares ``summary_zh`` (required unless ``required=False``), ``summary_en`` (always optional:
    the reader falls back to Chinese) with the same options, and ``summary`` (a ``TranslatedField``).
    The two fields are made here, so they keep their place among the model's fields.
    ``defaults=("上海", "Shanghai")`` gives each language its own default.
    """

    def __init__(self, field_class, zh_label, en_label, *, required: bool = True, defaults=None, **options):
        zh_default, en_default = ({"default": value} for value in defaults) if defaults else ({}, {})
        self.zh = field_class(zh_label, blank=not required, **options, **zh_default)
        self.en = field_class(en_label, blank=True, **options, **en_default)

    def contribute_to_class(self, cls, name):
        cls.add_to_class(f"{name}_zh", self.zh)
        cls.add_to_class(f"{name}_en", self.en)
        setattr(cls, name, TranslatedField(f"{name}_zh", f"{name}_en"))
