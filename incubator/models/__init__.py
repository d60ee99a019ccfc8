"""The incubator (issue #15): the models, one module per sub-domain.

* ``profiles``: ``StartupProfile`` (field groups with per-group visibility), ``InvestorProfile``,
  ``PlatformProfile`` (service platforms, incubators, PoC programmes) and startups'
  ``ProgrammeApplication``s to them (reviewed with ``portal.review``).
* ``matching``: staff-tuned ``MatchWeight``s, ``DismissedSuggestion``s, investors' ``SavedSearch``es.
* ``meetings``: ``MeetingRequest`` with proposed ``MeetingSlot``s (accept one / decline / expire).
* ``datarooms``: ``DataRoomDocument``, ``DataRoomAccess`` (approval + NDA acceptance),
  ``NdaVersion``, ``DocumentAccessLog``.
* ``pipeline``: ``PipelineCard`` (discovered → screening → cultivating → graduated / exited /
  dropped), ``StageChange``, ``PipelineNote``, ``PipelineTask``, ``SupportRecord``.
"""

from incubator.models.datarooms import DataRoomAccess, DataRoomDocument, DocumentAccessLog, NdaVersion
from incubator.models.matching import DismissedSuggestion, MatchWeight, SavedSearch
from incubator.models.meetings import MeetingRequest, MeetingSlot
from incubator.models.pipeline import PipelineCard, PipelineNote, PipelineTask, StageChange, SupportRecord
from incubator.models.profiles import InvestorProfile, PlatformProfile, ProgrammeApplication, StartupProfile

__all__ = [
    "DataRoomAccess",
    "DataRoomDocument",
    "DismissedSuggestion",
    "DocumentAccessLog",
    "InvestorProfile",
    "MatchWeight",
    "MeetingRequest",
    "MeetingSlot",
    "NdaVersion",
    "PipelineCard",
    "PipelineNote",
    "PipelineTask",
    "PlatformProfile",
    "ProgrammeApplication",
    "SavedSearch",
    "StageChange",
    "StartupProfile",
    "SupportRecord",
]
