"""The competition's member pages (language-prefixed). The public call is a Wagtail page."""

from django.urls import include, path

import portal.converters  # noqa: F401  (registers the <id:…> and <token:…> path converters)
from competition import views
from competition.teams import views as team_views

app_name = "competition"

urlpatterns = [
    path("dashboard/competition/", views.my_competition, name="my_competition"),
    path("dashboard/competition/<slug:slug>/teams/new/", team_views.team_create, name="team_create"),
    path(
        "dashboard/competition/teams/<id:pk>/",
        include(
            [
                path("", team_views.team_detail, name="team_detail"),
                path("leave/", team_views.team_leave, name="team_leave"),
                path("delete/", team_views.team_disband, name="team_disband"),
                path("members/<id:membership_pk>/remove/", team_views.member_remove, name="member_remove"),
                path("members/<id:membership_pk>/captain/", team_views.captain_hand_over, name="captain_hand_over"),
                path(
                    "invitations/<id:invitation_pk>/withdraw/",
                    team_views.invitation_withdraw,
                    name="invitation_withdraw",
                ),
            ]
        ),
    ),
    path("dashboard/competition/teams/<id:team_pk>/entries/new/", views.entry_create, name="entry_create"),
    path("dashboard/competition/invitations/<token:token>/", team_views.invitation, name="invitation"),
    path(
        "dashboard/competition/entries/<id:pk>/",
        include(
            [
                path("", views.entry_detail, name="entry_detail"),
                path("edit/", views.entry_edit, name="entry_edit"),
                path("autosave/", views.entry_autosave, name="entry_autosave"),
                path("withdraw/", views.entry_withdraw, name="entry_withdraw"),
                path("attachments/<id:attachment_pk>/", views.attachment_download, name="attachment_download"),
            ]
        ),
    ),
    path("", include("competition.results.urls")),
    path("", include("competition.algorithm.urls")),
]
