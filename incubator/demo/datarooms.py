"""Demo data rooms (``load_demo``): the alliance's NDA, startups' documents, investors' access in every state.

Runs after the profiles (``incubator.profiles``), on the verified startups and investors it
finds there; with none it does nothing. The demo logins come first: the ``investor`` login's fund
is let into some rooms (one open with its NDA accepted and a log, one approved awaiting the NDA,
one waiting, one declined, one revoked) but not into the ``startup-owner`` login's room, so the
journey (ask, get approved, accept, read) can be tried there; that room has requests of other
investors in every state and an access log. Idempotent: the NDA by its version, documents by
startup and title, access by startup and investor; nothing existing is changed.

Requests, decisions, NDA acceptances and the log count back from the day before the demo is loaded
(``base``), so they are days old, never months, whenever it is loaded; the NDA's publication stays
on its fixed day (long past).

Documents are small PDFs written with fpdf2's core font (fixed creation date: the same bytes on
every run) and checked by ``portal.uploads.clean_pdf`` like any upload.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.utils import timezone
from fpdf import FPDF

from incubator.demo.meetings import INVESTOR_LOGIN, STARTUP_LOGIN, first_member, with_login_first
from incubator.models import DataRoomAccess, DataRoomDocument, DocumentAccessLog, NdaVersion
from incubator.vocabulary import AccessStatus, DocumentAction, DocumentKind
from portal.demo.registry import DemoContext, Loader
from portal.organisations.models import Organisation, OrganisationKind
from portal.uploads import clean_pdf

SHANGHAI = ZoneInfo("Asia/Shanghai")
NDA_PUBLISHED = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=SHANGHAI)
ROOMS = 6  # startups with documents
#: Addresses from the documentation ranges (RFC 5737): nobody's real address.
IPS = ("203.0.113.24", "198.51.100.57", "192.0.2.81", "203.0.113.130")

NDA_ZH = "\n\n".join(
    (
        "上海市脑机接口产业创新战略联盟 数据室保密协议（第1版）",
        (
            "一、适用范围。本协议适用于投资机构（“接收方”）经初创企业（“披露方”）批准后，通过联盟门户数据"
            "室查阅的全部资料，包括商业计划书、财务报表、技术文档、临床与注册资料及其任何摘录、复制件。"
        ),
        (
            "二、保密义务。接收方仅可将保密信息用于评估对披露方的投资或合作，不得向任何第三方披露，但为上述目"
            "的确需知悉的员工、投资委员会成员及受同等保密义务约束的专业顾问除外。"
        ),
        (
            "三、除外情形。已公开的信息、接收方在披露前已合法持有的信息、从无保密义务的第三方合法取得的信息，"
            "以及依法律法规或监管要求必须披露的信息（应事先书面通知披露方）不受本协议约束。"
        ),
        (
            "四、记录与撤回。接收方同意门户记录每一次查看与下载的时间、账号与IP地址，并向披露方展示。披露方"
            "可随时撤回访问权限，撤回即时生效。"
        ),
        "五、期限。保密义务自接受本协议之日起三年内有效；涉及技术秘密的，至该信息公开之日止。",
        "六、适用法律。本协议适用中华人民共和国法律，争议提交上海国际仲裁中心仲裁。",
        "接收方在门户点击“接受”，即代表其所属机构接受本协议。",
    )
)

NDA_EN = "\n\n".join(
    (
        "Shanghai BCI Industry Innovation Strategic Alliance: Data-room Non-disclosure Agreement (version 1)",
        (
            '1. Scope. This agreement covers everything an investor (the "Recipient") reads in a startup\'s (the '
            '"Discloser\'s") data room on the alliance portal once the Discloser has approved access: business '
            "plans, financial statements, technical dossiers, clinical and registration documents, and any "
            "extract or copy of them."
        ),
        (
            "2. Confidentiality. The Recipient uses the confidential information only to evaluate an investment "
            "in or a partnership with the Discloser and discloses it to no third party, except to employees, "
            "investment-committee members and professional advisers who need it for that purpose and are bound by"
            " equivalent obligations."
        ),
        (
            "3. Exclusions. Information that is public, that the Recipient lawfully held before disclosure, that "
            "it lawfully received from a third party without a duty of confidence, or that must be disclosed by "
            "law or a regulator (after notifying the Discloser in writing) is not covered."
        ),
        (
            "4. Records and revocation. The Recipient agrees that the portal records the time, account and IP "
            "address of every view and download and shows them to the Discloser. The Discloser may revoke access "
            "at any time, with immediate effect."
        ),
        (
            "5. Term. The obligations last three years from acceptance; for trade secrets, until the information "
            "becomes public."
        ),
        (
            "6. Governing law. This agreement is governed by the laws of the People's Republic of China; disputes"
            " go to the Shanghai International Arbitration Center."
        ),
        ('By clicking "Accept" on the portal the Recipient accepts this agreement on behalf of its organisation.'),
    )
)

#: (kind, Chinese title, English title, pages of the PDF)
DOCUMENTS = (
    (DocumentKind.BUSINESS_PLAN, "商业计划书（2026年11月）", "Business plan, November 2026", 3),
    (DocumentKind.FINANCIALS, "2025年度财务报表（经审计）", "Audited financial statements 2025", 2),
    (DocumentKind.TECHNICAL, "技术文档：电极与算法概述", "Technical dossier: electrodes and decoding", 2),
)


def _pdf(startup: Organisation, title_en: str, pages: int) -> bytes:
    """A small, valid PDF: the same bytes for the same arguments (fixed creation date, core font)."""
    pdf = FPDF(format="A4")
    pdf.set_creation_date(NDA_PUBLISHED)
    pdf.set_title(title_en)
    pdf.set_author("BCI Industry Alliance demo")
    name = (startup.name_en or startup.slug).encode("latin-1", "replace").decode("latin-1")
    for page in range(1, pages + 1):
        pdf.add_page()
        pdf.set_font("Helvetica", size=18)
        pdf.multi_cell(0, 10, f"{name}\n{title_en}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=11)
        pdf.ln(4)
        pdf.multi_cell(
            0,
            6,
            "Confidential - data room of the Shanghai BCI Industry Alliance portal. "
            "Demo document: invented content for trying the portal.\n\n"
            f"Page {page} of {pages}.",
            new_x="LMARGIN",
            new_y="NEXT",
        )
    return bytes(pdf.output())


def _documents(context: DemoContext, startup: Organisation) -> list[DataRoomDocument]:
    documents, uploader = [], first_member(startup)
    for kind, title_zh, title_en, pages in DOCUMENTS:
        title = f"{title_zh} / {title_en}"
        found = DataRoomDocument.objects.filter(startup=startup, title=title).first()
        created = found is None
        if created:
            clean = clean_pdf(ContentFile(_pdf(startup, title_en, pages), name=f"{kind}.pdf"))
            found = DataRoomDocument.objects.create(
                startup=startup,
                kind=kind,
                title=title,
                file=clean.file,
                name=clean.file.name,
                content_type="application/pdf",
                size=clean.file.size,
                uploaded_by=uploader,
            )
        context.record("incubator.data_room_document", created)
        documents.append(found)
    return documents


def base(now: datetime.datetime) -> datetime.datetime:
    """The demo's "now" for requests, decisions and the log: 10:00 in Shanghai the day before ``now``."""
    day = now.astimezone(SHANGHAI).date() - datetime.timedelta(days=1)
    return datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=SHANGHAI)


def _access(context, startup, investor, state: str, nda: NdaVersion, *, day: int, documents, at) -> None:
    """``investor``'s access to ``startup``'s room in ``state``, asked ``20 - day`` days before ``at``."""
    if DataRoomAccess.objects.filter(startup=startup, investor=investor).exists():
        context.record("incubator.data_room_access", False)
        return
    asked_at = at - datetime.timedelta(days=20 - day)
    status = AccessStatus.APPROVED if state in ("open", "approved") else state
    decided = status != AccessStatus.REQUESTED
    asker, decider = first_member(investor), first_member(startup)
    access = DataRoomAccess.objects.create(
        startup=startup,
        investor=investor,
        status=status,
        message="我们关注该方向的临床进展与注册路径，希望查阅商业计划书和技术文档。",
        requested_by=asker,
        decided_by=decider if decided else None,
        decided_at=asked_at + datetime.timedelta(days=1) if decided else None,
        decision_note="目前融资轮次已满，感谢关注。" if status == AccessStatus.DECLINED else "",
    )
    DataRoomAccess.objects.filter(pk=access.pk).update(requested_at=asked_at)
    if state in ("open", AccessStatus.REVOKED):
        accepted_at = asked_at + datetime.timedelta(days=2)
        DataRoomAccess.objects.filter(pk=access.pk).update(
            nda_version=nda, nda_accepted_at=accepted_at, nda_accepted_by=asker, nda_ip=IPS[day % len(IPS)]
        )
        for n, document in enumerate(documents):
            for action in (DocumentAction.VIEW, DocumentAction.DOWNLOAD)[: 2 - n % 2]:
                line = DocumentAccessLog.objects.create(
                    document=document, access=access, user=asker, action=action, ip=IPS[(day + n) % len(IPS)]
                )
                at = accepted_at + datetime.timedelta(hours=1 + n, minutes=7 if action == DocumentAction.VIEW else 12)
                DocumentAccessLog.objects.filter(pk=line.pk).update(at=at)
    context.record("incubator.data_room_access", True)


def load(context: DemoContext) -> None:
    nda, created = NdaVersion.objects.get_or_create(
        version=1, defaults={"text_zh": NDA_ZH, "text_en": NDA_EN, "published_at": NDA_PUBLISHED}
    )
    context.record("incubator.nda_version", created)
    verified = Organisation.objects.verified()
    startups = with_login_first(list(verified.filter(kind=OrganisationKind.STARTUP)), STARTUP_LOGIN)[:ROOMS]
    investors = with_login_first(list(verified.filter(kind=OrganisationKind.INVESTOR)), INVESTOR_LOGIN)
    if not startups or not investors:
        context.log("  no verified startups or investors yet: no data rooms")
        return
    rooms = {startup.pk: _documents(context, startup) for startup in startups}
    at = base(timezone.now())
    first_investor, others = investors[0], investors[1:]
    # The investor login's fund: every state, but not the startup login's room (the journey starts there).
    states = ("open", "approved", AccessStatus.REQUESTED, AccessStatus.DECLINED, AccessStatus.REVOKED)
    for day, (startup, state) in enumerate(zip(startups[1:], states, strict=False)):
        _access(context, startup, first_investor, state, nda, day=day, documents=rooms[startup.pk], at=at)
    # Other investors: requests of every state in the startup login's room, and one open room elsewhere.
    for day, (investor, state) in enumerate(
        zip(
            others,
            ("open", AccessStatus.REQUESTED, AccessStatus.DECLINED, "approved", AccessStatus.REVOKED),
            strict=False,
        )
    ):
        _access(context, startups[0], investor, state, nda, day=day + 5, documents=rooms[startups[0].pk], at=at)
    for day, (startup, investor) in enumerate(zip(startups[1:], others[5:], strict=False)):
        _access(context, startup, investor, "open", nda, day=day + 10, documents=rooms[startup.pk], at=at)


LOADERS = [Loader("incubator.datarooms", load, after=("incubator.profiles", "incubator.people"))]
