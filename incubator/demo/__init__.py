"""Demo incubator for ``manage.py load_demo``: startups, investors, platforms and incubators
(``profiles``), meetings and data rooms (``meetings``), the pipeline (``pipeline``)."""

from incubator.demo import meetings, pipeline, profiles

LOADERS = [*profiles.LOADERS, *meetings.LOADERS, *pipeline.LOADERS]
