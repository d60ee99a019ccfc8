"""The incubator's admin roles (``portal.roles``): which of its models staff manage and project
managers look at in the Wagtail admin. Every other check is in each sub-domain's ``permissions.py``.

Staff add, change, delete and view every incubator model (the admin's viewsets are read-mostly:
what has rules goes through the services). Project managers view them all: they run the pipeline
(through its own views and services, ``incubator.pipeline.permissions``) and look at profiles,
meetings and data-room access to screen startups.
"""

#: Every model of the incubator (``incubator.models``), lower-case model names.
INCUBATOR_MODELS = [
    "startupprofile",
    "investorprofile",
    "platformprofile",
    "programmeapplication",
    "matchweight",
    "dismissedsuggestion",
    "savedsearch",
    "meetingrequest",
    "meetingslot",
    "dataroomdocument",
    "dataroomaccess",
    "ndaversion",
    "documentaccesslog",
    "pipelinecard",
    "stagechange",
    "pipelinenote",
    "pipelinetask",
    "supportrecord",
]

STAFF_MODEL_PERMISSIONS = list(INCUBATOR_MODELS)
PROJECT_MANAGER_MODEL_PERMISSIONS = list(INCUBATOR_MODELS)
