"""Members' personal data (PIPL): export it, or delete the account.

Export
------
``export_personal_data`` gathers everything the portal holds about a member into one JSON
document (``personal_data``) and packs it, with a README in the member's language, into a ZIP.
It lists the account, e-mail addresses, preferred language, memberships and roles, invitations
sent and received, whether two-factor authentication is on (type and dates, never a secret),
case submissions and attachments they wrote, catalogue applications, edits (revisions) they
saved, their entries in the admin's activity log, the sign-in records allauth keeps in the
current session (allauth keeps none elsewhere), and the ids of any other record that names
them (found from the user model's relations, so a later app's fields are included without a
change here). Exports are limited to ``PORTAL_PERSONAL_DATA_EXPORTS_PER_HOUR`` per member
(default 5).

Deletion
--------
``delete_account`` removes the member and their personal data in one transaction; what they
wrote for an organisation stays with the organisation:

* refused while they are the last owner of an organisation (``LastOwnerError`` lists which):
  an organisation must never be left without an owner, so they hand over first;
* e-mail addresses, authenticators (TOTP, recovery codes), memberships, the Wagtail profile
  (and its avatar file) and every session of theirs are deleted;
* invitations they sent that are still pending are deleted; invitations addressed to any of
  their addresses are deleted, except accepted ones, which keep the organisation's record of
  who joined with the address blanked;
* authorship fields (case submissions, attachments, applications, revisions, decisions) are
  set to null by the foreign keys' ``SET_NULL``; pages show nothing in their place;
* admin activity-log entries *about* them lose their label and data; entries of what they did
  keep only their former numeric id (no name, no address);
* after the commit, a confirmation goes to their former sign-in address in their language,
  followed by the other language (``send_account_deleted_email``).

Functions take keyword-only arguments, check permissions themselves (``portal.permissions``:
nobody exports or deletes another member's account) and raise ``PrivacyError`` (or a subclass)
with a translated message.
"""

from __future__ import annotations

import io
import json
import logging
import time
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import reduce
from importlib import import_module
from operator import or_

from django.apps import apps
from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal import emails, outbox, permissions
from portal.organisations.models import Invitation, MemberRole, Membership, Organisation

logger = logging.getLogger(__name__)

EXPORT_FORMAT = "bci-alliance-portal/personal-data/1"
#: Exports a member may download per hour (``PORTAL_PERSONAL_DATA_EXPORTS_PER_HOUR`` overrides).
DEFAULT_EXPORTS_PER_HOUR = 5
EXPORT_WINDOW_SECONDS = 60 * 60


class PrivacyError(Exception):
    """A rule refused the action. ``str(exc)`` is a translated message; ``field`` names the form field."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)


class LastOwnerError(PrivacyError):
    """The member is the only owner of ``organisations``: they must hand over before deleting the account."""

    def __init__(self, organisations: list[Organisation]):
        names = ", ".join(str(organisation) for organisation in organisations)
        super().__init__(
            _(
                "You are the only owner of %(organisations)s. Make another member an owner first "
                "(invite a colleague if you are the only member), then delete your account."
            )
            % {"organisations": names}
        )
        self.organisations = organisations


class ExportRateLimited(PrivacyError):
    """Too many exports in the last hour."""


@dataclass(frozen=True)
class PersonalDataExport:
    filename: str
    content: bytes
    data: dict


@dataclass(frozen=True)
class DeletedAccount:
    email: str
    language: str
    organisations_left: list[str] = field(default_factory=list)


# --- what the portal holds ----------------------------------------------------------------------


def sole_owned_organisations(user) -> list[Organisation]:
    """The organisations ``user`` owns with no other owner: they must hand them over before leaving."""
    owned = Membership.objects.filter(user=user, role=MemberRole.OWNER).values("organisation")
    return list(
        Organisation.objects.filter(pk__in=owned)
        .annotate(
            other_owners=Count(
                "memberships",
                filter=Q(memberships__role=MemberRole.OWNER) & ~Q(memberships__user=user),
            )
        )
        .filter(other_owners=0)
        .order_by("name_zh")
    )


def _addresses(user) -> list[str]:
    from allauth.account.models import EmailAddress

    found = {user.email.lower()} if user.email else set()
    found.update(address.lower() for address in EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    return sorted(found)


def _received_invitations(user, addresses: list[str]):
    addressed = reduce(or_, (Q(email__iexact=address) for address in addresses), Q(accepted_by=user))
    return Invitation.objects.filter(addressed)


def _organisation(organisation) -> dict | None:
    if organisation is None:
        return None
    return {"id": organisation.pk, "name_zh": organisation.name_zh, "name_en": organisation.name_en}


def _invitation(invitation: Invitation) -> dict:
    if invitation.accepted_at:
        status = "accepted"
    elif invitation.revoked_at:
        status = "revoked"
    elif invitation.expires_at <= timezone.now():
        status = "expired"
    else:
        status = "pending"
    return {
        "organisation": _organisation(invitation.organisation),
        "email": invitation.email,
        "role": invitation.role,
        "status": status,
        "sent_at": invitation.created_at,
        "expires_at": invitation.expires_at,
        "accepted_at": invitation.accepted_at,
        "revoked_at": invitation.revoked_at,
    }


def _timestamp(value) -> datetime | None:
    try:
        return datetime.fromtimestamp(float(value), tz=UTC)
    except (TypeError, ValueError, OverflowError):
        return None


def _authentication_records(records) -> list[dict]:
    """allauth's sign-in records of the current session, as dates; nothing secret is in them."""
    keep = ("method", "type", "reauthenticated", "email")
    cleaned = []
    for record in records or ():
        if isinstance(record, dict):
            entry = {key: record[key] for key in keep if key in record}
            entry["at"] = _timestamp(record.get("at"))
            cleaned.append(entry)
    return cleaned


#: Records that name a member as their author, exported with these fields (when the app is installed).
AUTHORED_RECORDS = (
    (
        "case_submissions",
        "cases.CaseSubmission",
        ("created_by", "attested_by"),
        ("id", "organisation_id", "title", "status", "created_at", "updated_at", "submitted_at", "attested_at"),
    ),
    (
        "case_attachments",
        "cases.CaseSubmissionAttachment",
        ("uploaded_by",),
        ("id", "submission_id", "name", "content_type", "created_at"),
    ),
    (
        "catalogue_applications",
        "catalog.EditionApplication",
        ("applicant",),
        ("id", "edition_id", "product_id", "organisation_id", "status", "proposed_category", "submitted_at"),
    ),
)

#: Relations to the user covered by a section of their own (not repeated in ``other_records``).
_COVERED_RELATIONS = {
    ("portal.Membership", "user"),
    ("portal.Invitation", "invited_by"),
    ("portal.Invitation", "accepted_by"),
    ("account.EmailAddress", "user"),
    ("mfa.Authenticator", "user"),
    ("wagtailusers.UserProfile", "user"),
    ("wagtailcore.Revision", "user"),
    ("wagtailcore.ModelLogEntry", "user"),
    ("wagtailcore.PageLogEntry", "user"),
    *((label, name) for _key, label, names, _fields in AUTHORED_RECORDS for name in names),
}


def _user_relations():
    """(model, foreign key) for every foreign key to the user model (not the M2M tables of groups)."""
    for relation in get_user_model()._meta.get_fields(include_hidden=True):
        if not (relation.is_relation and relation.auto_created and not relation.concrete):
            continue
        if relation.many_to_many or relation.related_model._meta.auto_created:
            continue  # groups, permissions: in the account; organisations: through memberships
        yield relation.related_model, relation.field


def _authored(user) -> dict[str, list]:
    sections = {}
    for key, label, names, fields in AUTHORED_RECORDS:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        rows = []
        for row in model.objects.filter(reduce(or_, (Q(**{name: user}) for name in names))).order_by("pk"):
            entry = {name: getattr(row, name) for name in fields}
            entry["your_part"] = [name for name in names if getattr(row, f"{name}_id") == user.pk]
            rows.append(entry)
        sections[key] = rows
    return sections


def _other_records(user) -> list[dict]:
    found = []
    for model, foreign_key in _user_relations():
        if (model._meta.label, foreign_key.name) in _COVERED_RELATIONS:
            continue
        ids = list(model._base_manager.filter(**{foreign_key.name: user}).order_by("pk").values_list("pk", flat=True))
        if ids:
            found.append(
                {
                    "record": str(model._meta.verbose_name),
                    "model": model._meta.label,
                    "field": foreign_key.name,
                    "ids": ids,
                }
            )
    return found


def personal_data(*, user, authentication_records=()) -> dict:
    """Everything the portal holds about ``user``, as JSON-ready values (see the module docstring)."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from wagtail.models import ModelLogEntry, PageLogEntry, Revision
    from wagtail.users.models import UserProfile

    addresses = _addresses(user)
    profile = UserProfile.objects.filter(user=user).first()
    authenticators = list(Authenticator.objects.filter(user=user).order_by("created_at"))
    activity = sorted(
        [
            {"action": entry.action, "object": entry.label, "at": entry.timestamp}
            for log_model in (ModelLogEntry, PageLogEntry)
            for entry in log_model.objects.filter(user_id=user.pk)
        ],
        key=lambda entry: entry["at"],
    )
    return {
        "format": EXPORT_FORMAT,
        "generated_at": timezone.now(),
        "account": {
            "id": user.pk,
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "preferred_language": user.preferred_language,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "is_active": user.is_active,
            "is_staff": user.is_staff,
            "groups": sorted(user.groups.values_list("name", flat=True)),
        },
        "email_addresses": [
            {"email": address.email, "primary": address.primary, "verified": address.verified}
            for address in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
        ],
        "admin_profile": (
            {
                "preferred_language": profile.preferred_language,
                "time_zone": profile.current_time_zone,
                "has_avatar": bool(profile.avatar),
                "notifications": {
                    "submitted": profile.submitted_notifications,
                    "approved": profile.approved_notifications,
                    "rejected": profile.rejected_notifications,
                    "comments": profile.updated_comments_notifications,
                },
            }
            if profile
            else None
        ),
        "two_factor_authentication": {
            "enabled": any(a.type == Authenticator.Type.TOTP for a in authenticators),
            "authenticators": [
                {"type": a.type, "created_at": a.created_at, "last_used_at": a.last_used_at} for a in authenticators
            ],
        },
        "memberships": [
            {"organisation": _organisation(m.organisation), "role": m.role, "joined_at": m.created_at}
            for m in Membership.objects.filter(user=user).select_related("organisation").order_by("created_at")
        ],
        "invitations_sent": [
            _invitation(invitation)
            for invitation in Invitation.objects.filter(invited_by=user).select_related("organisation")
        ],
        "invitations_received": [
            _invitation(invitation)
            for invitation in _received_invitations(user, addresses).select_related("organisation")
        ],
        **_authored(user),
        "revisions": [
            {
                "object_type": revision.content_type.name,
                "object_id": revision.object_id,
                "object": revision.object_str,
                "saved_at": revision.created_at,
            }
            for revision in Revision.objects.filter(user=user).select_related("content_type").order_by("created_at")
        ],
        "activity_log": activity,
        "authentication_records": _authentication_records(authentication_records),
        "other_records": _other_records(user),
    }


# --- export -------------------------------------------------------------------------------------


def exports_per_hour() -> int:
    return int(getattr(settings, "PORTAL_PERSONAL_DATA_EXPORTS_PER_HOUR", DEFAULT_EXPORTS_PER_HOUR))


def _take_export_allowance(user) -> bool:
    """Count one export against the hourly limit; False when it is used up. Fails open on a cache outage."""
    key = f"portal:privacy:exports:{user.pk}"
    now = time.time()
    try:
        recent = [at for at in cache.get(key) or [] if at > now - EXPORT_WINDOW_SECONDS]
        if len(recent) >= exports_per_hour():
            return False
        cache.set(key, [*recent, now], EXPORT_WINDOW_SECONDS)
    except Exception:  # the export matters more than its counter
        logger.warning("personal data export limit not checked: the cache is unavailable", exc_info=True)
    return True


def export_personal_data(*, actor, account, authentication_records=()) -> PersonalDataExport:
    """A ZIP of ``account``'s personal data (``personal-data.json`` + ``README.txt`` in their language).

    Only the member themself may export (``PermissionDenied`` otherwise); at most
    ``PORTAL_PERSONAL_DATA_EXPORTS_PER_HOUR`` per hour (``ExportRateLimited``).
    """
    permissions.require_can_export_personal_data(actor, account)
    if not _take_export_allowance(account):
        raise ExportRateLimited(
            _("You have downloaded your data %(count)s times in the last hour. Please try again later.")
            % {"count": exports_per_hour()}
        )
    with transaction.atomic():
        data = personal_data(user=account, authentication_records=authentication_records)
    language = emails.language_for(account)
    with translation.override(language):
        readme = render_to_string(
            "portal/privacy/export_readme.txt",
            {"data": data, "site_name": settings.WAGTAIL_SITE_NAME, "language": language},
        )
    document = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2, sort_keys=False)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("personal-data.json", document)
        archive.writestr("README.txt", readme.replace("\n", "\r\n"))
    stamp = timezone.localtime(data["generated_at"]).strftime("%Y%m%d-%H%M%S")
    logger.info("personal data exported for user %s", account.pk)
    return PersonalDataExport(filename=f"personal-data-{stamp}.zip", content=buffer.getvalue(), data=data)


# --- deletion -----------------------------------------------------------------------------------


def _end_sessions(user) -> int:
    """Delete every stored session of ``user`` (database-backed engines: db, cached_db).

    Sessions are not indexed by user, so the live ones are read (a few seconds for 100,000
    sessions; deletion is rare). A cookie-only engine keeps nothing server-side, and its
    sessions end anyway because the user row is gone. The rows are deleted in the
    transaction; cached copies (cached_db) are dropped too, and when the cache is down they
    are left to expire: they name a user who no longer exists.
    """
    engine = import_module(settings.SESSION_ENGINE)
    store_class = engine.SessionStore
    if not hasattr(store_class, "get_model_class"):
        return 0
    model = store_class.get_model_class()
    keys = []
    for session_key, session_data in (
        model.objects.filter(expire_date__gt=timezone.now()).values_list("session_key", "session_data").iterator()
    ):
        try:
            data = store_class().decode(session_data)
        except Exception:  # noqa: BLE001, S112 - a damaged session belongs to nobody we can tell
            continue
        if str(data.get(SESSION_KEY)) == str(user.pk):
            keys.append(session_key)
    model.objects.filter(session_key__in=keys).delete()
    if hasattr(store_class, "cache_key_prefix"):
        try:
            for key in keys:
                store_class(key).delete()
        except Exception:  # noqa: BLE001 - a cache outage must not undo the deletion
            logger.warning("cached copies of %s deleted sessions not dropped: the cache is unavailable", len(keys))
    return len(keys)


def _forget_in_activity_log(user_pk: int) -> None:
    """Admin log entries *about* the account (staff editing the user) carry its name and changes."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry

    content_type = ContentType.objects.get_for_model(get_user_model())
    ModelLogEntry.objects.filter(content_type=content_type, object_id=str(user_pk)).update(label=f"#{user_pk}", data={})


@transaction.atomic
def delete_account(*, actor, account, confirm_email: str) -> DeletedAccount:
    """Delete ``account`` and its personal data; organisations keep what they own (module docstring).

    ``confirm_email`` must be the account's sign-in address (re-typed by the member). Refused
    with ``LastOwnerError`` while the member is the only owner of an organisation.
    """
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from wagtail.users.models import UserProfile

    permissions.require_can_delete_account(actor, account)
    user = get_user_model().objects.select_for_update().get(pk=account.pk)
    if (confirm_email or "").strip().lower() != user.email.lower():
        raise PrivacyError(
            _("Type the e-mail address you sign in with, %(email)s, to confirm.") % {"email": user.email},
            field="email",
        )
    # Lock the organisations they own (as the membership services do) before counting owners:
    # a co-owner stepping down at the same moment cannot leave one without an owner.
    owned = Membership.objects.filter(user=user, role=MemberRole.OWNER).values("organisation")
    list(Organisation.objects.select_for_update().filter(pk__in=owned).order_by("pk").values_list("pk", flat=True))
    blocking = sole_owned_organisations(user)
    if blocking:
        raise LastOwnerError(blocking)

    user_pk, email, language = user.pk, user.email, emails.language_for(user)
    organisations_left = [
        str(m.organisation) for m in Membership.objects.filter(user=user).select_related("organisation")
    ]
    addresses = _addresses(user)

    Invitation.objects.filter(invited_by=user).pending().delete()
    received = _received_invitations(user, addresses)
    received.filter(accepted_at__isnull=True).delete()
    received.filter(accepted_at__isnull=False).update(email="")

    profile = UserProfile.objects.filter(user=user).first()
    if profile is not None and profile.avatar:
        avatar_storage, avatar_name = profile.avatar.storage, profile.avatar.name
        transaction.on_commit(lambda: avatar_storage.delete(avatar_name))

    Authenticator.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    _forget_in_activity_log(user_pk)
    ended = _end_sessions(user)
    # Memberships, the Wagtail profile, subscriptions... cascade; authorship fields are SET_NULL.
    user.delete()
    logger.info("account %s deleted with its personal data (%s sessions ended)", user_pk, ended)
    outbox.schedule("portal.account_deleted_email", {"email": email, "language": language})
    return DeletedAccount(email=email, language=language, organisations_left=organisations_left)


# --- e-mail -------------------------------------------------------------------------------------

def _contact_email() -> str:
    from wagtail.models import Site

    from portal.models.site_settings import SiteSettings

    site = Site.objects.filter(is_default_site=True).first()
    return SiteSettings.for_site(site).contact_email if site else ""


def email_account_deleted(*, email: str, language: str) -> None:
    """Tell the former address its account is gone: in ``language``, then in the site's other language."""
    other = next((code for code, _name in settings.LANGUAGES if code != language), language)
    emails.send_templated_email(
        template="portal/email/account_deleted",
        to=[email],
        language=language,
        context={
            "email": email,
            "other_language": other,
            "contact_email": _contact_email(),
            "home_url": lambda: emails.site_url(f"/{translation.get_language()}/"),
        },
    )
