"""The matching pages (names in the ``incubator`` namespace)."""

urlpatterns = []
