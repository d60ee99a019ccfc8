"""The sign-in, sign-up and password-reset pages speak the portal's English, and still good Chinese.

allauth words them "Sign In", "Sign Up", "Email", "Password Reset", "Reset My Password", "Bad Token",
where the portal's header, menus and mails say "Sign in", "Sign out", "E-mail address" and "Reset your
password". ``portal.i18n_overrides.ENGLISH`` is the portal's wording, written into the English catalogue
by ``sync_translations``.
"""

import re

import polib
import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from portal.i18n_overrides import ENGLISH
from portal.management.commands.sync_translations import Command
from tests.accounts.conftest import sign_in, title_and_main
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.test_translations import committed

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_the_english_sign_in_page_says_sign_in_and_e_mail_address(client):
    page = title_and_main(client.get("/en/accounts/login/").content.decode())
    assert "<h1> Sign in </h1>" in page and '<button type="submit" class="button"> Sign in </button>' in page
    assert "Sign in · " in page  # the title
    assert '<label for="id_login">E-mail address<' in page and 'placeholder="E-mail address"' in page
    assert ">Remember me</label>" in page
    assert "No account yet? Please" in _text(page)
    allauths = r"Sign In|Email|Remember Me"
    assert not re.search(allauths, page), re.findall(rf".{{30}}(?:{allauths}).{{9}}", page)


def test_a_wrong_password_is_said_in_the_portals_english(client, user):
    page = title_and_main(sign_in(client, user.email, "not-the-password", language="en").content.decode())
    assert "The e-mail address or password you entered is not correct." in page


def test_the_english_sign_up_page_says_sign_up(client):
    page = title_and_main(client.get("/en/accounts/signup/").content.decode())
    assert "<h1> Sign up </h1>" in page and "Sign up · " in page and "> Sign up </button>" in page
    assert '<label for="id_email">E-mail address<' in page
    assert not re.search(r"Sign Up|Signup|Email", page)


def test_the_english_password_reset_pages_say_reset_your_password(client):
    page = title_and_main(client.get("/en/accounts/password/reset/").content.decode())
    assert "<h1> Reset your password </h1>" in page and "Reset your password · " in page
    assert "Enter your e-mail address below and we will send you an e-mail to reset it." in page
    assert "> Reset my password </button>" in page
    assert not re.search(r"Password Reset|Reset My Password|Email|\bemail", _text(page))
    done = title_and_main(client.get("/en/accounts/password/reset/done/").content.decode())
    assert "<h1> Reset your password </h1>" in done and "We have sent you an e-mail." in done
    bad = title_and_main(client.get("/en/accounts/password/reset/key/1-not-a-key/").content.decode())
    assert "<h1> Invalid link </h1>" in bad and "This password reset link is not valid" in bad
    assert "Bad Token" not in bad
    changed = title_and_main(client.get("/en/accounts/password/reset/key/done/").content.decode())
    assert re.search(r"<h1>\s*Password changed\s*</h1>", changed) and "Change password" not in changed
    sent = title_and_main(client.get("/en/accounts/confirm-email/").content.decode())
    assert "<h1> Confirm your e-mail address </h1>" in sent and not re.search(r"\bemail", _text(sent), re.I)


def test_the_chinese_pages_stay_chinese_with_chinese_punctuation(client):
    login = title_and_main(client.get("/zh-hans/accounts/login/").content.decode())
    assert "<h1> 登录 </h1>" in login and '<label for="id_login">电子邮箱<' in login
    # allauth's "请先 <a>注册</a> 。" had spaces around the link and before the full stop.
    assert re.search(r"还没有账号？请先<a [^>]*>注册</a>。", login), re.findall(r"账号.{0,80}", login)
    reset = title_and_main(client.get("/zh-hans/accounts/password/reset/").content.decode())
    assert "<h1> 重设密码 </h1>" in reset and "用于重设密码的邮件" in reset and "> 重设密码 </button>" in reset
    bad = title_and_main(client.get("/zh-hans/accounts/password/reset/key/1-not-a-key/").content.decode())
    assert "<h1> 链接无效 </h1>" in bad and "token" not in _text(bad)  # allauth's "不正确的 token"


def test_sync_translations_writes_the_portals_english_and_every_other_msgid_as_is(tmp_path):
    po = polib.POFile()
    for msgid in ("Sign In", "Password Reset", "Sign in", "Publish"):
        po.append(polib.POEntry(msgid=msgid, msgstr=""))
    po.append(polib.POEntry(msgctxt="verb", msgid="Sign In", msgstr=""))
    path = tmp_path / "django.po"
    po.save(str(path))
    Command()._fill_english(path)
    filled = {(entry.msgctxt, entry.msgid): entry.msgstr for entry in polib.pofile(str(path))}
    assert filled == {
        (None, "Sign In"): "Sign in",
        (None, "Password Reset"): "Reset your password",
        (None, "Sign in"): "Sign in",
        (None, "Publish"): "Publish",
        ("verb", "Sign In"): "Sign In",
    }


def test_the_committed_english_catalogue_carries_the_portals_english():
    english = {entry.msgid: entry.msgstr for entry in committed("en") if not entry.msgctxt}
    assert {msgid: english.get(msgid) for msgid in ENGLISH} == ENGLISH


def test_the_notices_of_changes_to_an_account_are_in_the_portals_english(client):
    """allauth titles them "Password Changed", "Email Changed" and says "Your email has been changed"."""
    member = UserFactory(preferred_language="en")
    assert sign_in(client, member.email, language="en").status_code == 302
    mail.outbox.clear()
    new = "a-brand-new-passphrase-77"
    client.post("/en/accounts/password/change/", {"oldpassword": DEFAULT_PASSWORD, "password1": new, "password2": new})
    EmailAddress.objects.create(user=member, email="second@example.com", verified=True)
    client.post("/en/accounts/email/", {"action_primary": "", "email": "second@example.com"})
    subjects = [message.subject.split("] ", 1)[-1] for message in mail.outbox]
    assert subjects == ["Password changed", "E-mail address changed"]
    assert f"Your e-mail address has been changed from {member.email} to second@example.com." in mail.outbox[1].body
