"""The support form's platform menu follows the page's language: pinyin order on a Chinese page, the
English names A to Z on an English one (the form class is built once, at import, in Chinese); its date,
and the task form's, are ISO dates in either language (what the browser's date picker reads)."""

import datetime

import pytest
from django.db import connection
from django.utils import translation

from incubator.pipeline.forms import SupportForm, TaskForm
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


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_date_fields_show_their_date_in_a_chinese_admin_too(language):
    """``<input type="date">`` takes only 2026-12-07: the support record's date (today, by default) was
    written 2026/12/07 in the Chinese admin, so the browser showed the field empty and the date
    had to be picked again."""
    with translation.override(language):
        support = SupportForm(initial={"on": datetime.date(2026, 12, 7)}).as_div()
        task = TaskForm(initial={"due_on": datetime.date(2026, 12, 24)}).as_div()
    assert 'type="date" name="on" value="2026-12-07"' in support
    assert 'type="date" name="due_on" value="2026-12-24"' in task
