"""Who may do what in the catalogue. Every check is made here, on the server.

* Owners and editors of an *enterprise* organisation create and edit its products and
  submit them for review (``portal.permissions.can_edit_for``).
* Alliance staff (not project managers) approve or reject what was submitted and
  unpublish products. Approval also needs the organisation to be verified
  (``portal.permissions.can_publish_for``).
* Member pages look products up among the user's organisations' products
  (``catalog.queries.products_for``): another organisation's product is a 404.
"""

from portal import permissions as portal_permissions
from portal.organisations.models import OrganisationKind


def can_list_products(organisation) -> bool:
    return organisation.kind == OrganisationKind.ENTERPRISE


def can_edit_products_of(user, organisation) -> bool:
    return can_list_products(organisation) and portal_permissions.can_edit_for(user, organisation)


def can_preview_images(user, product) -> bool:
    """Images under review are seen by the product's editors and by alliance staff (who review them)."""
    return can_edit_products_of(user, product.organisation) or portal_permissions.is_alliance_staff(user)


def can_review_products(user) -> bool:
    """Approving what goes public is the alliance's decision: staff and superusers."""
    return portal_permissions.can_verify_organisations(user)


# --- recommended-catalogue editions ---------------------------------------------------
# Owners/editors of an enterprise apply its published products and withdraw applications;
# alliance staff decide (accept, reject, open/close the call, publish); project managers
# may look at editions and applications in the admin but not decide.


def can_apply_for(user, organisation) -> bool:
    return can_edit_products_of(user, organisation)


def can_decide_editions(user) -> bool:
    return portal_permissions.can_verify_organisations(user)


def can_view_editions_admin(user) -> bool:
    return portal_permissions.is_alliance_staff(user)
