"""The loader registry and the context every demo loader receives."""

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_LOADERS = [
    "portal.demo.site.load",
    "portal.demo.organisations.load",
    "portal.demo.users.load",
]

ZH = "zh-hans"
EN = "en"


@dataclass
class DemoContext:
    """What a loader needs besides the database: options, output and shared look-ups.

    ``password`` is the shared demo password, or ``None`` when demo accounts must
    get an unusable password (no ``PORTAL_DEMO_PASSWORD`` outside dev).
    Loaders report what they did with ``record(kind, created)``; the command
    prints the totals, and the tests use them to prove a second run creates nothing.
    """

    password: str | None = None
    reset_passwords: bool = False
    write: Callable[[str], None] = print
    verbosity: int = 1
    counts: Counter = field(default_factory=Counter)
    credentials: list[dict] = field(default_factory=list)

    def record(self, kind: str, created: bool) -> None:
        self.counts[(kind, "created" if created else "existing")] += 1

    def log(self, message: str, *, level: int = 2) -> None:
        if self.verbosity >= level:
            self.write(message)

    @property
    def created_total(self) -> int:
        return sum(n for (_kind, state), n in self.counts.items() if state == "created")

    def summary(self) -> list[str]:
        kinds = sorted({kind for kind, _state in self.counts})
        return [
            f"{kind}: {self.counts[(kind, 'created')]} created, {self.counts[(kind, 'existing')]} already present"
            for kind in kinds
        ]

    # --- look-ups for later loaders -------------------------------------------------

    def locale(self, code: str = ZH):
        from wagtail.models import Locale

        return Locale.objects.get(language_code=code)

    def home(self, locale: str = ZH):
        """The demo home page in ``locale`` (the default site's root or its translation)."""
        from wagtail.models import Site

        root = Site.objects.get(is_default_site=True).root_page.specific
        return root if root.locale.language_code == locale else root.get_translation(self.locale(locale))

    def page(self, path: str, locale: str = ZH):
        """A page by its slug path below the home page, e.g. ``"about/mission"``."""
        page = self.home(locale)
        for slug in path.strip("/").split("/"):
            page = page.get_children().get(slug=slug)
        return page.specific

    def organisation(self, slug: str):
        from portal.models import Organisation

        return Organisation.objects.get(slug=slug)

    def user(self, email_or_key: str):
        """A demo user by e-mail, or by key (``"staff"`` → ``staff@demo.bci-alliance.example``)."""
        from portal.demo.users import demo_email
        from portal.models import User

        email = email_or_key if "@" in email_or_key else demo_email(email_or_key)
        return User.objects.get(email=email)


def get_loaders() -> list[Callable[[DemoContext], None]]:
    return [import_string(path) for path in getattr(settings, "PORTAL_DEMO_LOADERS", DEFAULT_LOADERS)]


def run_loaders(context: DemoContext) -> DemoContext:
    """Run every registered loader in order. The caller owns the transaction."""
    with deferred_reference_index():
        for loader in get_loaders():
            context.log(f"· {loader.__module__}.{loader.__name__}", level=2)
            loader(context)
    return context


@contextmanager
def deferred_reference_index() -> Iterator[None]:
    """Update Wagtail's reference index once per saved object, after the loaders ran.

    Creating and publishing a page saves it three or four times, and each save
    re-indexes its references: deferring that halves the command's run time.
    """
    from django.db.models.signals import post_save
    from wagtail.models import ReferenceIndex
    from wagtail.signal_handlers import disable_reference_index_auto_update

    saved: set[tuple[type, object]] = set()

    def remember(sender, instance, raw=False, **kwargs):
        if not raw and sender in ReferenceIndex.tracked_models:
            saved.add((sender, instance.pk))

    uid = "portal.demo.deferred_reference_index"
    post_save.connect(remember, weak=False, dispatch_uid=uid)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        post_save.disconnect(dispatch_uid=uid)
    for model, pk in saved:
        instance = model._default_manager.filter(pk=pk).first()
        if instance is not None:
            ReferenceIndex.create_or_update_for_object(instance)
