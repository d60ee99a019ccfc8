"""The sign-up page's Chinese link to sign in reads as Chinese: "已有账号？请登录。".

allauth's catalogue says "已经有一个账号？ 请登录." (a space after the question mark, an ASCII full stop);
the portal overrides it (portal/i18n_overrides.py).
"""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_chinese_sign_up_page_links_to_sign_in_with_chinese_punctuation(client):
    text = client.get("/zh-hans/accounts/signup/").content.decode()
    assert re.search(r"已有账号？请<a [^>]*>登录</a>。", text), re.findall(r"账号.{0,120}", text)
    assert "登录</a>." not in text


def test_a_too_short_password_is_refused_in_chinese(client):
    """Django 5.2 words the length error with "%d", a msgid its zh_Hans catalogue lacks: the portal translates it."""
    response = client.post(
        "/zh-hans/accounts/signup/",
        {"email": "new-member@example.com", "password1": "q7#Zr", "password2": "q7#Zr"},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "密码太短，至少需要 10 个字符。" in text
    assert "This password is too short" not in text


def test_a_password_like_the_address_is_refused_in_plain_chinese(client):
    """Django's Chinese puts spaces around the field's name ("密码跟 电子邮箱 太相似了。"): the portal's does not."""
    response = client.post(
        "/zh-hans/accounts/signup/",
        {"email": "zhangsanfeng@example.com", "password1": "zhangsanfeng", "password2": "zhangsanfeng"},
    )
    text = response.content.decode()
    assert "密码与电子邮箱过于相似。" in text
    assert "太相似了" not in text
