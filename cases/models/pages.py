"""The case pages: the index (the case library) and a published case with its inlines.

Nothing an organisation publishes is public unless it is verified: a case published from an
organisation's submission (in every language) leaves the case library, its page, the API and
search while that organisation is suspended, and comes back when it is verified again
(``CasePage.published``, ``CasePage.serve``; a case staff wrote in the admin has no such
organisation). The verification decision invalidates the ``organisations`` cache tag the case
pages carry.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

from cases import listing
from cases.forms import CasePageForm
from cases.models.outcomes import OutcomeMeasure
from cases.models.selections import TypicalCaseSelection
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
    MULTI_VALUED,
    Approach,
    BCIType,
    CaseLabels,
    CaseStatus,
    EnrolmentType,
    TrialPhase,
)
from portal import prepared, public_cache
from portal.fields import RichTextField, optional_image, who
from portal.listing.choices import MaskedChoices
from portal.models.orderable import Orderable
from portal.models.pages import PortalPage
from portal.organisations.models import VerificationStatus
from portal.restrictions import public_pages
from search import services as search

CACHE_TAG = "cases"


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
        """The published cases below this index: what it lists."""
        return CasePage.published().child_of(self)

    def selection_url(self, selection) -> str:
        return f"{self.url}selections/{selection.slug}/"


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

    image = optional_image(_("image"))
    video_url = models.URLField(_("video link"), blank=True)

    consent_confirmed = models.BooleanField(
        _("consent and de-identification confirmed"),
        default=False,
        help_text=_("The patients gave informed consent to publication and nothing in this case identifies them."),
    )
    consent_confirmed_by = who(_("confirmed by"))
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
        indexes = [
            models.Index(fields=["bci_type", "approach", "phase"]),
            # A case page's related cases (the newest three of the same approach or BCI type,
            # ``cases.listing``) read the newest rows of this index instead of sorting every
            # case: 4.2 -> 0.06 ms on 2,000 cases.
            models.Index(fields=["start_date"], name="cases_casepage_by_start"),
        ]

    @classmethod
    def published(cls):
        """Live case pages a visitor may read: not behind a view restriction (on the page or an
        ancestor), not published by an organisation that is not verified now (suspended). What the
        case library, the API, the product pages and related cases show."""
        return public_pages(cls.objects.live()).filter(~Exists(of_unverified_organisations()))

    def serve(self, request, *args, **kwargs):
        """A case its organisation published is a 404 while it is not verified (staff's preview aside)."""
        if not getattr(request, "is_preview", False) and self.hidden_with_its_organisation():
            raise Http404
        return super().serve(request, *args, **kwargs)

    def hidden_with_its_organisation(self) -> bool:
        """Whether the organisation that published this case is not verified now; remembered per case
        until a verification decision or a publication (the ``organisations`` and cases' tags)."""
        return public_cache.remember(
            f"case-organisation-hidden:{self.translation_key}",
            ("organisations", CACHE_TAG),
            lambda: bool(prepared.rows("case-organisation-hidden", _hidden_with_its_organisation, pk=self.pk)),
        )

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


def _hidden_with_its_organisation(*, pk):
    """The case ``pk`` if its organisation is not verified now (``portal.prepared``: compiled once)."""
    return CasePage.objects.filter(pk=pk).filter(Exists(of_unverified_organisations())).values_list("pk")[:1]


def of_unverified_organisations():
    """For ``Exists``: the case (its page in any language, by translation key) was published from the
    submission of an organisation that is not verified now."""
    return CasePage.objects.filter(translation_key=OuterRef("translation_key"), submission__isnull=False).exclude(
        submission__organisation__verification_status=VerificationStatus.VERIFIED
    )


class CaseOutcome(OutcomeMeasure, Orderable):
    """One outcome measure of a case: an inline of the page."""

    page = ParentalKey(CasePage, on_delete=models.CASCADE, related_name="outcomes")

    panels = [
        FieldPanel("measure"),
        FieldPanel("time_frame"),
        FieldPanel("result"),
        FieldRowPanel([FieldPanel("value"), FieldPanel("unit")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("outcome measure")


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
