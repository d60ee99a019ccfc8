"""The incubator's pages (namespace ``incubator``)."""

app_name = "incubator"

urlpatterns = []
