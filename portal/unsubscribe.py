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
"""

from __future__ import annotations

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
