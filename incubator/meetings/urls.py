"""The meetings pages (names in the ``incubator`` namespace)."""

urlpatterns = []
