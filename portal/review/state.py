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
"""

from __future__ import annotations

ROLES = ("status", "note", "decided_at", "decided_by", "revision")


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

    def snapshot(self) -> dict:
        """The status, note and revision as JSON values (for the log's before / after)."""
        return {role: self._get(role) for role in ("status", "note", "revision") if role in self.declared.fields}
