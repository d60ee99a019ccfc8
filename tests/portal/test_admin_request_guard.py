"""Admin requests Wagtail's own views cannot read are a translated 400, not a 500: a NUL byte in the
query string (Wagtail's page chooser), a POST lacking a field its form always sends (adding a page
without its body's fields). Copying a page checks its own form: tests/portal/test_page_copy.py."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.utils import translation
from django.utils.datastructures import MultiValueDictKeyError
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from portal.middleware import AdminRequestGuardMiddleware
from tests.factories import StaffFactory
from tests.portal.page_factories import make_image

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    staff = StaffFactory(is_superuser=True)
    Authenticator.objects.get_or_create(user=staff, type=Authenticator.Type.TOTP, defaults={"data": {}})
    client.force_login(staff)
    client.raise_request_exception = True  # a 500 fails the test with its traceback
    return client


@pytest.mark.parametrize("query", ["locale=%00", "q=a%00b", "%00=1"])
def test_a_nul_byte_in_an_admin_query_string_is_a_translated_400(staff_client, query):
    response = staff_client.get(f"/admin/choose-page/?{query}", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    with translation.override("zh-hans"):
        assert translation.gettext("This address holds a character the site cannot read.") in response.content.decode()


def test_the_admin_answers_as_before_without_one(staff_client):
    assert staff_client.get("/admin/choose-page/?q=康复").status_code == 200


TOO_LONG = "The search text is too long: search with at most %(limit)d characters."


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/admin/images/", "脑" * 150),  # each Chinese character a term: Wagtail's search recursed too deep
        ("/admin/documents/", "脑" * 150),
        ("/admin/forms/", "脑" * 150),
        ("/admin/pages/search/", "ab " * 250),
    ],
)
def test_an_admin_search_text_too_long_for_wagtail_is_a_translated_400(staff_client, path, query):
    response = staff_client.get(path, {"q": query}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    with translation.override("zh-hans"):
        assert translation.gettext(TOO_LONG) % {"limit": 100} in response.content.decode()


@pytest.mark.parametrize("path", ["/admin/images/", "/admin/documents/", "/admin/forms/", "/admin/pages/search/"])
def test_an_admin_search_text_at_the_limit_is_searched(staff_client, path):
    assert staff_client.get(path, {"q": "脑" * 100}).status_code == 200


def test_other_paths_keep_their_own_answers(client):
    assert client.get("/zh-hans/search/?q=a%00b").status_code == 200
    assert client.get("/zh-hans/search/", {"q": "脑" * 2000}).status_code == 200


INCOMPLETE = "The form sent was incomplete: a field the page always sends is missing. Reload the page and try again."


def _home():
    return Page.objects.get(depth=2, locale__language_code="zh-hans")


def test_adding_a_page_without_its_body_fields_is_a_400_and_creates_nothing(staff_client):
    before = Page.objects.count()
    response = staff_client.post(
        f"/admin/pages/add/portal/standardpage/{_home().pk}/", {"title": "无正文", "slug": "no-body"}
    )
    assert response.status_code == 400
    assert Page.objects.count() == before


def test_the_admin_forms_still_work_when_complete(staff_client):
    response = staff_client.get(f"/admin/pages/{_home().pk}/copy/")
    assert response.status_code == 200


def _raise(request, key, method="POST", data=None):
    request.method = method
    return AdminRequestGuardMiddleware(lambda r: None).process_exception(request, MultiValueDictKeyError(key))


def test_a_key_the_request_holds_or_a_get_stays_a_500(rf):
    """Only a field really missing from a POST is the sender's fault; anything else is a bug to see."""
    held = rf.post("/admin/pages/2/copy/", {"new_parent_page": "3"})
    assert _raise(held, "new_parent_page") is None
    assert _raise(rf.get("/admin/pages/2/copy/"), "new_parent_page", method="GET") is None
    assert _raise(rf.post("/zh-hans/dashboard/", {}), "anything") is None
    assert _raise(rf.post("/admin/pages/2/copy/", {}), "new_parent_page").status_code == 400


ALTERED = "The form sent was altered: reload the page and try again."


@pytest.mark.parametrize("field", ["body-count", "body-0-order"])
@pytest.mark.parametrize("value", ["abc", "a\x00b", "1.5"])
def test_a_block_count_or_order_that_is_no_number_is_a_translated_400(staff_client, field, value):
    """Wagtail's StreamField reads its ``-count`` and ``-order`` fields with ``int()`` (a 500)."""
    data = {"title": "正文", "slug": "altered", "body-count": "1", "body-0-type": "heading", "body-0-deleted": ""}
    data |= {"body-0-order": "0", "body-0-value": "标题", "body-0-id": "", field: value}
    before = Page.objects.count()
    response = staff_client.post(f"/admin/pages/add/portal/standardpage/{_home().pk}/", data)
    assert response.status_code == 400
    with translation.override("zh-hans"):
        assert translation.gettext(ALTERED) in response.content.decode()
    assert Page.objects.count() == before


def test_a_value_error_with_every_block_count_a_number_stays_a_500(rf):
    request = rf.post("/admin/pages/2/edit/", {"body-count": "1", "body-0-order": "0"})
    assert AdminRequestGuardMiddleware(lambda r: None).process_exception(request, ValueError("a bug")) is None


@pytest.mark.parametrize("next_url", ["2", "abc", "admin"])
def test_a_next_that_is_no_path_of_the_site_is_a_translated_400(staff_client, next_url):
    """Wagtail's image editor redirected to ``next`` after saving: a word was reversed as a URL name (a 500)."""
    image = make_image("原标题")
    response = staff_client.post(f"/admin/images/{image.pk}/", {"title": "新标题", "next": next_url})
    assert response.status_code == 400
    image.refresh_from_db()
    assert image.title == "原标题"
    kept = staff_client.post(f"/admin/images/{image.pk}/", {"title": "新标题", "next": "/admin/images/"})
    assert kept.status_code == 302 and kept["Location"] == "/admin/images/"


def test_a_next_elsewhere_is_ignored_by_wagtail_not_refused(staff_client):
    """An address on another site is no URL name: Wagtail's editor saves and stays on the site."""
    image = make_image("原标题")
    response = staff_client.post(f"/admin/images/{image.pk}/", {"title": "新标题", "next": "https://example.org/"})
    assert response.status_code == 302 and not response["Location"].startswith("https://example.org")
    image.refresh_from_db()
    assert image.title == "新标题"


def test_a_formset_asked_for_thousands_of_rows_is_a_400_at_once(staff_client):
    """Wagtail's group editor built and drew 2,000 rows of each permission formset: 20 to 116 seconds."""
    group = Group.objects.create(name="编辑组")
    data = {"name": "编辑组", "page_permissions-TOTAL_FORMS": "999999999", "page_permissions-INITIAL_FORMS": "0"}
    response = staff_client.post(f"/admin/groups/edit/{group.pk}/", data)
    assert response.status_code == 400
    shown = staff_client.post(f"/admin/groups/edit/{group.pk}/", {**data, "page_permissions-TOTAL_FORMS": "1000"})
    assert shown.status_code == 200  # at the limit: Wagtail's own answer (the form with its errors)


@pytest.mark.parametrize("sent", ['"', "AND (", "1e309"])
def test_a_chooser_value_that_is_no_id_is_a_translated_400(staff_client, sent):
    """Wagtail's page chooser read the redirect's page back with ``objects.get(pk=…)``: a ``ValueError``."""
    data = {"old_path": "/old", "site": "", "is_permanent": "on", "redirect_page": sent, "redirect_link": ""}
    response = staff_client.post("/admin/redirects/add/", data)
    assert response.status_code == 400
    with translation.override("zh-hans"):
        assert translation.gettext(ALTERED) in response.content.decode()
    assert not Redirect.objects.filter(old_path="/old").exists()


def test_a_lookup_of_a_value_the_request_does_not_hold_stays_a_500(rf):
    request = rf.post("/admin/redirects/add/", {"redirect_page": "7"})
    error = ValueError("Field 'id' expected a number but got 'elsewhere'.")
    assert AdminRequestGuardMiddleware(lambda r: None).process_exception(request, error) is None
