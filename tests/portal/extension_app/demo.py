from portal.demo import DemoContext, Loader

loaded: list[DemoContext] = []


def load(context: DemoContext) -> None:
    """A later app's loader: it finds what the portal's loaders made."""
    assert context.page("about/mission", locale="en").title == "Mission and remit"
    assert context.organisation("lansi-neuro").kind == "enterprise"
    assert context.user("staff").is_staff
    loaded.append(context)
    context.record("extension thing", False)


LOADERS = [Loader("extension_app", load, after=("portal.users",))]
