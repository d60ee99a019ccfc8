"""Rich text in the admin posted as something that is no editor content: the form again, an error, nothing lost.

Wagtail's editor posts contentstate JSON; a hand-made request posting ``hello``, ``{"blocks": 1}`` or
``[`` made Wagtail's conversion raise (a 500). The portal's editor and form field
(``portal/rich_text_editor.py``) answer with the form shown again, a translated error beside the field, the
other fields as sent and the editor holding the text that was sent.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.urls import reverse
from wagtail import blocks
from wagtail.fields import RichTextField as WagtailRichTextField
from wagtail.fields import StreamField
from wagtail.rich_text import RichText

from cases.models import CasePage
from portal import fields
from portal.blocks import RichTextBlock
from portal.rich_text_editor import RichTextEditorField
from tests.cases.factories import build_case_site, make_case
from tests.catalog.edition_factories import EditionFactory
from tests.junk import RICH_TEXTS, parse, stream_data
from tests.portal.page_factories import standard_page

pytestmark = pytest.mark.django_db

UNREADABLE = "无法读取编辑器中的内容"
NOT_CONTENTSTATE = [value for value in RICH_TEXTS if value]


def _shown(response) -> dict:
    form = next(form for form in parse(response).forms if form.method == "post" and "edit" in form.action)
    return dict(form.fields)


@pytest.fixture
def case(staff_client):
    return make_case(build_case_site().index)


@pytest.mark.parametrize("sent", NOT_CONTENTSTATE)
def test_a_rich_text_field_that_is_no_editor_content_is_an_error_beside_it(staff_client, case, sent):
    url = reverse("wagtailadmin_pages:edit", args=[case.pk])
    data = {**_shown(staff_client.get(url)), "narrative": sent, "summary": "改过的摘要"}
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert UNREADABLE in str(response.context["form"].errors["narrative"])
    html = response.content.decode()
    assert "改过的摘要" in html  # the other fields as sent
    assert CasePage.objects.get(pk=case.pk).get_latest_revision_as_object().summary != "改过的摘要"


def test_the_editor_shows_the_text_that_was_sent(staff_client, case):
    url = reverse("wagtailadmin_pages:edit", args=[case.pk])
    response = staff_client.post(url, {**_shown(staff_client.get(url)), "narrative": "hello <b>world</b>"})
    assert response.status_code == 200
    shown = response.context["form"]["narrative"].value()
    assert shown == "<p>hello &lt;b&gt;world&lt;/b&gt;</p>"  # escaped: never markup as it was sent


def test_an_empty_rich_text_is_no_text(staff_client, case):
    url = reverse("wagtailadmin_pages:edit", args=[case.pk])
    response = staff_client.post(url, {**_shown(staff_client.get(url)), "narrative": "", "action-publish": "1"})
    assert response.status_code == 302
    assert CasePage.objects.get(pk=case.pk).narrative == ""


@pytest.mark.parametrize("sent", NOT_CONTENTSTATE)
def test_a_rich_text_block_that_is_no_editor_content_is_an_error_on_the_block(staff_client, sent):
    site = build_case_site()
    page = standard_page(site.tree.home, title="关于", body=[("paragraph", RichText("<p>正文</p>"))])
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    body = {name: values for name, values, _kind in stream_data(page.body.stream_block, page.body, "body")}
    data = {**_shown(staff_client.get(url)), **body, "body-0-value": sent, "introduction": "改过的简介"}
    response = staff_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["form"].errors["body"].as_data()[0]
    assert UNREADABLE in str(errors.block_errors[0].messages)
    assert "改过的简介" in response.content.decode()


def test_an_edition_intro_that_is_no_editor_content_is_an_error_beside_it(staff_client):
    edition = EditionFactory(year=2033)
    url = reverse("editions:edit", args=[edition.pk])
    data = {**_shown(staff_client.get(url)), "intro_zh": "[", "title_zh": "改过的标题"}
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert UNREADABLE in str(response.context["form"].errors["intro_zh"])
    assert "改过的标题" in response.content.decode()


def _rich_text_blocks(block):
    if isinstance(block, blocks.RichTextBlock):
        yield block
    for child in getattr(block, "child_blocks", {}).values():
        yield from _rich_text_blocks(child)
    if isinstance(block, blocks.ListBlock):
        yield from _rich_text_blocks(block.child_block)


def test_every_rich_text_of_the_portal_reads_through_the_portals_field():
    """A model declaring Wagtail's own rich text field or block would bring the 500 back."""
    wagtails = []
    for model in apps.get_models():
        if model.__module__.split(".")[0] not in ("portal", "catalog", "cases", "competition", "incubator", "search"):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, WagtailRichTextField) and not isinstance(field, fields.RichTextField):
                wagtails.append(f"{model._meta.label}.{field.name}")
            if isinstance(field, StreamField):
                for block in _rich_text_blocks(field.stream_block):
                    if not isinstance(block, RichTextBlock):
                        wagtails.append(f"{model._meta.label}.{field.name}: {block.name}")
                    assert isinstance(block.field, RichTextEditorField)
    assert not wagtails, wagtails
