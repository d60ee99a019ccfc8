"""The competition's judging rounds, ranking, advancement, awards, published results and the loop.

* ``services``: ``open_round`` (a judging ``Panel`` per stage × track), ``advance`` (top N or a
  threshold of a round's ranking to the next stage), ``record_award``, ``publish_results``.
* ``loop``: a winning entry becomes a draft catalogue product of its enterprise.
* ``queries``: the staff ranking (raw and normalised side by side, progress, score distribution),
  the public results, the audit trail.
* ``admin`` / ``hooks``: the admin pages (registered from ``competition.wagtail_hooks``).
* ``views`` / ``urls``: the public results page (included from ``competition.urls``).
* ``signals``: imported from ``CompetitionConfig.ready`` (log actions, outbox effects).
"""
