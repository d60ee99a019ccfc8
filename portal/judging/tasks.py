"""The judging engine's outbox effects (imported here so that workers, which look in each app's
``tasks.py``, register them): the judges' e-mails (``emails``)."""

from portal.judging import emails  # noqa: F401
