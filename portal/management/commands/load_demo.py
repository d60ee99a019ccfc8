"""``manage.py load_demo``: bilingual demo content, organisations and one user per role.

Idempotent: it creates what is missing and leaves everything else alone, so it
is safe to run after every ``migrate`` (``make run`` does). The loaders it runs
are declared by each app (``LOADERS`` in its demo module); see ``portal/demo/__init__.py``.

Terminal output is for developers and is not translated (like ``migrate``'s).
"""

import logging
import time
from contextlib import contextmanager

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from portal import permissions
from portal.demo import DemoContext, run_loaders
from portal.demo.users import PASSWORD_ENV, demo_password

# Each page save logs a line at INFO ("Page created", "Task ... SUCCESSFUL"): hundreds per run.
QUIET_LOGGERS = ("wagtail", "django_tasks")


@contextmanager
def _quiet(names, *, unless: bool):
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    if not unless:
        for logger in loggers:
            logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _chinese_compiled() -> bool:
    """Whether gettext finds the Chinese catalogue (``locale/zh_Hans``'s compiled ``django.mo``)."""
    with translation.override("zh-hans"):
        return translation.gettext("Shanghai BCI Industry Alliance") != "Shanghai BCI Industry Alliance"


class Command(BaseCommand):
    help = "Load bilingual demo data (pages, news, organisations, one user per role). Safe to run repeatedly."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help=f"Set every demo account's password again (from ${PASSWORD_ENV}, or the dev default).",
        )

    def handle(self, *args, **options):
        if not _chinese_compiled():
            raise CommandError(
                "The Chinese translations are not compiled: run `manage.py compilemessages` first (make run does). "
                "The demo writes labels in both languages from them (a product's description, an e-mail): "
                "without them its Chinese texts would hold English words."
            )
        started = time.monotonic()
        context = DemoContext(
            password=demo_password(),
            reset_passwords=options["reset_passwords"],
            write=self.stdout.write,
            verbosity=options["verbosity"],
        )
        with (
            permissions.run_by_operator(),  # the demo staff act before any of them has an authenticator app
            _quiet(QUIET_LOGGERS, unless=context.verbosity >= 3),
            transaction.atomic(),
        ):
            run_loaders(context)

        if context.verbosity >= 1:
            for line in context.summary():
                self.stdout.write(f"  {line}")
        created = context.created_total
        elapsed = time.monotonic() - started
        message = f"Demo data loaded in {elapsed:.1f} s: {created} objects created."
        if not created:
            message = f"Demo data already present, nothing changed ({elapsed:.1f} s)."
        self.stdout.write(self.style.SUCCESS(message))
        self._report_credentials(context)

    def _report_credentials(self, context: DemoContext) -> None:
        if not context.credentials:
            return
        if getattr(settings, "PORTAL_SHOW_DEMO_CREDENTIALS", False) and context.password:
            width = max(len(row["email"]) for row in context.credentials)
            self.stdout.write("")
            self.stdout.write(self.style.MIGRATE_HEADING("Demo accounts (development only)"))
            self.stdout.write(f"  {'e-mail'.ljust(width)}  role")
            for row in context.credentials:
                self.stdout.write(f"  {row['email'].ljust(width)}  {row['role']}")
            self.stdout.write(f"  Password for every account: {context.password}")
            self.stdout.write("  Existing accounts keep their password; run with --reset-passwords to apply a new one.")
            return
        self.stdout.write(
            f"{len(context.credentials)} demo accounts exist (…@demo.bci-alliance.example); "
            "credentials are not shown in this environment."
        )
        if context.password is None:
            self.stdout.write(
                f"They have no usable password: set {PASSWORD_ENV} and run "
                "`manage.py load_demo --reset-passwords`, or `manage.py changepassword <e-mail>`."
            )
        else:
            self.stdout.write(f"Their password is the value of {PASSWORD_ENV}.")
