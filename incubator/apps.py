from django.apps import AppConfig


class IncubatorConfig(AppConfig):
    name = "incubator"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The pipeline's screening subject for the judging engine, and the competition winners' loop.
        from incubator import (
            signals,  # noqa: F401  (connects the receivers)
            tasks,  # noqa: F401  (outbox effects, in every process)
        )
        from incubator.datarooms import audit as datarooms_audit  # noqa: F401  (log action labels)
        from incubator.meetings import audit as meetings_audit  # noqa: F401
        from incubator.pipeline import judging
        from incubator.profiles import emails as profile_emails
        from incubator.profiles import tasks as profile_tasks
        from incubator.programmes import services as programmes  # noqa: F401  (log actions, the review)
        from portal import unsubscribe

        judging.register()
        # A digest waiting for SMTP goes out only while its investor still wants it; written again for the
        # searches still on when some were turned off meanwhile.
        unsubscribe.register(
            profile_emails.DIGEST_SCOPE, profile_emails.digest_verdict, rewrite=profile_tasks.rewrite_digest
        )
