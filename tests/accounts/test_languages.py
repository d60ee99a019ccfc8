"""Every account page speaks its page's language: Chinese under /zh-hans/, the portal's English under /en/.

The account pages are allauth's templates, forms and messages inside the site's layout, so allauth's
catalogue speaks on them next to the portal's (``portal.i18n_overrides``). The walk-through found the
invalid reset link's page titled 修改密码 / "Change password" (allauth titles every state of the page
so), 代码 and 重置 beside the portal's 验证码 and 重设密码, 账户 beside 账号, "输入您的密码:", Django's 你
under the password field, and in English "Email Addresses", "Add Email", "Confirm Access" and
"Recovery Codes" beside the account menu's "E-mail addresses" and "Two-factor authentication".

The walk goes through every page and state a member meets: each page as anonymous visitor, member and
member with an authenticator app, a form sent back with errors, the message after each action.
"""

import re
from html import unescape

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core import mail

from portal.views.accounts import CONFIRM_REMOVAL
from tests.accounts.conftest import activate_totp, links_in, reauthenticate, sign_in, title_and_main
from tests.accounts.test_pages import ANONYMOUS_PAGES, MEMBER_PAGES, MFA_MEMBER_PAGES, open_mfa_page
from tests.accounts.test_password_reset import reset_link
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-passphrase-77"
#: What a page shows as the member wrote or the machine made it: addresses, an authenticator's secret.
NOT_WORDS = re.compile(r"[\w.+-]+@[\w.-]+|\b[A-Z2-7]{16,}\b")
#: allauth's Chinese where the portal says otherwise (电子邮箱, 重设密码, 账号, 验证码, 退出登录, 双重验证, 您), and an
#: ASCII colon or full stop after Chinese.
NOT_THE_PORTALS_CHINESE = re.compile(r"电子邮件地址|Email|重置|账户|代码|登出|双因素|两步验证|你|[\u4e00-\u9fff][:.]")
#: allauth's "Email" (the portal writes "e-mail"), outside an address.
EMAIL = re.compile(r"(?<![\w-])[Ee]mails?\b")
#: What a reader meets as a name: headings, labels, buttons (a badge or the required mark inside left out).
NAMES = re.compile(r"<(h1|h2|label|button|legend|summary)\b[^>]*>(.*?)</\1>", re.S)


def visible_text(html: str) -> str:
    """The title and main content as read: the text, and the attributes a reader meets."""
    page = title_and_main(html)
    attributes = re.findall(r'\b(?:placeholder|aria-label|title|alt)="([^"]*)"', page)
    return NOT_WORDS.sub(" ", unescape(" ".join([re.sub(r"<[^>]+>", " ", page), *attributes])))


def names(html: str) -> list[str]:
    """The page's title, each part (the site's name left out), and its content's headings, labels and buttons."""
    title = unescape(re.search(r"<title>(.*?)</title>", html, re.S).group(1)).split(" · ")[:-1]
    main = title_and_main(html)
    inner = [re.sub(r"<span\b.*?</span>", "", text, flags=re.S) for _tag, text in NAMES.findall(main)]
    texts = [unescape(re.sub(r"<[^>]+>", " ", text)) for text in inner]
    return [" ".join(text.split()) for text in [*title, *texts] if text.strip()]


def page(response) -> str:
    assert response.status_code == 200, (response.status_code, response.get("Location"))
    return response.content.decode()


def account_pages(client, language: str):
    """(name, html) of every account page and state, in ``language``."""
    at = f"/{language}/"

    def get(path, **kwargs):
        return page(client.get(at + path, **kwargs))

    def post(path, data, **kwargs):
        return page(client.post(at + path, data, **kwargs))

    # --- Anonymous ---
    for name, (path, _heading) in ANONYMOUS_PAGES.items():
        yield name, get(path)
    yield "account inactive", get("accounts/inactive/")
    member = UserFactory(preferred_language=language)
    yield "sign-in refused", post("accounts/login/", {"login": member.email, "password": "not-the-password"})
    yield "sign-up refused", post("accounts/signup/", {"email": "not-an-address", "password1": "1", "password2": "2"})
    yield "reset refused", post("accounts/password/reset/", {"email": "not-an-address"})
    client.post(at + "accounts/password/reset/", {"email": member.email})
    form = client.get(reset_link(mail.outbox[-1]), follow=True)
    yield "reset from key", page(form)
    yield "reset from key refused", page(client.post(form.wsgi_request.path, {"password1": NEW_PASSWORD}))

    # --- A member ---
    assert sign_in(client, member.email, language=language).status_code == 302
    for name, (path, _heading) in MEMBER_PAGES.items():
        if "2fa/totp" in path:
            reauthenticate(client, language=language)
        yield name, get(path)
    yield "authenticator app refused", post("accounts/2fa/totp/activate/", {"code": "000000"})
    yield "address refused", post("accounts/email/", {"action_add": "", "email": "not-an-address"})
    yield "address added", post("accounts/email/", {"action_add": "", "email": "second@example.com"}, follow=True)
    confirm = next(link for link in links_in(mail.outbox[-1]) if "/accounts/confirm-email/" in link)
    yield "confirm e-mail address", get(confirm.split(at, 1)[1])
    EmailAddress.objects.create(user=member, email="third@example.com", verified=True)
    primary = {"action_primary": "", "email": "third@example.com"}
    yield "primary address set", post("accounts/email/", primary, follow=True)
    yield "primary address not removed", post("accounts/email/", {**primary, "action_remove": ""}, follow=True)
    removal = {"action_remove": "", "email": "second@example.com"}
    yield "address removal asked", post("accounts/email/", removal)
    yield "address removed", post("accounts/email/", {**removal, "confirm": CONFIRM_REMOVAL}, follow=True)
    refused = {"oldpassword": "wrong", "password1": "1", "password2": "2"}
    yield "password change refused", post("accounts/password/change/", refused)
    changed = {"oldpassword": DEFAULT_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    yield "password changed", post("accounts/password/change/", changed, follow=True)
    client.post(at + "accounts/logout/")
    yield "signed out", get("accounts/login/")
    without_password = UserFactory(preferred_language=language)
    without_password.set_unusable_password()
    without_password.save()
    client.force_login(without_password)
    yield "password set", get("accounts/password/set/")
    client.logout()

    # --- A member with an authenticator app ---
    protected = UserFactory(preferred_language=language)
    activate_totp(protected)
    RecoveryCodes.activate(protected)
    sign_in(client, protected.email, language=language)
    yield "second factor refused", post("accounts/2fa/authenticate/", {"code": "000000"})
    client.logout()
    for name in MFA_MEMBER_PAGES:
        client.logout()
        yield name, page(open_mfa_page(client, protected, name, language))
    yield "two-factor authentication on", get("accounts/2fa/")
    yield "recovery codes", get("accounts/2fa/recovery-codes/")


def test_every_account_page_is_chinese_under_zh_hans(client):
    pages = dict(account_pages(client, "zh-hans"))
    assert len(pages) > 35
    english = {name: re.findall(r"[A-Za-z]{2,}", visible_text(html)) for name, html in pages.items()}
    assert {name: words for name, words in english.items() if words} == {}
    clashes = {name: NOT_THE_PORTALS_CHINESE.findall(visible_text(html)) for name, html in pages.items()}
    assert {name: terms for name, terms in clashes.items() if terms} == {}
    # allauth titles the page of an invalid reset link "Change Password", as the form the link opens.
    assert names(pages["password reset from key, bad key"])[:3] == ["链接无效", "重设密码", "链接无效"]


def test_every_account_page_speaks_the_portals_english_under_en(client):
    pages = dict(account_pages(client, "en"))
    emails = {name: EMAIL.findall(visible_text(html)) for name, html in pages.items()}
    assert {name: found for name, found in emails.items() if found} == {}
    # "Sign in", "E-mail addresses", "Two-factor authentication": no title case (allauth's "Sign In",
    # "Email Addresses", "Two-Factor Authentication", "Confirm Access").
    title_case = {
        name: [text for text in names(html) if re.search(r"[\s-][A-Z][a-z]", text)] for name, html in pages.items()
    }
    assert {name: texts for name, texts in title_case.items() if texts} == {}
    bad_link = names(pages["password reset from key, bad key"])
    assert bad_link[:3] == ["Invalid link", "Reset your password", "Invalid link"]
