"""What the portal holds about a member: the document ``portal.privacy`` exports (PIPL).

The account, e-mail addresses, the admin profile, two-factor authentication (types and dates,
never a secret), memberships, invitations sent and received, edits (revisions), the admin's
activity log, allauth's sign-in records of the session, and the ids of any other record that
names the member (found from the user model's relations, so a later app's fields are
included without a change here).

Records an app's members *write* (case submissions, catalogue applications...) are exported
with chosen fields: the app declares them in its own ``privacy.py`` as ``PERSONAL_DATA``, a
list of ``AuthoredRecords`` (``portal.discovery``), each with the text the export's README
gives its section.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import reduce
from operator import or_

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q
from django.utils import timezone
from wagtail.models import ModelLogEntry, PageLogEntry, Revision
from wagtail.users.models import UserProfile

from portal import discovery
from portal.organisations.models import Invitation, Membership

EXPORT_FORMAT = "bci-alliance-portal/personal-data/1"


@dataclass(frozen=True)
class AuthoredRecords:
    """Rows of ``model`` (an app label) naming the member in one of ``authors``, exported under ``key``.

    ``addressed``: the e-mail field of rows sent to the member (an invitation), matched against
    their confirmed addresses (``addresses_of``): those rows are exported too, and deleting the
    account erases the address from them (``portal.privacy``).

    Each exported row's ``your_part`` lists the ``authors`` (and ``addressed``) that name the member.
    ``description`` says what the section holds, in words (the personal data page shows it too, so
    it names no JSON key); ``parts``, where a row can name the member in more than one way, says
    what each of those values means (``(field, translated meaning)``): the export's README adds it
    under the description.
    """

    key: str
    model: str
    authors: tuple[str, ...]
    fields: tuple[str, ...]
    description: str  # a translated line for the export's README and the personal data page
    addressed: str = ""
    parts: tuple[tuple[str, str], ...] = ()

    def __post_init__(self):
        unknown = {name for name, _meaning in self.parts} - {*self.authors, self.addressed} - {""}
        if unknown:
            raise ImproperlyConfigured(f"{self.key}: parts {sorted(unknown)} are not among its authors nor addressed")

    def naming(self, user, addresses) -> Q:
        """The rows naming ``user``: as an author, or sent to one of ``addresses``."""
        return reduce(or_, (Q(**{name: user}) for name in self.authors), self.addressed_to(addresses))

    def addressed_to(self, addresses) -> Q:
        """The rows sent to one of ``addresses`` (none without ``addressed``)."""
        if not self.addressed or not addresses:
            return Q(pk__in=[])
        return reduce(or_, (Q(**{f"{self.addressed}__iexact": address}) for address in addresses))


def account_deletion_steps() -> list:
    """Every app's ``ON_ACCOUNT_DELETION`` (``<app>/privacy.py``): ``step(user, addresses)`` callables
    run by ``portal.privacy.delete_account`` before the account goes (a team handed to another
    captain, invitations to the member's confirmed ``addresses`` withdrawn, IP addresses forgotten),
    in ``INSTALLED_APPS`` order."""
    return [step for _label, declared in discovery.declared("privacy", "ON_ACCOUNT_DELETION") for step in declared]


def authored_records() -> list[AuthoredRecords]:
    """Every app's ``PERSONAL_DATA`` (``<app>/privacy.py``), in ``INSTALLED_APPS`` order."""
    return [records for _label, declared in discovery.declared("privacy", "PERSONAL_DATA") for records in declared]


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
}


def addresses_of(user) -> list[str]:
    """The addresses that are ``user``'s, lower-cased: the sign-in address and the verified ones.

    An address added but not confirmed proves nothing (anyone may type anyone's): what was sent
    to it (invitations) is neither exported with nor deleted with this account.
    """
    found = {user.email.lower()} if user.email else set()
    verified = EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    found.update(address.lower() for address in verified)
    return sorted(found)


def address_has_owner(email: str, *, besides=None) -> bool:
    """Whether ``email`` is some account's own, by ``addresses_of``'s rule (``besides``: not counting that account)."""
    confirmed = EmailAddress.objects.filter(email__iexact=email, verified=True).values("user_id")
    owners = get_user_model().objects.filter(Q(email__iexact=email) | Q(pk__in=confirmed))
    if besides is not None:
        owners = owners.exclude(pk=besides.pk)
    return owners.exists()


def release_unconfirmed(email: str, *, owner) -> int:
    """Drop ``email`` where other accounts merely typed it in, once ``owner`` has confirmed it; returns how many."""
    typed = EmailAddress.objects.filter(email__iexact=email, verified=False, primary=False).exclude(user=owner)
    return typed.delete()[0]


def received_invitations(user, addresses: list[str]):
    addressed = reduce(or_, (Q(email__iexact=address) for address in addresses), Q(accepted_by=user))
    return Invitation.objects.filter(addressed)


def personal_data(*, user, authentication_records=()) -> dict:
    """Everything the portal holds about ``user``, as JSON-ready values (see the module docstring)."""
    return {
        "format": EXPORT_FORMAT,
        "generated_at": timezone.now(),
        "account": _account(user),
        "email_addresses": [
            {"email": address.email, "primary": address.primary, "verified": address.verified}
            for address in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
        ],
        "admin_profile": _admin_profile(UserProfile.objects.filter(user=user).first()),
        "two_factor_authentication": _two_factor_authentication(user),
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
            for invitation in received_invitations(user, addresses_of(user)).select_related("organisation")
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
        "activity_log": _activity(user),
        "authentication_records": _authentication_records(authentication_records),
        "other_records": _other_records(user),
    }


def _account(user) -> dict:
    return {
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
    }


def _admin_profile(profile) -> dict | None:
    if profile is None:
        return None
    return {
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


def _two_factor_authentication(user) -> dict:
    authenticators = list(Authenticator.objects.filter(user=user).order_by("created_at"))
    return {
        "enabled": any(a.type == Authenticator.Type.TOTP for a in authenticators),
        "authenticators": [
            {"type": a.type, "created_at": a.created_at, "last_used_at": a.last_used_at} for a in authenticators
        ],
    }


def _activity(user) -> list[dict]:
    return sorted(
        [
            {"action": entry.action, "object": entry.label, "at": entry.timestamp}
            for log_model in (ModelLogEntry, PageLogEntry)
            for entry in log_model.objects.filter(user_id=user.pk)
        ],
        key=lambda entry: entry["at"],
    )


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


def _authored(user) -> dict[str, list]:
    sections = {}
    addresses = addresses_of(user)
    for records in authored_records():
        model = apps.get_model(records.model)
        rows = []
        for row in model.objects.filter(records.naming(user, addresses)).order_by("pk"):
            entry = {name: getattr(row, name) for name in records.fields}
            entry["your_part"] = [name for name in records.authors if getattr(row, f"{name}_id") == user.pk]
            if records.addressed and (getattr(row, records.addressed) or "").lower() in addresses:
                entry["your_part"].append(records.addressed)
            rows.append(entry)
        sections[records.key] = rows
    return sections


def user_relations():
    """(model, foreign key) for every foreign key to the user model (not the M2M tables of groups)."""
    for relation in get_user_model()._meta.get_fields(include_hidden=True):
        if not (relation.is_relation and relation.auto_created and not relation.concrete):
            continue
        if relation.many_to_many or relation.related_model._meta.auto_created:
            continue  # groups, permissions: in the account; organisations: through memberships
        yield relation.related_model, relation.field


def _other_records(user) -> list[dict]:
    covered = _COVERED_RELATIONS | {(records.model, name) for records in authored_records() for name in records.authors}
    found = []
    for model, foreign_key in user_relations():
        if (model._meta.label, foreign_key.name) in covered:
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
