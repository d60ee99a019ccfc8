"""Staff areas of the Wagtail admin: who may look, the dashboard's panels, the main menu's items.

``StaffViewPolicy`` lets alliance staff and project managers look at a reviewed model (and
nothing else: decisions go through the decision view, not the admin's forms).
``WaitingListPanel`` lists what waits for staff on their dashboard: the first ``limit`` rows,
the total and a link to the filtered listing (``listing_url``); ``@on_staff_dashboard`` puts it there.
``StaffMenuViewSet`` is a staff area's item in the main menu, shown to whom its ``menu_check``
lets in (through ``shown_to(check)``); the area's views check again.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils.functional import Promise, cached_property, lazy
from django.utils.http import urlencode
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.base import ViewSet
from wagtail.permission_policies.base import BasePermissionPolicy

from portal import permissions as portal_permissions


class StaffViewPolicy(BasePermissionPolicy):
    """Alliance staff and project managers may look; decisions go through the decision views, not the admin's forms."""

    def user_has_permission(self, user, action):
        return action == "view" and portal_permissions.is_alliance_staff(user)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return get_user_model().objects.none()
        return get_user_model().objects.filter(
            groups__name__in=[portal_permissions.STAFF_GROUP, portal_permissions.PROJECT_MANAGER_GROUP]
        )


class WaitingListPanel(Component):
    """What waits for staff (organisations to verify, products to review…), on their dashboard.

    A subclass gives ``name``, ``heading``, ``template_name`` (extending
    ``portal/admin/waiting_list_panel.html``), ``order`` and ``index_url`` (the filtered listing
    its "see all" link opens, a ``listing_url``), and implements ``get_queryset``.
    """

    heading = ""  # translated, e.g. gettext_lazy("Products awaiting review")
    limit = 10
    #: Whose dashboard shows the panel: those who may open its list (``index_url``); staff and
    #: project managers unless the list is narrower (the outbox's: staff only).
    shown_to = staticmethod(portal_permissions.is_alliance_staff)
    #: e.g. ``listing_url("organisations:index", verification_status=VerificationStatus.PENDING)``;
    #: ``@on_staff_dashboard`` refuses a panel without one.
    index_url = None
    #: An alarm rather than a list of work (background tasks given up): shown only when it holds something,
    #: so that an empty one does not push the work waiting below it.
    only_when_waiting = False

    def get_queryset(self):
        raise NotImplementedError

    def render_html(self, parent_context=None):
        if self.only_when_waiting and not self.get_queryset().exists():
            return ""
        return super().render_html(parent_context)

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        waiting = self.get_queryset()
        context["items"] = list(waiting[: self.limit])
        context["total"] = waiting.count()
        context["index_url"] = self.index_url
        context["heading"] = self.heading
        context["panel_id"] = self.name.replace("_", "-")
        return context


def _filtered(url_name: str, filters: dict) -> str:
    return f"{reverse(url_name)}?{urlencode(filters, doseq=True)}"


def listing_url(url_name: str, **filters) -> Promise:
    """The URL named ``url_name`` with ``filters`` as its query string (a list repeats its key).

    Lazy, as ``reverse_lazy`` is: reversed each time it is rendered, so a class attribute may hold it.
    """
    return lazy(_filtered, str)(url_name, filters)


def on_staff_dashboard(panel_class):
    """Class decorator: the panel is shown on the admin dashboard of those its ``shown_to`` admits.

    A panel without its ``index_url`` is refused here, when the app loads, rather than linking nowhere.
    """
    if panel_class.index_url is None:
        raise ImproperlyConfigured(f"{panel_class.__name__} must say where its list is (index_url).")

    def add_panel(request, panels):
        if panel_class.shown_to(request.user):
            panels.append(panel_class())

    hooks.register("construct_homepage_panels", add_panel)
    return panel_class


def shown_to(check) -> type[MenuItem]:
    """A ``MenuItem`` class shown only to users ``check(user)`` lets in (``StaffMenuViewSet`` makes its
    ``menu_item_class`` from its ``menu_check`` this way)."""
    return type("PermissionMenuItem", (MenuItem,), {"is_shown": lambda self, request: check(request.user)})


class StaffMenuViewSet(ViewSet):
    """A staff area of the admin (panels, rounds, the pipeline…) with its own item in the main menu,
    shown only to whom ``menu_check`` lets in; the area's views check again.

    A subclass gives Wagtail's ``name``, ``url_prefix``, ``icon``, ``menu_label``, ``menu_order`` and
    ``get_urlpatterns``, and its check as ``menu_check = staticmethod(permissions.can_…)``: an area
    without one is refused when the class is made, rather than shown to everyone.
    """

    add_to_admin_menu = True
    menu_check = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.menu_check is None:
            raise ImproperlyConfigured(f"{cls.__name__} must say who sees its menu item (menu_check).")

    @cached_property
    def menu_item_class(self):
        return shown_to(self.menu_check)
