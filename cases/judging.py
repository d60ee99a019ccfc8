"""How the judging engine (``portal.judging``) sees a case: the subject of a typical-case selection's panel.

Registered from ``CasesConfig.ready``. A case's parties are its institutions (so a judge who
belongs to one of them is never assigned to it); a blind panel names it by number only; the
judge reads it on its public page, and the scorecard page shows the summary, classification,
indications and outcome measures (``templates/cases/judging/_case.html``), in the judge's
language when the case page has a live translation in it.
"""

from __future__ import annotations

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from cases.models import CasePage
from portal.judging import subjects
from portal.navigation import content_language


class CaseAdapter(subjects.BatchAdapter):
    judged_as = gettext_lazy("typical cases")
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
        return _in_reading_language(subject).title

    def labels(self, model, ids, *, blind: bool) -> dict[int, str]:
        """``label`` of many cases from their titles, in the judge's language where the case has a live
        translation (no page instances: a judge's dashboard lists many; two queries)."""
        cases = CasePage.objects.filter(pk__in=ids)
        if blind:
            return {pk: _case_number(pk) for pk in cases.values_list("pk", flat=True)}
        rows = list(cases.values_list("pk", "translation_key", "title"))
        translated = dict(
            CasePage.objects.live()
            .filter(translation_key__in=[key for _pk, key, _title in rows], locale__language_code=_language())
            .values_list("translation_key", "title")
        )
        return {pk: translated.get(key, title) for pk, key, title in rows}

    def judge_url(self, subject) -> str | None:
        shown = _in_reading_language(subject)
        return shown.url if shown.live else None

    def context(self, subject, *, blind: bool) -> dict:
        shown = _in_reading_language(subject)
        return {"case": shown, "outcomes": list(shown.outcomes.all())}


def _language() -> str:
    return content_language(get_language())


def _in_reading_language(case: CasePage) -> CasePage:
    """The case's live page in the judge's language (its translation), else the case as it is.

    Remembered on the case per language: the scorecard page asks for its label, link and context.
    """
    language = _language()
    if case.locale.language_code == language:
        return case
    found = case.__dict__.setdefault("_portal_in_language", {})
    if language not in found:
        found[language] = case.get_translations().live().filter(locale__language_code=language).first() or case
    return found[language]


def _case_number(pk: int) -> str:
    return _("Case %(number)s") % {"number": pk}


def register() -> None:
    subjects.register(CasePage, CaseAdapter())
