"""Member-written rich text: what survives sanitising, plain text, text extraction, the form field."""

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from portal import richtext
from portal.richtext import RichTextFormField


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("<p>脑控<strong>外骨骼</strong> and <em>EEG</em></p>", "<p>脑控<strong>外骨骼</strong> and <em>EEG</em></p>"),
        ("<ul><li>康复</li><li>养老</li></ul>", "<ul><li>康复</li><li>养老</li></ul>"),
        ("<p>a<script>alert(1)</script>b</p>", "<p>ab</p>"),
        ('<p onclick="x()">hi</p>', "<p>hi</p>"),
        ('<p><img src="x" onerror="alert(1)">hi</p>', "<p>hi</p>"),
        ('<p><a href="javascript:alert(1)">x</a></p>', '<p><a rel="noopener noreferrer nofollow">x</a></p>'),
        (
            '<p><a href="https://example.org/" target="_blank" style="color:red">x</a></p>',
            '<p><a href="https://example.org/" rel="noopener noreferrer nofollow">x</a></p>',
        ),
        ('<p><a href="mailto:info@example.org">mail</a></p>', "mailto:info@example.org"),
        ("<p><iframe src='https://evil'></iframe>ok</p>", "<p>ok</p>"),
        ("<p><style>p{}</style>ok</p><!-- comment -->", "<p>ok</p>"),
        ("<div><span style='x'>字</span></div><p>x</p>", "字<p>x</p>"),
        ("<p>unclosed <strong>bold", "<p>unclosed <strong>bold</strong></p>"),
        ("<p></p><p> <br> </p><p>kept</p>", "<p>kept</p>"),
        ("<p> </p><br>", ""),
        ("<p><b>粗</b><i>斜</i></p>", "<p><strong>粗</strong><em>斜</em></p>"),
    ],
)
def test_clean_keeps_the_allowed_subset_only(given, expected):
    cleaned = richtext.clean(given)
    assert expected in cleaned if expected.startswith("mailto") else cleaned == expected


def test_plain_text_becomes_escaped_paragraphs():
    text = "第一段：脑机接口\n第二行 <script>alert(1)</script>\n\n\nSecond paragraph & more"
    assert richtext.clean(text) == (
        "<p>第一段：脑机接口<br>第二行 &lt;script&gt;alert(1)&lt;/script&gt;</p><p>Second paragraph &amp; more</p>"
    )


@pytest.mark.parametrize("value", ["plain\n\ntext", "<p>a <em>b</em></p><ul><li>c</li></ul>", "<p>x < y & z</p>"])
def test_clean_is_idempotent(value):
    once = richtext.clean(value)
    assert richtext.clean(once) == once


def test_empty_and_none_are_empty():
    assert richtext.clean(None) == richtext.clean("") == richtext.clean("   \n ") == ""


def test_to_text_keeps_paragraph_and_list_boundaries():
    value = "<h3>参数</h3><p>16 通道&nbsp;干电极</p><ul><li>康复</li><li>养老</li></ul><p>a &amp; b<br>c</p>"
    assert richtext.to_text(value) == "参数\n16 通道 干电极\n• 康复\n• 养老\na & b\nc"


def test_to_text_of_hostile_markup_has_no_script_text():
    assert richtext.to_text("<p>ok<script>alert(1)</script></p>") == "ok"


def test_filter_renders_sanitised_html_and_converts_legacy_plain_text():
    template = Template("{% load portal_tags %}{{ value|rich_text }}")
    assert template.render(Context({"value": "<p>ok<script>x</script></p>"})) == "<p>ok</p>"
    assert template.render(Context({"value": "line one\nline <x>two"})) == "<p>line one<br>line &lt;x&gt;two</p>"
    assert template.render(Context({"value": "a < b\n\nc"})) == "<p>a &lt; b</p><p>c</p>"


class _Form(forms.Form):
    text = RichTextFormField(required=True, max_length=20)


def test_form_field_stores_sanitised_html():
    form = _Form({"text": "<p>康复<script>x</script></p>"})
    assert form.is_valid() and form.cleaned_data["text"] == "<p>康复</p>"


def test_form_field_counts_visible_text_not_markup():
    assert _Form({"text": "<p><strong>" + "字" * 20 + "</strong></p>"}).is_valid()
    with translation.override("zh-hans"):
        form = _Form({"text": "字" * 21})
        assert not form.is_valid()
        assert "20" in form.errors["text"][0] and "21" in form.errors["text"][0]
        assert "Keep the text" not in form.errors["text"][0]  # translated


def test_form_field_refuses_huge_markup_without_parsing_it():
    form = _Form({"text": "<p></p>" * 1000})
    assert not form.is_valid() and form.errors["text"][0]


def test_form_field_required_means_visible_text():
    form = _Form({"text": "<p><br></p><script>x</script>"})
    assert not form.is_valid() and "text" in form.errors


def test_redisplayed_input_is_sanitised():
    form = _Form({"text": "<p>ok</p><img src=x onerror=alert(1)>" + "字" * 30})
    assert not form.is_valid()
    html = str(form["text"])
    assert "onerror" not in html and "&lt;p&gt;ok&lt;/p&gt;" in html and "data-rich-text" in html


def test_widget_carries_translated_toolbar_labels():
    with translation.override("zh-hans"):
        html = str(_Form()["text"])
    assert "data-rich-text" in html and "Bold" not in html
