"""Forms of the team pages. They parse input; rules live in ``competition.teams.services``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from competition.models import TeamInvitation
from portal.idempotency import CreationTokenFormMixin
from portal.organisations import queries as organisation_queries
from portal.review.errors import ServiceErrorFormMixin


class TeamForm(CreationTokenFormMixin, ServiceErrorFormMixin, forms.Form):
    creation_scope = "competition.team"

    name = forms.CharField(label=_("Team name"), max_length=120)
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"),
        queryset=None,
        required=False,
        empty_label=_("No organisation (a team of individuals)"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisation_queries.in_name_order(
            organisation_queries.organisations_for(user)
        )


class InvitationForm(CreationTokenFormMixin, ServiceErrorFormMixin, forms.Form):
    creation_scope = "competition.team_invitation"
    prefix = "invite"

    email = forms.EmailField(label=_("E-mail address"), max_length=TeamInvitation._meta.get_field("email").max_length)
