"""The Wagtail admin for the competition: registrations only (the views are ``competition.admin``).

* Competitions (with their stages inline) and tracks (with their entry form questions inline):
  snippets staff edit.
* Competition entries: a listing, an inspect view, the screening decisions of
  ``competition.services.SCREENING`` (the review kit) and the per-entry extension.
* A dashboard panel lists entries waiting for screening.
"""

from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from competition import queries
from competition.admin import EntryViewSet
from competition.algorithm import hooks as algorithm_hooks  # noqa: F401  (registers the algorithm track's admin)
from competition.models import Competition, Entry, Track
from competition.results import hooks as results_hooks  # noqa: F401  (registers the results admin)
from competition.vocabulary import EntryStatus
from portal.review.staff import StaffViewPolicy, WaitingListPanel, listing_url, on_staff_dashboard
from portal.snippets import PortalSnippetViewSet

register_permission_policy(Entry, StaffViewPolicy(Entry), exact_class=True)


@hooks.register("register_admin_viewset")
def register_entry_admin():
    return EntryViewSet("competition_entries")


class CompetitionViewSet(PortalSnippetViewSet):
    model = Competition
    icon = "calendar-alt"
    menu_label = gettext_lazy("Competitions")
    list_display = ["name_zh", "name_en", "year", "status"]


class TrackViewSet(PortalSnippetViewSet):
    model = Track
    icon = "list-ul"
    menu_label = gettext_lazy("Competition tracks")
    list_display = ["name_zh", "name_en", "competition", "kind"]
    list_filter = ["competition", "kind"]


register_snippet(CompetitionViewSet)
register_snippet(TrackViewSet)


@on_staff_dashboard
class EntriesAwaitingScreeningPanel(WaitingListPanel):
    name = "competition_entries_awaiting_screening"
    heading = gettext_lazy("Competition entries awaiting screening")
    template_name = "competition/admin/awaiting_screening_panel.html"
    order = 80
    index_url = listing_url("competition_entries:index", status=EntryStatus.SUBMITTED)

    def get_queryset(self):
        return queries.entries_awaiting_screening()
