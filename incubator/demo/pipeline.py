"""Demo pipeline of the incubator (``load_demo``)."""

LOADERS = []
