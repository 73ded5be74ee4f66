"""The gap report on small hand-made alliances: each kind found when it is there, and only then."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date

import networkx as nx
import pytest

from buendnisatlas.graph.gaps import GAP_KINDS, Gap, gaps
from buendnisatlas.graph.profiles import Profile, load_profiles

from .analysis_graphs import AT, GEMEINDEN, RECENT, Net, chain

# A profile that expects nothing, so that each test sees only the kind it builds.
BARE = Profile(
    name="bare",
    label="Test",
    civil_society_sectors=frozenset({"civil_society", "religion", "youth"}),
    dormancy_months=0,  # off unless a test turns it on
)


def kinds(report: list[Gap]) -> list[tuple[str, str]]:
    return [(g.kind, g.subject) for g in report]


def only(report: list[Gap], kind: str) -> Gap:
    found = [g for g in report if g.kind == kind]
    assert len(found) == 1, kinds(report)
    return found[0]


def test_missing_sector_names_the_sector_and_suggests_reachable_outsiders_first() -> None:
    net = Net()
    net.actor("amt", sector="administration")
    net.actor("verein")
    net.actor("firma", sector="business", member=False)
    net.actor("firma-fern", sector="business", member=False, name="Aaa Firma ohne Kontakt")
    net.actor("firma-anderer-kreis", sector="business", ags="15088020", member=False)
    net.actor("unternehmer", sector="business", member=False, form="person")
    net.coop("amt", "verein")
    net.coop("verein", "firma")
    profile = replace(BARE, expected_sectors=("administration", "civil_society", "business"))

    report = gaps(net.graph(), "pfd", AT, profile=profile)

    gap = only(report, "missing_sector")
    assert kinds(report) == [("missing_sector", "business")]
    assert "Wirtschaft" in gap.message
    assert gap.evidence["members_by_sector"] == {"administration": 1, "civil_society": 1}
    # The one with an existing chain of ties comes first; nobody outside the area, no private person.
    assert [s.actor for s in gap.suggestions] == ["firma", "firma-fern"]
    assert [(step["actor"], step["via"]) for step in gap.suggestions[0].path] == [
        ("verein", "start"),
        ("firma", "direct"),
    ]
    assert gap.suggestions[1].path == []

    net.rel("firma", "pfd", "MEMBER_OF", since=RECENT)
    assert "missing_sector" not in {g.kind for g in gaps(net.graph(), "pfd", AT, profile=profile)}


def test_a_former_member_does_not_fill_a_sector() -> None:
    net = Net()
    net.actor("verein")
    net.actor("firma", sector="business", since=date(2019, 1, 1), member=False)
    net.rel("firma", "pfd", "MEMBER_OF", since=date(2019, 1, 1), until=date(2023, 12, 31))
    profile = replace(BARE, expected_sectors=("business",))
    assert kinds(gaps(net.graph(), "pfd", AT, profile=profile)) == [("missing_sector", "business")]
    assert gaps(net.graph(), "pfd", date(2023, 6, 1), profile=profile) == []


def test_uncovered_municipality_with_a_local_candidate_reached_through_a_working_group() -> None:
    net = Net()
    net.actor("eisleben-verein", ags="15087130")
    net.actor("sangerhausen-verein", ags="15087370")
    net.coop("eisleben-verein", "sangerhausen-verein")
    net.actor("schule-hettstedt", sector="education", ags="15087220", member=False)
    net.actor("verein-anderer-kreis", ags="15088020", member=False)
    ak = net.working_group("ak-schule", of_alliance=False)
    net.rel("sangerhausen-verein", ak, "MEMBER_OF", since=RECENT)
    net.rel("schule-hettstedt", ak, "MEMBER_OF", since=RECENT)

    report = gaps(net.graph(), "pfd", AT, profile=BARE, regions=GEMEINDEN)

    gap = only(report, "uncovered_municipality")
    assert kinds(report) == [("uncovered_municipality", "15087220")]
    assert gap.evidence["name"] == "Hettstedt" and "Hettstedt" in gap.message
    (suggestion,) = gap.suggestions
    assert suggestion.actor == "schule-hettstedt"
    assert [(s["actor"], s["via"], s["context"]) for s in suggestion.path] == [
        ("sangerhausen-verein", "start", None),
        ("schule-hettstedt", "working_group", "ak-schule"),
    ]
    assert "Ak-Schule" in suggestion.path_text


def test_without_a_region_table_the_gemeinden_come_from_where_actors_are() -> None:
    net = Net()
    net.actor("verein", ags="15087130")
    net.actor("kirche", sector="religion", ags="15087370", member=False)
    report = gaps(net.graph(), "pfd", AT, profile=BARE)
    assert kinds(report) == [("uncovered_municipality", "15087370")]


def test_uncovered_topic_counts_own_topics_and_working_groups_but_not_the_alliance_itself() -> None:
    net = Net(topics=["antisemitism", "racism", "antigypsyism"])
    net.actor("a", topics=["antisemitism"])
    net.actor("b")
    net.coop("a", "b")
    ak = net.working_group("ak-vielfalt", topics=["racism"])
    net.rel("b", ak, "MEMBER_OF", since=RECENT)
    net.actor("sinti-roma-initiative", topics=["antigypsyism"], member=False, form="initiative")
    net.coop("a", "sinti-roma-initiative")

    report = gaps(net.graph(), "pfd", AT, profile=BARE)

    gap = only(report, "uncovered_topic")
    assert kinds(report) == [("uncovered_topic", "antigypsyism")]
    assert "Antiziganismus" in gap.message
    assert [s.actor for s in gap.suggestions] == ["sinti-roma-initiative"]


def committee_net(voting: dict[str, str], non_voting: dict[str, str] | None = None) -> Net:
    """An alliance whose Bündnis für Demokratie has these voting (and non-voting) members: id → sector."""
    net = Net()
    body = net.body("bfd", "Bündnis für Demokratie")
    for i, sector in {**voting, **(non_voting or {})}.items():
        net.actor(i, sector=sector)
        net.rel(i, body, "MEMBER_OF", voting=i in voting, since=RECENT)  # sitting together ties them
    return net


def test_committee_without_civil_society_majority() -> None:
    net = committee_net(
        {"amt1": "administration", "amt2": "administration", "rat": "politics", "v1": "civil_society", "k": "religion"},
        {"v2": "civil_society", "v3": "civil_society"},
    )
    net.actor("v4")  # a civil-society member of the alliance who is not in the committee
    net.coop("v4", "amt1")
    net.coop("v4", "amt2")

    report = gaps(net.graph(), "pfd", AT, profile=BARE)

    gap = only(report, "committee_civil_society_majority")
    assert kinds(report) == [("committee_civil_society_majority", "bfd")]
    assert gap.severity == "high"
    assert gap.evidence["voting_members"] == 5
    assert gap.evidence["civil_society_votes"] == 2
    assert gap.evidence["majority_needs"] == 3
    assert "2 von 5" in gap.message
    assert [s.actor for s in gap.suggestions][:1] == ["v4"]


def test_committee_with_exactly_half_has_no_majority_and_one_more_vote_has() -> None:
    half = committee_net({"amt": "administration", "rat": "politics", "v1": "civil_society", "j": "youth"})
    assert kinds(gaps(half.graph(), "pfd", AT, profile=BARE)) == [("committee_civil_society_majority", "bfd")]
    majority = committee_net(
        {"amt": "administration", "rat": "politics", "v1": "civil_society", "j": "youth", "k": "religion"}
    )
    assert gaps(majority.graph(), "pfd", AT, profile=BARE) == []


def test_a_membership_that_ended_no_longer_votes() -> None:
    net = committee_net({"amt": "administration", "v1": "civil_society", "v2": "civil_society"})
    net.relations = [
        r.model_copy(update={"until": date(2025, 4, 30)}) if (r.source, r.target) == ("v2", "bfd") else r
        for r in net.relations
    ]
    gap = only(gaps(net.graph(), "pfd", AT, profile=BARE), "committee_civil_society_majority")
    assert gap.evidence["voting_members"] == 2


def youth_net(representatives: int) -> Net:
    net = committee_net({"v1": "civil_society", "v2": "civil_society", "amt": "administration"})
    forum = net.body("jugendforum", "Jugendforum")
    for i in range(3):
        net.actor(f"jugend{i}", sector="youth", form="person")
        net.coop(f"jugend{i}", "v1")
        net.rel(f"jugend{i}", forum, "MEMBER_OF", since=RECENT)
    if representatives >= 1:  # by role
        net.rel("jugend0", "bfd", "MEMBER_OF", voting=True, role="Jugendvertretung", since=RECENT)
    if representatives >= 2:  # by sitting in the Jugendforum
        net.rel("jugend1", "bfd", "MEMBER_OF", voting=True, since=RECENT)
    return net


def test_committee_youth_seats_by_role_or_by_jugendforum() -> None:
    profile = replace(BARE, youth_seats=2)
    report = gaps(youth_net(1).graph(), "pfd", AT, profile=profile)
    gap = only(report, "committee_youth_seats")
    assert kinds(report) == [("committee_youth_seats", "bfd")]
    assert gap.evidence["youth_representatives"] == ["jugend0"]
    assert "1 statt mindestens 2" in gap.message
    assert [s.actor for s in gap.suggestions] == ["jugend1", "jugend2"]

    assert gaps(youth_net(2).graph(), "pfd", AT, profile=profile) == []
    assert kinds(gaps(youth_net(2).graph(), "pfd", AT, profile=replace(profile, youth_seats=3))) == [
        ("committee_youth_seats", "bfd")
    ]


def test_single_point_of_failure_with_what_it_cuts_off_and_a_second_bridge() -> None:
    net = Net()
    chain(net, ["a", "b", "c", "a2"])
    net.coop("a2", "a")  # a ring: no articulation point inside
    net.actor("hub")
    net.coop("hub", "a")
    net.coop("hub", "b")
    chain(net, ["x", "y"])
    net.coop("hub", "x")
    net.coop("hub", "y")
    net.actor("nachbar", member=False)
    net.coop("nachbar", "b")
    net.coop("nachbar", "y")

    report = gaps(net.graph(), "pfd", AT, profile=BARE)

    gap = only(report, "single_point_of_failure")
    assert kinds(report) == [("single_point_of_failure", "hub")]
    assert gap.evidence["cut_off"] == 2
    assert sorted(gap.evidence["cut_off_actors"]) == ["x", "y"]
    assert "2 Mitglieder" in gap.message
    assert [s.actor for s in gap.suggestions] == ["nachbar"]

    net.coop("c", "y")
    assert gaps(net.graph(), "pfd", AT, profile=BARE) == []


def test_isolated_member_and_who_can_introduce_it() -> None:
    net = Net()
    chain(net, ["a", "b"])
    net.actor("einsam")
    net.actor("bekannter", member=False)
    net.coop("b", "bekannter")
    net.coop("bekannter", "einsam")

    report = gaps(net.graph(), "pfd", AT, profile=BARE)

    gap = only(report, "isolated_actor")
    assert kinds(report) == [("isolated_actor", "einsam")]
    (suggestion,) = gap.suggestions
    assert suggestion.actor == "b"
    assert [s["actor"] for s in suggestion.path] == ["b", "bekannter", "einsam"]


def test_membership_in_the_alliance_alone_ties_nobody() -> None:
    net = Net()
    for i in "abc":
        net.actor(i)
    report = gaps(net.graph(), "pfd", AT, profile=BARE)
    assert kinds(report) == [("isolated_actor", "a"), ("isolated_actor", "b"), ("isolated_actor", "c")]


def test_which_ties_count_is_selectable() -> None:
    net = Net()
    chain(net, ["a", "b"])
    net.actor("c")
    ak = net.working_group("ak")
    for member in "abc":
        net.rel(member, ak, "MEMBER_OF", since=RECENT)
    assert gaps(net.graph(), "pfd", AT, profile=BARE) == []
    assert kinds(gaps(net.graph(), "pfd", AT, profile=BARE, via={"direct"})) == [("isolated_actor", "c")]


def test_dormant_members_after_the_profile_s_months() -> None:
    old = date(2019, 1, 1)
    net = Net()
    net.actor("aktiv-konferenz", since=old)
    net.actor("aktiv-projekt", since=old)
    net.actor("neu", since=date(2025, 1, 15))
    net.actor("ruhend-konferenz", since=old)
    net.actor("ruhend-projekt", since=old)
    ring = ["aktiv-konferenz", "neu", "aktiv-projekt", "ruhend-projekt", "ruhend-konferenz", "aktiv-konferenz"]
    for a, b in itertools.pairwise(ring):
        net.coop(a, b, since=old)
    konf_alt, konf_neu = net.event("konferenz-2022", date(2022, 9, 1)), net.event("konferenz-2024", date(2024, 9, 1))
    net.rel("ruhend-konferenz", konf_alt, "PARTICIPATED_IN")
    net.rel("aktiv-konferenz", konf_neu, "PARTICIPATED_IN")
    laufend, alt = net.project("projekt-laufend"), net.project("projekt-2022")
    net.rel("aktiv-projekt", laufend, "LEADS", since=date(2022, 1, 1))
    net.rel("ruhend-projekt", alt, "PARTNER_IN", since=date(2022, 1, 1), until=date(2022, 12, 31))

    report = gaps(net.graph(), "pfd", AT, profile=replace(BARE, dormancy_months=18))

    assert kinds(report) == [("dormant_member", "ruhend-konferenz"), ("dormant_member", "ruhend-projekt")]
    by_actor = {g.subject: g for g in report}
    assert by_actor["ruhend-projekt"].evidence["last_activity"] == "2022-12-31"
    assert "31.12.2022" in by_actor["ruhend-projekt"].message
    # The active contact who could bring them back.
    assert [s.actor for s in by_actor["ruhend-projekt"].suggestions] == ["aktiv-projekt"]
    # A longer window sees the 2022 activity.
    assert gaps(net.graph(), "pfd", AT, profile=replace(BARE, dormancy_months=36)) == []


def test_empty_alliance() -> None:
    net = Net(topics=["racism"])
    net.body("bfd", "Bündnis für Demokratie")
    net.actor("schule", sector="education", member=False)
    report = gaps(net.graph(), "pfd", AT, regions=GEMEINDEN)
    expected_sectors = ["administration", "civil_society", "education", "religion", "business", "youth"]
    assert sorted(kinds(report)) == sorted(
        [("missing_sector", s) for s in expected_sectors]
        + [("uncovered_municipality", ags) for ags in GEMEINDEN]
        + [("uncovered_topic", "racism")]
        + [("committee_civil_society_majority", "bfd"), ("committee_youth_seats", "bfd")]
        # A Bündnis für Demokratie comes with an Ämternetzwerk (profile pfd, companion_bodies).
        + [("missing_companion_body", "Ämternetzwerk")]
    )
    education = next(g for g in report if g.subject == "education")
    assert [s.actor for s in education.suggestions] == ["schule"]
    assert education.suggestions[0].path == []  # no member to start a chain from


def test_one_member_alliance_has_no_network_gaps() -> None:
    net = Net()
    net.actor("amt", sector="administration", ags="15087130")
    report = gaps(net.graph(), "pfd", AT, regions=GEMEINDEN)
    assert {k for k, _ in kinds(report)} == {"missing_sector", "uncovered_municipality"}
    assert ("missing_sector", "administration") not in kinds(report)
    assert sorted(s for k, s in kinds(report) if k == "uncovered_municipality") == ["15087220", "15087370"]


def test_profile_follows_the_alliance_type_and_can_be_overridden() -> None:
    net = Net(subtype="lokale Allianz")
    net.actor("amt", sector="administration")
    report = gaps(net.graph(), "pfd", AT)
    missing = {s for k, s in kinds(report) if k == "missing_sector"}
    assert missing == {"civil_society", "education", "religion", "business"}  # no Jugend for a lokale Allianz

    profiles = load_profiles(text='[alliances.pfd]\nexpected_sectors = ["Verwaltung", "Sport"]')
    custom = profiles.for_alliance("pfd", "lokale Allianz")
    assert {s for k, s in kinds(gaps(net.graph(), "pfd", AT, profile=custom)) if k == "missing_sector"} == {"sports"}


def test_most_severe_first_and_every_kind_is_known() -> None:
    net = Net(topics=["racism"])
    net.actor("amt", sector="administration")
    net.actor("verein")
    report = gaps(net.graph(), "pfd", AT, regions=GEMEINDEN)
    order = {"high": 0, "medium": 1, "low": 2}
    assert [order[g.severity] for g in report] == sorted(order[g.severity] for g in report)
    assert {g.kind for g in report} <= set(GAP_KINDS)
    assert all(g.message and g.to_dict()["kind"] == g.kind for g in report)


def test_unknown_alliance() -> None:
    with pytest.raises(nx.NodeNotFound, match="Kein Bündnis"):
        gaps(Net().graph(), "gibt-es-nicht", AT)


def test_a_lokale_allianz_without_a_kuemmerer_in_one_of_its_gemeinden_gets_that_gap() -> None:
    net = Net(subtype="lokale Allianz")
    net.nodes["pfd"] = net.nodes["pfd"].model_copy(update={"area": ["15087130", "15087370"]})
    net.actor("kuemmerer-eisleben", ags="15087130", form="person")
    net.rel("kuemmerer-eisleben", "pfd", "MEMBER_OF", role="Demokratische Gemeindekümmerin", since=RECENT)
    net.actor("stadt-sangerhausen", sector="administration", ags="15087370")
    net.actor("verein-sangerhausen", ags="15087370")
    net.coop("kuemmerer-eisleben", "stadt-sangerhausen")
    net.coop("stadt-sangerhausen", "verein-sangerhausen")
    report = gaps(net.graph(), "pfd", AT, regions=GEMEINDEN)
    local = [g for g in report if g.kind == "missing_local_role"]
    assert [(g.subject, g.severity) for g in local] == [("15087370", "high")]
    assert "Sangerhausen" in local[0].message and "Stadtkümmerer" in local[0].message
    # Verwaltung and Zivilgesellschaft are there; Schule, Kirche and Unternehmen are not yet.
    assert local[0].evidence["partners_missing_here"] == ["education", "religion", "business"]
    assert "Vor Ort fehlen außerdem Partner aus: Schule/Bildung, Kirche/Religionsgemeinschaft, Wirtschaft" in (
        local[0].message
    )
    # The Gemeinde's own Verwaltung is suggested first: it sets up the post.
    assert [s.actor for s in local[0].suggestions] == ["stadt-sangerhausen", "verein-sangerhausen"]
    assert "Stelle für Sangerhausen einrichten" in local[0].suggestions[0].reason
    # A role that has ended no longer covers the Gemeinde; a PfD profile expects no Kümmerer at all.
    net.relations = [r for r in net.relations if r.role != "Demokratische Gemeindekümmerin"]
    net.rel(
        "kuemmerer-eisleben",
        "pfd",
        "MEMBER_OF",
        role="Gemeindekümmerin",
        since=date(2024, 1, 1),
        until=date(2025, 1, 1),
    )
    assert {g.subject for g in gaps(net.graph(), "pfd", AT, regions=GEMEINDEN) if g.kind == "missing_local_role"} == {
        "15087130",
        "15087370",
    }
    pfd = Net()
    pfd.actor("verein")
    assert not [g for g in gaps(pfd.graph(), "pfd", AT, regions=GEMEINDEN) if g.kind == "missing_local_role"]


def test_a_buendnis_fuer_demokratie_comes_with_an_aemternetzwerk() -> None:
    net = Net()
    net.body("bfd", "Bündnis für Demokratie")
    net.actor("landratsamt", sector="administration")
    report = gaps(net.graph(), "pfd", AT, regions=GEMEINDEN)
    companion = [g for g in report if g.kind == "missing_companion_body"]
    assert [g.subject for g in companion] == ["Ämternetzwerk"]
    assert companion[0].suggestions[0].actor == "landratsamt"
    net.body("aemter", "Ämternetzwerk")
    assert not [g for g in gaps(net.graph(), "pfd", AT, regions=GEMEINDEN) if g.kind == "missing_companion_body"]
