"""Typical application cases of invasive / semi-invasive BCI (issue #5): the models, one module per kind.

* ``pages``: ``CasePage``, a published case: a Wagtail page under a ``CaseIndexPage``,
  translated zh-hans ⇄ en with Wagtail's i18n (one tree per locale). Its facts are
  structured fields; outcome measures, trial registrations, publications and the timeline
  are ``Orderable`` inlines, so a revision keeps them and a translation copies them.
* ``selections``: ``TypicalCaseSelection``, the alliance's yearly selection ("2026 典型案例"):
  a small bilingual model (``*_zh``/``*_en``) shared by both trees, so a case and its
  translation belong to the same selection. Its public page is a route of the case index.
* ``submissions``: ``CaseSubmission``, what a hospital, enterprise or research institute member
  writes from the front end, in Chinese and (optionally) English; staff review it and, on
  acceptance, it becomes a ``CasePage`` draft and its English translation
  (``cases.services.accept``), published together (``cases.services.publish``).
* ``outcomes``: what an outcome measure is, for a case and a submission alike.

Functions and indications are JSON lists of ``TextChoices`` values (as the catalogue's
functions): the vocabulary is fixed by the plan. Facets count them through bit masks
(``cases.listing``). Everything is imported here: ``cases.models`` is the app's model module
(migrations name ``cases.models.attachment_path``).
"""

from cases.models.outcomes import OutcomeMeasure, number_display
from cases.models.pages import (
    CACHE_TAG,
    CaseIndexPage,
    CaseMilestone,
    CaseOutcome,
    CasePage,
    CasePublication,
    CaseTrialRegistration,
    of_unverified_organisations,
)
from cases.models.selections import TypicalCaseSelection
from cases.models.submissions import (
    BILINGUAL_FIELDS,
    EDITABLE_FIELDS,
    STEP_FIELDS,
    CaseSubmission,
    CaseSubmissionAttachment,
    CaseSubmissionOutcome,
    attachment_path,
    attachment_storage,
)

__all__ = [
    "BILINGUAL_FIELDS",
    "CACHE_TAG",
    "EDITABLE_FIELDS",
    "STEP_FIELDS",
    "CaseIndexPage",
    "CaseMilestone",
    "CaseOutcome",
    "CasePage",
    "CasePublication",
    "CaseSubmission",
    "CaseSubmissionAttachment",
    "CaseSubmissionOutcome",
    "CaseTrialRegistration",
    "OutcomeMeasure",
    "TypicalCaseSelection",
    "attachment_path",
    "attachment_storage",
    "number_display",
    "of_unverified_organisations",
]
