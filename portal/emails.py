"""Transactional e-mails, rendered in the recipient's language.

``send_templated_email`` is the one way the portal sends mail of its own. Each message is
three templates under ``templates/<name>``: ``_subject.txt`` (one line), ``.txt`` and,
optionally, ``.html``. Outbox effects (each app's ``tasks.py``) call the helpers here;
services never send mail directly but schedule an effect (``portal.outbox``), so a request
never waits on SMTP and an SMTP outage delays mail instead of losing it. allauth's account
mails are rendered in the request (``portal.adapters``) and sent by the effect
``portal.send_email`` through ``send_rendered``.

A message sent by an outbox effect carries a ``Message-ID`` derived from the outbox row,
the same on every attempt (see ``portal.outbox`` on the at-most-once window).
"""

from __future__ import annotations

import hashlib
import logging
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.message import DNS_NAME
from django.db.models.functions import Lower
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from portal import outbox, timing, unsubscribe
from portal.models import OutboxMessage, User
from portal.models.outbox import OutboxWithdrawal

logger = logging.getLogger(__name__)

SUPPORTED_LANGUAGES = {code for code, _name in settings.LANGUAGES}


def language_for(user=None, *, fallback: str | None = None) -> str:
    """The language to write to ``user`` in: their preference, else ``fallback``, else the site default."""
    for candidate in (getattr(user, "preferred_language", None), fallback):
        if candidate in SUPPORTED_LANGUAGES:
            return candidate
    return settings.LANGUAGE_CODE


def language_for_address(email: str, *, fallback: str) -> str:
    """The language to write to ``email`` in: its account's preference (the account signing in with it,
    else one it is a confirmed address of) when it has one, else ``fallback`` (an invitation to
    someone not yet signed up). An address typed into an account but never confirmed is not that
    account's (anyone may type anyone's): it does not choose the language."""
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.filter(emailaddress__email__iexact=email, emailaddress__verified=True).first()
    return language_for(user, fallback=fallback)


def site_url(path: str) -> str:
    """An absolute URL for links in e-mails (no request in a Celery worker), on ``WAGTAILADMIN_BASE_URL``."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def send_templated_email(
    *,
    template: str,
    to: list[str],
    language: str,
    context: dict | None = None,
    headers=None,
    recurring: unsubscribe.Recurring | None = None,
) -> None:
    """Render ``template`` in ``language`` and send it to ``to``.

    ``context`` may hold callables taking no arguments: they are called inside the
    language override, so URLs reversed there get the recipient's language prefix.
    ``headers``: more headers, or a callable returning them (called there too: an unsubscribe
    link, ``portal.unsubscribe``). ``recurring``: the e-mail is one its recipient can stop; if
    they do while it waits for SMTP, it is not sent (``portal.unsubscribe``).
    """
    with translation.override(language):
        extra_headers = (headers() if callable(headers) else headers) or {}
        context = {key: value() if callable(value) else value for key, value in (context or {}).items()}
        context.setdefault("site_name", settings.WAGTAIL_SITE_NAME)
        context["language"] = language
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}.txt", context)
        try:
            html = render_to_string(f"{template}.html", context)
        except TemplateDoesNotExist:
            html = None
    message = EmailMultiAlternatives(
        subject=subject, body=text, to=to, headers={"Content-Language": language, **extra_headers}
    )
    if html:
        message.attach_alternative(html, "text/html")
    _send(message, recurring=recurring.as_payload() if recurring else None)


def serialise(message: EmailMultiAlternatives) -> dict:
    """A rendered message as JSON values, for an outbox payload (``send_rendered`` sends it)."""
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": {str(k): str(v) for k, v in message.extra_headers.items()},
        "alternatives": [[str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])],
    }


def deactivated_addresses(addresses) -> set[str]:
    """Those of ``addresses`` (lower-cased) that a deactivated account signs in with, and no active one."""
    wanted = {parseaddr(str(address))[1].lower() for address in addresses} - {""}
    if not wanted:
        return set()
    accounts = User.objects.annotate(address=Lower("email")).filter(address__in=wanted)
    inactive = set(accounts.filter(is_active=False).values_list("address", flat=True))
    if inactive:
        inactive -= set(accounts.filter(is_active=True).values_list("address", flat=True))
    return inactive


def send_rendered(data: dict, *, recurring: dict | None = None) -> None:
    """Send a message ``serialise`` made; not to an account deactivated since it was rendered (the
    mail waited for SMTP, or for a worker), as mail rendered for an inactive account never is.

    A ``recurring`` e-mail (``unsubscribe.Recurring.as_payload``) its recipient stopped since is
    not sent at all: the running outbox message is withdrawn (``outbox.Withdrawn``), which the
    admin shows with why. One they stopped in part (a digest's saved search turned off) is not sent
    either, but written again for the rest (``unsubscribe.rewriting``), once this withdrawal is recorded.
    """
    if recurring is not None:
        _withdraw_if_stopped(recurring)
    recipients = {field: list(data.get(field) or []) for field in ("to", "cc", "bcc")}
    blocked = deactivated_addresses(address for field in recipients.values() for address in field)
    if blocked:
        recipients = {
            field: [a for a in addresses if parseaddr(str(a))[1].lower() not in blocked]
            for field, addresses in recipients.items()
        }
        logger.info("e-mail %r: not sent to %d deactivated account(s)", data.get("subject"), len(blocked))
        if not any(recipients.values()):
            return
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data.get("from_email"),
        **recipients,
        reply_to=data.get("reply_to", []),
        headers=data.get("headers", {}),
    )
    for content, mimetype in data.get("alternatives", []):
        message.attach_alternative(content, mimetype)
    _send(message, recurring=recurring)


def _withdraw_if_stopped(recurring: dict) -> None:
    """Raise ``outbox.Withdrawn`` unless all that the recurring e-mail reports is still wanted."""
    verdict = unsubscribe.check(recurring)
    if not verdict.reason:
        return
    rewrite = None
    if verdict.kept:
        # Part of it: what it reports of the rest goes out in a new e-mail, scheduled with the withdrawal
        # (it would be undone with this effect's writes), keyed by this message so it is scheduled once.
        running = outbox.current_message()
        rewrite = unsubscribe.rewriting(recurring, verdict.kept, replacing=running.pk if running else None)
    if rewrite is None:
        raise outbox.Withdrawn(verdict.reason)
    raise outbox.Withdrawn(OutboxWithdrawal.REWRITTEN, then=rewrite)


#: The outbox effect that sends one rendered message (``portal.tasks.send_email``).
SEND_EFFECT = "portal.send_email"


def _send(message: EmailMultiAlternatives, *, recurring: dict | None = None) -> None:
    running = outbox.current_message()
    if running is None:
        message.send()
        return
    if running.effect != SEND_EFFECT:
        # An effect that writes to several people (a decision to an organisation's members) hands
        # each message to an outbox message of its own, scheduled in the effect's transaction: a
        # worker killed half-way never sends the first recipients' mail again.
        which = "\n".join([*sorted(message.recipients()), str(message.subject)])
        outbox.schedule(
            SEND_EFFECT,
            {"message": serialise(message), **({"recurring": recurring} if recurring else {})},
            key=f"mail:{running.pk}:{hashlib.sha256(which.encode()).hexdigest()[:20]}",
        )
        return
    message.extra_headers.setdefault("Message-ID", outbox.message_id_for(running, str(DNS_NAME)))
    # The server has the message once send_messages returns; the outbox records that in its
    # commit right after. Saying goodbye (QUIT) waits until then, so the only moment in which a
    # killed worker would send it again (with the same Message-ID) is the commit itself.
    connection = get_connection()
    connection.open()
    outbox.after_delivery(connection.close)
    connection.send_messages([message])


def withdraw_mail_to(addresses) -> int:
    """Withdraw the mail to ``addresses`` that is still waiting in the outbox (a deleted account's).

    Mail of ``SEND_EFFECT`` not sent yet (waiting for SMTP, or given up and kept for the operators
    until the purge) holds the address and what it says to its owner (their name): once the account
    is deleted it must neither reach the former address nor stay in the outbox. A message also addressed to
    others keeps them. Returns how many messages were changed.
    """
    wanted = {address.lower() for address in addresses if address}
    changed = 0
    if not wanted:
        return changed
    waiting = OutboxMessage.objects.filter(effect=SEND_EFFECT, done_at__isnull=True)
    for pk, payload in waiting.values_list("pk", "payload"):
        data = dict((payload or {}).get("message") or {})
        kept = {
            field: [a for a in data.get(field) or [] if parseaddr(str(a))[1].lower() not in wanted]
            for field in ("to", "cc", "bcc")
        }
        if all(len(kept[field]) == len(data.get(field) or []) for field in kept):
            continue
        changed += 1
        if any(kept.values()):
            waiting.filter(pk=pk).update(payload={**payload, "message": data | kept})
        else:
            waiting.filter(pk=pk).delete()
    return changed


def send_to_invitee(invitation, *, template: str, language: str, context: dict) -> None:
    """``template`` to an invitation's address (an organisation's, a team's): in the invitee's language when
    they have an account, else ``language``; the context gains ``invitation`` and ``inviter``."""
    send_templated_email(
        template=template,
        to=[invitation.email],
        language=language_for_address(invitation.email, fallback=language),
        context={"invitation": invitation, "inviter": invitation.invited_by, **context},
    )


def send_invitation(invitation, *, language: str) -> None:
    """E-mail an invitation to join an organisation (``send_to_invitee``)."""
    context = {
        "organisation": invitation.organisation,
        "role": invitation.get_role_display,
        "accept_url": lambda: site_url(reverse("portal:invitation_accept", kwargs={"token": invitation.token})),
        # With its zone (the invitee may read it anywhere), in the e-mail's language.
        "expires": lambda: timing.display(invitation.expires_at, seconds=False),
    }
    send_to_invitee(invitation, template="portal/email/invitation", language=language, context=context)
