"""Role × URL matrix of the data rooms (issue #15). "A" is delta-neuro (the ``startup`` role), "B"
epsilon-bci (``other_startup``); gamma-capital (``investor``) is approved with the NDA accepted in
A's room and has nothing in B's, where another investor (no role) is let in.

Decisions recorded here:
* A startup's room (its page, its documents, deletions, decisions) is reached by its own members
  only: anyone else, staff included, gets a 404. Staff read the metadata and the log in the admin,
  never the documents.
* A room and its documents are reached through the investor's own access: another investor's
  access, a document of another startup under one's own access, a room not open: 404.
* Any signed-in member sees the request page; only members of a verified investor organisation
  can send it (403 with the reason for the others).
"""

from django.urls import reverse

from tests.incubator.datarooms.world import add_incubator_datarooms
from tests.matrix import LOGIN, Row, check_matrix, expect, world  # noqa: F401


def _url(name, **keys):
    def build(w):
        return reverse(f"incubator:{name}", kwargs={arg: w.extra[key].pk for arg, key in keys.items()})

    return build


def _slug(name, key):
    return lambda w: reverse(f"incubator:{name}", kwargs={"slug": w.extra[key].slug})


def only(role, ok=200, default=404):
    return expect(default=default, anonymous=LOGIN, **{role: ok})


NOBODY = expect(default=404, anonymous=LOGIN)
NOT_GET = expect(default=405)


def _upload_without_file(w):
    return {"title": "新文件", "kind": "other"}


def _revoke(w):
    return {"decision": "revoke", "note": "结束合作"}


def _accept(w):
    return {"version": w.extra["dataroom_nda"].version, "accept": "on"}


def _ask(w):
    return {"investor": w.extra["org_investor"].pk, "message": "希望查看商业计划书"}


ROWS = [
    # the startup's side
    Row("data room A", _url("dataroom_manage", organisation_pk="org_startup"), only("startup")),
    Row("data room B", _url("dataroom_manage", organisation_pk="org_other_startup"), only("other_startup")),
    Row(
        "data room A upload without a file (POST)",
        _url("dataroom_manage", organisation_pk="org_startup"),
        only("startup", 400),
        method="post",
        data=_upload_without_file,
    ),
    Row(
        "data room B upload without a file (POST)",
        _url("dataroom_manage", organisation_pk="org_other_startup"),
        only("other_startup", 400),
        method="post",
        data=_upload_without_file,
    ),
    Row("own document A", _url("dataroom_own_document", document_pk="dataroom_doc_a"), only("startup")),
    Row("own document B", _url("dataroom_own_document", document_pk="dataroom_doc_b"), only("other_startup")),
    Row("delete document A (GET)", _url("dataroom_document_delete", document_pk="dataroom_doc_a"), NOT_GET),
    Row("delete document B (GET)", _url("dataroom_document_delete", document_pk="dataroom_doc_b"), NOT_GET),
    Row(
        "delete document A (POST)",
        _url("dataroom_document_delete", document_pk="dataroom_doc_a"),
        only("startup", 302),
        method="post",
    ),
    Row(
        "delete document B (POST)",
        _url("dataroom_document_delete", document_pk="dataroom_doc_b"),
        only("other_startup", 302),
        method="post",
    ),
    Row("decide on access A (GET)", _url("dataroom_decide", access_pk="dataroom_access_a"), NOT_GET),
    Row("decide on access B (GET)", _url("dataroom_decide", access_pk="dataroom_access_b"), NOT_GET),
    Row(
        "revoke access A (POST)",
        _url("dataroom_decide", access_pk="dataroom_access_a"),
        only("startup", 302),
        method="post",
        data=_revoke,
    ),
    Row(
        "revoke access B (POST)",
        _url("dataroom_decide", access_pk="dataroom_access_b"),
        only("other_startup", 302),
        method="post",
        data=_revoke,
    ),
    # the investor's side
    Row("my data rooms", _url("dataroom_list"), expect(default=200, anonymous=LOGIN)),
    Row("room A (gamma's access)", _url("dataroom", access_pk="dataroom_access_a"), only("investor")),
    Row("room B (theta's access)", _url("dataroom", access_pk="dataroom_access_b"), NOBODY),
    Row("accept NDA A (GET)", _url("dataroom_nda", access_pk="dataroom_access_a"), NOT_GET),
    Row("accept NDA B (GET)", _url("dataroom_nda", access_pk="dataroom_access_b"), NOT_GET),
    Row(
        "accept NDA A (POST)",
        _url("dataroom_nda", access_pk="dataroom_access_a"),
        only("investor", 302),
        method="post",
        data=_accept,
    ),
    Row(
        "accept NDA B (POST)", _url("dataroom_nda", access_pk="dataroom_access_b"), NOBODY, method="post", data=_accept
    ),
    Row(
        "document A in room A",
        _url("dataroom_document", access_pk="dataroom_access_a", document_pk="dataroom_doc_a"),
        only("investor"),
    ),
    Row(
        "document B guessed in room A",
        _url("dataroom_document", access_pk="dataroom_access_a", document_pk="dataroom_doc_b"),
        NOBODY,
    ),
    Row(
        "document B in room B (theta's)",
        _url("dataroom_document", access_pk="dataroom_access_b", document_pk="dataroom_doc_b"),
        NOBODY,
    ),
    Row(
        "document A guessed in room B",
        _url("dataroom_document", access_pk="dataroom_access_b", document_pk="dataroom_doc_a"),
        NOBODY,
    ),
    Row("request access A", _slug("dataroom_request", "org_startup"), expect(default=200, anonymous=LOGIN)),
    Row("request access B", _slug("dataroom_request", "org_other_startup"), expect(default=200, anonymous=LOGIN)),
    Row(
        "request access A (POST)",
        _slug("dataroom_request", "org_startup"),
        expect(default=403, anonymous=LOGIN, investor=302),
        method="post",
        data=_ask,
    ),
    Row(
        "request access B (POST)",
        _slug("dataroom_request", "org_other_startup"),
        expect(default=403, anonymous=LOGIN, investor=302),
        method="post",
        data=_ask,
    ),
    Row(
        "request access, unknown startup",
        lambda w: reverse("incubator:dataroom_request", kwargs={"slug": "no-such-startup"}),
        NOBODY,
    ),
    Row(
        "request access, an investor is no startup",
        _slug("dataroom_request", "org_investor"),
        NOBODY,
    ),
]


def test_datarooms_matrix(client, world):  # noqa: F811
    add_incubator_datarooms(world)
    check_matrix(client, world, ROWS)
