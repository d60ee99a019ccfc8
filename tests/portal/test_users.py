import pytest
from wagtail.users.models import UserProfile

from tests import factories

pytestmark = pytest.mark.django_db


def test_admin_language_follows_the_members_preferred_language():
    user = factories.UserFactory(preferred_language="en")
    assert UserProfile.get_for_user(user).get_preferred_language() == "en"
    user.preferred_language = "zh-hans"
    user.save()
    assert UserProfile.get_for_user(user).get_preferred_language() == "zh-hans"


def test_email_is_the_login_and_is_stored_lowercase():
    from portal.models import User

    user = User.objects.create_user(email="Li.Ming@Example.COM", password="x-secret-123456")
    assert user.email == "li.ming@example.com"
    assert User.USERNAME_FIELD == "email"


def test_signing_in_does_not_touch_the_admin_profile():
    from django.contrib.auth.signals import user_logged_in

    user = factories.UserFactory()
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"  # out of step on purpose: a last_login save must not resync it
    profile.save()
    user_logged_in.send(sender=type(user), request=None, user=user)
    assert UserProfile.get_for_user(user).preferred_language == "en"
