"""The demo loaders every app declares, their order, and the context each one receives.

An app declares its loaders in its own ``demo.py`` (or ``demo/__init__.py``) as ``LOADERS``::

    LOADERS = [Loader("competition.entries", load, after=("portal.users",))]

``manage.py load_demo`` finds them (``portal.discovery``) and runs each after the loaders it
names in ``after``; ``after=("*",)`` runs a loader after every loader that does not say so
(the search index, which indexes what the others wrote). Otherwise loaders run in
``INSTALLED_APPS`` order, then in the order each app lists them.
"""

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.db.models.signals import post_save
from wagtail.models import Locale, ReferenceIndex, Site
from wagtail.signal_handlers import disable_reference_index_auto_update

from portal import discovery
from portal.models import Organisation, User

ZH = "zh-hans"
EN = "en"
DEMO_DOMAIN = "demo.bci-alliance.example"


def demo_email(key: str) -> str:
    return f"{key}@{DEMO_DOMAIN}"


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
        return Locale.objects.get(language_code=code)

    def home(self, locale: str = ZH):
        """The demo home page in ``locale`` (the default site's root or its translation)."""
        root = Site.objects.get(is_default_site=True).root_page.specific
        return root if root.locale.language_code == locale else root.get_translation(self.locale(locale))

    def page(self, path: str, locale: str = ZH):
        """A page by its slug path below the home page, e.g. ``"about/mission"``."""
        page = self.home(locale)
        for slug in path.strip("/").split("/"):
            page = page.get_children().get(slug=slug)
        return page.specific

    def organisation(self, slug: str):
        return Organisation.objects.get(slug=slug)

    def user(self, email_or_key: str):
        """A demo user by e-mail, or by key (``"staff"`` → ``staff@demo.bci-alliance.example``)."""
        email = email_or_key if "@" in email_or_key else demo_email(email_or_key)
        return User.objects.get(email=email)


@dataclass(frozen=True)
class Loader:
    """``load(context)`` under a name other loaders can wait for (``after``)."""

    name: str
    load: Callable[[DemoContext], None]
    after: tuple[str, ...] = ()


def get_loaders() -> list[Loader]:
    """Every app's ``LOADERS``, each after those it names (see the module's docstring)."""
    loaders = [loader for _label, declared in discovery.declared("demo", "LOADERS") for loader in declared]
    names = [loader.name for loader in loaders]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise ImproperlyConfigured(f"demo loaders with the same name: {twice}")
    unknown = {name for loader in loaders for name in loader.after} - {*names, "*"}
    if unknown:
        raise ImproperlyConfigured(f"demo loaders wait for loaders no app declares: {sorted(unknown)}")
    first = _in_order([loader for loader in loaders if "*" not in loader.after], done=set())
    return first + _in_order([loader for loader in loaders if "*" in loader.after], done={x.name for x in first})


def _in_order(pending: list[Loader], *, done: set[str]) -> list[Loader]:
    ordered = []
    while pending:
        ready = next((loader for loader in pending if set(loader.after) - {"*"} <= done), None)
        if ready is None:
            raise ImproperlyConfigured(f"demo loaders wait for each other: {[loader.name for loader in pending]}")
        pending = [loader for loader in pending if loader is not ready]
        ordered.append(ready)
        done = done | {ready.name}
    return ordered


def run_loaders(context: DemoContext) -> DemoContext:
    """Run every declared loader in order. The caller owns the transaction."""
    with deferred_reference_index():
        for loader in get_loaders():
            context.log(f"· {loader.name}", level=2)
            loader.load(context)
    return context


@contextmanager
def deferred_reference_index() -> Iterator[None]:
    """Update Wagtail's reference index once per saved object, after the loaders ran.

    Creating and publishing a page saves it three or four times, and each save
    re-indexes its references: deferring that halves the command's run time.
    """
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
