"""The demo site for tests: ``manage.py load_demo`` once per test process, then put back from a copy.

A load takes 25-75 seconds. On PostgreSQL the first load of a process keeps a copy of every row
it left (``tests/dbsnapshot.py``) and what the command printed; every later caller in the process
(the demo modules of each app, which load it inside a transaction rolled back afterwards, and the
browser tests' live-server database) gets those rows back in about two seconds instead. On SQLite
each caller loads it again.

Every demo account of the copy has ``PASSWORD`` (the load runs with ``PASSWORD_ENV`` set to it),
whoever asks first: a restored demo and a loaded one are the same.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from io import StringIO

from django.core.management import call_command

from portal.demo.users import PASSWORD_ENV
from tests import dbsnapshot

PASSWORD = "demo-password-for-tests"

#: The first load of this process: its rows (``dbsnapshot.Snapshot``) and what it printed.
_FIRST_LOAD: dict = {}


@contextmanager
def demo_password_env():
    """``PASSWORD_ENV`` set to ``PASSWORD`` inside the block, as it was after."""
    before = os.environ.get(PASSWORD_ENV)
    os.environ[PASSWORD_ENV] = PASSWORD
    try:
        yield
    finally:
        if before is None:
            del os.environ[PASSWORD_ENV]
        else:
            os.environ[PASSWORD_ENV] = before


def run_load_demo(*args) -> str:
    """Run ``load_demo`` with the environment as it is; what it printed."""
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def load_or_restore(connection) -> str:
    """Load the demo (the first time in this process), else put the first load's rows back; its output."""
    if _FIRST_LOAD:
        dbsnapshot.restore(connection, _FIRST_LOAD["rows"])
        return _FIRST_LOAD["output"]
    with demo_password_env():
        output = run_load_demo()
    if dbsnapshot.supported(connection):
        _FIRST_LOAD.update(rows=dbsnapshot.take(connection), output=output)
    return output
