"""Profile pages (namespace ``incubator``, language-prefixed): directories, profiles, the editor, saved searches."""

from django.urls import path

import portal.converters  # noqa: F401  (registers the <id:…> path converter)
from incubator.profiles import views

urlpatterns = [
    path("startups/", views.startup_list, name="startup_list"),
    path("startups/<slug:slug>/", views.startup_detail, name="startup_detail"),
    path("startups/<slug:slug>/pitch-deck/", views.pitch_deck, name="startup_pitch_deck"),
    path("investors/", views.investor_list, name="investor_list"),
    path("investors/<slug:slug>/", views.investor_detail, name="investor_detail"),
    path("platforms/", views.platform_list, name="platform_list"),
    path("platforms/<slug:slug>/", views.platform_detail, name="platform_detail"),
    path("dashboard/organisations/<id:organisation_pk>/incubator-profile/", views.profile_edit, name="profile_edit"),
    path("dashboard/saved-searches/", views.saved_searches, name="saved_searches"),
    path("dashboard/saved-searches/new/", views.saved_search_create, name="saved_search_create"),
    path("dashboard/saved-searches/<id:pk>/delete/", views.saved_search_delete, name="saved_search_delete"),
    path("dashboard/saved-searches/<id:pk>/digest/", views.saved_search_digest, name="saved_search_digest"),
    # An e-mail's link to stop the digests: no sign-in (the token is signed; ``portal.unsubscribe``).
    path("saved-searches/unsubscribe/<token:token>/", views.digest_unsubscribe, name="digest_unsubscribe"),
]
