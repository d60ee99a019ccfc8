"""The portal's base for the apps' Wagtail snippet viewsets (``PortalSnippetViewSet``).

A snippet's foreign key to another snippet is edited with Wagtail's chooser widget, which reads
the chosen record back from the posted id to show the form again. Sent something that is not an
id (a hand-made request: the chooser itself always sends one), the form refuses it, and then
rendering that refusal raised (``ValueError`` in ``BaseChooser.get_instance``, which expects an
id or nothing): a 500 instead of the form with its error. The portal's chooser shows such a value
as nothing chosen, beside the form's error. Its listing and its chooser's list order names as every
admin listing of the portal does (``portal.viewsets``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail.snippets.widgets import AdminSnippetChooser

from portal.viewsets import NamesInOrderMixin


class TolerantSnippetChooser(AdminSnippetChooser):
    """Wagtail's snippet chooser, for which a posted value that is no id is nothing chosen."""

    def get_instance(self, value):
        try:
            return super().get_instance(value)
        except (ValueError, TypeError, ValidationError):
            return None


class PortalSnippetChooserViewSet(NamesInOrderMixin, SnippetChooserViewSet):
    """The chooser of a portal snippet: the tolerant widget; its list orders names as the listings do."""

    base_widget_class = TolerantSnippetChooser


class PortalSnippetViewSet(NamesInOrderMixin, SnippetViewSet):
    """Every snippet viewset of the portal: its chooser, the widget other snippets' forms pick it
    with, tolerates a posted value that is no id; its listing orders names in the admin's language."""

    chooser_viewset_class = PortalSnippetChooserViewSet
