from ninja import Router

router = Router(tags=["extension"])


@router.get("/", summary="List the extension's things")
def things(request) -> list[str]:
    return ["thing"]


ROUTERS = {"/extension/": router}
