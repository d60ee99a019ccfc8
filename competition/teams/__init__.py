"""Teams, a sub-domain of the competition with the app's file names: services, forms, views.

The models are ``competition.models.teams``; the URLs are in ``competition.urls``.
"""
