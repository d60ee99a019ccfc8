"""Extension points (#12, item 3): an app adds itself to the portal from its own files.

``tests/portal/extension_app`` is an app the portal never names. Installed for a test, its page
type goes under the home page, its dashboard section into organisation cards, its demo loader
into ``load_demo``, its router into the API, its site map into ``/sitemap.xml`` and its models
into the admin roles; the catalogue and the cases are found the same way. And portal/ names
none of the apps (catalogue, cases, competition, incubator) outside the settings' INSTALLED_APPS
and the root URL conf.
"""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from wagtail.models import Page, get_page_models

from incubator.permissions import INCUBATOR_MODELS
from portal import api as portal_api
from portal import dashboard, roles
from portal.demo import get_loaders
from portal.models import HomePage, NewsIndexPage, NewsPage, StandardPage
from tests import factories
from tests.portal.extension_app import forget_installed_apps


def test_the_home_page_takes_an_apps_page_type_that_names_it(extension_app):
    assert extension_app in HomePage.creatable_subpage_models()
    assert extension_app.allowed_parent_page_models() == [HomePage]
    assert extension_app not in StandardPage.creatable_subpage_models()


@pytest.mark.django_db
def test_an_apps_dashboard_section_goes_into_the_cards_it_is_for(extension_app, client):
    member = factories.UserFactory()
    startup = factories.OrganisationFactory(kind="startup", slug="neuro-start")
    enterprise = factories.OrganisationFactory(kind="enterprise", slug="neuro-works")
    for organisation in (startup, enterprise):
        factories.MembershipFactory(user=member, organisation=organisation, role="owner")
    client.force_login(member)
    html = client.get(reverse("portal:dashboard")).content.decode()
    assert "Extension of neuro-start" in html
    assert "Extension of neuro-works" not in html
    assert reverse("catalog:my_products") in html  # the enterprise's card still has the catalogue's


def test_an_apps_demo_loader_runs_after_what_it_needs(extension_app):
    names = [loader.name for loader in get_loaders()]
    assert names.index("portal.users") < names.index("extension_app")
    assert names[-1] == "search"  # after=("*",): it indexes what every other loader wrote


def test_an_apps_router_is_mounted_in_the_api(extension_app):
    from tests.portal.extension_app.api import router

    assert ("/extension/", router) in portal_api.routers()
    paths = portal_api.build_api().get_openapi_schema(path_prefix="/api/v1/")["paths"]
    assert "/api/v1/extension/" in paths
    assert "/api/v1/products/" in paths


@pytest.mark.django_db
def test_an_apps_sitemap_is_a_section_of_the_site_map(extension_app, client):
    assert "<loc>http://testserver/sitemap-extension.xml</loc>" in client.get("/sitemap.xml").text
    section = client.get("/sitemap-extension.xml").text
    assert "<loc>http://testserver/zh-hans/dashboard/</loc>" in section
    assert "<loc>http://testserver/en/dashboard/</loc>" in section


def test_an_apps_models_join_the_admin_roles(extension_app):
    assert roles.declared_model_permissions("STAFF_MODEL_PERMISSIONS")["extension_app"] == ["extensionindexpage"]
    assert roles.declared_model_permissions("PROJECT_MANAGER_MODEL_PERMISSIONS")["extension_app"] == [
        "extensionindexpage"
    ]


def test_the_catalogue_and_the_cases_are_found_in_their_own_files():
    templates = [section.template for section in dashboard.sections()]
    assert templates == [
        "catalog/dashboard/products.html",
        "cases/dashboard/cases.html",
        "incubator/dashboard/profiles.html",
        "incubator/matching/dashboard.html",
        "incubator/dashboard/meetings.html",
        "incubator/dashboard/datarooms.html",
        "incubator/dashboard/programmes.html",
    ]
    assert [shortcut.template for shortcut in dashboard.shortcuts()] == [
        "judging/dashboard_shortcut.html",
        "competition/dashboard/competition.html",
    ]
    assert [loader.name for loader in get_loaders()] == [
        "portal.site",
        "portal.organisations",
        "portal.users",
        "catalog.products",
        "catalog.media",
        "catalog.editions",
        "cases",
        "cases.selection_panel",
        "competition",
        "competition.algorithm",
        "incubator.profiles",
        "incubator.people",
        "incubator.meetings",
        "incubator.datarooms",
        "incubator.pipeline",
        "incubator.programmes",
        "incubator.searches",
        "search",
    ]
    assert [prefix for prefix, _router in portal_api.routers()] == [
        "/algorithm-tasks/",
        "/cases/",
        "/competitions/",
        "/editions/",
        "/platforms/",
        "/products/",
        "/search/",
        "/startups/",
        "/tracks/",
    ]
    staff = roles.declared_model_permissions("STAFF_MODEL_PERMISSIONS")
    assert staff == {
        "portal": ["organisation", "membership", "invitation", "sitesettings"],
        "judging": [
            "rubric",
            "criterion",
            "panel",
            "paneljudge",
            "judgeprofile",
            "conflictdeclaration",
            "item",
            "assignment",
            "scorecard",
        ],
        "cases": ["typicalcaseselection"],
        "competition": ["competition", "track", "algorithmtask", "algorithmtaskfile"],
        "incubator": INCUBATOR_MODELS,
    }


def test_editors_add_the_same_page_types_where_they_did():
    """What editors can add under each page type, as before the home page stopped listing its children."""
    forget_installed_apps()
    creatable = {
        model._meta.label: sorted(child._meta.label for child in model.creatable_subpage_models())
        for model in get_page_models()
    }
    assert creatable == {
        "wagtailcore.Page": ["cases.CaseIndexPage", "portal.HomePage", "portal.NewsIndexPage", "portal.StandardPage"],
        "portal.HomePage": [
            "cases.CaseIndexPage",
            "competition.CompetitionPage",
            "portal.NewsIndexPage",
            "portal.StandardPage",
        ],
        "portal.StandardPage": ["portal.StandardPage"],
        "portal.NewsIndexPage": ["portal.NewsPage"],
        "portal.NewsPage": [],
        "cases.CaseIndexPage": ["cases.CasePage"],
        "cases.CasePage": [],
        "competition.CompetitionPage": [],
    }
    # And where existing pages may be moved: the same, but for Wagtail's base Page, which is never
    # created (only the tree's root is one) and which the home page now accepts like any default.
    assert [m for m in HomePage.allowed_subpage_models() if m is not Page] == [
        m
        for m in get_page_models()
        if m in (StandardPage, NewsIndexPage) or m._meta.label in ("cases.CaseIndexPage", "competition.CompetitionPage")
    ]
    assert NewsPage.allowed_parent_page_models() == [NewsIndexPage]
    assert HomePage.allowed_parent_page_models() == [Page]


#: A reference to an app: an import, a dotted path, model label, URL name or template path in a
#: string, a template tag library.
APPS = "catalog|cases|competition|incubator"
APP_REFERENCE = re.compile(rf"""(?:\b(?:from|import)\s+(?:{APPS})\b)|(?:["'](?:{APPS})[.:/])|(?:\b(?:{APPS})_tags\b)""")


def _named_in_code(path: Path):
    """``(line, text)`` of what a module names in its code: its imports and string constants.

    Docstrings and comments are left out: they may take an app as their example.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    documented = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, documented) and node.body and isinstance(node.body[0], ast.Expr)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, f"import {alias.name}") for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.lineno, f"from {node.module} import"
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, repr(node.value)


def _named_in_template(path: Path):
    yield from enumerate(path.read_text(encoding="utf-8").splitlines(), 1)


def test_portal_names_no_app():
    root = Path(settings.BASE_DIR)
    allowed = {root / "portal" / "urls.py"}
    files = [
        path
        for path in [*(root / "portal").rglob("*.py"), *(root / "templates" / "portal").rglob("*")]
        if path.is_file()
        and path not in allowed
        and "settings" not in path.relative_to(root).parts
        and "migrations" not in path.relative_to(root).parts
    ]
    found = [
        f"{path.relative_to(root)}:{number}: {text.strip()}"
        for path in files
        for number, text in (_named_in_code(path) if path.suffix == ".py" else _named_in_template(path))
        if APP_REFERENCE.search(text)
    ]
    assert found == []


def test_the_check_sees_an_app_named_in_code_but_not_in_a_docstring(tmp_path):
    module = tmp_path / "module.py"
    module.write_text(
        '"""Declare ``Panel("cases/_product_cases.html", …)`` in ``cases/panels.py``."""\n'
        "from incubator.profiles import queries  # the import\n"
        "TEMPLATE = 'catalog/_organisation_products.html'\n"
        "def f():\n"
        '    """Like ``competition.entry``."""\n'
        '    return reverse("competition:entry_list")\n',
        encoding="utf-8",
    )
    named = [number for number, text in _named_in_code(module) if APP_REFERENCE.search(text)]
    assert sorted(named) == [2, 3, 6]
