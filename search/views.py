"""The search page: parse, search, render (works without JavaScript)."""

from django.shortcuts import render

from search import queries


def search(request):
    query = queries.query_from_params(request.GET, request.user)
    result = queries.run(query)
    return render(request, "search/search.html", queries.page_context(query, result))
