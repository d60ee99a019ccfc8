"""Demo profiles of the incubator (``load_demo``): startups, investors, service platforms and incubators.

``profiles.toml`` holds the hand-written profiles of the portal's demo organisations (the demo
investor login owns ``pujiang-fund``, the demo startup founder ``yanqi-ai``: both see suggestions),
new platforms written out in full, and the seeds from which the long lists are derived here,
deterministically (the same data on every run and machine): 60 startups (a name prefix × a theme
in a district, at a stage that sets the TRL and the funding ask) and 23 investors (a name × an
archetype with a focus drawn from the themes). With the portal's own organisations that makes 62
verified startups, 25 investors and 11 platforms and incubators.

Idempotent like every loader: organisations are found by slug and profiles by organisation, and
only missing ones are created.
"""

from __future__ import annotations

from pathlib import Path

from incubator.models import InvestorProfile, PlatformProfile, StartupProfile
from incubator.vocabulary import StartupStage
from portal.demo.data import load_records, read
from portal.demo.registry import DemoContext, Loader
from portal.organisations import cities
from portal.organisations.models import Organisation, OrganisationKind, VerificationStatus

DATA = read(Path(__file__).with_name("profiles.toml"))
GENERATED_STARTUPS = 60
M = 1_000_000

#: A stage's TRL (two values: the variants alternate) and funding ask (lowest, highest) in millions of yuan.
STAGE_TRL_ASK = {
    "idea": ((1, 2), (1, 3)),
    "proof_of_concept": ((3, 3), (3, 10)),
    "prototype": ((4, 5), (10, 30)),
    "clinical_trial": ((6, 7), (30, 80)),
    "registered": ((8, 8), (50, 150)),
    "revenue": ((9, 9), (100, 300)),
}
ASK_FACTORS = (0.5, 0.8, 1, 1.2, 1.5)
VISIBILITIES = ("investors", "public", "matched")


def _amount(millions: float) -> int:
    return int(round(millions * 2) / 2 * M)  # to the half million


def generated_startups() -> list[dict]:
    """The generated startups: ``{"organisation": {...}, "profile": {...}}`` each."""
    prefixes, themes, districts = DATA["startup_prefixes"], DATA["themes"], DATA["districts"]
    stages = [stage.value for stage in StartupStage]
    rows = []
    for n in range(GENERATED_STARTUPS):
        r, q = n % len(prefixes), n // len(prefixes)
        (prefix_zh, prefix_en), theme = prefixes[r], themes[(q * (len(prefixes) + 1) + r) % len(themes)]
        district_zh, district_en, city = districts[(n * 3 + q) % len(districts)]
        stage = stages[(n * 7 + q) % len(stages)]
        trls, (low, high) = STAGE_TRL_ASK[stage]
        factor = ASK_FACTORS[n % len(ASK_FACTORS)]
        needs = list(theme["needs"])
        if stage in ("idea", "proof_of_concept") and "space" not in needs:
            needs.append("space")
        if stage == "clinical_trial" and "regulatory" not in needs:
            needs.append("regulatory")
        summary_zh = f"{district_zh}{theme['summary_zh']}。"
        summary_en = f"{theme['summary_en']}, based in {district_en}."
        funds_zh, funds_en = DATA["use_of_funds"][stage]
        organisation = {
            "slug": f"{prefix_en.lower()}-{theme['slug']}",
            "kind": OrganisationKind.STARTUP,
            "city": city,
            "name_zh": f"{prefix_zh}{theme['name_zh']}科技有限公司",
            "name_en": f"{prefix_en} {theme['name_en']} Technology Co., Ltd.",
            "description_zh": summary_zh,
            "description_en": summary_en,
        }
        profile = {
            "stage": stage,
            "trl": trls[n % 2],
            "bci_types": list(theme["bci_types"]),
            "functions": list(theme["functions"]),
            "indications": list(theme["indications"]),
            "application_fields": list(theme["application_fields"]),
            "needs": needs,
            "founded": 2016 + (n * 5) % 9,
            "team_size": 5 + (n * 7) % 40,
            "funding_raised_cny": _amount(low * factor * (n % 4) / 2),
            "ask_min_cny": _amount(low * factor),
            "ask_max_cny": _amount(high * factor),
            "patents": (n * 3) % 12,
            "summary_zh": summary_zh,
            "summary_en": summary_en,
            "use_of_funds_zh": funds_zh,
            "use_of_funds_en": funds_en,
            "funding_visibility": VISIBILITIES[n % 3],
            "team_visibility": ("public", "investors")[n % 2],
            "traction_visibility": VISIBILITIES[(n + 1) % 3],
            "deck_visibility": "matched",
        }
        rows.append({"organisation": organisation, "profile": profile})
    return rows


def generated_investors() -> list[dict]:
    themes, archetypes = DATA["themes"], DATA["archetypes"]
    rows = []
    for k, (name_zh, name_en) in enumerate(DATA["investor_names"]):
        archetype = archetypes[k % len(archetypes)]
        chosen = [themes[(k * 3) % len(themes)], themes[(k * 3 + 4) % len(themes)]]
        factor = (1, 0.6, 1.5)[k % 3]
        regions = list(archetype["regions"])
        if k % 4 == 3 and "yangtze_delta" not in regions:
            regions.append("yangtze_delta")
        thesis_zh = f"{archetype['thesis_zh']}，重点关注{chosen[0]['name_zh']}和{chosen[1]['name_zh']}。"
        thesis_en = f"{archetype['thesis_en']}, with a focus on {chosen[0]['name_en']} and {chosen[1]['name_en']}."
        suffix = archetype["suffix_en"].lower().replace(" ", "-")
        organisation = {
            "slug": f"{name_en.lower().replace(' ', '-')}-{suffix}",
            "kind": OrganisationKind.INVESTOR,
            "city": "杭州" if k % 6 == 5 else "上海",
            "name_zh": f"{name_zh}{archetype['suffix_zh']}",
            "name_en": f"{name_en} {archetype['suffix_en']}",
            "description_zh": thesis_zh,
            "description_en": thesis_en,
        }
        profile = {
            "stages": list(archetype["stages"]),
            "ticket_min_cny": _amount(archetype["ticket_min_cny"] / M * factor),
            "ticket_max_cny": _amount(archetype["ticket_max_cny"] / M * factor),
            "bci_types": _union(theme["bci_types"] for theme in chosen),
            "functions": _union(theme["functions"] for theme in chosen),
            "application_fields": _union(theme["application_fields"] for theme in chosen),
            "regions": regions,
            "thesis_zh": thesis_zh,
            "thesis_en": thesis_en,
        }
        rows.append({"organisation": organisation, "profile": profile})
    return rows


def new_platforms() -> list[dict]:
    organisation_fields = ("slug", "kind", "city", "name_zh", "name_en", "description_zh", "description_en")
    return [
        {
            "organisation": {name: row[name] for name in organisation_fields},
            "profile": {name: value for name, value in row.items() if name not in organisation_fields},
        }
        for row in DATA["new_platforms"]
    ]


def _union(lists) -> list[str]:
    seen = []
    for values in lists:
        seen += [value for value in values if value not in seen]
    return seen


def _organisation_row(row: dict) -> dict:
    """An organisation's model fields; the data names the city in Chinese (``cities.both`` adds the English)."""
    return (
        {name: value for name, value in row.items() if name != "city"}
        | cities.both(row["city"])
        | {
            "website": f"https://{row['slug']}.example",
            "verification_status": VerificationStatus.VERIFIED,
            "verified_at": DATA["verified_at"],
        }
    )


def _profiles(context: DemoContext, model, rows: list[tuple], kind: str) -> None:
    for organisation, fields in rows:
        _profile, created = model.objects.get_or_create(organisation=organisation, defaults=fields)
        context.record(kind, created)


def _without_slug(row: dict) -> dict:
    return {name: value for name, value in row.items() if name != "slug"}


def load(context: DemoContext) -> None:
    startups, investors, platforms = generated_startups(), generated_investors(), new_platforms()
    created = load_records(
        context,
        Organisation,
        [_organisation_row(row["organisation"]) for row in (*startups, *investors, *platforms)],
        kind="organisation",
    )
    by_slug = {organisation.slug: organisation for organisation in created}
    by_slug |= {
        organisation.slug: organisation
        for organisation in Organisation.objects.filter(
            slug__in=[row["slug"] for key in ("startups", "investors", "platforms") for row in DATA[key]]
        )
    }
    for model, key, generated, kind in (
        (StartupProfile, "startups", startups, "startup profile"),
        (InvestorProfile, "investors", investors, "investor profile"),
        (PlatformProfile, "platforms", platforms, "platform profile"),
    ):
        rows = [(by_slug[row["slug"]], _without_slug(row)) for row in DATA[key]]
        rows += [(by_slug[row["organisation"]["slug"]], row["profile"]) for row in generated]
        _profiles(context, model, rows, kind)


LOADERS = [Loader("incubator.profiles", load, after=("portal.users",))]
