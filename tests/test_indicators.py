"""Indicators of hand-made small alliances: known numbers, small-count protection, no identifiers."""

from __future__ import annotations

import doctest
import json
from datetime import date

import pytest

from buendnisatlas.graph import comparison as comparison_module
from buendnisatlas.graph import indicators as indicators_module
from buendnisatlas.graph.indicators import Indicators, alliance_indicators, protect_table
from buendnisatlas.graph.model import Event, Project
from buendnisatlas.graph.profiles import Profile

from .analysis_graphs import AT, GEMEINDEN, Net

PROFILE = Profile(
    name="test",
    label="Test",
    expected_sectors=("administration", "civil_society", "business"),
    civil_society_sectors=frozenset({"civil_society", "youth"}),
    youth_seats=1,
    dormancy_months=0,
)
DIRECT = frozenset({"direct"})  # shared tables would tie everyone in the committee


def small_alliance(conference: date | None = date(2025, 5, 1)) -> Net:
    """Six members: an office, three associations in a chain, two young persons tied to each other.

    Known numbers: 6 members (4 organisations, 2 persons), sectors administration 1,
    civil society 3, youth 2, business 0; direct ties amt–v1, v1–v2, v2–v3, p1–p2 (4 of 15
    possible, one of them across sectors), two components, v1 and v2 are articulation
    points; members in 2 of the 3 Gemeinden; one of two named topics covered; a committee
    with 4 voting seats (3 civil society) and one youth representative; three
    action-fund projects worth 3 500 €, one youth-fund project of 800 €.
    """
    net = Net(topics=["right_wing_extremism", "antisemitism"])
    net.actor("amt", sector="administration")
    for v in ("v1", "v2", "v3"):
        net.actor(v, ags="15087370", topics=["right_wing_extremism"] if v == "v1" else [])
    net.actor("p1", sector="youth", form="person", name="Lea Beispiel")
    net.actor("p2", sector="youth", form="person", name="Tom Muster", contact="tom@example.org")
    for a, b in [("amt", "v1"), ("v1", "v2"), ("v2", "v3"), ("p1", "p2")]:
        net.coop(a, b)
    ba = net.body("ba", "Begleitausschuss")
    for a in ("amt", "v1", "v2", "v3"):
        net.rel(a, ba, "MEMBER_OF", voting=True)
    net.rel("p1", ba, "MEMBER_OF", role="Jugendvertretung", voting=False)
    for i, (fund, budget) in enumerate(
        [("action_fund", 1000), ("action_fund", 2000), ("action_fund", 500), ("youth_fund", 800)]
    ):
        net.add(Project(id=f"proj{i}", name=f"Projekt {i}", fund=fund, budget=budget))
        net.rel(f"proj{i}", "pfd", "PART_OF")
    if conference:
        net.add(Event(id="konf", name="Demokratiekonferenz Test", subtype="Demokratiekonferenz", date=conference))
        net.rel("konf", "pfd", "PART_OF")
    return net


def values(ind: Indicators) -> dict[str, object]:
    return {i.key: i.value for i in ind.indicators}


def compute(net: Net, threshold: int = 3) -> dict[str, object]:
    return values(alliance_indicators(net.graph(), "pfd", AT, PROFILE, GEMEINDEN, via=DIRECT, threshold=threshold))


def test_hand_made_alliance_has_the_known_numbers() -> None:
    v = compute(small_alliance())
    assert v["members_total"] == 6
    assert v["members_organisations"] == "geschützt"  # 6 − 4 would give the 2 persons away
    assert v["members_sector_civil_society"] == 3
    assert v["members_sector_business"] == 0
    assert v["sectors_present"] == 3
    assert v["sectors_expected_share"] == pytest.approx(2 / 3, abs=1e-4)
    assert v["municipalities_total"] == 3
    assert v["municipalities_covered_share"] == pytest.approx(2 / 3, abs=1e-4)
    assert v["topics_named"] == 2 and v["topics_covered_share"] == 0.5
    assert v["committee_voting_members"] == 4
    # 3 of 4 voting seats: the share would show the one seat outside civil society.
    assert v["committee_civil_society_share"] == "<3"
    assert v["ties"] == 4
    assert v["density"] == pytest.approx(4 / 15, abs=1e-4)
    assert v["components"] == 2
    assert v["cross_sector_share"] == 0.25
    assert v["ei_index"] == -0.5
    assert v["isolated_share"] == 0.0 and v["dormant_share"] == 0.0
    assert v["projects_action_fund"] == 3 and v["budget_action_fund"] == 3500
    assert v["projects_youth_fund"] == 1
    assert v["democracy_conference_held"] is True
    assert v["gaps_missing_sector"] == 1
    assert v["gaps_uncovered_municipality"] == 1
    assert v["gaps_uncovered_topic"] == 1
    assert v["gaps_committee_civil_society_majority"] == 0
    assert v["gaps_committee_youth_seats"] == 0


def test_small_counts_of_actors_are_reported_as_below_three() -> None:
    v = compute(small_alliance())
    # Two persons, one office, two young members, one youth seat, two articulation points: never exact.
    for key in (
        "members_persons",
        "members_sector_administration",
        "members_sector_youth",
        "committee_youth_seats",
        "single_points_of_failure",
        "gaps_single_point_of_failure",
    ):
        assert v[key] == "<3", key
    # One youth-fund grant would show what a single grantee received.
    assert v["budget_youth_fund"] == "<3"
    # Counts of things that single out nobody stay exact even when small.
    assert v["projects_youth_fund"] == 1 and v["gaps_missing_sector"] == 1


def assert_not_deducible(cells: dict[str, object], total: object, threshold: int = 3) -> None:
    """Every hidden cell of a table adding up to ``total`` could have at least two values.

    Brute force over what a reader knows: exact cells, "<3" cells in 1..2, "geschützt"
    cells at least 3 (or anything, when the whole table is hidden).
    """
    hidden = [k for k, x in cells.items() if isinstance(x, str)]
    if not hidden or not isinstance(total, int):
        return
    rest = total - sum(x for x in cells.values() if isinstance(x, int))
    everything = all(x == "geschützt" for x in cells.values())

    def options(k: str) -> range:
        if everything:
            return range(0, rest + 1)
        return range(1, threshold) if cells[k] == f"<{threshold}" else range(threshold, rest + 1)

    def sums(keys: list[str]) -> set[int]:
        reachable = {0}
        for k in keys:
            reachable = {a + b for a in reachable for b in options(k) if a + b <= rest}
        return reachable

    seen = {k: {x for x in options(k) if rest - x in sums([o for o in hidden if o != k])} for k in hidden}
    assert all(len(seen[k]) >= 2 for k in hidden), seen


def test_no_suppressed_count_can_be_worked_out_by_subtraction() -> None:
    v = compute(small_alliance())
    assert_not_deducible({k: v[k] for k in ("members_organisations", "members_persons")}, v["members_total"])
    sectors = {k: v[k] for k in v if k.startswith("members_sector_")}
    assert_not_deducible(sectors, v["members_total"])
    assert list(sectors.values()).count("<3") == 2 and v["members_sector_civil_society"] == 3


@pytest.mark.parametrize(
    "counts",
    [
        {"a": 1, "b": 5, "c": 7},
        {"a": 1, "b": 3, "c": 9, "d": 0},
        {"a": 2, "b": 2, "c": 3},
        {"a": 1, "b": 1, "c": 1},
        {"a": 1, "b": 1, "c": 4, "d": 4},
        {"a": 2, "b": 0, "c": 30},
    ],
)
def test_protect_table_leaves_nothing_to_subtract(counts: dict[str, int]) -> None:
    published = protect_table(counts, 3)
    assert all(published[k] == "<3" or published[k] == "geschützt" for k, n in counts.items() if 0 < n < 3)
    assert_not_deducible(dict(published), sum(counts.values()))


def test_the_threshold_is_configurable() -> None:
    exact = compute(small_alliance(), threshold=1)
    assert exact["members_persons"] == 2 and exact["members_organisations"] == 4
    assert exact["single_points_of_failure"] == 2 and exact["committee_civil_society_share"] == 0.75
    assert exact["budget_youth_fund"] == 800
    strict = compute(small_alliance(), threshold=5)
    assert strict["members_sector_civil_society"] == "<5"
    assert strict["committee_civil_society_share"] == "<5"  # 4 voting seats are fewer than 5
    assert strict["members_total"] == 6


def test_conference_counts_only_in_the_year_of_the_reference_date_and_not_before_it() -> None:
    assert compute(small_alliance(conference=date(2024, 11, 1)))["democracy_conference_held"] is False
    assert compute(small_alliance(conference=date(2025, 10, 1)))["democracy_conference_held"] is False  # after AT
    assert compute(small_alliance(conference=None))["democracy_conference_held"] is False


def test_export_names_the_alliance_only_by_area_key_and_type() -> None:
    net = small_alliance()
    ind = alliance_indicators(net.graph(), "pfd", AT, PROFILE, GEMEINDEN, via=DIRECT)
    text = json.dumps(ind.to_dict(), ensure_ascii=False)
    assert ind.to_dict()["alliance"] == {"ags": "15087", "level": "Kreis", "subtype": "Partnerschaft für Demokratie"}
    for node in net.nodes.values():
        for secret in (node.name, node.contact):
            if secret:
                assert secret not in text, secret
    for node_id in ("amt", "v1", "p1", "p2", "proj0", "konf", "ba"):
        assert f'"{node_id}"' not in text
    assert Indicators.from_dict(json.loads(text)).to_dict() == ind.to_dict()


def test_an_alliance_without_members_or_committee_reports_none_not_zero_division() -> None:
    net = Net()
    v = compute(net)
    assert v["members_total"] == 0
    assert v["committee_voting_members"] is None and v["committee_civil_society_share"] is None
    assert v["isolated_share"] is None and v["cross_sector_share"] is None


def test_doctests() -> None:
    for module in (indicators_module, comparison_module):
        assert doctest.testmod(module).failed == 0
