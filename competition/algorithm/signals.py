"""Receivers (connected in ``CompetitionConfig.ready``) that make a task's cached leaderboards stale
(``queries.invalidate``) when what they show changes through a save or a delete: a submission
(created, scored, its finals), the task (its metric), a team (its name), the results' publication
(the private board is revealed), an entry's status (submitted, withdrawn, screened: who is on the
boards, ``queries.entered_team_ids``). Writes by ``update()`` (scoring, re-scoring, choosing finals)
invalidate in ``services`` themselves.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from competition.algorithm import queries
from competition.models import AlgorithmTask, Entry, ResultsPublication, Submission, Team


@receiver(post_save, sender=Submission, dispatch_uid="algorithm-board-submission-saved")
@receiver(post_delete, sender=Submission, dispatch_uid="algorithm-board-submission-deleted")
def submission_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        queries.invalidate(task_id=instance.task_id)


@receiver(post_save, sender=AlgorithmTask, dispatch_uid="algorithm-board-task-saved")
@receiver(post_delete, sender=AlgorithmTask, dispatch_uid="algorithm-board-task-deleted")
def task_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        queries.invalidate(task_id=instance.pk)


@receiver(post_save, sender=Team, dispatch_uid="algorithm-board-team-saved")
@receiver(post_delete, sender=Team, dispatch_uid="algorithm-board-team-deleted")
@receiver(post_save, sender=ResultsPublication, dispatch_uid="algorithm-board-publication-saved")
@receiver(post_delete, sender=ResultsPublication, dispatch_uid="algorithm-board-publication-deleted")
def competition_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        queries.invalidate(competition_id=instance.competition_id)


@receiver(post_save, sender=Entry, dispatch_uid="algorithm-board-entry-saved")
@receiver(post_delete, sender=Entry, dispatch_uid="algorithm-board-entry-deleted")
def entry_changed(sender, instance, raw=False, update_fields=None, **kwargs):
    """A team enters or leaves the boards with its entry's status (not its autosaved answers)."""
    if not raw and (update_fields is None or "status" in update_fields):
        queries.invalidate(competition_id=instance.competition_id)
