"""The demo competitions' teams and entries (``competition.toml``'s archetypes × variants)."""

from __future__ import annotations

import functools
from datetime import timedelta

from competition.models import Award, Entry, ResultsPublication, Team, TeamMembership
from competition.vocabulary import EntryStatus, StageKind, TeamRole
from portal.demo import clock
from portal.demo.people import person_name
from portal.demo.registry import DemoContext
from portal.demo.users import ensure_person
from portal.models import Organisation, User

SUBMITTED_STATUSES = (EntryStatus.SUBMITTED, EntryStatus.ELIGIBLE, EntryStatus.INELIGIBLE, EntryStatus.ADVANCED)


def planned(data: dict) -> list[tuple[dict, int, list[str]]]:
    """(archetype, variant number, [zh, en]) of every entry, track by track."""
    return [
        (archetype, number, variant)
        for archetype in data["archetypes"]
        for number, variant in enumerate(archetype["variants"])
    ]


def captain_email(serial: int) -> str:
    """A demo team captain's address: at example.com, the engine's stand-in for a public mail provider.

    Not at the demo logins' domain: the judge login would then share a non-public domain with
    every team, a conflict of interest with all of them (``portal.judging.conflicts``).
    """
    return f"bci-team-{serial:02d}@example.com"


def _captain(context: DemoContext, serial: int) -> User:
    """A demo team's captain: an account that cannot sign in (only ``team-member`` is a login)."""
    email = captain_email(serial)  # a person's name, not "<team>队长" (team captain)
    user = ensure_person(context, email=email, name=person_name(email), kind="demo team captain")
    return user


def _team(context: DemoContext, competition, name: str, *, captain, organisation=None) -> Team:
    """The team ``name`` of ``competition``; ``captain`` (a user, or a function making one) captains a new one."""
    team = Team.objects.filter(competition=competition, name=name).first()
    context.record("competition team", team is None)
    if team is None:
        captain = captain() if callable(captain) else captain
        team = Team.objects.create(competition=competition, name=name, created_by=captain, organisation=organisation)
        TeamMembership.objects.create(team=team, user=captain, role=TeamRole.CAPTAIN)
    return team


#: How an algorithm entry says its predictions are reproduced (its question ``reproducibility``).
REPRODUCIBILITY = "Python 3.11 与 PyTorch 2.4，随机种子 42；运行 make predictions 生成所提交的预测。（演示数据）"


def _answers(archetype: dict, serial: int, slug: str) -> dict:
    """The entry's answers to its track's questions (``competition.toml``'s ``fields``)."""
    answers = {"team_size": str(3 + serial % 6), "innovation": archetype["summary_zh"]}
    if archetype["track"] == "algorithm":
        return answers | {
            "method": archetype["method_zh"],
            "dataset": archetype["dataset"],
            "repository": f"https://code.example/demo/{slug}",
            "reproducibility": REPRODUCIBILITY,
        }
    return answers | {"bci_type": archetype["bci_type"], "stage": archetype["stage"]}


def _entry(context: DemoContext, team: Team, track, archetype: dict, variant: list[str], **values) -> Entry:
    title = archetype["title_zh"].format(variant[0])
    existing = Entry.objects.filter(team=team, title=title).first()
    context.record("competition entry", existing is None)
    if existing is not None:
        return existing
    return Entry.objects.create(
        competition=team.competition,
        track=track,
        team=team,
        title=title,
        summary=f"{archetype['summary_zh']}本项目面向{variant[0]}。（演示数据）",
        created_by=team.created_by,
        **values,
    )


def _status_fields(status: str, serial: int, data: dict, dates: dict, staff) -> dict:
    """The entry's status and its dates, in Shanghai's working hours (``portal.demo.clock``): submitted
    about every 20 hours from the edition's first submission (all before the deadline), screened over
    the three working days from ``screened_at``."""
    fields = {"status": status}
    key = f"{dates['slug']}:{serial}"
    submitted = clock.at_work(dates["first_submitted_at"] + timedelta(hours=20 * serial), f"{key}:submitted")
    if status in SUBMITTED_STATUSES or status == EntryStatus.WITHDRAWN:
        fields["submitted_at"] = submitted
    if status == EntryStatus.WITHDRAWN:
        fields["withdrawn_at"] = clock.at_work(submitted + timedelta(days=3), f"{key}:withdrawn")
    if status in (EntryStatus.ELIGIBLE, EntryStatus.INELIGIBLE):
        screened = clock.at_work(dates["screened_at"] + timedelta(days=serial % 3), f"{key}:screened")
        fields.update(screened_at=screened, screened_by=staff)
    if status == EntryStatus.INELIGIBLE:
        reasons = data["ineligible_reasons"]
        fields["screening_note"] = reasons[serial % len(reasons)]
    return fields


def load_running(context: DemoContext, competition, data: dict, *, dates: dict, member: User, staff) -> None:
    """63 teams of the 2026 edition, one entry each; ``member`` captains the first (and is in no other
    team of the edition: one team per person, ``competition.teams.services``).

    ``dates`` is the edition's row of ``competition.toml``, moved to the loading day (``timeline``).
    """
    tracks = {track.slug: track for track in competition.tracks.all()}
    places, statuses = data["places"], data["statuses"]
    for serial, (archetype, number, variant) in enumerate(planned(data)):
        place = places[(serial + number * 7) % len(places)]
        name = f"{place[0]}{archetype['team_zh']}"
        organisation = None
        if number == 0 and archetype.get("organisation"):
            organisation = Organisation.objects.filter(slug=archetype["organisation"]).first()
        captain = member if serial == 0 else functools.partial(_captain, context, serial)
        team = _team(context, competition, name, captain=captain, organisation=organisation)
        status = statuses[serial % len(statuses)]
        answers = _answers(archetype, serial, f"{competition.slug}-{serial}")
        fields = _status_fields(status, serial, data, dates, staff)
        _entry(context, team, tracks[archetype["track"]], archetype, variant, answers=answers, **fields)


def load_finished(context: DemoContext, competition, data: dict, *, dates: dict, member: User, staff) -> None:
    """The 2025 edition: the first two archetypes of each track, which won its first and second prizes;
    the results are published (the public results page, the winners in the search).
    ``member`` was in the first winning team (its award on their pages)."""
    tracks = {track.slug: track for track in competition.tracks.all()}
    seen: dict[str, int] = {}
    for serial, (archetype, number, variant) in enumerate(planned(data)):
        rank = seen.get(archetype["track"], 0)
        if number != 2 or rank >= 2:
            continue
        seen[archetype["track"]] = rank + 1
        name = f"{data['places'][serial % len(data['places'])][0]}{archetype['team_zh']}"
        team = _team(context, competition, name, captain=functools.partial(_captain, context, serial))
        if rank == 0 and len(seen) == 1:  # the first track's winner
            _join(context, team, member)
        # Every other day from the first submission (all before the deadline), in working hours.
        submitted = clock.at_work(dates["first_submitted_at"] + timedelta(days=serial // 2), f"2025:{serial}")
        entry = _entry(
            context,
            team,
            tracks[archetype["track"]],
            archetype,
            variant,
            answers=_answers(archetype, serial, f"{competition.slug}-{serial}"),
            status=EntryStatus.AWARDED,
            submitted_at=submitted,
            screened_at=submitted + timedelta(days=40),
            screened_by=staff,
        )
        _award(context, entry, staff, rank=rank + 1)
    results = next(stage for stage in dates["stages"] if stage["kind"] == StageKind.RESULTS)
    _publish(context, competition, staff, at=results["opens_at"])


def _join(context: DemoContext, team: Team, user: User) -> None:
    _membership, joined = TeamMembership.objects.get_or_create(team=team, user=user, defaults={"role": TeamRole.MEMBER})
    context.record("competition team membership", joined)


#: The prizes of each track's two entries in the finished edition, by rank.
PRIZES = {1: {"prize_zh": "一等奖", "prize_en": "First prize"}, 2: {"prize_zh": "二等奖", "prize_en": "Second prize"}}


def _award(context: DemoContext, entry: Entry, staff, *, rank: int) -> None:
    """The track's prize of ``rank`` (what staff record with ``competition.results.services.record_award``)."""
    prize = PRIZES[rank]
    _found, created = Award.objects.get_or_create(
        entry=entry,
        prize_zh=prize["prize_zh"],
        defaults={
            "competition": entry.competition,
            "track": entry.track,
            "prize_en": prize["prize_en"],
            "rank": rank,
            "awarded_by": staff,
        },
    )
    context.record("competition award", created)


def _publish(context: DemoContext, competition, staff, *, at) -> None:
    """The results published back then, ``at`` (``publish_results``; its e-mails to the winners are not
    sent again). Not the day the demo is loaded: the 2025 results page would say it was published today."""
    found, created = ResultsPublication.objects.get_or_create(competition=competition, defaults={"published_by": staff})
    if created:  # published_at is set on creation (auto_now_add)
        ResultsPublication.objects.filter(pk=found.pk).update(published_at=at)
    context.record("competition results publication", created)
