"""An organisation's profile, or a new organisation's, sent after the member's session ended comes back,
not saved, once they sign in again (``portal.keep_input``)."""

import pytest
from django.urls import reverse
from django.utils import translation

from portal.organisations.models import Organisation
from tests import factories
from tests.keep_input import kept_and_shown, post_signed_out, session_ends

pytestmark = pytest.mark.django_db


def test_the_organisation_profile_comes_back_with_what_was_typed(client, organisation, owner):
    with translation.override("en"):
        url = reverse("portal:organisation_edit", args=[organisation.pk])
    client.force_login(owner)
    session_ends(client, url)
    post_signed_out(client, url, {"name_en": "Typed After Lunch Ltd", "version": organisation.version})
    client.force_login(owner)
    page = client.get(url)
    assert page.status_code == 200 and page.context["form"]["name_en"].value() == "Typed After Lunch Ltd"
    assert "It is back in the form: check it and save again." in page.text
    assert Organisation.objects.get(pk=organisation.pk).name_en != "Typed After Lunch Ltd"


def test_another_member_signing_in_on_that_browser_does_not_get_it(client, organisation, owner):
    """A shared computer: the owner's session ended with the profile typed and sent; a colleague signs
    in on the same browser and opens the page. They see the profile as saved, not the owner's text,
    which is dropped (the page marked the browser with who opened it)."""
    with translation.override("en"):
        url = reverse("portal:organisation_edit", args=[organisation.pk])
    client.force_login(owner)
    session_ends(client, url)
    post_signed_out(client, url, {"name_en": "Typed After Lunch Ltd", "version": organisation.version})
    client.force_login(factories.MembershipFactory(organisation=organisation, role="owner").user)
    page = client.get(url)
    assert page.status_code == 200 and page.context["form"]["name_en"].value() == organisation.name_en
    assert "Typed After Lunch Ltd" not in page.text and "It is back in the form" not in page.text
    client.force_login(owner)
    assert "Typed After Lunch Ltd" not in client.get(url).text  # dropped, not waiting for its typist


def test_a_form_sent_without_having_been_opened_by_a_member_is_not_kept(client, organisation, owner):
    """Nobody known opened it (no mark): nothing is kept, for anyone."""
    with translation.override("en"):
        url = reverse("portal:organisation_edit", args=[organisation.pk])
    post_signed_out(client, url, {"name_en": "Typed After Lunch Ltd", "version": organisation.version})
    client.force_login(owner)
    page = client.get(url)
    assert "Typed After Lunch Ltd" not in page.text and "It is back in the form" not in page.text


def test_a_new_organisation_comes_back_with_what_was_typed(client, user):
    with translation.override("en"):
        url = reverse("portal:organisation_create")
    page = kept_and_shown(client, user, url, {"name_zh": "午饭后注册的机构", "kind": "enterprise"})
    assert page.context["form"]["name_zh"].value() == "午饭后注册的机构"
    assert not Organisation.objects.filter(name_zh="午饭后注册的机构").exists()


def test_the_email_language_comes_back_as_chosen(client, user):
    user.preferred_language = "zh-hans"
    user.save(update_fields=["preferred_language"])
    with translation.override("en"):
        url = reverse("portal:email_language")
    page = kept_and_shown(client, user, url, {"language": "en"})
    assert page.context["form"]["language"].value() == "en"
    user.refresh_from_db()
    assert user.preferred_language == "zh-hans"
