"""The BCI innovation application competition (issue #13): the models, one module per sub-domain.

* ``competitions``: ``Competition`` (an edition), its ``Stage``s (submission → preliminary →
  final → results, times in Asia/Shanghai stored in UTC), its ``Track``s and each track's entry
  form questions (``TrackField``). The alliance's records, edited in the admin.
* ``pages``: ``CompetitionPage``, the public call (rules, prizes, FAQ; timeline and tracks
  from the records), one page per language (Wagtail's i18n).
* ``teams``: ``Team``, ``TeamMembership`` (captain / member), ``TeamInvitation``.
* ``judging``: ``JudgingRound``, one track's entries at one stage before a panel of the judging
  engine (``portal.judging``; the adapter is ``competition.judging``, the service ``competition.rounds``).
* ``entries``: ``Entry`` (answers keyed by ``TrackField.key``, version, creation token,
  screening state, per-entry extension) and ``EntryAttachment`` (private storage).
* ``algorithm``: the algorithm track (``competition.algorithm``): ``AlgorithmTask`` (hidden labels,
  public/private split, limits), its public ``AlgorithmTaskFile``s and teams' ``Submission``s.
"""

from competition.models.algorithm import AlgorithmTask, AlgorithmTaskFile, Submission
from competition.models.competitions import Competition, Stage, Track, TrackField
from competition.models.entries import Entry, EntryAttachment, attachment_path, attachment_storage
from competition.models.judging import JudgingRound
from competition.models.pages import CACHE_TAG, CompetitionPage, QuestionBlock
from competition.models.results import Advancement, Award, ResultsPublication  # noqa: F401
from competition.models.teams import Team, TeamInvitation, TeamMembership

__all__ = [
    "CACHE_TAG",
    "AlgorithmTask",
    "AlgorithmTaskFile",
    "Competition",
    "CompetitionPage",
    "Entry",
    "EntryAttachment",
    "JudgingRound",
    "QuestionBlock",
    "Stage",
    "Submission",
    "Team",
    "TeamInvitation",
    "TeamMembership",
    "Track",
    "TrackField",
    "attachment_path",
    "attachment_storage",
]
