"""The algorithm track's pages (included by ``competition.urls``, in the ``competition`` namespace)."""

from django.urls import path

import portal.converters  # noqa: F401  (registers the <id:…> path converter)
from competition.algorithm import views

urlpatterns = [
    path("competition/algorithm/<id:task_pk>/", views.task_detail, name="algorithm_task"),
    path("competition/algorithm/<id:task_pk>/files/<id:file_pk>/", views.task_file, name="algorithm_file"),
    path(
        "dashboard/competition/teams/<id:team_pk>/algorithm/<id:task_pk>/",
        views.team_task,
        name="algorithm_team_task",
    ),
    path(
        "dashboard/competition/teams/<id:team_pk>/algorithm/<id:task_pk>/finals/",
        views.team_finals,
        name="algorithm_team_finals",
    ),
    path(
        "dashboard/competition/algorithm/submissions/<id:pk>/",
        views.submission_detail,
        name="algorithm_submission",
    ),
]
