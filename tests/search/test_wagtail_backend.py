"""The Wagtail admin's own search finds Chinese inside longer runs (外骨 → 外骨骼)."""

from wagtail.search.backends import get_search_backend

from portal.models.pages import StandardPage
from search.wagtail_backend import segment
from tests.matrix import world  # noqa: F401
from tests.portal import page_factories


def test_segment():
    assert segment("下肢外骨骼 EEG").split() == ["下肢", "肢外", "外骨", "骨骼", "EEG"]
    assert segment("脑") == " 脑 "
    assert segment("BCI") == "BCI"


def test_backend_finds_chinese_substrings(db):
    tree = page_factories.build_site(news_items=0)
    page = page_factories.standard_page(tree.home, title="下肢外骨骼康复训练", slug="exo")
    backend = get_search_backend()
    assert page.pk in [p.pk for p in backend.search("外骨", StandardPage)]
    assert page.pk in [p.pk for p in backend.search("康复训练", StandardPage)]
    assert page.pk not in [p.pk for p in backend.search("骨骼肌", StandardPage)]


def test_admin_page_search_finds_chinese(client, world):  # noqa: F811
    tree = page_factories.build_site(news_items=0)
    page_factories.standard_page(tree.home, title="下肢外骨骼康复训练", slug="exo")
    client.force_login(world.user("staff"))
    response = client.get("/admin/pages/search/", {"q": "外骨"})
    assert response.status_code == 200
    assert "下肢外骨骼康复训练" in response.content.decode()
