"""The scorer against hand-worked examples and against a slow reference on random data."""

from __future__ import annotations

import numpy as np
import pytest
from django.utils import translation

from incubator.matching import explain, scoring
from incubator.matching.scoring import Investors, Platforms, Startups
from tests.incubator.matching import reference

M = 1_000_000


def startup(id, *, stage="prototype", trl=5, ask=(10 * M, 40 * M), bci=("non_invasive",), functions=("motor_control",),
            fields=("rehabilitation",), needs=(), city="上海"):  # fmt: skip
    from catalog.vocabulary import ApplicationField, BCIType, ProductFunction
    from incubator.vocabulary import Need

    return {
        "id": id, "stage": stage, "trl": trl, "ask_min_cny": ask[0], "ask_max_cny": ask[1],
        "bci_types_mask": scoring._mask(bci, BCIType), "functions_mask": scoring._mask(functions, ProductFunction),
        "application_fields_mask": scoring._mask(fields, ApplicationField), "needs_mask": scoring._mask(needs, Need),
        "city": city,
    }  # fmt: skip


def investor(id, *, stages, ticket=(5 * M, 30 * M), bci=(), functions=(), fields=(), regions=()):
    from catalog.vocabulary import ApplicationField, BCIType, ProductFunction
    from incubator.vocabulary import Region, StartupStage

    return {
        "id": id, "stages_mask": scoring._mask(stages, StartupStage), "ticket_min_cny": ticket[0],
        "ticket_max_cny": ticket[1], "bci_types_mask": scoring._mask(bci, BCIType),
        "functions_mask": scoring._mask(functions, ProductFunction),
        "application_fields_mask": scoring._mask(fields, ApplicationField),
        "regions_mask": scoring._mask(regions, Region),
    }  # fmt: skip


def platform(id, *, services, accepts=True, city="上海"):
    from incubator.vocabulary import PlatformService

    return {"id": id, "services_mask": scoring._mask(services, PlatformService), "accepts_applications": accepts,
            "city": city}  # fmt: skip


INVESTOR_ROWS = [
    # X: two stages, ticket 5–30M, two of four focus values in common, the delta
    investor(
        10,
        stages=("proof_of_concept", "prototype"),
        bci=("non_invasive",),
        functions=("motor_control",),
        fields=("elderly_care",),
        regions=("yangtze_delta",),
    ),
    # Y: no focus in common
    investor(11, stages=("prototype",), ticket=(20 * M, 50 * M), bci=("invasive",)),
    # Z: not the stage
    investor(12, stages=("idea",), bci=("non_invasive",)),
    # W: every stage, no ticket bounds, the same focus, abroad only
    investor(
        13,
        stages=[s.value for s in scoring.STAGES],
        ticket=(None, None),
        bci=("non_invasive",),
        functions=("motor_control",),
        fields=("rehabilitation",),
        regions=("international",),
    ),
]


def test_investor_scores_worked_by_hand():
    s = Startups.from_records([startup(1), startup(2, ask=(None, None))])
    i = Investors.from_records(INVESTOR_ROWS)
    passes, criteria = scoring.investor_criteria(s, i)
    assert passes.tolist() == [[True, False, False, True], [False, False, False, False]]
    assert criteria["focus"][0, 0] == pytest.approx(2 / 4)
    assert criteria["stage"][0, 0] == pytest.approx(1 / 2)
    assert criteria["ticket"][0, 0] == pytest.approx(20 / 30)  # 10–40M overlaps 5–30M on 20M of 30M
    assert criteria["trl"][0, 0] == pytest.approx(4 / 8)
    assert criteria["region"][0, 0] == 1.0  # Shanghai lies in the delta
    score = scoring.combine(criteria, scoring.DEFAULT_WEIGHTS["investor"])
    # (3·1/2 + 2·1/2 + 2·2/3 + 1·1/2 + 1·1) / 9
    assert score[0, 0] == pytest.approx((1.5 + 1 + 4 / 3 + 0.5 + 1) / 9)
    # (3·1 + 2·1/6 + 2·1 + 1·1/2 + 1·0) / 9
    assert score[0, 3] == pytest.approx((3 + 2 / 6 + 2 + 0.5) / 9)
    index, valid = scoring.top_n(score.T, passes.T, 10)  # investors for startup 1
    assert [int(i.ids[k]) for k, ok in zip(index[:, 0], valid[:, 0], strict=True) if ok] == [13, 10]
    assert not valid[:, 1].any()


def test_staff_weights_change_the_order():
    s = Startups.from_records([startup(1)])
    i = Investors.from_records(INVESTOR_ROWS)
    _passes, criteria = scoring.investor_criteria(s, i)
    weights = scoring.weights_for("investor", [("region", 10), ("focus", 0), ("nonsense", 5)])
    assert weights == {"focus": 0.0, "stage": 2.0, "ticket": 2.0, "trl": 1.0, "region": 10.0}
    score = scoring.combine(criteria, weights)
    # X: (2·1/2 + 2·2/3 + 1/2 + 10) / 15; W: (2/6 + 2 + 1/2 + 0) / 15
    assert score[0, 0] == pytest.approx((1 + 4 / 3 + 0.5 + 10) / 15)
    assert score[0, 3] == pytest.approx((1 / 3 + 2 + 0.5) / 15)
    assert scoring.combine(criteria, dict.fromkeys(weights, 0)).max() == 0


def test_platform_scores_worked_by_hand():
    s = Startups.from_records([startup(1, needs=("fabrication", "animal_testing", "space"))])
    p = Platforms.from_records([
        platform(20, services=("gmp_fabrication", "glp_animal")),
        platform(21, services=("incubation_space", "proof_of_concept", "financing", "matchmaking"), city="杭州"),
        platform(22, services=("data_service",)),
        platform(23, services=("gmp_fabrication",), accepts=False),
    ])  # fmt: skip
    passes, criteria = scoring.platform_criteria(s, p)
    assert passes.tolist() == [[True, True, False, False]]
    assert criteria["needs"][0, :2].tolist() == pytest.approx([2 / 3, 1 / 3])
    assert criteria["services"][0, :2].tolist() == pytest.approx([1, 2 / 4])
    assert criteria["region"][0, :2].tolist() == [1.0, 0.5]
    score = scoring.combine(criteria, scoring.DEFAULT_WEIGHTS["platform"])
    assert score[0, :2].tolist() == pytest.approx([4 / 5, 2 / 5])


def test_ties_go_to_the_lower_id_whatever_the_input_order():
    s = Startups.from_records([startup(7), startup(3), startup(5, trl=9)])
    i = Investors.from_records(INVESTOR_ROWS[:1])
    passes, criteria = scoring.investor_criteria(s, i)
    score = scoring.combine(criteria, scoring.DEFAULT_WEIGHTS["investor"])
    index, valid = scoring.top_n(score, passes, 2)
    assert [int(s.ids[k]) for k in index[:, 0]] == [5, 3]
    assert valid.all()


def test_explanations_are_concrete_and_hide_a_hidden_ask():
    s = Startups.from_records([startup(1, ask=(20 * M, 20 * M))])
    i = Investors.from_records(INVESTOR_ROWS)
    _passes, criteria = scoring.investor_criteria(s, i)
    weights = scoring.DEFAULT_WEIGHTS["investor"]
    with translation.override("en"):
        shown = {r.criterion: r.text for r in explain.explain_investor(s, i, criteria, (0, 0), weights, show_ask=True)}
        hidden = explain.explain_investor(s, i, criteria, (0, 0), weights, show_ask=False)
        other = {r.criterion: r.text for r in explain.explain_investor(s, i, criteria, (0, 3), weights, show_ask=True)}
    assert shown["stage"] == (
        "stage: Prototype is one of the investor's 2 stages (Proof of concept, Prototype); "
        "the fewer stages an investor names, the more this counts"
    )
    assert shown["ticket"] == "ask CNY 20M within CNY 5M–30M"
    assert shown["focus"] == "focus: Non-invasive, Motor control in common"
    assert shown["trl"] == "TRL 5 of 9"
    assert shown["region"] == "region: Shanghai lies in Yangtze River Delta, among the investor's regions"
    assert "20M" not in hidden[2].text and "CNY 5M–30M" in hidden[2].text
    assert other["ticket"] == "ask CNY 20M within any amount"
    assert other["region"] == "region: Shanghai is outside the investor's regions (International)"
    points = sum(r.points for r in hidden)
    assert points == pytest.approx(100 * scoring.combine(criteria, weights)[0, 0])
    with translation.override("zh-hans"):
        assert explain.format_range(5 * M, 30 * M) == "500万–3000万元"
        assert explain.format_cny(150 * M) == "1.5亿元"
        assert explain.format_range(50 * M, 200 * M) == "5000万元–2亿元"
    with translation.override("en"):
        assert explain.format_range(None, 30 * M) == "up to CNY 30M"
        assert explain.format_range(500_000, None) == "CNY 500K or more"


def test_platform_explanations():
    s = Startups.from_records([startup(1, needs=("fabrication", "animal_testing", "space"))])
    p = Platforms.from_records([platform(20, services=("gmp_fabrication", "glp_animal"), city="苏州")])
    _passes, criteria = scoring.platform_criteria(s, p)
    with translation.override("en"):
        texts = [r.text for r in explain.explain_platform(s, p, criteria, (0, 0), scoring.DEFAULT_WEIGHTS["platform"])]
    assert texts == [
        "needs: Micro/nano fabrication, Animal testing served (2 of your 3 needs)",
        "platform focus: 2 of its 2 services answer your needs",
        "region: the platform is in Yangtze River Delta, you are in Shanghai",
    ]


def _random_startups(rng, n):
    asks = rng.choice([1, 3, 5, 10, 20, 50, 100], size=(n, 2)) * M
    lo = np.minimum(asks[:, 0], asks[:, 1]).astype(float)
    hi = np.maximum(asks[:, 0], asks[:, 1]).astype(float)
    lo[rng.random(n) < 0.1] = np.nan
    hi[rng.random(n) < 0.1] = np.nan
    return Startups(
        ids=np.arange(1, n + 1, dtype=np.int64), stage=rng.integers(0, 6, n), trl=rng.integers(1, 10, n),
        ask_min=lo, ask_max=hi,
        focus=rng.integers(0, 1 << 10, n) | rng.integers(0, 1 << 6, n) << 16 | rng.integers(0, 1 << 9, n) << 32,
        needs=rng.integers(0, 1 << 7, n), region=rng.integers(0, 4, n),
    )  # fmt: skip


def _random_investors(rng, m):
    tickets = rng.choice([1, 5, 10, 30, 100], size=(m, 2)) * M
    lo = np.minimum(tickets[:, 0], tickets[:, 1]).astype(float)
    hi = np.maximum(tickets[:, 0], tickets[:, 1]).astype(float)
    lo[rng.random(m) < 0.2] = np.nan
    hi[rng.random(m) < 0.2] = np.nan
    return Investors(
        ids=np.arange(1, m + 1, dtype=np.int64), stages=rng.integers(0, 1 << 6, m), ticket_min=lo, ticket_max=hi,
        focus=rng.integers(0, 1 << 4, m) | rng.integers(0, 1 << 6, m) << 16 | rng.integers(0, 1 << 9, m) << 32,
        regions=rng.integers(0, 1 << 4, m),
    )  # fmt: skip


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_vectorised_investor_scores_equal_the_reference(seed):
    rng = np.random.default_rng(seed)
    s, i = _random_startups(rng, 60), _random_investors(rng, 25)
    weights = {name: float(rng.integers(0, 11)) for name in scoring.INVESTOR_CRITERIA}
    passes, criteria = scoring.investor_criteria(s, i)
    score = scoring.combine(criteria, weights)
    index, valid = scoring.top_n(score, passes, 10)
    for col in range(len(i)):
        expected = {}
        for row in range(len(s)):
            slow = reference.investor_pair(s, i, row, col, weights)
            assert passes[row, col] == (slow is not None), (row, col)
            if slow is not None:
                assert score[row, col] == pytest.approx(slow, abs=1e-12)
                expected[row] = slow
        assert [int(k) for k, ok in zip(index[:, col], valid[:, col], strict=True) if ok] == reference.top(expected, 10)


@pytest.mark.parametrize("seed", [4, 5])
def test_vectorised_platform_scores_equal_the_reference(seed):
    rng = np.random.default_rng(seed)
    s = _random_startups(rng, 50)
    p = Platforms(
        ids=np.arange(1, 13, dtype=np.int64), services=rng.integers(1, 1 << 9, 12), accepts=rng.random(12) < 0.8,
        region=rng.integers(0, 4, 12),
    )  # fmt: skip
    weights = {name: float(rng.integers(0, 11)) for name in scoring.PLATFORM_CRITERIA}
    passes, criteria = scoring.platform_criteria(s, p)
    score = scoring.combine(criteria, weights)
    index, valid = scoring.top_n(score.T, passes.T, 5)  # platforms for each startup
    for row in range(len(s)):
        expected = {}
        for col in range(len(p)):
            slow = reference.platform_pair(s, p, row, col, weights)
            assert passes[row, col] == (slow is not None)
            if slow is not None:
                assert score[row, col] == pytest.approx(slow, abs=1e-12)
                expected[col] = slow
        assert [int(k) for k, ok in zip(index[:, row], valid[:, row], strict=True) if ok] == reference.top(expected, 5)
