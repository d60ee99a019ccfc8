"""Unsubscribe links for the portal's recurring e-mails (a saved search's digest), without signing in.

A recurring e-mail carries a link that stops it, in its text and in the ``List-Unsubscribe`` header
with ``List-Unsubscribe-Post: List-Unsubscribe=One-Click`` (RFC 8058), which mail programs show as
an "Unsubscribe" button and answer with a POST of their own. Large mail providers require both of
bulk senders; without them a digest nobody can stop from their inbox is reported as spam.

The link's token names the account and is signed for one kind of e-mail (``scope``): it cannot be
guessed for another account nor used for another kind of e-mail. It does not expire (an old e-mail
must still stop what it is), and it can do only that: stop the e-mails of its scope. Opening the
link (a GET, which mail scanners send to every link) changes nothing; the page's button, or the
mail program's one-click request, does.

A token is ``<account id>-<signature>``: the alphabet of ``portal.converters.TokenConverter``
(43 signature characters and up to 19 digits fit its 64).

A recurring e-mail can wait in the outbox for hours while SMTP is down, and its recipient may stop
it meanwhile. So it is sent with a ``Recurring`` (``portal.emails.send_templated_email(recurring=)``):
its scope, its recipient's account and what it reports travel with the rendered message, and
the sending asks the scope's check, which its app registers (``register``), what of it is still
wanted (a ``Verdict``). All of it: it goes. None: the message is withdrawn unsent
(``portal.outbox.Withdrawn``) with the check's reason (unsubscribed, turned off...), which staff read
in the admin's background tasks. Part of it (a digest listing two saved searches, one turned off
since): the message is withdrawn and the scope's ``rewrite`` schedules it written again for that
part, in the transaction that records the withdrawal: what it reported of the rest is not lost.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core import signing


def _signer(scope: str) -> signing.Signer:
    return signing.Signer(salt=f"portal.unsubscribe:{scope}")


def token_for(user, scope: str) -> str:
    """The token of ``user``'s link that stops the e-mails of ``scope``."""
    return f"{user.pk}-{_signer(scope).signature(str(user.pk))}"


def user_id_from(token: str, scope: str) -> int | None:
    """The account a token of ``scope`` names; ``None`` for anything else (altered, cut short, another scope).

    Checked by ``Signer.unsign`` (constant time), which also accepts a signature made with a key of
    ``SECRET_KEY_FALLBACKS``: the links of e-mails sent before a key rotation still work.
    """
    user_id, _sep, signature = token.partition("-")
    if not (user_id.isdigit() and signature):
        return None
    signer = _signer(scope)
    try:
        signed = signer.unsign(f"{user_id}{signer.sep}{signature}")
    except signing.BadSignature:
        return None
    return int(user_id) if signed == user_id else None


def headers(url: str) -> dict[str, str]:
    """The e-mail headers that offer ``url`` (absolute, HTTPS in production) as a one-click unsubscribe."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


@dataclass(frozen=True)
class Recurring:
    """A recurring e-mail, as its sending checks it: the ``scope`` of its unsubscribe link, the
    recipient's account ``user_id``, what it reports (``about``: JSON values, e.g. the ids of the
    saved searches a digest lists) and what its scope needs to write it again for only some of
    ``about`` (``rewrite``: JSON values, given back to the scope's ``rewrite``; see ``register``)."""

    scope: str
    user_id: int
    about: tuple = ()
    rewrite: dict | None = field(default=None, hash=False, compare=False)

    def as_payload(self) -> dict:
        payload = {"scope": self.scope, "user_id": self.user_id, "about": list(self.about)}
        if self.rewrite is not None:
            payload["rewrite"] = self.rewrite
        return payload


@dataclass(frozen=True)
class Verdict:
    """A scope's check of a waiting recurring e-mail. ``reason``: empty while all of it is wanted, else
    why not (an ``OutboxWithdrawal``: unsubscribed, turned off...); then ``kept``: those of its ``about``
    still wanted, if any (the e-mail is written again for them)."""

    reason: str = ""
    kept: tuple = ()


#: Each scope's check: ``check(user_id, about) -> Verdict``, what of its e-mail is still wanted.
_checks: dict[str, Callable[[int, list], Verdict]] = {}
#: Each scope's ``rewrite(user_id, kept, rewrite, *, replacing)``, where it has one (``register``).
_rewrites: dict[str, Callable[..., None]] = {}


def register(scope: str, wanted: Callable[[int, list], Verdict], *, rewrite: Callable[..., None] | None = None) -> None:
    """Declare how to tell what of an e-mail of ``scope`` is still ``wanted`` (from the app's ``ready()``).

    ``rewrite(user_id, kept, data, *, replacing)``: schedule (``portal.outbox``) the e-mail written again
    for the ``kept`` part of its ``about`` only, from its ``Recurring.rewrite`` ``data``; ``replacing`` is
    the id of the outbox message it replaces (an idempotency key). A scope without one sends an e-mail
    only whole: one whose check keeps part of it is withdrawn with the check's reason.
    """
    _checks[scope] = wanted
    if rewrite is not None:
        _rewrites[scope] = rewrite


def check(recurring: dict) -> Verdict:
    """What of the recurring e-mail ``recurring`` (``Recurring.as_payload``) is still wanted now.

    A scope without a check raises ``LookupError``: the mail then waits (the outbox retries it and
    shows the error) rather than going out to someone who may have stopped it.
    """
    scope_check = _checks.get(recurring["scope"])
    if scope_check is None:
        raise LookupError(f"no unsubscribe check is registered for {recurring['scope']!r}")
    return scope_check(recurring["user_id"], list(recurring.get("about") or []))


def rewriting(recurring: dict, kept, *, replacing: int | None) -> Callable[[], None] | None:
    """What schedules the e-mail ``recurring`` again for its ``kept`` part only (the scope's ``rewrite``),
    to be called once its withdrawal is recorded; ``None`` if it cannot be written again: its scope has
    no ``rewrite``, or it carries nothing to write it from (rendered before it had to)."""
    scope_rewrite = _rewrites.get(recurring["scope"])
    data = recurring.get("rewrite")
    if scope_rewrite is None or data is None:
        return None
    kept = list(kept)
    return lambda: scope_rewrite(recurring["user_id"], kept, data, replacing=replacing)
