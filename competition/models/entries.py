"""Entries: what a team submits to a track, with its answers and attachments."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.admin import display
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from competition.vocabulary import TEAM_EDITABLE, AttachmentKind, EntryStatus
from portal.fields import who
from portal.idempotency import token_field, unique_token
from portal.review.state import ReviewState
from portal.storages import private_storage
from portal.uploads.attachments import Attachment


class Entry(models.Model):
    """A team's entry to a track of a competition (``competition.services``).

    ``answers`` holds the track's questions' answers under each ``TrackField.key`` (text,
    a number as text, a chosen value, a URL, or an attachment's id for a file question).
    ``version`` increases on every save: a form (or the autosave) carries the version it was
    rendered with, and an older one is refused instead of overwriting a newer save.
    ``extended_until``: a deadline staff granted this entry alone (audited), at ``extended_at``
    (``EXTENSION``).
    """

    competition = models.ForeignKey(
        "competition.Competition", verbose_name=_("competition"), on_delete=models.CASCADE, related_name="entries"
    )
    track = models.ForeignKey(
        "competition.Track", verbose_name=_("track"), on_delete=models.PROTECT, related_name="entries"
    )
    team = models.ForeignKey(
        "competition.Team", verbose_name=_("team"), on_delete=models.CASCADE, related_name="entries"
    )
    title = models.CharField(_("title"), max_length=200)
    #: The entry before the judging engine's panels (its ``Item``s; deleting the entry removes them).
    judging_items = GenericRelation("judging.Item", content_type_field="subject_type", object_id_field="subject_id")
    summary = models.TextField(_("summary"), max_length=1500, blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=EntryStatus.choices, default=EntryStatus.DRAFT, db_index=True
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    #: The "new entry" form's one-time token (``portal.idempotency``): sent twice, one draft.
    creation_token = token_field()

    screening_note = models.TextField(_("eligibility note"), blank=True)
    screened_at = models.DateTimeField(_("screened at"), null=True, blank=True)
    screened_by = who(_("screened by"))

    extended_until = models.DateTimeField(_("deadline extended until"), null=True, blank=True)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    extended_by = who(_("extension granted by"))
    extended_at = models.DateTimeField(_("extension granted at"), null=True, blank=True)

    #: Staff's eligibility screening (``competition.services.SCREENING``).
    review = ReviewState(status="status", note="screening_note", decided_at="screened_at", decided_by="screened_by")

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["-updated_at", "-pk"]
        constraints = [unique_token("team", name="competition_entry_unique_creation_token")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("competition:entry_detail", kwargs={"pk": self.pk})

    @property
    @display(description=_("Deadline"))
    def deadline(self):
        """The last second this entry may be changed: the submission stage's close, or its extension."""
        closes = self.competition.submission_deadline
        if self.extended_until and (closes is None or self.extended_until > closes):
            return self.extended_until
        return closes

    @property
    def team_may_edit(self) -> bool:
        return self.status in TEAM_EDITABLE

    @property
    def shown_status(self) -> str:
        """The status its team sees: until the competition's results are published an award is alliance
        staff's (the team hears of it at publication), so an awarded entry shows the status it had:
        "advanced" when it went through to a later round (its ``advancements``), else "eligible".
        Read with ``queries.with_deadline`` it costs no query per entry."""
        if self.status != EntryStatus.AWARDED or self.competition.results_are_published:
            return self.status
        return EntryStatus.ADVANCED if self.advancements.all() else EntryStatus.ELIGIBLE

    def get_shown_status_display(self) -> str:
        return EntryStatus(self.shown_status).label


def attachment_path(instance, filename: str) -> str:
    # A random folder: attachments are served only through the permission-checked view.
    return f"competition/entries/{uuid.uuid4().hex}/{filename.rsplit('/', 1)[-1]}"


#: The private storage (outside MEDIA_ROOT, no URL): entries are confidential until results.
#: The name stays for the migrations that import it.
attachment_storage = private_storage


#: Staff's extension of an entry's deadline, a decision beside its screening (``Entry.review``): the
#: team's mail names it by ``extended_at`` (``portal.review``), so of two extensions granted while the
#: first mail waited only the latest is announced. It leaves the status as it is.
EXTENSION = ReviewState(status="status", note="extension_reason", decided_at="extended_at", decided_by="extended_by")
EXTENSION.model = Entry


class EntryAttachment(Attachment):
    """A file of an entry: the pitch deck, an image, or the answer to a file question (``field``)."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=16, choices=AttachmentKind.choices)
    field_key = models.SlugField(_("question"), max_length=40, blank=True)
    file = models.FileField(_("file"), upload_to=attachment_path, storage=attachment_storage, max_length=300)

    def get_absolute_url(self):
        return reverse("competition:attachment_download", kwargs={"pk": self.entry_id, "attachment_pk": self.pk})
