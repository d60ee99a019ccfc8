"""How the judging engine (``portal.judging``) sees a case: the subject of a typical-case selection's panel.

Registered from ``CasesConfig.ready``. A case's parties are its institutions (so a judge who
belongs to one of them is never assigned to it); a blind panel names it by number only; the
judge reads it on its public page, and the scorecard page shows the summary, classification,
indications and outcome measures (``templates/cases/judging/_case.html``).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from cases.models import CasePage
from portal.judging import subjects


class CaseAdapter(subjects.BatchAdapter):
    template = "cases/judging/_case.html"

    def parties_for_many(self, found) -> dict[int, subjects.Parties]:
        """Every case's institutions in one query."""
        pks = [case.pk for case in found]
        institutions: dict[int, set] = {pk: set() for pk in pks}
        rows = CasePage.institutions.through.objects.filter(casepage_id__in=pks)
        for case_id, organisation_id in rows.values_list("casepage_id", "organisation_id"):
            institutions[case_id].add(organisation_id)
        return {pk: subjects.Parties(organisation_ids=ids) for pk, ids in institutions.items()}

    def label(self, subject, *, blind: bool) -> str:
        if blind:
            return _case_number(subject.pk)
        return subject.title

    def labels(self, model, ids, *, blind: bool) -> dict[int, str]:
        """``label`` of many cases from their titles (no page instances: a judge's dashboard lists many)."""
        cases = CasePage.objects.filter(pk__in=ids)
        if blind:
            return {pk: _case_number(pk) for pk in cases.values_list("pk", flat=True)}
        return dict(cases.values_list("pk", "title"))

    def judge_url(self, subject) -> str | None:
        return subject.url if subject.live else None

    def context(self, subject, *, blind: bool) -> dict:
        return {"outcomes": list(subject.outcomes.all())}


def _case_number(pk: int) -> str:
    return _("Case %(number)s") % {"number": pk}


def register() -> None:
    subjects.register(CasePage, CaseAdapter())
