"""The profile editor: create, edit, stale and double submits, amounts in 万元, the pitch deck, permissions."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from incubator.models import InvestorProfile, PlatformProfile, SavedSearch, StartupProfile
from incubator.profiles import services
from incubator.profiles.forms import SavedSearchForm, to_wan, to_yuan
from tests import factories
from tests import upload_samples as samples
from tests.keep_input import post_signed_out, session_ends

pytestmark = pytest.mark.django_db


@pytest.fixture
def startup():
    return factories.OrganisationFactory(kind="startup", slug="theta-neuro")


@pytest.fixture
def startup_owner(startup):
    return factories.MembershipFactory(organisation=startup, role="owner").user


def _form_data(**overrides) -> dict:
    data = {
        "version": "0",
        "summary_zh": "面向失语患者的言语合成脑机接口",
        "summary_en": "Speech BCI for aphasia",
        "stage": "prototype",
        "trl": "4",
        "bci_types": ["invasive"],
        "functions": ["speech"],
        "indications": ["aphasia"],
        "needs": ["investment"],
        "patents": "3",
        "team_visibility": "public",
        "funding_visibility": "investors",
        "traction_visibility": "matched",
        "ip_visibility": "investors",
        "deck_visibility": "matched",
        "listed": "on",
        "ask_min_wan": "500",
        "ask_max_wan": "1500.5",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _edit_url(organisation) -> str:
    return reverse("incubator:profile_edit", kwargs={"organisation_pk": organisation.pk})


def test_wan_conversion():
    assert to_yuan(None) is None
    assert to_yuan(to_wan(15_005_000)) == 15_005_000
    assert str(to_wan(20_000_000)) == "2000"
    assert str(to_wan(15_005_000)) == "1500.5"


def test_owner_creates_then_edits_the_startup_profile(client, startup, startup_owner):
    client.force_login(startup_owner)
    response = client.post(_edit_url(startup), _form_data())
    assert response.status_code == 302
    profile = StartupProfile.objects.get(organisation=startup)
    assert (profile.version, profile.ask_min_cny, profile.ask_max_cny) == (1, 5_000_000, 15_005_000)
    assert profile.indications == ["aphasia"] and profile.indications_mask == 2  # masks follow the lists
    response = client.post(_edit_url(startup), _form_data(version="1", trl="6"))
    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.version, profile.trl) == (2, 6)
    page = client.get(_edit_url(startup))
    assert page.context["form"]["ask_max_wan"].value() == to_wan(15_005_000)


def test_stale_edit_is_refused_and_keeps_the_input(client, startup, startup_owner):
    client.force_login(startup_owner)
    client.post(_edit_url(startup), _form_data())
    client.post(_edit_url(startup), _form_data(version="1", trl="6"))
    response = client.post(_edit_url(startup), _form_data(version="1", trl="8"))
    assert response.status_code == 409
    assert StartupProfile.objects.get(organisation=startup).trl == 6
    assert response.context["form"]["trl"].value() == "8"
    assert "保存" in response.content.decode() or "saved this profile" in response.content.decode()


def test_double_submit_saves_once(client, startup, startup_owner):
    client.force_login(startup_owner)
    assert client.post(_edit_url(startup), _form_data()).status_code == 302
    assert client.post(_edit_url(startup), _form_data()).status_code == 302  # same form sent again
    assert StartupProfile.objects.get(organisation=startup).version == 1
    assert StartupProfile.objects.count() == 1


def test_ask_min_above_max_is_a_translated_field_error(client, startup, startup_owner):
    client.force_login(startup_owner)
    response = client.post(_edit_url(startup), _form_data(ask_min_wan="2000", ask_max_wan="100"))
    assert response.status_code == 400
    assert "ask_max_wan" in response.context["form"].errors
    assert "融资需求" in response.content.decode() or "funding ask" in response.content.decode()
    assert not StartupProfile.objects.exists()


def test_bad_values_are_errors_not_500(client, startup, startup_owner):
    client.force_login(startup_owner)
    for bad in ({"trl": "12"}, {"ask_min_wan": "abc"}, {"bci_types": ["telepathy"]}, {"version": "x"}):
        response = client.post(_edit_url(startup), _form_data(**bad))
        assert response.status_code in (200, 400), bad
        assert response.context["form"].errors, bad
    assert not StartupProfile.objects.exists()


def test_service_refuses_a_range_the_form_did_not_check(startup, startup_owner):
    with pytest.raises(services.ProfileError):
        services.save_profile(
            actor=startup_owner,
            organisation=startup,
            kind="startup",
            version=0,
            fields={"ask_min_cny": 10, "ask_max_cny": 5},
        )


def test_pitch_deck_is_cleaned_stored_privately_and_replaced(client, startup, startup_owner):
    client.force_login(startup_owner)
    deck = samples.upload("我的 deck.pdf", samples.pdf_bytes())
    assert client.post(_edit_url(startup), {**_form_data(), "pitch_deck": deck}).status_code == 302
    profile = StartupProfile.objects.get(organisation=startup)
    first = profile.pitch_deck.name
    assert first.startswith("incubator/decks/") and first.endswith(".pdf")
    storage = profile.pitch_deck.storage
    assert storage.exists(first)
    bad = samples.upload("evil.pdf", samples.pdf_bytes(javascript=True))
    response = client.post(_edit_url(startup), {**_form_data(version="1"), "pitch_deck": bad})
    assert response.status_code == 400 and "pitch_deck" in response.context["form"].errors
    response = client.post(_edit_url(startup), {**_form_data(version="1"), "remove_deck": "on"})
    assert response.status_code == 302
    profile.refresh_from_db()
    assert not profile.pitch_deck


def test_the_remove_deck_box_shows_only_when_a_deck_is_on_file(client, startup, startup_owner):
    client.force_login(startup_owner)
    for language, label in (("zh-hans", "删除商业计划书"), ("en", "Remove the pitch deck")):
        with translation.override(language):
            page = client.get(_edit_url(startup)).content.decode()  # no profile yet
        assert 'name="remove_deck"' not in page and label not in page
    assert client.post(_edit_url(startup), _form_data()).status_code == 302  # a profile, no deck
    assert 'name="remove_deck"' not in client.get(_edit_url(startup)).content.decode()
    deck = samples.upload("deck.pdf", samples.pdf_bytes())
    assert client.post(_edit_url(startup), {**_form_data(version="1"), "pitch_deck": deck}).status_code == 302
    for language, label in (("zh-hans", "删除商业计划书"), ("en", "Remove the pitch deck")):
        with translation.override(language):
            page = client.get(_edit_url(startup)).content.decode()
        assert 'name="remove_deck"' in page and label in page


def test_investor_and_platform_profiles(client):
    investor = factories.OrganisationFactory(kind="investor")
    platform = factories.OrganisationFactory(kind="service_platform")
    owner = factories.MembershipFactory(organisation=investor, role="editor").user
    factories.MembershipFactory(organisation=platform, role="editor", user=owner)
    client.force_login(owner)
    response = client.post(
        _edit_url(investor),
        {"version": "0", "thesis_zh": "早期", "stages": ["idea"], "regions": ["shanghai"], "ticket_min_wan": "100"},
    )
    assert response.status_code == 302
    assert InvestorProfile.objects.get(organisation=investor).ticket_min_cny == 1_000_000
    response = client.post(_edit_url(investor), {"version": "1", "ticket_min_wan": "900", "ticket_max_wan": "100"})
    assert response.status_code == 400
    response = client.post(
        _edit_url(platform), {"version": "0", "services": ["glp_animal"], "accepts_applications": "on"}
    )
    assert response.status_code == 302
    assert PlatformProfile.objects.get(organisation=platform).services == ["glp_animal"]


def test_only_members_of_a_profile_kind_edit(client, startup, startup_owner):
    enterprise = factories.OrganisationFactory(kind="enterprise")
    factories.MembershipFactory(organisation=enterprise, role="owner", user=startup_owner)
    client.force_login(startup_owner)
    assert client.get(_edit_url(enterprise)).status_code == 403  # no profile for this kind
    other = factories.OrganisationFactory(kind="startup")
    assert client.get(_edit_url(other)).status_code == 404  # not theirs: not even confirmed
    stranger = factories.UserFactory()
    with pytest.raises(PermissionDenied):
        services.save_profile(actor=stranger, organisation=startup, kind="startup", version=0, fields={})
    with pytest.raises(PermissionDenied):
        services.save_profile(actor=startup_owner, organisation=startup, kind="investor", version=0, fields={})


def test_saving_invalidates_the_public_pages(client, startup, startup_owner):
    services.save_profile(
        actor=startup_owner, organisation=startup, kind="startup", version=0, fields={"summary_zh": "第一版"}
    )
    url = reverse("incubator:startup_detail", kwargs={"slug": startup.slug})
    assert "第一版" in client.get(url).content.decode()
    assert "第一版" in client.get(url).content.decode()  # served from the cache
    services.save_profile(
        actor=startup_owner, organisation=startup, kind="startup", version=1, fields={"summary_zh": "第二版"}
    )
    assert "第二版" in client.get(url).content.decode()


def test_saved_searches(client):
    investor = factories.OrganisationFactory(kind="investor")
    user = factories.MembershipFactory(organisation=investor, role="owner").user
    client.force_login(user)
    data = {"name": "康复", "query": "field=rehabilitation&stage=prototype", "digest": "on"}
    assert client.post(reverse("incubator:saved_search_create"), data).status_code == 302
    assert client.post(reverse("incubator:saved_search_create"), data).status_code == 302  # sent twice
    saved = SavedSearch.objects.get()
    assert (saved.user, saved.query) == (user, "field=rehabilitation&stage=prototype")
    assert "康复" in client.get(reverse("incubator:saved_searches")).content.decode()
    stranger = factories.MembershipFactory(
        organisation=factories.OrganisationFactory(kind="investor"), role="owner"
    ).user
    client.force_login(stranger)
    assert client.post(reverse("incubator:saved_search_delete", kwargs={"pk": saved.pk})).status_code == 404
    client.force_login(user)
    assert client.post(reverse("incubator:saved_search_delete", kwargs={"pk": saved.pk})).status_code == 302
    assert not SavedSearch.objects.exists()
    startup_member = factories.MembershipFactory(organisation=factories.OrganisationFactory(kind="startup")).user
    client.force_login(startup_member)
    assert client.post(reverse("incubator:saved_search_create"), data).status_code == 403


def test_a_search_saved_without_its_e_mail_does_not_say_it_will_be_e_mailed(client):
    # The box "E-mail me new matches" left unticked, the message still promised the e-mails.
    investor = factories.OrganisationFactory(kind="investor")
    client.force_login(factories.MembershipFactory(organisation=investor, role="owner").user)
    url = reverse("incubator:saved_search_create")
    for data, digest in (
        ({"name": "康复", "query": "field=rehabilitation"}, False),
        ({"name": "言语", "digest": "on"}, True),
    ):
        with translation.override("zh-hans"):
            response = client.post(url, data, follow=True)
            promise = translation.gettext("The search is saved. New matching startups will be e-mailed to you.")
        said = [str(m) for m in response.context["messages"]]
        assert SavedSearch.objects.get(name=data["name"]).digest is digest
        assert len(said) == 1 and said[0].startswith("搜索已保存。"), said
        assert (said[0] == promise) is digest, said


def test_dashboard_links_to_the_profile_editor(client, startup, startup_owner):
    enterprise = factories.OrganisationFactory(kind="enterprise")
    factories.MembershipFactory(organisation=enterprise, role="owner", user=startup_owner)
    client.force_login(startup_owner)
    html = client.get(reverse("portal:dashboard")).content.decode()
    assert _edit_url(startup) in html
    assert _edit_url(enterprise) not in html


def test_a_search_that_cannot_be_saved_says_why_and_keeps_the_filters(client):
    """Filters longer than a saved search holds were refused as a missing name, and the directory
    came back without them."""
    investor = factories.OrganisationFactory(kind="investor")
    client.force_login(factories.MembershipFactory(organisation=investor, role="owner").user)
    url = reverse("incubator:saved_search_create")
    filters = "&".join(f"indication=paralysis{n}" for n in range(60))

    response = client.post(url, {"name": "很多条件", "query": filters})

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('incubator:startup_list')}?{filters}"
    with translation.override("zh-hans"):
        too_long = str(SavedSearchForm.base_fields["query"].error_messages["max_length"])
    assert [str(m) for m in get_messages(response.wsgi_request)] == [too_long]
    assert not SavedSearch.objects.exists()

    response = client.post(url, {"name": " ", "query": "?stage=seed"})
    assert response["Location"] == f"{reverse('incubator:startup_list')}?stage=seed"
    assert not SavedSearch.objects.exists()


def test_the_profile_sent_after_the_session_ended_comes_back_after_signing_in(client, startup, startup_owner):
    """``portal.keep_input``: what was typed is in the form again, not saved, the pitch deck to choose again."""
    with translation.override("en"):
        url = _edit_url(startup)
    client.force_login(startup_owner)
    session_ends(client, url)
    deck = samples.upload("deck.pdf", samples.pdf_bytes(), "application/pdf")
    post_signed_out(client, url, {**_form_data(trl="7"), "pitch_deck": deck})
    client.force_login(startup_owner)
    page = client.get(url)
    assert page.status_code == 200 and page.context["form"]["trl"].value() == "7"
    assert "choose them again before saving" in page.text
    assert not StartupProfile.objects.filter(organisation=startup).exists()


def test_the_saved_search_name_is_not_read_as_a_search_by_name(client):
    """Under "搜索初创企业" (search the startups), the saved search's name was labelled "搜索名称", which
    reads as "search names": investors typed a startup's name in it and saved a search instead."""
    investor = factories.OrganisationFactory(kind="investor", verification_status="verified")
    client.force_login(factories.MembershipFactory(organisation=investor, role="owner").user)
    with translation.override("zh-hans"):
        page = client.get(reverse("incubator:startup_list")).content.decode()
    assert 'for="id_name">为这次搜索命名</label>' in page and "搜索名称" not in page
