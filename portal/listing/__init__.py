"""The listing kit: faceted, searchable, paginated public lists (the catalogue, the case library).

An app declares its list once, in its ``queries.py``, and its page and JSON API share it::

    # competition/queries.py
    ENTRIES = Listing(
        name="competition",                       # cache-key prefix
        facets=(
            ChoiceFacet("track", "track", Track, _("Track")),
            MaskFacet("field", "fields", EntryField, _("Field")),     # a JSON list + <field>_mask column
            GroupedFacet("team", "team__slug", ("team__name_zh", "team__name_en"), _("Team"), limit=15),
            YearFacet("year", "submitted_on", _("Year")),
        ),
        sorts={"newest": Sort(_("Newest first"), lambda: ["-submitted_on", "-pk"])},
        default_sort="newest",
        tags=("competition", "organisations"),      # what the remembered counts and pages depend on
        doc_type="entry",                           # the search declaration the search box matches
    )

    # competition/views.py
    def entry_list(request):
        found = ENTRIES.run(ENTRIES.parse(request.GET), public_entries(),
                            audiences=search.audiences_for(request.user), fetch=with_thumbnails)
        links = FacetLinks(ENTRIES, found.query)
        response = render(request, "competition/entry_list.html",
                          {"listing": found, "facets": links.decorate(found.facets), ...})
        return public_cache.mark_public(response, *ENTRIES.tags, params=ENTRIES.params())

Modules (import the one you need; this package's ``__init__`` imports nothing, as models
modules import ``choices`` while the apps load):

* ``facets``: ``ChoiceFacet``, ``MaskFacet``, ``YearFacet``, ``GroupedFacet``;
* ``counting``: ``count_facets`` (one ``COUNT(*) FILTER`` scan plus one query per grouped
  facet) and ``facet_rows``;
* ``listing``: ``Listing`` (``parse``, ``run``, ``params``, ``chosen``: a query's filters labelled),
  ``ListingQuery``, ``ListingPage``,
  ``Sort``, ``RELEVANCE``; the search box goes through ``search.services.matching_ids``;
  counts and the page's rows are remembered under ``Listing.tags``;
* ``links``: ``FacetLinks`` (every link keeps ``q``, the other facets and the sort, back on
  page 1; the pagination keeps the rest with ``{% querystring %}``) and ``query_url``;
* ``paginator``: ``CountedPaginator`` (no second ``COUNT``);
* ``choices``: multi-valued choice fields (``MaskedChoices``, ``labels_mixin``,
  ``validate_choice_list``, ``choice_mask``);
* ``api``: ``FacetOut`` and ``listing_data`` for the JSON API;
* the sidebar: ``templates/components/facet_sidebar.html``, whose option links are
  ``{% facet_option_items row %}`` (``portal/templatetags/listing_tags.py``).
"""
