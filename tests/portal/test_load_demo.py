"""``manage.py load_demo``: runs on an empty database, is idempotent, bilingual, one user per role.

The demo is loaded once per module inside a transaction that is rolled back afterwards; each
test runs in a savepoint of its own. On PostgreSQL only the process's first load runs the command;
the modules after it (the catalogue's, the cases', the competition's, the editions', the menus',
the browser tests') put its rows back in about two seconds (``tests/demo_load.py``).
"""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.management import CommandError
from django.db import connection, transaction
from wagtail.models import Locale, Page, ReferenceIndex, Revision, Site

from portal.demo.organisations import ORGANISATIONS
from portal.demo.users import DEMO_USERS, PASSWORD_ENV, demo_password
from portal.management.commands import load_demo as load_demo_command
from portal.models import HomePage, Membership, NewsPage, Organisation, SiteSettings, StandardPage, User
from portal.models.pages import NewsCategory
from portal.organisations.models import OrganisationKind, VerificationStatus
from portal.permissions import PROJECT_MANAGER_GROUP, STAFF_GROUP
from tests.accounts.conftest import sign_in
from tests.demo_load import PASSWORD, load_or_restore, run_load_demo
from tests.portal.extension_app.demo import loaded as loaded_by_extension

CJK = re.compile(r"[\u3400-\u9fff]")


def snapshot() -> dict:
    """Row counts and the latest revision of every page: what a second run must not change."""
    models = [
        Page,
        Revision,
        Locale,
        Site,
        SiteSettings,
        Organisation,
        Membership,
        User,
        EmailAddress,
        Group,
        ReferenceIndex,
    ]
    state = {model.__name__: model.objects.count() for model in models}
    state["revisions"] = dict(Page.objects.values_list("pk", "latest_revision_id"))
    state["passwords"] = dict(User.objects.values_list("email", "password"))
    return state


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch:
        patch.setenv(PASSWORD_ENV, PASSWORD)
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            before = {"home pages": HomePage.objects.count(), "users": User.objects.count()}
            output = load_or_restore(connection)
            yield {"before": before, "output": output, "after": snapshot()}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def demo_password_env(monkeypatch):
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)


def test_runs_on_an_empty_database(demo, db):
    assert demo["before"] == {"home pages": 0, "users": 0}
    assert "objects created" in demo["output"]
    assert HomePage.objects.count() == 2
    # Wagtail's "Welcome to your new Wagtail site!" placeholder is gone.
    assert not Page.objects.filter(depth=2, content_type__model="page").exists()


def test_second_run_changes_nothing(demo, db, demo_password_env):
    output = run_load_demo()
    assert "nothing changed" in output
    assert snapshot() == demo["after"]


def test_default_site_serves_the_chinese_home_page(demo, db):
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("localhost", 80)
    assert isinstance(site.root_page.specific, HomePage)
    assert site.root_page.locale.language_code == "zh-hans"
    settings = SiteSettings.for_site(site)
    assert settings.address_zh and settings.address_en and settings.contact_email
    assert settings.icp_number == "沪ICP备00000000号-1"  # a placeholder, not a real filing
    assert settings.public_security_filing == "沪公网安备00000000000000号"  # the same


@pytest.mark.parametrize(("language", "hero"), [("zh-hans", "携手培育脑机接口未来产业"), ("en", "Building Shanghai")])
def test_both_locales_have_a_live_home_page(demo, db, client, language, hero):
    home = HomePage.objects.live().get(locale__language_code=language)
    assert hero in home.hero_title
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    assert hero in response.content.decode()


def test_every_english_page_is_a_real_english_translation(demo, db):
    english = Page.objects.filter(locale__language_code="en").specific()
    assert len(english) == Page.objects.filter(locale__language_code="zh-hans", depth__gt=1).count()
    for page in english:
        chinese = page.get_translation(Locale.objects.get(language_code="zh-hans"))
        assert page.live and page.alias_of_id is None, page.url_path
        assert page.title != chinese.title, page.url_path
        assert page.slug == chinese.slug or page.depth == 2
        for field in ("title", "introduction", "summary", "hero_title", "hero_text", "listing_summary", "source"):
            assert not CJK.search(getattr(page, field, "") or ""), f"{page.url_path} {field}"


def test_english_pages_are_served_under_the_english_prefix(demo, db, client):
    for page in StandardPage.objects.live().filter(locale__language_code="en"):
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert page.url.startswith("/en/")


def test_home_sections_lead_to_pages_in_the_same_language(demo, db):
    for home in HomePage.objects.all():
        assert len(home.sections) == 5
        icons = {block.value["icon"] for block in home.sections}
        assert icons == {"catalogue", "cases", "competition", "incubator", "search"}
        for block in home.sections:
            assert block.value["page"].locale_id == home.locale_id


def test_news_covers_every_category_and_marks_invented_items(demo, db):
    for language in ("zh-hans", "en"):
        news = NewsPage.objects.live().filter(locale__language_code=language)
        assert news.count() >= 10
        assert {item.category for item in news} == set(NewsCategory.values)
        note = "演示内容" if language == "zh-hans" else "Demo content"
        for item in news:
            assert item.summary and item.source and len(item.body) >= 1
            assert 2025 <= item.date.year <= 2026
            if item.slug != "action-plan-issued":  # the one real event: the plan itself
                assert note in str(item.body), item.slug


def test_organisations_of_every_kind(demo, db):
    for kind in OrganisationKind.values:
        assert Organisation.objects.filter(kind=kind).count() >= 2, kind
    # The portal's own; the apps' loaders add theirs (the incubator's startups, investors, platforms).
    assert Organisation.objects.filter(slug__in=[row["slug"] for row in ORGANISATIONS]).count() == len(ORGANISATIONS)
    assert Organisation.objects.filter(verification_status=VerificationStatus.PENDING).exists()
    assert Organisation.objects.verified().count() > Organisation.objects.count() // 2
    assert not Organisation.objects.filter(name_en="").exists()
    assert not Organisation.objects.filter(description_en="").exists()


@pytest.mark.parametrize("spec", DEMO_USERS, ids=lambda spec: spec.key)
def test_every_demo_user_can_log_in(demo, db, client, spec):
    response = sign_in(client, spec.email, PASSWORD)
    assert response.status_code == 302 and "_auth_user_id" in client.session, spec.email
    user = User.objects.get(email=spec.email)
    assert EmailAddress.objects.filter(user=user, email=spec.email, verified=True, primary=True).exists()
    if spec.group:
        assert user.groups.filter(name=spec.group).exists()
    if spec.organisation:
        assert Membership.objects.filter(user=user, organisation__slug=spec.organisation).exists()


def test_roles_are_what_they_say(demo, db):
    staff = User.objects.get(email="staff@demo.bci-alliance.example")
    assert staff.is_staff and not staff.is_superuser and staff.groups.filter(name=STAFF_GROUP).exists()
    assert User.objects.get(email="admin@demo.bci-alliance.example").is_superuser
    assert User.objects.get(email="pm@demo.bci-alliance.example").groups.filter(name=PROJECT_MANAGER_GROUP).exists()
    assert not User.objects.get(email="member@demo.bci-alliance.example").memberships.exists()
    assert Membership.objects.get(user__email="enterprise-owner@demo.bci-alliance.example").role == "owner"
    assert Membership.objects.get(user__email="enterprise-editor@demo.bci-alliance.example").role == "editor"
    # Every organisation a demo login belongs to has an owner (who may invite and manage members).
    with_members = Organisation.objects.filter(slug__in={spec.organisation for spec in DEMO_USERS if spec.organisation})
    assert all(org.memberships.filter(role="owner").exists() for org in with_members), [
        org.slug for org in with_members if not org.memberships.filter(role="owner").exists()
    ]


def test_staff_reach_the_wagtail_admin_when_mfa_is_not_required(demo, db, client, settings):
    settings.PORTAL_STAFF_MFA_REQUIRED = False  # as in dev
    for email in ("staff@demo.bci-alliance.example", "pm@demo.bci-alliance.example"):
        sign_in(client, email, PASSWORD)
        assert client.get("/admin/").status_code == 200, email
        client.logout()
    sign_in(client, "member@demo.bci-alliance.example", PASSWORD)
    assert client.get("/admin/").status_code in (302, 403)


def test_no_credentials_printed_when_disabled(demo, db, settings, demo_password_env):
    assert settings.PORTAL_SHOW_DEMO_CREDENTIALS is False
    for output in (demo["output"], run_load_demo()):
        assert PASSWORD not in output
        assert "staff@demo.bci-alliance.example" not in output
        assert "not shown" in output


def test_credentials_printed_in_dev(demo, db, settings, demo_password_env):
    settings.PORTAL_SHOW_DEMO_CREDENTIALS = True
    output = run_load_demo()
    assert PASSWORD in output
    assert all(spec.email in output for spec in DEMO_USERS)


def test_without_a_password_outside_dev_accounts_get_none(demo, db, settings, monkeypatch):
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    assert demo_password() is None
    output = run_load_demo("--reset-passwords")
    assert PASSWORD_ENV in output
    assert not any(
        user.has_usable_password() for user in User.objects.filter(email__endswith="demo.bci-alliance.example")
    )
    settings.PORTAL_SHOW_DEMO_CREDENTIALS = True
    assert demo_password()  # the dev default


def test_later_apps_declare_their_loaders_in_their_own_files(demo, db, extension_app, demo_password_env):
    """tests/portal/extension_app declares a loader in its demo.py: it runs after the portal's."""
    output = run_load_demo()
    assert len(loaded_by_extension) == 1
    assert "extension thing: 0 created, 1 already present" in output


def test_a_technical_site_name_becomes_the_alliances_name(demo, db, demo_password_env):
    """The Site's name (the admin, the mails) is the alliance's: a technical one is replaced, staff's kept."""
    site = Site.objects.get(is_default_site=True)
    assert site.site_name == "上海市脑机接口产业创新战略联盟"
    for technical in ("bci_portal", "localhost", ""):
        Site.objects.filter(pk=site.pk).update(site_name=technical)
        run_load_demo()
        assert Site.objects.get(pk=site.pk).site_name == "上海市脑机接口产业创新战略联盟", technical
    Site.objects.filter(pk=site.pk).update(site_name="脑机接口联盟门户")
    run_load_demo()
    assert Site.objects.get(pk=site.pk).site_name == "脑机接口联盟门户"


def test_the_demo_is_not_loaded_without_the_chinese_catalogue(db, monkeypatch):
    """Its Chinese texts are made with gettext (a product's labels): without the compiled catalogue they
    would hold English words, so the command stops and says what to run."""
    monkeypatch.setattr(load_demo_command, "_chinese_compiled", lambda: False)
    users = User.objects.count()
    with pytest.raises(CommandError, match="compilemessages"):
        run_load_demo()
    assert User.objects.count() == users
