"""Demo incubator for ``manage.py load_demo``: startups, investors, platforms and incubators
(``profiles``), meetings (``meetings``), data rooms (``datarooms``), the pipeline (``pipeline``),
programme applications (``programmes``)."""

from incubator.demo import datarooms, meetings, pipeline, profiles, programmes

LOADERS = [*profiles.LOADERS, *meetings.LOADERS, *datarooms.LOADERS, *pipeline.LOADERS, *programmes.LOADERS]
