"""The site core's registrations with the Wagtail admin; what they register lives beside its domain."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from portal import outbox_admin, page_copy, rich_text, staff_mfa
from portal.organisations import admin as organisations_admin

for model, policy in organisations_admin.PERMISSION_POLICIES.items():
    register_permission_policy(model, policy, exact_class=True)

hooks.register("register_admin_viewset", organisations_admin.register_viewsets)
# Background tasks (the outbox) for the operators.
hooks.register("register_admin_viewset", outbox_admin.register)
# Links to pages in rich text in one query (after Wagtail's core hook, which registers its own).
hooks.register("register_rich_text_features", rich_text.register_link_type, order=100)
# Group-restricted pages and documents: staff powers need the second factor there too.
hooks.register("before_serve_page", staff_mfa.before_serve_page)
hooks.register("before_serve_document", staff_mfa.before_serve_document)
# A copy whose destination is no page: the form again with its error (Wagtail's view raised a 500).
hooks.register("before_copy_page", page_copy.before_copy_page)


@hooks.register("insert_global_admin_css")
def portal_admin_css():
    """The portal's admin pages on a phone: wide tables scroll in their box, a record's actions wrap (admin.css)."""
    return format_html('<link rel="stylesheet" href="{}">', static("portal/admin.css"))
