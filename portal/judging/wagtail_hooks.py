"""Registrations of the judging engine in the Wagtail admin: rubrics (snippets, criteria inline)
and the judging views (panels, assignment, results, unlocking, history: ``portal.judging.admin``)."""

from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views

from portal.judging import services
from portal.judging.admin import JudgingViewSet
from portal.judging.models import ConflictDeclaration, Criterion, Panel, Rubric
from portal.snippets import PortalSnippetViewSet
from portal.viewsets import PortalModelViewSet

Criterion.panels = [
    FieldRowPanel([FieldPanel("name_zh"), FieldPanel("name_en")]),
    FieldRowPanel([FieldPanel("descriptor_zh"), FieldPanel("descriptor_en")]),
    FieldRowPanel([FieldPanel("weight"), FieldPanel("min_score"), FieldPanel("max_score"), FieldPanel("order")]),
]


class RubricViewSet(PortalSnippetViewSet):
    model = Rubric
    icon = "list-ol"
    menu_label = gettext_lazy("Rubrics")
    list_display = ["name_zh", "name_en"]
    panels = [
        MultiFieldPanel([FieldPanel("name_zh"), FieldPanel("name_en")], heading=gettext_lazy("Name")),
        InlinePanel("criteria", heading=gettext_lazy("Criteria"), min_num=1),
    ]


register_snippet(RubricViewSet)


class _StepsBackOnSave:
    """A tie saved here takes its judge off what it now conflicts with, as a judge's own declaration
    does (``services.conflict_recorded``): a judge never judges while conflicted."""

    def save_instance(self):
        declaration = super().save_instance()
        services.conflict_recorded(actor=self.request.user, declaration=declaration)
        return declaration


class ConflictCreateView(_StepsBackOnSave, snippet_views.CreateView):
    pass


class ConflictEditView(_StepsBackOnSave, snippet_views.EditView):
    pass


class ConflictDeclarationViewSet(PortalSnippetViewSet):
    """Ties staff record for a judge (a person, or an organisation); judges declare theirs themselves."""

    model = ConflictDeclaration
    add_view_class = ConflictCreateView
    edit_view_class = ConflictEditView
    icon = "warning"
    menu_label = gettext_lazy("Conflicts of interest")
    list_display = ["judge", "organisation", "person", "created_at"]
    panels = [FieldPanel("judge"), FieldPanel("organisation"), FieldPanel("person"), FieldPanel("note")]


register_snippet(ConflictDeclarationViewSet)


class PanelSettingsPolicy(ModelPermissionPolicy):
    """Panels are made by the apps that use them (they own them): staff change their settings only."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete"):
            return False
        return super().user_has_permission(user, action)


register_permission_policy(Panel, PanelSettingsPolicy(Panel), exact_class=True)


class PanelSettingsViewSet(PortalModelViewSet):
    model = Panel
    icon = "cog"
    add_to_admin_menu = False
    url_prefix = "judging/panel-settings"
    name = "judging_panel_settings"
    list_display = ["title_zh", "rubric", "judges_per_item", "scoring_closes_at", "status"]
    form_fields = [
        "title_zh",
        "title_en",
        "rubric",
        "judges_per_item",
        "blind",
        "scoring_opens_at",
        "scoring_closes_at",
        "status",
    ]


@hooks.register("register_admin_viewset")
def register_judging_admin():
    return [JudgingViewSet(), PanelSettingsViewSet()]
