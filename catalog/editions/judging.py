"""How the judging engine (``portal.judging``) sees an edition application, when staff have an
edition's applications scored by a panel (``catalog.editions.panel``).

Registered from ``CatalogConfig.ready``. An application's parties are the applying enterprise
and the member who applied (so a judge of that enterprise, or sharing its e-mail domain, is
never assigned); its label is the product's name (blind: the application's number); the judge
reads the product's public page, and the scorecard page shows the product, the proposed
category and the statement (``templates/catalog/editions/judging/_application.html``).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.editions.models import EditionApplication
from portal.judging import subjects


class ApplicationAdapter(subjects.SubjectAdapter):
    judged_as = gettext_lazy("catalogue applications")
    template = "catalog/editions/judging/_application.html"

    def queryset(self, model):
        # The label is the product's name: fetched with the applications, one query for a whole ranking.
        return model._base_manager.select_related("product")

    def parties(self, subject) -> subjects.Parties:
        return subjects.Parties(organisation_ids={subject.organisation_id}, user_ids={subject.applicant_id} - {None})

    def label(self, subject, *, blind: bool) -> str:
        if blind:
            return _("Application %(number)s") % {"number": subject.pk}
        return str(subject.product.name)

    def judge_url(self, subject) -> str | None:
        return subject.product.get_absolute_url() if subject.product.live else None

    def context(self, subject, *, blind: bool) -> dict:
        return {"product": subject.product}


def register() -> None:
    subjects.register(EditionApplication, ApplicationAdapter())
