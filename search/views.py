"""The search page: parse, search, render (works without JavaScript)."""

from django.shortcuts import render

from search import queries


def search(request):
    query, result = queries.run_page(queries.query_from_params(request.GET, request.user))
    return render(request, "search/search.html", queries.page_context(query, result))
