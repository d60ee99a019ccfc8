"""The incubator in the Wagtail admin: registrations only.

* The pipeline (``incubator.pipeline.admin``): the menu item "Pipeline" for project managers and
  staff, its board, cards, forms and export, and the dashboard panel of cards per stage.
* Read-mostly listings of the incubator's records for staff and project managers
  (``incubator.pipeline.records``): startup, investor and platform profiles, meeting requests,
  data-room access and its log. Organisations are reviewed in the portal's own admin.
"""

from wagtail import hooks

from incubator.matching import admin as matching_admin  # noqa: F401  (registers the weights screen)
from incubator.pipeline import records
from incubator.pipeline.admin import PipelineViewSet, add_stage_panel


@hooks.register("register_admin_viewset")
def register_pipeline_admin():
    return PipelineViewSet()


hooks.register("construct_homepage_panels", add_stage_panel)
records.register_policies()


@hooks.register("register_admin_viewset")
def register_record_admin():
    return records.IncubatorRecordsGroup()
