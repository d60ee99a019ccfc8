"""The drills' hands inside Django: ``python -m tests.drills.agent COMMAND '{"json": "kwargs"}'``.

Runs with the drill's environment (production settings: tests/drills/settings.py) against the
drill's database, Redis, broker and Elasticsearch, as a management command would. Prints one
line ``DRILL-RESULT <json>``. Writes go through the services, each in its own transaction,
so their side effects reach the outbox and the broker exactly as a request's would.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections import Counter

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.drills.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import translation  # noqa: E402

COMMANDS = {}

#: Effects that send e-mail (each message is one e-mail to its recipients).
EMAIL_EFFECTS_SUFFIX = ("_email",)


def command(func):
    COMMANDS[func.__name__] = func
    return func


def _user(key: str):
    from portal.demo.users import demo_email
    from portal.models import User

    return User.objects.get(email=key if "@" in key else demo_email(key))


# --- Setting up ---------------------------------------------------------------------------------


@command
def prepare_template():
    """load_demo, and an authenticator for the staff accounts (the admin requires one)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.core.management import call_command

    started = time.monotonic()
    with open(os.devnull, "w") as devnull:
        call_command("load_demo", stdout=devnull)
    for key in ("staff", "admin"):
        user = _user(key)
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, generate_totp_secret())
    # The template was built without Redis: the cache writes it recorded for replay mean nothing to a
    # drill's new Redis. Anything else the demo scheduled runs now, so drills start with an empty outbox.
    from portal import outbox
    from portal.cache import REPLAY_EFFECTS
    from portal.models import OutboxMessage

    OutboxMessage.objects.filter(effect__in=REPLAY_EFFECTS).delete()
    ran = Counter(outbox.deliver(pk) for pk in OutboxMessage.objects.values_list("pk", flat=True))
    left = dict(Counter(OutboxMessage.objects.filter(done_at__isnull=True).values_list("effect", flat=True)))
    OutboxMessage.objects.all().delete()
    return {"load_demo_s": round(time.monotonic() - started, 1), "outbox_ran": dict(ran), "outbox_dropped": left}


@command
def sessions(users: list[str]):
    """A signed-in session per demo user (as allauth's login leaves it): the cookie values."""
    from django.contrib.sessions.backends.db import SessionStore

    from portal.adapters import mark_allauth_login

    out = {}
    for key in users:
        user = _user(key)
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        mark_allauth_login(store, user)
        store.create()
        out[key] = store.session_key
    return out


@command
def journeys():
    """The main public journeys: bench/pages.py's pages that answer anonymous GETs, resolved on this data."""
    from bench.pages import PAGES

    found = []
    for page in PAGES:
        if page.login:  # a signed-in page: not a visitor's journey
            continue
        try:
            path = page.resolve()
        except Exception:  # noqa: BLE001 - a page this data lacks is left out
            path = None
        if path:
            found.append({"name": page.name, "path": path, "public": page.public})
    return found


@command
def urls(names: dict):
    """``reverse`` in zh-hans for {label: [name, kwargs]}."""
    from django.urls import reverse

    with translation.override("zh-hans"):
        return {label: reverse(name, kwargs=kwargs or None) for label, (name, kwargs) in names.items()}


@command
def products(organisation: str = "lansi-neuro", live: bool | None = None):
    from catalog.models import Product

    qs = Product.objects.filter(organisation__slug=organisation).order_by("pk")
    if live is not None:
        qs = qs.filter(live=live)
    return [{"id": p.pk, "name": p.name_zh, "live": p.live, "status": p.moderation_status} for p in qs]


@command
def organisations():
    from portal.models import Organisation

    return dict(Organisation.objects.values_list("slug", "pk"))


@command
def setup_info(users: list[str] = ()):
    """One process start for what most drills ask first: journeys, organisations, live products, sessions."""
    return {
        "journeys": journeys(),
        "organisations": organisations(),
        "live_products": products(organisation="lansi-neuro", live=True),
        "sessions": sessions(users=list(users)),
    }


# --- Writes -------------------------------------------------------------------------------------


def _product_fields(n: int) -> dict:
    return {
        "name_zh": f"演练脑电头环{n}号",
        "name_en": f"Drill EEG headband {n}",
        "model_number": f"DR-{n}",
        "summary_zh": f"演练用的第{n}个产品。",
        "bci_type": "non_invasive",
        "signal_modality": "eeg",
        "electrode_type": "dry",
        "functions": ["state_monitoring"],
        "application_fields": ["education"],
        "regulatory_class": "non_medical",
        "channels": 4,
    }


@command
def writes(count: int, tag: str = "w", organisation: str = "lansi-neuro", pause: float = 0.0):
    """``count`` writes across products and cases, each its own transaction (as requests make them).

    Products: create (a draft), edit the draft, submit, approve (goes live: an e-mail), edit the
    live product (a revision), unpublish. Cases: a new case submission (with its first step), and
    a published case page edited and published again (Wagtail's publish). Returns what was done.
    """
    from cases import services as case_services
    from cases.models import CasePage
    from catalog import services as catalog_services
    from catalog.models import Product
    from portal.models import Organisation

    editor, staff, hospital = _user("enterprise-editor"), _user("staff"), _user("hospital")
    org = Organisation.objects.get(slug=organisation)
    hospital_org = Organisation.objects.get(slug="binhai-neuro")
    cases = list(CasePage.objects.live().filter(locale__language_code="zh-hans").order_by("pk")[:20])
    done: Counter[str] = Counter()
    errors: list[str] = []
    current: Product | None = None
    started = time.monotonic()
    step = 0
    for n in range(count):
        try:
            kind = n % 10
            if kind == 0 or current is None:
                current = catalog_services.create_product(actor=editor, organisation=org, **_product_fields(step))
                step += 1
                done["product_created"] += 1
            elif kind == 1:
                current = catalog_services.update_product(actor=editor, product=current, summary_zh=f"{tag}草稿修改{n}")
                done["product_edited"] += 1
            elif kind == 2:
                current = catalog_services.submit_for_review(actor=editor, product=current)
                done["product_submitted"] += 1
            elif kind == 3:
                current = catalog_services.approve(staff=staff, product=current, revision_id=current.latest_revision_id)
                done["product_approved"] += 1
            elif kind == 4:
                current = catalog_services.update_product(
                    actor=editor, product=current, summary_zh=f"{tag}上线后修改{n}"
                )
                done["product_live_edited"] += 1
            elif kind == 5:
                current = catalog_services.unpublish(staff=staff, product=current)
                done["product_unpublished"] += 1
            elif kind in (6, 7):
                case_services.create_submission(
                    actor=hospital,
                    organisation=hospital_org,
                    fields={"title": f"{tag}演练病例{n}", "summary": "演练", "bci_type": "invasive"},
                    creation_token=None,
                )
                done["case_submission_created"] += 1
            else:
                page = cases[n % len(cases)].specific
                page = type(page).objects.get(pk=page.pk)
                page.summary = f"{tag}病例摘要修改{n}"
                with transaction.atomic():
                    page.save_revision(user=staff).publish(user=staff)
                done["case_page_published"] += 1
        except Exception as exc:  # noqa: BLE001 - counted and reported by the drill
            errors.append(f"write {n}: {exc.__class__.__name__}: {exc}")
        if pause:
            time.sleep(pause)
    return {
        "done": dict(done),
        "errors": errors[:20],
        "error_count": len(errors),
        "seconds": round(time.monotonic() - started, 1),
    }


def _invite_member():
    try:  # invitations moved out of the organisations' services
        from portal.organisations.invitations import invite_member
    except ImportError:
        return _organisation_services().invite_member
    return invite_member


def _organisation_services():
    try:  # the organisations' services moved into their own package
        from portal.organisations import services
    except ImportError:
        from portal import services
    return services


@command
def prepare_submitted(count: int, tag: str = "p", organisation: str = "lansi-neuro"):
    """``count`` draft products submitted for review (staff decide on them in the admin): their ids."""
    from catalog import services as catalog_services
    from portal.models import Organisation

    editor = _user("enterprise-editor")
    org = Organisation.objects.get(slug=organisation)
    ids = []
    for n in range(count):
        product = catalog_services.create_product(actor=editor, organisation=org, **_product_fields(1000 + n))
        catalog_services.submit_for_review(actor=editor, product=product)
        ids.append(product.pk)
    return ids


@command
def invite(count: int, tag: str = "i", organisation: str = "lansi-neuro"):
    """The owner invites ``count`` new addresses (an e-mail each), each in its own transaction."""
    invite_member = _invite_member()
    from portal.models import Organisation

    owner = _user("enterprise-owner")
    org = Organisation.objects.get(slug=organisation)
    errors = []
    for n in range(count):
        try:
            invite_member(inviter=owner, organisation=org, email=f"{tag}-{n}@drill.example")
        except Exception as exc:  # noqa: BLE001 - reported
            errors.append(f"{exc.__class__.__name__}: {exc}")
    return {"invited": count - len(errors), "errors": errors[:5]}


@command
def hammer(product_id: int, count: int, tag: str):
    """Save one product ``count`` times (a name each time), each save its own transaction; the last name."""
    from catalog.models import Product

    errors = []
    name = ""
    for n in range(count):
        try:
            with transaction.atomic():
                product = Product.objects.select_for_update().get(pk=product_id)
                name = f"{tag}第{n}版"
                product.name_zh = name
                product.save()
        except Exception as exc:  # noqa: BLE001 - reported
            errors.append(f"{exc.__class__.__name__}: {exc}")
    return {"errors": errors[:5], "error_count": len(errors), "last": name}


@command
def product_docs(product_id: int):
    """The product's name now, its database search document's title and Elasticsearch's."""
    from catalog.models import Product
    from search.engines import elasticsearch as es_engine
    from search.models import SearchDocument

    doc = SearchDocument.objects.filter(doc_type="product", object_id=str(product_id)).first()
    try:
        es_engine.client().indices.refresh(index=es_engine.alias())
        hit = es_engine.client().get(index=es_engine.alias(), id=es_engine._doc_id("product", product_id, ""))
        es_title = hit["_source"]["display"]["zh-hans"]["title"]
    except Exception as exc:  # noqa: BLE001 - reported
        es_title = f"<{exc.__class__.__name__}>"
    return {"name": Product.objects.get(pk=product_id).name_zh, "database": doc.title if doc else None, "es": es_title}


@command
def await_outbox(since_id: int = 0, timeout: float = 120):
    """Poll until the outbox messages after ``since_id`` are done (or given up) and Elasticsearch == database."""
    from portal.models import OutboxMessage

    started = time.monotonic()
    while True:
        pending = OutboxMessage.objects.filter(pk__gt=since_id, done_at__isnull=True, gave_up_at__isnull=True).count()
        state = _index_state()
        if (not pending and state["equal"]) or time.monotonic() - started > timeout:
            break
        time.sleep(1)
    failures = list(
        OutboxMessage.objects.filter(pk__gt=since_id, attempts__gt=0).values_list("effect", "last_error")[:5]
    )
    return {
        **state,
        "pending_since": pending,
        "seconds": round(time.monotonic() - started, 1),
        "retried": OutboxMessage.objects.filter(pk__gt=since_id, attempts__gt=0).count(),
        "failures": failures,
    }


# --- What the drills check ------------------------------------------------------------------------


@command
def invariants():
    """No half-written records: each product has its revision, each case submission its first step, etc."""
    from cases.models import CaseSubmission
    from catalog.models import Product

    problems = []
    no_revision = Product.objects.filter(latest_revision__isnull=True).count()
    if no_revision:
        problems.append(f"{no_revision} product(s) without a revision")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM catalog_product p LEFT JOIN wagtailcore_revision r ON r.id = p.latest_revision_id "
            "WHERE r.id IS NULL"
        )
        missing = cursor.fetchone()[0]
    if missing:
        problems.append(f"{missing} product(s) pointing at no revision row")
    live_unapproved = Product.objects.filter(live=True, moderation_status="draft", live_revision__isnull=True).count()
    if live_unapproved:
        problems.append(f"{live_unapproved} live product(s) without a live revision")
    no_basics = CaseSubmission.objects.filter(title="").count()
    if no_basics:
        problems.append(f"{no_basics} case submission(s) without their first step")
    drift = _database_drift()
    if drift:
        problems.append(f"{drift} object(s) whose database index documents differ from their data")
    return {
        "problems": problems,
        "products": Product.objects.count(),
        "case_submissions": CaseSubmission.objects.count(),
    }


def _database_fingerprints() -> dict[str, str]:
    from search.engines import elasticsearch as es_engine
    from search.models import SearchDocument

    return {
        es_engine._doc_id(t, o, lang): fp
        for t, o, lang, fp in SearchDocument.objects.values_list("doc_type", "object_id", "language", "fingerprint")
    }


def _checksum(prints: dict[str, str]) -> str:
    return hashlib.sha256("\n".join(f"{k} {v}" for k, v in sorted(prints.items())).encode()).hexdigest()[:16]


def _database_drift() -> int:
    """Objects whose database documents differ from what their data builds now."""
    from search import declarations
    from search.indexing import fingerprint
    from search.models import SearchDocument

    drift = 0
    for dt in declarations.document_types():
        indexed: dict[str, dict[str, str]] = {}
        for object_id, language, print_ in SearchDocument.objects.filter(doc_type=dt.name).values_list(
            "object_id", "language", "fingerprint"
        ):
            indexed.setdefault(object_id, {})[language] = print_
        seen = set()
        for instance in dt.queryset().iterator(chunk_size=500):
            seen.add(str(instance.pk))
            if indexed.get(str(instance.pk), {}) != {e.language: fingerprint(e) for e in dt.build(instance)}:
                drift += 1
        drift += len(set(indexed) - seen)
    return drift


def _index_state() -> dict:
    from portal.models import OutboxMessage
    from search.engines import elasticsearch as es_engine
    from search.indexing import elasticsearch_enabled

    database = _database_fingerprints()
    try:
        if not elasticsearch_enabled():  # the database engine alone: nothing to compare
            es, es_error = dict(database), ""
        else:
            es_engine.client().indices.refresh(index=es_engine.alias())
            es = es_engine.indexed_fingerprints()
            es_error = ""
    except Exception as exc:  # noqa: BLE001 - reported
        es, es_error = {}, f"{exc.__class__.__name__}"
    pending = OutboxMessage.objects.filter(done_at__isnull=True, gave_up_at__isnull=True)
    search_pending = pending.filter(effect="search.sync_elasticsearch").count()
    return {
        "search_pending": search_pending,
        "database_docs": len(database),
        "es_docs": len(es),
        "database_checksum": _checksum(database),
        "es_checksum": _checksum(es),
        "equal": database == es and not es_error,
        "es_error": es_error,
        "outbox_pending": pending.count(),
        "outbox_pending_by_effect": dict(Counter(pending.values_list("effect", flat=True))),
        "gave_up": OutboxMessage.objects.filter(gave_up_at__isnull=False).count(),
    }


@command
def index_state(drift: bool = True):
    state = _index_state()
    if drift:
        state["database_drift"] = _database_drift()
    return state


@command
def wait_index(timeout: float = 60, drift: bool = True):
    """Poll until Elasticsearch holds exactly the database documents and no index update waits; seconds taken."""
    started = time.monotonic()
    state = _index_state()
    while not (state["equal"] and state["search_pending"] == 0) and time.monotonic() - started < timeout:
        time.sleep(1)
        state = _index_state()
    state["seconds"] = round(time.monotonic() - started, 1)
    if drift:
        state["database_drift"] = _database_drift()
    return state


@command
def outbox(since_id: int = 0):
    """Outbox messages after ``since_id``: counts by effect and state, and the e-mail messages' ids."""
    from portal.models import OutboxMessage

    rows = OutboxMessage.objects.filter(pk__gt=since_id)
    by_state: Counter[str] = Counter()
    emails = []
    for message in rows:
        state = "done" if message.done_at else "gave_up" if message.gave_up_at else "pending"
        by_state[f"{message.effect}:{state}"] += 1
        if message.effect.endswith(EMAIL_EFFECTS_SUFFIX):
            emails.append(
                {
                    "id": message.pk,
                    "effect": message.effect,
                    "state": state,
                    "attempts": message.attempts,
                    "error": message.last_error[:200],
                    # One mail of an effect that wrote to several people: key "mail:<that effect's id>:…".
                    "parent": int(message.key.split(":")[1]) if (message.key or "").startswith("mail:") else None,
                }
            )
    last = OutboxMessage.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    return {"by_state": dict(by_state), "emails": emails, "last_id": last}


@command
def last_outbox_id():
    from portal.models import OutboxMessage

    return OutboxMessage.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def main() -> None:
    name = sys.argv[1]
    kwargs = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
    with translation.override(settings.LANGUAGE_CODE):
        result = COMMANDS[name](**kwargs)
    print("DRILL-RESULT " + json.dumps(result, ensure_ascii=False, default=str), flush=True)


if __name__ == "__main__":
    main()
