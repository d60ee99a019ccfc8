"""The algorithm track's objects in the role × URL matrix's world (``tests.matrix``).

``add_algorithm(w)`` adds (to ``add_competition``'s world) a task on the algorithm track with a data
file, team A's and team B's submitted entries on the algorithm track, and a scored submission of each:
``extra["algorithm_task"]``, ``algorithm_file``, ``algorithm_submission_a`` / ``_b`` (owned by A and B).
It checks the database rather than a flag, because the whole-site coverage test shares one world
between tests whose savepoints roll back what a row's URL built.
"""

from __future__ import annotations

from django.core.files.base import ContentFile

from competition.algorithm import services
from competition.models import AlgorithmTask, AlgorithmTaskFile
from tests.competition.algorithm.factories import LABELS, enter, make_task, predictions
from tests.matrix import add_competition


def add_algorithm(w):
    add_competition(w)
    task = w.extra.get("algorithm_task")
    if task is not None and AlgorithmTask.objects.filter(pk=task.pk).exists():
        return w
    task = w.extra["algorithm_task"] = make_task(w.extra["competition"], daily_limit=50)
    data = AlgorithmTaskFile(task=task, title_zh="训练数据")
    data.file.save("train.csv", ContentFile(b"trial_id,c3,c4\nA1,0.1,0.2\n"), save=False)
    data.save()
    w.extra["algorithm_file"] = data
    for letter, role in (("a", "team_member"), ("b", "other_team")):
        enter(w.extra[f"team_{letter}"])
        submission = services.submit_predictions(
            actor=w.user(role), team=w.extra[f"team_{letter}"], task=task, upload=predictions(LABELS)
        )
        services.run_scoring(submission_id=submission.pk)
        w.extra[f"algorithm_submission_{letter}"] = submission
        w.own(letter.upper(), "algorithm_submission", submission)
    return w


def task_url(name):
    from django.urls import reverse

    def url(w):
        add_algorithm(w)
        return reverse(f"competition:{name}", kwargs={"task_pk": w.extra["algorithm_task"].pk})

    return url
