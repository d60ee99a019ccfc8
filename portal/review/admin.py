"""The review kit in the Wagtail admin: one decision view, one review viewset, one staff form POST.

A reviewed model's viewset mixes ``ReviewViewSetMixin`` into a ``PortalModelViewSet`` and names its
``review`` (``portal.review.decisions.Review``)::

    class OrganisationViewSet(ReviewViewSetMixin, PortalModelViewSet):
        model = Organisation
        review = verification.VERIFICATION
        inspect_view_class = OrganisationInspectView   # a DecisionInspectView
        decision_form_class = VerificationDecisionForm  # a DecisionForm with the note field

The viewset mounts the ``DecisionView`` at ``<decision_url_prefix>/<pk>/<decision>/`` (URL
name ``decision_url_name``, ``review`` by default). The inspect page's header offers the
decisions that apply to the record as it stands, to those the review lets decide
(``DecisionInspectView``; ``DecisionIndexView`` offers them in the listing's rows too). The
decision view checks who may decide, finds the record, confirms on a form (template
``portal/admin/decision.html``, which an app's template extends: blocks ``summary``,
``notice``, ``fields``, ``actions``) and takes the decision through ``Review.take``; a refusal
(a ``ServiceError``) is shown on the form beside its field, never as an error page.

Staff action pages outside a review (panels, rounds, awards) post through ``take_form`` (a
valid form runs the service; a refusal shows beside its field; the page again with status 400
otherwise). Who may look, the dashboard's panels and the staff areas' menu items are in
``portal.review.staff``.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.generic import FormView
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button, HeaderButton

import portal.converters  # noqa: F401  (registers the <id:…> path converter)
from portal import timing
from portal.i18n import join_words
from portal.review.decisions import Review, seen_stamp
from portal.review.errors import ServiceError, take_posted
from portal.review.forms import DecisionForm


def take_form(view, form, call, *, done, success_url, context_key: str = "form"):
    """A staff action form's POST: when ``form`` is valid, ``call(form)``, the ``done`` message and ``success_url``.

    ``done`` and ``success_url`` are values, or functions of what ``call`` returned. An invalid form,
    or a service's refusal (shown beside its field), renders ``view``'s page again with the form
    under ``context_key``, status 400: nothing typed is lost.
    """
    taken = take_posted(view.request, form, call, done=done, success_url=success_url)
    return taken or view.render_to_response(view.get_context_data(**{context_key: form}), status=400)


# --- offering decisions ---------------------------------------------------------------------


def revision_from(raw: str) -> int | None:
    """A revision named in a query string, or None for anything that is not a plain, sane number."""
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 12 else None


def decision_buttons(review: Review, record, url_name: str, *, button_class=HeaderButton) -> list:
    """A button for each decision that applies to ``record``; with a revision in the state, the
    links name the one shown (a decision then decides on that version only)."""
    revision = review.state.of(record).revision if review.state.has("revision") else None
    query = f"?revision={revision}" if revision else ""
    return [
        button_class(
            decision.label,
            url=reverse(url_name, args=[record.pk, decision.name]) + query,
            icon_name=decision.icon,
            priority=5,
        )
        for decision in review.available(record)
    ]


#: What an inspect page shows for a field with no value.
EMPTY = "—"


class YesNoColumn(BooleanColumn):
    """Wagtail's tick / cross column, the icons titled in the staff's language (Wagtail's say "True")."""

    cell_template_name = "portal/admin/yes_no_cell.html"


def boolean_column(model, name: str, label=None) -> YesNoColumn:
    """A listing's column of a yes / no field: an icon under the field's own label, or ``label``
    (Wagtail prints ``True``)."""
    return YesNoColumn(name, label=label or capfirst(model._meta.get_field(name).verbose_name), sort_key=name)


def readable(record, field_name: str, value):
    """``value`` of ``record.<field_name>`` as staff read it, or ``None`` to leave it to Wagtail.

    A multi-valued field's labels (``<field>_display``), yes / no, a dash for nothing (an empty relation
    too: Wagtail's own is a hyphen), a moment in
    Asia/Shanghai with the zone named (``portal.timing``), never ``['stroke']``, ``True`` or UTC.
    """
    labels = getattr(type(record), f"{field_name}_display", None)
    if isinstance(labels, property):
        return getattr(record, f"{field_name}_display") or EMPTY
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if value is None or (isinstance(value, str | list | tuple | dict) and not value):
        return EMPTY
    if isinstance(value, models.Manager):
        # Wagtail joins a relation's records, or prints "-" when there are none.
        return join_words(value.all()) or EMPTY
    if isinstance(value, datetime):
        return timing.display(value)
    return None


def record_breadcrumbs(view, record, index_url_name: str, inspect_url_name: str, title) -> list[dict]:
    """Home › the records › the record › this page: the breadcrumbs of an admin page about one record
    of a listing (a decision, an extension), so that its header shows its title (Home alone hid it)."""
    return [
        *view.breadcrumbs_items,
        {"url": reverse(index_url_name), "label": capfirst(type(record)._meta.verbose_name_plural)},
        {"url": reverse(inspect_url_name, args=[record.pk]), "label": str(record)},
        {"url": "", "label": title},
    ]


class ReadableInspectView(generic.InspectView):
    """An inspect page that shows the record's fields as staff read them (``readable``): labels in
    the staff's language, "—" for nothing, yes / no, moments in Asia/Shanghai."""

    def get_field_label(self, field_name, field):
        # A reverse relation (a submission's outcomes) is named by its model, in the staff's language.
        relation = next(
            (rel for rel in self.model._meta.related_objects if rel.get_accessor_name() == field_name), None
        )
        if relation is not None:
            return capfirst(relation.related_model._meta.verbose_name_plural)
        # A value shown formatted (``<field>_display``, an amount: 700万元) may be named without its unit.
        shown_as = getattr(getattr(self.model, f"{field_name}_display", None), "label", None)
        if shown_as:
            return capfirst(shown_as)
        return super().get_field_label(field_name, field)

    def get_field_display_value(self, field_name, field):
        own = getattr(self, f"get_{field_name}_display_value", None)
        if own is None and not callable(getattr(self.object, f"get_{field_name}_display", None)):
            shown = readable(self.object, field_name, getattr(self.object, field_name, None))
            if shown is not None:
                return shown
        return super().get_field_display_value(field_name, field)


#: The class that marks a header button as one of the record's actions (hidden on a phone: static/portal/admin.css).
HEADER_ACTION_CLASS = "portal-header-action"


class DecisionInspectView(ReadableInspectView):
    """A readable inspect page whose header offers the decisions staff may take on the record.

    Wagtail's header cuts off the buttons that do not fit on its one line: on a phone the record's
    last actions could not be reached. The same actions (``page_actions``) also stand at the top of
    the page (``portal/admin/inspect.html``), shown below the header's breakpoint only, where the
    header's copies are hidden.
    """

    template_name = "portal/admin/inspect.html"
    review: Review | None = None
    decision_url_name = None

    def decision_subject(self):
        """The record decided on (a product's row, where the page shows its latest revision)."""
        return self.object

    def extra_header_buttons(self) -> list:
        return []

    @cached_property
    def page_actions(self) -> list:
        """The record's actions: the page's own (``extra_header_buttons``), then the decisions that apply."""
        buttons = self.extra_header_buttons()
        if self.review.may_decide(self.request.user):
            buttons += decision_buttons(self.review, self.decision_subject(), self.decision_url_name)
        return buttons

    @cached_property
    def header_buttons(self):
        for button in self.page_actions:
            if HEADER_ACTION_CLASS not in button.classname.split():
                button.classname = f"{button.classname} {HEADER_ACTION_CLASS}"
        return self.page_actions

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, page_actions=sorted(self.page_actions))


class DecisionIndexView(generic.IndexView):
    """A listing whose rows' "more" menu offers the decisions too."""

    review: Review | None = None
    decision_url_name = None

    def get_list_more_buttons(self, instance):
        offered = []
        if self.review.may_decide(self.request.user):
            offered = decision_buttons(self.review, instance, self.decision_url_name, button_class=Button)
        return offered + super().get_list_more_buttons(instance)


# --- taking a decision ----------------------------------------------------------------------


class DecisionView(WagtailAdminTemplateMixin, FormView):
    """One decision (``kwargs["decision"]``) on one record, confirmed on a form, taken through the review.

    Someone the review does not let decide is refused (Wagtail's 403); so is an unknown
    decision, or it is a 404 (``unknown_decision = Http404``). ``decided()`` may return a
    response to go elsewhere than the inspect page after the decision.
    """

    template_name = "portal/admin/decision.html"
    review: Review | None = None
    form_class = DecisionForm
    #: Decision name → its form class, where it differs from ``form_class``.
    form_classes: dict = {}
    #: The record's name in the template's context besides ``object`` (default: the model's name).
    context_object_name = None
    unknown_decision = PermissionDenied
    index_url_name = None
    inspect_url_name = None

    def get_queryset(self):
        return self.review.model.objects.all()

    def dispatch(self, request, *args, **kwargs):
        if not self.review.may_decide(request.user):
            raise PermissionDenied
        if kwargs["decision"] not in self.review:
            raise self.unknown_decision
        self.decision = self.review[kwargs["decision"]]
        self.object = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.decision.title or self.decision.label

    def get_page_subtitle(self):
        return str(self.object)

    @cached_property
    def inspect_url(self) -> str:
        return reverse(self.inspect_url_name, args=[self.object.pk])

    def get_breadcrumbs_items(self):
        return record_breadcrumbs(self, self.object, self.index_url_name, self.inspect_url_name, self.get_page_title())

    @cached_property
    def shown_revision(self) -> int | None:
        """The revision the reviewer saw: named by the inspect page's link, else the latest."""
        return revision_from(self.request.GET.get("revision", "")) or self.review.state.of(self.object).revision

    def get_initial(self):
        seen = {"seen": seen_stamp(self.review.state.of(self.object))}
        return {**seen, "revision": self.shown_revision} if self.decision.pinned else seen

    def get_form(self, form_class=None):
        form_class = self.form_classes.get(self.decision.name, self.form_class)
        return form_class(**self.get_form_kwargs(), decision=self.decision, subject=self.object)

    def decided(self):
        """After the decision: a response to go elsewhere than the inspect page, or None."""
        return None

    def form_valid(self, form):
        try:
            self.object = self.review.take(
                self.decision.name, self.object, by=self.request.user, note=form.note(), **form.decision_data()
            )
        except ServiceError as exc:
            form.add_service_error(exc)
            form.rebase_seen(getattr(exc, "seen", None))
            return self.form_invalid(form)
        response = self.decided()
        if response is not None:
            return response
        messages.success(self.request, self.review.done_message(self.object, self.decision))
        return redirect(self.inspect_url)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "object": self.object,
                self.context_object_name or self.object._meta.model_name: self.object,
                "decision": self.decision.name,
                "help": self.decision.help,
                "submit_label": self.decision.label,
                "inspect_url": self.inspect_url,
            }
        )
        if self.decision.pinned:
            reviewed = revision_from(str(context["form"]["revision"].value() or ""))
            latest = self.review.state.of(self.object).revision
            context["changed_since_shown"] = reviewed is not None and reviewed != latest
        return context


class ReviewViewSetMixin:
    """For a ``ModelViewSet`` of a reviewed model: its review's decision view, buttons and listing.

    ``review`` is the model's ``Review``; the decision view (``decision_view_class``, with
    ``decision_form_class`` / ``decision_form_classes``) is mounted at
    ``<decision_url_prefix>/<pk>/<decision>/`` as ``decision_url_name``; the inspect view
    (a ``DecisionInspectView``) and a ``DecisionIndexView`` receive the review and that URL's
    name. ``list_select_related``: related rows the listing shows, fetched with it.
    """

    review: Review | None = None
    decision_view_class = DecisionView
    decision_form_class = DecisionForm
    decision_form_classes: dict = {}
    decision_url_prefix = "review"
    decision_url_name = "review"
    inspect_view_class = DecisionInspectView
    inspect_view_enabled = True
    list_select_related: tuple[str, ...] = ()

    def get_index_view_kwargs(self, **kwargs):
        if self.list_select_related:
            kwargs.setdefault("queryset", self.model.objects.select_related(*self.list_select_related))
        return super().get_index_view_kwargs(
            review=self.review, decision_url_name=self.get_url_name(self.decision_url_name), **kwargs
        )

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            review=self.review, decision_url_name=self.get_url_name(self.decision_url_name), **kwargs
        )

    @property
    def decision_view(self):
        return self.construct_view(
            self.decision_view_class,
            review=self.review,
            form_class=self.decision_form_class,
            form_classes=self.decision_form_classes,
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                f"{self.decision_url_prefix}/<id:pk>/<str:decision>/",
                self.decision_view,
                name=self.decision_url_name,
            ),
        ]
