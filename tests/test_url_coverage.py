"""The whole site's role × URL matrix: every URL pattern, both languages, both organisations' objects.

Issue #11 ("attacks as tests"). The matrix files of the apps (``tests/**/test_*matrix*.py``) list
their URLs as ``Row``s; this module walks the URL resolver (the portal, catalogue, cases,
search, the JSON API, allauth's account and MFA pages, documents, Wagtail's page routes,
``/healthz``, the Wagtail admin) and fails when

* a URL pattern has no row (a new URL must get one, in the file of its app);
* a pattern under ``i18n_patterns`` is not requested in every language (each pattern's first
  GET row is repeated in the other languages here, expecting the same answers);
* a member URL naming an organisation's object (an id, slug or token) has no rows for an object
  of organisation A *and* one of organisation B, for GET and, when the view takes it, POST.

The Wagtail admin is covered as a group: every admin pattern is requested (arguments filled
with real objects where there are some) as every role: anonymous visitors are sent to sign
in, members of organisations are redirected or refused (never shown the page), staff and
project managers never get a server error. The apps' files keep their own admin rows for the
decisions (who may approve, who may only look).
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import NoReverseMatch, reverse

from tests.matrix import (
    DENIED,
    LOGIN,
    NO_SERVER_ERROR,
    OWNER_A,
    OWNER_B,
    Row,
    check_matrix,
    expect,
    language_of,
    matrix_rows,
    pattern_of,
    redirect_to,
    url_patterns,
)

# --- the Wagtail admin, as a group ----------------------------------------------------------

#: Every admin URL, for everyone but staff and project managers: sent to sign in (anonymous) or
#: refused. Staff and project managers: never a server error (what they may do is decided in
#: the apps' matrix files).
ADMIN = expect(
    anonymous=LOGIN,
    member=DENIED,
    editor_a=DENIED,
    owner_a=DENIED,
    owner_b=DENIED,
    project_manager=NO_SERVER_ERROR,
    staff=NO_SERVER_ERROR,
)
#: Admin URLs that answer otherwise, by name (or route when unnamed), and why.
ADMIN_EXCEPTIONS = {
    # Static resources of the admin's pages (the icon sprite, the JavaScript translations): no data.
    "wagtailadmin_sprite": expect(default=200),
    "wagtailadmin_javascript_catalog": expect(default=200),
    # Wagtail's password reset is replaced by allauth's (portal/urls.py): the form leads there and
    # the rest of Wagtail's reset pages are switched off.
    "admin/password_reset/": expect(default=redirect_to("/accounts/password/reset/")),
    "wagtailadmin_password_reset_done": expect(default=404),
    "wagtailadmin_password_reset_confirm": expect(default=404),
    "wagtailadmin_password_reset_complete": expect(default=404),
    # Wagtail's page for trying out the admin's error page: it raises on purpose.
    "wagtailadmin_error_test": ADMIN | {"project_manager": 500, "staff": 500},
}


def _admin_objects(w) -> dict:
    """Real objects for the admin's URL arguments (so pages render rather than 404)."""
    from django.contrib.auth.models import Group
    from wagtail.models import Locale, Task, Workflow

    from catalog.media.storage import uploads_collection
    from portal.models.site_settings import SiteSettings

    site = w.extra["site"]
    case = w.extra["live_case"]
    return {
        "page": case,
        "parent_page": site.index,
        "revision": case.latest_revision_id,
        "collection": uploads_collection(),
        "workflow": Workflow.objects.order_by("pk").first(),
        "task": Task.objects.order_by("pk").first(),
        "group": Group.objects.order_by("pk").first(),
        "locale": Locale.objects.get(language_code="zh-hans"),
        "settings": SiteSettings.for_site(site.tree.site),
        "site": site.tree.site,
    }


#: Admin URL namespaces whose ``pk`` the view's model does not give away.
ADMIN_PK = {
    "wagtailadmin_api:pages": "page",
    "wagtailadmin_api:documents": "document",
    "wagtailadmin_api:images": "image",
    "wagtailadmin_pages": "page",
    "wagtailadmin_workflows": "workflow",
    "wagtailsettings": "settings",
}


def _model_objects(w, objects) -> dict:
    """The object the admin's views of a model are asked about, by model."""
    from django.contrib.auth.models import Group
    from wagtail.models import Locale, Site

    from cases.models import CaseSubmission, TypicalCaseSelection
    from catalog.editions.models import Edition, EditionApplication
    from catalog.models import Product
    from competition.models import Competition, Entry
    from portal.models import Invitation, Membership, Organisation, User

    return {
        Organisation: w.org_b,
        Membership: w.memberships[OWNER_B],
        Invitation: w.extra["invitation_b"],
        Product: w.extra["submitted_a"],
        Edition: w.extra["open"],
        EditionApplication: w.extra["application_a"],
        CaseSubmission: w.extra["case_submitted_a"],
        Entry: w.extra["entry_submitted_a"],
        Competition: w.extra["competition"],
        TypicalCaseSelection: w.extra["selection"],
        Locale: objects["locale"],
        Site: objects["site"],
        User: w.user("member"),
        Group: objects["group"],
    }


def _view_model(pattern):
    """The model a (Wagtail viewset) view is about, if it says."""
    from django.apps import apps

    callback = pattern.chain[-1].callback
    model = (getattr(callback, "view_initkwargs", None) or {}).get("model") or getattr(
        getattr(callback, "view_class", None), "model", None
    )
    return apps.get_model(model) if isinstance(model, str) else model


def _argument(w, pattern, name, objects, models):
    """A value for the URL argument ``name`` of the admin pattern ``pattern``."""
    namespace = pattern.name.rsplit(":", 1)[0] if ":" in pattern.name else ""
    model = _view_model(pattern)
    page, parent = objects["page"], objects["parent_page"]
    by_name = {
        "page_id": page.pk,
        "page_pk": page.pk,
        "page_to_move_id": page.pk,
        "parent_page_id": parent.pk,
        "destination_id": objects["site"].root_page_id,
        "content_type_app_name": "cases",
        "content_type_model_name": "casepage",
        "revision_id": objects["revision"],
        "revision_id_a": "earliest",
        "revision_id_b": "latest",
        "collection_id": objects["collection"].pk,
        "document_id": w.extra["live_a_doc"],
        "doc_id": w.extra["live_a_doc"],
        "image_id": objects["image"].pk,
        "filter_spec": "fill-80x80",
        "redirect_id": objects["redirect"].pk,
        "task_id": objects["task"].pk,
        "workflow_pk": objects["workflow"].pk,
        "object_id": page.pk,
        "uidb64": "MQ",
        "name": objects["image"].file.name,  # a private file (portal.views.private_media)
        "token": "set-password",
        "action_name": "approve",
        "decision": "approve",
        "action": "close" if namespace == "editions" else "accept",
    }
    if namespace == "organisations" and name == "decision":
        return "verified"
    if namespace == "case_submissions" and name == "decision":
        return "request_changes"
    if namespace == "competition_entries" and name == "decision":
        return "eligible"
    if name in ("app_label", "app_name", "model_name"):
        if pattern.name.startswith("wagtailsettings"):
            return {"app_label": "portal", "app_name": "portal", "model_name": "sitesettings"}[name]
        if "snippet" in pattern.route or "tag-autocomplete" in pattern.route:
            return {"app_label": "cases", "app_name": "cases", "model_name": "typicalcaseselection"}[name]
        if "workflows" in pattern.route:
            return {"app_label": "wagtailcore", "app_name": "wagtailcore", "model_name": "groupapprovaltask"}[name]
        if "bulk" in pattern.route:
            return {"app_label": "wagtailcore", "app_name": "wagtailcore", "model_name": "page"}[name]
        return {"app_label": "cases", "app_name": "cases", "model_name": "casepage"}[name]
    if name == "action" and "bulk" in pattern.route:
        return "delete"
    if name == "pk":
        if model in models:
            return models[model].pk
        kind = next((kind for prefix, kind in ADMIN_PK.items() if namespace.startswith(prefix)), None)
        if kind is None and model is not None:
            first = model._default_manager.order_by("pk").first()
            return first.pk if first is not None else 1
        if "workflows" in pattern.route and "task" in pattern.name:
            return objects["task"].pk
        return {
            "page": page.pk,
            "document": w.extra["live_a_doc"],
            "image": objects["image"].pk,
            "workflow": objects["workflow"].pk,
            "settings": objects["settings"].pk,
            None: 1,
        }[kind]
    return by_name.get(name, 1)


def _admin_url(w, pattern, objects, models) -> str:
    names = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", pattern.route)
    kwargs = {a or b: _argument(w, pattern, a or b, objects, models) for a, b in names}
    if pattern.name:
        try:
            return reverse(pattern.name, kwargs=kwargs)
        except NoReverseMatch:
            pass
    if pattern.route.endswith(".*/$"):  # the admin's catch-all (its own 404 page)
        return "/admin/no-such-admin-page/"
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), pattern.route)


def admin_rows(w) -> list[Row]:
    """One GET row per Wagtail admin pattern (and a POST row: refused alike for everyone but staff)."""
    from wagtail.contrib.redirects.models import Redirect

    from tests.portal.page_factories import make_image

    objects = _admin_objects(w)
    objects["image"] = make_image()
    objects["redirect"] = Redirect.objects.create(old_path="/old-page", redirect_link="/zh-hans/")
    models = _model_objects(w, objects)
    rows = []
    for pattern in url_patterns():
        if not pattern.route.startswith("admin/"):
            continue
        url = _admin_url(w, pattern, objects, models)
        expected = ADMIN_EXCEPTIONS.get(pattern.name or pattern.route, ADMIN)
        rows.append(Row(f"admin {pattern.name or pattern.route}", lambda _w, url=url: url, expected))
    return rows


#: The admin's rows, checked in this many parts: a part is a test of its own, so the test
#: workers share them (the whole took 67 s in one worker, the suite's slowest test).
ADMIN_PARTS = 4


@pytest.mark.django_db
@pytest.mark.parametrize("part", range(ADMIN_PARTS))
def test_the_wagtail_admin_as_a_group(client, everything, part):
    check_matrix(client, everything, admin_rows(everything)[part::ADMIN_PARTS])


# --- coverage -------------------------------------------------------------------------------


def _covered(w, rows, patterns) -> dict:
    """``(pattern, language) -> [rows]`` for every row's URL (language ``None`` outside i18n_patterns)."""
    covered = {}
    for row in rows:
        pattern, language, _match = pattern_of(row.url(w), patterns)
        covered.setdefault((pattern, language), []).append(row)
    return covered


def _languages(pattern) -> list:
    return [code for code, _name in settings.LANGUAGES] if pattern.i18n else [None]


def other_language_rows(w, rows, patterns) -> list[Row]:
    """For each i18n pattern requested in one language only, its first GET row in the other languages."""
    covered = _covered(w, rows, patterns)
    variants = []
    for pattern in patterns:
        if not pattern.i18n:
            continue
        present = [language for language in _languages(pattern) if (pattern, language) in covered]
        if not present:
            continue
        candidates = covered[(pattern, present[0])]
        row = next((r for r in candidates if r.method == "get"), candidates[0])
        for language in _languages(pattern):
            if language in present:
                continue
            variants.append(
                Row(
                    f"{row.name} [{language}]",
                    lambda w, row=row, language=language: _in_language(row.url(w), language),
                    row.expected,
                    row.method,
                    row.data,
                )
            )
    return variants


def _in_language(url: str, language: str) -> str:
    current = language_of(url)
    return url.replace(f"/{current}/", f"/{language}/", 1)


@pytest.mark.django_db
def test_every_url_pattern_has_rows_in_every_language(everything):
    patterns = url_patterns()
    rows = matrix_rows() + admin_rows(everything)
    rows += other_language_rows(everything, rows, patterns)
    covered = _covered(everything, rows, patterns)
    missing = [
        f"{pattern} [{language or 'no language'}]"
        for pattern in patterns
        for language in _languages(pattern)
        if (pattern, language) not in covered
    ]
    assert not missing, "URL patterns without a row in the matrix files:\n" + "\n".join(missing)


@pytest.mark.django_db
def test_the_matrix_in_the_other_language(client, everything):
    patterns = url_patterns()
    check_matrix(client, everything, other_language_rows(everything, matrix_rows(), patterns))


# --- other organisations' objects (IDOR) ------------------------------------------------------

#: What an object argument of a URL names (a kind of ``World.owned``): by argument name, or by
#: (URL name or namespace, argument) where the name alone does not say. A URL whose object
#: argument is in neither this nor ``NOT_OWNED`` fails ``test_every_object_url_has_rows_for_both_organisations``.
OBJECT_KINDS = {
    "organisation_pk": "organisation",
    "membership_id": "membership",
    "invitation_id": "invitation",
    "attachment_pk": "attachment",
    "document_pk": "document",
    "image_pk": "image",
    "product_id": "product",
    "token": "invitation_token",
    "slug": "organisation_slug",
    ("catalog:edition_withdraw", "pk"): "application",
    ("portal", "pk"): "organisation",
    ("catalog", "pk"): "product",
    ("cases", "pk"): "submission",
    ("competition", "pk"): "entry",
    ("competition:team_detail", "pk"): "team",
    ("competition", "team_pk"): "team",
    ("competition:team_leave", "pk"): "team",
    ("competition:team_disband", "pk"): "team",
    ("competition:member_remove", "pk"): "team",
    ("competition:captain_hand_over", "pk"): "team",
    ("competition:invitation_withdraw", "pk"): "team",
    ("competition", "membership_pk"): "team_membership",
    ("competition", "invitation_pk"): "team_invitation",
    ("competition", "attachment_pk"): "entry_attachment",
    ("competition", "token"): "team_invitation_token",
    ("competition:algorithm_submission", "pk"): "algorithm_submission",
    ("wagtaildocs_serve", 0): "document",
    "meeting_id": "meeting",
    ("incubator", "access_pk"): "dataroom_access",
    ("incubator", "document_pk"): "dataroom_document",
    ("incubator", "application_id"): "programme_application",
}
#: Arguments that name nothing an organisation owns (the alliance's records, or not an object).
NOT_OWNED = {
    "year": "an edition (the alliance's)",
    "case_id": "a published case page (the alliance's)",
    "restriction_id": "a collection's privacy setting",
    "page_view_restriction_id": "a page's privacy setting",
    "page_id": "a page (the alliance's)",
    ("incubator:saved_search_delete", "pk"): "a user's saved search (another's is a 404)",
    ("incubator:saved_search_digest", "pk"): "a user's saved search (another's is a 404)",
    ("incubator:digest_unsubscribe", "token"): "a person's signed unsubscribe link (no organisation's; not forgeable)",
    ("competition", "slug"): "a competition (the alliance's)",
    ("api:get_competition", "slug"): "a competition (the alliance's)",
    ("api:get_results", "slug"): "a competition's published results (the alliance's)",
    "track_id": "a competition track (the alliance's)",
    ("competition", "task_pk"): "an algorithm task (the alliance's)",
    ("competition", "file_pk"): "an algorithm task's data file (the alliance's)",
    "task_id": "an algorithm task (the alliance's)",
    "key": "allauth's e-mail or password-reset key",
    "assignment_id": "a judge's assignment (judges are people, not organisations: another's is a 404)",
    "uidb36": "allauth's account reference in a password-reset link (checked with the key)",
    ("wagtail_serve", 0): "a page path",
    ("wagtaildocs_serve", 1): "a file name",
}


def _object_arguments(pattern) -> list:
    """The arguments of ``pattern`` that name an object (ids, slugs, tokens; regex groups)."""
    from django.urls.converters import IntConverter
    from django.urls.resolvers import RegexPattern

    from portal.converters import IdConverter

    arguments = []
    for entry in pattern.chain:
        if isinstance(entry.pattern, RegexPattern):
            regex = entry.pattern.regex
            named = list(regex.groupindex)
            arguments += named or list(range(regex.groups))
        else:
            converters = getattr(entry.pattern, "converters", {})
            arguments += [
                name
                for name, converter in converters.items()
                if isinstance(converter, IdConverter | IntConverter) or name in ("token", "slug")
            ]
    namespace = pattern.name.rsplit(":", 1)[0] if ":" in pattern.name else pattern.name
    return [a for a in arguments if not {a, (pattern.name, a), (namespace, a)} & set(NOT_OWNED)]


def _kind(pattern, argument) -> str | None:
    namespace = pattern.name.rsplit(":", 1)[0] if ":" in pattern.name else pattern.name
    for key in ((pattern.name, argument), (namespace, argument), argument):
        if key in OBJECT_KINDS:
            return OBJECT_KINDS[key]
    return None


def _organisation_of(w, pattern, match) -> str | None:
    """Whose objects the URL names: "A", "B", "A+B" (both), or None (nobody's)."""
    owners = set()
    for argument in _object_arguments(pattern):
        value = match.args[argument] if isinstance(argument, int) else match.kwargs.get(argument)
        owner = w.owner_of(_kind(pattern, argument), value)
        if owner is None:
            return None
        owners.add(owner)
    return "+".join(sorted(owners)) or None


def _takes_post(client, w, url: str, organisation: str) -> bool:
    """Whether the view answers a POST (as the owner of the object's organisation) otherwise than 405."""
    from django.db import transaction

    client.force_login(w.user(OWNER_A if organisation == "A" else OWNER_B))
    client.raise_request_exception = False
    with transaction.atomic():
        response = client.post(url, {})
        transaction.set_rollback(True)
    client.logout()
    return response.status_code != 405


@pytest.mark.django_db
def test_every_object_url_has_rows_for_both_organisations(client, everything):
    """Each URL naming an organisation's object has rows for A's object and B's, GET and (if taken) POST."""
    patterns = url_patterns()
    unknown, found = [], {}
    for row in matrix_rows():
        url = row.url(everything)
        pattern, _language, match = pattern_of(url, patterns)
        if pattern.route.startswith("admin/"):
            continue
        arguments = _object_arguments(pattern)
        if not arguments:
            continue
        unknown += [f"{pattern}: {a}" for a in arguments if _kind(pattern, a) is None]
        entry = found.setdefault(pattern, {"urls": {}, "cells": set()})
        organisation = _organisation_of(everything, pattern, match)
        if organisation in ("A", "B"):
            entry["urls"].setdefault(organisation, url)
            entry["cells"].add((row.method, organisation))
    assert not unknown, "object arguments OBJECT_KINDS does not describe:\n" + "\n".join(sorted(set(unknown)))
    missing = []
    for pattern, entry in found.items():
        methods = ["get"]
        probe = entry["urls"].get("A") or entry["urls"].get("B")
        if probe and _takes_post(client, everything, probe, "A" if "A" in entry["urls"] else "B"):
            methods.append("post")
        missing += [
            f"{pattern}: {method.upper()} with organisation {organisation}'s object"
            for method in methods
            for organisation in ("A", "B")
            if (method, organisation) not in entry["cells"]
        ]
    assert not missing, "IDOR rows missing (add them to the app's matrix file):\n" + "\n".join(sorted(missing))
