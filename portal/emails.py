"""Transactional e-mails, rendered in the recipient's language.

``send_templated_email`` is the one way the portal sends mail of its own (allauth sends
account mail through ``portal.adapters``). Each message is three templates under
``templates/<name>``: ``_subject.txt`` (one line), ``.txt`` and, optionally, ``.html``.
Celery tasks (``portal.tasks``) call the helpers here; services never send mail directly.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

SUPPORTED_LANGUAGES = {code for code, _name in settings.LANGUAGES}


def language_for(user=None, *, fallback: str | None = None) -> str:
    """The language to write to ``user`` in: their preference, else ``fallback``, else the site default."""
    for candidate in (getattr(user, "preferred_language", None), fallback):
        if candidate in SUPPORTED_LANGUAGES:
            return candidate
    return settings.LANGUAGE_CODE


def site_url(path: str) -> str:
    """An absolute URL for links in e-mails (no request in a Celery worker)."""
    base = getattr(settings, "PORTAL_BASE_URL", "") or settings.WAGTAILADMIN_BASE_URL
    return base.rstrip("/") + path


def send_templated_email(*, template: str, to: list[str], language: str, context: dict | None = None) -> None:
    """Render ``template`` in ``language`` and send it to ``to``.

    ``context`` may hold callables taking no arguments: they are called inside the
    language override, so URLs reversed there get the recipient's language prefix.
    """
    with translation.override(language):
        context = {key: value() if callable(value) else value for key, value in (context or {}).items()}
        context.setdefault("site_name", settings.WAGTAIL_SITE_NAME)
        context["language"] = language
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}.txt", context)
        try:
            html = render_to_string(f"{template}.html", context)
        except TemplateDoesNotExist:
            html = None
    message = EmailMultiAlternatives(subject=subject, body=text, to=to, headers={"Content-Language": language})
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


def send_invitation(invitation, *, language: str) -> None:
    """E-mail an invitation: in the invitee's language when they have an account, else ``language``."""
    from portal.models import User

    invitee = User.objects.filter(emailaddress__email__iexact=invitation.email).first()
    if invitee is None:
        invitee = User.objects.filter(email__iexact=invitation.email).first()
    send_templated_email(
        template="portal/email/invitation",
        to=[invitation.email],
        language=language_for(invitee, fallback=language),
        context={
            "invitation": invitation,
            "organisation": invitation.organisation,
            "inviter": invitation.invited_by,
            "role": invitation.get_role_display,
            "accept_url": lambda: site_url(reverse("portal:invitation_accept", kwargs={"token": invitation.token})),
        },
    )


def send_verification_decision(organisation, *, status: str, note: str) -> None:
    """Tell each owner of ``organisation``, in their own language, what staff decided."""
    from portal.models.organisations import MemberRole

    owners = [m.user for m in organisation.memberships.filter(role=MemberRole.OWNER).select_related("user")]
    for owner in owners:
        send_templated_email(
            template=f"portal/email/organisation_{status}",
            to=[owner.email],
            language=language_for(owner),
            context={
                "organisation": organisation,
                "owner": owner,
                "note": note,
                "dashboard_url": lambda: site_url(reverse("portal:dashboard")),
                "public_url": lambda: site_url(organisation.get_absolute_url()),
            },
        )
