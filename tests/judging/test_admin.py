"""The judging admin: staff see conflicts explained per pair, run the automatic assignment and
read its report, see raw and normalised ranks side by side, unlock with a reason; members cannot."""

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.users.models import UserProfile

from portal.judging import services
from portal.judging.models import Assignment, Scorecard
from portal.judging.subjects import Parties
from tests.factories import ProjectManagerFactory
from tests.judging.factories import PanelFactory, items, judges, rubric_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def panel(adapter):
    panel = PanelFactory(judges_per_item=2, rubric=rubric_with(1, 1), title_en="Final round")
    panel_judges = judges(panel, 3)
    panel_items = items(panel, 4)
    adapter.parties_by_pk[panel_items[0].subject_id] = Parties(user_ids={panel_judges[0].pk})
    return panel


def test_panel_page_explains_each_conflict(staff_client, panel):
    response = staff_client.get(reverse("judging_admin:panel", args=[panel.pk]))
    assert response.status_code == 200
    judge, item = panel.judges.order_by("user_id").first().user, panel.items.order_by("pk").first()
    with translation.override("zh-hans"):  # the admin speaks the staff member's language (Chinese by default)
        reasons = services.conflict_reasons(judge, item)
    assert reasons and reasons[0] in response.content.decode()


def test_panel_page_lists_a_judges_expertise_in_the_staff_members_language(staff_client, staff, panel):
    from portal.judging.models import JudgeProfile

    judge = panel.judges.order_by("user_id").first().user
    JudgeProfile.objects.update_or_create(user=judge, defaults={"expertise": ["神经外科", "康复医学"]})
    for language, listed in (("zh-hans", "神经外科、康复医学"), ("en", "神经外科, 康复医学")):
        staff.preferred_language = language
        staff.save(update_fields=["preferred_language"])
        assert listed in staff_client.get(reverse("judging_admin:panel", args=[panel.pk])).content.decode()


def test_assign_automatically_shows_the_report(staff_client, panel):
    url = reverse("judging_admin:assign_automatically", args=[panel.pk])
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(url)
    assert response.status_code == 200
    assert response.context["report"].created == 8
    assert Assignment.objects.filter(item__panel=panel).count() == 8


def test_manual_assign_refused_on_conflict_and_unassign(staff_client, panel):
    item = panel.items.order_by("pk").first()
    conflicted = panel.judges.order_by("user_id").first().user
    url = reverse("judging_admin:assign", args=[panel.pk])
    staff_client.post(url, {"item": item.pk, "judge": conflicted.pk})
    assert not Assignment.objects.exists()
    other = panel.judges.order_by("user_id").last().user
    assert staff_client.post(url, {"item": item.pk, "judge": other.pk}).status_code == 302
    assignment = Assignment.objects.get()
    assert staff_client.post(reverse("judging_admin:unassign", args=[assignment.pk])).status_code == 302
    assert not Assignment.objects.exists()


def test_results_side_by_side_and_unlock(staff_client, panel, staff):
    services.assign_automatically(panel, actor=staff)
    for n, assignment in enumerate(Assignment.objects.filter(item__panel=panel).select_related("judge")):
        scores = {c.pk: (n % 10, "") for c in panel.rubric.criteria.all()}
        services.submit_scorecard(judge=assignment.judge, assignment=assignment, version=0, scores=scores)
    for method in ("raw", "normalised", "junk"):
        response = staff_client.get(reverse("judging_admin:results", args=[panel.pk]), {"method": method})
        assert response.status_code == 200
    assert [row.rank for row in response.context["results"]] == [1, 2, 3, 4]
    card = Scorecard.objects.first()
    unlock = reverse("judging_admin:unlock", args=[card.pk])
    assert staff_client.get(unlock).status_code == 200
    assert staff_client.post(unlock, {"reason": ""}).status_code == 400  # the service wants a reason
    assert staff_client.post(unlock, {"reason": "评委录入错误"}).status_code == 302
    assert not Scorecard.objects.get(pk=card.pk).is_submitted
    history = staff_client.get(reverse("judging_admin:history", args=[panel.pk]))
    assert history.status_code == 200 and "评委录入错误" in history.content.decode()


def test_the_ranking_says_which_items_not_all_judges_have_scored_yet(staff_client, panel, staff):
    """Each item's scores are counted against its judges: an item ranked on one of its two judges
    (its means may still move) is marked, beside the items every judge has scored."""
    services.assign_automatically(panel, actor=staff)
    assignments = list(Assignment.objects.filter(item__panel=panel).select_related("judge").order_by("item", "pk"))
    waiting = assignments[-1]
    for assignment in assignments[:-1]:
        scores = {c.pk: (7, "") for c in panel.rubric.criteria.all()}
        services.submit_scorecard(judge=assignment.judge, assignment=assignment, version=0, scores=scores)
    response = staff_client.get(reverse("judging_admin:results", args=[panel.pk]))
    rows = {row.item.pk: row for row in response.context["results"]}
    assert [(row.count, row.expected, row.incomplete) for row in rows.values()].count((2, 2, False)) == 3
    assert (rows[waiting.item_id].count, rows[waiting.item_id].incomplete) == (1, True)
    page = response.content.decode()
    assert page.count("2 / 2 份") == 3 and page.count("1 / 2 份") == 1 and page.count("<strong>未评完</strong>") == 1
    UserProfile.objects.update_or_create(user=staff, defaults={"preferred_language": "en"})
    english = staff_client.get(reverse("judging_admin:results", args=[panel.pk])).content.decode()
    assert english.count("2 of 2") == 3 and "1 of 2 <strong>Not all in</strong>" in english


def test_the_judging_tables_scroll_in_a_box_the_keyboard_reaches(staff_client, panel, staff):
    """On a phone the admin cut off what stood past the screen's edge (a panel's conflicts, a ranking's
    last columns, the history's changes): each table is in a scrolling box (static/portal/admin.css)
    that takes the focus and is named, for the keyboard and screen readers."""
    from bs4 import BeautifulSoup

    services.assign_automatically(panel, actor=staff)
    pages = ["index", "panel", "assign_automatically", "results", "history"]
    for name in pages:
        url = reverse(f"judging_admin:{name}", args=[] if name == "index" else [panel.pk])
        response = staff_client.post(url) if name == "assign_automatically" else staff_client.get(url)
        soup = BeautifulSoup(response.content, "html.parser")
        tables = soup.select("main table.listing")
        assert tables, name
        for table in tables:
            box = table.parent
            assert "portal-table-scroll" in box.get("class", []), f"{name}: a table outside a scrolling box"
            assert box["tabindex"] == "0" and box["role"] == "group", name
            label = box.get("aria-label") or soup.find(id=box["aria-labelledby"]).get_text(strip=True)
            assert label, name
    # A judge's unlock is a button as the Remove beside it, not a 16 px inline link.
    assignment = Assignment.objects.filter(item__panel=panel).select_related("judge").first()
    scores = {criterion.pk: (5, "") for criterion in panel.rubric.criteria.all()}
    services.submit_scorecard(judge=assignment.judge, assignment=assignment, version=0, scores=scores)
    soup = BeautifulSoup(staff_client.get(reverse("judging_admin:panel", args=[panel.pk])).content, "html.parser")
    unlocks = soup.select("a[href*='/scorecards/']")
    assert unlocks and all("button" in link["class"] for link in unlocks)


def test_project_managers_look_but_do_not_act(client, panel):
    manager = ProjectManagerFactory()
    client.force_login(manager)
    assert client.get(reverse("judging_admin:results", args=[panel.pk])).status_code == 200
    assert client.post(reverse("judging_admin:assign_automatically", args=[panel.pk])).status_code in (302, 403)
    assert not Assignment.objects.exists()


def test_members_are_kept_out(client, panel, user):
    client.force_login(user)
    for name in ("index",):
        assert client.get(reverse(f"judging_admin:{name}")).status_code in (302, 403)
    assert client.get(reverse("judging_admin:results", args=[panel.pk])).status_code in (302, 403)


def test_rubric_snippet_listing(staff_client, panel):
    assert staff_client.get(reverse("wagtailsnippets_judging_rubric:list")).status_code == 200
    assert staff_client.get(reverse("wagtailsnippets_judging_rubric:edit", args=[panel.rubric.pk])).status_code == 200


def test_panel_settings_edit_only(staff_client, panel):
    edit = reverse("judging_panel_settings:edit", args=[panel.pk])
    response = staff_client.get(edit)
    assert response.status_code == 200
    assert staff_client.get(reverse("judging_panel_settings:index")).status_code == 200
    assert staff_client.get(reverse("judging_panel_settings:add")).status_code in (302, 403)
    assert staff_client.get(reverse("judging_panel_settings:delete", args=[panel.pk])).status_code in (302, 403)


def test_conflict_declarations_snippet(staff_client):
    assert staff_client.get(reverse("wagtailsnippets_judging_conflictdeclaration:list")).status_code == 200
    assert staff_client.get(reverse("wagtailsnippets_judging_conflictdeclaration:add")).status_code == 200


def test_unlock_refuses_control_characters_and_keeps_the_reason(staff_client, panel, staff):
    """A NUL byte in the reason reached the audit log (PostgreSQL: DataError, a 500); a refused
    reason came back as an empty box."""
    services.assign_automatically(panel, actor=staff)
    assignment = Assignment.objects.filter(item__panel=panel).select_related("judge").first()
    scores = {c.pk: (5, "") for c in panel.rubric.criteria.all()}
    services.submit_scorecard(judge=assignment.judge, assignment=assignment, version=0, scores=scores)
    card = Scorecard.objects.get(assignment=assignment)
    unlock = reverse("judging_admin:unlock", args=[card.pk])

    response = staff_client.post(unlock, {"reason": "评委\x00录入错误"})

    assert response.status_code == 400
    assert response.context["form"].has_error("reason", "null_characters_not_allowed")
    assert Scorecard.objects.get(pk=card.pk).is_submitted

    too_long = "理由" * 1001
    response = staff_client.post(unlock, {"reason": too_long})
    assert response.status_code == 400
    assert too_long in response.content.decode()
    assert Scorecard.objects.get(pk=card.pk).is_submitted


@pytest.mark.django_db
def test_an_item_is_named_by_its_model_in_the_readers_language():
    """The site history named judged items "organisation #12" (the content type's code)."""
    item = items(PanelFactory(rubric=rubric_with(1)), 1)[0]
    with translation.override("zh-hans"):
        assert str(item) == f"机构 #{item.subject_id}"
    with translation.override("en"):
        assert str(item) == f"organisation #{item.subject_id}"


def test_removing_a_judge_with_draft_scores_asks_first_and_says_the_draft_goes(staff_client, panel, staff):
    """'Remove' beside a judge on the panel's page deleted the assignment in one click, and with it the
    judge's draft scorecard (scores and comments typed, not yet submitted). It now opens a page that
    names the judge and the item and says the draft is deleted; the removal is its form's POST."""
    services.assign_automatically(panel, actor=staff)
    assignment = Assignment.objects.filter(item__panel=panel).select_related("judge").first()
    scores = {c.pk: (7, "") for c in panel.rubric.criteria.all()}
    services.save_scorecard(judge=assignment.judge, assignment=assignment, version=0, scores=scores, comment="草稿")
    url = reverse("judging_admin:unassign", args=[assignment.pk])
    panel_page = staff_client.get(reverse("judging_admin:panel", args=[panel.pk])).content.decode()
    assert f'href="{url}"' in panel_page  # a link to the page that asks, no one-click form
    assert f'action="{url}"' not in panel_page
    for language, said in (("zh-hans", "草稿将被删除"), ("en", "draft scorecard is deleted")):
        UserProfile.objects.update_or_create(user=staff, defaults={"preferred_language": language})
        page = staff_client.get(url)
        assert page.status_code == 200
        text = page.content.decode()
        assert assignment.judge.email in text and said in text
        assert f'action="{url}"' in text
    assert Assignment.objects.filter(pk=assignment.pk).exists()  # looking deletes nothing
    assert staff_client.post(url).status_code == 302
    assert not Assignment.objects.filter(pk=assignment.pk).exists()
    assert not Scorecard.objects.filter(assignment_id=assignment.pk).exists()
