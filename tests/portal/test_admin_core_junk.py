"""Junk sent to the Wagtail admin's own areas, as alliance staff and a superuser use them: never a 500.

``tests/test_junk_input.py`` sends junk to every form and list of the role × URL matrix (the
public site, the dashboards, the portal's own admin areas). This module does the same for the
areas Wagtail itself brings, with the helpers of ``tests/junk.py``:

* the page editor, adding and editing a page of each page type the portal defines (every
  ``Page`` model, checked: a new page type must get a page here), its StreamFields posted as
  Wagtail's editor posts them (``stream_data``: a block of each kind) and every field, a block's
  too, sent junk; a rich text is sent every text that is no editor content (``RICH_TEXTS``);
* images, documents, collections, users, groups, the site settings, redirects (and their import),
  workflows and their tasks, copying and moving a page: each form as the admin shows it;
* the lists: the page explorer (its sort and ``p``), the admin's page search and page chooser,
  the reports, the image and document choosers and every list above, with junk query strings.

Each form and list is tried by the first role it answers (staff, then the superuser for the areas
staff cannot reach). To stay fast (some 700 requests, the page editor's at a fifth of a second
each), a form is sent an empty body, every field at once as a few ``JUNK`` values, then each field
in turn, once in the run (a ``BodyBlock``'s fields once, whichever page holds it), the worst value
for its kind. Every answer must be below 500.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail import blocks
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.fields import StreamField
from wagtail.models import Collection, Page, Task, Workflow, get_page_models
from wagtail.rich_text import RichText

from competition.models import CompetitionPage
from portal.models.site_settings import SiteSettings
from portal.roles import ensure_role_groups
from tests.cases.factories import build_case_site, make_case
from tests.competition.factories import running_competition
from tests.conftest import rolled_back_world
from tests.factories import AdminUserFactory, StaffFactory, UserFactory
from tests.junk import (
    JUNK,
    LONG,
    RICH_TEXTS,
    Form,
    Probe,
    get_queries,
    parse,
    post_bodies,
    query_parameters,
    stream_data,
    worst_for,
)
from tests.portal.page_factories import add_child, make_image, news_item, publish, standard_page

pytestmark = pytest.mark.django_db

STAFF = "staff"
SUPERUSER = "superuser"
#: Who tries a form or list: the first of these it answers 200.
ROLES = (STAFF, SUPERUSER)
#: The values every field of a form is set to at once (of ``JUNK``: too long, repeated, a NUL).
EVERY = (LONG, ["1", "2"], "a\x00b")


@dataclass
class AdminWorld:
    users: dict
    #: One page of each page type, by model label ("portal.StandardPage").
    pages: dict
    objects: dict = field(default_factory=dict)


def with_streams(form: Form, page: Page) -> Form:
    """``form`` (a page editor's, as parsed) with ``page``'s StreamFields as the editor's script posts them."""
    for model_field in page._meta.get_fields():
        if isinstance(model_field, StreamField):
            stream = getattr(page, model_field.name)
            for name, values, kind in stream_data(model_field.stream_block, stream, model_field.name):
                form.fields[name] = values
                if name not in form.names:
                    form.names.append(name)
                    form.kinds[name] = kind
    return form


class OncePerField:
    """``values_for`` of ``post_bodies``: each field (a block's, whatever its place) is sent junk once in
    the run, the worst for its kind (every text that is no editor content for a rich text)."""

    def __init__(self):
        self.seen = set()
        self.aliases = {}

    def alias_streams(self, page: Page) -> None:
        """A StreamField of a named block (``BodyBlock``) counts as one field, whichever page holds it."""
        for model_field in page._meta.get_fields():
            if isinstance(model_field, StreamField) and type(model_field.stream_block) is not blocks.StreamBlock:
                self.aliases[model_field.name] = type(model_field.stream_block).__name__

    def __call__(self, form: Form, name: str, i: int) -> tuple:
        head, _, rest = name.partition("-")
        key = (re.sub(r"\d+", "N", "-".join(filter(None, (self.aliases.get(head, head), rest)))), form.kinds.get(name))
        if key in self.seen:
            return ()
        self.seen.add(key)
        if form.kinds.get(name) == "richtext":
            return RICH_TEXTS
        return worst_for(form, name, [])[:1] or (JUNK[i % len(JUNK)],)


# --- the world ---------------------------------------------------------------------------------


def build_admin_world() -> AdminWorld:
    """Staff, a superuser, a page of each page type (their StreamFields with a block of each kind)
    and an object of each of the admin's areas."""
    ensure_role_groups()
    image = make_image()
    body = [
        ("heading", "标题"),
        ("paragraph", RichText("<p>段落<b>加粗</b></p>")),
        ("callout", {"title": "提示", "text": RichText("<p>提示正文</p>")}),
        ("image", {"image": image, "caption": "图注"}),
        ("table", {"caption": "表格", "rows": [["甲", "乙"], ["丙", "丁"]]}),
    ]
    site = build_case_site()
    home = site.tree.home
    home.body = body
    home.sections = [
        (
            "section",
            {"title": "产品", "text": "推荐目录", "page": site.index, "url": "", "icon": "catalogue", "lists": []},
        )
    ]
    publish(home)
    competition = add_child(
        home,
        CompetitionPage(
            title="大赛",
            slug="contest",
            competition=running_competition(),
            rules=body,
            prizes=body[:2],
            faq=[("question", {"question": "问题", "answer": RichText("<p>回答</p>")})],
        ),
    )
    pages = {
        "portal.HomePage": home,
        "portal.StandardPage": standard_page(home, title="关于", slug="about-junk", body=body),
        "portal.NewsIndexPage": site.tree.news,
        "portal.NewsPage": news_item(site.tree.news),
        "cases.CaseIndexPage": site.index,
        "cases.CasePage": make_case(site.index),
        "competition.CompetitionPage": competition,
    }
    document = get_document_model().objects.create(title="文件", file=ContentFile(b"%PDF-1.4 test", name="junk.pdf"))
    collection = Collection.get_first_root_node().add_child(name="汇编")
    workflow = Workflow.objects.order_by("pk").first()
    task = Task.objects.order_by("pk").first()
    users = {STAFF: StaffFactory(), SUPERUSER: AdminUserFactory(is_superuser=True, is_staff=True)}
    objects = {
        "image": image,
        "document": document,
        "collection": collection,
        "user": UserFactory(),
        "group": Group.objects.order_by("pk").first(),
        "settings": SiteSettings.for_site(site.tree.site),
        "site": site.tree.site,
        "locale": site.tree.en,
        "redirect": Redirect.objects.create(old_path="/old-page", redirect_link="/zh-hans/"),
        "workflow": workflow,
        "task": task,
    }
    return AdminWorld(users=users, pages=pages, objects=objects)


@pytest.fixture(scope="module")
def admin_world(django_db_setup, django_db_blocker, tmp_path_factory):
    with rolled_back_world(django_db_blocker, tmp_path_factory, build_admin_world) as world:
        yield world


# --- what to try ---------------------------------------------------------------------------------


def page_forms(w: AdminWorld) -> list[tuple[str, Page]]:
    """``(url, page)``: the editor of each page type, adding one (under its page's parent) and editing its page."""
    urls = []
    for page in w.pages.values():
        model = page.specific_class
        parent = page.get_parent()
        urls.append(
            (reverse("wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk]), page)
        )
        urls.append((reverse("wagtailadmin_pages:edit", args=[page.pk]), page))
    return urls


def other_forms(w: AdminWorld) -> list[str]:
    o = w.objects
    page = w.pages["portal.StandardPage"]
    return [
        reverse("wagtailimages:add"),
        reverse("wagtailimages:edit", args=[o["image"].pk]),
        reverse("wagtaildocs:add"),
        reverse("wagtaildocs:edit", args=[o["document"].pk]),
        reverse("wagtailadmin_collections:add"),
        reverse("wagtailadmin_collections:edit", args=[o["collection"].pk]),
        reverse("wagtailusers_users:add"),
        reverse("wagtailusers_users:edit", args=[o["user"].pk]),
        reverse("wagtailusers_groups:add"),
        reverse("wagtailusers_groups:edit", args=[o["group"].pk]),
        reverse("wagtailsettings:edit", args=["portal", "sitesettings", o["site"].pk]),
        reverse("wagtailredirects:add"),
        reverse("wagtailredirects:edit", args=[o["redirect"].pk]),
        reverse("wagtailredirects:start_import"),
        reverse("wagtailadmin_workflows:add"),
        reverse("wagtailadmin_workflows:edit", args=[o["workflow"].pk]),
        reverse("wagtailadmin_workflows:add_task", args=["wagtailcore", "groupapprovaltask"]),
        reverse("wagtailadmin_workflows:edit_task", args=[o["task"].pk]),
        reverse("wagtailadmin_pages:copy", args=[page.pk]),
        reverse("wagtailadmin_pages:move", args=[page.pk]),
    ]


def lists(w: AdminWorld) -> list[str]:
    o = w.objects
    home, page = w.pages["portal.HomePage"], w.pages["portal.StandardPage"]
    return [
        reverse("wagtailadmin_explore_root"),
        reverse("wagtailadmin_explore", args=[home.pk]),
        reverse("wagtailadmin_pages:search"),
        reverse("wagtailadmin_pages:type_use", args=["portal", "standardpage"]),
        reverse("wagtailadmin_pages:history", args=[page.pk]),
        reverse("wagtailadmin_pages:revisions_index", args=[page.pk]),
        reverse("wagtailadmin_pages:usage", args=[page.pk]),
        reverse("wagtailadmin_choose_page"),
        reverse("wagtailadmin_choose_page_child", args=[home.pk]),
        reverse("wagtailadmin_choose_page_search"),
        reverse("wagtailadmin_choose_page_external_link"),
        reverse("wagtailadmin_choose_page_email_link"),
        reverse("wagtailadmin_choose_page_phone_link"),
        reverse("wagtailadmin_choose_page_anchor_link"),
        reverse("wagtailadmin_reports:locked_pages"),
        reverse("wagtailadmin_reports:workflow"),
        reverse("wagtailadmin_reports:workflow_tasks"),
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailadmin_reports:aging_pages"),
        reverse("wagtailadmin_reports:page_types_usage"),
        reverse("wagtailimages:index"),
        reverse("wagtailimages_chooser:choose"),
        reverse("wagtailimages_chooser:choose_results"),
        reverse("wagtaildocs:index"),
        reverse("wagtaildocs_chooser:choose"),
        reverse("wagtaildocs_chooser:choose_results"),
        reverse("wagtailadmin_collections:index"),
        reverse("wagtailusers_users:index"),
        reverse("wagtailusers_groups:index"),
        reverse("wagtailredirects:index"),
        reverse("wagtailadmin_workflows:index"),
        reverse("wagtailadmin_workflows:task_index"),
        reverse("wagtailadmin_workflows:task_chooser"),
        reverse("wagtailadmin_workflows:usage", args=[o["workflow"].pk]),
        reverse("wagtailimages:image_usage", args=[o["image"].pk]),
        reverse("wagtaildocs:document_usage", args=[o["document"].pk]),
    ]


def sign_in(client, users: dict) -> dict[str, dict]:
    """Each role's session cookies."""
    sessions = {}
    for role, user in users.items():
        client.cookies = SimpleCookie()
        client.force_login(user)
        sessions[role] = {name: morsel.value for name, morsel in client.cookies.items()}
    return sessions


def _post_form(response, url) -> Form | None:
    return next(
        (f for f in parse(response).forms if f.method == "post" and urlsplit(urljoin(url, f.action)).path == url), None
    )


def run(client, w: AdminWorld) -> Probe:
    """Junk to the page editor of every page type, the admin's other forms and its lists."""
    probe, once = Probe(), OncePerField()
    sessions = sign_in(client, w.users)
    client.raise_request_exception = False

    def shown(url):
        for role in ROLES:
            response = probe.send(client, sessions, role, "get", url, {})
            if response.status_code == 200:
                return role, response
        return None, None

    def junk_form(url, page=None):
        role, response = shown(url)
        form = _post_form(response, url) if role else None
        if form is None:
            return
        probe.forms.add(url)
        if page is not None:
            once.alias_streams(page)
            with_streams(form, page)
        for _label, body in post_bodies(form, every=EVERY, values_for=once):
            probe.send(client, sessions, role, "post", url, body)

    for url, page in page_forms(w):
        junk_form(url, page)
    for url in other_forms(w):
        junk_form(url)
    for url in lists(w):
        role, response = shown(url)
        if role is None:
            continue
        probe.lists.add(url)
        for query in get_queries(query_parameters(parse(response), url), a_list=False):
            probe.send(client, sessions, role, "get", url, query)
    return probe


def test_every_page_type_has_a_page_in_the_world(admin_world):
    """A new page type must get a page here, so that its editor is sent junk too."""
    assert {model._meta.label for model in get_page_models()} - {"wagtailcore.Page"} == set(admin_world.pages)


def test_no_junk_to_the_wagtail_admins_own_areas_is_a_server_error(client, admin_world):
    probe = run(client, admin_world)
    errors = probe.server_errors
    print(f"admin junk: {probe.requests} requests, {len(probe.forms)} forms, {len(probe.lists)} lists")
    assert len(probe.forms) >= 2 * len(admin_world.pages) and probe.lists
    assert not errors, f"{len(errors)} server errors:\n" + "\n".join(errors)
