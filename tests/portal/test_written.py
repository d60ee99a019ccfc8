"""Text held in one language is marked when an English page shows Chinese (``portal.i18n.written``), and a
text written in both ("侵入式 / Invasive") is shown in the page's language (``one_side``).

Before, English pages printed bare Chinese: team and entry names on the leaderboard and results, the
registration numbers, the footer's ICP number, meeting requests, scorecards, search results. The last
test walks the demo's English pages as each role and finds no unmarked Chinese."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import translation
from django.utils.safestring import mark_safe

from portal.i18n import ChineseFallback, EnglishText, Marked, chinese_runs, is_chinese, is_latin, one_side, written
from portal.models import User
from tests.portal.test_load_demo import demo  # noqa: F401  (the demo, loaded once per module)


@pytest.mark.parametrize(
    ("text", "chinese"),
    [("浦江言语解码队", True), ("沪械注准20232070210", True), ("A 轮融资", True),
     ("A 轮融资路演 · Series A pitch", False), ("Team Pujiang", False), ("", False), ("2026", False)],
)  # fmt: skip
def test_what_counts_as_chinese(text, chinese):
    assert is_chinese(text) is chinese


def test_written_marks_chinese_on_english_pages_only():
    with translation.override("en"):
        assert isinstance(written("浦江言语解码队"), ChineseFallback)
        assert not isinstance(written("Team Pujiang"), ChineseFallback)
        highlighted = mark_safe("<mark>脑机</mark>接口")
        assert written(highlighted) is highlighted  # HTML is left as it is: its container is marked
        html = Template("{% load portal_tags %}<p{{ s|lang_attr }}>{{ s }}</p>{{ t|written }}").render(
            Context({"s": highlighted, "t": "浦江队"})
        )
        assert html == '<p lang="zh-Hans"><mark>脑机</mark>接口</p><span lang="zh-Hans">浦江队</span>'
    with translation.override("zh-hans"):
        assert not isinstance(written("浦江言语解码队"), ChineseFallback)


@pytest.mark.parametrize(
    ("text", "latin"),
    [("Team Pujiang", True), ("Li Wei", True), ("FDA 510(k)", True), ("BCI", True),
     ("A 轮融资", False), ("浦江队 Team", False), ("A", False), ("2026", False), ("—", False), ("", False)],
)  # fmt: skip
def test_what_counts_as_latin(text, latin):
    assert is_latin(text) is latin


def test_written_marks_latin_text_on_chinese_pages():
    """The mirror: a Chinese page reads English held in one language with an English voice."""
    with translation.override("zh-hans"):
        marked = written("Team Pujiang")
        assert isinstance(marked, EnglishText) and marked == "Team Pujiang" and not isinstance(marked, ChineseFallback)
        assert written("浦江言语解码队") == "浦江言语解码队" and not isinstance(written("浦江言语解码队"), Marked)
        html = Template(
            "{% load portal_tags %}<p{{ s|lang_attr }}>{{ s }}</p>{{ t|written }}"
            "<p{{ u|lang_attr }}>{{ u|written_lines }}</p>"
        ).render(Context({"s": mark_safe("<mark>BCI</mark> headset"), "t": "Li & Wei", "u": "浦江队\nTeam Pujiang"}))
        assert html == (
            '<p lang="en"><mark>BCI</mark> headset</p><span lang="en">Li &amp; Wei</span>'
            '<p>浦江队<br><span lang="en">Team Pujiang</span></p>'
        )
    with translation.override("en"):
        assert not isinstance(written("Team Pujiang"), Marked)


@pytest.mark.parametrize(
    "value",
    [mark_safe("&quot;2025&quot; &amp; 2026"), '<p><img src="/a.png" alt=""></p>', mark_safe("<mark>脑机</mark>接口")],
)
def test_markup_and_entities_are_not_words(value):
    """``lang_attr`` reads a container's text: tag names, attributes and entities are not Latin words."""
    with translation.override("zh-hans"):
        assert Template("{% load portal_tags %}<p{{ v|lang_attr }}>").render(Context({"v": value})) == "<p>"


@pytest.mark.parametrize(
    ("text", "zh", "en"),
    [("侵入式 / Invasive", "侵入式", "Invasive"),
     ("商业计划书（2026年11月） / Business plan", "商业计划书（2026年11月）", "Business plan"),
     ("A / B tests", "A / B tests", "A / B tests"), ("仅中文", "仅中文", "仅中文")],
)  # fmt: skip
def test_one_side_shows_the_pages_language(text, zh, en):
    with translation.override("zh-hans"):
        assert one_side(text) == zh
    with translation.override("en"):
        assert one_side(text) == en


class _Unmarked(HTMLParser):
    """Chinese text in ``<body>`` outside any element marked ``lang="zh…"`` (scripts, styles left out).

    A text written in both languages at once ("中文摘要。 English summary") is not Chinese
    (``is_chinese``) and cannot be marked as a whole: it passes, as ``written`` leaves it. So does a
    search snippet (``search-hit-snippet``): an excerpt cut across the parts of a document, which
    may run from an English summary into Chinese answers; it is marked as a whole when Chinese.
    """

    SKIP = {"script", "style", "template", "title"}
    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr", "col", "area", "base", "embed", "track"}

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, marked Chinese, skipped)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        attrs = dict(attrs)
        marked = (attrs.get("lang") or "").lower().startswith("zh") or (attrs.get("hreflang") or "").startswith("zh")
        marked = marked or "search-hit-snippet" in (attrs.get("class") or "")
        outer_marked, outer_skipped = (self.stack[-1][1], self.stack[-1][2]) if self.stack else (False, False)
        self.stack.append((tag, marked or outer_marked, tag in self.SKIP or outer_skipped))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if self.stack and not self.stack[-1][1] and not self.stack[-1][2] and is_chinese(data):
            self.found.append(data.strip()[:60])


def _links(html: str, prefixes: tuple[str, ...]) -> list[str]:
    paths = {urlsplit(href).path for href in re.findall(r'href="(/en/[^"#?]*)"', html)}
    return sorted(path for path in paths if path.startswith(prefixes))[:12]


#: Where each role starts, and which of the links found there are followed (one step).
WALKS = {
    None: [("/en/products/", ("/en/products/",)), ("/en/competition/bci-2025/results/", ()),
           ("/en/competition/", ("/en/competition/algorithm/",)), ("/en/editions/", ("/en/editions/",)),
           ("/en/search/?q=stroke", ()),
           # The organisation pages and their panels (portal.panels): products, cases, incubator profiles.
           *((f"/en/organisations/{slug}/", ()) for slug in ("lansi-neuro", "yanqi-ai", "binhai-neuro",
                                                             "pujiang-fund", "neurospark-zhangjiang"))],
    "team-member@demo.bci-alliance.example": [("/en/dashboard/competition/", ("/en/dashboard/competition/",))],
    "judge@demo.bci-alliance.example": [("/en/judging/", ("/en/judging/assignments/",))],
    "investor@demo.bci-alliance.example": [("/en/dashboard/meetings/", ("/en/dashboard/meetings/",)),
                                           ("/en/dashboard/incubator/data-rooms/", ("/en/dashboard/incubator/",))],
    "enterprise-owner@demo.bci-alliance.example": [("/en/dashboard/", ("/en/dashboard/organisations/",))],
}  # fmt: skip


@pytest.mark.parametrize("email", list(WALKS), ids=lambda email: (email or "anonymous").split("@")[0])
def test_the_demos_english_pages_mark_every_chinese_text(demo, db, email):  # noqa: F811
    client = Client()
    if email:
        client.force_login(User.objects.get(email=email))
    seen, problems = set(), []
    for start, prefixes in WALKS[email]:
        response = client.get(start)
        assert response.status_code == 200, start
        for path in [start, *_links(response.content.decode(), prefixes)] if prefixes else [start]:
            if path in seen or path.endswith((".ics", "/nda/")):
                continue
            seen.add(path)
            page = client.get(path)
            if page.status_code != 200 or "text/html" not in page["Content-Type"]:
                continue
            scanner = _Unmarked()
            scanner.feed(page.content.decode())
            problems += [f"{path}: {text}" for text in scanner.found]
    assert len(seen) > 2 and not problems, "\n".join(problems)


def test_a_chinese_page_marks_a_name_written_in_english(demo, db):  # noqa: F811
    """The mirror on a page: a team named in English only is read with an English voice on its Chinese page."""
    from competition.models import Team

    user = User.objects.get(email="team-member@demo.bci-alliance.example")
    team = Team.objects.filter(memberships__user=user).first()
    Team.objects.filter(pk=team.pk).update(name="Team Pujiang")
    client = Client()
    client.force_login(user)
    with translation.override("zh-hans"):
        url = team.get_absolute_url()
    html = client.get(url).content.decode()
    assert '<h1><span lang="en">Team Pujiang</span></h1>' in html
    with translation.override("en"):
        assert "<h1>Team Pujiang</h1>" in client.get(team.get_absolute_url()).content.decode()


# --- English text quoting Chinese: each Chinese run is marked (help texts, errors) -----------


@pytest.mark.parametrize(
    ("value", "html"),
    [
        ("In 10,000 yuan (万元).", 'In 10,000 yuan (<span lang="zh-Hans">万元</span>).'),
        ("e.g. 上海市科学技术委员会，2025。", 'e.g. <span lang="zh-Hans">上海市科学技术委员会，</span>2025。'),
        ("<b>x</b> & 转", '&lt;b&gt;x&lt;/b&gt; &amp; <span lang="zh-Hans">转</span>'),  # plain text is escaped
        (mark_safe('<a title="脑机">例</a>'), '<a title="脑机"><span lang="zh-Hans">例</span></a>'),  # tags kept
        ("No Chinese here", "No Chinese here"),
        (ChineseFallback("头环").__html__(), '<span lang="zh-Hans">头环</span>'),  # marked once
        # A ">" inside a quoted attribute does not end the tag: what is in it stays in it.
        (mark_safe('<a title="x>脑<img src=x>">y</a>'), '<a title="x>脑<img src=x>">y</a>'),
    ],
)
def test_chinese_runs_on_an_english_page(value, html):
    with translation.override("en"):
        assert chinese_runs(value) == html
    with translation.override("zh-hans"):
        assert "span" not in chinese_runs("In 10,000 yuan (万元).")
