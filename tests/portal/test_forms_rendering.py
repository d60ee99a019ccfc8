"""The portal's form renderer marks the language of a bilingual record's text fields.

On the Chinese registration page the English name and description were inputs without ``lang``: a
screen reader read "NeuroXess" with a Chinese voice, and the browser checked its spelling as Chinese
(WCAG 3.1.2, language of parts).
"""

import re
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from wagtail.admin.widgets import AdminDateInput, AdminTagWidget

from portal.richtext import RichTextFormField
from portal.uploads.fields import SafeImageField


class Record(forms.Form):
    name_zh = forms.CharField()
    name_en = forms.CharField(help_text="Optional")
    summary_en = forms.CharField(widget=forms.Textarea)
    kind = forms.ChoiceField(choices=[("a", "A")])
    public_en = forms.BooleanField(required=False)


def tag(html: str, name: str) -> str:
    return re.search(rf'<(?:input|textarea|select)[^>]*name="{name}"[^>]*>', html).group(0)


def test_text_fields_of_a_bilingual_pair_say_their_language():
    html = str(Record())
    assert 'lang="zh-Hans"' in tag(html, "name_zh")
    assert 'lang="en"' in tag(html, "name_en") and 'aria-describedby="id_name_en_helptext"' in tag(html, "name_en")
    assert 'lang="en"' in tag(html, "summary_en")
    # Not a text: a choice, a checkbox; nor a field of no language.
    assert "lang=" not in tag(html, "kind") and "lang=" not in tag(html, "public_en")
    # The label is in the page's language: only the input is marked.
    assert '<label for="id_name_en">Name en<' in html


def test_a_form_sent_back_says_so_at_its_top_even_for_field_errors_alone():
    # On a long form (a startup's profile is 6,000 px) the field in error is out of sight: without
    # this line, the page came back looking as it was sent.
    with translation.override("zh-hans"):
        html = str(Record(data={"name_zh": "", "summary_en": "x", "kind": "a"}))
    assert html.index('class="form-errors" role="alert"') < html.index('name="name_zh"')
    assert "请修正以下错误。" in html.split('class="form-errors"', 1)[1].split("</div>", 1)[0]
    # A form not sent, or sent right, has no such box.
    assert "form-errors" not in str(Record())
    assert "form-errors" not in str(Record(data={"name_zh": "甲", "name_en": "A", "summary_en": "x", "kind": "a"}))


def test_a_hidden_fields_error_shows_in_the_box():
    class WithVersion(Record):
        version = forms.IntegerField(widget=forms.HiddenInput)

    with translation.override("en"):
        html = str(WithVersion(data={"name_zh": "甲", "name_en": "A", "summary_en": "x", "kind": "a", "version": "x"}))
    assert "(Hidden field version)" in html.split('class="form-errors"', 1)[1].split("</div>", 1)[0]


@pytest.mark.django_db
def test_the_registration_page_marks_the_english_name_and_description(client):
    from tests import factories

    client.force_login(factories.UserFactory())
    with translation.override("zh-hans"):
        html = client.get(reverse("portal:organisation_create")).content.decode()
    assert 'lang="en"' in tag(html, "name_en") and 'lang="en"' in tag(html, "description_en")
    assert 'lang="zh-Hans"' in tag(html, "name_zh")


def _error_box(html: str) -> str:
    return html.split('class="form-errors"', 1)[1].split("</div>", 1)[0]


def test_the_error_box_links_each_field_in_error_by_its_label_and_error():
    # "Please correct the errors below." alone left the member scrolling a long form for the red
    # fields; each field in error is now a link to it, in the form's order, in the page's language.
    with translation.override("en"):
        box = _error_box(str(Record(data={"name_en": "A", "summary_en": "x", "kind": "nope"})))
    links = re.findall(r'<a href="#(id_\w+)">([^<]*)</a>', box)
    assert [target for target, _text in links] == ["id_name_zh", "id_kind"]
    assert links[0][1] == "Name zh: This field is required."
    assert "Select a valid choice." in links[1][1]
    with translation.override("zh-hans"):
        box = _error_box(str(Record(data={"name_en": "A", "summary_en": "x", "kind": "a"})))
    assert '<a href="#id_name_zh">Name zh：此字段为必填项。</a>' in box


def test_a_form_error_of_its_own_makes_no_empty_list_of_fields():
    class Whole(Record):
        def clean(self):
            raise forms.ValidationError("The record contradicts itself.")

    box = _error_box(str(Whole(data={"name_zh": "甲", "name_en": "A", "summary_en": "x", "kind": "a"})))
    assert "form-errors-fields" not in box and "The record contradicts itself." in box


def test_a_question_label_takes_no_colon_before_its_error():
    class Question(forms.Form):
        why = forms.CharField(label="Why should the alliance recommend it?")

    with translation.override("en"):
        box = _error_box(str(Question(data={})))
    assert '<a href="#id_why">Why should the alliance recommend it? This field is required.</a>' in box


def test_a_statement_label_takes_no_colon_after_its_full_stop():
    # The NDA's box said "我已阅读本保密协议，并代表所在机构接受。：请勾选以接受保密协议。".
    class Statement(forms.Form):
        agree = forms.BooleanField(label="I have read the NDA and accept it.", error_messages={"required": "Tick it."})
        agree_zh = forms.BooleanField(label="我已阅读并接受。", error_messages={"required": "请勾选。"})

    with translation.override("en"):
        assert "I have read the NDA and accept it. Tick it.</a>" in _error_box(str(Statement(data={})))
    with translation.override("zh-hans"):
        assert "我已阅读并接受。请勾选。</a>" in _error_box(str(Statement(data={})))


class EveryKind(forms.Form):
    """A field of each kind the site's forms use, and some they may."""

    plain = forms.CharField()
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    functions = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple)
    agree = forms.BooleanField()
    meets_at = forms.SplitDateTimeField()  # two inputs, id_meets_at_0 and _1
    fields = forms.MultipleChoiceField(choices=[("a", "A")])
    description = RichTextFormField()
    picture = SafeImageField()
    opens = forms.DateField(widget=AdminDateInput)
    tags = forms.CharField(widget=AdminTagWidget)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        raise forms.ValidationError("The record contradicts itself.")


CONTROL = re.compile(r'<(input|select|textarea)\b[^>]*\bid="([^"]+)"')


def test_each_link_of_the_error_box_lands_on_a_control_of_the_page():
    # Without JavaScript the link is an anchor: a fragment naming no element went nowhere (a date and
    # a time are id_meets_at_0 and _1, no id_meets_at), one naming a radio group's <div> moved no focus.
    # A link to the control itself focuses it, as the browser does for a focusable fragment.
    with translation.override("en"):
        html = str(EveryKind(data={"kind": "z", "version": "x"}))
    box = _error_box(html)
    targets = re.findall(r'<a href="#([^"]*)"', box)
    assert len(targets) == len(EveryKind.base_fields) - 1  # every visible field; not the hidden one
    controls = {control_id: tag for tag, control_id in CONTROL.findall(html)}
    assert {target: controls.get(target) for target in targets if controls.get(target) in {None, "input"}} == {
        "id_plain": "input",
        "id_kind_0": "input",
        "id_functions_0": "input",
        "id_agree": "input",
        "id_meets_at_0": "input",
        "id_picture": "input",
        "id_opens": "input",
        "id_tags": "input",
    }
    assert controls["id_fields"] == "select" and controls["id_description"] == "textarea"
    # The form's own errors and a hidden field's are said in the box, not linked.
    assert "The record contradicts itself." in box and "(Hidden field version)" in box


def test_a_form_rendered_without_ids_lists_its_fields_in_error_without_links():
    with translation.override("en"):
        box = _error_box(str(Record(data={}, auto_id=False)))
    assert "Name zh: This field is required." in box and "<a " not in box


def test_a_groups_legend_and_a_multi_input_label_name_no_missing_element():
    html = str(EveryKind(data={}))
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    assert {target for target in re.findall(r'\bfor="([^"]*)"', html) if target not in ids} == set()


#: Templates of the Wagtail admin, whose forms show Wagtail's errors, not the site's error box.
ADMIN_TEMPLATES = re.compile(r"(^|/)(admin|wagtailadmin)/")


def _site_templates():
    """``(name, text)`` of each template of the site (not the Wagtail admin's)."""
    root = Path(settings.BASE_DIR) / "templates"
    for path in sorted(root.rglob("*.html")):
        name = path.relative_to(root).as_posix()
        if not ADMIN_TEMPLATES.search(name):
            yield name, path.read_text(encoding="utf-8")


def test_every_form_of_the_site_posts_to_its_address_without_the_fragment():
    # A form without an action posts to the page's address with its fragment, which the redirect after a
    # successful save keeps (Fetch): after following a link of the error box without JavaScript
    # (#id_name_zh), the next page opened scrolled to that field, away from its success message.
    missing = [
        (name, tag)
        for name, text in _site_templates()
        for tag in re.findall(r"<form\b[^>]*>", text)
        if 'method="post"' in tag and "action=" not in tag
    ]
    assert missing == []


#: A POST whose URL name says it takes something away: a member asks before it is done.
DESTRUCTIVE = re.compile(r"\{% url '[a-z_]+:[a-z_]*(remove|delete|revoke|leave|withdraw)[a-z_]*'")


def test_every_site_form_that_takes_something_away_asks_first():
    """Removing a colleague, leaving an organisation, withdrawing an entry or deleting a data-room
    document took one click; each such form's button (or the form) now asks (``data-confirm``, read
    by static/js/portal.js), unless the link leads to a page that asks (``team_leave``)."""
    unasked = [
        (name, form.split(">", 1)[0])
        for name, text in _site_templates()
        for form in re.findall(r"<form\b[^>]*>.*?</form>", text, re.S)
        if 'method="post"' in form and DESTRUCTIVE.search(form) and "data-confirm=" not in form
    ]
    assert unasked == []


@pytest.mark.django_db
def test_the_registration_form_names_its_own_address(client):
    from tests import factories

    client.force_login(factories.UserFactory())
    html = client.post(reverse("portal:organisation_create"), {}).content.decode()
    assert f'<form method="post" action="{reverse("portal:organisation_create")}" novalidate>' in html
    assert re.findall(r'<a href="#([^"]+)"', _error_box(html))
