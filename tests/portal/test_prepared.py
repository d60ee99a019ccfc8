"""``portal.prepared``: a query compiled once per shape, run with each call's own values."""

from functools import partial

import pytest
from django.db.models import Value
from wagtail.models import Page

from portal import prepared

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages():
    root = Page.get_first_root_node()
    parent = root.add_child(instance=Page(title="Parent", slug="prepared-parent"))
    children = [parent.add_child(instance=Page(title=f"Child {n}", slug=f"prepared-child-{n}")) for n in range(3)]
    return parent, children


def _children(*, parent_path, depth, exclude=None, titles=None):
    pages = Page.objects.filter(path__startswith=Value(parent_path), depth=depth)
    if exclude is not None:
        pages = pages.exclude(pk=exclude)
    if titles is not None:
        pages = pages.filter(title__in=titles)
    return pages.order_by("path").values_list("pk", "title", "live")


def test_each_call_binds_its_own_values_and_reads_what_the_queryset_would(pages):
    parent, children = pages
    built = []

    def build(**values):
        built.append(values)
        return _children(**values)

    for excluded in children:
        values = {"parent_path": parent.path, "depth": parent.depth + 1, "exclude": excluded.pk}
        assert prepared.rows("test:children", build, **values) == list(_children(**values))
    assert len(built) == 2  # compiled once (twice over, for two sets of stand-ins), then only bound
    assert [pk for pk, _title, _live in prepared.rows("test:children", build, **values)] == [
        child.pk for child in children[:2]
    ]
    assert prepared.rows("test:children", build, parent_path="no-such-path", depth=parent.depth + 1, exclude=0) == []


def test_a_list_of_another_length_is_another_shape(pages):
    parent, children = pages
    build = partial(_children, parent_path=parent.path, depth=parent.depth + 1)
    one = prepared.rows("test:titles", build, titles=["Child 1"])
    two = prepared.rows("test:titles", build, titles=["Child 0", "Child 2"])
    assert [pk for pk, *_ in one] == [children[1].pk]
    assert [pk for pk, *_ in two] == [children[0].pk, children[2].pk]
    assert {key for key in prepared._COMPILED if key[0] == "test:titles"} == {
        ("test:titles", (("titles", 1),)),
        ("test:titles", (("titles", 2),)),
    }


def test_the_converters_of_the_columns_apply(pages):
    parent = pages[0]
    rows = prepared.rows("test:live", _children, parent_path=parent.path, depth=parent.depth + 1)
    assert all(live is True for _pk, _title, live in rows)


def test_a_value_that_does_not_reach_the_sql_as_its_own_parameter_is_refused(pages):
    parent = pages[0]
    with pytest.raises(ValueError, match="parameter of its own"):
        # A plain __startswith adds "%" to the value: the bound parameter would be the stand-in's.
        build = lambda *, path: Page.objects.filter(path__startswith=path).values_list("pk")  # noqa: E731
        prepared.rows("test:rewritten", build, path=parent.path)
    with pytest.raises(ValueError, match="parameter of its own"):
        prepared.rows("test:computed", lambda *, depth: Page.objects.filter(depth=depth + 1).values_list("pk"), depth=1)
    with pytest.raises(TypeError):
        prepared.rows("test:float", lambda *, ratio: Page.objects.filter(depth=ratio).values_list("pk"), ratio=1.5)


def test_instances_are_the_models_with_their_annotations(pages):
    parent, children = pages

    def build(*, depth, titles):
        return (
            Page.objects.filter(depth=depth, title__in=titles).annotate(parent_path=Value(parent.path)).order_by("path")
        )

    found = prepared.instances("test:instances", build, depth=parent.depth + 1, titles=["Child 0", "Child 2"])
    assert [(type(page), page.pk, page.slug, page.live) for page in found] == [
        (Page, child.pk, child.slug, True) for child in (children[0], children[2])
    ]
    assert {page.parent_path for page in found} == {parent.path}
    assert found[0]._state.adding is False and found[0]._state.db == "default"


def test_the_lengths_kept_compiled_are_capped_per_name(pages, monkeypatch):
    """A list's length may come from a request (a URL with many segments): past the cap a shape is
    compiled for the call and not kept, so no input grows the process without bound."""
    parent, children = pages
    monkeypatch.setattr(prepared, "MAX_SHAPES_PER_NAME", 2)
    monkeypatch.setattr(prepared, "_KEPT", prepared.Counter())
    build = partial(_children, parent_path=parent.path, depth=parent.depth + 1)
    for length in range(1, 6):
        titles = ["Child 0", *(f"absent {n}" for n in range(length - 1))]
        assert [pk for pk, *_ in prepared.rows("test:capped", build, titles=titles)] == [children[0].pk]
    assert len([key for key in prepared._COMPILED if key[0] == "test:capped"]) == 2
