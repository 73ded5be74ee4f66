"""Referral lookup as a helper meets it: the right service first, why it matched, how fresh, who knows them.

The network is a small hand-made one in the canonical import format, loaded into a real
SQLite file; the lookup reads the graph ``store.subgraph()`` returns.
"""

from __future__ import annotations

import doctest
import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import networkx as nx
import pytest

from buendnisatlas.graph import referral as referral_module
from buendnisatlas.graph.referral import (
    ReferralAnswer,
    ServiceIndex,
    UnknownOrigin,
    UnknownTopic,
    UnknownValue,
    directory,
    find_services,
    stale_cutoff,
)
from buendnisatlas.graph.regions import AmbiguousPlace, RegionIndex, UnknownPlace, reference_regions
from buendnisatlas.graph.sqlite_store import SqliteStore
from buendnisatlas.importers.canonical import import_canonical

from .conftest import CliResult, write_csv

TODAY = date(2025, 6, 1)


def network_csv(today: date) -> dict[str, str]:
    """A fictional corner of Sachsen-Anhalt and Thüringen; dates relative to ``today``."""
    recent = (today - timedelta(days=30)).isoformat()
    old = (today - timedelta(days=800)).isoformat()
    elements = f"""id;name;typ;art;sektor;gemeinde;gebiet;themen;zielgruppen;sprachen;kanaele;sichtbarkeit;kontakt;oeffnungszeiten;anonym;kosten;krisenfaehig;geprueft_am
pfd;PfD Mansfeld-Südharz;Bündnis;Partnerschaft für Demokratie;;;15087;Rechtsextremismus;;;;öffentlich;;;;;;
verein;Buntes Sangerhausen e.V.;Organisation;;Zivilgesellschaft;15087370;;;;;;öffentlich;;;;;;
anna;Anna Schmidt;Person;;Jugend;15087370;;;;;;;;;;;;
stille;Stille Initiative;Initiative;;Zivilgesellschaft;15087130;;;;;;netzwerk;;;;;;
miteinander;Miteinander e.V.;Organisation;;Beratung;;;;;;;öffentlich;;;;;;
lokal;Lokale Hilfe Sangerhausen e.V.;Organisation;;Beratung;15087370;;;;;;öffentlich;;;;;;
kreistraeger;Kreisjugendring MSH;Organisation;;Jugend;;;;;;;öffentlich;;;;;;
bund;Bundesverband Beratung;Organisation;;Beratung;;;;;;;öffentlich;;;;;;
s-gem;Beratung Sangerhausen;Beratungsangebot;Opferberatung;;;15087370;Rechtsextremismus;Betroffene;de;vor Ort;öffentlich;03464 000;Mo-Fr 9-16 Uhr;ja;kostenfrei;nein;{recent}
s-kreis;Mobile Beratung Mansfeld-Südharz;Beratungsangebot;Mobile Beratung;;;15087;Rechtsextremismus;Kommunen|Fachkräfte;;vor Ort|Telefon;öffentlich;;;;;;{recent}
s-land;Opferberatung Sachsen-Anhalt;Beratungsangebot;Opferberatung;;;15;Rechtsextremismus;Betroffene|Angehörige;de|ar;Telefon|Video;öffentlich;0391 000;;ja;kostenfrei;ja;{old}
s-intern;Interne Fallberatung;Beratungsangebot;Opferberatung;;;15087;Rechtsextremismus;;;;netzwerk;;;;;;{recent}
s-rias;RIAS Sachsen-Anhalt;Beratungsangebot;Meldestelle;;;15;Antisemitismus;;;Formular;öffentlich;;;;;;{recent}
s-de;Hilfetelefon bundesweit;Beratungsangebot;Hotline;;;DE;Rechtsextremismus|Rassismus;;de|en|ar|tr;Telefon|Chat;öffentlich;0800 000;rund um die Uhr;ja;kostenfrei;ja;
"""
    relations = """von;nach;typ;seit;bis
verein;pfd;Mitglied;2020-01-01;
anna;pfd;Mitglied;2021-01-01;
stille;pfd;Mitglied;2021-01-01;
anna;miteinander;Kooperation;2022-01-01;
stille;kreistraeger;Kooperation;2022-01-01;
verein;lokal;Kooperation;2023-01-01;
verein;bund;Kooperation;2018-01-01;2020-12-31
miteinander;s-land;bietet_an;;
lokal;s-gem;bietet_an;;
kreistraeger;s-kreis;bietet_an;;
bund;s-de;bietet_an;;
"""
    regions = """ags;name;ebene
15087;Mansfeld-Südharz;Kreis
15087370;Sangerhausen;Gemeinde
15087130;Lutherstadt Eisleben;Gemeinde
15088;Saalekreis;Kreis
15088999;Neustadt;Gemeinde
16074;Saale-Holzland-Kreis;Kreis
16074999;Neustadt;Gemeinde
11000000;Berlin;Gemeinde
"""
    return {"elemente.csv": elements, "beziehungen.csv": relations, "regionen.csv": regions}


def load_network(folder: Path, db: Path, today: date) -> SqliteStore:
    for name, text in network_csv(today).items():
        write_csv(folder, name, text)
    store = SqliteStore(db)
    import_canonical(store, [folder])
    return store


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> ServiceIndex:
    tmp = tmp_path_factory.mktemp("referral")
    store = load_network(tmp / "netz", tmp / "atlas.db", TODAY)
    regions = RegionIndex([*reference_regions(), *store.find_regions()])
    graph = store.subgraph()
    store.close()
    return ServiceIndex(graph, regions)


@pytest.fixture
def ask(index: ServiceIndex) -> Callable[..., ReferralAnswer]:
    def lookup(**kwargs: object) -> ReferralAnswer:
        kwargs.setdefault("today", TODAY)
        return index.find(**kwargs)  # type: ignore[arg-type]

    return lookup


def ids(answer: ReferralAnswer) -> list[str]:
    return [r.id for r in answer.results]


# -- coverage hierarchy ------------------------------------------------------------------------


def test_the_most_local_service_comes_first(ask: Callable[..., ReferralAnswer]) -> None:
    answer = ask(topic="Rechtsextremismus", place="Sangerhausen")
    assert ids(answer) == ["s-gem", "s-intern", "s-kreis", "s-land", "s-de"]
    assert [r.coverage_level for r in answer.results] == ["Gemeinde", "Kreis", "Kreis", "Land", "bundesweit"]
    assert answer.fallback is None
    assert answer.results[0].reasons[0] == "zuständig für Sangerhausen (Gemeinde)"


def test_a_gemeinde_service_does_not_appear_elsewhere(ask: Callable[..., ReferralAnswer]) -> None:
    answer = ask(topic="Rechtsextremismus", place="Eisleben")
    assert answer.place.ags == "15087130"
    assert "s-gem" not in ids(answer)
    assert ids(answer)[:2] == ["s-intern", "s-kreis"]
    outside = ask(topic="Rechtsextremismus", place="15088999")
    assert ids(outside) == ["s-land", "s-de"]


def test_a_kreis_lists_services_for_parts_of_it_separately(ask: Callable[..., ReferralAnswer]) -> None:
    answer = ask(topic="Rechtsextremismus", place="Mansfeld-Südharz")
    assert "s-gem" not in ids(answer)
    assert [r.id for r in answer.partial] == ["s-gem"]
    assert answer.partial[0].reasons[0] == "zuständig nur für einen Teil: Sangerhausen"


def test_place_by_key_with_spaces_and_by_spelling_without_umlauts(ask: Callable[..., ReferralAnswer]) -> None:
    assert ask(topic="Rechtsextremismus", place="15 0 87 370").place.name == "Sangerhausen"
    assert ask(topic="Rechtsextremismus", place="mansfeld suedharz").place.ags == "15087"


def test_a_key_the_table_does_not_list_still_finds_the_lands_services(ask: Callable[..., ReferralAnswer]) -> None:
    answer = ask(topic="Rechtsextremismus", place="15089123")
    assert ids(answer) == ["s-land", "s-de"]
    assert any("nicht im Gebietsverzeichnis" in hint for hint in answer.hints)


# -- filters -------------------------------------------------------------------------------------


def test_language_filter_drops_services_that_list_other_languages(ask: Callable[..., ReferralAnswer]) -> None:
    answer = ask(topic="Rechtsextremismus", place="Sangerhausen", language="Arabisch")
    assert "s-gem" not in ids(answer)  # speaks German only
    assert ids(answer) == ["s-intern", "s-kreis", "s-land", "s-de"]  # Kreis services say nothing: kept
    by_id = {r.id: r for r in answer.results}
    assert by_id["s-land"].language_match is True and "Sprache Arabisch" in by_id["s-land"].reasons
    assert by_id["s-kreis"].language_match is None and "Sprache Arabisch: keine Angabe" in by_id["s-kreis"].reasons
    assert answer.excluded == {"language": 1}
    assert any("passen nicht" in hint for hint in answer.hints)


def test_explicit_matches_rank_before_services_that_say_nothing(ask: Callable[..., ReferralAnswer]) -> None:
    answer = ask(topic="Rechtsextremismus", place="15088999", target_group="Angehörige")
    assert ids(answer) == ["s-land", "s-de"]
    assert answer.results[0].target_group_match is True
    assert answer.results[1].target_group_match is None


def test_target_group_filter(ask: Callable[..., ReferralAnswer]) -> None:
    answer = ask(topic="Rechtsextremismus", place="Sangerhausen", target_group="Kommunen")
    # The Opferberatungen serve Betroffene and Angehörige: out. Same Kreis level: the explicit
    # match ranks before the service that says nothing about its target groups.
    assert ids(answer) == ["s-kreis", "s-intern", "s-de"]
    assert [r.target_group_match for r in answer.results] == [True, None, None]
    assert answer.excluded == {"target_group": 2}


# -- errors ---------------------------------------------------------------------------------------


def test_unknown_topic_lists_the_known_ones(ask: Callable[..., ReferralAnswer]) -> None:
    with pytest.raises(UnknownTopic) as caught:
        ask(topic="Wetter", place="Sangerhausen")
    assert "Rechtsextremismus" in str(caught.value) and "Antisemitismus" in str(caught.value)
    assert "Hass im Netz" in caught.value.known


def test_unknown_place_suggests_a_close_name(ask: Callable[..., ReferralAnswer]) -> None:
    with pytest.raises(UnknownPlace) as caught:
        ask(topic="Rechtsextremismus", place="Sangerhasuen")
    assert "Meinten Sie: Sangerhausen (Gemeinde, Mansfeld-Südharz, Sachsen-Anhalt) – AGS 15087370" in str(caught.value)
    with pytest.raises(UnknownPlace, match="Gemeindeschlüssel"):
        ask(topic="Rechtsextremismus", place="Atlantis")
    with pytest.raises(UnknownPlace):
        ask(topic="Rechtsextremismus", place="99123456")  # no Land 99


def test_unknown_language_and_target_group(ask: Callable[..., ReferralAnswer]) -> None:
    with pytest.raises(UnknownValue, match=r"Unbekannte Sprache „Klingonisch“.*Arabisch"):
        ask(topic="Rechtsextremismus", place="Sangerhausen", language="Klingonisch")
    with pytest.raises(UnknownValue, match="Zielgruppe"):
        ask(topic="Rechtsextremismus", place="Sangerhausen", target_group="Außerirdische")


def test_ambiguous_name_lists_the_candidates(ask: Callable[..., ReferralAnswer]) -> None:
    with pytest.raises(AmbiguousPlace) as caught:
        ask(topic="Rechtsextremismus", place="Neustadt")
    # The file's two Neustadts among Germany's many, each with its Kreis and Land.
    assert {"15088999", "16074999"} <= {r.ags for r in caught.value.candidates}
    assert len(caught.value.candidates) > 2
    message = str(caught.value)
    assert "Saalekreis, Sachsen-Anhalt" in message and "Saale-Holzland-Kreis, Thüringen" in message


def test_nested_namesakes_mean_the_innermost(ask: Callable[..., ReferralAnswer]) -> None:
    # Berlin is a Land and a Gemeinde: the same place, not an ambiguity.
    assert ask(topic="Rechtsextremismus", place="Berlin").place.ags == "11000000"


# -- warm paths ----------------------------------------------------------------------------------


def test_warm_path_from_the_alliance(ask: Callable[..., ReferralAnswer]) -> None:
    answer = ask(topic="Rechtsextremismus", place="Sangerhausen", origin="pfd")
    paths = {r.id: r.warm_path for r in answer.results}
    assert paths["s-land"] is not None
    assert paths["s-land"].text == (
        "Anna Schmidt in Ihrem Bündnis arbeitet mit Miteinander e.V. (Träger des Angebots) zusammen."
    )
    assert [s.source for s in paths["s-land"].steps] == ["anna", "anna", "miteinander"]
    assert paths["s-gem"] is not None and "Buntes Sangerhausen e.V." in paths["s-gem"].text
    # The cooperation with the Bundesverband ended in 2020: no warm path any more.
    assert paths["s-de"] is None


def test_warm_path_from_an_actor_names_the_shared_alliance(ask: Callable[..., ReferralAnswer]) -> None:
    answer = ask(topic="Rechtsextremismus", place="Sangerhausen", origin="verein")
    path = {r.id: r.warm_path for r in answer.results}["s-land"]
    assert path is not None
    assert path.text == (
        "Anna Schmidt (mit Ihnen in „PfD Mansfeld-Südharz“) arbeitet mit Miteinander e.V. (Träger des Angebots) zusammen."
    )
    direct = {r.id: r.warm_path for r in answer.results}["s-gem"]
    assert direct is not None and direct.text.startswith("Sie arbeiten mit Lokale Hilfe Sangerhausen e.V.")


def test_public_mode_has_no_path_through_a_person_or_a_non_public_actor(ask: Callable[..., ReferralAnswer]) -> None:
    answer = ask(topic="Rechtsextremismus", place="Sangerhausen", origin="pfd", audience="public")
    paths = {r.id: r.warm_path for r in answer.results}
    assert paths["s-land"] is None  # only the person Anna Schmidt connects
    assert paths["s-kreis"] is None  # only the network-visible Stille Initiative connects
    assert paths["s-gem"] is not None  # public all the way
    # The same asker sees both paths in the coordinators' view.
    full = {r.id: r.warm_path for r in ask(topic="Rechtsextremismus", place="Sangerhausen", origin="pfd").results}
    assert full["s-land"] is not None and full["s-kreis"] is not None


def test_public_mode_shows_only_public_services(ask: Callable[..., ReferralAnswer]) -> None:
    answer = ask(topic="Rechtsextremismus", place="Sangerhausen", audience="public")
    assert "s-intern" not in ids(answer)
    assert "s-intern" in ids(ask(topic="Rechtsextremismus", place="Sangerhausen", audience="network"))


def test_a_non_public_origin_is_unknown_to_the_public(ask: Callable[..., ReferralAnswer]) -> None:
    with pytest.raises(UnknownOrigin):
        ask(topic="Rechtsextremismus", place="Sangerhausen", origin="stille", audience="public")
    with pytest.raises(UnknownOrigin):
        ask(topic="Rechtsextremismus", place="Sangerhausen", origin="s-land")  # a service does not ask


# -- nationwide fallback and next steps --------------------------------------------------------


def test_nothing_local_says_so_and_shows_nationwide_services(ask: Callable[..., ReferralAnswer]) -> None:
    answer = ask(topic="Rassismus", place="Sangerhausen")
    assert answer.fallback == "nationwide"
    assert answer.message.startswith("Kein Angebot vor Ort zu „Rassismus“")
    assert ids(answer) == ["s-de"]
    thuringia = ask(topic="Rechtsextremismus", place="16074999")
    assert (thuringia.fallback, ids(thuringia)) == ("nationwide", ["s-de"])


def test_filters_too_narrow_for_nationwide_relax_them(ask: Callable[..., ReferralAnswer]) -> None:
    answer = ask(topic="Rechtsextremismus", place="16074999", language="Tigrinya")
    assert answer.fallback == "nationwide_any_filter"
    assert ids(answer) == ["s-de"]


def test_a_topic_nobody_covers_points_to_who_can_refer_on(ask: Callable[..., ReferralAnswer]) -> None:
    answer = ask(topic="Hass im Netz", place="Sangerhausen")
    assert answer.fallback == "other_topics"
    assert "weitervermitteln" in answer.message
    assert ids(answer)[0] == "s-gem" and "s-de" in ids(answer)


def test_an_empty_directory_still_names_a_next_step() -> None:
    answer = find_services(nx.MultiDiGraph(), reference_regions(), topic="Rechtsextremismus", place="15", today=TODAY)
    assert answer.results == [] and answer.fallback == "none"
    assert "Nächster Schritt" in answer.message


# -- staleness -----------------------------------------------------------------------------------


def test_stale_entries_are_marked(ask: Callable[..., ReferralAnswer]) -> None:
    by_id = {r.id: r for r in ask(topic="Rechtsextremismus", place="Sangerhausen").results}
    assert by_id["s-land"].stale and by_id["s-land"].verified_on == TODAY - timedelta(days=800)
    assert not by_id["s-gem"].stale
    assert by_id["s-de"].stale and by_id["s-de"].verified_on is None  # never verified


def test_twelve_months_is_the_boundary() -> None:
    cutoff = stale_cutoff(TODAY)
    assert cutoff == date(2024, 6, 1)
    graph = nx.MultiDiGraph()
    for name, verified in (("grenze", cutoff), ("drueber", cutoff - timedelta(days=1))):
        graph.add_node(
            name,
            kind="advisory_service",
            name=name,
            visibility="public",
            topics=["racism"],
            area=["15"],
            verified_on=verified,
        )
    answer = find_services(graph, reference_regions(), topic="racism", place="15", today=TODAY)
    assert {r.id: r.stale for r in answer.results} == {"drueber": True, "grenze": False}


def test_staleness_ranks_after_freshness_at_the_same_level() -> None:
    graph = nx.MultiDiGraph()
    for name, verified in (("A alt", date(2020, 1, 1)), ("B frisch", date(2025, 5, 1))):
        graph.add_node(
            name,
            kind="advisory_service",
            name=name,
            visibility="public",
            topics=["racism"],
            area=["15"],
            verified_on=verified,
        )
    answer = find_services(graph, reference_regions(), topic="racism", place="15", today=TODAY)
    assert ids(answer) == ["B frisch", "A alt"]


# -- directory -----------------------------------------------------------------------------------


def test_directory_filters_and_respects_the_audience(index: ServiceIndex) -> None:
    everything = directory(index.G, index.regions, today=TODAY)
    assert len(everything) == 6
    public = directory(index.G, index.regions, audience="public", today=TODAY)
    assert "s-intern" not in {e["id"] for e in public} and len(public) == 5
    antisemitism = directory(index.G, index.regions, topic="Antisemitismus", today=TODAY)
    assert [e["id"] for e in antisemitism] == ["s-rias"]
    here = directory(index.G, index.regions, place="Eisleben", service_type="opferberatung", today=TODAY)
    assert [e["id"] for e in here] == ["s-intern", "s-land"]
    land = next(e for e in everything if e["id"] == "s-land")
    assert land["area_names"] == ["Sachsen-Anhalt"] and land["operators"] == [
        {"id": "miteinander", "name": "Miteinander e.V."}
    ]


def test_docstring_examples_run() -> None:
    assert doctest.testmod(referral_module).failed == 0


# -- command line --------------------------------------------------------------------------------


@pytest.fixture
def loaded(cli: Callable[..., CliResult], tmp_path: Path, db_path: Path) -> Callable[..., CliResult]:
    load_network(tmp_path / "netz", db_path, date.today()).close()
    return cli


def test_cli_referral_reads_in_seconds(loaded: Callable[..., CliResult]) -> None:
    result = loaded(
        "referral", "--topic", "Rechtsextremismus", "--ort", "Sangerhausen", "--from", "PfD Mansfeld-Südharz"
    )
    assert result.code == 0, result.err
    out = result.out
    assert (
        out.index("1. Beratung Sangerhausen")
        < out.index("3. Mobile Beratung Mansfeld-Südharz")
        < out.index("Opferberatung Sachsen-Anhalt")
    )
    assert "Kontakt: 03464 000" in out and "Erreichbar: Mo-Fr 9-16 Uhr · vor Ort · Deutsch" in out
    land = out[out.index("Opferberatung Sachsen-Anhalt") :]
    assert "⚠ älter als 12 Monate" in land.split("\n\n")[0]
    assert "Kontaktweg: Anna Schmidt in Ihrem Bündnis arbeitet mit Miteinander e.V." in out
    assert "in akuten Krisen erreichbar" in land


def test_cli_referral_json(loaded: Callable[..., CliResult]) -> None:
    result = loaded("referral", "--topic", "Rechtsextremismus", "--ags", "15087130", "--language", "ar", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["place"]["name"] == "Lutherstadt Eisleben"
    assert [r["id"] for r in data["results"]] == ["s-intern", "s-kreis", "s-land", "s-de"]
    assert data["results"][2]["stale"] is True and data["results"][0]["stale"] is False


def test_cli_public_mode_hides_non_public_services_and_paths(loaded: Callable[..., CliResult]) -> None:
    result = loaded("referral", "--topic", "Rechtsextremismus", "--ort", "Sangerhausen", "--from", "pfd", "--public")
    assert result.code == 0, result.err
    assert "Interne Fallberatung" not in result.out
    assert "Anna Schmidt" not in result.out and "Stille Initiative" not in result.out
    assert "Kontaktweg: niemand im Netzwerk bekannt" in result.out
    hidden = loaded("referral", "--topic", "Rechtsextremismus", "--ort", "Sangerhausen", "--from", "anna", "--public")
    missing = loaded("referral", "--topic", "Rechtsextremismus", "--ort", "Sangerhausen", "--from", "xyz", "--public")
    assert hidden.code == missing.code == 1 and "nicht sichtbar" in hidden.err
    # a hidden origin is answered exactly like one that does not exist: asking confirms nothing
    assert hidden.err.replace("anna", "?") == missing.err.replace("xyz", "?")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--topic", "Wetter", "--ort", "Sangerhausen"), "Bekannte Themen: Rechtsextremismus"),
        (("--ort", "Sangerhausen"), "Bitte ein Thema angeben"),
        (("--topic", "Rassismus"), "Bitte einen Ort angeben"),
        (("--topic", "Rassismus", "--ort", "Neustadt"), "nicht eindeutig"),
        (("--topic", "Rassismus", "--ort", "Atlantis"), "Unbekannter Ort „Atlantis“"),
        (("--topic", "Rassismus", "--ort", "Neustadt", "--ags", "15"), "nur eines angeben"),
        (("--topic", "Rassismus", "--ags", "15", "--from", "niemand"), "--from: Nichts mit der Kennung"),
        (("--topic", "Rassismus", "--ags", "15", "--from", "s-de"), "kein Akteur und kein Bündnis"),
    ],
)
def test_cli_referral_errors_are_german_and_exit_1(
    loaded: Callable[..., CliResult], args: tuple[str, ...], message: str
) -> None:
    result = loaded("referral", *args)
    assert result.code == 1
    assert message in result.err and "Traceback" not in result.err


def test_cli_nationwide_fallback_says_so(loaded: Callable[..., CliResult]) -> None:
    result = loaded("referral", "--topic", "Rassismus", "--ort", "Sangerhausen")
    assert result.code == 0
    assert "Kein Angebot vor Ort zu „Rassismus“" in result.out and "Hilfetelefon bundesweit" in result.out


def test_cli_services_directory(loaded: Callable[..., CliResult]) -> None:
    result = loaded("services")
    assert result.code == 0
    assert "6 Beratungsangebote" in result.out and "Interne Fallberatung" in result.out
    public = loaded("services", "--public", "--csv")
    assert public.code == 0
    header, *rows = public.out.strip().splitlines()
    assert header.split(";")[:3] == ["id", "angebot", "art"]
    assert len(rows) == 5 and "Interne Fallberatung" not in public.out
    stale = loaded("services", "--stale", "--json")
    assert sorted(e["id"] for e in json.loads(stale.out)["services"]) == ["s-de", "s-land"]
    empty = loaded("services", "--topic", "Hass im Netz")
    assert empty.code == 0 and "Keine Beratungsangebote gefunden" in empty.out


def test_warm_paths_are_shortest_chains_on_random_networks() -> None:
    """Compare with networkx shortest paths over the same ties (services only as ends)."""
    import random

    from buendnisatlas.graph.referral import MAX_PATH_HOPS, warm_paths

    rng = random.Random(7)
    for _ in range(20):
        G = nx.MultiDiGraph()
        actors = [f"a{i}" for i in range(40)]
        for a in actors:
            G.add_node(a, kind="actor", form="organisation", name=a, visibility="public")
        for i in range(3):
            G.add_node(f"b{i}", kind="alliance", name=f"b{i}", visibility="public")
        for i in range(10):
            G.add_node(f"s{i}", kind="advisory_service", name=f"s{i}", visibility="public")
            G.add_edge(rng.choice(actors), f"s{i}", type="OFFERS")
            if rng.random() < 0.5:
                G.add_edge(rng.choice(actors), f"s{i}", type="REFERS_TO")
        for _ in range(35):
            a, b = rng.sample(actors, 2)
            G.add_edge(a, b, type="COOPERATES_WITH")
        for a in rng.sample(actors, 15):
            G.add_edge(a, f"b{rng.randrange(3)}", type="MEMBER_OF")
        plain = nx.Graph(G.to_undirected())
        between = plain.subgraph(n for n in plain if not n.startswith("s"))
        origin = rng.choice(["b0", *actors[:5]])
        paths = warm_paths(G, origin, [f"s{i}" for i in range(10)], today=TODAY)
        for i in range(10):
            lengths = [
                nx.shortest_path_length(between, origin, u) + 1
                for u in plain[f"s{i}"]
                if nx.has_path(between, origin, u)
            ]
            expected = min(lengths) if lengths and min(lengths) <= MAX_PATH_HOPS else None
            got = paths.get(f"s{i}")
            assert (got.hops if got else None) == expected, (origin, i)
            if got:  # the steps form one chain from the origin to the service
                here = origin
                for step in got.steps:
                    assert here in (step.source, step.target)
                    here = step.target if here == step.source else step.source
                assert here == f"s{i}"
