"""Members' personal data (PIPL): export it, or delete the account.

Export
------
``export_personal_data`` gathers everything the portal holds about a member into one JSON
document (``personal_data``) and packs it, with a README in the member's language, into a ZIP.
What it holds is ``portal.personal_data``'s: the account, e-mail addresses, memberships,
invitations, two-factor authentication (never a secret), what the member wrote in the apps
(each app declares it), revisions, the activity log, the session's sign-in records and the ids
of any other record that names them. Exports are limited to ``PORTAL_PERSONAL_DATA_EXPORTS_PER_HOUR`` per member
(default 5).

Deletion
--------
``delete_account`` removes the member and their personal data in one transaction; what they
wrote for an organisation stays with the organisation:

* refused while they are the last owner of an organisation (``LastOwnerError`` lists which):
  an organisation must never be left without an owner, so they hand over first;
* refused while they judge on a panel that has not closed (``JudgingDutyError`` names it):
  their scorecards would vanish from a ranking staff are about to decide on, so they recuse (or
  staff remove them) first; a submitted scorecard holds them until staff unlock it. Once a panel
  has closed, deletion takes their assignments and scorecards with the account; what was decided
  from them (advancements, awards, a confirmed selection) is stored on its own and stays;
* e-mail addresses, authenticators (TOTP, recovery codes), memberships, the Wagtail profile
  (and its avatar file) and every session of theirs are deleted;
* mail to their addresses still waiting in the outbox (SMTP down, or given up) is withdrawn
  (``emails.withdraw_mail_to``): it neither reaches the former address nor stays stored;
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
from importlib import import_module

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import CharField, Count, Exists, OuterRef, Q, Value
from django.db.models.functions import Cast, Replace
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import ModelLogEntry, Site
from wagtail.users.models import UserProfile

from portal import emails, outbox, permissions
from portal.db import by_name
from portal.i18n import before_full_stop, join_words
from portal.judging.queries import open_duties
from portal.models.site_settings import SiteSettings
from portal.organisations.models import Invitation, MemberRole, Membership, Organisation
from portal.personal_data import (
    account_deletion_steps,
    addresses_of,
    authored_records,
    personal_data,
    received_invitations,
    user_relations,
)
from portal.review.errors import ServiceError

logger = logging.getLogger(__name__)
#: Exports a member may download per hour (``PORTAL_PERSONAL_DATA_EXPORTS_PER_HOUR`` overrides).
DEFAULT_EXPORTS_PER_HOUR = 5
EXPORT_WINDOW_SECONDS = 60 * 60


class PrivacyError(ServiceError):
    """A rule refused the action. ``str(exc)`` is a translated message; ``field`` names the form field."""


class JudgingDutyError(PrivacyError):
    """The member still judges on ``panels`` (open ones): they recuse, or staff remove them, first
    (a submitted scorecard must be unlocked by staff before its judge may recuse)."""

    def __init__(self, panels):
        super().__init__(
            _(
                "You are a judge of %(panels)s until scoring closes. Recuse from the assignments you have not "
                "scored on your judging page (or ask the alliance to remove you from them), then delete your "
                "account. A scorecard you submitted counts until scoring closes: the alliance must unlock it "
                "before you can recuse."
            )
            % {"panels": join_words(panels)}
        )
        self.panels = panels


class AccountAlreadyDeleted(PrivacyError):
    """The account is gone: the same confirmation sent twice (a double click) deleted it a moment ago."""


class LastOwnerError(PrivacyError):
    """The member is the only owner of ``organisations``: they must hand over before deleting the account."""

    def __init__(self, organisations: list[Organisation]):
        names = join_words(organisations)
        super().__init__(
            _(
                "You are the only owner of %(organisations)s. Make another member an owner first "
                "(invite a colleague if you are the only member), then delete your account."
            )
            % {"organisations": before_full_stop(names)}
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
        .order_by(by_name("name_zh", "name_en"), "pk")
    )


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
            {
                "data": data,
                "authored": authored_records(),
                "site_name": settings.WAGTAIL_SITE_NAME,
                "language": language,
            },
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


def _forget_in_activity_log(user) -> None:
    """Admin log entries *about* the account (staff editing the user) carry its name and changes;
    those about a record naming the member (a judge's assignment "李伟 → 作品 #3", a declared
    conflict, a membership) carry the name or address in their label: the former id stands in.

    The address is the member's alone. A name is not (李伟 is common): it is replaced only in the
    entries about the member's own records and about records gone since, so a namesake keeps theirs.
    """
    content_type = ContentType.objects.get_for_model(get_user_model())
    anonymous = f"#{user.pk}"
    ModelLogEntry.objects.filter(content_type=content_type, object_id=str(user.pk)).update(label=anonymous, data={})
    forgotten = Value(anonymous)
    naming = {}
    for model, foreign_key in user_relations():
        naming.setdefault(model, []).append(foreign_key.name)
    types = ContentType.objects.get_for_models(*naming)
    if user.email:
        ModelLogEntry.objects.filter(content_type__in=types.values(), label__contains=user.email).update(
            label=Replace("label", Value(user.email), forgotten)
        )
    name = str(user)
    if not name or name == user.email:
        return
    for model, names in naming.items():
        rows = model._base_manager.annotate(key=Cast("pk", CharField()))
        theirs = rows.filter(Q(*((field, user) for field in names), _connector=Q.OR))
        ModelLogEntry.objects.filter(content_type=types[model], label__contains=name).filter(
            Q(object_id__in=theirs.values("key")) | ~Exists(rows.filter(key=OuterRef("object_id")))
        ).update(label=Replace("label", Value(name), forgotten))


@transaction.atomic
def delete_account(*, actor, account, confirm_email: str) -> DeletedAccount:
    """Delete ``account`` and its personal data; organisations keep what they own (module docstring).

    ``confirm_email`` must be the account's sign-in address (re-typed by the member). Refused
    with ``LastOwnerError`` while the member is the only owner of an organisation.
    """
    permissions.require_can_delete_account(actor, account)
    user = get_user_model().objects.select_for_update().filter(pk=account.pk).first()
    if user is None:  # the other copy of a double click deleted it while this one waited for the lock
        raise AccountAlreadyDeleted(_("This account has already been deleted."))
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
    judging = open_duties(user)
    if judging:
        raise JudgingDutyError(judging)

    user_pk, email, language = user.pk, user.email, emails.language_for(user)
    organisations_left = [
        str(m.organisation) for m in Membership.objects.filter(user=user).select_related("organisation")
    ]
    addresses = addresses_of(user)

    Invitation.objects.filter(invited_by=user).pending().delete()
    received = received_invitations(user, addresses)
    received.filter(accepted_at__isnull=True).delete()
    received.filter(accepted_at__isnull=False).update(email="")
    for step in account_deletion_steps():  # the apps' own rules (a team's captaincy, pending invitations)
        step(user, addresses)
    for records in authored_records():  # what is left of the apps' invitations: kept, without the address
        if records.addressed:
            model = apps.get_model(records.model)
            model.objects.filter(records.addressed_to(addresses)).update(**{records.addressed: ""})

    profile = UserProfile.objects.filter(user=user).first()
    if profile is not None and profile.avatar:
        avatar_storage, avatar_name = profile.avatar.storage, profile.avatar.name
        transaction.on_commit(lambda: avatar_storage.delete(avatar_name))

    Authenticator.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    emails.withdraw_mail_to(addresses)  # mail waiting for SMTP: not to the former address, not kept
    _forget_in_activity_log(user)
    ended = _end_sessions(user)
    # Memberships, the Wagtail profile, subscriptions... cascade; authorship fields are SET_NULL.
    user.delete()
    logger.info("account %s deleted with its personal data (%s sessions ended)", user_pk, ended)
    outbox.schedule("portal.account_deleted_email", {"email": email, "language": language})
    return DeletedAccount(email=email, language=language, organisations_left=organisations_left)


# --- e-mail -------------------------------------------------------------------------------------


def _contact_email() -> str:
    site = Site.objects.filter(is_default_site=True).first()
    return SiteSettings.read_for_site(site).contact_email if site else ""


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
