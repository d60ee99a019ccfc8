"""The results admin: per competition its rounds (stage × track) with progress, the staff ranking of
a round (raw and normalised side by side, ranks, tie-break, disagreement, each judge's score
distribution; refreshing itself during the roadshow), advancement, awards, publication, the loop
into the catalogue, the XLSX export and the audit trail per entry and per competition (read-only,
CSV / XLSX). Staff and project managers look; staff act (the services check it again).

Registered by ``competition.results.hooks`` (imported from ``competition.wagtail_hooks``).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

import portal.converters  # noqa: F401  (registers the <id:…> path converter)
from competition import exports, permissions, rounds
from competition.models import Award, Competition, Entry
from competition.results import loop, queries, services
from competition.results.forms import AdvanceForm, AwardForm, RoundForm
from portal.judging.scoring import DISAGREEMENT_THRESHOLD
from portal.judging.vocabulary import RankMethod
from portal.permissions import is_alliance_staff
from portal.review.admin import take_form
from portal.review.errors import take_action
from portal.review.staff import StaffMenuViewSet

#: Seconds between two refreshes of a round's ranking (``static/competition/results_refresh.js``).
REFRESH_SECONDS = 30


def can_look(user) -> bool:
    return is_alliance_staff(user)


class ResultsView(WagtailAdminTemplateMixin, TemplateView):
    """A results admin page: staff and project managers look; ``acting`` views are staff's alone."""

    acting = False
    header_icon = "list-ol"

    def dispatch(self, request, *args, **kwargs):
        allowed = permissions.can_manage_competitions if self.acting else can_look
        if not allowed(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("can_act", permissions.can_manage_competitions(self.request.user))
        return super().get_context_data(**kwargs)

    def breadcrumb_competition(self) -> Competition | None:
        """The competition the page belongs to (a link in the breadcrumbs), if any."""
        return None

    def get_breadcrumbs_items(self):
        """Home › Competition results › the competition › this page: the header's visible title and the way back."""
        items = [*self.breadcrumbs_items, {"url": reverse("competition_results:index"), "label": IndexView.page_title}]
        competition = self.breadcrumb_competition()
        if competition is not None:
            url = reverse("competition_results:competition", args=[competition.pk])
            items.append({"url": url, "label": str(competition)})
        return [*items, {"url": "", "label": self.get_page_title()}]


class IndexView(ResultsView):
    template_name = "competition/results/admin/index.html"
    page_title = gettext_lazy("Competition results")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(competitions=Competition.objects.order_by("-year"), **kwargs)


class CompetitionView(ResultsView):
    template_name = "competition/results/admin/competition.html"

    def dispatch(self, request, competition_id, *args, **kwargs):
        self.competition = get_object_or_404(Competition, pk=competition_id)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.page_title or str(self.competition)  # a page of the competition has its own title

    def breadcrumb_competition(self):
        return self.competition if self.page_title else None

    def get_context_data(self, **kwargs):
        rounds = list(queries.rounds(self.competition).order_by("stage__sort_order", "track__sort_order"))
        progress = [(r, *queries.progress(r.panel)) if r.panel else (r, 0, 0) for r in rounds]
        context = {"competition": self.competition, "rounds": progress}
        context["publication"] = queries.publication(self.competition)
        context["tracks"] = queries.winners_by_track(self.competition)
        awards = [award for _track, track_awards in context["tracks"] for award in track_awards]
        context["award_count"] = len(awards)
        context["product_award_ids"] = {award.pk for award in awards if loop.has_enterprise(award)}
        return super().get_context_data(**context, **kwargs)


class RoundView(ResultsView):
    """The ranking of one round; it reloads itself every ``REFRESH_SECONDS`` (no inline script)."""

    template_name = "competition/results/admin/round.html"

    def dispatch(self, request, round_id, *args, **kwargs):
        self.round = get_object_or_404(queries.rounds(), pk=round_id)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return str(self.round)

    def breadcrumb_competition(self):
        return self.round.stage.competition

    def get_context_data(self, **kwargs):
        method = self.request.GET.get("method")
        method = method if method in RankMethod.values else RankMethod.NORMALISED
        kwargs.setdefault("form", AdvanceForm(initial={"method": method}))
        context = {"round": self.round, "method": method, "methods": RankMethod.choices, "refresh": REFRESH_SECONDS}
        context |= queries.ranking(self.round, method=method, page=self.request.GET.get("p", 1))
        if "page_obj" in context:
            page = context["page_obj"]
            context["elided_page_range"] = page.paginator.get_elided_page_range(page.number)
        context |= {"threshold": DISAGREEMENT_THRESHOLD, "competition": self.round.stage.competition}
        return super().get_context_data(**context, **kwargs)


class AdvanceView(RoundView):
    acting = True
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = AdvanceForm(request.POST)
        response = take_form(
            self,
            form,
            lambda form: services.advance(actor=request.user, judging_round=self.round, **form.cleaned_data),
            done=lambda advanced: _("%(count)d entries advanced.") % {"count": len(advanced)},
            success_url=reverse("competition_results:round", args=[self.round.pk]),
        )
        if response.status_code == 400:
            # The form is at the foot of a long ranking: the page opens at its top, where the refusal is said too.
            reasons = " ".join(str(error) for errors in form.errors.values() for error in errors)
            messages.error(request, _("No entry advanced: %(reasons)s") % {"reasons": reasons})
        return response


class PublishView(CompetitionView):
    """Publishing cannot be undone (the winners are e-mailed, the private leaderboard shown): the GET is
    the confirmation page (what it does, the awards, the rounds still being scored, why it cannot be
    done yet), its POST publishes."""

    template_name = "competition/results/admin/publish.html"
    page_title = gettext_lazy("Publish the results")
    acting = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["refused"] = "" if context["publication"] else services.publication_refused(self.competition)
        context["unfinished"] = [r for r, submitted, assigned in context["rounds"] if submitted < assigned]
        context["teams"] = len({award.entry.team_id for _track, awards in context["tracks"] for award in awards})
        return context

    def post(self, request, *args, **kwargs):
        take_action(
            request,
            lambda: services.publish_results(actor=request.user, competition=self.competition),
            done=_("The results are published."),
            refused=services.ResultsError,
        )
        return redirect(reverse("competition_results:competition", args=[self.competition.pk]))


class OpenRoundView(CompetitionView):
    """Open (or extend) the judging round of a stage and track: the panel, its judges, the assignment.

    Opened again, the round takes the judges and entries that are new and balances the loads
    again (``competition.rounds.open_round``). Then the engine's panel page shows each judge's
    load, every conflicted pair with why, and what could not be covered.
    """

    template_name = "competition/results/admin/open_round.html"
    page_title = gettext_lazy("Open a judging round")
    acting = True

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", RoundForm(competition=self.competition))
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        return take_form(
            self,
            RoundForm(request.POST, competition=self.competition),
            lambda form: rounds.open_round(actor=request.user, **form.cleaned_data),
            done=lambda opened: _round_opened(opened[1]),
            success_url=lambda opened: reverse("judging_admin:panel", args=[opened[0].panel.pk]),
        )


def _round_opened(report) -> str:
    return _(
        "The round is open: %(judges)d judges, %(created)d new assignments, %(uncovered)d entries with fewer judges "
        "than wanted."
    ) % {"judges": len(report.loads), "created": report.created, "uncovered": len(report.uncovered)}


class ExportView(CompetitionView):
    def get(self, request, *args, **kwargs):
        body = exports.competition_xlsx(self.competition)
        return _download(body, exports.XLSX, f"{self.competition.slug}-results.xlsx")


class AwardView(ResultsView):
    """Record a prize for one entry (GET: the form)."""

    template_name = "competition/results/admin/award.html"
    page_title = gettext_lazy("Record an award")

    def dispatch(self, request, entry_id, *args, **kwargs):
        self.acting = request.method == "POST"
        self.entry = get_object_or_404(Entry.objects.select_related("competition", "team", "track"), pk=entry_id)
        return super().dispatch(request, *args, **kwargs)

    def breadcrumb_competition(self):
        return self.entry.competition

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", AwardForm())
        published = services.results_published(self.entry.competition_id)  # then the award is news at once
        return super().get_context_data(entry=self.entry, published=published, **kwargs)

    def post(self, request, *args, **kwargs):
        return take_form(
            self,
            AwardForm(request.POST),
            lambda form: services.record_award(actor=request.user, entry=self.entry, **form.cleaned_data),
            done=_("The award is recorded."),
            success_url=reverse("competition_results:competition", args=[self.entry.competition_id]),
        )


class ProductView(ResultsView):
    """The loop: the award's entry becomes a draft catalogue product of its team's enterprise."""

    acting = True
    http_method_names = ["post"]

    def post(self, request, award_id):
        award = get_object_or_404(Award.objects.select_related("entry"), pk=award_id)
        take_action(
            request,
            lambda: loop.make_product(actor=request.user, award=award),
            done=lambda product: _("Draft catalogue product made: %(name)s.") % {"name": product.name_zh},
            refused=services.ResultsError,
        )
        return redirect(reverse("competition_results:competition", args=[award.competition_id]))


class TrailView(ResultsView):
    """Read-only audit trail; ``?format=csv`` or ``xlsx`` downloads it."""

    template_name = "competition/results/admin/trail.html"
    page_title = gettext_lazy("Audit trail")

    def get(self, request, *args, **kwargs):
        entries, name = self.trail()
        fmt = request.GET.get("format")
        if fmt == "csv":
            return _download(exports.trail_csv(entries), exports.CSV, f"{name}-audit.csv")
        if fmt == "xlsx":
            return _download(exports.trail_xlsx(entries, name), exports.XLSX, f"{name}-audit.xlsx")
        return self.render_to_response(self.get_context_data(entries=entries, subject=self.subject))


class EntryTrailView(TrailView):
    def dispatch(self, request, entry_id, *args, **kwargs):
        self.subject = get_object_or_404(Entry, pk=entry_id)
        return super().dispatch(request, *args, **kwargs)

    def trail(self):
        return queries.entry_trail(self.subject), f"entry-{self.subject.pk}"

    def breadcrumb_competition(self):
        return self.subject.competition


class CompetitionTrailView(TrailView):
    def dispatch(self, request, competition_id, *args, **kwargs):
        self.subject = get_object_or_404(Competition, pk=competition_id)
        return super().dispatch(request, *args, **kwargs)

    def trail(self):
        return queries.competition_trail(self.subject), f"{self.subject.slug}"

    def breadcrumb_competition(self):
        return self.subject


def _download(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


class ResultsViewSet(StaffMenuViewSet):
    name = "competition_results"
    url_prefix = "competition-results"
    icon = "list-ol"
    menu_label = gettext_lazy("Competition results")
    menu_order = 285
    menu_check = staticmethod(can_look)

    def get_urlpatterns(self):
        return [
            path("", IndexView.as_view(), name="index"),
            path("<id:competition_id>/", CompetitionView.as_view(), name="competition"),
            path("<id:competition_id>/publish/", PublishView.as_view(), name="publish"),
            path("<id:competition_id>/rounds/open/", OpenRoundView.as_view(), name="open_round"),
            path("<id:competition_id>/export/", ExportView.as_view(), name="export"),
            path("<id:competition_id>/trail/", CompetitionTrailView.as_view(), name="competition_trail"),
            path("rounds/<id:round_id>/", RoundView.as_view(), name="round"),
            path("rounds/<id:round_id>/advance/", AdvanceView.as_view(), name="advance"),
            path("entries/<id:entry_id>/award/", AwardView.as_view(), name="award"),
            path("entries/<id:entry_id>/trail/", EntryTrailView.as_view(), name="entry_trail"),
            path("awards/<id:award_id>/product/", ProductView.as_view(), name="product"),
        ]
