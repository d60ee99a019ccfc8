"""Stored XSS in every field a member writes, rendered in Chromium (issue #11, attacks as tests).

The fields come from the member forms themselves (``MEMBER_FORMS``: every ``CharField``,
``TextField``, ``URLField`` and ``EmailField`` of the organisation profile, invitations, the
product form with its image and brochure rows, edition applications and the case submission
steps), so a field added to one of them gets a payload without touching this file; a new form
in those modules fails ``test_every_member_form_is_classified`` until it is listed.

Each field gets its own number ``n`` and classic payloads calling ``alert(n)`` (script tags,
attribute break-outs, ``</textarea>``, template syntax ``{{7*7}}``, a JavaScript string
break-out, full-width and long-s look-alikes of ``<script>``; ``javascript:alert(n)`` in URL
fields, a quoted local part in e-mail fields). They are stored through the real views as the
members send them (a payload a field's validation refuses is recorded as refused and replaced),
and published by staff through the services the admin's buttons call. Then every public,
member and admin page that shows them is opened in headless Chromium with the
Content-Security-Policy bypassed (so only escaping protects the page): a JavaScript dialog
fails the test, and so does the payload appearing unescaped in the server's HTML, an event
handler or ``javascript:`` URL built from it in the DOM, or ``{{7*7}}`` evaluated. The JSON API
and the edition exports must be served as data (JSON with ``nosniff``; attachments), and the
e-mails sent meanwhile must not carry a payload as markup either.
"""

from __future__ import annotations

import importlib
import inspect
import re
from dataclasses import dataclass, field

import pytest
from django import forms

from .support import no_event_loop

# --- which forms and fields members write --------------------------------------------------

#: The forms members fill in, by a short name (``module:Class``).
MEMBER_FORMS = (
    "portal.organisations.forms:OrganisationForm",
    "portal.organisations.forms:InvitationForm",
    "catalog.forms:ProductForm",
    "catalog.forms:ImageRowForm",
    "catalog.forms:BrochureRowForm",
    "catalog.editions.forms:ApplicationForm",
    "cases.forms:BasicsForm",
    "cases.forms:ClinicalForm",
    "cases.forms:OutcomeForm",
    "cases.forms:LinksForm",
)
#: Forms of the same modules members do not write text into (staff's, or choices only), and why.
OTHER_FORMS = {
    "portal.organisations.forms:MemberRoleForm": "a role choice",
    "portal.organisations.forms:VerificationDecisionForm": "staff's note",
    "catalog.editions.forms:AcceptForm": "staff's decision",
    "catalog.editions.forms:RejectForm": "staff's decision",
    "catalog.editions.forms:ConfirmForm": "staff's confirmation, no fields",
    "cases.forms:SubmitForm": "a consent box",
    "cases.forms:VersionedForm": "the hidden version only",
    "cases.forms:StepForm": "the hidden version and the step's basis only",
    "cases.forms:CasePageForm": "staff's admin form of a case page",
    "cases.forms:SelectionPanelForm": "staff open the typical-case selection panel",
    "cases.forms:ConfirmationForm": "staff confirm the selection, no text",
    "cases.forms:NominationForm": "staff nominate cases by choice",
    "catalog.editions.forms:ApplicationPanelForm": "staff open an edition's review panel",
}
FORM_MODULES = ("portal.organisations.forms", "catalog.forms", "catalog.editions.forms", "cases.forms")


def _form(name: str):
    module, cls = name.split(":")
    return getattr(importlib.import_module(module), cls)


def text_fields(form_class) -> dict[str, forms.Field]:
    """The text a member types in ``form_class``: every visible ``CharField`` (URL, e-mail, rich text included)."""
    return {
        name: f
        for name, f in form_class.base_fields.items()
        if isinstance(f, forms.CharField) and not isinstance(f.widget, forms.HiddenInput)
    }


def test_every_member_form_is_classified():
    found = set()
    for module_name in FORM_MODULES:
        module = importlib.import_module(module_name)
        for name, value in vars(module).items():
            is_form = inspect.isclass(value) and issubclass(value, forms.BaseForm)
            if is_form and value.__module__ == module_name and not name.startswith("_"):
                found.add(f"{module_name}:{name}")
    unknown = found - set(MEMBER_FORMS) - set(OTHER_FORMS)
    assert not unknown, f"forms neither in MEMBER_FORMS nor in OTHER_FORMS: {sorted(unknown)}"
    assert all(text_fields(_form(name)) for name in MEMBER_FORMS)


# --- payloads -------------------------------------------------------------------------------


def _full(n: int) -> str:
    return (
        f'<script>alert({n})</script>"><img src=x onerror=alert({n})></textarea><svg onload=alert({n})>'
        f"{{{{7*7}}}}'-alert({n})-'＜script＞alert({n})＜/script＞<ſcript>alert({n})</ſcript>"
    )


def _medium(n: int) -> str:
    return f"<script>alert({n})</script>\"><img src=x onerror=alert({n})>{{{{7*7}}}}'-alert({n})-'"


def _short(n: int) -> str:
    return f'"><svg/onload=alert({n})>'


def _tiny(n: int) -> str:
    return f"<q/oncut=alert({n})>"


def _rich(n: int) -> str:
    return _full(n) + f'<a href="javascript:alert({n})">link</a><p onclick="alert({n})">p</p>'


def payload(n: int, form_field: forms.Field) -> str:
    """The most complete payload numbered ``n`` that fits ``form_field``."""
    from portal.richtext import RichTextFormField

    if isinstance(form_field, RichTextFormField):
        return _rich(n)
    if isinstance(form_field, forms.EmailField):
        return f'"<svg/onload=alert({n})>"@example.com'
    if isinstance(form_field, forms.URLField):
        return f"javascript:alert({n})"
    limit = form_field.max_length or 10_000
    return next(p(n) for p in (_full, _medium, _short, _tiny) if len(p(n)) <= limit)


def second_try(n: int, form_field: forms.Field) -> str:
    """What a field that refused its payload gets instead: a URL still carrying markup, or harmless text."""
    if isinstance(form_field, forms.URLField):
        return f'https://example.com/"><svg/onload=alert({n})>'
    return ""


@dataclass
class Planted:
    n: int
    form: str
    name: str  # the field's name in the POST data (with its prefix)
    value: str
    stored: bool = True
    attempts: list[str] = field(default_factory=list)


@dataclass
class Garden:
    """Everything planted, and what the pages to check need to know."""

    planted: dict[int, Planted] = field(default_factory=dict)
    urls: dict[str, list[str]] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)
    downloads: list[str] = field(default_factory=list)
    json: list[str] = field(default_factory=list)
    mails: list = field(default_factory=list)

    def plant(self, form_name: str, *, prefix: str = "", skip=()) -> dict:
        """POST data with a payload in every text field of the form ``form_name``."""
        data = {}
        for name, form_field in text_fields(_form(form_name)).items():
            if name in skip:
                continue
            n = len(self.planted) + 1
            key = f"{prefix}-{name}" if prefix else name
            data[key] = payload(n, form_field)
            self.planted[n] = Planted(n, form_name, key, data[key], attempts=[data[key]])
        return data

    def by_key(self, form_name: str, key: str) -> Planted:
        return next(p for p in self.planted.values() if p.form == form_name and p.name == key)


def _form_errors(response) -> dict[str, list[str]]:
    """Field errors of every form and formset the response rendered, by the field's POST name."""
    from django.forms.formsets import ManagementForm

    from catalog.forms import ProductMediaForms

    errors = {}

    def visit(value):
        if isinstance(value, ManagementForm):
            return  # checked with its formset
        if isinstance(value, forms.BaseForm):
            for name, messages in value.errors.items():
                key = value.add_prefix(name) if name != "__all__" else f"{value.prefix or ''}__all__"
                errors.setdefault(key, []).extend(messages)
        elif isinstance(value, forms.BaseFormSet):
            if value.is_bound and value.add_prefix("TOTAL_FORMS") not in value.data:
                return  # a list the request did not send (the product form's images, say) is left as it is
            for form in value.forms:
                visit(form)
            if value.non_form_errors():
                errors.setdefault(f"{value.prefix}__all__", []).extend(value.non_form_errors())
        elif isinstance(value, ProductMediaForms):
            visit(value.images)
            visit(value.brochures)

    contexts = response.context if isinstance(response.context, list) else [response.context]
    seen = set()
    for context in contexts:
        if context is None:
            continue
        for value in context.flatten().values():
            if id(value) not in seen:
                seen.add(id(value))
                visit(value)
    return errors


def submit(client, garden: Garden, form_name: str, url: str, data: dict, *, files=None):
    """POST ``data`` to the real view; a planted field the form refuses gets its second try, then nothing."""
    for _round in range(3):
        response = client.post(url, {**data, **(files or {})})
        if response.status_code in (301, 302):
            return response
        errors = _form_errors(response)
        assert errors, f"{url}: {response.status_code} without form errors"
        for key, messages in errors.items():
            planted = next(
                (
                    p
                    for p in garden.planted.values()
                    if p.name == key and p.form == form_name and p.attempts[-1] == data.get(key)
                ),
                None,
            )
            assert planted is not None, f"{url}: {key} refused {messages} (not a planted field)"
            planted.stored = False
            field_name = key.rsplit("-", 1)[-1]
            data[key] = second_try(planted.n, text_fields(_form(form_name))[field_name]) if _round == 0 else ""
            planted.attempts.append(data[key])
            if data[key]:
                planted.stored, planted.value = True, data[key]
        if files:
            for upload in files.values():
                upload.seek(0)
    raise AssertionError(f"{url}: the form was still refused: {errors}")


def _valid_uscc() -> str:
    from portal.organisations.forms import USCC_ALPHABET, USCC_WEIGHTS

    body = "91310000MA1FL8XX0"
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body, USCC_WEIGHTS, strict=True))
    return body + USCC_ALPHABET[(31 - total % 31) % 31]


def _signed_in(user) -> str:
    """A session (as allauth's login leaves it) for ``user``: the cookie value for the browser."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


# --- planting: members write, staff publish -------------------------------------------------


@pytest.fixture
def garden(site_data):
    """Payloads in every member-writable field, stored through the views and published by staff."""
    from allauth.account.models import EmailAddress
    from django.core import mail
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    from cases import services as case_services
    from cases.forms import BasicsForm, ClinicalForm
    from cases.models import CaseSubmission
    from catalog import services as product_services
    from catalog.editions import services as edition_services
    from catalog.forms import ProductForm
    from catalog.models import Product
    from portal.models import Invitation, Organisation
    from portal.organisations.forms import InvitationForm, OrganisationForm
    from search import indexing
    from tests import upload_samples as samples
    from tests.cases.factories import SubmissionFactory
    from tests.catalog.edition_factories import EditionFactory
    from tests.catalog.factories import ProductFactory
    from tests.factories import StaffFactory, UserFactory
    from tests.matrix import form_data

    garden = Garden()
    staff = StaffFactory(preferred_language="en")
    owner = UserFactory(email="xss.owner@example.com")
    client = Client()
    client.force_login(owner)

    # The organisation's profile: registered by the member, verified by staff.
    data = form_data(OrganisationForm()) | {"kind": "enterprise"}
    data |= garden.plant("portal.organisations.forms:OrganisationForm")
    submit(client, garden, "portal.organisations.forms:OrganisationForm", reverse("portal:organisation_create"), data)
    if not garden.by_key("portal.organisations.forms:OrganisationForm", "unified_social_credit_code").stored:
        data["unified_social_credit_code"] = _valid_uscc()  # optional; a valid code keeps the form honest
    organisation = Organisation.objects.get(memberships__user=owner)
    staff_client = Client()
    staff_client.force_login(staff)
    response = staff_client.post(reverse("organisations:decide", args=[organisation.pk, "verified"]), {"note": ""})
    assert response.status_code == 302, response.status_code
    organisation.refresh_from_db()
    assert organisation.is_verified

    # An invitation to an address carrying markup, accepted by its owner.
    members_url = reverse("portal:organisation_members", args=[organisation.pk])
    data = form_data(InvitationForm()) | {"invite-role": "editor"}
    data |= garden.plant("portal.organisations.forms:InvitationForm", prefix="invite")
    submit(client, garden, "portal.organisations.forms:InvitationForm", members_url, data)
    invitation = Invitation.objects.filter(organisation=organisation).latest("pk")
    invitee = UserFactory(email=invitation.email, verified_email=False)
    EmailAddress.objects.create(user=invitee, email=invitation.email, primary=True, verified=True)
    invitee_client = Client()
    invitee_client.force_login(invitee)
    response = invitee_client.post(reverse("portal:invitation_accept", args=[invitation.token]))
    assert response.status_code == 302, response.status_code
    # A second invitation stays pending (the members page and the admin list it).
    data = form_data(InvitationForm()) | {"invite-role": "owner"}
    data |= garden.plant("portal.organisations.forms:InvitationForm", prefix="invite")
    submit(client, garden, "portal.organisations.forms:InvitationForm", members_url, data)

    # A product with an image and a brochure, submitted, approved; then an edit waiting for review.
    template = ProductFactory.build(organisation=organisation)
    data = form_data(ProductForm(instance=template))  # a new product: with its one-time token
    data |= garden.plant("catalog.forms:ProductForm")
    for prefix, total in (("images", 1), ("brochures", 1)):
        data |= {f"{prefix}-TOTAL_FORMS": total, f"{prefix}-INITIAL_FORMS": 0, f"{prefix}-MIN_NUM_FORMS": 0}
        data |= {f"{prefix}-MAX_NUM_FORMS": 12, f"{prefix}-0-ORDER": 1}
    data |= garden.plant("catalog.forms:ImageRowForm", prefix="images-0")
    data |= garden.plant("catalog.forms:BrochureRowForm", prefix="brochures-0")
    files = {
        "images-0-file": SimpleUploadedFile("photo.jpg", samples.image_bytes(width=400, height=300), "image/jpeg"),
        "brochures-0-file": SimpleUploadedFile("brochure.pdf", samples.pdf_bytes(), "application/pdf"),
    }
    create_url = reverse("catalog:product_create", args=[organisation.pk])
    submit(client, garden, "catalog.forms:ProductForm", create_url, data, files=files)
    product = Product.objects.get(organisation=organisation)
    data = form_data(ProductForm(instance=product)) | {"base_revision": product.latest_revision_id}
    client.post(reverse("catalog:product_edit", args=[product.pk]), data | {"submit_for_review": "1"})
    product.refresh_from_db()
    product_services.approve(staff=staff, product=product, revision_id=product.latest_revision_id)
    product.refresh_from_db()
    data = form_data(ProductForm(instance=product.get_latest_revision_as_object()))
    data |= {"base_revision": product.latest_revision_id} | garden.plant("catalog.forms:ProductForm")
    data |= {"submit_for_review": "1"}  # "Submit for review": the edit is saved, then submitted
    submit(client, garden, "catalog.forms:ProductForm", reverse("catalog:product_edit", args=[product.pk]), data)

    # The product applies to an edition; staff accept it and publish the edition.
    edition = EditionFactory(year=2090)
    apply_url = reverse("catalog:edition_apply", args=[product.pk, edition.year])
    data = {"proposed_category": "education"} | garden.plant("catalog.editions.forms:ApplicationForm")
    submit(client, garden, "catalog.editions.forms:ApplicationForm", apply_url, data)
    application = edition.applications.get()
    edition_services.accept(staff=staff, application=application, category="education", rationale_zh="推荐")
    edition_services.close_call(staff=staff, edition=edition)
    edition_services.publish(staff=staff, edition=edition)

    # A case in five steps, submitted, accepted and published; a second one stays a draft.
    def write_case(*, submit_it: bool) -> CaseSubmission:
        template = SubmissionFactory.build(organisation=organisation)
        data = form_data(BasicsForm(instance=template, initial={"version": 1}))  # with its one-time token
        data |= garden.plant("cases.forms:BasicsForm")
        new_url = reverse("cases:submission_create", args=[organisation.pk])
        submit(client, garden, "cases.forms:BasicsForm", new_url, data)
        submission = CaseSubmission.objects.filter(organisation=organisation).latest("pk")

        def step(name, form_name, data, **kwargs):
            submission.refresh_from_db()
            data = {**data, "version": submission.version}
            url = reverse("cases:submission_step", args=[submission.pk, name])
            submit(client, garden, form_name, url, data, **kwargs)

        clinical = form_data(ClinicalForm(instance=template)) | garden.plant("cases.forms:ClinicalForm")
        step("clinical", "cases.forms:ClinicalForm", clinical)
        outcomes = {"outcomes-TOTAL_FORMS": 1, "outcomes-INITIAL_FORMS": 0, "outcomes-0-value": "3"}
        outcomes |= garden.plant("cases.forms:OutcomeForm", prefix="outcomes-0")
        step("outcomes", "cases.forms:OutcomeForm", outcomes)
        links = {"products": [product.pk], "institutions": [organisation.pk]}
        links |= garden.plant("cases.forms:LinksForm")
        step("links", "cases.forms:LinksForm", links)
        if submit_it:
            submission.refresh_from_db()
            url = reverse("cases:submission_step", args=[submission.pk, "submit"])
            response = client.post(url, {"version": submission.version, "consent_confirmed": "on"})
            assert response.status_code == 302, _form_errors(response)
        submission.refresh_from_db()
        return submission

    published = write_case(submit_it=True)
    case = case_services.accept(staff=staff, submission=published)
    case.save_revision(user=staff).publish(user=staff)
    draft = write_case(submit_it=False)
    indexing.rebuild_database()

    stored = [p for p in garden.planted.values() if p.stored]
    assert len(stored) >= 40, len(stored)
    garden.cookies = {"member": _signed_in(owner), "invitee": _signed_in(invitee), "staff": _signed_in(staff)}
    case.refresh_from_db()
    product_id, org_slug = product.pk, organisation.slug
    garden.urls["public"] = [
        "/zh-hans/",
        "/zh-hans/products/",
        "/en/products/",
        "/zh-hans/products/?q=alert",
        f"/zh-hans/products/{product_id}/",
        f"/en/products/{product_id}/",
        f"/zh-hans/products/compare/?p={product_id}",
        f"/zh-hans/products/enterprises/{org_slug}/",
        f"/zh-hans/organisations/{org_slug}/",
        f"/en/organisations/{org_slug}/",
        "/zh-hans/editions/",
        f"/zh-hans/editions/{edition.year}/",
        f"/en/editions/{edition.year}/",
        case.get_parent().url,
        case.get_parent().url + "?q=alert",
        case.url,
        "/zh-hans/search/?q=alert",
        "/en/search/?q=alert",
        "/zh-hans/search/?q=script",
        "/zh-hans/search/?q=%EF%BC%9Cscript%EF%BC%9E",
    ]
    garden.urls["member"] = [
        "/zh-hans/dashboard/",
        "/en/dashboard/",
        "/zh-hans/dashboard/products/",
        f"/zh-hans/dashboard/products/{product_id}/edit/",
        f"/zh-hans/dashboard/organisations/{organisation.pk}/edit/",
        f"/zh-hans/dashboard/organisations/{organisation.pk}/members/",
        "/zh-hans/dashboard/cases/",
        f"/zh-hans/dashboard/cases/{published.pk}/",
        f"/zh-hans/dashboard/cases/{draft.pk}/",
        *(f"/zh-hans/dashboard/cases/{draft.pk}/edit/{s}/" for s in ("basics", "clinical", "outcomes", "links")),
        f"/zh-hans/dashboard/cases/{draft.pk}/edit/submit/",
        "/zh-hans/dashboard/editions/",
        "/zh-hans/dashboard/account/personal-data/",
    ]
    garden.urls["invitee"] = ["/zh-hans/dashboard/", f"/zh-hans/invitations/{invitation.token}/"]
    garden.urls["staff"] = [
        "/admin/",
        "/admin/products/",
        f"/admin/products/inspect/{product_id}/",
        f"/admin/products/review/{product_id}/approve/",
        f"/admin/products/history/{product_id}/",
        "/admin/background_tasks/",
        "/admin/organisations/",
        f"/admin/organisations/inspect/{organisation.pk}/",
        f"/admin/organisations/decide/{organisation.pk}/suspended/",
        "/admin/memberships/",
        "/admin/invitations/",
        "/admin/editions/",
        f"/admin/editions/inspect/{edition.pk}/",
        "/admin/edition_applications/",
        f"/admin/edition_applications/inspect/{application.pk}/",
        "/admin/case_submissions/",
        f"/admin/case_submissions/inspect/{published.pk}/",
        f"/admin/case_submissions/inspect/{draft.pk}/",
        f"/admin/case_submissions/history/{published.pk}/",
        f"/admin/pages/{case.pk}/edit/",
        f"/admin/pages/{case.get_parent().pk}/",
        "/admin/pages/search/?q=alert",
        "/admin/images/",
        "/admin/documents/",
        "/admin/users/",
    ]
    garden.downloads = [
        f"/{lang}/editions/{edition.year}/download/{fmt}/"
        for lang in ("zh-hans", "en")
        for fmt in ("csv", "xlsx", "pdf")
    ]
    garden.json = [
        f"/api/v1/products/{product_id}/",
        "/api/v1/products/?q=alert",
        f"/api/v1/cases/{case.pk}/",
        f"/api/v1/editions/{edition.year}/",
        "/api/v1/search/?q=alert",
        "/api/v1/search/autocomplete?q=alert",
    ]
    garden.mails = list(mail.outbox)
    return garden


# --- looking at the pages -------------------------------------------------------------------

#: Fields whose validation refuses markup (identifiers checked against their format): nothing stored.
REFUSED = sorted(
    [
        *["cases.forms:ClinicalForm trial_ids"] * 2,  # NCT / ChiCTR numbers
        *["cases.forms:LinksForm dois"] * 2,
        *["catalog.forms:ProductForm contact_phone"] * 2,  # digits, spaces, +, -, ( )
        *["catalog.forms:ProductForm registration_number"] * 2,  # NMPA registration numbers
        "portal.organisations.forms:OrganisationForm unified_social_credit_code",
    ]
)

#: A payload's own markup, as it would stand in the server's HTML if it were not escaped (escaped
#: text has ``&lt;`` where these have ``<``; attributes are checked in the DOM).
RAW_MARKUP = re.compile(
    r"<(?:script|ſcript)>alert\(\d+\)"
    r"|<img src=x onerror=alert\(\d+\)>"
    r"|<svg[ /]onload=alert\(\d+\)>"
    r"|<q/oncut=alert\(\d+\)>"
    r"|<a href=\"javascript:alert\(\d+\)\""
    r"|<p onclick=\"alert\(\d+\)\"",
    re.IGNORECASE,
)

#: What the DOM must not hold: handlers, ``javascript:`` URLs or running scripts made of a payload.
DOM_CHECK = """() => {
  const bad = [];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith("on") && /alert\\(/.test(attr.value)) bad.push(`${el.tagName} ${name}=${attr.value}`);
      if (["href", "src", "action", "formaction", "data", "xlink:href"].includes(name)
          && /^\\s*javascript:/i.test(attr.value)) bad.push(`${el.tagName} ${name}=${attr.value}`);
    }
  }
  for (const s of document.querySelectorAll("script")) {
    const type = (s.type || "").toLowerCase();
    if ((!type || type.includes("javascript") || type === "module") && /alert\\(/.test(s.textContent))
      bad.push(`script ${s.textContent.slice(0, 80)}`);
  }
  if (/49'-alert\\(/.test(document.body ? document.body.innerText : "")) bad.push("{{7*7}} evaluated");
  return bad;
}"""


class Inspector:
    """Opens pages in one browser context and collects every sign of a payload at work."""

    def __init__(self, context, who: str):
        self.who = who
        self.page = context.new_page()
        self.findings: list[str] = []
        self.seen: dict[int, set[str]] = {}  # payload number -> the pages that showed it
        self.page.on("dialog", self._dialog)
        self.page.on("response", self._response)

    def _dialog(self, dialog):
        self.findings.append(f"[{self.who}] {self.page.url}: dialog {dialog.type} {dialog.message!r}")
        dialog.dismiss()

    def _response(self, response):
        if response.status >= 500:
            self.findings.append(f"[{self.who}] {response.url}: server error {response.status}")

    def visit(self, url: str, *, html: bool = True) -> None:
        response = self.page.goto(url, wait_until="load")
        assert response is not None, url
        if response.status != 200:
            self.findings.append(f"[{self.who}] {url}: status {response.status}")
            return
        text = response.text()
        for n in re.findall(r"alert\((\d+)\)", text):
            self.seen.setdefault(int(n), set()).add(url)
        if not html:
            text = ""
        for match in RAW_MARKUP.finditer(text):
            start = max(match.start() - 60, 0)
            self.findings.append(f"[{self.who}] {url}: unescaped {text[start : match.end() + 20]!r}")
        self.page.wait_for_timeout(150)  # handlers of images that fail to load, deferred scripts
        for problem in self.page.evaluate(DOM_CHECK):
            self.findings.append(f"[{self.who}] {url}: {problem}")


def test_stored_payloads_never_run(garden, make_context, live_server):
    from django.conf import settings

    # The check means something only if the payloads were stored: refused only where validation applies.
    refused = sorted(f"{p.form} {p.name}" for p in garden.planted.values() if not p.stored)
    assert refused == REFUSED, refused

    contexts = {}
    for who in ("public", "member", "invitee", "staff"):
        context = make_context(bypass_csp=True)
        if who in garden.cookies:
            cookie = {"name": settings.SESSION_COOKIE_NAME, "value": garden.cookies[who], "url": live_server.url}
            context.add_cookies([cookie])
        contexts[who] = Inspector(context, who)

    # The harness sees a payload at work: a dialog, a handler in the DOM, the markup in the HTML.
    canary = contexts["public"]
    unescaped = "<p>x</p><img src=x onerror=alert(999)>"
    canary.page.set_content(unescaped)
    canary.page.wait_for_timeout(300)
    assert any("'999'" in f for f in canary.findings), canary.findings
    assert canary.page.evaluate(DOM_CHECK), "the DOM check misses an onerror handler"
    assert RAW_MARKUP.search(unescaped)
    canary.findings.clear()

    for who, urls in garden.urls.items():
        for url in urls:
            contexts[who].visit(url)

    # The masthead's autocomplete renders suggestions with script: type a query that finds them.
    public = contexts["public"]
    public.page.goto("/zh-hans/")
    box = public.page.get_by_role("combobox").first
    box.fill("alert")
    options = public.page.get_by_role("option")
    options.first.wait_for()
    assert "alert(" in " ".join(options.all_inner_texts())  # the suggestions are the payloads
    for problem in public.page.evaluate(DOM_CHECK):
        public.findings.append(f"[public] autocomplete: {problem}")

    # Data, never a page: JSON with nosniff, exports as attachments.
    for url in garden.json:
        response = public.page.request.get(url)
        assert response.status == 200, (url, response.status)
        assert response.headers["content-type"].startswith("application/json"), url
        assert response.headers.get("x-content-type-options") == "nosniff", url
        public.visit(url, html=False)  # shown by the browser as text: nothing may run
    for url in garden.downloads:
        response = public.page.request.get(url)
        assert response.status == 200, (url, response.status)
        assert "text/html" not in response.headers["content-type"], url
        assert response.headers["content-disposition"].startswith("attachment"), url

    # Every stored payload was on some page: the pages above are the ones that show them.
    seen = {n for inspector in contexts.values() for n in inspector.seen}
    unseen = [f"{p.n} {p.form} {p.name}" for p in garden.planted.values() if p.stored and p.n not in seen]
    assert not unseen, f"payloads no page showed: {unseen}"

    findings = [finding for inspector in contexts.values() for finding in inspector.findings]
    with no_event_loop():
        for message in garden.mails:
            for body, mimetype in getattr(message, "alternatives", []):
                if mimetype == "text/html" and RAW_MARKUP.search(body):
                    findings.append(f"e-mail {message.subject!r}: unescaped {RAW_MARKUP.search(body).group(0)!r}")
    assert not findings, "stored XSS:\n" + "\n".join(findings)
