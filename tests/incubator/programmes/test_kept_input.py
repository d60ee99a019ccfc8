"""A programme application sent after the member's session ended comes back, not saved, once they
sign in again (``portal.keep_input``)."""

import pytest
from django.urls import reverse
from django.utils import translation

from incubator.models import ProgrammeApplication
from tests.keep_input import kept_and_shown

pytestmark = pytest.mark.django_db


def test_an_application_comes_back_with_what_was_typed(client, founder, incubator_org):
    with translation.override("en"):
        url = reverse("incubator:application_new", kwargs={"slug": incubator_org.slug})
    data = {"services": ["proof_of_concept"], "message": "午饭后写的申请"}
    page = kept_and_shown(client, founder, url, data)
    assert page.context["form"]["message"].value() == "午饭后写的申请"
    assert page.context["form"]["services"].value() == ["proof_of_concept"]
    assert not ProgrammeApplication.objects.exists()
