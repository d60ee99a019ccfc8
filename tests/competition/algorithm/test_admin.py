"""Staff create a task in the admin: hidden labels uploaded into private storage, parsed once on save,
a malformed file refused beside its field; a change of the limits is in the audit trail."""

import pytest
from allauth.mfa.models import Authenticator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from competition.algorithm import audit
from competition.models import AlgorithmTask, Track
from competition.models.algorithm import private_storage
from tests.competition.algorithm.factories import IDS, LABELS, csv_bytes, make_task
from tests.competition.factories import running_competition
from tests.factories import ProjectManagerFactory, StaffFactory

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    Authenticator.objects.get_or_create(user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "test"}})
    client.force_login(user)
    return user


def form(track, labels: bytes, **extra) -> dict:
    return {
        "track": track.pk,
        "title_zh": "运动想象",
        "title_en": "",
        "description_zh": "",
        "description_en": "",
        "n_classes": 2,
        "trial_seconds": "4",
        "hidden_labels": SimpleUploadedFile("labels.csv", labels, content_type="text/csv"),
        "split_seed": 1,
        "public_fraction": "0.5",
        "metric": "kappa",
        "daily_limit": 3,
        "max_finals": 2,
        **extra,
    }


def test_staff_create_a_task_and_the_labels_are_parsed_into_private_storage(client):
    competition = running_competition()
    track = Track.objects.get(competition=competition, kind="algorithm")
    signed_in(client, StaffFactory())
    add = reverse("wagtailsnippets_competition_algorithmtask:add")
    assert client.get(add).status_code == 200
    response = client.post(add, form(track, csv_bytes(zip(IDS, LABELS, strict=True), bom=True, newline="\r\n")))
    assert response.status_code == 302, response.content.decode()[:2000]
    task = AlgorithmTask.objects.get()
    assert task.answer_key == {"ids": IDS, "labels": LABELS}
    assert isinstance(task.hidden_labels.storage, type(private_storage()))  # the private storage (no URL)
    # Outside MEDIA_ROOT under a random name; its only URL is the admin's private-media view.
    assert task.hidden_labels.name.startswith("competition/algorithm/labels/")
    assert not private_storage().is_public(task.hidden_labels.name)


def test_a_malformed_labels_file_is_refused_beside_its_field(client):
    competition = running_competition()
    track = Track.objects.get(competition=competition, kind="algorithm")
    signed_in(client, StaffFactory())
    add = reverse("wagtailsnippets_competition_algorithmtask:add")
    response = client.post(add, form(track, b"trial_id,label\nA,1\nB,7\n"))
    assert response.status_code == 200
    assert "不是有效类别" in response.content.decode()  # the admin speaks the staff member's language
    assert not AlgorithmTask.objects.exists()


def test_a_limit_change_in_the_admin_is_audited_and_project_managers_never_see_tasks(client):
    task = make_task(running_competition(), daily_limit=3)
    staff = signed_in(client, StaffFactory())
    edit = reverse("wagtailsnippets_competition_algorithmtask:edit", args=[task.pk])
    assert client.get(edit).status_code == 200
    data = form(task.track, b"", daily_limit=7, split_seed=7)
    data.pop("hidden_labels")
    assert client.post(edit, data).status_code == 302
    entry = ModelLogEntry.objects.get(action=audit.TASK_CHANGED)
    assert entry.user_id == staff.pk and entry.data["after"] == {"daily_limit": "7"}
    task.refresh_from_db()
    assert task.answer_key["ids"] == IDS  # kept: no new file
    client.logout()
    signed_in(client, ProjectManagerFactory())
    assert client.get(edit).status_code in (302, 403)
    assert client.get(reverse("competition_algorithm:labels", args=[task.pk])).status_code in (302, 403)


def test_the_staff_submissions_page_is_paged(client):
    """Every submission of a task on one page (a form each) grows without bound over a competition
    (teams × daily limit × days): the page shows ``SUBMISSIONS_PER_PAGE``, newest first, and pages on."""
    from competition.algorithm.admin import SUBMISSIONS_PER_PAGE
    from competition.models import Submission
    from tests.competition.factories import TeamFactory

    competition = running_competition()
    task = make_task(competition)
    team = TeamFactory(competition=competition)
    count = SUBMISSIONS_PER_PAGE + 5
    Submission.objects.bulk_create(Submission(team=team, task=task, file="x.csv") for _ in range(count))
    newest = Submission.objects.filter(task=task).order_by("-created_at", "-pk")
    first_pk, last_pk = newest[0].pk, newest[count - 1].pk
    signed_in(client, StaffFactory())
    url = reverse("competition_algorithm:submissions", args=[task.pk])
    first = client.get(url).content.decode()
    assert first.count('action="/admin/competition-algorithm/submissions/') == SUBMISSIONS_PER_PAGE
    assert f"<td>{first_pk}</td>" in first and f"<td>{last_pk}</td>" not in first
    assert 'href="?p=2"' in first  # the way to the next page
    second = client.get(url, {"p": 2}).content.decode()
    assert second.count('action="/admin/competition-algorithm/submissions/') == 5
    assert f"<td>{last_pk}</td>" in second


@pytest.mark.parametrize("junk", ["abc", "1e309", "-"])
def test_a_chosen_record_that_is_no_id_is_refused_beside_its_field_not_a_server_error(client, junk):
    """The form refused it, then Wagtail's chooser, showing the form again, raised on it (a 500)."""
    competition = running_competition()
    track = Track.objects.get(competition=competition, kind="algorithm")
    signed_in(client, StaffFactory())
    add = reverse("wagtailsnippets_competition_algorithmtask:add")
    response = client.post(add, form(track, csv_bytes(zip(IDS, LABELS, strict=True))) | {"track": junk})
    assert response.status_code == 200
    assert not AlgorithmTask.objects.exists()
    track_add = reverse("wagtailsnippets_competition_track:add")
    assert client.post(track_add, {"competition": junk, "name_zh": "赛道"}).status_code == 200


def test_a_task_created_or_renamed_in_the_admin_reaches_the_cached_public_pages_that_show_it(
    client, committing_requests
):
    """The call page links its algorithm track's task and the site map lists the tasks, both cached for
    visitors under the competition's tag: a task made or edited in the admin must clear it."""
    from competition.models import CompetitionPage
    from tests.portal.page_factories import add_child, build_site

    site = build_site(news_items=0)
    competition = running_competition()
    call = add_child(site.home, CompetitionPage(title="2026 大赛", slug="bci-2026", competition=competition))
    visitor = Client()
    for url in (call.url, "/sitemap-algorithm-tasks.xml"):
        visitor.get(url)
        assert visitor.get(url)["X-Public-Cache"] == "hit", url  # the visitor's copy is cached now
    signed_in(client, StaffFactory())
    add = reverse("wagtailsnippets_competition_algorithmtask:add")
    track = Track.objects.get(competition=competition, kind="algorithm")
    assert client.post(add, form(track, csv_bytes(zip(IDS, LABELS, strict=True)))).status_code == 302
    task = AlgorithmTask.objects.get()
    task_url = f"/zh-hans/competition/algorithm/{task.pk}/"
    assert f'href="{task_url}"' in visitor.get(call.url).text
    assert f"<loc>http://testserver{task_url}</loc>" in visitor.get("/sitemap-algorithm-tasks.xml").text
    assert "运动想象" in visitor.get(task_url).text
    visitor.get(task_url)  # asked twice: stored if the page were cacheable at all

    edit = reverse("wagtailsnippets_competition_algorithmtask:edit", args=[task.pk])
    data = form(track, b"", title_zh="运动想象解码（第二版）", split_seed=1)
    data.pop("hidden_labels")
    assert client.post(edit, data).status_code == 302
    assert "运动想象解码（第二版）" in visitor.get(task_url).text
    assert visitor.get(call.url)["X-Public-Cache"] == "miss"  # the edit refreshed the call page too


def test_the_staff_submissions_page_is_headed_by_its_task_not_home(client):
    """The header showed only the breadcrumb 首页 (Home) above a task's submissions: its visible title
    names the task, after the way back to the list of tasks; the list is headed by its own name."""
    task = make_task(running_competition())
    signed_in(client, StaffFactory())
    index = reverse("competition_algorithm:index")
    response = client.get(reverse("competition_algorithm:submissions", args=[task.pk]))
    crumbs = response.context["breadcrumbs_items"]
    assert [crumb["url"] for crumb in crumbs[1:]] == [index, ""]
    assert [str(crumb["label"]) for crumb in crumbs[1:]] == ["算法赛提交", str(task)]
    crumbs = client.get(index).context["breadcrumbs_items"]
    assert [(crumb["url"], str(crumb["label"])) for crumb in crumbs[1:]] == [("", "算法赛提交")]
