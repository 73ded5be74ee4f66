"""The goals report on small hand-made alliances: every rule kind at its boundaries."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from buendnisatlas.graph.goals import GoalsReport, goals_report
from buendnisatlas.graph.model import Event, Goal, Project

from .analysis_graphs import GEMEINDEN, Net

BA = "ba"


def pfd() -> Net:
    net = Net()
    net.body(BA, "Begleitausschuss")
    return net


def goal(net: Net, check: str | None, id: str = "hz", **attrs: object) -> str:
    net.add(Goal(id=id, name=attrs.pop("name", f"Ziel {id}"), alliance="pfd", checks=check, **attrs))  # type: ignore[arg-type]
    return id


def meeting(net: Net, id: str, day: date, kind: str = "Sitzung", body: str = BA, ags: str | None = None) -> str:
    net.add(Event(id=id, name=f"{kind} {day:%d.%m.%Y}", subtype=kind, date=day, ags=ags))
    net.rel(id, "pfd", "PART_OF")
    net.rel(body, id, "PARTICIPATED_IN")
    return id


def report(net: Net, year: int = 2025) -> GoalsReport:
    return goals_report(net.graph(), "pfd", year, regions=GEMEINDEN, today=date(2026, 11, 22))


def status(net: Net, year: int = 2025, id: str = "hz") -> str:
    return next(g.status for g in report(net, year).goals if g.id == id)


# -- sitzungen --------------------------------------------------------------------------


@pytest.mark.parametrize(("held", "expected"), [(3, "met"), (2, "partly"), (0, "not_met")])
def test_three_meetings_a_year_is_met_two_is_partly_none_is_not(held: int, expected: str) -> None:
    net = pfd()
    goal(net, "sitzungen(gremium=ba, mindestens=3)")
    for i in range(held):
        meeting(net, f"s{i}", date(2025, 2 + 3 * i, 10))
    meeting(net, "s-2024", date(2024, 11, 5))  # last year's meeting does not count
    result = report(net).goals[0]
    assert result.status == expected
    assert result.checks[0].measured == held
    assert [e["id"] for e in result.checks[0].evidence] == [f"s{i}" for i in range(held)]
    if expected != "met":
        assert f"Noch {'einmal' if held == 2 else '3-mal'} „Sitzung“" in result.checks[0].hints[0]


def test_meetings_on_new_year_and_new_years_eve_count_for_their_year() -> None:
    net = pfd()
    goal(net, "sitzungen(gremium=ba, mindestens=2)")
    meeting(net, "jan", date(2025, 1, 1))
    meeting(net, "dez", date(2025, 12, 31))
    meeting(net, "next", date(2026, 1, 1))
    assert status(net, 2025) == "met"
    assert status(net, 2026) == "partly"


def test_an_empty_year_is_not_met_and_an_unknown_body_not_measurable() -> None:
    net = pfd()
    goal(net, "sitzungen(gremium=ba, mindestens=3)")
    goal(net, "sitzungen(gremium=jugendbeirat, mindestens=1)", id="other")
    result = report(net, 2024)
    assert [(g.id, g.status) for g in result.goals] == [("hz", "not_met"), ("other", "not_measurable")]
    assert "„jugendbeirat“ ist nicht erfasst" in result.goals[1].checks[0].message


def test_a_meeting_of_another_body_does_not_count() -> None:
    net = pfd()
    net.body("jf", "Jugendforum")
    goal(net, "sitzungen(gremium=ba, mindestens=1)")
    meeting(net, "jf-1", date(2025, 3, 1), body="jf")
    assert status(net) == "not_met"


# -- teilnahme: half-year edges ---------------------------------------------------------


def conference_net(day: date, attending: int, seated: int = 4) -> Net:
    net = pfd()
    goal(net, "teilnahme(gremium=ba, art=Demokratiekonferenz, halbjahr=1, anteil=50)")
    for i in range(seated):
        net.actor(f"m{i}")
        net.rel(f"m{i}", BA, "MEMBER_OF", voting=True)
    net.add(Event(id="dk", name="Demokratiekonferenz", subtype="Demokratiekonferenz", date=day))
    net.rel("dk", "pfd", "PART_OF")
    for i in range(attending):
        net.rel(f"m{i}", "dk", "PARTICIPATED_IN")
    return net


def test_a_conference_on_30_june_is_in_the_first_half_year() -> None:
    result = report(conference_net(date(2025, 6, 30), attending=2)).goals[0]
    assert result.status == "met"
    assert result.checks[0].measured == 50
    assert "2 von 4 Mitgliedern" in result.checks[0].message


def test_a_conference_on_1_july_is_not_and_the_report_says_when_it_was() -> None:
    result = report(conference_net(date(2025, 7, 1), attending=4)).goals[0]
    assert result.status == "not_met"
    assert "01.07.2025" in result.checks[0].message and "außerhalb" in result.checks[0].message


def test_below_the_share_is_partly_with_the_absent_members_suggested() -> None:
    result = report(conference_net(date(2025, 5, 10), attending=1)).goals[0]
    assert (result.status, result.checks[0].measured) == ("partly", 25)
    assert {s.actor for s in result.checks[0].suggestions} == {"m1", "m2", "m3"}


# -- jugendsitze and zivilgesellschaftliche Mehrheit: the gap report's rules -------------


def youth_net(seats: int) -> Net:
    net = pfd()
    net.body("jf", "Jugendforum")
    goal(net, "jugendsitze(gremium=ba, mindestens=2)")
    for i in range(3):
        net.actor(f"jugend{i}", sector="youth")
        net.rel(f"jugend{i}", "jf", "MEMBER_OF")
    for i in range(seats):
        net.rel(f"jugend{i}", BA, "MEMBER_OF", voting=True)
    return net


@pytest.mark.parametrize(("seats", "expected"), [(2, "met"), (1, "partly"), (0, "not_met")])
def test_youth_seats_agree_with_the_gap_report(seats: int, expected: str) -> None:
    from buendnisatlas.graph.gaps import gaps

    net = youth_net(seats)
    result = report(net).goals[0]
    assert result.status == expected
    gap_kinds = {g.kind for g in gaps(net.graph(), "pfd", date(2025, 12, 31))}
    assert ("committee_youth_seats" in gap_kinds) == (expected != "met")
    if expected != "met":
        assert result.checks[0].suggestions[0].actor == f"jugend{seats}"


def test_civil_society_majority_needs_more_than_half_of_the_votes() -> None:
    net = pfd()
    goal(net, "mehrheit_zivilgesellschaft(gremium=ba)")
    net.actor("amt", sector="administration")
    net.actor("verein", sector="civil_society")
    net.actor("kirche", sector="religion")
    for a in ("amt", "verein"):
        net.rel(a, BA, "MEMBER_OF", voting=True)
    tied = report(net).goals[0]
    assert tied.status == "not_met" and tied.checks[0].suggestions[0].actor == "kirche"
    net.rel("kirche", BA, "MEMBER_OF", voting=True)
    assert status(net) == "met"


# -- projekte -----------------------------------------------------------------------------


@pytest.mark.parametrize(("led", "expected"), [(3, "met"), (2, "partly")])
def test_projects_led_by_members_of_a_body_in_the_year(led: int, expected: str) -> None:
    net = pfd()
    net.body("jf", "Jugendforum")
    goal(net, "projekte(gremium=jf, mindestens=3)")
    net.actor("jugend", sector="youth")
    net.rel("jugend", "jf", "MEMBER_OF")
    net.actor("verein")
    for i in range(led):
        net.project(f"p{i}")
        net.rel("jugend", f"p{i}", "LEADS", since=date(2025, 3, 1), until=date(2025, 9, 30))
    net.project("ended")
    net.rel("jugend", "ended", "LEADS", since=date(2024, 1, 1), until=date(2024, 12, 31))
    net.project("others")
    net.rel("verein", "others", "LEADS", since=date(2025, 1, 1))
    result = report(net).goals[0]
    assert result.status == expected
    assert sorted(e["id"] for e in result.checks[0].evidence) == [f"p{i}" for i in range(led)]


def test_projects_led_by_a_sector_suggest_outsiders_of_that_sector() -> None:
    net = pfd()
    goal(net, "projekte(sektor=Wirtschaft, mindestens=1)")
    net.actor("firma", sector="business", member=False)
    net.actor("verein")
    net.coop("verein", "firma")
    result = report(net).goals[0]
    assert result.status == "not_met"
    suggestion = result.checks[0].suggestions[0]
    assert suggestion.actor == "firma" and "Verein" in suggestion.path_text


# -- veranstaltungen and gemeinden_mit_veranstaltung ----------------------------------


def test_regional_conferences_count_the_gemeinden_of_the_area() -> None:
    net = pfd()
    goal(net, "gemeinden_mit_veranstaltung(art=Regionalkonferenz, mindestens=2)")
    net.actor("stadt-hettstedt", sector="administration", ags="15087220")
    meeting(net, "rk1", date(2025, 2, 20), kind="Regionalkonferenz", ags="15087130")
    meeting(net, "rk2", date(2025, 10, 1), kind="Regionalkonferenz", ags="15087130")  # same Gemeinde again
    result = report(net).goals[0]
    assert (result.status, result.checks[0].measured) == ("partly", 1)
    assert "1 von 3 Gemeinden" in result.checks[0].message
    assert result.checks[0].suggestions[0].actor == "stadt-hettstedt"
    meeting(net, "rk3", date(2025, 11, 1), kind="Regionalkonferenz", ags="15087370")
    assert status(net) == "met"


def test_events_of_a_kind_in_a_half_year() -> None:
    net = pfd()
    goal(net, "veranstaltungen(art=Fachtag, halbjahr=2)")
    meeting(net, "ft", date(2025, 6, 30), kind="Fachtag")
    assert status(net) == "not_met"
    meeting(net, "ft2", date(2025, 7, 1), kind="Fachtag")
    assert status(net) == "met"


# -- sektor_in_projekten ----------------------------------------------------------------


def test_business_in_a_project_on_racism_in_the_first_half_year() -> None:
    net = pfd()
    goal(net, "sektor_in_projekten(sektor=Wirtschaft, thema=Rassismus, halbjahr=1)")
    net.actor("firma", sector="business")
    net.project("azubis", topics=["racism"])
    net.rel("firma", "azubis", "PARTNER_IN", since=date(2025, 7, 1))
    late = report(net).goals[0]
    assert late.status == "not_met"
    assert late.checks[0].suggestions[0].actor == "firma"  # a member of the sector who could join
    net.relations[-1] = net.relations[-1].model_copy(update={"since": date(2025, 6, 30)})
    assert status(net) == "met"


# -- the cascade ------------------------------------------------------------------------


def test_parents_take_their_status_from_their_children_and_unserved_goals_are_named() -> None:
    net = pfd()
    net.add(Goal(id="lz", name="Leitziel", goal_level="Leitziel", alliance="pfd"))
    net.add(Goal(id="mz", name="Mittlerziel", goal_level="Mittlerziel", parent_goal="lz"))
    net.add(Goal(id="hz1", name="Tagen", parent_goal="mz", checks="sitzungen(gremium=ba, mindestens=1)"))
    net.add(Goal(id="hz2", name="Begegnung", parent_goal="mz"))
    net.add(Goal(id="fremd", name="Ziel eines anderen Bündnisses", alliance="anderes"))
    net.add(Goal(id="alt", name="Ziel von 2020", alliance="pfd", valid_until=date(2020, 12, 31)))
    meeting(net, "s1", date(2025, 4, 1))
    net.rel(BA, "hz1", "SERVES")
    result = report(net)
    assert [(g.id, g.status) for g in result.goals] == [
        ("lz", "met"),
        ("mz", "met"),
        ("hz1", "met"),
        ("hz2", "not_measurable"),
    ]
    assert [g.id for g in result.unserved] == ["hz2"]
    assert result.goals[2].served_by[0]["name"] == "Ba"


def test_a_project_serving_a_goal_counts_for_the_alliance_even_if_not_part_of_it() -> None:
    net = pfd()
    goal(net, "projekte(mindestens=1)")
    net.add(Project(id="fremdprojekt", name="Fremdes Projekt"))
    net.actor("verein")
    net.rel("verein", "fremdprojekt", "LEADS", since=date(2025, 1, 1))
    assert status(net) == "not_met"
    net.rel("fremdprojekt", "hz", "SERVES")
    assert status(net) == "met"


@pytest.mark.parametrize(
    ("check", "message"),
    [
        ("tagen(gremium=ba)", "unbekannte Prüfung „tagen“"),
        ("sitzungen(gremium=ba)", "es fehlt mindestens"),
        ("sitzungen(gremium=ba, mindestens=3, farbe=rot)", "unbekannter Parameter „farbe“"),
        ("teilnahme(gremium=ba, art=Demokratiekonferenz, halbjahr=3)", "kein Halbjahr"),
        ("sektor_in_projekten(sektor=Raumfahrt)", "unbekannter Wert „Raumfahrt“"),
    ],
)
def test_unknown_rules_and_bad_parameters_are_refused_in_german(check: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Goal(id="hz", name="Ziel", checks=check)


def test_goals_whose_parents_form_a_circle_are_still_reported() -> None:
    net = pfd()
    net.add(Goal(id="a", name="A", goal_level="Mittlerziel", alliance="pfd", parent_goal="b"))
    net.add(Goal(id="b", name="B", goal_level="Mittlerziel", alliance="pfd", parent_goal="a"))
    assert [g.id for g in report(net).goals] == ["a", "b"]


def test_a_project_of_another_year_no_longer_serves_and_every_rule_is_evaluated() -> None:
    from buendnisatlas.graph.goals import _Year
    from buendnisatlas.graph.rules import RULES

    net = pfd()
    goal(net, None)
    net.actor("verein")
    net.project("alt")
    net.rel("verein", "alt", "LEADS", since=date(2023, 1, 1), until=date(2023, 12, 31))
    net.rel("alt", "hz", "SERVES")
    assert [g.id for g in report(net, 2023).unserved] == []
    assert [g.id for g in report(net, 2025).unserved] == ["hz"]
    assert all(hasattr(_Year, f"rule_{name}") for name in RULES)
