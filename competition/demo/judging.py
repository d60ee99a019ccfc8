"""The 2026 preliminary review of the demo competition (``judging.toml``), made through the services.

Staff (the demo "staff" login) open one round per track (``competition.rounds.open_round``) with the
track's rubric and judges; the engine assigns the eligible entries (``judges_per_item`` judges each,
loads within one, never a conflicted judge: some judges belong to an organisation behind an entry,
share a membership or an address domain with one of a team's people, or declared a tie). The
judges then score part of their entries: some submitted, some drafts, the rest to do; the demo
"judge" login sits on every round with one draft and the rest to do.

Idempotent: judges, people, memberships and ties are found before they are made; a round that
exists is left as it is (not reopened, not rescored). Scores are seeded (``portal.demo.judging``).
Scorecards are only written while the stage's scoring window is open (the demo's clock: December
2026); outside it the rounds are opened and assigned, and nothing is scored.
"""

from __future__ import annotations

from pathlib import Path

from django.utils import timezone

from competition import rounds
from competition.models import Entry, JudgingRound, TeamMembership
from competition.vocabulary import TeamRole
from portal.demo import data
from portal.demo.judging import ensure_judge, ensure_rubric, seeded_fraction, seeded_score, while_scoring
from portal.demo.registry import DemoContext
from portal.demo.users import ensure_person
from portal.judging import services as engine
from portal.judging.models import Assignment, ConflictDeclaration
from portal.models import Membership, Organisation, User
from portal.organisations.models import MemberRole

DATA = data.read(Path(__file__).with_name("judging.toml"))


def load(context: DemoContext, competition, competition_data: dict, *, staff) -> None:
    people = {row["key"]: _person(context, competition, competition_data, row) for row in DATA["people"]}
    judges = {row["key"]: (ensure_judge(context, row), row) for row in DATA["judges"]}
    later = [context.user(key) for key in DATA["scoring_later"]]
    for tie in DATA["ties"]:
        _tie(context, judges[tie["judge"]][0], tie, people)
    stage = competition.stages.get(kind=DATA["stage"])
    biases = {user.pk: row["bias"] for user, row in judges.values()}
    for track in competition.tracks.order_by("sort_order", "pk"):
        existing = JudgingRound.objects.filter(stage=stage, track=track).first()
        exists = existing is not None and existing.panel is not None
        context.record("competition judging round", not exists)
        if exists:
            continue
        panel_judges = [user for user, row in judges.values() if track.slug in row["tracks"]] + later
        judging_round, _report = rounds.open_round(
            actor=staff,
            stage=stage,
            track=track,
            rubric=ensure_rubric(context, DATA["rubrics"][track.slug]),
            judges=panel_judges,
            judges_per_item=DATA["judges_per_item"],
        )
        _score(context, judging_round.panel, biases)


def _team_of(competition, competition_data: dict, named: dict):
    archetype = next(a for a in competition_data["archetypes"] if a["team_en"] == named["archetype"])
    title = archetype["title_zh"].format(archetype["variants"][named["variant"]][0])
    return Entry.objects.select_related("team").get(competition=competition, title=title).team


def _person(context: DemoContext, competition, competition_data: dict, row: dict) -> User:
    """A team member besides the captain (cannot sign in), with their organisation's membership."""
    user = ensure_person(context, email=row["address"], name=row["name"], kind="demo team member")
    if row.get("organisation"):
        organisation = Organisation.objects.get(slug=row["organisation"])
        _membership, joined = Membership.objects.get_or_create(
            user=user, organisation=organisation, defaults={"role": MemberRole.EDITOR}
        )
        context.record("membership", joined)
    team = _team_of(competition, competition_data, row["team"])
    _membership, joined = TeamMembership.objects.get_or_create(team=team, user=user, defaults={"role": TeamRole.MEMBER})
    context.record("competition team membership", joined)
    return user


def _tie(context: DemoContext, judge: User, tie: dict, people: dict) -> None:
    organisation = Organisation.objects.get(slug=tie["organisation"]) if "organisation" in tie else None
    person = people[tie["person"]] if "person" in tie else None
    exists = ConflictDeclaration.objects.filter(judge=judge, organisation=organisation, person=person).exists()
    context.record("declared conflict", not exists)
    if not exists:
        engine.declare_conflict(actor=judge, judge=judge, organisation=organisation, person=person, note=tie["note"])


def _total(values: dict, criteria) -> float:
    """The judge's weighted total on a 0-100 scale (as the engine computes it)."""
    weights = sum(c.weight for c in criteria)
    scaled = sum(c.weight * (values[c.pk] - c.min_score) / (c.max_score - c.min_score) for c in criteria)
    return float(scaled / weights * 100)


def _recommendation(total: float) -> str:
    return next(band["value"] for band in DATA["recommendations"] if total >= band["at_least"])


def _pick(texts: list[str], key: str) -> str:
    return texts[int(seeded_fraction(key) * len(texts))]


def _score(context: DemoContext, panel, biases: dict) -> None:
    """The judges' scorecards: submitted, drafts or not started, each decided by a seeded draw."""
    if not panel.scoring_is_open(timezone.now()):
        context.log(f"  {panel}: scoring is not open now, no demo scores written")
        return
    criteria = list(panel.rubric.criteria.all())
    assignments = list(Assignment.objects.filter(item__panel=panel).select_related("judge", "item").order_by("pk"))
    entries = Entry.objects.in_bulk([assignment.item.subject_id for assignment in assignments])
    started = set()
    for assignment in assignments:
        judge, entry = assignment.judge, entries[assignment.item.subject_id]
        key = f"{entry.title}:{judge.email}"
        bias = biases.get(judge.pk)
        if bias is None:  # a login scoring later: its first scorecard is a draft, to finish
            if judge.pk not in started:
                started.add(judge.pk)
                first = {criteria[0].pk: (seeded_score(key, 0, criteria[0], 0), "")}
                with while_scoring(panel, key):
                    engine.save_scorecard(judge=judge, assignment=assignment, version=0, scores=first)
            continue
        fate = seeded_fraction(key)
        if fate >= DATA["submitted"] + DATA["drafts"]:
            continue
        values = {c.pk: seeded_score(entry.title, judge.email, c, bias) for c in criteria}
        language = "en" if judge.preferred_language.startswith("en") else "zh"
        if fate >= DATA["submitted"]:
            half = {c.pk: (values[c.pk], "") for c in criteria[: len(criteria) // 2]}
            with while_scoring(panel, key):
                engine.save_scorecard(judge=judge, assignment=assignment, version=0, scores=half)
            context.record("competition scorecard (draft)", True)
            continue
        total = _total(values, criteria)
        band = "high" if total >= 70 else "middle" if total >= 50 else "low"
        weakest = min(criteria, key=lambda c: (values[c.pk], c.order))
        notes = {weakest.pk: _pick(DATA["comments"]["criterion"][language], f"{key}:note")} if total < 70 else {}
        with while_scoring(panel, key):
            engine.submit_scorecard(
                judge=judge,
                assignment=assignment,
                version=0,
                scores={c.pk: (values[c.pk], notes.get(c.pk, "")) for c in criteria},
                recommendation=_recommendation(total),
                comment=_pick(DATA["comments"][band][language], key),
            )
        context.record("competition scorecard (submitted)", True)
