"""English organisation names end with a full stop ("… Co., Ltd."): a sentence that ends with one reads
one full stop, not "Ltd.."; Chinese sentences ("…有限公司。") are left as they were."""

import pytest
from django.core import mail
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from portal.i18n import ChineseFallback, before_full_stop
from portal.organisations import verification
from tests import factories

NAME_EN = "Lansi Neurotechnology (Shanghai) Co., Ltd."
NAME_ZH = "蓝思神经科技（上海）有限公司"


def test_a_name_ending_with_a_full_stop_leaves_it_to_an_english_sentence_only():
    with translation.override("en"):
        assert before_full_stop(NAME_EN) + "." == NAME_EN
        assert before_full_stop("NeuroLink") == "NeuroLink"
        fallback = before_full_stop(ChineseFallback("Lansi Co., Ltd."))
        assert isinstance(fallback, ChineseFallback) and fallback == "Lansi Co., Ltd"  # still marked in HTML
        rendered = Template("{% load portal_tags %}Welcome to {{ name|before_full_stop }}.").render(
            Context({"name": NAME_EN})
        )
        assert rendered == f"Welcome to {NAME_EN}"
    with translation.override("zh-hans"):
        assert before_full_stop(NAME_EN) == NAME_EN  # a Chinese sentence ends with "。" after it
        assert before_full_stop(NAME_ZH) == NAME_ZH


def _organisation_of(owner, **fields):
    organisation = factories.OrganisationFactory(name_en=NAME_EN, name_zh=NAME_ZH, **fields)
    factories.MembershipFactory(organisation=organisation, user=owner, role="owner")
    return organisation


@pytest.mark.django_db
def test_the_verification_mail_names_the_organisation_with_one_full_stop(staff, django_capture_on_commit_callbacks):
    english, chinese = (
        factories.UserFactory(preferred_language="en"),
        factories.UserFactory(preferred_language="zh-hans"),
    )
    organisation = _organisation_of(english, verification_status="pending")
    factories.MembershipFactory(organisation=organisation, user=chinese, role="owner")
    with django_capture_on_commit_callbacks(execute=True):
        verification.verify_organisation(staff=staff, organisation=organisation)
    body = {message.to[0]: message.body for message in mail.outbox}
    sentence = (
        "The Shanghai BCI Industry Alliance has verified %(organisation)s. Its public page is online and what you "
        "publish for it can now become public."
    )
    assert sentence % {"organisation": NAME_EN[:-1]} in body[english.email]
    assert "Ltd.." not in body[english.email] and "Ltd. Its public page" in body[english.email]
    with translation.override("zh-hans"):
        assert gettext(sentence) % {"organisation": NAME_ZH} in body[chinese.email]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "name", "expected"), [("en", NAME_EN, f"You have left {NAME_EN}"), ("zh-hans", NAME_ZH, None)]
)
def test_leaving_an_organisation_says_so_with_one_full_stop(client, language, name, expected):
    member = factories.UserFactory()
    organisation = _organisation_of(factories.UserFactory())
    factories.MembershipFactory(organisation=organisation, user=member, role="editor")
    client.force_login(member)
    with translation.override(language):
        response = client.post(reverse("portal:organisation_leave", args=[organisation.pk]), follow=True)
        expected = expected or gettext("You have left %(organisation)s.") % {"organisation": name}
    shown = [str(message) for message in response.context["messages"]]
    assert shown == [expected]
    assert "Ltd.." not in shown[0]
