"""Dates and times typed into forms stay within years the site can store and read back.

A time typed in Asia/Shanghai on 1 January of year 1 is, in UTC, a moment before year 1:
PostgreSQL stores it, but reading it back fails (``DataError: timestamp too small``), a 500 for
staff opening a screening panel, editing an edition's call or extending an entry. Every
date-and-time field of the portal's forms (and the Wagtail admin's model forms) refuses a year
outside ``portal.form_fields.YEARS`` with a translated message beside the field.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.admin.forms.models import WagtailAdminModelForm

from catalog.editions.models import Edition
from competition.forms import ExtensionForm
from incubator.meetings.forms import ShanghaiDateTimeField
from portal.form_fields import YEARS
from portal.judging.forms import PanelForm

pytestmark = pytest.mark.django_db

OUT_OF_RANGE = ["0001-01-01T00:00", "1899-12-31T23:59", "9999-12-31T23:59"]


@pytest.mark.parametrize("moment", OUT_OF_RANGE)
def test_a_panel_window_outside_the_years_is_refused(moment):
    form = PanelForm({"opens_at": moment, "closes_at": moment})
    assert not form.is_valid()
    assert form.has_error("opens_at", "date_out_of_range")
    assert form.has_error("closes_at", "date_out_of_range")


@pytest.mark.parametrize("moment", OUT_OF_RANGE)
def test_an_extension_outside_the_years_is_refused(moment):
    form = ExtensionForm({"until": moment, "reason": "网络故障"})
    assert not form.is_valid()
    assert form.has_error("until", "date_out_of_range")


def test_a_meeting_slot_field_is_bounded_too():
    field = ShanghaiDateTimeField()
    with pytest.raises(ValidationError) as refused:
        field.clean("0001-01-01T00:00")
    assert [error.code for error in refused.value.error_list] == ["date_out_of_range"]


def test_times_inside_the_years_pass():
    form = PanelForm({"opens_at": f"{YEARS[0]}-01-02T00:00", "closes_at": f"{YEARS[1]}-12-31T23:59"})
    form.is_valid()
    assert "opens_at" not in form.errors and "closes_at" not in form.errors


def test_admin_model_forms_bound_their_date_times():
    form_class = type(
        "EditionForm",
        (WagtailAdminModelForm,),
        {"Meta": type("Meta", (WagtailAdminModelForm.Meta,), {"model": Edition, "fields": ["call_opens_at"]})},
    )
    form = form_class({"call_opens_at": "0001-01-01 00:00"})
    assert not form.is_valid()
    assert form.has_error("call_opens_at", "date_out_of_range")


def test_the_edition_admin_answers_with_the_error_not_a_500(staff_client):
    response = staff_client.post(
        reverse("editions:add"),
        {
            "year": 2031,
            "title_zh": "2031 年度推荐目录",
            "title_en": "",
            "intro_zh": '{"blocks":[{"key":"a","text":"介绍","type":"unstyled","depth":0,'
            '"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
            "intro_en": "null",
            "call_opens_at": "0001-01-01 00:00",
            "call_closes_at": "2031-03-01 09:00",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("call_opens_at", "date_out_of_range")
    assert not Edition.objects.filter(year=2031).exists()
