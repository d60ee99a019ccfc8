"""Algorithm-track test data: a task on the running competition's algorithm track, CSV files, submissions."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from competition.algorithm.forms import PredictionsForm
from competition.models import AlgorithmTask, Track
from competition.vocabulary import EntryStatus
from tests.competition.factories import EntryFactory, TeamFactory, running_competition
from tests.factories import UserFactory
from tests.matrix import creation_token

#: A small task: 8 trials, 2 classes.
IDS = [f"T{n:03d}" for n in range(1, 9)]
LABELS = [1, 2, 1, 2, 1, 2, 1, 2]


def csv_bytes(pairs, *, header="trial_id,label", newline="\n", bom=False) -> bytes:
    text = newline.join([header, *(f"{trial},{label}" for trial, label in pairs)]) + newline
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def upload(data: bytes, name: str = "predictions.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


def make_task(competition, *, ids=IDS, labels=LABELS, n_classes=2, **fields) -> AlgorithmTask:
    track = Track.objects.get(competition=competition, kind="algorithm")
    task = AlgorithmTask(
        track=track,
        title_zh="运动想象解码",
        title_en="Motor imagery decoding",
        n_classes=n_classes,
        trial_seconds=4,
        public_fraction=0.5,
        split_seed=7,
        **fields,
    )
    data = csv_bytes(zip(ids, labels, strict=True))
    task.hidden_labels.save("labels.csv", ContentFile(data), save=False)
    task.load_answer_key(ContentFile(data))
    task.save()
    return task


def predictions(labels, ids=IDS) -> SimpleUploadedFile:
    return upload(csv_bytes(zip(ids, labels, strict=True)))


def enter(team, status=EntryStatus.SUBMITTED):
    """``team``'s entry on its competition's algorithm track: only a team with one takes part in the task."""
    track = Track.objects.get(competition_id=team.competition_id, kind="algorithm")
    EntryFactory(team=team, track=track, status=status, answers={})
    return team


def entered_team(**fields):
    """A team (``TeamFactory``'s fields) with a submitted entry on the algorithm track."""
    return enter(TeamFactory(**fields))


def team_and_task(*, team_name: str | None = None, **task_fields):
    """``(competition, captain, team, task)``: a running competition, a team its captain created with a
    submitted entry on the algorithm track, a task."""
    competition = running_competition()
    captain = UserFactory()
    team = entered_team(competition=competition, created_by=captain, **({"name": team_name} if team_name else {}))
    return competition, captain, team, make_task(competition, **task_fields)


def upload_form(file) -> dict:
    """The upload form's POST data: ``file`` and a one-time creation token, as the page issues it."""
    return {"file": file} | creation_token(PredictionsForm)
