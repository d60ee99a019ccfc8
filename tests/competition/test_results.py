"""Results of the competition (issue #13): the staff ranking (raw and normalised side by side),
awards hidden until published, the public results page, the loop into the catalogue, the XLSX export.

``scored_round`` (shared with ``test_advancement`` and ``test_audit_trail``) opens a preliminary
round of the medical track with four eligible entries and three judges, and has every judge
submit a scorecard on every entry through the engine's own services.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from catalog.models import Product
from competition import exports, rounds
from competition import search as competition_search
from competition.models import CompetitionPage, ResultsPublication
from competition.results import loop, services
from competition.results import queries as results_queries
from competition.vocabulary import CompetitionStatus, EntryStatus, StageKind
from portal import personal_data
from portal.judging import queries as judging_queries
from portal.judging import scorecards
from portal.judging.models import Assignment
from portal.organisations import services as organisation_services
from portal.organisations import verification
from tests.competition.factories import EntryFactory, TeamFactory, close_submissions, running_competition
from tests.concurrency import race
from tests.factories import MembershipFactory, OrganisationFactory, ProjectManagerFactory, StaffFactory, UserFactory
from tests.judging.factories import rubric_with
from tests.portal.page_factories import add_child, build_site

pytestmark = pytest.mark.django_db

#: Each judge's score (0–10, every criterion) for entries 0..3: judge 0 lenient, judge 2 harsh.
SCORES = [[10, 9, 8, 6], [7, 8, 5, 4], [3, 2, 4, 1]]


@dataclass
class Scored:
    competition: object
    stage: object
    track: object
    judging_round: object
    entries: list
    judges: list
    staff: object


def admin_login(client, user) -> None:
    """Sign ``user`` in to the admin (staff need an authenticator: ``StaffMFARequiredMiddleware``)."""
    Authenticator.objects.get_or_create(user=user, type=Authenticator.Type.TOTP, defaults={"data": {}})
    client.force_login(user)


def open_scoring(panel) -> None:
    """Open the panel's scoring window now (the factories' preliminary stage opens in days)."""
    now = timezone.now()
    type(panel).objects.filter(pk=panel.pk).update(
        scoring_opens_at=now - datetime.timedelta(hours=1), scoring_closes_at=now + datetime.timedelta(days=1)
    )


def submit(judge, entry, value) -> None:
    assignment = Assignment.objects.get(judge=judge, item__subject_id=entry.pk)
    criteria = assignment.item.panel.rubric.criteria.all()
    scores = {criterion.pk: (value, "") for criterion in criteria}
    scorecards.submit_scorecard(judge=judge, assignment=assignment, version=0, scores=scores)


def scored_round(*, scores=SCORES, organisation=None, first=None, year=2026) -> Scored:
    """``first``: an eligible entry of the medical track to stand first (the others are made)."""
    competition = running_competition(year=year)
    stage = competition.stages.get(kind=StageKind.PRELIMINARY)
    track = competition.tracks.get(slug="medical")
    entries = [first] if first is not None else []
    for i in range(len(entries), len(scores[0])):
        team = TeamFactory(competition=competition, organisation=organisation if i == 0 else None)
        entries.append(EntryFactory(team=team, track=track, status=EntryStatus.ELIGIBLE, title=f"作品{i}"))
    judges = [UserFactory() for _ in scores]
    staff = StaffFactory()
    judging_round, _report = rounds.open_round(
        actor=staff, stage=stage, track=track, rubric=rubric_with(1, 1), judges=judges, judges_per_item=len(judges)
    )
    open_scoring(judging_round.panel)
    for judge, row in zip(judges, scores, strict=True):
        for entry, value in zip(entries, row, strict=True):
            if value is not None:
                submit(judge, entry, value)
    return Scored(competition, stage, track, judging_round, entries, judges, staff)


def test_the_ranking_shows_raw_and_normalised_means_and_ranks_progress_and_the_chart(client):
    scored = scored_round()
    admin_login(client, scored.staff)
    url = reverse("competition_results:round", args=[scored.judging_round.pk])
    response = client.get(url, {"method": "raw"})
    assert response.status_code == 200
    content = response.content.decode()
    for row in judging_queries.results(scored.judging_round.panel, method="raw"):
        assert f"{row.raw_mean:.2f}" in content and f"{row.normalised_mean:.3f}" in content
    with translation.override(response.wsgi_request.LANGUAGE_CODE):  # the admin's language
        progress = translation.gettext("Progress: %(submitted)s of %(assigned)s scorecards submitted (%(percent)s%%).")
    assert progress % {"submitted": 12, "assigned": 12, "percent": 100} in content
    assert 'id="judge-distribution-data"' in content and 'data-chart="judge-scatter"' in content
    assert "portal/charts.js" in content
    assert 'data-refresh="30"' in content and "results_refresh.js" in content
    assert "<script>" not in content.split('id="judge-distribution-data"')[0].rsplit("</head>", 1)[-1]
    chart = response.context["chart"]
    assert len(chart["judges"]) == 3 and len(chart["points"]) == 12


def test_the_ranking_is_paged_and_names_only_the_entries_it_shows(client, monkeypatch):
    monkeypatch.setattr(results_queries, "RANKING_PER_PAGE", 3)
    scored = scored_round()  # four entries: 作品0 first, 作品3 last by either method
    admin_login(client, scored.staff)
    url = reverse("competition_results:round", args=[scored.judging_round.pk])
    first = client.get(url, {"method": "raw"})
    assert first.status_code == 200
    assert [row.entry.title for row in first.context["rows"]] == ["作品0", "作品1", "作品2"]
    assert "作品3" not in first.content.decode() and "?method=raw&amp;p=2" in first.content.decode()
    second = client.get(url, {"method": "raw", "p": 2})
    assert [(row.rank, row.entry.title) for row in second.context["rows"]] == [(4, "作品3")]
    assert len(second.context["chart"]["points"]) == 12  # every judge's scores, whichever page
    for hostile in ("abc", "0", "-1", "999999", ""):  # Django's paginator: the first or the last page
        assert client.get(url, {"p": hostile}).status_code == 200


def test_a_ranking_page_reads_the_same_queries_however_many_entries_it_pages():
    def counted(scored, page) -> int:
        with CaptureQueriesContext(connection) as captured:
            results_queries.ranking(scored.judging_round, method="raw", page=page)
        return len(captured)

    small = scored_round(scores=[[5, 6], [7, 8]])
    large = scored_round(scores=[[5, 6, 7, 8, 9, 4], [7, 8, 3, 2, 1, 6]], year=2027)
    assert counted(small, 1) == counted(large, 1) == counted(large, 2) == _ranking_queries(large)


def test_a_project_manager_looks_a_member_is_refused(client):
    scored = scored_round(scores=[[5, 6]])
    url = reverse("competition_results:round", args=[scored.judging_round.pk])
    admin_login(client, ProjectManagerFactory())
    assert client.get(url).status_code == 200
    client.force_login(UserFactory())
    assert client.get(url).status_code in (302, 403)


def _award_and_publish(scored):
    award = services.record_award(
        actor=scored.staff, entry=scored.entries[0], prize_zh="一等奖", prize_en="First prize"
    )
    return award


def test_results_are_hidden_until_published_then_public(client, django_capture_on_commit_callbacks):
    scored = scored_round(scores=[[9, 3]])
    _award_and_publish(scored)
    url = reverse("competition:results", kwargs={"slug": scored.competition.slug})
    assert client.get(url).status_code == 404  # not published: a 404 for the public
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    admin_login(client, scored.staff)
    preview = client.get(url)
    assert preview.status_code == 200 and "一等奖" in preview.content.decode()
    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        close_submissions(scored.competition)
        services.publish_results(actor=scored.staff, competition=scored.competition)
    for language, prize in (("zh-hans", "一等奖"), ("en", "First prize")):
        with translation.override(language):
            page = client.get(reverse("competition:results", kwargs={"slug": scored.competition.slug}))
        assert page.status_code == 200 and prize in page.content.decode() and "作品0" in page.content.decode()
    services.publish_results(actor=scored.staff, competition=scored.competition)  # again: nothing changes


def test_publishing_needs_awards_and_staff():
    scored = scored_round(scores=[[9, 3]])
    with pytest.raises(services.ResultsError):
        services.publish_results(actor=scored.staff, competition=scored.competition)
    with pytest.raises(PermissionDenied):
        services.publish_results(actor=UserFactory(), competition=scored.competition)


def test_results_are_published_only_after_the_submission_deadline():
    """Before it a team could still change its entry, and on the algorithm track tune its files to the
    private leaderboard that publishing reveals."""
    scored = scored_round(scores=[[9, 3]])
    _award_and_publish(scored)
    for language, sentence in (("zh-hans", "提交截止"), ("en", "publish the results after the deadline")):
        with translation.override(language), pytest.raises(services.ResultsError) as refused:
            services.publish_results(actor=scored.staff, competition=scored.competition)
        assert sentence in str(refused.value)
    assert not ResultsPublication.objects.filter(competition=scored.competition).exists()
    close_submissions(scored.competition)
    assert services.publish_results(actor=scored.staff, competition=scored.competition).pk


def test_the_api_shows_no_scores_or_ranks():
    scored = scored_round(scores=[[9, 3]])
    _award_and_publish(scored)
    response = Client().get(f"/api/v1/competitions/{scored.competition.slug}/")
    assert response.status_code == 200
    body = response.json()
    assert "一等奖" not in str(body) and "rank" not in str(body) and "score" not in str(body)


def test_a_winner_becomes_a_draft_product_of_its_enterprise():
    enterprise = OrganisationFactory()
    scored = scored_round(scores=[[9, 3]], organisation=enterprise)
    captain = scored.entries[0].team.created_by
    MembershipFactory(organisation=enterprise, user=captain)
    award = _award_and_publish(scored)
    product = loop.make_product(actor=scored.staff, award=award)
    assert product.organisation == enterprise and not product.live and product.name_zh == "作品0"
    award.refresh_from_db()
    assert award.product == product
    assert loop.make_product(actor=scored.staff, award=award) == product  # twice: the same draft
    assert Product.objects.filter(organisation=enterprise).count() == 1


def test_no_product_without_an_enterprise():
    scored = scored_round(scores=[[9, 3]])  # the winning team entered on behalf of no organisation
    award = _award_and_publish(scored)
    with translation.override("en"), pytest.raises(services.ResultsError, match="enterprise"):
        loop.make_product(actor=scored.staff, award=award)
    award.refresh_from_db()
    assert award.product is None


def test_the_xlsx_export_has_entries_scores_results_and_inert_formulas(client):
    scored = scored_round(scores=[[9, 3], [7, 5]])
    entry = scored.entries[1]
    type(entry).objects.filter(pk=entry.pk).update(title='=HYPERLINK("http://evil.example","x")')
    _award_and_publish(scored)
    admin_login(client, scored.staff)
    response = client.get(reverse("competition_results:export", args=[scored.competition.pk]))
    assert response.status_code == 200 and response["Content-Type"] == exports.XLSX
    workbook = load_workbook(io.BytesIO(response.content))
    entries, aggregated, per_judge, results = (workbook[name] for name in workbook.sheetnames)
    assert entries.max_row == 3 and aggregated.max_row == 3 and per_judge.max_row == 5 and results.max_row == 2
    titles = [cell for row in entries.iter_rows(min_row=2) for cell in row if "HYPERLINK" in str(cell.value)]
    assert titles and all(cell.data_type == "s" for cell in titles)
    raw = [row[3].value for row in aggregated.iter_rows(min_row=2)]
    assert all(isinstance(value, int | float) for value in raw)  # numbers stay numbers
    assert client.get(reverse("competition_results:export", args=[scored.competition.pk])).status_code == 200
    client.force_login(UserFactory())
    assert client.get(reverse("competition_results:export", args=[scored.competition.pk])).status_code in (302, 403)


def _ranking_queries(scored) -> int:
    with CaptureQueriesContext(connection) as captured:
        results_queries.ranking(scored.judging_round, method="normalised")
    return len(captured)


def test_the_ranking_costs_the_same_queries_however_many_entries():
    small = _ranking_queries(scored_round(scores=[[5, 6], [7, 8]]))
    large = _ranking_queries(scored_round(scores=[[5, 6, 7, 8, 9, 4], [7, 8, 3, 2, 1, 6]], year=2027))
    assert small == large


def test_publishing_e_mails_each_winning_team_once_in_its_members_language(django_capture_on_commit_callbacks):
    scored = scored_round(scores=[[9, 3]])
    _award_and_publish(scored)
    winner = scored.entries[0].team.created_by
    winner.preferred_language = "en"
    winner.save(update_fields=["preferred_language"])
    with django_capture_on_commit_callbacks(execute=True):
        close_submissions(scored.competition)
        services.publish_results(actor=scored.staff, competition=scored.competition)
    assert [message.to for message in mail.outbox] == [[winner.email]]
    (message,) = mail.outbox
    assert "won an award" in message.subject and "First prize" in message.body and "place 1" in message.body
    assert f"/competition/{scored.competition.slug}/results/" in message.body
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_results(actor=scored.staff, competition=scored.competition)  # again: no second e-mail
    assert len(mail.outbox) == 1


def test_every_results_admin_page_shows_its_title_and_the_way_back_in_the_breadcrumbs(client):
    """The admin header shows the breadcrumbs, the page's title last (the <h1> is for screen readers only):
    without them every results page was headed "Home" and a round had no link back to its competition."""
    scored = scored_round()
    admin_login(client, scored.staff)
    competition, entry = scored.competition, scored.entries[0]
    index = reverse("competition_results:index")
    competition_url = reverse("competition_results:competition", args=[competition.pk])
    pages = [
        (reverse("competition_results:round", args=[scored.judging_round.pk]), str(scored.judging_round)),
        (reverse("competition_results:open_round", args=[competition.pk]), "Open a judging round"),
        (reverse("competition_results:award", args=[entry.pk]), "Record an award"),
        (reverse("competition_results:entry_trail", args=[entry.pk]), "Audit trail"),
        (reverse("competition_results:competition_trail", args=[competition.pk]), "Audit trail"),
    ]
    with translation.override("en"):
        for url, title in pages:
            response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
            assert response.status_code == 200, url
            crumbs = response.context["breadcrumbs_items"]
            assert [crumb["url"] for crumb in crumbs[1:3]] == [index, competition_url], url
            assert crumbs[-1] == {"url": "", "label": title}, url
        response = client.get(competition_url)
        crumbs = response.context["breadcrumbs_items"]
        assert [crumb["url"] for crumb in crumbs[1:]] == [index, ""]
        assert crumbs[-1]["label"] == str(competition)
        # The incubator exists: a winner's start-up is added to its pipeline (the page said it could not be).
        assert f'<a href="{reverse("incubator_pipeline:discover")}">将其加入管线</a>' in response.text


@pytest.mark.parametrize(
    ("advanced", "before"), [(True, EntryStatus.ADVANCED), (False, EntryStatus.ELIGIBLE)], ids=["finalist", "direct"]
)
def test_the_team_sees_its_award_only_once_the_results_are_published(
    client, django_capture_on_commit_callbacks, advanced, before
):
    """Until publication the awards are staff's: the winning team's pages (and its personal-data export)
    show the status the entry had before the award, "Advanced" for a finalist, else "Eligible"."""
    scored = scored_round(scores=[[9, 3]])
    entry = scored.entries[0]
    if advanced:
        final = scored.competition.stages.get(kind=StageKind.FINAL)
        rounds.open_round(actor=scored.staff, stage=final, track=scored.track, rubric=rubric_with(1), judges=[])
        services.advance(actor=scored.staff, judging_round=scored.judging_round, top=1)
    _award_and_publish(scored)
    captain = entry.team.created_by
    client.force_login(captain)
    label = {EntryStatus.ADVANCED: "Advanced", EntryStatus.ELIGIBLE: "Eligible"}[before]

    def shown():
        with translation.override("en"):
            pages = (
                reverse("competition:my_competition"),
                reverse("competition:entry_detail", args=[entry.pk]),
                reverse("competition:team_detail", args=[entry.team.pk]),
            )
            return [client.get(url).content.decode() for url in pages]

    for html in shown():
        assert label in html and "Awarded" not in html
    export = personal_data._authored(captain)["competition_entries"]
    assert [row["shown_status"] for row in export] == [before]
    with django_capture_on_commit_callbacks(execute=True):
        close_submissions(scored.competition)
        services.publish_results(actor=scored.staff, competition=scored.competition)
    for html in shown():
        assert "Awarded" in html
    assert personal_data._authored(captain)["competition_entries"][0]["shown_status"] == EntryStatus.AWARDED


def test_the_public_results_name_only_an_organisation_staff_verified(client, django_capture_on_commit_callbacks):
    """A team may enter for an organisation still awaiting verification: its name stays off the public
    results (page, API, search) as everything such an organisation publishes does, until staff verify it."""
    organisation = OrganisationFactory(name_zh="冒名医院", name_en="Impostor Hospital", verification_status="pending")
    competition = running_competition()
    captain = MembershipFactory(organisation=organisation).user
    team = TeamFactory(competition=competition, organisation=organisation, created_by=captain)
    entry = EntryFactory(team=team, track=competition.tracks.get(slug="medical"), status=EntryStatus.ELIGIBLE)
    staff = StaffFactory()
    services.record_award(actor=staff, entry=entry, prize_zh="一等奖", prize_en="First prize")
    close_submissions(competition)
    services.publish_results(actor=staff, competition=competition)

    api = client.get(f"/api/v1/competitions/{competition.slug}/results/").json()
    assert [(award["organisation_zh"], award["organisation_en"]) for award in api["awards"]] == [(None, None)]
    page = client.get(reverse("competition:results", kwargs={"slug": competition.slug})).content.decode()
    assert team.name in page and "冒名医院" not in page
    (document,) = competition_search.build(entry)
    indexed = " ".join([*document.text.values(), *(str(shown) for shown in document.display.values())])
    assert "public" in document.audiences and "冒名医院" not in indexed and "Impostor" not in indexed

    with django_capture_on_commit_callbacks(execute=True):
        verification.verify_organisation(staff=staff, organisation=organisation)
    assert "冒名医院" in client.get(reverse("competition:results", kwargs={"slug": competition.slug})).text


def test_the_cached_results_page_follows_a_rename_of_a_winners_organisation(client, django_capture_on_commit_callbacks):
    organisation = OrganisationFactory(name_zh="旧名科技有限公司")
    competition = running_competition()
    team = TeamFactory(competition=competition, organisation=organisation)
    entry = EntryFactory(team=team, track=competition.tracks.get(slug="medical"), status=EntryStatus.ELIGIBLE)
    staff = StaffFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.record_award(actor=staff, entry=entry, prize_zh="一等奖")
        close_submissions(competition)
        services.publish_results(actor=staff, competition=competition)
    url = reverse("competition:results", kwargs={"slug": competition.slug})
    assert "旧名科技有限公司" in client.get(url).text
    assert client.get(url).headers.get("X-Public-Cache") == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        organisation_services.update_organisation(
            actor=staff, organisation=organisation, by_staff=True, name_zh="新名科技有限公司"
        )
    page = client.get(url).text
    assert "新名科技有限公司" in page and "旧名科技有限公司" not in page


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_publishing_twice_at_once_publishes_once_without_an_error(postgres_service):
    """A double click (or two staff members): the second publish waits for the first and returns its publication."""
    competition = running_competition()
    entry = EntryFactory(competition=competition, status=EntryStatus.ELIGIBLE)
    staff = StaffFactory()
    services.record_award(actor=staff, entry=entry, prize_zh="一等奖")
    close_submissions(competition)
    first, second = race(
        lambda: services.publish_results(actor=staff, competition=competition),
        lambda: services.publish_results(actor=staff, competition=competition),
    )
    assert isinstance(first, ResultsPublication) and isinstance(second, ResultsPublication), (first, second)
    assert ResultsPublication.objects.filter(competition=competition).count() == 1


def test_withdrawing_an_award_or_the_results_clears_the_cached_public_page(client, django_capture_on_commit_callbacks):
    """The public results page is cached under the app's tag: an award deleted, or the publication
    withdrawn, must leave it at once (not an hour later), as it leaves search and the algorithm boards."""
    scored = scored_round(scores=[[9, 3]])
    with django_capture_on_commit_callbacks(execute=True):
        services.record_award(actor=scored.staff, entry=scored.entries[0], prize_zh="一等奖")
        withdrawn = services.record_award(actor=scored.staff, entry=scored.entries[1], prize_zh="二等奖", rank=2)
        close_submissions(scored.competition)
        services.publish_results(actor=scored.staff, competition=scored.competition)
    url = reverse("competition:results", kwargs={"slug": scored.competition.slug})
    assert "二等奖" in client.get(url).text
    assert client.get(url).headers.get("X-Public-Cache") == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        withdrawn.delete()
    page = client.get(url)
    assert page.status_code == 200 and "一等奖" in page.text and "二等奖" not in page.text
    with django_capture_on_commit_callbacks(execute=True):
        ResultsPublication.objects.filter(competition=scored.competition).delete()
    assert client.get(url).status_code == 404


def test_the_call_page_links_no_results_of_a_draft_competition(rf):
    """A competition set back to draft is hidden from the public (its results page is a 404): the other
    editions' call pages do not name it among the published results either."""
    current = running_competition(year=2027)
    public, hidden = running_competition(year=2025), running_competition(year=2024)
    staff = StaffFactory()
    for competition in (public, hidden):
        _publish_one_award(competition, staff)
    type(hidden).objects.filter(pk=hidden.pk).update(status=CompetitionStatus.DRAFT)
    page = CompetitionPage(title="大赛", competition=current)
    assert page.get_context(rf.get("/"))["past_results"] == [public]


def test_the_results_page_leads_back_to_its_competitions_call_page(client):
    """Its breadcrumbs once went from the home page straight to the results: the call page of that
    competition (its rules, tracks, other editions) was not on the way back."""
    site = build_site(news_items=0)
    competition = running_competition(year=2025)
    call = add_child(site.home, CompetitionPage(title="2025 大赛", slug="bci-2025", competition=competition))
    _publish_one_award(competition, StaffFactory())
    with translation.override("zh-hans"):
        page = client.get(reverse("competition:results", args=[competition.slug]))
    assert page.status_code == 200
    assert f'<a href="{call.url}">2025 大赛</a>' in page.text


def _publish_one_award(competition, staff) -> None:
    """``competition``'s results published, with one first prize in its medical track."""
    entry = EntryFactory(
        team=TeamFactory(competition=competition),
        track=competition.tracks.get(slug="medical"),
        status=EntryStatus.ELIGIBLE,
    )
    services.record_award(actor=staff, entry=entry, prize_zh="一等奖")
    close_submissions(competition)
    services.publish_results(actor=staff, competition=competition)
