"""Demo incubator for ``manage.py load_demo``: startups, investors, platforms and incubators
(``profiles``) and their contact people (``people``), meetings (``meetings``), data rooms
(``datarooms``), the pipeline (``pipeline``), programme applications (``programmes``), the investor
login's saved searches (``searches``)."""

from incubator.demo import datarooms, meetings, people, pipeline, profiles, programmes, searches

LOADERS = [
    *profiles.LOADERS,
    *people.LOADERS,
    *meetings.LOADERS,
    *datarooms.LOADERS,
    *pipeline.LOADERS,
    *programmes.LOADERS,
    *searches.LOADERS,
]
