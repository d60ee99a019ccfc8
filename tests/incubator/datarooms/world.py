"""The data rooms' objects in the shared matrix world (``tests.matrix``): ``add_incubator_datarooms(world)``.

``extra``:

* ``dataroom_nda`` — NDA version 1, published yesterday;
* ``dataroom_doc_a`` — a business plan in delta-neuro's room ("A"); ``dataroom_doc_b`` — epsilon-bci's ("B");
* ``dataroom_access_a`` — gamma-capital (the ``investor`` role) in A's room: approved, NDA v1 accepted;
* ``dataroom_investor_b`` — another verified investor, theta-capital (no role signs in as it), and
  ``dataroom_access_b`` — its approved access with NDA v1 accepted in B's room. gamma-capital has
  nothing in B's room.

delta-neuro's objects are recorded as "A", epsilon-bci's as "B" (``world.own``), the accesses by
the startup whose room they open.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from incubator.models import DataRoomAccess, DataRoomDocument, NdaVersion
from incubator.vocabulary import AccessStatus
from portal import uploads
from tests import factories
from tests import upload_samples as samples

NDA_ZH = "保密协议第一版：投资方对数据室中的全部资料负有保密义务。"
NDA_EN = "NDA version 1: the investor keeps everything in the data room confidential."


def publish_nda(version: int = 1, *, when=None) -> NdaVersion:
    return NdaVersion.objects.create(
        version=version,
        text_zh=f"{NDA_ZH}（第{version}版）",
        text_en=f"{NDA_EN} (version {version})",
        published_at=when or timezone.now() - timedelta(days=1),
    )


def pdf_upload(name: str = "plan.pdf", pages: int = 1) -> uploads.CleanPDF:
    return uploads.clean_pdf(samples.upload(name, samples.pdf_bytes(pages)))


def document(startup, *, title: str = "商业计划书", kind: str = "business_plan", by=None) -> DataRoomDocument:
    clean = pdf_upload()
    return DataRoomDocument.objects.create(
        startup=startup,
        kind=kind,
        title=title,
        file=clean.file,
        name=clean.file.name,
        content_type="application/pdf",
        size=clean.file.size,
        uploaded_by=by,
    )


def access(startup, investor, *, status=AccessStatus.APPROVED, nda=None, by=None) -> DataRoomAccess:
    now = timezone.now()
    return DataRoomAccess.objects.create(
        startup=startup,
        investor=investor,
        status=status,
        message="希望了解临床试验进展",
        requested_by=by,
        decided_at=now if status != AccessStatus.REQUESTED else None,
        nda_version=nda,
        nda_accepted_at=now if nda else None,
        nda_accepted_by=by if nda else None,
        nda_ip="203.0.113.7" if nda else None,
    )


def add_incubator_datarooms(world):
    if "incubator_datarooms" in world.parts:
        return world
    world.parts.add("incubator_datarooms")
    from tests.matrix import INVESTOR, OTHER_STARTUP, STARTUP

    extra = world.extra
    startup_a, startup_b = extra["org_startup"], extra["org_other_startup"]
    investor = extra["org_investor"]
    nda = extra["dataroom_nda"] = publish_nda()
    extra["dataroom_doc_a"] = document(startup_a, by=world.user(STARTUP))
    extra["dataroom_doc_b"] = document(startup_b, title="财务报表", kind="financials", by=world.user(OTHER_STARTUP))
    extra["dataroom_access_a"] = access(startup_a, investor, nda=nda, by=world.user(INVESTOR))
    theta = factories.MembershipFactory(
        organisation=factories.OrganisationFactory(
            name_zh="庚脑科技创投", name_en="Theta Capital", slug="theta-capital", kind="investor"
        ),
        role="owner",
        user__email="theta.investor@example.com",
    )
    extra["dataroom_investor_b"] = theta.organisation
    extra["dataroom_access_b"] = access(startup_b, theta.organisation, nda=nda, by=theta.user)
    world.own("A", "organisation", startup_a)
    world.own("B", "organisation", startup_b)
    world.own("A", "organisation_slug", startup_a.slug)
    world.own("B", "organisation_slug", startup_b.slug)
    world.own("A", "dataroom_document", extra["dataroom_doc_a"])
    world.own("B", "dataroom_document", extra["dataroom_doc_b"])
    world.own("A", "dataroom_access", extra["dataroom_access_a"])
    world.own("B", "dataroom_access", extra["dataroom_access_b"])
    return world


def post_document_upload(client, upload):
    """For ``tests/portal/test_hostile_uploads.py``: post ``upload`` to the data room's upload form
    (``incubator.datarooms.forms.DocumentForm.file``) as the owner of a verified startup.

    Returns ``(response, form, field)``: the page's form (``None`` after a redirect) and the field's name.
    """
    from django.urls import reverse
    from django.utils.translation import override

    from incubator.datarooms.forms import DocumentForm
    from tests.matrix import creation_token

    membership = factories.MembershipFactory(organisation=factories.OrganisationFactory(kind="startup"), role="owner")
    client.force_login(membership.user)
    with override("zh-hans"):
        url = reverse("incubator:dataroom_manage", kwargs={"organisation_pk": membership.organisation.pk})
    data = creation_token(DocumentForm) | {"title": "保留的说明文字", "kind": "business_plan", "file": upload}
    response = client.post(url, data)
    form = response.context["form"] if response.context is not None and "form" in response.context else None
    return response, form, "file"
