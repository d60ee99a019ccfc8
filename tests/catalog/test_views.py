import json

import pytest
from django.urls import reverse
from django.utils import translation

from catalog import services
from catalog.models import Product
from catalog.vocabulary import ModerationStatus
from portal.idempotency import issue_token
from portal.organisations.models import VerificationStatus
from tests.catalog.factories import ProductFactory, PublishedProductFactory
from tests.factories import MembershipFactory, OrganisationFactory
from tests.matrix import STAFF, world  # noqa: F401

pytestmark = pytest.mark.django_db


def _url(name, language="zh-hans", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def test_catalogue_lists_published_products_in_both_languages(client):
    PublishedProductFactory(name_zh="专注力头环", name_en="Focus band")
    ProductFactory(name_zh="草稿产品")
    zh = client.get(_url("catalog:product_list"))
    assert zh.status_code == 200
    assert "专注力头环" in zh.text and "草稿产品" not in zh.text
    en = client.get(_url("catalog:product_list", "en"))
    assert "Focus band" in en.text
    assert en["Content-Language"].startswith("en") or 'lang="en"' in en.text


def test_catalogue_is_marked_public_and_cached(client):
    response = client.get(_url("catalog:product_list"))
    # The edition facet shows editions: their publication invalidates "editions", which the list declares.
    assert response.public_cache_tags == ("catalog", "organisations", "editions", "search:product", "chrome")


def test_cached_catalogue_shows_a_product_as_soon_as_staff_approve_it(client, staff, editor, organisation):
    url = _url("catalog:product_list") + "?modality=eeg&page=1"
    assert "X-Public-Cache" not in client.get(url).headers  # a query string: stored from its second asking
    assert client.get(url).headers["X-Public-Cache"] == "miss"
    assert client.get(url).headers["X-Public-Cache"] == "hit"
    product = ProductFactory(organisation=organisation, name_zh="新批准的头环", moderation_status="submitted")
    services.approve(staff=staff, product=product)
    response = client.get(url)
    assert response.headers["X-Public-Cache"] == "miss" and "新批准的头环" in response.text


def test_unpublishing_drops_the_product_from_every_cached_public_page(client, staff):
    product = PublishedProductFactory(name_zh="将下架的头环")
    other = PublishedProductFactory(organisation=product.organisation)
    pages = [
        _url("catalog:product_list"),
        _url("catalog:compare") + f"?p={product.pk}&p={other.pk}",
        _url("catalog:enterprise_detail", slug=product.organisation.slug),
    ]
    for url in pages:
        client.get(url)
        client.get(url)  # a query string is stored from its second asking
        assert client.get(url).headers["X-Public-Cache"] == "hit", url
    detail = _url("catalog:product_detail", pk=product.pk)
    client.get(detail)
    services.unpublish(staff=staff, product=product)
    assert client.get(detail).status_code == 404
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200 and "将下架的头环" not in response.text, url


def test_facets_filter_and_count(client):
    PublishedProductFactory(signal_modality="eeg")
    PublishedProductFactory(signal_modality="eeg")
    PublishedProductFactory(signal_modality="fnirs")
    response = client.get(_url("catalog:product_list") + "?modality=fnirs")
    assert response.context["page_obj"].paginator.count == 1
    modality = next(row for row in response.context["facets"] if row["facet"].param == "modality")
    counts = {option["value"]: option["count"] for option in modality["options"]}
    assert counts["eeg"] == 2 and counts["fnirs"] == 1
    assert modality["selected"] == ["fnirs"]
    # an unknown value is ignored rather than an error
    assert client.get(_url("catalog:product_list") + "?modality=telepathy").context["page_obj"].paginator.count == 3


def test_enterprise_facet_lists_enterprises_with_products(client):
    alpha = PublishedProductFactory(organisation=OrganisationFactory(slug="alpha-neuro", name_en="Alpha")).organisation
    PublishedProductFactory(organisation=alpha)
    PublishedProductFactory(organisation=OrganisationFactory(slug="beta-neuro"))
    response = client.get(_url("catalog:product_list", "en") + "?enterprise=alpha-neuro")
    assert response.context["page_obj"].paginator.count == 2
    enterprise = next(row for row in response.context["facets"] if row["facet"].param == "enterprise")
    assert {(o["value"], o["count"]) for o in enterprise["options"]} == {("alpha-neuro", 2), ("beta-neuro", 1)}
    assert any(o["label"] == "Alpha" for o in enterprise["options"])
    assert client.get(_url("catalog:product_list") + "?enterprise=no-such").context["page_obj"].paginator.count == 0
    assert client.get(_url("catalog:product_list") + "?enterprise=<script>").context["page_obj"].paginator.count == 3


def test_catalogue_paginates(client):
    for _ in range(21):
        PublishedProductFactory()
    first = client.get(_url("catalog:product_list"))
    assert len(first.context["products"]) == 20
    second = client.get(_url("catalog:product_list") + "?page=2")
    assert len(second.context["products"]) == 1


def test_detail_shows_specs_and_query_count(client, django_assert_max_num_queries):
    product = PublishedProductFactory(channels=32, sampling_rate_hz=1000, weight_g=180)
    client.get(_url("catalog:product_list"))  # warm the remembered page chrome
    # the site, the product with its organisation, its edition badges, the cases that name it (cases_tags)
    with django_assert_max_num_queries(4):
        response = client.get(_url("catalog:product_detail", pk=product.pk))
    assert response.status_code == 200
    assert "1000 Hz" in response.text and "180 克" in response.text
    english = client.get(_url("catalog:product_detail", "en", pk=product.pk))
    assert "180 g" in english.text and "Dry electrodes" in english.text
    assert product.organisation.name_zh in response.text


def test_catalogue_and_product_page_render_cold_within_12_queries(client, django_assert_max_num_queries):
    """Every cache emptied (the first visitor after a publish): the cold budget of issue #16."""
    from django.core.cache import caches

    products = [PublishedProductFactory() for _ in range(5)]
    for path in (_url("catalog:product_list"), _url("catalog:product_detail", pk=products[0].pk)):
        client.get(path, HTTP_COOKIE="sessionid=x")  # code paths warm, not the caches
        for cache in caches.all():
            cache.clear()
        with django_assert_max_num_queries(12, info=path):
            assert client.get(path).status_code == 200


def test_drafts_pending_edits_and_unverified_organisations_are_404_publicly(client):
    draft = ProductFactory()
    assert client.get(_url("catalog:product_detail", pk=draft.pk)).status_code == 404
    pending_org = PublishedProductFactory(
        organisation=OrganisationFactory(verification_status=VerificationStatus.PENDING)
    )
    assert client.get(_url("catalog:product_detail", pk=pending_org.pk)).status_code == 404
    live = PublishedProductFactory(name_zh="已批准版本")
    editor = MembershipFactory(organisation=live.organisation).user
    client.force_login(editor)
    response = client.post(
        _url("catalog:product_edit", pk=live.pk),
        {**_form_data(live), "name_zh": "待审核版本"},
    )
    assert response.status_code == 302  # the edit was saved (as a pending revision): the check below can fail
    live.refresh_from_db()
    client.post(_url("catalog:product_edit", pk=live.pk), _edit_and_submit(live))
    live.refresh_from_db()
    assert live.has_unpublished_changes and live.get_latest_revision_as_object().name_zh == "待审核版本"
    client.logout()
    response = client.get(_url("catalog:product_detail", pk=live.pk))
    assert "已批准版本" in response.text and "待审核版本" not in response.text
    # Nor anywhere else the public reads products: list, compare, enterprise page, API.
    for url in (
        _url("catalog:product_list"),
        _url("catalog:compare") + f"?p={live.pk}",
        _url("catalog:enterprise_detail", slug=live.organisation.slug),
        "/api/v1/products/",
        f"/api/v1/products/{live.pk}/",
    ):
        response = client.get(url)
        text = json.dumps(response.json(), ensure_ascii=False) if url.startswith("/api/") else response.text
        assert response.status_code == 200 and "已批准版本" in text and "待审核版本" not in text, url


def _form_data(product, **overrides):
    """The product form as a browser sends it; a create page's one-time token included (edits ignore it)."""
    data = {
        "creation_token": issue_token("catalog.product"),
        "name_zh": product.name_zh,
        "name_en": product.name_en,
        "model_number": product.model_number,
        "summary_zh": product.summary_zh,
        "summary_en": product.summary_en,
        "description_zh": "",
        "description_en": "",
        "bci_type": product.bci_type,
        "signal_modality": product.signal_modality,
        "electrode_type": product.electrode_type,
        "functions": product.functions,
        "application_fields": product.application_fields,
        "regulatory_class": product.regulatory_class,
        "registration_number": product.registration_number,
        "channels": product.channels or "",
        "sampling_rate_hz": product.sampling_rate_hz or "",
        "battery_hours": "",
        "weight_g": "",
        "website": "",
        "release_date": "",
    }
    if product.wireless:
        data["wireless"] = "on"
    data.update(overrides)
    return data


def _edit_and_submit(product, **changes):
    """The edit form of ``product``'s latest version sent with its "Submit for review" button."""
    latest = product.get_latest_revision_as_object()
    return {**_form_data(latest), "base_revision": product.latest_revision_id, "submit_for_review": "1", **changes}


def test_submit_for_review_saves_what_was_typed_since_the_last_save_first(client, editor, organisation):
    """ "Submit for review" was a form of its own above the product form: what the member had typed
    since the last save was left behind, and the saved version went to the alliance without it. It
    is a button of the product form (the top one through its form attribute, and one beside Save)."""
    product = ProductFactory(organisation=organisation, name_zh="旧名称")
    client.force_login(editor)
    url = _url("catalog:product_edit", pk=product.pk)
    page = client.get(url).content.decode()
    assert page.count('name="submit_for_review"') == 2 and 'form="product-form"' in page
    english = _url("catalog:product_edit", "en", pk=product.pk)
    response = client.post(english, _edit_and_submit(product, name_zh="刚改的名称"), follow=True)
    assert [str(m) for m in response.context["messages"]] == ["The product is submitted. The alliance will review it."]
    product.refresh_from_db()
    assert product.moderation_status == ModerationStatus.SUBMITTED and product.name_zh == "刚改的名称"
    assert 'name="submit_for_review"' not in client.get(url).content.decode()  # submitted: nothing more to submit


def test_submit_for_review_with_nothing_to_review_is_refused_and_a_change_goes_in(client, editor, organisation):
    """A published product whose form changes nothing has nothing to review: the form comes back (400)
    with why; the same button with a change saves it and submits it."""
    live = PublishedProductFactory(organisation=organisation)
    client.force_login(editor)
    url = _url("catalog:product_edit", "en", pk=live.pk)
    refused = client.post(url, _edit_and_submit(live))
    assert refused.status_code == 400 and "There are no changes to review" in refused.content.decode()
    assert client.post(url, _edit_and_submit(live, summary_en="Typed just now.")).status_code == 302
    live.refresh_from_db()
    assert live.moderation_status == ModerationStatus.SUBMITTED
    assert live.get_latest_revision_as_object().summary_en == "Typed just now."


def test_saving_a_product_under_review_says_it_left_the_review(client, editor, organisation):
    """Saving a change to a submitted product takes it out of review (``services.update_product``), but
    the member was only told "The product is saved.", with a lone "Save" button under a "Submitted"
    badge: they believed the alliance was still reviewing it. The page says what saving does, and the
    message after it that the product must be submitted again."""
    product = ProductFactory(organisation=organisation)
    services.submit_for_review(actor=editor, product=product)
    client.force_login(editor)
    url = _url("catalog:product_edit", "en", pk=product.pk)
    assert "Saving a change takes the product out of review" in client.get(url).content.decode()
    data = {**_form_data(product, summary_zh="改了一个错字。"), "base_revision": product.latest_revision_id}
    response = client.post(url, data, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Your changes are saved. The product is no longer awaiting review: submit it again when it is ready."
    ]
    product.refresh_from_db()
    assert product.moderation_status == ModerationStatus.DRAFT
    assert "Saving a change takes the product out of review" not in response.content.decode()


def test_member_creates_edits_and_submits_a_product(client, editor, organisation):
    client.force_login(editor)
    page = client.get(_url("catalog:product_create", organisation_pk=organisation.pk))
    assert page.status_code == 200
    template = ProductFactory.build(organisation=organisation)
    response = client.post(_url("catalog:product_create", organisation_pk=organisation.pk), _form_data(template))
    product = Product.objects.get(organisation=organisation)
    assert response.status_code == 302 and response["Location"] == _url("catalog:product_edit", pk=product.pk)
    assert client.get(_url("catalog:my_products")).context["products"] == [product]

    response = client.post(_url("catalog:product_edit", pk=product.pk), _edit_and_submit(product))
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.moderation_status == ModerationStatus.SUBMITTED


def test_form_shows_registration_number_errors(client, editor, organisation):
    client.force_login(editor)
    template = ProductFactory.build(organisation=organisation)
    response = client.post(
        _url("catalog:product_create", organisation_pk=organisation.pk),
        _form_data(template, regulatory_class="class_ii", registration_number="沪械注准2024209"),
    )
    assert response.status_code == 400
    assert "registration_number" in response.context["form"].errors
    assert not Product.objects.exists()


def test_dashboard_links_enterprise_members_to_their_products(client, editor):
    client.force_login(editor)
    response = client.get(_url("portal:dashboard"))
    assert _url("catalog:my_products") in response.text


def test_staff_approve_in_the_admin(client, world):  # noqa: F811
    product = ProductFactory(organisation=world.org_a, moderation_status=ModerationStatus.SUBMITTED)
    client.force_login(world.user(STAFF))
    assert client.get(reverse("products:inspect", args=[product.pk])).status_code == 200
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    response = client.post(
        reverse("products:review", args=[product.pk, "approve"]), {"revision": product.latest_revision_id}
    )
    assert response.status_code == 302
    assert Product.objects.public().filter(pk=product.pk).exists()


def test_staff_reject_needs_a_reason_in_the_admin(client, world):  # noqa: F811
    product = ProductFactory(organisation=world.org_a, moderation_status=ModerationStatus.SUBMITTED)
    client.force_login(world.user(STAFF))
    revision = product.latest_revision_id  # the form names the version the reviewer saw
    response = client.post(
        reverse("products:review", args=[product.pk, "reject"]), {"reason": "", "revision": revision}
    )
    assert response.status_code == 200
    response = client.post(
        reverse("products:review", args=[product.pk, "reject"]), {"reason": "请补充注册证", "revision": revision}
    )
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.moderation_status == ModerationStatus.REJECTED and product.moderation_note == "请补充注册证"


def test_admin_refuses_to_publish_for_an_unverified_organisation(client, world):  # noqa: F811
    product = ProductFactory(organisation=world.org_b, moderation_status=ModerationStatus.SUBMITTED)
    client.force_login(world.user(STAFF))
    response = client.post(
        reverse("products:review", args=[product.pk, "approve"]), {"revision": product.latest_revision_id}
    )
    assert response.status_code == 200
    assert not Product.objects.get(pk=product.pk).live


def test_staff_unpublish_in_the_admin(client, world):  # noqa: F811
    product = PublishedProductFactory(organisation=world.org_a)
    client.force_login(world.user(STAFF))
    response = client.get(reverse("products:inspect", args=[product.pk]))
    assert reverse("products:review", args=[product.pk, "unpublish"]) in response.text
    assert client.post(reverse("products:review", args=[product.pk, "unpublish"])).status_code == 302
    assert not Product.objects.public().filter(pk=product.pk).exists()


def test_admin_inspect_shows_the_submitted_version_and_the_dashboard_panel(client, world):  # noqa: F811
    product = PublishedProductFactory(organisation=world.org_a, name_zh="公开版本")
    editor = world.user("editor_a")
    services.update_product(actor=editor, product=product, name_zh="待审版本")
    services.submit_for_review(actor=editor, product=product)
    client.force_login(world.user(STAFF))
    inspect = client.get(reverse("products:inspect", args=[product.pk])).text
    assert "待审版本" in inspect and "注意力与状态监测" in inspect and "state_monitoring" not in inspect
    home = client.get(reverse("wagtailadmin_home")).text
    assert "products-awaiting-review" in home and reverse("products:inspect", args=[product.pk]) in home


def test_english_form_marks_the_chinese_its_help_and_errors_quote(client, editor, organisation):
    """A screen reader switches to Chinese for "国械注准" in a help text and "转" in an error."""
    client.force_login(editor)
    template = ProductFactory.build(organisation=organisation)
    response = client.post(
        _url("catalog:product_create", "en", organisation_pk=organisation.pk),
        _form_data(template, contact_phone="call me"),
    )
    assert response.status_code == 400 and "contact_phone" in response.context["form"].errors
    assert 'e.g. <span lang="zh-Hans">国械注准</span>20233120123.' in response.text
    assert '(an extension may follow <span lang="zh-Hans">转</span>).' in response.text
    chinese = client.get(_url("catalog:product_create", organisation_pk=organisation.pk)).text
    assert "国械注准20233120123" in chinese and '<span lang="zh-Hans">国械注准' not in chinese  # the page's language


def test_a_product_sent_back_links_its_missing_fields_from_the_top(client, editor, organisation):
    # The product form is a long page (4,800 px on a phone): the box at its top names each field
    # to correct and leads to it, what was typed staying in place.
    client.force_login(editor)
    template = ProductFactory.build(organisation=organisation)
    data = _form_data(template, summary_zh="", signal_modality="")
    response = client.post(_url("catalog:product_create", "en", organisation_pk=organisation.pk), data)
    assert response.status_code == 400 and not Product.objects.exists()
    box = response.text.split('class="form-errors"', 1)[1].split("</div>", 1)[0]
    assert '<a href="#id_summary_zh">Summary (Chinese): This field is required.</a>' in box
    assert '<a href="#id_signal_modality">Signal modality: This field is required.</a>' in box
    assert f'value="{template.name_zh}"' in response.text
