"""The log actions of rounds, advancement, awards, results and the loop (``portal.review.audit``).

Each entry is written on the ``Entry`` (advanced, awarded, became a product) or on the
``Competition`` (results published), with the state before and after, so the
audit trail (``competition.results.queries.audit_trail``) finds them with the entries' own
(submitted, screened, extended) and the judging engine's (assignments, scorecards).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.review import audit

ADVANCED = audit.action("competition.entry.advanced", _("Advance entry"), _("Entry advanced to the next stage"))
AWARDED = audit.action("competition.entry.awarded", _("Award entry"), _("Award recorded"))
PUBLISHED = audit.action("competition.results.published", _("Publish results"), _("Results published"))
PRODUCT_CREATED = audit.action(
    "competition.entry.product_created", _("Make a catalogue product"), _("Draft catalogue product made from the entry")
)

record = audit.record
