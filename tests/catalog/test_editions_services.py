"""Edition services: applying, withdrawing, staff decisions, publication and its frozen snapshot."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from catalog import services as product_services
from catalog.editions import services
from catalog.editions.models import ApplicationStatus, EditionApplication, EditionEntry, EditionStatus
from portal import public_cache
from tests import factories
from tests.catalog.edition_factories import ApplicationFactory, EditionFactory
from tests.catalog.factories import ProductFactory, PublishedProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(organisation):
    return PublishedProductFactory(organisation=organisation, name_zh="脑电专注头环", name_en="Focus EEG band")


def _apply(actor, edition, product, **kwargs):
    data = {"statement": "已在十所学校使用。", "proposed_category": "education", **kwargs}
    return services.apply(actor=actor, edition=edition, product=product, **data)


def test_editor_applies_a_published_product_to_an_open_call(editor, product):
    edition = EditionFactory()
    application = _apply(editor, edition, product)
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.organisation == product.organisation
    assert application.applicant == editor


def test_double_submit_returns_the_same_application(owner, product):
    edition = EditionFactory()
    first = _apply(owner, edition, product)
    second = _apply(owner, edition, product)
    assert first.pk == second.pk
    assert EditionApplication.objects.count() == 1


def test_a_different_application_while_one_stands_is_refused_and_changes_nothing(owner, product):
    edition = EditionFactory()
    first = _apply(owner, edition, product)
    with pytest.raises(services.EditionError, match="已申报"):
        _apply(owner, edition, product, statement="又提交了一次")
    first.refresh_from_db()
    assert EditionApplication.objects.count() == 1 and first.statement != "又提交了一次"


def test_a_product_applies_once_per_edition_in_the_database(owner, product):
    from django.db import IntegrityError, transaction

    edition = EditionFactory()
    _apply(owner, edition, product)
    with pytest.raises(IntegrityError), transaction.atomic():
        EditionApplication.objects.create(
            edition=edition,
            product=product,
            organisation=product.organisation,
            statement="x",
            proposed_category="sports",
        )


def test_other_organisations_members_cannot_apply(product):
    stranger = factories.MembershipFactory(role="owner").user
    with pytest.raises(PermissionDenied):
        _apply(stranger, EditionFactory(), product)


def test_expired_deadline_is_a_clear_translated_error(owner, product):
    edition = EditionFactory(
        call_closes_at=timezone.now() - timedelta(minutes=1), call_opens_at=timezone.now() - timedelta(days=3)
    )
    with translation.override("en"), pytest.raises(services.EditionError, match="closed"):
        _apply(owner, edition, product)
    with translation.override("zh-hans"), pytest.raises(services.EditionError):
        _apply(owner, edition, product)
    assert not EditionApplication.objects.exists()


def test_call_not_yet_open_or_closed_by_staff_refuses(owner, product):
    with pytest.raises(services.EditionError):
        _apply(owner, EditionFactory(status=EditionStatus.DRAFT), product)
    with pytest.raises(services.EditionError):
        _apply(owner, EditionFactory(status=EditionStatus.REVIEW), product)


def test_only_published_products_of_verified_organisations_apply(owner, organisation):
    draft = ProductFactory(organisation=organisation)
    with pytest.raises(services.EditionError):
        _apply(owner, EditionFactory(), draft)
    pending = factories.OrganisationFactory(verification_status="pending")
    pending_owner = factories.MembershipFactory(organisation=pending, role="owner").user
    live_unverified = PublishedProductFactory(organisation=pending)
    with pytest.raises(services.EditionError):
        _apply(pending_owner, EditionFactory(), live_unverified)


def test_statement_and_category_are_required(owner, product):
    edition = EditionFactory()
    with pytest.raises(services.EditionError) as exc:
        _apply(owner, edition, product, statement="  ")
    assert exc.value.field == "statement"
    with pytest.raises(services.EditionError) as exc:
        _apply(owner, edition, product, proposed_category="astrology")
    assert exc.value.field == "proposed_category"


def test_withdraw_only_while_submitted_and_reapply_reuses_the_row(owner, staff, product):
    edition = EditionFactory()
    application = _apply(owner, edition, product)
    services.withdraw(actor=owner, application=application)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    with pytest.raises(services.EditionError):
        services.withdraw(actor=owner, application=application)
    again = _apply(owner, edition, product)
    assert again.pk == application.pk and again.status == ApplicationStatus.SUBMITTED
    services.accept(staff=staff, application=again, category="education", rationale_zh="好")
    with pytest.raises(services.EditionError):
        services.withdraw(actor=owner, application=again)


def test_staff_decide_and_project_managers_do_not(staff):
    application = ApplicationFactory()
    manager = factories.ProjectManagerFactory()
    with pytest.raises(PermissionDenied):
        services.accept(staff=manager, application=application, category="education", rationale_zh="好")
    with pytest.raises(PermissionDenied):
        services.reject(staff=manager, application=application, reason="x")
    owner = factories.MembershipFactory(organisation=application.organisation, role="owner").user
    with pytest.raises(PermissionDenied):
        services.reject(staff=owner, application=application, reason="x")


def test_accept_emails_the_members_with_the_rationale(staff, mailoutbox, django_capture_on_commit_callbacks):
    application = ApplicationFactory()
    member = factories.MembershipFactory(organisation=application.organisation, role="editor").user
    with django_capture_on_commit_callbacks(execute=True):
        services.accept(staff=staff, application=application, category="sports", rationale_zh="运动监测的好方案")
    assert [mail.to for mail in mailoutbox] == [[member.email]]
    assert "运动监测的好方案" in mailoutbox[0].body


def test_the_outcome_emails_start_each_line_at_the_margin(staff, mailoutbox, django_capture_on_commit_callbacks):
    """Every line after the greeting of the acceptance, refusal and publication e-mails began with four
    spaces (the template's indentation), the link and the signature too: no other e-mail of the portal does."""
    accepted, rejected = ApplicationFactory(), ApplicationFactory()
    factories.MembershipFactory(organisation=accepted.organisation, role="editor")
    factories.MembershipFactory(organisation=rejected.organisation, role="editor")
    with django_capture_on_commit_callbacks(execute=True):
        services.accept(staff=staff, application=accepted, category="sports", rationale_zh="运动监测的好方案")
        services.reject(staff=staff, application=rejected, reason="材料不完整")
    assert len(mailoutbox) == 2
    for mail in mailoutbox:
        assert not re.search(r"^[ \t]", mail.body, re.M), mail.body


def test_accept_needs_category_and_chinese_rationale(staff):
    application = ApplicationFactory()
    with pytest.raises(services.EditionError) as exc:
        services.accept(staff=staff, application=application, category="", rationale_zh="好")
    assert exc.value.field == "category"
    with pytest.raises(services.EditionError) as exc:
        services.accept(staff=staff, application=application, category="sports", rationale_zh=" ")
    assert exc.value.field == "rationale_zh"


def test_reject_needs_a_reason_and_emails_members_in_their_language(
    staff, mailoutbox, django_capture_on_commit_callbacks
):
    application = ApplicationFactory()
    organisation = application.organisation
    english = factories.MembershipFactory(organisation=organisation, role="owner").user
    english.preferred_language = "en"
    english.save()
    chinese = factories.MembershipFactory(organisation=organisation, role="editor").user
    with pytest.raises(services.EditionError) as exc:
        services.reject(staff=staff, application=application, reason="")
    assert exc.value.field == "reason"
    with django_capture_on_commit_callbacks(execute=True):
        services.reject(staff=staff, application=application, reason="材料不完整 / incomplete")
    by_recipient = {mail.to[0]: mail for mail in mailoutbox}
    assert set(by_recipient) == {english.email, chinese.email}
    assert "not accepted" in by_recipient[english.email].subject
    assert by_recipient[english.email].extra_headers["Content-Language"] == "en"
    assert by_recipient[chinese.email].extra_headers["Content-Language"] == "zh-hans"
    assert "材料不完整" in by_recipient[english.email].body


def _accepted(staff, edition, **product_kwargs):
    application = ApplicationFactory(edition=edition, **product_kwargs)
    return services.accept(
        staff=staff,
        application=application,
        category="education",
        rationale_zh="课堂专注监测的成熟方案。",
        rationale_en="Mature.",
    )


def _closed(staff, edition):
    return services.close_call(staff=staff, edition=edition)


def test_publish_freezes_entries_and_later_product_edits_do_not_change_them(staff, django_capture_on_commit_callbacks):
    edition = EditionFactory()
    application = _accepted(staff, edition, product=PublishedProductFactory(name_zh="原名头环", channels=8))
    services.reject(staff=staff, application=ApplicationFactory(edition=edition), reason="x")  # not in the edition
    _closed(staff, edition)
    with django_capture_on_commit_callbacks(execute=False):
        services.publish(staff=staff, edition=edition)
    edition.refresh_from_db()
    assert edition.status == EditionStatus.PUBLISHED and edition.published_at
    entry = EditionEntry.objects.get(edition=edition)
    assert (entry.name_zh, entry.channels, entry.enterprise_zh) == ("原名头环", 8, application.organisation.name_zh)
    assert entry.rationale_zh == "课堂专注监测的成熟方案。"

    product = application.product
    owner = factories.MembershipFactory(organisation=product.organisation, role="owner").user
    product_services.update_product(
        actor=owner,
        product=product,
        **{
            **{name: getattr(product, name) for name in product_services.PRODUCT_FIELDS},
            "name_zh": "改名头环",
            "channels": 64,
        },
    )
    product_services.submit_for_review(actor=owner, product=product)
    product_services.approve(staff=staff, product=product)
    entry.refresh_from_db()
    assert (entry.name_zh, entry.channels) == ("原名头环", 8)


def test_publish_refuses_an_accepted_product_no_longer_public(staff):
    edition = EditionFactory()
    application = _accepted(staff, edition, product=PublishedProductFactory(name_zh="已下架头环"))
    _accepted(staff, edition)
    product_services.unpublish(staff=staff, product=application.product)
    _closed(staff, edition)
    with pytest.raises(services.EditionError, match="已下架头环"):
        services.publish(staff=staff, edition=edition)
    assert not EditionEntry.objects.filter(edition=edition).exists()
    services.reject(staff=staff, application=application, reason="产品已下架")
    services.publish(staff=staff, edition=edition)
    assert list(EditionEntry.objects.filter(edition=edition).values_list("product_id", flat=True)) != [
        application.product_id
    ]
    assert EditionEntry.objects.filter(edition=edition).count() == 1


def test_publish_is_refused_while_an_application_awaits_a_decision(staff):
    """The 2026 edition was published with three applications undecided: none could be decided any more
    (a published edition's recommendations do not change), each enterprise read 已提交 under a published
    edition, without a decision, for good."""
    edition = EditionFactory()
    _accepted(staff, edition)
    waiting = ApplicationFactory(edition=edition, product=PublishedProductFactory(name_zh="待定头环"))
    _closed(staff, edition)
    with pytest.raises(services.EditionError, match="待定头环"):
        services.publish(staff=staff, edition=edition)
    edition.refresh_from_db()
    assert edition.status == EditionStatus.REVIEW and not EditionEntry.objects.filter(edition=edition).exists()
    services.reject(staff=staff, application=waiting, reason="材料不完整")
    services.publish(staff=staff, edition=edition)
    assert EditionEntry.objects.filter(edition=edition).count() == 1


def test_publish_freezes_the_approved_version_not_a_pending_edit(staff):
    edition = EditionFactory()
    application = _accepted(staff, edition, product=PublishedProductFactory(name_zh="已批准头环"))
    product = application.product
    owner = factories.MembershipFactory(organisation=product.organisation, role="owner").user
    fields = {name: getattr(product, name) for name in product_services.PRODUCT_FIELDS}
    product_services.update_product(actor=owner, product=product, **{**fields, "name_zh": "待审核头环"})
    product_services.submit_for_review(actor=owner, product=product)
    _closed(staff, edition)
    services.publish(staff=staff, edition=edition)
    assert EditionEntry.objects.get(edition=edition).name_zh == "已批准头环"


def test_publish_checks_status_and_runs_once(staff):
    edition = EditionFactory()
    _accepted(staff, edition)
    with pytest.raises(services.EditionError):
        services.publish(staff=staff, edition=edition)  # call still open
    _closed(staff, edition)
    services.publish(staff=staff, edition=edition)
    with pytest.raises(services.EditionError):
        services.publish(staff=staff, edition=edition)
    assert EditionEntry.objects.filter(edition=edition).count() == 1


def test_after_publication_decisions_are_refused(staff):
    edition = EditionFactory()
    application = _accepted(staff, edition)
    _closed(staff, edition)
    services.publish(staff=staff, edition=edition)
    with pytest.raises(services.EditionError):
        services.reject(staff=staff, application=application, reason="改变主意")
    with pytest.raises(services.EditionError):
        services.accept(staff=staff, application=application, category="sports", rationale_zh="改")
    entry = EditionEntry.objects.get(edition=edition)
    assert entry.category == "education"


def test_publish_without_accepted_applications_is_refused(staff):
    edition = EditionFactory()
    _closed(staff, edition)
    with pytest.raises(services.EditionError):
        services.publish(staff=staff, edition=edition)


def test_publish_invalidates_the_public_cache_and_emails_members(
    staff, mailoutbox, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    edition = EditionFactory()
    application = _accepted(staff, edition)
    owner = factories.MembershipFactory(organisation=application.organisation, role="owner").user
    _closed(staff, edition)
    before = public_cache._tag_versions(("editions", "catalog"))
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(staff=staff, edition=edition)
    after = public_cache._tag_versions(("editions", "catalog"))
    # Its own tag only: the catalogue's pages that show editions declare "editions".
    assert {key for key in before if before[key] != after[key]} == {public_cache.TAG_PREFIX + "editions"}
    assert [mail.to for mail in mailoutbox] == [[owner.email]]
    assert edition.title_zh in mailoutbox[0].subject  # the owner reads Chinese
    assert not re.search(r"^[ \t]", mailoutbox[0].body, re.M)  # no line indented
    # The exports were built on publication, in every language and format.
    from django.core.files.storage import default_storage

    from catalog.editions import exports

    edition.refresh_from_db()
    for language in ("zh-hans", "en"):
        for fmt in exports.FORMATS:
            assert default_storage.exists(exports.storage_name(edition, language, fmt))


def test_open_call_refuses_a_past_closing_date(staff):
    edition = EditionFactory(status=EditionStatus.DRAFT)
    services.open_call(staff=staff, edition=edition)
    with time_machine.travel(edition.call_closes_at + timedelta(days=1)):
        draft = EditionFactory(
            status=EditionStatus.DRAFT,
            call_closes_at=timezone.now() - timedelta(hours=1),
            call_opens_at=timezone.now() - timedelta(days=9),
        )
        with pytest.raises(services.EditionError):
            services.open_call(staff=staff, edition=draft)
