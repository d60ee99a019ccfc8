"""The alliance's admin roles as Django groups, kept in place after every migrate.

* Alliance staff: Wagtail admin, edit/publish every page, images, documents,
  organisations (verification) and whatever later apps register for staff.
* Project managers: Wagtail admin, read-only view of organisations, and the incubator
  pipeline (later issue). They do not edit pages (Wagtail has no read-only page
  permission) nor an organisation's identity, which only staff verify and change.

Each app declares the model permissions its roles need in its own ``permissions.py``
(``portal.discovery``): ``STAFF_MODEL_PERMISSIONS`` (models of the app staff add, change,
delete and view) and ``PROJECT_MANAGER_MODEL_PERMISSIONS`` (models project managers view).
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from portal import discovery
from portal.permissions import PROJECT_MANAGER_GROUP, STAFF_GROUP

#: Wagtail's own models that staff manage (the apps' come from their permissions.py).
WAGTAIL_STAFF_MODEL_PERMISSIONS = {"wagtailimages": ["image"], "wagtaildocs": ["document"]}
STAFF_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page", "bulk_delete_page"]


def declared_model_permissions(name: str) -> dict[str, list[str]]:
    """``{app label: [model name, ...]}`` from each app's ``permissions.<name>``."""
    spec: dict[str, list[str]] = {}
    for label, models in discovery.declared("permissions", name):
        spec.setdefault(label, []).extend(models)
    return spec


def _model_permissions(spec: dict[str, list[str]], actions=("add", "change", "delete", "view")):
    codenames = [f"{action}_{model}" for models in spec.values() for model in models for action in actions]
    return Permission.objects.filter(content_type__app_label__in=spec.keys(), codename__in=codenames)


@transaction.atomic
def ensure_role_groups() -> None:
    admin_access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    staff, _ = Group.objects.get_or_create(name=STAFF_GROUP)
    managers, _ = Group.objects.get_or_create(name=PROJECT_MANAGER_GROUP)

    staff_models = declared_model_permissions("STAFF_MODEL_PERMISSIONS") | WAGTAIL_STAFF_MODEL_PERMISSIONS
    manager_models = declared_model_permissions("PROJECT_MANAGER_MODEL_PERMISSIONS")
    staff.permissions.add(admin_access, *_model_permissions(staff_models))
    managers.permissions.add(admin_access, *_model_permissions(manager_models, actions=("view",)))

    root = Page.get_first_root_node()
    if root is not None:
        for codename in STAFF_PAGE_PERMISSIONS:
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            GroupPagePermission.objects.get_or_create(group=staff, page=root, permission=permission)

    collection = Collection.get_first_root_node()
    if collection is not None:
        for app_label, model in (("wagtailimages", "image"), ("wagtaildocs", "document")):
            for action in ("add", "change", "choose"):
                permission = Permission.objects.filter(
                    content_type__app_label=app_label, codename=f"{action}_{model}"
                ).first()
                if permission:
                    GroupCollectionPermission.objects.get_or_create(
                        group=staff, collection=collection, permission=permission
                    )
