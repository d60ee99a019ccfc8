"""The support form's platform menu follows the page's language: pinyin order on a Chinese page, the
English names A to Z on an English one (the form class is built once, at import, in Chinese)."""

import pytest
from django.db import connection
from django.utils import translation

from incubator.pipeline.forms import SupportForm
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_platform_menu_is_in_the_pages_order():
    zeta = factories.OrganisationFactory(kind="service_platform", name_zh="安徽平台", name_en="Zeta Platform")
    alpha = factories.OrganisationFactory(kind="incubator", name_zh="上海孵化器", name_en="alpha Incubator")
    with translation.override("en"):
        assert list(SupportForm().fields["platform"].queryset) == [alpha, zeta]
    with translation.override("zh-hans"):
        chinese = list(SupportForm().fields["platform"].queryset)
    # Pinyin: 安 (ān) before 上 (shàng), which the code points reverse; SQLite (the embedded demo) has no pinyin.
    assert chinese == ([zeta, alpha] if connection.vendor == "postgresql" else [alpha, zeta])
