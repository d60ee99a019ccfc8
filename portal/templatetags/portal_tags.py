from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Page

register = template.Library()


@register.inclusion_tag("components/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to the same page in every language (a translated Wagtail page when one exists)."""
    request = context["request"]
    page = context.get("page")
    current = translation.get_language()
    links = []
    translations = {}
    if isinstance(page, Page):
        translations = {
            p.locale.language_code: p for p in page.get_translations(inclusive=True).live().select_related("locale")
        }
    for code, name in settings.LANGUAGES:
        if code in translations:
            url = translations[code].get_url(request)
        else:
            url = translate_url(request.get_full_path(), code)
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return {"links": links}


@register.simple_tag(takes_context=True)
def alternate_language_links(context):
    return ""


@register.inclusion_tag("components/main_menu.html", takes_context=True)
def main_menu(context):
    request = context["request"]
    from wagtail.models import Site

    site = Site.find_for_request(request)
    items = []
    if site is not None:
        root = site.root_page.localized
        items = list(root.get_children().live().in_menu().specific(defer=True))
    return {"items": items, "request": request, "current": context.get("page")}
