"""Staff powers need the second factor everywhere, not only in the Wagtail admin.

A staff password alone (phished, reused) used to open what staff see outside ``/admin/``:
other organisations' case submissions and their attachments, confidential search results,
restricted pages and the product uploads collection. While ``PORTAL_STAFF_MFA_REQUIRED`` is
on, an account of the staff groups without an authenticator app is an ordinary member.
"""

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction

from cases.models import CaseSubmissionAttachment
from catalog.media.storage import uploads_collection
from portal import permissions, uploads
from search.permissions import audiences_for
from tests import upload_samples as samples
from tests.cases.factories import SubmissionFactory, build_case_site, make_case
from tests.factories import ProjectManagerFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

ACTIVATE = "/zh-hans/accounts/2fa/totp/activate/"

ADMIN_ROLES = {
    "staff": lambda **kw: StaffFactory(**kw),
    "project manager": lambda **kw: ProjectManagerFactory(**kw),
    "superuser": lambda **kw: StaffFactory(is_superuser=True, **kw),
}


@pytest.mark.parametrize("role", ADMIN_ROLES)
def test_without_the_second_factor_an_admin_role_has_no_staff_powers(role, settings):
    without, with_it = ADMIN_ROLES[role](second_factor=False), ADMIN_ROLES[role]()
    assert permissions.holds_staff_role(without) and permissions.holds_staff_role(with_it)
    assert not permissions.is_alliance_staff(without)
    assert audiences_for(without) is not None  # search: the audiences of a member, not everything
    assert permissions.is_alliance_staff(with_it) and audiences_for(with_it) is None
    if role != "project manager":
        assert not permissions.can_verify_organisations(without)
        assert permissions.can_verify_organisations(with_it)

    settings.PORTAL_STAFF_MFA_REQUIRED = False  # the embedded dev default
    fresh = type(without).objects.get(pk=without.pk)  # the checks are cached per user object
    assert permissions.is_alliance_staff(fresh)


def test_another_organisations_case_submission_needs_the_second_factor(client):
    submission = SubmissionFactory()
    clean = uploads.clean_pdf(samples.upload("ethics approval.pdf", samples.pdf_bytes()))
    attachment = CaseSubmissionAttachment.objects.create(
        submission=submission, file=clean.file, name="ethics approval.pdf", content_type="application/pdf"
    )
    url = reverse("cases:attachment_download", args=[submission.pk, attachment.pk])

    client.force_login(StaffFactory(second_factor=False))
    assert client.get(url).status_code == 404  # as for any other organisation's member
    client.force_login(StaffFactory())
    assert client.get(url).status_code == 200


def test_a_product_upload_asks_staff_without_the_second_factor_to_set_it_up(client):
    document = get_document_model().objects.create(  # the collection a product's brochures go to: staff groups only
        title="待审核手册", file=ContentFile(samples.pdf_bytes(), name="brochure.pdf"), collection=uploads_collection()
    )
    client.force_login(StaffFactory(second_factor=False))
    response = client.get(document.url)
    assert response.status_code == 302 and response["Location"] == ACTIVATE
    client.force_login(StaffFactory())
    assert client.get(document.url).status_code == 200


def test_a_page_for_the_staff_group_asks_for_the_second_factor_and_other_groups_still_pass(client):
    site = build_case_site()
    case = make_case(site.index, title="仅限联盟工作人员的案例")
    restriction = PageViewRestriction.objects.create(page=case, restriction_type=PageViewRestriction.GROUPS)
    reviewers = Group.objects.create(name="Clinical reviewers")
    restriction.groups.set([Group.objects.get(name=permissions.STAFF_GROUP), reviewers])

    client.force_login(StaffFactory(second_factor=False))
    response = client.get(case.url)
    assert response.status_code == 302 and response["Location"] == ACTIVATE
    client.force_login(StaffFactory())
    assert client.get(case.url).status_code == 200
    # A staff member without the factor who is also in another group the page lets in still passes.
    reviewer = StaffFactory(second_factor=False)
    reviewer.groups.add(reviewers)
    client.force_login(reviewer)
    assert client.get(case.url).status_code == 200
    # Nothing changes for anyone else: Wagtail's own check still sends them to sign in.
    client.force_login(UserFactory())
    assert client.get(case.url).status_code == 302
    assert client.get(case.url)["Location"] != ACTIVATE


def test_a_command_run_by_an_operator_acts_for_staff_without_an_authenticator():
    """``load_demo`` acts as the demo staff, who have not set up an authenticator app yet."""
    staff = StaffFactory(second_factor=False)
    with permissions.run_by_operator():
        assert permissions.is_alliance_staff(type(staff).objects.get(pk=staff.pk))
    assert not permissions.is_alliance_staff(type(staff).objects.get(pk=staff.pk))
