"""Who may do what with cases. Every check is made here, on the server.

* Owners and editors of a *hospital, enterprise or research institute* organisation write
  case submissions for it, edit them while they are drafts or sent back, and submit them.
* Alliance staff (not project managers) request changes, reject or accept submissions;
  accepting creates a ``CasePage`` draft that staff translate and publish in the admin.
* A submission is seen only by its organisation's members and alliance staff: member
  pages look submissions up among the user's organisations' (``cases.queries``), so
  another organisation's submission is a 404.
"""

from portal import permissions as portal_permissions
from portal.organisations.models import OrganisationKind

#: The models of this app alliance staff manage in the admin (``portal.roles``).
STAFF_MODEL_PERMISSIONS = ["typicalcaseselection"]

#: Organisation kinds that submit clinical cases.
SUBMITTING_KINDS = (OrganisationKind.HOSPITAL, OrganisationKind.ENTERPRISE, OrganisationKind.RESEARCH_INSTITUTE)


def can_submit_cases(organisation) -> bool:
    return organisation.kind in SUBMITTING_KINDS


def can_write_cases_for(user, organisation) -> bool:
    return can_submit_cases(organisation) and portal_permissions.can_edit_for(user, organisation)


def can_review_cases(user) -> bool:
    """Deciding what the alliance publishes: staff and superusers, not project managers."""
    return portal_permissions.can_verify_organisations(user)
