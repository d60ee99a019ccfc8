"""The competition's algorithm track (issue #14): teams submit predictions for a task's hidden labels,
scored automatically (``scoring``) on a public and a private subset.

Models are ``competition.models.algorithm``; this package holds the rest of the sub-domain with the
app's file names (vocabulary, parsing, scoring, services, queries, views, urls, tasks, api, admin,
hooks, exports, audit, signals).
"""
