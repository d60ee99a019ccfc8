"""Locales, the home page, the bilingual page tree, the default Site and its settings.

The pages are data: ``content/pages.toml`` (the home page, its section cards and call-out,
the editorial pages) and ``content/news.toml`` (news under the news index), read with
``portal.demo.data``.
"""

import re

from django.contrib.contenttypes.models import ContentType
from wagtail.coreutils import find_available_slug
from wagtail.models import Locale, Page, Site

from portal.demo.data import CONTENT, LANGUAGES, page_tree, read
from portal.demo.pages import apply_fields, callout, ensure_translation, ensure_tree, publish
from portal.demo.registry import EN, ZH, DemoContext
from portal.models import HomePage, SiteSettings

PAGES = read(CONTENT / "pages.toml")
HOME = PAGES["home"]
#: The page tree below the home page: the editorial pages, and the news under "news".
TREE = page_tree(PAGES["pages"] + read(CONTENT / "news.toml")["pages"])

#: The Site's name in the admin and the mails: the alliance's full name, as ``SiteSettings``' default.
SITE_NAME = "上海市脑机接口产业创新战略联盟"
#: A name no one would give the alliance's site: a lowercase identifier or host ("portal", "bci-portal.local").
TECHNICAL_NAME = re.compile(r"[a-z0-9_.:-]+")

SITE_SETTINGS = {
    "address_zh": "上海市浦东新区张江科学城示范路100号（演示地址）",
    "address_en": "100 Shifan Road, Zhangjiang Science City, Pudong New Area, Shanghai (demo address)",
    "contact_email": "secretariat@bci-alliance.example",
    "contact_phone": "021-5555 0100",  # 5555: a number range no real line uses
    "icp_number": "沪ICP备00000000号-1",  # all zeros: a placeholder, not a filing
    "public_security_filing": "沪公网安备00000000000000号",  # the same
}


def load(context: DemoContext) -> None:
    _ensure_locale(context, ZH)
    en = _ensure_locale(context, EN)
    home = _ensure_home(context)
    site = _ensure_site(context, home)
    home_en, _ = ensure_translation(context, home, en, HOME[LANGUAGES[EN]])
    pages = ensure_tree(context, home, TREE, en)
    _ensure_home_sections(context, home, ZH, pages)
    _ensure_home_sections(context, home_en, EN, pages)
    _ensure_site_settings(context, site)


def _ensure_locale(context: DemoContext, code: str) -> Locale:
    locale, created = Locale.objects.get_or_create(language_code=code)
    context.record("locale", created)
    return locale


def _ensure_home(context: DemoContext) -> HomePage:
    """The Chinese home page at the top of the tree, replacing Wagtail's placeholder.

    ``wagtail``'s first migration creates a plain ``Page`` titled "Welcome to your new
    Wagtail site!" as the default Site's root. It is removed (only when it is still a
    childless plain Page) and a ``HomePage`` takes its place.
    """
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(depth=2, locale__language_code=ZH).first()
    if home is not None:
        context.record("page", False)
        return home

    plain_page = ContentType.objects.get_for_model(Page)
    placeholders = list(root.get_children().filter(content_type=plain_page, numchild=0))
    if placeholders:
        # Site.root_page cascades on delete: point the sites elsewhere first.
        Site.objects.filter(root_page__in=placeholders).update(root_page=root)
        for placeholder in placeholders:
            placeholder.delete()
        root.refresh_from_db()

    home = HomePage(slug=find_available_slug(root, "home"), locale=Locale.objects.get(language_code=ZH))
    apply_fields(home, HOME[LANGUAGES[ZH]])
    root.add_child(instance=home)
    publish(home)
    context.record("page", True)
    context.log("  + home page (zh-hans)")
    return home


def is_technical_name(site: Site) -> bool:
    """Whether ``site``'s name is none or a technical one ("localhost", "portal", "bci_portal", its
    hostname) rather than a name staff gave it: the admin and the mails would show it to members."""
    name = (site.site_name or "").strip()
    return not name or name == site.hostname or TECHNICAL_NAME.fullmatch(name) is not None


def _ensure_site(context: DemoContext, home: HomePage) -> Site:
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.filter(hostname="localhost").first()
    if site is None:
        site = Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name=SITE_NAME
        )
        context.record("site", True)
        return site
    # An existing Site keeps its hostname (it may be a real deployment); it must serve the home page.
    changed = site.root_page_id != home.pk or not site.is_default_site or is_technical_name(site)
    if changed:
        site.root_page = home
        site.is_default_site = True
        site.site_name = SITE_NAME if is_technical_name(site) else site.site_name
        site.save()
    context.record("site", changed)
    return site


def _ensure_home_sections(context: DemoContext, home: HomePage, language: str, pages: dict) -> None:
    """Section cards and the join call-out, once the pages they lead to exist."""
    if len(home.sections) or len(home.body):
        context.record("home sections", False)
        return
    home.refresh_from_db()
    key = LANGUAGES[language]
    home.sections = [
        {
            "type": "section",
            "value": {
                "title": section[key]["title"],
                "text": section[key]["text"],
                "page": pages[section["page"]][language].pk,
                "url": "",
                "icon": section["icon"],
                "lists": section.get("lists", []),
            },
        }
        for section in HOME["sections"]
    ]
    call = HOME["callout"]
    link = f'<p><a linktype="page" id="{pages[call["page"]][language].pk}">{call[key]["link"]}</a></p>'
    home.body = [callout(call[key]["title"], call[key]["text"], link)]
    publish(home)
    context.record("home sections", True)


def _ensure_site_settings(context: DemoContext, site: Site) -> None:
    settings = SiteSettings.for_site(site)
    blank = {name: value for name, value in SITE_SETTINGS.items() if not getattr(settings, name)}
    if blank:
        apply_fields(settings, blank)
        settings.save()
    context.record("site settings", bool(blank))
