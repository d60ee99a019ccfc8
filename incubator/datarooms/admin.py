"""The NDA's versions in the Wagtail admin: staff write and publish them, project managers read them.

The newest published version applies (``queries.current_nda``): publishing version 2 closes every
room whose investor accepted version 1 until they accept version 2. A published version is a
record of what investors accepted, so it cannot be changed afterwards (the form refuses; write a
new version instead); a version still unpublished, or scheduled for later, can be edited. Access
and the document log are listed read-only with the incubator's other records
(``incubator.pipeline.records``). Registered from ``incubator.wagtail_hooks``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.forms import modelform_factory
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic.models import DeleteView

from incubator.models import NdaVersion
from portal.form_fields import BoundedDateTimesViewSetMixin
from portal.viewsets import PortalModelViewSet


class NdaVersionForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance._state.adding and not self.initial.get("version"):
            highest = NdaVersion.objects.aggregate(highest=Max("version"))["highest"] or 0
            self.initial["version"] = highest + 1

    def clean(self):
        cleaned = super().clean()
        if not self.instance._state.adding:
            original = NdaVersion.objects.get(pk=self.instance.pk)
            if is_published(original) and self.has_changed():
                raise ValidationError(
                    _(
                        "Version %(version)s is published: investors have accepted this text, so it cannot change. "
                        "Add a new version instead."
                    )
                    % {"version": original.version}
                )
        return cleaned


def is_published(nda: NdaVersion) -> bool:
    return nda.published_at is not None and nda.published_at <= timezone.now()


class NdaDeleteView(DeleteView):
    """Only a version nobody could accept yet may be deleted (an accepted one is also ``PROTECT``ed)."""

    def form_valid(self, form):
        if is_published(self.object):
            messages.error(self.request, _("A published NDA version is kept as the record of what investors accepted."))
            return redirect(self.get_success_url())
        return super().form_valid(form)


class NdaVersionViewSet(BoundedDateTimesViewSetMixin, PortalModelViewSet):
    model = NdaVersion
    delete_view_class = NdaDeleteView
    icon = "doc-full"
    menu_label = _("NDA versions")
    name = "incubator_nda_versions"
    url_prefix = "incubator/nda-versions"
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["version", "published_at", "created_at"]
    ordering = ["-version"]
    form_fields = ["version", "text_zh", "text_en", "published_at"]

    def get_form_class(self, for_update=False):
        return modelform_factory(
            self.model, form=NdaVersionForm, formfield_callback=self.formfield_for_dbfield, fields=self.form_fields
        )
