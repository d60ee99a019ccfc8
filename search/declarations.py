"""What a domain app puts in the search index: the API of each app's ``search.py``.

An app declares one :class:`DocumentType` per kind of thing it indexes and registers it::

    # catalog/search.py
    from search.declarations import TEXT_FIELDS, DocumentType, Facet, register

    register(DocumentType(
        name="product", label=_("Products"), model="catalog.Product",
        fields=TEXT_FIELDS,  # title (boost 3), summary (2), body; or a list of Field
        facets=[Facet("bci_type", _("BCI type"), choices=BCIType)],
        queryset=lambda: Product.objects.select_related("organisation"),
        build=build_product,  # instance -> list[Entry] (one per language, or one for all)
    ))

Both engines read these declarations; nothing engine-specific lives in a domain app. The
helpers at the end (``per_language``, ``join``, ``passages``, ``labels_in_all_languages``,
``fact_in_all_languages``, ``stream_text``, ``page_entry``, ``live_pages``, ``with_translation``,
``translation_words``, ``translations_of``) build documents; with
``search.services`` this module is all a domain app uses of the search app.
``search.apps`` imports every installed app's ``search`` module (like ``wagtail_hooks``).

Audiences decide who may see a document: a document lists the audiences it is shown to
(:data:`PUBLIC`, or e.g. ``"investor"``, ``"judge:12"``, ``"org:3"`` for later issues) and a
viewer holds a set of audiences (``search.permissions.audiences_for``); staff see everything.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.db.models.functions import JSONObject
from django.utils import translation
from wagtail.models import Page

from portal.restrictions import public_pages

#: The audience of documents anyone may see.
PUBLIC = "public"
#: A document for every language (bilingual records such as products).
ALL_LANGUAGES = ""


@dataclass(frozen=True)
class Field:
    """A text field of the document: ``boost`` weighs a match in it (title 3, summary 2, body 1)."""

    name: str
    boost: float = 1.0


#: The text of most documents: a match in the title weighs most, then the summary, then the body.
TEXT_FIELDS = (Field("title", boost=3), Field("summary", boost=2), Field("body"))


@dataclass(frozen=True)
class Facet:
    """A keyword field shown with counts; ``choices`` (a TextChoices) translates values into labels."""

    name: str
    label: object
    choices: type | None = None

    def label_for(self, value: str) -> str:
        if self.choices is not None and value in self.choices.values:
            return str(self.choices(value).label)
        return value


@dataclass
class Entry:
    """One search document built from a model instance (``build`` returns these)."""

    object_id: str
    language: str
    text: dict[str, str]  # field name -> indexed text
    display: dict[str, dict[str, str]]  # language -> {"title", "summary", "text", "url"}
    audiences: list[str]
    facets: dict[str, list[str]] = field(default_factory=dict)
    date: datetime.date | None = None

    def display_for(self, language: str) -> dict[str, str]:
        if language in self.display:
            return self.display[language]
        return next(iter(self.display.values()), {})

    @property
    def fingerprint(self) -> str:
        """What the engines compare to tell whether a stored document is current."""
        payload = json.dumps(
            [self.text, self.display, sorted(self.audiences), self.facets, str(self.date)],
            sort_keys=True,
            ensure_ascii=False,
            default=str,
        )
        return hashlib.sha256(payload.encode()).hexdigest()


@dataclass(frozen=True)
class DocumentType:
    name: str
    #: The type's tab (a plural: "Products").
    label: object
    model: str  # "app_label.ModelName"
    fields: Sequence[Field]
    build: Callable[[object], list[Entry]]
    queryset: Callable[[], Iterable]
    facets: list[Facet] = field(default_factory=list)
    #: Other models whose change alters these documents -> the instances to reindex.
    dependencies: dict[str, Callable[[object], Iterable]] = field(default_factory=dict)
    #: Wagtail pages are reindexed on publish/unpublish/delete rather than on every save.
    is_page: bool = False
    #: Where the type's tab stands on the search page (lowest first).
    position: int = 100
    #: When every document of the type is shown to the same few audiences (the investors'): its tab
    #: is offered only to viewers holding one of them. ``None``: it varies from document to document.
    audiences: frozenset[str] | None = None
    #: The type this one tells more about, to the viewers offered this one: they see only this one
    #: (an investor finds a startup once, in the investors' view, not twice).
    replaces: str = ""
    #: What one result of the type is called, on its badge ("Product"); the tab's ``label`` if empty.
    label_one: object = ""

    def model_class(self):
        return apps.get_model(self.model)


_registry: dict[str, DocumentType] = {}


def register(document_type: DocumentType) -> DocumentType:
    _registry[document_type.name] = document_type
    return document_type


def document_types() -> list[DocumentType]:
    return sorted(_registry.values(), key=lambda dt: (dt.position, dt.name))


def offered_to(audiences: frozenset[str] | None) -> list[DocumentType]:
    """The types whose tabs a viewer holding ``audiences`` (``None``: staff) is offered, in order."""
    shown = [dt for dt in document_types() if audiences is None or dt.audiences is None or dt.audiences & audiences]
    replaced = {dt.replaces for dt in shown if dt.replaces}
    return [dt for dt in shown if dt.name not in replaced]


def hidden_from(audiences: frozenset[str] | None) -> list[str]:
    """The types the engines leave out for that viewer (``offered_to``'s others): replaced, or never theirs."""
    offered = {dt.name for dt in offered_to(audiences)}
    return sorted(dt.name for dt in document_types() if dt.name not in offered)


def get(name: str) -> DocumentType | None:
    return _registry.get(name)


def for_model(model) -> list[DocumentType]:
    """The document types of ``model`` or of one of its parents (a page subclass)."""
    labels = {m._meta.label for m in (model, *model._meta.get_parent_list())}
    return [dt for dt in _registry.values() if dt.model in labels]


def all_facets() -> dict[str, Facet]:
    out: dict[str, Facet] = {}
    for dt in document_types():
        for facet in dt.facets:
            out.setdefault(facet.name, facet)
    return out


def text_fields() -> list[Field]:
    """Every declared text field (the union over document types, highest boost wins)."""
    out: dict[str, Field] = {}
    for dt in _registry.values():
        for f in dt.fields:
            if f.name not in out or out[f.name].boost < f.boost:
                out[f.name] = f
    return list(out.values())


# --- Building documents: helpers for a domain app's ``search.py`` ------------------------------


def per_language(render: Callable[[], dict[str, str]]) -> dict[str, dict[str, str]]:
    """``render()`` (title, summary, text, url) called once with each portal language active."""
    out = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            out[code] = {key: str(value or "") for key, value in render().items()}
    return out


def join(*parts) -> str:
    return "\n".join(str(part) for part in parts if part)


def _bare(text: str) -> str:
    return "".join(str(text).split())


def passages(*parts) -> str:
    """The display text of a document: its parts joined, each passage (line) once.

    A line that the text before it already says (a narrative that opens with the summary, a
    description that repeats it) is left out, white space aside. Vocabulary labels, synonyms
    and the other language's words are matching-only text (``page_entry(keywords=…)``), never
    passages.
    """
    said, lines = "", []
    for part in parts:
        for line in str(part or "").splitlines():
            bare = _bare(line)
            if not bare or bare in said:
                continue
            said += "\n" + bare
            lines.append(line.strip())
    return "\n".join(lines)


def labels_in_all_languages(choices, values) -> str:
    """Vocabulary labels in every portal language, so 失语 and "aphasia" both find the value."""
    out = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            out += [str(choices(v).label) for v in values if v in choices.values]
    return " ".join(dict.fromkeys(out))


def fact_in_all_languages(heading, choices, values) -> str:
    """A fact as a page shows it ("BCI type: Invasive"), in every portal language: matching only.

    The heading is searchable where it says what the value is ("脑机接口类型": a case's BCI type
    is what makes it a BCI case, so 脑机接口 finds it).
    """
    out = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            out += [f"{heading} {choices(v).label}" for v in values if v in choices.values]
    return " ".join(dict.fromkeys(out))


def stream_text(page, name: str) -> str:
    """The searchable text of a StreamField or RichTextField (Wagtail's own extraction)."""
    field = page._meta.get_field(name)
    return join(*field.get_searchable_content(getattr(page, name)))


def page_entry(page, *, summary: str, body: str, keywords: str = "", facets=None, date=None):
    """The document of a Wagtail page: one per page, in the page's language (pages are per-locale trees).

    ``summary`` and ``body`` are the page's own text, searchable and shown in snippets;
    ``keywords`` are searchable only (vocabulary labels in every language, the translation's
    words), so a snippet shows the page's language and nothing twice.
    A page behind a view restriction (password, login, groups) is for staff only: read with
    Wagtail's own check, not the list a page remembers for serving (``search.signals`` reindexes
    on a restriction's change, whatever order the receivers run in).
    """
    language = page.locale.language_code
    restricted = Page.get_view_restrictions(page).exists()
    return Entry(
        object_id=str(page.pk),
        language=language,
        text={"title": page.title, "summary": summary, "body": join(body, keywords)},
        display={language: {"title": page.title, "summary": summary, "text": passages(summary, body), "url": page.url}},
        audiences=[] if restricted else [PUBLIC],
        facets=facets or {},
        date=date,
    )


def live_pages(model: str, *, translation_fields: Iterable[str] = ()):
    """The queryset factory of a page type's documents: live pages only (with ``with_translation``'s
    ``translation_text`` when ``translation_fields`` are named)."""

    def queryset():
        pages = apps.get_model(model).objects.live().select_related("locale").order_by("pk")
        return with_translation(pages, translation_fields) if translation_fields else pages

    return queryset


# --- A page's translation: its words find the page from the other language ---------------------


def with_translation(pages, fields: Iterable[str]):
    """``pages``, each annotated with ``translation_text``: ``fields`` of its live translation into
    another language (a dict; one sub-query, no query per page).

    Only a translation anyone may read lends its words: one behind a view restriction (on it or
    an ancestor) is for staff, and its words must not find the public page (``search.signals``
    reindexes the translations when a restriction changes)."""
    row = (
        public_pages(pages.model.objects.live())
        .filter(translation_key=OuterRef("translation_key"))
        .exclude(locale=OuterRef("locale"))
        .order_by("locale_id")
        .values(row=JSONObject(**{name: name for name in fields}))[:1]
    )
    return pages.annotate(translation_text=Subquery(row))


def translation_words(page, fields: Iterable[str], *, convert: dict[str, Callable] | None = None) -> str:
    """``fields`` of ``page``'s translation (``with_translation``), in that order, for
    ``page_entry(keywords=…)``: a query in either language finds the page of the visitor's
    language. ``convert`` turns a stored value into text (e.g. rich text's HTML)."""
    convert = convert or {}
    row = getattr(page, "translation_text", None) or {}
    return join(*(convert.get(name, str)(row[name]) for name in fields if row.get(name)))


def translations_of(page):
    """A ``dependencies`` function: a page's other-language pages, whose documents hold its words."""
    return (
        type(page).objects.filter(translation_key=page.translation_key).exclude(pk=page.pk).values_list("pk", flat=True)
    )
