"""``{% facet_option_items %}``: the catalogue sidebar's option links, written in Python."""

from django.utils import translation

from catalog.templatetags.catalog_list import facet_option_items


def _row(*options):
    return {"options": [dict(zip(("value", "label", "count", "selected", "url"), o, strict=True)) for o in options]}


def test_options_with_products_and_selected_ones_are_listed_escaped():
    row = _row(
        ("a", "A & <b>", 1234, False, "?type=a&p=1"),
        ("b", "Empty", 0, False, None),
        ("c", "Chosen", 0, True, "?"),
    )
    with translation.override("en"):
        html = str(facet_option_items(row))
    assert html.count("<li>") == 2 and "Empty" not in html
    assert '<a href="?type=a&amp;p=1"  rel="nofollow">' in html
    assert "A &amp; &lt;b&gt;" in html and '<span class="badge">1234</span>' in html
    assert (
        '<a href="?" aria-current="true" class="facet-selected" rel="nofollow">'
        '<span class="facet-mark" aria-hidden="true">☑</span> Chosen'
        '<span class="visually-hidden">(selected; select again to remove)</span> <span class="badge">0</span></a>'
    ) in html
