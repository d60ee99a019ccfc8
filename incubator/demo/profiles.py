"""Demo profiles of the incubator (``load_demo``)."""

LOADERS = []
