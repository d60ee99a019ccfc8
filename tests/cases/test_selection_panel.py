"""The typical-case selection scored by an expert panel (cases.selection, on the judging engine): conflicts from
the case's institutions, nomination of published cases only, confirmation of the top N in both languages with the
case library's cache invalidated, staff only, every step in the selection's history; the admin page; the judge's
scorecard page shows the case."""

from __future__ import annotations

import copy
import datetime

import pytest
from allauth.mfa.models import Authenticator
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

from cases import selection as services
from cases.judging import CaseAdapter
from cases.models import CasePage
from portal.judging import services as judging
from portal.judging.conflicts import conflict_reasons
from portal.judging.models import Assignment, Item
from tests.cases.factories import HospitalFactory, SelectionFactory, build_case_site, make_case, translate_case
from tests.conftest import module_world
from tests.factories import MembershipFactory, ProjectManagerFactory, StaffFactory, UserFactory
from tests.judging.factories import open_scorecard, rubric_with

pytestmark = pytest.mark.django_db


def _build():
    """The case site, a selection, two hospitals and three published cases with English translations: two
    of the first hospital, one of the second."""
    site, hospitals = build_case_site(), (HospitalFactory(), HospitalFactory())
    cases = []
    for hospital in (hospitals[0], hospitals[0], hospitals[1]):
        page = make_case(site.index, institutions=[hospital])
        translate_case(page, site.tree.en)
        cases.append(page)
    return {"site": site, "selection": SelectionFactory(), "hospitals": hospitals, "cases": cases}


world_built = module_world(_build)


@pytest.fixture
def world(world_built):
    """This test's copy of the module's site, selection, hospitals and cases (built once for the module)."""
    return copy.deepcopy(world_built)


@pytest.fixture
def site(world):
    return world["site"]


@pytest.fixture
def selection(world):
    return world["selection"]


@pytest.fixture
def hospitals(world):
    return world["hospitals"]


@pytest.fixture
def cases(world):
    return world["cases"]


def _open(staff, selection, judges, k=1):
    now = timezone.now()
    return services.open_selection_panel(
        actor=staff,
        selection=selection,
        rubric=rubric_with(1, 2),
        judges=judges,
        judges_per_item=k,
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(days=7),
    )


def _score(panel, values_by_case):
    """Every active assignment of the panel submitted, with the case's value for every criterion."""
    criteria = list(panel.rubric.criteria.all())
    for assignment in Assignment.objects.filter(item__panel=panel).select_related("item", "judge"):
        value = values_by_case[assignment.item.subject_id]
        scores = {criterion.pk: (value, "") for criterion in criteria}
        judging.submit_scorecard(judge=assignment.judge, assignment=assignment, version=0, scores=scores)


def test_a_cases_parties_are_its_institutions(cases, hospitals):
    parties = CaseAdapter().parties_for_many(cases)
    assert parties[cases[0].pk].organisation_ids == {hospitals[0].pk}
    assert parties[cases[2].pk].organisation_ids == {hospitals[1].pk}
    assert CaseAdapter().label(cases[0], blind=True) != cases[0].title
    assert CaseAdapter().label(cases[0], blind=False) == cases[0].title


def test_a_cases_labels_in_bulk_are_its_labels(cases):
    """``labels`` (the judge's dashboard, from columns) names each case as ``label`` does; a gone case is left out."""
    ids = [case.pk for case in cases] + [max(case.pk for case in cases) + 1000]
    for language in ("zh-hans", "en"):
        for blind in (True, False):
            with translation.override(language):
                assert CaseAdapter().labels(CasePage, ids, blind=blind) == {
                    case.pk: CaseAdapter().label(case, blind=blind) for case in cases
                }


def test_a_judge_reads_the_case_in_their_language(cases, django_assert_max_num_queries):
    """The panel judges the Chinese page; an English judge reads its English translation, in full too."""
    case, adapter = cases[0], CaseAdapter()
    english = case.get_translations().get()
    with translation.override("en"):
        assert adapter.label(case, blind=False) == english.title == f"Invasive BCI case {case.pk}"
        assert adapter.judge_url(case) == english.url and english.url.startswith("/en/")
        shown = adapter.context(case, blind=False)["case"]
        assert shown.pk == english.pk and shown.summary.startswith("A man with tetraplegia")
        # The scorecard asks for the label, the link and the context: the translation is looked up once.
        fresh = CasePage.objects.get(pk=case.pk)
        with CaptureQueriesContext(connection) as queries:
            adapter.label(fresh, blind=False), adapter.judge_url(fresh), adapter.context(fresh, blind=False)
        assert sum('"translation_key"' in query["sql"] for query in queries.captured_queries) == 1
        with django_assert_max_num_queries(2):
            assert adapter.labels(CasePage, [c.pk for c in cases], blind=False)[case.pk] == english.title
    with translation.override("zh-hans"):
        assert adapter.label(case, blind=False) == case.title and adapter.judge_url(case) == case.url
    untranslated = make_case(case.get_parent(), institutions=[])
    with translation.override("en"):  # no English page: the Chinese one, as before
        assert adapter.label(untranslated, blind=False) == untranslated.title


def test_a_judge_from_a_cases_institution_is_never_assigned_to_it(staff, selection, cases, hospitals):
    insider = MembershipFactory(organisation=hospitals[0]).user
    outsider = UserFactory()
    panel = _open(staff, selection, [insider, outsider])
    report = services.nominate(actor=staff, selection=selection, cases=cases)
    insiders_cases = {c.pk for c in cases[:2]}
    assert not Assignment.objects.filter(judge=insider, item__subject_id__in=insiders_cases).exists()
    assert Assignment.objects.filter(judge=outsider, item__subject_id__in=insiders_cases).count() == 2
    assert not report.uncovered
    item = Item.objects.get(panel=panel, subject_id=cases[0].pk)
    assert conflict_reasons(insider, item)


def test_nominating_an_unpublished_case_is_refused(staff, selection, site, cases):
    draft = make_case(site.index, live=False, title="尚未发布的案例")
    panel = _open(staff, selection, [UserFactory()])
    with pytest.raises(services.SelectionError, match="尚未发布的案例"):
        services.nominate(actor=staff, selection=selection, cases=[cases[0], draft])
    assert not Item.objects.filter(panel=panel).exists()


def test_an_english_case_is_nominated_as_its_chinese_page(staff, selection, site, cases):
    panel = _open(staff, selection, [UserFactory()])
    english = cases[0].get_translation(site.tree.en)
    services.nominate(actor=staff, selection=selection, cases=[english, cases[0]])
    assert list(Item.objects.filter(panel=panel).values_list("subject_id", flat=True)) == [cases[0].pk]


def _library_page(client, site, selection, language):
    index = site.index if language == "zh-hans" else site.index_en
    with translation.override(language):
        return client.get(index.selection_url(selection))


def test_confirming_sets_the_selection_on_the_confirmed_cases_only_in_both_languages(
    staff, selection, site, cases, client, django_capture_on_commit_callbacks
):
    old = make_case(site.index, selections=[selection], title="去年入选的案例")
    panel = _open(staff, selection, [UserFactory(), UserFactory()], k=2)
    services.nominate(actor=staff, selection=selection, cases=cases)
    _score(panel, {cases[0].pk: 9, cases[1].pk: 4, cases[2].pk: 7})
    before = _library_page(client, site, selection, "zh-hans")
    assert "去年入选的案例" in before.text  # remembered by the page cache

    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_selection(actor=staff, selection=selection, case_ids=[cases[0].pk, cases[2].pk])

    chosen = {c.translation_key for c in (cases[0], cases[2])}
    in_selection = CasePage.objects.filter(selections=selection)
    assert {(p.translation_key, p.locale.language_code) for p in in_selection} == {
        (key, language) for key in chosen for language in ("zh-hans", "en")
    }
    assert all(page.live and not page.has_unpublished_changes for page in in_selection)
    old.refresh_from_db()
    assert not old.selections.exists() and old.get_latest_revision().as_object().selections.count() == 0
    after = _library_page(client, site, selection, "zh-hans")
    assert cases[0].title in after.text and cases[2].title in after.text
    assert "去年入选的案例" not in after.text and cases[1].title not in after.text


def test_a_waiting_draft_keeps_its_edits_and_gets_the_selection(staff, selection, cases):
    _open(staff, selection, [UserFactory()])
    services.nominate(actor=staff, selection=selection, cases=cases)
    page = CasePage.objects.get(pk=cases[0].pk)
    page.summary = "草稿中的新摘要"
    page.save_revision(user=staff)
    services.confirm_selection(actor=staff, selection=selection, case_ids=[page.pk])
    page.refresh_from_db()
    assert page.selections.filter(pk=selection.pk).exists() and page.summary != "草稿中的新摘要"
    draft = page.get_latest_revision().as_object()
    assert draft.summary == "草稿中的新摘要" and [s.pk for s in draft.selections.all()] == [selection.pk]


def test_only_nominated_cases_can_be_confirmed(staff, selection, site, cases):
    _open(staff, selection, [UserFactory()])
    services.nominate(actor=staff, selection=selection, cases=cases[:1])
    with pytest.raises(services.SelectionError):
        services.confirm_selection(actor=staff, selection=selection, case_ids=[cases[1].pk])
    with pytest.raises(services.SelectionError):
        services.confirm_selection(actor=staff, selection=selection, case_ids=[])


def test_nothing_without_a_panel_and_one_panel_per_selection(staff, selection, cases):
    with pytest.raises(services.SelectionError):
        services.nominate(actor=staff, selection=selection, cases=cases)
    _open(staff, selection, [UserFactory()])
    with pytest.raises(services.SelectionError):
        _open(staff, selection, [UserFactory()])


@pytest.mark.parametrize("make_user", [UserFactory, ProjectManagerFactory])
def test_only_staff_run_the_selection(staff, selection, cases, make_user):
    someone = make_user()
    with pytest.raises(PermissionDenied):
        _open(someone, selection, [UserFactory()])
    _open(staff, selection, [UserFactory()])
    with pytest.raises(PermissionDenied):
        services.nominate(actor=someone, selection=selection, cases=cases)
    services.nominate(actor=staff, selection=selection, cases=cases)
    with pytest.raises(PermissionDenied):
        services.confirm_selection(actor=someone, selection=selection, case_ids=[cases[0].pk])


def test_every_step_is_in_the_selections_history(staff, selection, cases):
    judge = UserFactory()
    panel = _open(staff, selection, [judge])
    services.nominate(actor=staff, selection=selection, cases=cases)
    _score(panel, {cases[0].pk: 9, cases[1].pk: 4, cases[2].pk: 7})
    services.confirm_selection(actor=staff, selection=selection, case_ids=[cases[0].pk], method="normalised")
    entries = {
        e.action: e for e in ModelLogEntry.objects.filter(object_id=str(selection.pk), action__startswith="cases.")
    }
    assert all(log_registry.action_exists(action) for action in entries)
    opened, nominated, confirmed = (entries[f"cases.selection.{a}"] for a in ("panel_opened", "nominated", "confirmed"))
    assert opened.user == staff and opened.data["after"]["panel"] == panel.pk
    assert opened.data["after"]["judges"] == [judge.pk]
    assert nominated.data["before"] == {"cases": []}
    assert nominated.data["after"] == {"cases": sorted(c.pk for c in cases)}
    assert confirmed.data["before"] == {"cases": []} and confirmed.data["after"] == {"cases": [cases[0].pk]}
    assert confirmed.data["method"] == "normalised" and confirmed.data["ranks"] == {str(cases[0].pk): 1}


# --- the admin page ---------------------------------------------------------------------------


def _admin_client(client, user):
    Authenticator.objects.get_or_create(user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "test"}})
    client.force_login(user)
    return client


def test_the_admin_page_opens_nominates_ranks_and_confirms(client, selection, cases):
    staff = StaffFactory()
    admin = _admin_client(client, staff)
    url = reverse("typical_case_selection_panel", args=[selection.pk])
    first = admin.get(url)
    assert first.status_code == 200 and "open_form" in first.context
    judges = [UserFactory(), UserFactory()]
    now = timezone.localtime()
    response = admin.post(
        f"{url}open/",
        {
            "rubric": rubric_with(1, 1).pk,
            "judges": "\n".join(j.email for j in judges),
            "judges_per_item": 2,
            "opens_at": (now - datetime.timedelta(hours=1)).strftime("%Y-%m-%d %H:%M"),
            "closes_at": (now + datetime.timedelta(days=3)).strftime("%Y-%m-%d %H:%M"),
        },
    )
    assert response.status_code == 302, response.content
    assert admin.post(f"{url}nominate/", {"cases": [c.pk for c in cases]}).status_code == 302
    panel = services.queries.selection_panel(selection)
    _score(panel, {cases[0].pk: 9, cases[1].pk: 4, cases[2].pk: 7})
    page = admin.get(url, {"top": 2, "method": "normalised"})
    assert page.status_code == 200
    ticked = page.context["confirmation_form"].initial["cases"]
    assert ticked == [cases[0].pk, cases[2].pk]
    assert "Normalised rank" in page.text or "标准化排名" in page.text
    response = admin.post(f"{url}confirm/?method=normalised&top=2", {"method": "normalised", "cases": [cases[0].pk]})
    assert response.status_code == 302
    assert list(CasePage.objects.filter(selections=selection, locale__language_code="zh-hans")) == [cases[0]]


def test_the_admin_page_refuses_members_and_lets_project_managers_only_look(client, selection, cases):
    member_client = _admin_client(client, UserFactory())
    url = reverse("typical_case_selection_panel", args=[selection.pk])
    assert member_client.get(url).status_code in (302, 403)
    client.logout()
    manager_client = _admin_client(client, ProjectManagerFactory())
    assert manager_client.get(url).status_code == 200
    assert manager_client.post(f"{url}open/", {}).status_code in (302, 403)


def test_the_judges_scorecard_page_shows_the_case(staff, selection, cases, client):
    judge = UserFactory()
    _open(staff, selection, [judge])
    services.nominate(actor=staff, selection=selection, cases=cases[:1])
    assignment = Assignment.objects.get(judge=judge)
    client.force_login(judge)
    with translation.override("zh-hans"):
        response = client.get(reverse("judging:scorecard", args=[assignment.pk]))
        dashboard = client.get(reverse("judging:dashboard"))
    assert response.status_code == 200
    assert cases[0].summary in response.text and "打字速度" in response.text
    assert cases[0].title in dashboard.text
    # Chinese punctuation on the Chinese page: full-width brackets and colon.
    assert "<li>打字速度（6个月）：每分钟 62 个字符</li>" in response.text


def test_a_nominated_case_taken_offline_leaves_its_judges_until_published_again(staff, selection, cases, client):
    """Staff unpublish a nominated case (consent withdrawn, an error found): its judges no longer get its
    scorecard page (its summary, its outcomes) and it cannot be confirmed; published again, it is back
    before them with their work as it was."""
    judge = UserFactory()
    _open(staff, selection, [judge])
    services.nominate(actor=staff, selection=selection, cases=cases[:2])
    assignment = Assignment.objects.get(item__subject_id=cases[0].pk, judge=judge)

    CasePage.objects.get(pk=cases[0].pk).unpublish()

    assert not Assignment.objects.live().filter(pk=assignment.pk).exists()
    assert open_scorecard(client, judge, assignment).status_code == 404
    with pytest.raises(services.SelectionError):
        services.confirm_selection(actor=staff, selection=selection, case_ids=[cases[0].pk])
    assert Assignment.objects.live().filter(item__subject_id=cases[1].pk).exists()

    CasePage.objects.get(pk=cases[0].pk).get_latest_revision().publish()

    assert Assignment.objects.live().filter(pk=assignment.pk).exists()
    assert open_scorecard(client, judge, assignment).status_code == 200


def test_a_translation_taken_offline_leaves_the_case_before_its_judges(staff, selection, cases):
    """The judges score the Chinese page: taking its English translation offline changes nothing for them."""
    judge = UserFactory()
    _open(staff, selection, [judge])
    services.nominate(actor=staff, selection=selection, cases=cases[:1])

    cases[0].get_translations().get().specific.unpublish()

    assert Assignment.objects.live().filter(item__subject_id=cases[0].pk, judge=judge).exists()
