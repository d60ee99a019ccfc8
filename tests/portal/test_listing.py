"""The listing kit (portal/listing/): parsing, links, the counting scan, multi-valued choices."""

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.http import QueryDict
from django.utils import translation

from cases.listing import CASE_LIBRARY
from catalog.queries import CATALOGUE
from catalog.vocabulary import ProductFunction
from portal.listing.choices import choice_mask, labels_mixin, validate_choice_list
from portal.listing.facets import ChoiceFacet, GroupedFacet, YearFacet
from portal.listing.links import FacetLinks, query_url
from portal.listing.listing import RELEVANCE, Listing, ListingQuery, Sort


class Colour(models.TextChoices):
    RED = "red", "Red"
    BLUE = "blue", "Blue"
    GREEN = "green", "Green"


def _listing(**options) -> Listing:
    return Listing(
        name="test",
        facets=(
            ChoiceFacet("colour", "colour", Colour, "Colour"),
            GroupedFacet("maker", "maker__slug", ("maker__name_zh", "maker__name_en"), "Maker"),
            YearFacet("year", "made_on", "Year"),
        ),
        sorts={"name": Sort("Name", lambda: ["name"]), "newest": Sort("Newest", lambda: ["-made_on"])},
        default_sort="name",
        tags=("test",),
        doc_type="test",
        **options,
    )


def test_parse_keeps_valid_values_in_order_and_drops_the_rest():
    query = _listing().parse(QueryDict("colour=green&colour=red&colour=pink&maker=ACME&maker=acme&year=2025&year=1700"))
    assert query.selected == {"colour": ["red", "green"], "maker": ["acme"], "year": ["2025"]}
    single = _listing(multiple=False).parse({"colour": " blue ", "maker": "X!", "q": "  脑机\x00接口 "})
    assert single.selected == {"colour": ["blue"]} and single.text == "脑机接口"


def test_a_multi_valued_listing_toggles_a_value_in_its_place():
    query = ListingQuery(selected={"colour": ["red"], "maker": ["acme"]}, text="eeg", sort="newest")
    links = FacetLinks(_listing(), query, keep=[("p", "7")])
    assert links.option_urls("colour", ["blue", "red"]) == [
        "?q=eeg&colour=red&colour=blue&maker=acme&sort=newest&p=7",
        "?q=eeg&maker=acme&sort=newest&p=7",  # selected again: removed
    ]
    assert links.option_urls("year", ["2024"]) == ["?q=eeg&colour=red&maker=acme&year=2024&sort=newest&p=7"]
    assert links.cleared("colour") == "?q=eeg&maker=acme&sort=newest&p=7"
    assert links.search_keep() == [("colour", "red"), ("maker", "acme"), ("p", "7")]


def test_clearing_every_filter_keeps_the_search_text_the_sort_and_the_page_parameters():
    query = ListingQuery(selected={"colour": ["red", "blue"], "maker": ["acme"]}, text="eeg", sort="newest")
    assert FacetLinks(_listing(), query, keep=[("p", "7")]).filters_cleared() == "?q=eeg&sort=newest&p=7"
    assert FacetLinks(_listing(), ListingQuery(selected={"colour": ["red"]})).filters_cleared() == "?"
    # Nothing to clear: no link.
    assert FacetLinks(_listing(), ListingQuery(text="eeg", selected={"colour": []})).filters_cleared() == ""


def test_a_single_valued_listing_replaces_the_value_and_always_writes_the_sort():
    query = ListingQuery(selected={"colour": ["red"], "maker": ["acme"]}, sort="name")
    links = FacetLinks(_listing(multiple=False, explicit_sort=True), query)
    assert links.option_urls("colour", ["blue", "red"]) == [
        "?maker=acme&colour=blue&sort=name",
        "?maker=acme&colour=red&sort=name",  # the chosen facet goes last
    ]
    assert links.sorted_by("newest") == "?colour=red&maker=acme&sort=newest"


def test_the_default_sort_is_left_out_and_relevance_is_the_default_while_searching():
    listing = _listing()
    searching = FacetLinks(listing, ListingQuery(text="eeg", sort=RELEVANCE, searching=True))
    assert searching.pairs() == [("q", "eeg")]
    assert searching.search_cleared() == "?"  # no text, no relevance: the default sort
    by_name = FacetLinks(listing, ListingQuery(text="eeg", sort="name", searching=True))
    assert by_name.pairs() == [("q", "eeg"), ("sort", "name")]
    assert by_name.search_cleared() == "?"
    assert listing.resolved_sort(RELEVANCE, searching=False) == "name"
    assert listing.resolved_sort("bogus", searching=True) == RELEVANCE
    assert [key for key, _label in listing.sort_options(searching=False)] == ["name", "newest"]
    assert query_url([]) == "?" and query_url([("a", "1 2")]) == "?a=1+2"


def test_the_catalogue_and_the_case_library_declare_their_parameters():
    assert CATALOGUE.params()[-3:] == ("q", "sort", "page") and "edition" in CATALOGUE.params()
    assert CASE_LIBRARY.params() == (
        "type",
        "approach",
        "function",
        "indication",
        "institution",
        "phase",
        "year",
        "selection",
        "q",
        "sort",
        "page",
    )
    # "?edition=abc" would reach the integer column: only four digits are taken
    assert CATALOGUE.parse(QueryDict("edition=abc&edition=2025&edition=2025\n")).selected == {"edition": ["2025"]}


def test_multi_valued_choices_validate_mask_and_label():
    validate_choice_list(["speech", "vision"], ProductFunction)
    for bad in (["speech", "speech"], ["telepathy"], "speech"):
        with pytest.raises(ValidationError):
            validate_choice_list(bad, ProductFunction)
    assert choice_mask(ProductFunction, ["motor_control", "vision", "telepathy"]) == 0b101

    class Thing(labels_mixin({"functions": ProductFunction})):
        functions = ["speech", "vision"]

    with translation.override("en"):
        assert Thing().functions_display == "Speech synthesis, Vision restoration"
