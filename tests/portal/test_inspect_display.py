"""Staff's inspect pages show values as people read them (issue #16, staff screens).

Labels of multi-valued fields instead of ``['stroke']``, 是 / 否 instead of ``True``, a dash instead
of ``None``, moments in Asia/Shanghai with the zone named instead of UTC, and every field's name
in the staff member's language.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from cases import services as case_services
from tests.cases.factories import HospitalFactory, SubmissionFactory
from tests.catalog.factories import ProductFactory
from tests.factories import MembershipFactory
from tests.incubator.meetings.factories import member_of, verified
from tests.incubator.programmes.world import make_application

pytestmark = pytest.mark.django_db

#: What a raw value looks like on the page: a Python list or boolean, None, a UTC offset.
RAW = re.compile(r"\['|>\s*(True|False|None)\s*<|\+00:00")


def content(response) -> str:
    assert response.status_code == 200
    text = response.content.decode()
    return text[text.index("<main") :]


def test_a_case_submission(staff_client):
    hospital = HospitalFactory()
    member = MembershipFactory(organisation=hospital).user
    submission = SubmissionFactory(organisation=hospital, created_by=member, indications=["stroke"])
    submission = case_services.submit(
        actor=member, submission=submission, version=submission.version, consent_confirmed=True
    )
    page = content(staff_client.get(reverse("case_submissions:inspect", args=[submission.pk])))
    assert not RAW.search(page), RAW.search(page)
    assert "Asia/Shanghai" in page  # the submission time
    for english in ("Outcomes", "Attachments", "Outcome", "Attachment"):
        assert f">{english}<" not in page


def test_a_product(staff_client):
    product = ProductFactory(wireless=True, application_fields=["medical", "rehabilitation"])
    page = content(staff_client.get(reverse("products:inspect", args=[product.pk])))
    assert not RAW.search(page), RAW.search(page)
    assert "是" in page


def test_a_programme_application(staff_client):
    startup, platform = verified("startup"), verified("incubator")
    application = make_application(startup=startup, platform=platform, submitted_by=member_of(startup))
    page = content(staff_client.get(reverse("incubator_programme_applications:inspect", args=[application.pk])))
    assert not RAW.search(page), RAW.search(page)
    assert "概念验证" in page and "Asia/Shanghai" in page
