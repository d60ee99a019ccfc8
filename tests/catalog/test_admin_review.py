"""Staff review of product edits in the admin: the decision is pinned to the version shown, and the
inspect page says what an edit changes in the published version."""

import dataclasses
import re

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import ModelLogEntry

from catalog import services, versions
from catalog.models import Product
from catalog.vocabulary import ModerationStatus
from portal.organisations.verification import VERIFICATION
from tests.catalog.factories import ProductFactory, PublishedProductFactory
from tests.catalog.test_media_services import kept, new_image
from tests.matrix import EDITOR_A, MEMBER, PROJECT_MANAGER, STAFF, world  # noqa: F401

pytestmark = pytest.mark.django_db

CHANGED = "This product was changed after you opened it. Review the new version."


@pytest.fixture
def live(world):  # noqa: F811
    return PublishedProductFactory(organisation=world.org_a, name_zh="公开名称", wireless=True)


@pytest.fixture
def staff_client(client, world):  # noqa: F811
    staff = world.user(STAFF)
    staff.preferred_language = "en"
    staff.save(update_fields=["preferred_language"])
    client.force_login(staff)
    return client


def _edit_and_submit(world, product, **fields):  # noqa: F811
    editor = world.user(EDITOR_A)
    services.update_product(actor=editor, product=product, **fields)
    return services.submit_for_review(actor=editor, product=product)


def _shown_revision(response, decision: str) -> int:
    """The revision the inspect page's decision link names."""
    match = re.search(rf'/review/\d+/{decision}/\?revision=(\d+)"', response.text)
    assert match, f"no {decision} link naming a revision"
    return int(match.group(1))


def _review(client, product, decision, **data):
    return client.post(reverse("products:review", args=[product.pk, decision]), data)


def _approvals(product) -> int:
    return ModelLogEntry.objects.filter(object_id=str(product.pk), action="catalog.product.approved").count()


# --- the decision is pinned to the version shown ------------------------------------------


def test_approve_publishes_the_version_shown(staff_client, world, live):  # noqa: F811
    _edit_and_submit(world, live, name_zh="审核中的名称")
    inspect = staff_client.get(reverse("products:inspect", args=[live.pk]))
    shown = _shown_revision(inspect, "approve")
    assert shown == Product.objects.get(pk=live.pk).latest_revision_id

    response = _review(staff_client, live, "approve", revision=shown)
    assert response.status_code == 302 and response["Location"] == reverse("products:inspect", args=[live.pk])
    assert Product.objects.public().get(pk=live.pk).name_zh == "审核中的名称"
    # What happened and who is told, in the staff member's language (it said "Done: <name>.").
    said = [str(message) for message in staff_client.get(response["Location"]).context["messages"]]
    with translation.override("en"):
        name = str(Product.objects.get(pk=live.pk))
    assert said == [f"{name} is approved and published in the catalogue; the enterprise's members are being notified."]


def test_the_message_after_a_rejection_is_in_chinese_for_chinese_staff(staff_client, world, live):  # noqa: F811
    staff = world.user(STAFF)
    staff.preferred_language = "zh-hans"
    staff.save(update_fields=["preferred_language"])
    _edit_and_submit(world, live, name_zh="审核中的名称")
    shown = _shown_revision(staff_client.get(reverse("products:inspect", args=[live.pk])), "reject")
    response = _review(staff_client, live, "reject", reason="请补充说明", revision=shown)
    page = staff_client.get(response["Location"])
    assert "已退回并附上您的理由，正在通知企业成员。" in page.text and "已完成" not in page.text


def test_rejecting_the_product_of_an_organisation_without_members_says_nobody_is_told(staff_client, world, live):  # noqa: F811
    """It said "the enterprise's members are being notified" when the enterprise had no member left."""
    _edit_and_submit(world, live, name_zh="审核中的名称")
    world.org_a.memberships.all().delete()
    shown = _shown_revision(staff_client.get(reverse("products:inspect", args=[live.pk])), "reject")
    response = _review(staff_client, live, "reject", reason="请补充说明", revision=shown)
    said = [str(message) for message in staff_client.get(response["Location"]).context["messages"]]
    with translation.override("en"):
        name = str(Product.objects.get(pk=live.pk))
    assert said == [f"{name} is sent back with your reason. The enterprise has no member to notify: nobody is told."]


def test_the_kit_says_nobody_is_notified_when_a_decision_reaches_nobody(world):  # noqa: F811
    """Every reviewed kind whose notice names its recipients: an organisation without owners is verified."""
    world.org_a.memberships.all().delete()
    with translation.override("en"):
        said, name = VERIFICATION.done_message(world.org_a, "verified"), str(world.org_a)
    assert said == f"Done: {name}. Nobody is notified by e-mail: there is no member with an e-mail address to tell."


def test_an_edit_saved_and_resubmitted_after_opening_is_not_published(staff_client, world, live):  # noqa: F811
    _edit_and_submit(world, live, name_zh="审核员看到的名称")
    shown = _shown_revision(staff_client.get(reverse("products:inspect", args=[live.pk])), "approve")
    # The member saves again and resubmits while the reviewer reads: the status is "submitted" again.
    _edit_and_submit(world, live, name_zh="审核员没看到的名称")

    for decision, data in [("approve", {}), ("reject", {"reason": "请补充说明"})]:
        response = _review(staff_client, live, decision, revision=shown, **data)
        assert response.status_code == 200
        with translation.override("en"):
            assert CHANGED in response.context["form"].non_field_errors()
        assert CHANGED in response.text
        assert reverse("products:inspect", args=[live.pk]) in response.text  # the way to the new version

    product = Product.objects.get(pk=live.pk)
    assert product.name_zh == "公开名称" and Product.objects.public().get(pk=live.pk).name_zh == "公开名称"
    assert product.moderation_status == ModerationStatus.SUBMITTED and product.moderation_note == ""
    assert product.get_latest_revision_as_object().name_zh == "审核员没看到的名称"
    assert _approvals(live) == 0


def test_an_edit_saved_after_opening_without_resubmitting_is_refused(staff_client, world, live):  # noqa: F811
    _edit_and_submit(world, live, name_zh="审核员看到的名称")
    shown = _shown_revision(staff_client.get(reverse("products:inspect", args=[live.pk])), "approve")
    services.update_product(actor=world.user(EDITOR_A), product=live, name_zh="草稿")

    response = _review(staff_client, live, "approve", revision=shown)
    assert response.status_code == 200 and CHANGED in response.text
    assert Product.objects.get(pk=live.pk).name_zh == "公开名称"


def test_the_service_refuses_a_stale_revision_and_old_callers_still_approve(world, live):  # noqa: F811
    staff = world.user(STAFF)
    _edit_and_submit(world, live, name_zh="第一版")
    first = Product.objects.get(pk=live.pk).latest_revision_id
    _edit_and_submit(world, live, name_zh="第二版")
    with pytest.raises(services.ProductChanged):
        services.approve(staff=staff, product=live, revision_id=first)
    with pytest.raises(services.ProductChanged):
        services.reject(staff=staff, product=live, reason="不行", revision_id=first)
    assert services.approve(staff=staff, product=live).name_zh == "第二版"  # no revision named: the latest


def test_a_form_without_the_revision_is_refused(staff_client, world, live):  # noqa: F811
    _edit_and_submit(world, live, name_zh="审核中的名称")
    response = _review(staff_client, live, "approve")
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert Product.objects.public().get(pk=live.pk).name_zh == "公开名称"


def test_the_confirmation_page_names_the_revision_and_warns_when_it_is_stale(staff_client, world, live):  # noqa: F811
    _edit_and_submit(world, live, name_zh="第一版")
    first = Product.objects.get(pk=live.pk).latest_revision_id
    url = reverse("products:review", args=[live.pk, "approve"])
    page = staff_client.get(f"{url}?revision={first}")
    assert page.status_code == 200
    assert f'name="revision" value="{first}"' in page.text and "第一版" in page.text and CHANGED not in page.text

    _edit_and_submit(world, live, name_zh="第二版")
    stale = staff_client.get(f"{url}?revision={first}")
    assert f'name="revision" value="{first}"' in stale.text and CHANGED in stale.text
    assert "第二版" not in stale.text  # what it would approve now is not shown as if reviewed
    assert 'type="submit"' in page.text and 'type="submit"' not in stale.text  # only the way back to inspect
    for junk in ("²", "abc", "9" * 40):
        assert staff_client.get(url, {"revision": junk}).status_code == 200


def test_the_confirmation_page_says_the_organisations_status_in_brackets_of_its_language(staff_client, world, live):  # noqa: F811
    # The Chinese page said "澜思神经科技（上海）有限公司 (已认证)": half-width brackets around Chinese.
    _edit_and_submit(world, live, name_zh="第一版")
    url = reverse("products:review", args=[live.pk, "approve"])
    staff = world.user(STAFF)
    # The organisation is named in the page's language, as its inspect page names it.
    for language, name, status in (
        ("zh-hans", world.org_a.name_zh, "（已认证）"),
        ("en", world.org_a.name_en, " (Verified)"),
    ):
        staff.preferred_language = language
        staff.save(update_fields=["preferred_language"])
        page = staff_client.get(url, {"revision": Product.objects.get(pk=live.pk).latest_revision_id})
        assert f"<dd>{name}{status}</dd>" in page.text


def test_approving_twice_is_one_approval(staff_client, world, live, django_capture_on_commit_callbacks):  # noqa: F811
    _edit_and_submit(world, live, name_zh="审核中的名称")
    shown = Product.objects.get(pk=live.pk).latest_revision_id
    with django_capture_on_commit_callbacks() as first_callbacks:
        first = _review(staff_client, live, "approve", revision=shown)
    with django_capture_on_commit_callbacks() as second_callbacks:
        second = _review(staff_client, live, "approve", revision=shown)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == reverse("products:inspect", args=[live.pk])
    assert _approvals(live) == 1
    assert len(first_callbacks) > 0 and second_callbacks == []  # no second e-mail, no second invalidation
    page = staff_client.get(second["Location"])
    assert len(list(page.context["messages"])) == 2  # "done", twice: never an error page


def test_rejecting_twice_is_one_rejection(staff_client, world, live):  # noqa: F811
    _edit_and_submit(world, live, name_zh="审核中的名称")
    shown = Product.objects.get(pk=live.pk).latest_revision_id
    for _ in range(2):
        response = _review(staff_client, live, "reject", revision=shown, reason="请补充注册证")
        assert response.status_code == 302
    product = Product.objects.get(pk=live.pk)
    assert product.moderation_status == ModerationStatus.REJECTED and product.moderation_note == "请补充注册证"
    rejections = ModelLogEntry.objects.filter(object_id=str(live.pk), action="catalog.product.rejected")
    assert rejections.count() == 1


# --- what an edit changes ------------------------------------------------------------------


def test_inspect_lists_what_the_edit_changes_in_the_published_version(staff_client, world, live):  # noqa: F811
    _edit_and_submit(
        world,
        live,
        name_zh="新名称",
        wireless=False,
        description_zh="<p>第一段</p><p>新的<strong>说明</strong></p>",
        images=[new_image(alt="新图片", alt_en="New picture")],
    )
    response = staff_client.get(reverse("products:inspect", args=[live.pk]))
    assert response.status_code == 200
    changes = {change.label: change for change in response.context["changes"]}
    assert changes["name (Chinese)"].old == "公开名称" and changes["name (Chinese)"].new == "新名称"
    assert (changes["wireless"].old, changes["wireless"].new) == ("Yes", "No")
    assert changes["description (Chinese)"].new == "第一段\n新的说明"  # the text, not the markup
    assert changes["Image added"].new == "新图片 / New picture"
    assert "name (English)" not in changes  # unchanged fields are not listed

    section = response.text.split('id="product-changes-heading"')[1].split("</section>")[0]
    assert "Changes since the published version" in response.text
    assert "公开名称" in section and "新名称" in section and "新的说明" in section and "&lt;strong" not in section
    assert "<p>新的<strong>说明</strong></p>" in response.text  # the proposed description, as the public page shows it


def test_inspect_of_a_first_submission_has_no_comparison(staff_client, world):  # noqa: F811
    draft = ProductFactory(organisation=world.org_a, name_zh="新产品")
    services.submit_for_review(actor=world.user(EDITOR_A), product=draft)
    response = staff_client.get(reverse("products:inspect", args=[draft.pk]))
    assert response.status_code == 200 and response.context["changes"] is None
    assert "product-changes-heading" not in response.text and "New product" in response.text
    # The review status shown is the product's (the revision was saved as a draft), and approve is offered.
    assert re.search(r"<dd>\s*Awaiting review\s*</dd>", response.text)
    assert _shown_revision(response, "approve") == draft.latest_revision_id


def test_inspect_of_a_published_product_without_edits_shows_no_comparison(staff_client, live):
    response = staff_client.get(reverse("products:inspect", args=[live.pk]))
    assert response.status_code == 200 and response.context["changes"] == []
    assert "product-changes-heading" not in response.text


def test_media_changes_added_removed_reordered_and_alt_text(world):  # noqa: F811
    product = ProductFactory(organisation=world.org_a)
    editor = world.user(EDITOR_A)
    services.update_product(
        actor=editor,
        product=product,
        images=[new_image(alt="甲"), new_image(colour=(0, 90, 0), alt="乙"), new_image(colour=(0, 0, 90), alt="丙")],
    )
    before = Product.objects.get(pk=product.pk).latest_revision.as_object()  # children in memory
    first, _, third = before.images.all()
    services.update_product(
        actor=editor,
        product=product,
        images=[kept(third), dataclasses.replace(kept(first), alt_en="A")],
    )
    after = Product.objects.get(pk=product.pk).latest_revision.as_object()
    with translation.override("en"):
        found = [(c.label, c.old, c.new) for c in versions.media_changes(before, after)]
    assert ("Image removed", "乙 / Front view", "—") in found
    assert ("Image alt text", "甲 / Front view", "甲 / A") in found
    assert ("Image order", "甲 → 丙", "丙 → 甲") in found
    assert not any(label == "Image added" for label, _, _ in found)


def test_the_member_conflict_message_still_lists_the_colleagues_values(world, live):  # noqa: F811
    editor = world.user(EDITOR_A)
    base = live.latest_revision_id
    services.update_product(
        actor=editor, product=live, base_revision_id=base, description_zh="<p>同事的<em>说明</em></p>"
    )
    with pytest.raises(services.ProductConflict) as info, translation.override("en"):
        services.update_product(actor=editor, product=live, base_revision_id=base, name_zh="我的名称")
    assert dict(info.value.changes) == {"description (Chinese)": "同事的说明"}


# --- who may decide ----------------------------------------------------------------------


@pytest.mark.parametrize("role", [PROJECT_MANAGER, MEMBER, EDITOR_A])
def test_only_staff_decide(client, world, live, role):  # noqa: F811
    _edit_and_submit(world, live, name_zh="审核中的名称")
    revision = Product.objects.get(pk=live.pk).latest_revision_id
    client.force_login(world.user(role))
    url = reverse("products:review", args=[live.pk, "approve"])
    for response in (client.get(url), client.post(url, {"revision": revision})):
        # Wagtail answers a refusal with a redirect to the dashboard; others are not let into the admin at all.
        assert response.status_code == 302
        if role == PROJECT_MANAGER:
            assert response["Location"] == reverse("wagtailadmin_home")
        else:
            assert "login" in response["Location"]
    assert Product.objects.public().get(pk=live.pk).name_zh == "公开名称"
    if role == PROJECT_MANAGER:
        inspect = client.get(reverse("products:inspect", args=[live.pk]))
        assert inspect.status_code == 200 and "/review/" not in inspect.text  # may look, not decide


def test_an_unknown_decision_is_refused(staff_client, live):
    refused = staff_client.get(reverse("products:review", args=[live.pk, "delete"]))
    assert refused.status_code == 302 and refused["Location"] == reverse("wagtailadmin_home")  # Wagtail's 403
    assert staff_client.get(reverse("products:review", args=[987654, "approve"])).status_code == 404


def test_a_multi_valued_field_in_another_order_is_not_a_change():
    before = Product(indications=["stroke", "sci"], functions=["control"], name_zh="甲")
    reordered = Product(indications=["sci", "stroke"], functions=["control"], name_zh="甲")
    added = Product(indications=["sci", "stroke", "als"], functions=["control"], name_zh="甲")
    assert versions.field_changes(before, reordered) == []
    assert [change.label for change in versions.field_changes(before, added)] == [
        str(Product._meta.get_field("indications").verbose_name)
    ]


def test_the_admin_product_list_says_published_as_members_read_it(staff_client, world, live):  # noqa: F811
    """Wagtail's label of ``live`` is 在用 in Chinese; the members' pages say 已发布 (published)."""
    staff = world.user(STAFF)
    staff.preferred_language = "zh-hans"
    staff.save(update_fields=["preferred_language"])
    page = staff_client.get(reverse("products:index"))
    headers = re.findall(r"<th[^>]*>(.*?)</th>", page.text, re.S)
    assert any("已发布" in header for header in headers) and not any("在用" in header for header in headers)
