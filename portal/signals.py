"""Signal handlers connected in ``PortalConfig.ready``."""

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.users.models import UserProfile

from portal import navigation, public_cache
from portal.models.site_settings import SiteSettings
from portal.roles import ensure_role_groups


def after_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    """After every ``migrate``: the role groups with every app's permissions, a settings row per site."""
    ensure_role_groups()
    SiteSettings.ensure_for_every_site(using=using)


CHROME = ("pages", public_cache.CHROME_TAG)


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def invalidate_pages(sender, instance, parent_page_before=None, **kwargs):
    # Navigation and listings show other pages, so any page change stales them all; the other
    # apps' pages (a product, a start-up) only show the chrome, which few pages are part of.
    if navigation.shows_in_chrome(instance, parent_before=parent_page_before):
        public_cache.invalidate_on_commit(*CHROME)
    else:
        public_cache.invalidate_on_commit("pages")


@receiver(post_delete)
def invalidate_on_page_delete(sender, instance, **kwargs):
    # Deleting is rare, and the page's links to it (a list an introduction leads to) are gone already.
    if isinstance(instance, Page):
        public_cache.invalidate_on_commit(*CHROME)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def invalidate_on_privacy_change(sender, **kwargs):
    # Making a page private does not publish it: without this, the cached public copy
    # (and the remembered restriction list) would outlive the restriction.
    public_cache.invalidate_on_commit(*CHROME)


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def invalidate_on_site_change(sender, **kwargs):
    # Remembered routes (portal/routing.py) and page URLs start from the sites' root pages.
    public_cache.invalidate_on_commit(*CHROME)


@receiver(post_save, sender=SiteSettings)
def invalidate_on_settings_change(sender, created=False, **kwargs):
    # A row created on first use holds the defaults every page already showed; the footer shows them.
    if not created:
        public_cache.invalidate_on_commit(*CHROME)


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def sync_admin_language(sender, instance, raw=False, update_fields=None, **kwargs):
    """The Wagtail admin speaks the language the member chose for the portal and its e-mails."""
    if raw:  # loaddata / restored fixtures bring their own profile rows
        return
    if update_fields is not None and "preferred_language" not in update_fields:
        return  # e.g. the last_login update on every sign-in
    profile = UserProfile.get_for_user(instance)
    if profile.preferred_language != instance.preferred_language:
        profile.preferred_language = instance.preferred_language
        profile.save(update_fields=["preferred_language"])


@receiver(post_save, sender=UserProfile)
def sync_email_language(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    """The other way: the language staff choose on the admin's account page is their e-mails' language too
    (it changed the admin only, and their mail stayed in the language they signed up in). "Use the server
    language" (blank) is the site's. A profile just created holds Wagtail's blank default, not a choice."""
    if raw or created or (update_fields is not None and "preferred_language" not in update_fields):
        return
    language = instance.preferred_language or settings.LANGUAGE_CODE
    user = instance.user
    if language in dict(settings.LANGUAGES) and user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
