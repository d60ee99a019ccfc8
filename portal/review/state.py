"""Where a reviewed record stands: its status, the reviewer's note, when and by whom it was decided.

The four reviewed models of the portal keep these in columns of their own names
(``Organisation.verification_status``, ``Product.moderation_status``, ``CaseSubmission.status``…);
``ReviewState`` maps the roles onto them instead of renaming columns::

    class Organisation(models.Model):
        ...
        review = ReviewState(
            status="verification_status", note="verification_note", decided_at="verified_at", decided_by="verified_by"
        )

``organisation.review.status``, ``.note``, ``.decided_at``, ``.decided_by``, ``.revision`` and
``.status_label`` then read those fields, and the decisions of ``portal.review.decisions`` write
them. Only ``status`` is required; a role left out is simply not recorded (an edition has no
note). ``revision`` is the attribute naming the version a reviewer sees (a product's
``latest_revision_id``): a decision pinned to it is refused once a newer version exists. The
status may be a read-only attribute (``OutboxMessage.state``) for decisions that do not change
it.

``decided_at`` also names a decision: its e-mail carries the time as ``DECIDED_AT``
(``stamp``), and a record decided again since (the same decision taken twice, a correction)
has ``superseded`` it, so only the latest decision is announced (``portal.review.notify``).
"""

from __future__ import annotations

from datetime import datetime

ROLES = ("status", "note", "decided_at", "decided_by", "revision")

#: The key of a decision e-mail's payload naming the decision it announces (its ``decided_at``).
DECIDED_AT = "decided_at"


class ReviewState:
    """A descriptor naming the fields that hold each role of a record's review state."""

    def __init__(
        self,
        *,
        status: str,
        note: str | None = None,
        decided_at: str | None = None,
        decided_by: str | None = None,
        revision: str | None = None,
        choices=None,
    ):
        self.fields = {
            role: name
            for role, name in zip(ROLES, (status, note, decided_at, decided_by, revision), strict=True)
            if name is not None
        }
        #: The status's ``TextChoices`` when the status is not a model field with choices.
        self.choices = choices

    def __set_name__(self, owner, name):
        self.model = owner

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return BoundReviewState(self, instance)

    def of(self, instance) -> BoundReviewState:
        """``instance``'s review state (also for a state declared beside the model rather than on it)."""
        return BoundReviewState(self, instance)

    def has(self, role: str) -> bool:
        return role in self.fields

    def written_fields(self) -> list[str]:
        """The fields a decision that changes the status writes (the revision is never written)."""
        return [self.fields[role] for role in ("status", "note", "decided_at", "decided_by") if role in self.fields]

    def status_label(self, value) -> str:
        choices = self.choices
        if choices is None:
            choices = dict(self.model._meta.get_field(self.fields["status"]).flatchoices)
        else:
            choices = dict(choices.choices)
        return str(choices.get(value, value))


def declared_state(model) -> ReviewState:
    """The ``ReviewState`` declared on ``model`` (or one of its bases)."""
    for klass in model.__mro__:
        for value in vars(klass).values():
            if isinstance(value, ReviewState):
                return value
    raise TypeError(f"{model.__name__} declares no ReviewState: pass state=")


class BoundReviewState:
    """One record's review state (``record.review``)."""

    def __init__(self, declared: ReviewState, instance):
        self.declared = declared
        self.instance = instance

    def _get(self, role: str):
        name = self.declared.fields.get(role)
        return getattr(self.instance, name) if name else None

    status = property(lambda self: self._get("status"))
    note = property(lambda self: self._get("note"))
    decided_at = property(lambda self: self._get("decided_at"))
    decided_by = property(lambda self: self._get("decided_by"))
    revision = property(lambda self: self._get("revision"))

    @property
    def status_label(self) -> str:
        return self.declared.status_label(self.status)

    def record(self, *, status, note: str, by, at) -> list[str]:
        """Set the status and whatever else the model records of a decision; return the fields to save."""
        values = {"status": status, "note": note, "decided_at": at, "decided_by": by}
        for role in ("status", "note", "decided_at", "decided_by"):
            if role in self.declared.fields:
                setattr(self.instance, self.declared.fields[role], values[role])
        return self.declared.written_fields()

    def stamp(self) -> dict:
        """``{DECIDED_AT: <ISO time>}`` naming the decision the record stands at (``{}``: none recorded)."""
        at = self.decided_at
        return {DECIDED_AT: at.isoformat()} if at is not None else {}

    def superseded(self, stamp: str) -> bool:
        """Whether the decision ``stamp`` (a ``DECIDED_AT`` value) names is no longer the record's latest:
        decided again since, or its decision cleared (an application submitted anew)."""
        if not self.declared.has("decided_at"):
            return False
        return self.decided_at is None or self.decided_at != datetime.fromisoformat(stamp)

    def snapshot(self) -> dict:
        """The status, note and revision as JSON values (for the log's before / after)."""
        return {role: self._get(role) for role in ("status", "note", "revision") if role in self.declared.fields}
