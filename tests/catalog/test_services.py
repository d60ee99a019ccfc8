from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied

from catalog import services
from catalog.models import Product
from catalog.vocabulary import ModerationStatus
from portal.organisations.models import OrganisationKind, VerificationStatus
from tests.catalog.factories import ProductFactory, PublishedProductFactory
from tests.factories import MembershipFactory, OrganisationFactory, ProjectManagerFactory, UserFactory

pytestmark = pytest.mark.django_db

FIELDS = {
    "name_zh": "专注力脑电头环",
    "name_en": "Focus EEG headband",
    "summary_zh": "课堂专注度监测。",
    "bci_type": "non_invasive",
    "signal_modality": "eeg",
    "electrode_type": "dry",
    "functions": ["state_monitoring"],
    "application_fields": ["education"],
    "regulatory_class": "non_medical",
    "channels": 4,
}


def test_members_create_draft_products_for_their_enterprise(editor, organisation):
    product = services.create_product(actor=editor, organisation=organisation, **FIELDS)
    assert product.live is False
    assert product.moderation_status == ModerationStatus.DRAFT
    assert product.latest_revision is not None
    assert Product.objects.public().count() == 0


def test_non_members_cannot_create_or_edit(organisation, user):
    other = MembershipFactory(role="owner").user
    with pytest.raises(PermissionDenied):
        services.create_product(actor=user, organisation=organisation, **FIELDS)
    product = ProductFactory(organisation=organisation)
    with pytest.raises(PermissionDenied):
        services.update_product(actor=other, product=product, name_zh="篡改")
    with pytest.raises(PermissionDenied):
        services.submit_for_review(actor=other, product=product)


def test_only_enterprises_list_products():
    investor = OrganisationFactory(kind=OrganisationKind.INVESTOR)
    owner = MembershipFactory(organisation=investor, role="owner").user
    with pytest.raises(PermissionDenied):
        services.create_product(actor=owner, organisation=investor, **FIELDS)


def test_submit_approve_publishes_and_invalidates_the_catalogue(
    editor, organisation, staff, django_capture_on_commit_callbacks
):
    product = services.create_product(actor=editor, organisation=organisation, **FIELDS)
    services.submit_for_review(actor=editor, product=product)
    with mock.patch("portal.public_cache.invalidate") as invalidate, django_capture_on_commit_callbacks(execute=True):
        product = services.approve(staff=staff, product=product)
    assert product.live and product.moderation_status == ModerationStatus.APPROVED
    assert product.reviewed_by == staff
    assert list(Product.objects.public()) == [product]
    invalidate.assert_called_with("catalog")


def test_approving_keeps_the_time_of_the_submission(editor, organisation, staff):
    """Publishing restores the revision's snapshot, saved before the submission: its time was lost."""
    product = services.create_product(actor=editor, organisation=organisation, **FIELDS)
    submitted_at = services.submit_for_review(actor=editor, product=product).submitted_at
    assert submitted_at is not None
    product = services.approve(staff=staff, product=product)
    product.refresh_from_db()
    assert product.submitted_at == submitted_at and product.live


def test_unverified_organisations_cannot_publish(staff):
    pending = OrganisationFactory(verification_status=VerificationStatus.PENDING)
    owner = MembershipFactory(organisation=pending, role="owner").user
    product = services.create_product(actor=owner, organisation=pending, **FIELDS)
    services.submit_for_review(actor=owner, product=product)
    with pytest.raises(services.ProductError):
        services.approve(staff=staff, product=product)
    product.refresh_from_db()
    assert not product.live and product.moderation_status == ModerationStatus.SUBMITTED


def test_published_product_of_a_suspended_organisation_is_not_public():
    product = PublishedProductFactory()
    assert Product.objects.public().filter(pk=product.pk).exists()
    product.organisation.verification_status = VerificationStatus.SUSPENDED
    product.organisation.save()
    assert not Product.objects.public().filter(pk=product.pk).exists()


def test_edit_of_a_live_product_waits_while_the_approved_version_stays_public(staff):
    product = PublishedProductFactory(name_zh="原名称")
    editor = MembershipFactory(organisation=product.organisation).user
    services.update_product(actor=editor, product=product, name_zh="新名称")
    public = Product.objects.public().get(pk=product.pk)
    assert public.name_zh == "原名称"
    assert public.has_unpublished_changes
    assert public.get_latest_revision_as_object().name_zh == "新名称"

    services.submit_for_review(actor=editor, product=product)
    assert Product.objects.public().get(pk=product.pk).name_zh == "原名称"
    services.reject(staff=staff, product=product, reason="请补充英文名称")
    rejected = Product.objects.get(pk=product.pk)
    assert rejected.name_zh == "原名称" and rejected.live
    assert rejected.moderation_status == ModerationStatus.REJECTED

    services.submit_for_review(actor=editor, product=product)
    services.approve(staff=staff, product=product)
    approved = Product.objects.public().get(pk=product.pk)
    assert approved.name_zh == "新名称"
    assert not approved.has_unpublished_changes
    assert approved.moderation_status == ModerationStatus.APPROVED


def test_reject_needs_a_reason_and_a_submission(staff):
    product = ProductFactory()
    with pytest.raises(services.ProductError):
        services.reject(staff=staff, product=product, reason="不完整")
    product.moderation_status = ModerationStatus.SUBMITTED
    product.save()
    with pytest.raises(services.ProductError) as info:
        services.reject(staff=staff, product=product, reason="  ")
    assert info.value.field == "reason"


def test_only_staff_review(editor, organisation):
    product = ProductFactory(organisation=organisation, moderation_status=ModerationStatus.SUBMITTED)
    for actor in (editor, ProjectManagerFactory(), UserFactory()):
        with pytest.raises(PermissionDenied):
            services.approve(staff=actor, product=product)
        with pytest.raises(PermissionDenied):
            services.reject(staff=actor, product=product, reason="x")


def test_nothing_to_submit_when_the_live_version_is_the_latest():
    product = PublishedProductFactory()
    editor = MembershipFactory(organisation=product.organisation).user
    with pytest.raises(services.ProductError):
        services.submit_for_review(actor=editor, product=product)


def test_staff_unpublish(staff):
    product = PublishedProductFactory()
    services.unpublish(staff=staff, product=product)
    assert not Product.objects.public().exists()
    with pytest.raises(services.ProductError):
        services.unpublish(staff=staff, product=product)


def test_members_cannot_set_moderation_fields(editor, organisation):
    product = ProductFactory(organisation=organisation)
    with pytest.raises(ValueError):
        services.update_product(actor=editor, product=product, moderation_status="approved")


def test_editing_a_submitted_product_withdraws_it_from_review(staff):
    product = ProductFactory(moderation_status=ModerationStatus.SUBMITTED)
    editor = MembershipFactory(organisation=product.organisation).user
    services.update_product(actor=editor, product=product, summary_zh="补充了说明。")
    product.refresh_from_db()
    assert product.moderation_status == ModerationStatus.DRAFT
    # staff cannot approve a version nobody submitted
    with pytest.raises(services.ProductError):
        services.approve(staff=staff, product=product)


def test_every_edit_is_kept_in_the_revision_history():
    product = PublishedProductFactory()
    editor = MembershipFactory(organisation=product.organisation).user
    services.update_product(actor=editor, product=product, name_zh="第二版")
    services.update_product(actor=editor, product=product, name_zh="第三版")
    names = [revision.content["name_zh"] for revision in product.revisions.order_by("created_at", "pk")]
    assert names[-2:] == ["第二版", "第三版"] and len(names) == 3
