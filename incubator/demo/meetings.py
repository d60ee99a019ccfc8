"""Demo meetings of the incubator (``load_demo``)."""

LOADERS = []
