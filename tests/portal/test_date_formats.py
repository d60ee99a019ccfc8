"""One way of writing dates and times in both languages (``portal.formats``): 2026-12-04 and
2026-12-04 11:26 in Asia/Shanghai, never Django's "Dec. 4, 2026, 3:26 a.m." or "2026年12月4日"."""

import datetime as dt
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format

MOMENT = dt.datetime(2026, 12, 4, 3, 26, tzinfo=dt.UTC)  # 11:26 in Shanghai
DAY = dt.date(2026, 12, 4)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('{{ moment|date:"DATETIME_FORMAT" }}', "2026-12-04 11:26"),
        ('{{ moment|date:"SHORT_DATETIME_FORMAT" }}', "2026-12-04 11:26"),
        ("{{ moment }}", "2026-12-04 11:26"),
        ('{{ day|date:"DATE_FORMAT" }}', "2026-12-04"),
        ('{{ day|date:"SHORT_DATE_FORMAT" }}', "2026-12-04"),
        ("{{ day }}", "2026-12-04"),
        ('{{ moment|time:"TIME_FORMAT" }}', "11:26"),
    ],
)
def test_templates_write_dates_and_times_the_same_way_in_both_languages(language, source, expected):
    with translation.override(language):
        assert Template(source).render(Context({"moment": MOMENT, "day": DAY})) == expected


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_python_formatting_follows_the_same_convention(language):
    with translation.override(language):
        assert date_format(DAY, "DATE_FORMAT") == "2026-12-04"


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "{{ moment|moment }}",
            '<time class="moment" datetime="2026-12-04T11:26:00+08:00">2026-12-04 11:26</time>',
        ),
        (
            '{{ day|moment:"DATE_FORMAT" }}',
            '<time class="moment" datetime="2026-12-04">2026-12-04</time>',
        ),
        (
            '{{ moment|moment:"Y-m-d H:i:s" }}',
            '<time class="moment" datetime="2026-12-04T11:26:00+08:00">2026-12-04 11:26:00</time>',
        ),
        ("{{ nothing|moment }}", "—"),
    ],
)
def test_the_moment_filter_writes_a_time_element_kept_on_one_line(language, source, expected):
    """``portal_tags.moment``: the same text, in a ``<time>`` whose ``datetime`` machines read and
    whose ``moment`` class keeps "2026-12-04 11:26" from breaking at a hyphen on a phone."""
    template = Template("{% load portal_tags %}" + source)
    with translation.override(language):
        assert template.render(Context({"moment": MOMENT, "day": DAY, "nothing": None})) == expected


def test_the_moment_class_does_not_wrap():
    css = Path(finders.find("css/portal.css")).read_text(encoding="utf-8")
    rule = css.split(".moment {", 1)[1].split("}", 1)[0]
    assert "white-space: nowrap" in rule
