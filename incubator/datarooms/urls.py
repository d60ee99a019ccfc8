"""The datarooms pages (names in the ``incubator`` namespace)."""

urlpatterns = []
