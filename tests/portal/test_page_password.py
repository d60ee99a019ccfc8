"""Wagtail's password form for protected pages limits wrong guesses (issue #11, attacks as tests)."""

import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from portal.views import page_password
from tests.portal.page_factories import build_site, standard_page

pytestmark = pytest.mark.django_db

PASSWORD = "alliance-internal"


@pytest.fixture
def protected(db):
    tree = build_site(news_items=0)
    page = standard_page(tree.home, title="内部资料", slug="internal")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password=PASSWORD
    )
    url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk])
    return page, url


def _guess(client, page, url, password):
    return client.post(url, {"password": password, "return_url": page.url})


def test_wrong_passwords_are_limited_per_visitor(client, protected):
    page, url = protected
    for _ in range(page_password.PAGE_PASSWORD_FAILURES):
        assert _guess(client, page, url, "wrong").status_code == 200
    assert _guess(client, page, url, "wrong").status_code == 429
    assert _guess(client, page, url, PASSWORD).status_code == 429  # not even the right one, for a while


def test_another_visitor_is_not_locked_out_by_one_guesser(client, protected):
    page, url = protected
    for _ in range(page_password.PAGE_PASSWORD_FAILURES):
        _guess(client, page, url, "wrong")
    other = client.post(url, {"password": PASSWORD, "return_url": page.url}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


def test_the_right_password_opens_the_page(client, protected):
    page, url = protected
    assert _guess(client, page, url, PASSWORD).status_code == 302
    assert client.get(page.url).status_code == 200


def test_guesses_from_everywhere_are_limited_per_page(client, protected, settings, monkeypatch):
    page, url = protected
    monkeypatch.setattr(page_password, "PAGE_PASSWORD_FAILURES_TOTAL", 3)
    for number in range(3):
        client.post(url, {"password": "wrong", "return_url": page.url}, REMOTE_ADDR=f"10.0.1.{number}")
    # Past the page's total, a fresh address has one try: wrong, the form again; wrong again, refused.
    assert client.post(url, {"password": "wrong", "return_url": page.url}, REMOTE_ADDR="10.0.2.1").status_code == 200
    assert client.post(url, {"password": "wrong", "return_url": page.url}, REMOTE_ADDR="10.0.2.1").status_code == 429


def test_guesses_from_everywhere_never_lock_out_the_right_password(client, protected, monkeypatch):
    page, url = protected
    monkeypatch.setattr(page_password, "PAGE_PASSWORD_FAILURES_TOTAL", 3)
    for number in range(3):
        client.post(url, {"password": "wrong", "return_url": page.url}, REMOTE_ADDR=f"2001:db8::{number + 1}")
    member = client.post(url, {"password": PASSWORD, "return_url": page.url}, REMOTE_ADDR="198.51.100.20")
    assert member.status_code == 302  # a member with the right password, from an address that never guessed
