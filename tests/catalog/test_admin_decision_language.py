"""A staff decision page names the edition and the organisation in the staff's admin language.

In English the edition application's inspect page named "2026 Recommended Catalogue of Non-invasive
BCI Products" and "Lansi Neurotechnology (Shanghai) Co., Ltd.", and its Accept / Reject page, one
click on, the same records in Chinese (the product review page named the organisation in Chinese too).
"""

import pytest
from django.urls import reverse
from wagtail.users.models import UserProfile

from tests.catalog.edition_factories import ApplicationFactory
from tests.catalog.factories import ProductFactory
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    def signed_in(language):
        staff = StaffFactory()
        UserProfile.objects.update_or_create(user=staff, defaults={"preferred_language": language})
        client.force_login(staff)
        return client

    return signed_in


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("decision", ["accept", "reject"])
def test_the_edition_application_decision_names_edition_and_organisation_in_the_staff_language(
    staff_client, language, decision
):
    application = ApplicationFactory()
    edition, organisation = application.edition, application.organisation
    page = staff_client(language).get(reverse("edition_applications:decide", args=[application.pk, decision]))
    text = page.content.decode()
    if language == "en":
        assert f"<dd>{edition.title_en}</dd>" in text and f"<dd>{organisation.name_en}</dd>" in text
        assert edition.title_zh not in text and organisation.name_zh not in text
    else:
        assert f"<dd>{edition.title_zh}</dd>" in text and f"<dd>{organisation.name_zh}</dd>" in text


@pytest.mark.parametrize(("language", "named"), [("zh-hans", "name_zh"), ("en", "name_en")])
def test_the_product_decision_names_the_organisation_in_the_staff_language(staff_client, language, named):
    product = ProductFactory()
    page = staff_client(language).get(reverse("products:review", args=[product.pk, "reject"]))
    assert getattr(product.organisation, named) in page.content.decode()
    if language == "en":
        assert product.organisation.name_zh not in page.content.decode()
