"""One-time tokens for "create" forms: the same form sent twice creates one object.

A double click, a reload that re-posts, two tabs sending the same page: without a token each
request creates its own row. Every form that creates something carries a hidden, required
``creation_token`` instead, and the row it creates keeps the token, unique among its siblings.

The pieces, used by every model a member's form creates (products, case submissions, organisations
and their invitations, teams and team invitations, entries, meeting requests, data-room documents,
programme applications):

- ``CreationTokenFormMixin`` (forms): adds the hidden field to a form that creates (a model
  form without an instance, or any plain form). The value is a fresh random UUID, signed with
  the form's scope, so a token the server did not issue, or that was edited, is refused with a
  translated form error (never a 500, nothing saved) and the re-rendered form carries a fresh
  one. ``form.creation_token_value()`` is the ``UUID`` for the service.
- The model: ``creation_token = token_field()`` and, in its ``Meta.constraints``,
  ``unique_token("organisation", name=...)``: the token is unique among the rows of its scope
  (the organisation, say). ``None`` is for rows made by code (demo data, the admin, tests): no
  constraint applies.
- ``created_with(queryset, token)`` (services): what the token already created, to return it
  before doing any work (validating, storing files).
- ``save_once(instance, among=queryset)`` (services): inserts the row in a savepoint; when a
  concurrent copy of the request won the race the constraint refuses ours, and the winner's
  row is returned instead. ``among`` must be the constraint's scope (the rows the token is
  unique among). Callers do their follow-up work (revisions, memberships, e-mails) only when
  ``created`` is true, so the loser adds nothing. On PostgreSQL the loser's insert waits for
  the winner's transaction; after its commit the lookup sees the winner's row (READ COMMITTED).
"""

from __future__ import annotations

import uuid

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

FIELD_NAME = "creation_token"

INVALID_TOKEN = _(
    "This form could not be verified (it may be an old or altered copy), so nothing was saved. "
    "Your input is kept: check it and send the form again."
)


def token_field() -> models.UUIDField:
    """A model's ``creation_token``: the token of the form that created the row (``None``: made by code)."""
    return models.UUIDField(null=True, blank=True, editable=False)


def unique_token(*scope: str, name: str) -> models.UniqueConstraint:
    """The constraint that settles a double submit: a token is unique among the rows of ``scope``."""
    return models.UniqueConstraint(fields=[*scope, FIELD_NAME], name=name)


def _signer(scope: str) -> signing.Signer:
    return signing.Signer(salt=f"portal.idempotency.creation-token:{scope}")


def issue_token(scope: str, value: uuid.UUID | None = None) -> str:
    """A signed token for a form of ``scope`` (what the hidden field carries)."""
    return _signer(scope).sign((value or uuid.uuid4()).hex)


def read_token(scope: str, signed: str | None) -> uuid.UUID | None:
    """The token's UUID, or ``None`` when it is missing, malformed or not signed for ``scope``."""
    if not signed or not isinstance(signed, str) or len(signed) > 200:
        return None
    try:
        return uuid.UUID(hex=_signer(scope).unsign(signed))
    except (signing.BadSignature, ValueError):
        return None


class CreationTokenField(forms.Field):
    """A hidden, signed one-time token; cleans to a ``UUID`` or ``None`` (the form reports it)."""

    widget = forms.HiddenInput

    def __init__(self, *, scope: str, **kwargs):
        self.scope = scope
        kwargs.setdefault("required", False)
        kwargs.setdefault("initial", uuid.uuid4)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, uuid.UUID):
            return issue_token(self.scope, value)
        return value

    def to_python(self, value):
        return read_token(self.scope, value)

    def has_changed(self, initial, data) -> bool:
        return False


class CreationTokenFormMixin:
    """Gives a form that creates a required one-time ``creation_token`` (see the module docstring).

    Set ``creation_scope`` (e.g. ``"competition.entry"``). A model form editing an existing
    instance gets no token.
    """

    creation_scope = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.creates():
            self.fields[FIELD_NAME] = CreationTokenField(scope=self.creation_scope or type(self).__name__)

    def creates(self) -> bool:
        instance = getattr(self, "instance", None)
        return instance is None or instance._state.adding

    def clean(self):
        cleaned = super().clean()
        if FIELD_NAME in self.fields and cleaned.get(FIELD_NAME) is None:
            self._renew_creation_token()
            raise ValidationError(INVALID_TOKEN, code="creation_token")
        return cleaned

    def creation_token_value(self) -> uuid.UUID | None:
        return self.cleaned_data.get(FIELD_NAME) if FIELD_NAME in self.fields else None

    def _renew_creation_token(self) -> None:
        """The re-rendered form carries a valid token, so sending it again works."""
        self.data = self.data.copy()
        self.data[self.add_prefix(FIELD_NAME)] = issue_token(self.fields[FIELD_NAME].scope)


# --- services ------------------------------------------------------------------------------


def created_with(queryset, token: uuid.UUID | None):
    """The row ``token`` already created within ``queryset``, or ``None``."""
    if token is None:
        return None
    return queryset.filter(creation_token=token).first()


def save_once(instance, *, among):
    """Insert ``instance`` (its ``creation_token`` set) unless its token already created a row.

    Returns ``(row, created)``: ``instance`` and ``True``, or the row another copy of the same
    request created and ``False``. ``among`` is the queryset the token is unique in (the
    constraint's scope). An ``IntegrityError`` that is not about the token is raised again.
    Call it inside ``transaction.atomic``.
    """
    token = instance.creation_token
    earlier = created_with(among, token)
    if earlier is not None:
        return earlier, False
    try:
        with transaction.atomic():
            instance.save(force_insert=True)
    except IntegrityError:
        earlier = created_with(among, token)
        if earlier is None:
            raise
        return earlier, False
    return instance, True
