"""The log actions of rounds, advancement, awards, results and the loop (``portal.review.audit``).

Each entry is written on the ``Entry`` (advanced, awarded, became a product) or on the
``Competition`` (results published), with the state before and after, so the
audit trail (``competition.results.queries.audit_trail``) finds them with the entries' own
(submitted, screened, extended) and the judging engine's (assignments, scorecards).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.review import audit
from portal.review.audit import LogAction

ADVANCED = "competition.entry.advanced"
AWARDED = "competition.entry.awarded"
PUBLISHED = "competition.results.published"
PRODUCT_CREATED = "competition.entry.product_created"

ACTIONS = (
    LogAction(ADVANCED, _("Advance entry"), _("Entry advanced to the next stage")),
    LogAction(AWARDED, _("Award entry"), _("Award recorded")),
    LogAction(PUBLISHED, _("Publish results"), _("Results published")),
    LogAction(PRODUCT_CREATED, _("Make a catalogue product"), _("Draft catalogue product made from the entry")),
)

audit.register(*ACTIONS)

record = audit.record
