"""Teams, a sub-domain of the competition with the app's file names: services, forms, views; the
roster's changes after joining are ``roster`` (its log actions ``audit``).

The models are ``competition.models.teams``; the URLs are in ``competition.urls``.
"""
