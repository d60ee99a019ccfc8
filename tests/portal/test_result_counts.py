"""Every list says how many it found one way: "12 results" in English, "共 12 条结果" in Chinese.

The product list, the case library, the startup, investor and platform directories, the news and
the search results share one wording (``components/result_count.html``, an English plural through
``ngettext``), where they once said "12 products", "Results: 12", "Cases found: 12" and "12 items".
"""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from django.utils.translation import ngettext

from tests.portal.test_load_demo import demo  # noqa: F401  (the demo, loaded once per module)

pytestmark = pytest.mark.django_db

COUNT = re.compile(r'<p class="result-count" role="status">([^<]*)</p>')
LISTS = ["products/", "case-library/", "startups/", "investors/", "platforms/", "news/", "search/?q=EEG"]


def shared_wording(number: int, language: str) -> str:
    with translation.override(language):
        return ngettext("%(counter)s result", "%(counter)s results", number) % {"counter": number}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("path", LISTS)
def test_each_list_words_its_count_as_the_others_do(client, demo, language, path):  # noqa: F811
    response = client.get(f"/{language}/{path}")
    assert response.status_code == 200
    counts = COUNT.findall(response.content.decode())
    assert len(counts) == 1, f"/{language}/{path}: {counts}"
    number = int(re.search(r"\d+", counts[0]).group(0))
    assert number > 0
    assert counts[0] == shared_wording(number, language)
