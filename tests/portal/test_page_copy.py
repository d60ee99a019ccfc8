"""Copying a page in the admin: a destination that is no page, or a title or slug longer than the page
table holds, is the copy form's own error, shown in the admin's language with what was typed; nothing is
copied. Wagtail's view answered both with a 500."""

import pytest
from allauth.mfa.models import Authenticator
from django.utils import translation
from wagtail.models import Page
from wagtail.users.models import UserProfile

from portal.page_copy import TITLE_MAX_LENGTH
from tests.factories import StaffFactory
from tests.portal.page_factories import standard_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    staff = StaffFactory(is_superuser=True)
    Authenticator.objects.get_or_create(user=staff, type=Authenticator.Type.TOTP, defaults={"data": {}})
    return staff


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    client.raise_request_exception = True  # a 500 fails the test with its traceback
    return client


@pytest.fixture(params=["zh-hans", "en"])
def language(request, staff):
    """The admin's language, as the staff member chose it in their account."""
    UserProfile.objects.update_or_create(user=staff, defaults={"preferred_language": request.param})
    return request.param


def _page():
    """A page to copy, under the Chinese home page."""
    return standard_page(Page.objects.get(depth=2, locale__language_code="zh-hans"), title="关于联盟")


def _copy(client, page, **fields):
    data = {"new_title": "副本", "new_slug": "copy-of-a-page", "new_parent_page": str(page.get_parent().pk)} | fields
    return client.post(f"/admin/pages/{page.pk}/copy/", data)


def _says(response, message, language):
    with translation.override(language):
        return translation.gettext(message) in response.content.decode()


@pytest.mark.parametrize(
    ("parent", "message"),
    [
        ("999999", "Select a valid choice. That choice is not one of the available choices."),  # deleted meanwhile
        ("", "This field is required."),
    ],
)
def test_a_destination_that_is_no_page_is_the_forms_error_with_the_typed_title_kept(
    staff_client, language, parent, message
):
    page, before = _page(), Page.objects.count()
    response = _copy(staff_client, page, new_parent_page=parent, new_title="康复训练副本")
    assert response.status_code == 200
    assert _says(response, message, language)
    assert 'value="康复训练副本"' in response.content.decode()
    assert Page.objects.count() == before


@pytest.mark.parametrize("parent", ["abc", "²"])  # "²" is a digit to Python, but no number int() reads
def test_a_destination_that_is_no_id_is_an_altered_form(staff_client, language, parent):
    """Only an altered form sends a word for the chosen page: the admin's guard answers it (a 400)."""
    page, before = _page(), Page.objects.count()
    response = _copy(staff_client, page, new_parent_page=parent)
    assert response.status_code == 400
    assert _says(response, "The form sent was altered: reload the page and try again.", language)
    assert Page.objects.count() == before


@pytest.mark.parametrize("field", ["new_title", "new_slug"])
def test_a_title_or_slug_longer_than_the_table_holds_is_the_forms_error(staff_client, language, field):
    page, before = _page(), Page.objects.count()
    response = _copy(staff_client, page, **{field: "a" * (TITLE_MAX_LENGTH + 1)})
    assert response.status_code == 200
    with translation.override(language):
        message = translation.ngettext(
            "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
            "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
            TITLE_MAX_LENGTH,
        ) % {"limit_value": TITLE_MAX_LENGTH, "show_value": TITLE_MAX_LENGTH + 1}
    assert message in response.content.decode()
    assert Page.objects.count() == before


def test_a_title_at_the_limit_is_copied(staff_client):
    page = _page()
    response = _copy(staff_client, page, new_title="脑" * TITLE_MAX_LENGTH)
    assert response.status_code == 302
    copy = page.get_parent().get_children().get(slug="copy-of-a-page")
    assert copy.title == "脑" * TITLE_MAX_LENGTH


def test_the_copy_form_offers_the_limits_to_the_browser(staff_client):
    response = staff_client.get(f"/admin/pages/{_page().pk}/copy/")
    assert response.status_code == 200
    assert response.content.decode().count(f'maxlength="{TITLE_MAX_LENGTH}"') >= 2
