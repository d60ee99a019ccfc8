"""``{% facet_option_items %}``: the listing kit's option links, written in Python, for every list."""

from django.utils import translation

from portal.templatetags.listing_tags import facet_option_items


def _row(*options, multiple):
    keys = ("value", "label", "count", "selected", "url")
    return {"multiple": multiple, "options": [dict(zip(keys, o, strict=True)) for o in options]}


def _options():
    return (
        ("a", "A & <b>", 1234, False, "?type=a&p=1"),
        ("b", "Empty", 0, False, None),
        ("c", "Chosen", 0, True, "?"),
    )


def test_options_with_rows_and_selected_ones_are_listed_escaped():
    with translation.override("en"):
        html = str(facet_option_items(_row(*_options(), multiple=True)))
    assert html.count("<li>") == 2 and "Empty" not in html
    assert '<a href="?type=a&amp;p=1" rel="nofollow"><span class="facet-mark" aria-hidden="true">☐</span> ' in html
    assert "A &amp; &lt;b&gt;" in html and '<span class="badge">1234</span>' in html


def test_a_chosen_value_of_a_multi_valued_list_is_a_box_to_untick():
    with translation.override("en"):
        html = str(facet_option_items(_row(*_options(), multiple=True)))
    assert (
        '<a href="?" aria-current="true" class="facet-selected" rel="nofollow">'
        '<span class="facet-mark" aria-hidden="true">☑</span> Chosen'
        '<span class="visually-hidden">(selected; select again to remove)</span> <span class="badge">0</span></a>'
    ) in html


def test_the_chosen_value_of_a_single_valued_list_is_the_current_page():
    """The case library: one value per facet, a link replaces it; no boxes, no "select again" hint."""
    with translation.override("en"):
        html = str(facet_option_items(_row(*_options(), multiple=False)))
    assert '<a href="?" aria-current="page" rel="nofollow">Chosen <span class="badge">0</span></a>' in html
    assert '<a href="?type=a&amp;p=1" rel="nofollow">A &amp; &lt;b&gt; <span class="badge">1234</span></a>' in html
    assert "facet-mark" not in html and "select again" not in html
