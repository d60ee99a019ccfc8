"""Demo competition for ``manage.py load_demo`` (``competition.toml``): the running 2026 edition with
its call page, three tracks, 63 entries of 63 teams and a team-member login, and its preliminary
review (``judging.toml``: a round per track, 13 judges besides the judge login, conflicts, part of
the scorecards submitted); the finished 2025 edition. The running edition's dates are moved to the
day the demo is loaded (``timeline``), so its review is running whenever it is loaded; its call's
news (``news.toml``, under the portal's news index) names them as loaded.

Everything is invented (演示数据 / demo data). Idempotent: competitions by slug, tracks by
(competition, slug), questions by (track, key), teams by (competition, name), entries by (team,
title), the page by its slug under the home page; nothing that exists is changed. Each track asks the
questions ``competition.toml`` declares for it (a device track's are no algorithm entry's). The editorial
"competition" page introduces the call (its menu entry opens it), unless staff chose its list.
"""

from __future__ import annotations

import dataclasses
from html import escape
from pathlib import Path

from django.utils import timezone

from competition.demo import algorithm, entries, judging, roster, timeline
from competition.models import Competition, Stage, Track, TrackField
from competition.vocabulary import StageKind
from portal.demo import clock, data
from portal.demo.pages import ensure_tree, introduce_list
from portal.demo.registry import EN, ZH, DemoContext, Loader
from portal.demo.users import DemoUser, ensure_account

DATA = data.read(Path(__file__).with_name("competition.toml"))
#: The running edition's call in the news (its texts name ``{closes_day}``, ``{closes}``, ``{final_month}``).
NEWS = data.read(Path(__file__).with_name("news.toml"))["pages"]
LANGUAGES = {ZH: "zh", EN: "en"}
#: The editorial page about the competition (portal's demo content): it introduces the running call.
INTRODUCTION = "competition"
#: The demo login of a team member: captain of the running edition's first team (one team per person
#: and edition), member of the finished edition's first winning team.
TEAM_MEMBER = DemoUser("team-member", "吴桐", "competition team member · captain of a 2026 team, a 2025 winner")


def load(context: DemoContext) -> None:
    now = timezone.now()
    rows = {row["year"]: timeline.moved(row, now) for row in DATA["competitions"]}
    editions = {year: _competition(context, row) for year, row in rows.items()}
    calls = _call_page(context, editions[2026])
    _news(context, editions[2026])
    introduce_list(context, INTRODUCTION, calls, "competition call introduction")
    member = ensure_account(context, TEAM_MEMBER)
    staff = context.user("staff")
    entries.load_running(context, editions[2026], DATA, dates=rows[2026], member=member, staff=staff)
    entries.load_finished(context, editions[2025], DATA, dates=rows[2025], member=member, staff=staff)
    shift = timeline.weeks_since(next(row for row in DATA["competitions"] if row["year"] == 2026)["as_of"], now)
    roster.load(context, editions[2026], DATA, member=member, shift=shift)
    judging.load(context, editions[2026], DATA, staff=staff)


def _competition(context: DemoContext, row: dict) -> Competition:
    fields = {name: row[name] for name in ("year", "name_zh", "name_en", "status")}
    competition, created = Competition.objects.get_or_create(slug=row["slug"], defaults=fields)
    context.record("competition", created)
    if created:
        for order, stage in enumerate(row["stages"]):
            Stage.objects.create(competition=competition, sort_order=order, **stage)
    for order, track_row in enumerate(DATA["tracks"]):
        track, track_created = Track.objects.get_or_create(
            competition=competition,
            slug=track_row["slug"],
            defaults={**{k: v for k, v in track_row.items() if k != "slug"}, "sort_order": order},
        )
        context.record("competition track", track_created)
        for position, question in enumerate(questions_of(track.slug)):
            defaults = {k: v for k, v in question.items() if k not in ("key", "tracks")} | {"sort_order": position}
            _field, field_created = TrackField.objects.get_or_create(
                track=track, key=question["key"], defaults=defaults
            )
            context.record("track question", field_created)
    return competition


def questions_of(track_slug: str) -> list[dict]:
    """The questions ``competition.toml`` declares for a track: those naming it in ``tracks``, and
    those naming no track (asked on every one)."""
    return [question for question in DATA["fields"] if track_slug in question.get("tracks", [track_slug])]


def _news(context: DemoContext, competition: Competition) -> None:
    """The call's news, with the dates the edition's stages have (moved to the loading day when made)."""
    submission, final = competition.stage(StageKind.SUBMISSION), competition.stage(StageKind.FINAL)
    values = {
        "closes_day": clock.in_words(submission.closes_at),
        "closes": clock.in_words(submission.closes_at, time=True),
        "final_month": clock.month_in_words(final.opens_at),
    }
    opened = timezone.localtime(submission.opens_at, clock.SHANGHAI).date()
    data.ensure_news(context, NEWS, values=values, date=opened)


def _faq(items: list[dict]) -> list[dict]:
    return [
        {"type": "question", "value": {"question": item["question"], "answer": f"<p>{escape(item['answer'])}</p>"}}
        for item in items
    ]


def _call_page(context: DemoContext, competition: Competition) -> dict:
    """The running edition's call page, in both languages (``{language: page}``)."""
    spec = data.page_tree(DATA["pages"])[0]
    texts = {}
    for code, key in LANGUAGES.items():
        call = DATA["call"][key]
        texts[code] = {
            "rules": data.body(call["rules"], code),
            "prizes": data.body(call["prizes"], code),
            "faq": _faq(call["faq"]),
        }
    spec = dataclasses.replace(
        spec,
        zh={**spec.zh, **texts[ZH]},
        en={**spec.en, **texts[EN]},
        common={**spec.common, "competition": competition},
    )
    return ensure_tree(context, context.home(), [spec], context.locale(EN))[spec.slug]


LOADERS = [
    Loader("competition", load, after=("portal.users",)),
    Loader("competition.algorithm", algorithm.load, after=("competition",)),
]
