"""The site core's registrations with the Wagtail admin; what they register lives beside its domain."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from portal import outbox_admin
from portal.organisations import admin as organisations_admin

for model, policy in organisations_admin.PERMISSION_POLICIES.items():
    register_permission_policy(model, policy, exact_class=True)

hooks.register("register_log_actions", organisations_admin.register_log_actions)
hooks.register("register_admin_viewset", organisations_admin.register_viewsets)
hooks.register("construct_homepage_panels", organisations_admin.add_awaiting_verification_panel)
# Background tasks (the outbox) for the operators.
hooks.register("register_admin_viewset", outbox_admin.register)
