"""The profiles pages (names in the ``incubator`` namespace)."""

urlpatterns = []
