"""How the engine sees a judged subject: an adapter per model, registered by the app that owns it.

The engine knows nothing of the apps that use it. An app tells it, for each model it has judged,
who stands behind a subject (for conflict detection), how to name it (blind or not), where the
judge reads it and which template shows it on the scorecard page::

    # an app's judging.py (registered from the app's ``AppConfig.ready``)
    class ProjectAdapter(BatchAdapter):
        template = "app/judging/_project.html"

        def parties_for_many(self, projects):
            people = people_of(Membership.objects.filter(team__in=...).values_list("team_id", "user_id", "user__email"))
            return {project.pk: people.get(project.team_id, Parties()) for project in projects}

        def label(self, project, *, blind):
            return _("Project %(number)s") % {"number": project.pk} if blind else project.title

    subjects.register(Project, ProjectAdapter())

(``competition/judging.py``, ``cases/judging.py`` and ``incubator/pipeline/judging.py`` are the real ones.)

``parties_for_many`` lets an adapter answer for many subjects in a few queries (the automatic
assignment of 2,000 items asks once); the default calls ``parties`` for each. A ``BatchAdapter``
goes the other way: it answers for many, and one subject's parties are those of a batch of one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType


@dataclass(frozen=True)
class Parties:
    """Who stands behind a subject: organisations, accounts and e-mail addresses."""

    organisation_ids: set[int] = field(default_factory=set)
    user_ids: set[int] = field(default_factory=set)
    emails: set[str] = field(default_factory=set)


def people_of(rows) -> dict[int, Parties]:
    """The people behind groups (teams, organisations) from ``(group_id, user_id, email)`` rows: each
    group's accounts and their addresses, lower-cased (an empty address is left out), as ``Parties``
    (for ``parties_for_many``)."""
    people: dict[int, Parties] = {}
    for group_id, user_id, email in rows:
        found = people.setdefault(group_id, Parties())
        found.user_ids.add(user_id)
        if email:
            found.emails.add(email.lower())
    return people


class SubjectAdapter:
    """The default adapter: no parties, the subject's ``str`` (or its number when blind), no page."""

    #: The template the scorecard page includes to show the subject (it sees ``subject``, ``blind``).
    template = "judging/_subject.html"
    #: What judges are asked to judge of this model, in the plural ("competition entries"): the
    #: judges' pages introduce their assignments with every app's (``judged_kinds``). ``None``: the
    #: model's ``verbose_name_plural``.
    judged_as = None

    def queryset(self, model):
        """Where ``subjects_of`` finds subjects of ``model``: override to ``select_related`` what
        ``label`` reads, so labelling many subjects costs one query (default: every row)."""
        return model._base_manager.all()

    def parties(self, subject) -> Parties:
        return Parties()

    def parties_for_many(self, subjects) -> dict[int, Parties]:
        """``{subject.pk: Parties}`` for many subjects; override to answer in a few queries."""
        return {subject.pk: self.parties(subject) for subject in subjects}

    def label(self, subject, *, blind: bool) -> str:
        if blind:
            return f"#{subject.pk}"
        return str(subject)

    def labels(self, model, ids, *, blind: bool) -> dict[int, str]:
        """``{pk: label}`` of the subjects of ``model`` among ``ids`` that exist, in one query (a
        judge's dashboard names 100 and more). Default: ``label`` of each row of ``queryset``;
        override to read only the columns the label shows (no model instances)."""
        return {pk: self.label(subject, blind=blind) for pk, subject in self.queryset(model).in_bulk(ids).items()}

    def judge_url(self, subject) -> str | None:
        """Where a judge reads the subject in full (permission-checked by its app), or ``None``."""
        return None

    def context(self, subject, *, blind: bool) -> dict:
        """Extra context for ``template``."""
        return {}


class BatchAdapter(SubjectAdapter):
    """An adapter that reads parties in batches: it overrides ``parties_for_many`` only."""

    def parties(self, subject) -> Parties:
        return self.parties_for_many([subject])[subject.pk]

    def parties_for_many(self, subjects) -> dict[int, Parties]:
        raise NotImplementedError


_ADAPTERS: dict[type, SubjectAdapter] = {}
_DEFAULT = SubjectAdapter()


def register(model, adapter: SubjectAdapter | type[SubjectAdapter]) -> None:
    """Tell the engine how to see subjects of ``model`` (an instance or a class of ``SubjectAdapter``)."""
    _ADAPTERS[model] = adapter() if isinstance(adapter, type) else adapter


def unregister(model) -> None:
    _ADAPTERS.pop(model, None)


def judged_kinds() -> list:
    """What the registered apps have judged, in the order they registered (``SubjectAdapter.judged_as``)."""
    return [adapter.judged_as or model._meta.verbose_name_plural for model, adapter in _ADAPTERS.items()]


def adapter_for(model) -> SubjectAdapter:
    """The adapter registered for ``model`` (or a parent model of a concrete page), else the default."""
    for klass in getattr(model, "__mro__", (model,)):
        if klass in _ADAPTERS:
            return _ADAPTERS[klass]
    return _DEFAULT


def subjects_of(items) -> dict[int, object]:
    """``{item.pk: subject}`` for ``items``, one query per subject model."""
    by_type: dict[int, list] = {}
    for item in items:
        by_type.setdefault(item.subject_type_id, []).append(item)
    found = {}
    for type_id, group in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        subjects = adapter_for(model).queryset(model).in_bulk([item.subject_id for item in group])
        for item in group:
            if item.subject_id in subjects:
                found[item.pk] = subjects[item.subject_id]
    return found


def labels_of(items) -> dict[int, str]:
    """``{item_id: label}`` from ``(item_id, subject_type_id, subject_id, blind)`` rows, through each
    subject model's ``labels``: one query per subject model (and blind or not). An item whose
    subject is gone is named as ``Item`` names itself."""
    groups: dict[tuple[int, bool], dict[int, list[int]]] = {}
    for item_id, type_id, subject_id, blind in items:
        groups.setdefault((type_id, bool(blind)), {}).setdefault(subject_id, []).append(item_id)
    found: dict[int, str] = {}
    for (type_id, blind), by_subject in groups.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        for subject_id, label in adapter_for(model).labels(model, list(by_subject), blind=blind).items():
            for item_id in by_subject[subject_id]:
                found[item_id] = label
    return found


def parties_of(items) -> dict[int, Parties]:
    """``{item.pk: Parties}`` for ``items``, through each subject model's adapter, in bulk."""
    subjects = subjects_of(items)
    by_model: dict[type, list] = {}
    for subject in subjects.values():
        by_model.setdefault(type(subject), []).append(subject)
    parties_by_subject = {}
    for model, group in by_model.items():
        for pk, parties in adapter_for(model).parties_for_many(group).items():
            parties_by_subject[(model, pk)] = parties
    return {
        item_pk: parties_by_subject.get((type(subject), subject.pk), Parties()) for item_pk, subject in subjects.items()
    }


def label(subject, *, blind: bool) -> str:
    return adapter_for(type(subject)).label(subject, blind=blind)
