"""Registrations of the judging engine in the Wagtail admin: rubrics (snippets, criteria inline)
and the judging views (panels, assignment, results, unlocking, history: ``portal.judging.admin``)."""

from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.judging.admin import JudgingViewSet
from portal.judging.models import Criterion, Rubric

Criterion.panels = [
    FieldRowPanel([FieldPanel("name_zh"), FieldPanel("name_en")]),
    FieldRowPanel([FieldPanel("descriptor_zh"), FieldPanel("descriptor_en")]),
    FieldRowPanel([FieldPanel("weight"), FieldPanel("min_score"), FieldPanel("max_score"), FieldPanel("order")]),
]


class RubricViewSet(SnippetViewSet):
    model = Rubric
    icon = "list-ol"
    menu_label = gettext_lazy("Rubrics")
    list_display = ["name_zh", "name_en"]
    panels = [
        MultiFieldPanel([FieldPanel("name_zh"), FieldPanel("name_en")], heading=gettext_lazy("Name")),
        InlinePanel("criteria", heading=gettext_lazy("Criteria"), min_num=1),
    ]


register_snippet(RubricViewSet)


@hooks.register("register_admin_viewset")
def register_judging_admin():
    return JudgingViewSet()
