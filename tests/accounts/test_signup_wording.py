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
