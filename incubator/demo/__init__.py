"""Demo incubator for ``manage.py load_demo``: startups, investors, platforms and incubators
(``profiles``) and their contact people (``people``), meetings (``meetings``), data rooms
(``datarooms``), the pipeline (``pipeline``), programme applications (``programmes``)."""

from incubator.demo import datarooms, meetings, people, pipeline, profiles, programmes

LOADERS = [
    *profiles.LOADERS,
    *people.LOADERS,
    *meetings.LOADERS,
    *datarooms.LOADERS,
    *pipeline.LOADERS,
    *programmes.LOADERS,
]
