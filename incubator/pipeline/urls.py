"""The pipeline pages (names in the ``incubator`` namespace)."""

urlpatterns = []
