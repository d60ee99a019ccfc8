"""Matchmaking's objects in the shared matrix world (``tests.matrix``): ``add_incubator_matching(world)``.

On top of the profiles' world (``tests.incubator.profiles.world.add_incubator_profiles``: gamma-capital
invests at proof of concept and prototype, 5–50M, non-invasive and invasive; delta-neuro ("A") is a
non-invasive prototype asking 20–30M; epsilon-bci ("B") an invasive startup in clinical trial asking
60–80M; zeta-incubator offers space, proof of concept and financing):

* ``startup_gamma_fits`` — a third verified startup, "kappa-bci", a non-invasive proof of concept
  asking 8M, suggested to gamma-capital;
* ``weight_focus`` — a staff weight: focus × 4 for startup ↔ investor matching;
* ``dismissed_by_gamma`` — nothing yet (the rows dismiss and undo).
"""

from __future__ import annotations

from incubator.models import MatchWeight
from tests import factories
from tests.incubator.profiles.world import add_incubator_profiles, startup_profile


def add_incubator_matching(world):
    if "incubator_matching" in world.parts:
        return world
    add_incubator_profiles(world)
    world.parts.add("incubator_matching")
    extra = world.extra
    kappa = factories.OrganisationFactory(
        name_zh="癸脑机初创有限公司", name_en="Kappa BCI", slug="kappa-bci", kind="startup"
    )
    extra["startup_gamma_fits"] = startup_profile(
        kappa,
        tag="K",
        with_deck=False,
        stage="proof_of_concept",
        trl=3,
        ask_min_cny=8_000_000,
        ask_max_cny=8_000_000,
        needs=["investment", "space"],
        funding_visibility="matched",
    )
    extra["weight_focus"] = MatchWeight.objects.create(kind="investor", criterion="focus", weight=4)
    return world
