"""The incubator's Celery tasks and outbox effects, one module per sub-domain (imported here so that
workers, which look in each app's ``tasks.py``, register them): the saved-search digest
(``profiles``), meeting expiry and e-mails (``meetings``), data-room e-mails (``datarooms``),
programme application e-mails (``programmes``)."""

from incubator.datarooms import emails as datarooms_emails  # noqa: F401
from incubator.meetings import tasks as meetings_tasks  # noqa: F401
from incubator.profiles import tasks as profiles_tasks  # noqa: F401
from incubator.programmes import emails as programmes_emails  # noqa: F401
