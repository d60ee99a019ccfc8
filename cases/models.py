"""Typical application cases of invasive / semi-invasive BCI (issue #5).

* ``CasePage`` is a published case: a Wagtail page under a ``CaseIndexPage``, translated
  zh-hans ⇄ en with Wagtail's i18n (one tree per locale). Its facts are structured fields;
  outcome measures, trial registrations, publications and the timeline are ``Orderable``
  inlines, so a revision keeps them and a translation copies them.
* ``TypicalCaseSelection`` is the alliance's yearly selection ("2026 典型案例"): a small
  bilingual model (``*_zh``/``*_en``) shared by both trees, so a case and its translation
  belong to the same selection. Its public page is a route of the case index.
* ``CaseSubmission`` is what a hospital, enterprise or research institute member writes
  from the front end; staff review it and, on acceptance, it becomes a ``CasePage`` draft
  (``cases.services.accept``).

Functions and indications are JSON lists of ``TextChoices`` values (as the catalogue's
functions): the vocabulary is fixed by the plan. Facets count them with one conditional
aggregate per facet (``cases.queries``).
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

from cases import listing
from cases.validators import (
    doi_url,
    normalise_doi,
    normalise_trial_id,
    trial_registry_url,
    validate_doi,
    validate_functions,
    validate_indications,
    validate_trial_id,
)
from cases.vocabulary import (
    EDITABLE_STATUSES,
    MULTI_VALUED,
    Approach,
    BCIType,
    CaseFunction,
    CaseStatus,
    EnrolmentType,
    Indication,
    SubmissionStatus,
    TrialPhase,
)
from portal import public_cache
from portal.i18n import TranslatedField
from portal.listing.choices import MaskedChoices, labels_mixin
from portal.models.pages import PortalPage
from search import services as search

CACHE_TAG = "cases"
#: ``functions_display`` / ``indications_display`` of cases and submissions.
CaseLabels = labels_mixin(MULTI_VALUED)


def number_display(value) -> str:
    """A Decimal without trailing zeros or exponent: 0.210 → 0.21, 110.000 → 110."""
    return "" if value is None else format(value.normalize(), "f")


class TypicalCaseSelection(models.Model):
    """The alliance's selection of typical cases for a year, e.g. "2026 典型案例"."""

    name_zh = models.CharField(_("name (Chinese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    introduction_zh = models.TextField(_("introduction (Chinese)"), blank=True)
    introduction_en = models.TextField(_("introduction (English)"), blank=True)

    name = TranslatedField("name_zh", "name_en")
    introduction = TranslatedField("introduction_zh", "introduction_en")

    panels = [
        FieldRowPanel([FieldPanel("name_zh"), FieldPanel("name_en")]),
        FieldRowPanel([FieldPanel("slug"), FieldPanel("year")]),
        FieldPanel("introduction_zh"),
        FieldPanel("introduction_en"),
    ]

    class Meta:
        verbose_name = _("typical-case selection")
        verbose_name_plural = _("typical-case selections")
        ordering = ["-year", "name_zh"]

    def __str__(self):
        return self.name


class CaseIndexPage(PortalPage):
    """The public list of cases: facets, sort, summary chart; ``selections/<slug>/`` shows a selection."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    subpage_types = ["cases.CasePage"]
    max_count_per_parent = 1
    # "search:case": the search box's matches change when the index does (after the publish).
    public_cache_tags = ("pages", CACHE_TAG, "organisations", "search:case")
    public_cache_params = listing.INDEX_PARAMS

    class Meta:
        verbose_name = _("case index page")

    def route(self, request, path_components):
        if len(path_components) == 2 and path_components[0] == "selections" and self.live:
            return RouteResult(self, kwargs={"selection_slug": path_components[1]})
        return super().route(request, path_components)

    def get_template(self, request, *args, **kwargs):
        if kwargs.get("selection_slug"):
            return "cases/case_selection_page.html"
        return super().get_template(request, *args, **kwargs)

    def get_context(self, request, *args, selection_slug=None, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        query = listing.CASE_LIBRARY.parse(request.GET)
        if selection_slug:
            selection = TypicalCaseSelection.objects.filter(slug=selection_slug).first()
            if selection is None:
                raise Http404
            context["selection"] = selection
            query.selected = {"selection": [selection.slug]}
        index_url = self.get_url(request)
        page = listing.case_listing(
            index=self, query=query, audiences=search.audiences_for(request.user), index_url=index_url
        )
        context.update(
            listing=listing.index_context(page),
            # Every selection (links), remembered until a selection changes (tag "cases").
            selections=public_cache.remember(
                "cases:selections", (CACHE_TAG,), lambda: list(TypicalCaseSelection.objects.all())
            ),
            index_url=index_url,
        )
        return context

    def live_cases(self):
        """The live cases below this index: what it lists."""
        return CasePage.objects.live().child_of(self)

    def selection_url(self, selection) -> str:
        return f"{self.url}selections/{selection.slug}/"


class CasePageForm(WagtailAdminPageForm):
    """Records who confirmed consent and de-identification, and when, as the editor ticks the box.

    Functions and indications are JSON lists edited as checkboxes: a ``MultipleChoiceField``
    hands the model a list (a JSON form field would try to parse the checkbox list as text).
    """

    functions = forms.MultipleChoiceField(
        label=_("functions"), choices=CaseFunction.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    indications = forms.MultipleChoiceField(
        label=_("indications"), choices=Indication.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    def save(self, commit=True):
        page = super().save(commit=False)
        if not page.consent_confirmed:
            page.consent_confirmed_by, page.consent_confirmed_at = None, None
        elif page.consent_confirmed_at is None:
            page.consent_confirmed_by = self.for_user
            page.consent_confirmed_at = timezone.now()
        if commit:
            page.save()
            self.save_m2m()
        return page


class CasePage(MaskedChoices, CaseLabels, PortalPage):
    multi_valued = MULTI_VALUED

    summary = models.TextField(_("summary"), max_length=600)
    narrative = RichTextField(_("narrative"), blank=True, features=["h3", "bold", "italic", "ol", "ul", "link"])

    bci_type = models.CharField(_("BCI type"), max_length=32, choices=BCIType.choices)
    approach = models.CharField(_("approach"), max_length=32, choices=Approach.choices)
    functions = models.JSONField(_("functions"), default=list, blank=True, validators=[validate_functions])
    indications = models.JSONField(_("indications"), default=list, blank=True, validators=[validate_indications])
    # Bit masks of the two lists (as the catalogue's ``*_mask``), kept by ``save``: the index
    # filters and counts them with ``mask & bits`` on an integer column (``cases.queries``).
    functions_mask = models.PositiveIntegerField(default=0, editable=False)
    indications_mask = models.PositiveIntegerField(default=0, editable=False)

    institutions = ParentalManyToManyField(
        "portal.Organisation", verbose_name=_("institutions"), related_name="cases", blank=True
    )
    team = models.TextField(_("team"), blank=True, help_text=_("Clinical and engineering team, one name per line."))
    products = ParentalManyToManyField(
        "catalog.Product", verbose_name=_("linked catalogue products"), related_name="cases", blank=True
    )
    selections = ParentalManyToManyField(
        TypicalCaseSelection, verbose_name=_("typical-case selections"), related_name="cases", blank=True
    )

    phase = models.CharField(_("phase"), max_length=32, choices=TrialPhase.choices)
    enrolment = models.PositiveIntegerField(
        _("enrolment"), null=True, blank=True, validators=[MaxValueValidator(100_000)]
    )
    enrolment_type = models.CharField(
        _("enrolment is"), max_length=16, choices=EnrolmentType.choices, default=EnrolmentType.ACTUAL
    )
    start_date = models.DateField(_("start date"))
    case_status = models.CharField(_("status"), max_length=16, choices=CaseStatus.choices)
    follow_up_months = models.PositiveSmallIntegerField(
        _("follow-up (months)"), null=True, blank=True, validators=[MaxValueValidator(600)]
    )
    adverse_events = models.TextField(_("adverse events summary"), blank=True)

    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    video_url = models.URLField(_("video link"), blank=True)

    consent_confirmed = models.BooleanField(
        _("consent and de-identification confirmed"),
        default=False,
        help_text=_("The patients gave informed consent to publication and nothing in this case identifies them."),
    )
    consent_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    consent_confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("narrative"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("bci_type"), FieldPanel("approach")]),
                FieldPanel("functions"),
                FieldPanel("indications"),
            ],
            heading=_("Classification"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("institutions", widget=forms.CheckboxSelectMultiple),
                FieldPanel("team"),
                FieldPanel("products", widget=forms.CheckboxSelectMultiple),
                FieldPanel("selections", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Institutions and products"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("phase"), FieldPanel("case_status")]),
                FieldRowPanel([FieldPanel("enrolment"), FieldPanel("enrolment_type")]),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("follow_up_months")]),
                FieldPanel("adverse_events"),
            ],
            heading=_("Study"),
        ),
        InlinePanel("outcomes", label=_("Outcome measures"), min_num=1),
        InlinePanel("trial_registrations", label=_("Trial registrations")),
        InlinePanel("publications", label=_("Publications")),
        InlinePanel("milestones", label=_("Timeline")),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("video_url")], heading=_("Media")),
        MultiFieldPanel(
            [
                FieldPanel("consent_confirmed"),
                FieldPanel("consent_confirmed_by", read_only=True),
                FieldPanel("consent_confirmed_at", read_only=True),
            ],
            heading=_("Consent and de-identification"),
        ),
    ]
    search_fields = PortalPage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("narrative"),
        index.FilterField("bci_type"),
        index.FilterField("approach"),
        index.FilterField("phase"),
    ]
    parent_page_types = ["cases.CaseIndexPage"]
    subpage_types = []
    public_cache_tags = ("pages", CACHE_TAG, "organisations", "catalog")
    public_cache_params = ()
    base_form_class = CasePageForm

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [models.Index(fields=["bci_type", "approach", "phase"])]

    def clean(self):
        super().clean()
        if not self.consent_confirmed:
            raise ValidationError(
                {
                    "consent_confirmed": _(
                        "A case is published only with the patients' consent and without anything "
                        "that identifies them: confirm both."
                    )
                }
            )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(listing.case_detail_context(self, remember=not getattr(request, "is_preview", False)))
        context["index_url"] = self.index_url(request)
        context["related_cases"] = listing.with_listing_urls(
            context["related_cases"],
            parent_url_path=self.url_path[: -len(self.slug) - 1],
            parent_url=context["index_url"],
        )
        return context

    def index_url(self, request=None) -> str:
        """The case index's URL: the page's own URL minus its slug (no query for the parent)."""
        url, suffix = self.get_url(request) or "", f"/{self.slug}/"
        if url.endswith(suffix):
            return url[: -len(suffix) + 1]
        parent = self.get_parent()
        return parent.get_url(request) if parent else ""

    @property
    def year(self) -> int | None:
        return self.start_date.year if self.start_date else None


class CaseOutcome(Orderable):
    """One outcome measure: e.g. typing speed, at 6 months, 62 characters/minute."""

    page = ParentalKey(CasePage, on_delete=models.CASCADE, related_name="outcomes")
    measure = models.CharField(_("measure"), max_length=200)
    time_frame = models.CharField(_("time frame"), max_length=100, blank=True)
    result = models.CharField(_("result"), max_length=300)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=3, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)

    panels = [
        FieldPanel("measure"),
        FieldPanel("time_frame"),
        FieldPanel("result"),
        FieldRowPanel([FieldPanel("value"), FieldPanel("unit")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("outcome measure")

    @property
    def value_display(self) -> str:
        return number_display(self.value)


class CaseTrialRegistration(Orderable):
    page = ParentalKey(CasePage, on_delete=models.CASCADE, related_name="trial_registrations")
    registration_id = models.CharField(
        _("registration number"),
        max_length=32,
        validators=[validate_trial_id],
        help_text=_("ClinicalTrials.gov (NCT01234567) or ChiCTR (ChiCTR2000012345, ChiCTR-IOR-17012345)."),
    )

    panels = [FieldPanel("registration_id")]

    class Meta(Orderable.Meta):
        verbose_name = _("trial registration")

    def clean(self):
        self.registration_id = normalise_trial_id(self.registration_id)
        super().clean()

    @property
    def url(self) -> str:
        return trial_registry_url(self.registration_id)

    @property
    def registry(self) -> str:
        return "ClinicalTrials.gov" if self.registration_id.startswith("NCT") else _("Chinese Clinical Trial Registry")


class CasePublication(Orderable):
    page = ParentalKey(CasePage, on_delete=models.CASCADE, related_name="publications")
    doi = models.CharField(
        _("DOI"), max_length=200, validators=[validate_doi], help_text=_("e.g. 10.1038/s41586-023-06377-x")
    )
    citation = models.CharField(_("citation"), max_length=400, blank=True)

    panels = [FieldPanel("doi"), FieldPanel("citation")]

    class Meta(Orderable.Meta):
        verbose_name = _("publication")

    def clean(self):
        self.doi = normalise_doi(self.doi)
        super().clean()

    @property
    def url(self) -> str:
        return doi_url(self.doi)


class CaseMilestone(Orderable):
    page = ParentalKey(CasePage, on_delete=models.CASCADE, related_name="milestones")
    date = models.DateField(_("date"))
    event = models.CharField(_("event"), max_length=200)

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("event")])]

    class Meta(Orderable.Meta):
        verbose_name = _("milestone")


# --- submissions --------------------------------------------------------------------------


class CaseSubmission(CaseLabels, models.Model):
    """A case written by a member organisation, reviewed by staff (``cases.services``).

    Everything may be blank while it is a draft; ``services.submit`` checks completeness.
    ``version`` increases on every save: a form carries the version it was rendered with,
    so a second tab's older edit is refused instead of silently overwriting a newer one.
    """

    organisation = models.ForeignKey(
        "portal.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="case_submissions"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT, db_index=True
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    title = models.CharField(_("title"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), max_length=600, blank=True)
    narrative = models.TextField(_("narrative"), blank=True)
    bci_type = models.CharField(_("BCI type"), max_length=32, choices=BCIType.choices, blank=True)
    approach = models.CharField(_("approach"), max_length=32, choices=Approach.choices, blank=True)
    functions = models.JSONField(_("functions"), default=list, blank=True, validators=[validate_functions])
    indications = models.JSONField(_("indications"), default=list, blank=True, validators=[validate_indications])
    phase = models.CharField(_("phase"), max_length=32, choices=TrialPhase.choices, blank=True)
    enrolment = models.PositiveIntegerField(
        _("enrolment"), null=True, blank=True, validators=[MaxValueValidator(100_000)]
    )
    enrolment_type = models.CharField(
        _("enrolment is"), max_length=16, choices=EnrolmentType.choices, default=EnrolmentType.ACTUAL
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    case_status = models.CharField(_("status of the study"), max_length=16, choices=CaseStatus.choices, blank=True)
    follow_up_months = models.PositiveSmallIntegerField(
        _("follow-up (months)"), null=True, blank=True, validators=[MaxValueValidator(600)]
    )
    adverse_events = models.TextField(_("adverse events summary"), blank=True)
    team = models.TextField(_("team"), blank=True)
    institutions = models.ManyToManyField(
        "portal.Organisation", verbose_name=_("institutions"), related_name="+", blank=True
    )
    products = models.ManyToManyField(
        "catalog.Product", verbose_name=_("linked catalogue products"), related_name="+", blank=True
    )
    trial_ids = models.TextField(_("trial registration numbers"), blank=True)
    dois = models.TextField(_("publication DOIs"), blank=True)
    video_url = models.URLField(_("video link"), blank=True)

    consent_confirmed = models.BooleanField(_("consent and de-identification confirmed"), default=False)
    attested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    attested_at = models.DateTimeField(_("attested at"), null=True, blank=True)

    staff_comment = models.TextField(_("comment from the alliance"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    case_page = models.OneToOneField(
        CasePage,
        verbose_name=_("case page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submission",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    #: The "new case" form's one-time token (``portal.idempotency``): sent twice, it creates one draft.
    creation_token = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("case submission")
        verbose_name_plural = _("case submissions")
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "creation_token"], name="cases_submission_unique_creation_token"
            )
        ]

    def __str__(self):
        return self.title or _("Untitled case #%(pk)s") % {"pk": self.pk}

    def get_absolute_url(self):
        return reverse("cases:submission_detail", kwargs={"pk": self.pk})

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class CaseSubmissionOutcome(models.Model):
    submission = models.ForeignKey(CaseSubmission, on_delete=models.CASCADE, related_name="outcomes")
    sort_order = models.PositiveSmallIntegerField(default=0)
    measure = models.CharField(_("measure"), max_length=200)
    time_frame = models.CharField(_("time frame"), max_length=100, blank=True)
    result = models.CharField(_("result"), max_length=300)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=3, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("outcome measure")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.measure

    @property
    def value_display(self) -> str:
        return number_display(self.value)


def attachment_path(instance, filename: str) -> str:
    # A random folder: attachments are served only through the permission-checked view.
    return f"cases/submissions/{uuid.uuid4().hex}/{PurePath(filename).name}"


def attachment_storage():
    """The private storage (outside MEDIA_ROOT, no URL): attachments may identify patients until reviewed."""
    return storages["private"]


class CaseSubmissionAttachment(models.Model):
    submission = models.ForeignKey(CaseSubmission, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, storage=attachment_storage, max_length=300)
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(max_length=100, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.name
