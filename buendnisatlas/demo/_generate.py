#!/usr/bin/env python3
"""Generate the demo network ``elemente.csv`` and ``beziehungen.csv``.

A fictional Partnerschaft für Demokratie in the real Landkreis Mansfeld-Südharz
(AGS 15087). All organisations except public institutions, and all persons, are
invented. The gaps built in on purpose are described in ``LUECKEN.md`` next to this
file; keep both in step when changing anything here.

Deterministic, standard library only:  ``python3 _generate.py``  (writes next to itself).
"""

from __future__ import annotations

import csv
from pathlib import Path

HERE = Path(__file__).resolve().parent

ELEMENT_COLUMNS = [
    "id",
    "name",
    "typ",
    "art",
    "sektor",
    "gemeinde",
    "gebiet",
    "themen",
    "zielgruppen",
    "sprachen",
    "kanaele",
    "sichtbarkeit",
    "datum",
    "fonds",
    "budget",
    "kontakt",
    "adresse",
    "telefon",
    "email",
    "webseite",
    "anonym",
    "kosten",
    "oeffnungszeiten",
    "zugang",
    "barrierefreiheit",
    "krisenfaehig",
    "geprueft_am",
    "ebene",
    "ziel_von",
    "buendnis",
    "zieltext",
    "gilt_ab",
    "gilt_bis",
    "pruefung",
    "notiz",
]
RELATION_COLUMNS = ["von", "nach", "typ", "rolle", "stimmberechtigt", "seit", "bis", "gewicht"]

# --- Gemeinden of the Landkreis Mansfeld-Südharz (real AGS keys) --------------------------
AHL = "15087010"  # Ahlsdorf
ALL = "15087015"  # Allstedt
ARN = "15087031"  # Arnstein            <- gap (b): no active member here
BEN = "15087045"  # Benndorf
BER = "15087055"  # Berga
BLA = "15087070"  # Blankenheim
BOR = "15087075"  # Bornstedt
BRH = "15087101"  # Brücken-Hackpfüffel
EDE = "15087125"  # Edersleben
EIS = "15087130"  # Lutherstadt Eisleben
GER = "15087165"  # Gerbstedt
HEL = "15087205"  # Helbra
HER = "15087210"  # Hergisdorf
HET = "15087220"  # Hettstedt
KEL = "15087250"  # Kelbra (Kyffhäuser)
KLO = "15087260"  # Klostermansfeld
MAN = "15087275"  # Mansfeld
SGH = "15087370"  # Sangerhausen
SEE = "15087386"  # Seegebiet Mansfelder Land
SUE = "15087412"  # Südharz
WAL = "15087440"  # Wallhausen          <- gap (b): no active member here
WIM = "15087470"  # Wimmelburg

KREIS = "15087"
PFD = "pfd-msh"

# Sector labels (German, as in graph/vocab.py)
V, P, Z, S, K, W, J = (
    "Verwaltung",
    "Politik",
    "Zivilgesellschaft",
    "Schule/Bildung",
    "Kirche/Religionsgemeinschaft",
    "Wirtschaft",
    "Jugend",
)
SP, KU, MO, PJ, ME, WI, BE = (
    "Sport",
    "Kultur",
    "Migrantenorganisation",
    "Polizei/Justiz",
    "Medien",
    "Wissenschaft",
    "Beratung",
)

# Topic labels
RE, AS, RA, AZ = "Rechtsextremismus", "Antisemitismus", "Rassismus", "Antiziganismus"
DB, PA, HN = "Demokratiebildung", "Partizipation", "Hass im Netz"
MF, QF, VI = "Islam- und Muslimfeindlichkeit", "Homosexuellen- und Transfeindlichkeit", "Verschwörungsideologien"
AD, GP, AU, SK = (
    "Antidiskriminierung",
    "Gewaltprävention",
    "Ausstieg und Distanzierung",
    "Schutz kommunaler Amts- und Mandatsträger:innen",
)

elements: list[dict[str, str]] = []
relations: list[dict[str, str]] = []


def el(id: str, name: str, typ: str, **fields: str) -> str:
    row = {"id": id, "name": name, "typ": typ}
    for key, value in fields.items():
        if key not in ELEMENT_COLUMNS:
            raise KeyError(key)
        row[key] = value
    elements.append(row)
    return id


def actor(
    id: str,
    name: str,
    sektor: str,
    gemeinde: str,
    sicht: str = "öffentlich",
    typ: str = "Organisation",
    art: str = "",
    themen: str = "",
    kontakt: str = "",
    webseite: str = "",
    notiz: str = "",
) -> str:
    return el(
        id,
        name,
        typ,
        art=art,
        sektor=sektor,
        gemeinde=gemeinde,
        sichtbarkeit=sicht,
        themen=themen,
        kontakt=kontakt,
        webseite=webseite,
        notiz=notiz,
    )


def person(
    id: str, name: str, sektor: str, gemeinde: str, notiz: str, sicht: str = "vertraulich", themen: str = ""
) -> str:
    return el(id, name, "Person", sektor=sektor, gemeinde=gemeinde, sichtbarkeit=sicht, themen=themen, notiz=notiz)


def rel(
    von: str, nach: str, typ: str, rolle: str = "", stimm: str = "", seit: str = "", bis: str = "", gewicht: str = ""
) -> None:
    relations.append(
        {
            "von": von,
            "nach": nach,
            "typ": typ,
            "rolle": rolle,
            "stimmberechtigt": stimm,
            "seit": seit,
            "bis": bis,
            "gewicht": gewicht,
        }
    )


def mail(slug: str) -> str:
    return f"kontakt@{slug}.example"


# =========================================================================================
# Alliances
# =========================================================================================
el(
    PFD,
    "Partnerschaft für Demokratie Mansfeld-Südharz",
    "Bündnis",
    art="Partnerschaft für Demokratie",
    gebiet=KREIS,
    themen="|".join([RE, AS, RA, AZ, DB, PA, HN]),
    sichtbarkeit="öffentlich",
    kontakt="pfd@mansfelder-bildungswerk.example",
    webseite="https://pfd-msh.example",
    notiz="Fiktive Partnerschaft für Demokratie im realen Landkreis Mansfeld-Südharz (Demo-Netzwerk).",
)
LA = el(
    "lokale-allianz-goldene-aue",
    "Lokale Allianz für Demokratie Goldene Aue",
    "Bündnis",
    art="lokale Allianz",
    gebiet=f"{KEL}|{BER}",
    themen=f"{RE}|{PA}",
    sichtbarkeit="öffentlich",
    notiz="Kleine Allianz in Kelbra und Berga; die Ev. Kirchengemeinde Kelbra ist ihr Bindeglied zur Partnerschaft.",
)

# =========================================================================================
# Actors
# =========================================================================================
# --- Verwaltung -------------------------------------------------------------------------
actor(
    "lk-msh-jugendamt",
    "Landkreis Mansfeld-Südharz – Jugendamt",
    V,
    SGH,
    art="Behörde",
    themen=f"{DB}|{PA}",
    kontakt="jugendamt@lk-msh.example",
    notiz="Federführendes Amt der Partnerschaft.",
)
actor(
    "stadt-sangerhausen-ordnungsamt",
    "Stadtverwaltung Sangerhausen – Ordnungsamt",
    V,
    SGH,
    art="Behörde",
    themen=f"{RE}|{GP}",
)
actor(
    "lk-msh-integration",
    "Landkreis Mansfeld-Südharz – Integrations- und Migrationsbeauftragte",
    V,
    SGH,
    art="Behörde",
    themen=f"{RA}|{PA}|{AD}",
)
actor(
    "stadt-eisleben-bks",
    "Stadtverwaltung Lutherstadt Eisleben – Amt für Bildung, Kultur und Soziales",
    V,
    EIS,
    art="Behörde",
    themen=f"{DB}|{AS}",
)
actor(
    "stadt-hettstedt-buergerdienste",
    "Stadtverwaltung Hettstedt – Fachbereich Bürgerdienste",
    V,
    HET,
    art="Behörde",
    themen=f"{PA}|{SK}",
)
actor("lk-msh-schulverwaltung", "Landkreis Mansfeld-Südharz – Schulverwaltungsamt", V, SGH, art="Behörde", themen=DB)
actor("gemeinde-suedharz-verwaltung", "Gemeindeverwaltung Südharz", V, SUE, art="Behörde", themen=f"{PA}|{SK}")
actor("stadt-mansfeld-verwaltung", "Stadtverwaltung Mansfeld", V, MAN, art="Behörde", themen=f"{PA}|{AS}")
actor(
    "lk-msh-gleichstellung",
    "Landkreis Mansfeld-Südharz – Gleichstellungsbeauftragte",
    V,
    SGH,
    art="Behörde",
    themen=f"{AD}|{QF}",
)
actor("gemeinde-seegebiet-verwaltung", "Gemeindeverwaltung Seegebiet Mansfelder Land", V, SEE, art="Behörde", themen=PA)
actor("stadt-allstedt-verwaltung", "Stadtverwaltung Allstedt", V, ALL, art="Behörde", themen=f"{PA}|{DB}")
actor("vg-goldene-aue-verwaltung", "Verbandsgemeinde Goldene Aue – Verwaltung", V, KEL, art="Behörde", themen=PA)
actor(
    "stadt-arnstein-verwaltung",
    "Stadtverwaltung Arnstein",
    V,
    ARN,
    art="Behörde",
    themen=PA,
    notiz="Nicht Mitglied der Partnerschaft.",
)
actor("lk-msh-sozialamt", "Landkreis Mansfeld-Südharz – Sozialamt", V, SGH, art="Behörde", themen=PA)
actor("lk-msh-gesundheitsamt", "Landkreis Mansfeld-Südharz – Gesundheitsamt", V, SGH, art="Behörde", sicht="netzwerk")
actor(
    "vg-mansfelder-grund-helbra",
    "Verbandsgemeinde Mansfelder Grund-Helbra – Verwaltung",
    V,
    HEL,
    art="Behörde",
    themen=PA,
)
actor("stadt-gerbstedt-verwaltung", "Stadtverwaltung Gerbstedt", V, GER, art="Behörde", themen=PA)

# --- Politik ----------------------------------------------------------------------------
actor(
    "kreistag-msh-bildungsausschuss",
    "Kreistag Mansfeld-Südharz – Ausschuss für Bildung, Kultur und Sport",
    P,
    SGH,
    art="Gremium der Kommunalpolitik",
    themen=f"{DB}|{PA}",
)
actor(
    "stadtrat-eisleben-sozialausschuss",
    "Stadtrat Lutherstadt Eisleben – Sozialausschuss",
    P,
    EIS,
    art="Gremium der Kommunalpolitik",
    themen=PA,
)
actor("stadtrat-gerbstedt", "Stadtrat Gerbstedt", P, GER, art="Gremium der Kommunalpolitik", themen=f"{PA}|{SK}")
actor("gemeinderat-helbra", "Gemeinderat Helbra", P, HEL, art="Gremium der Kommunalpolitik")
actor("ortschaftsrat-rossla", "Ortschaftsrat Roßla", P, SUE, art="Gremium der Kommunalpolitik", themen=PA)
actor("stadtrat-hettstedt", "Stadtrat Hettstedt", P, HET, art="Gremium der Kommunalpolitik", themen=SK)

# --- Zivilgesellschaft ------------------------------------------------------------------
actor(
    "verein-buntes-eisleben",
    "Buntes Eisleben e.V.",
    Z,
    EIS,
    art="Verein",
    themen=f"{RE}|{RA}|{PA}",
    kontakt=mail("buntes-eisleben"),
    webseite="https://buntes-eisleben.example",
)
actor(
    "mansfelder-bildungswerk",
    "Mansfelder Bildungswerk e.V.",
    Z,
    SGH,
    art="Verein",
    themen=f"{DB}|{PA}|{RE}",
    kontakt=mail("mansfelder-bildungswerk"),
    notiz="Träger der Koordinierungs- und Fachstelle.",
)
actor(
    "initiative-weltoffenes-sangerhausen",
    "Initiative Weltoffenes Sangerhausen",
    Z,
    SGH,
    typ="Initiative",
    themen=f"{RA}|{RE}|{MF}",
)
actor("frauenzentrum-hettstedt", "Frauenzentrum Hettstedt e.V.", Z, HET, art="Verein", themen=f"{AD}|{PA}|{QF}")
actor("mehrgenerationenhaus-helbra", "Mehrgenerationenhaus Helbra e.V.", Z, HEL, art="Verein", themen=PA)
actor(
    "buergerbuendnis-gerbstedt", "Bürgerbündnis Gerbstedt für Vielfalt", Z, GER, typ="Initiative", themen=f"{RE}|{PA}"
)
actor("sozialwerk-rosenstadt", "Sozialwerk Rosenstadt e.V.", Z, SGH, art="Verein", themen=f"{PA}|{RA}")
actor("dorfverein-ahlsdorf", "Dorfverein Ahlsdorf e.V.", Z, AHL, art="Verein", themen=PA)
actor(
    "buergerverein-benndorf",
    "Bürgerverein Benndorf e.V.",
    Z,
    BEN,
    art="Verein",
    themen=PA,
    notiz="Mitglied seit 2019, seit Frühjahr 2024 nicht mehr aktiv.",
)
actor(
    "verein-erinnerungskultur-mansfelder-land",
    "Verein für Erinnerungskultur Mansfelder Land e.V.",
    Z,
    EIS,
    art="Verein",
    themen=f"{AS}|{RE}|{DB}",
)
actor("ehrenamtsnetzwerk-suedharz", "Ehrenamtsnetzwerk Südharz e.V.", Z, SUE, art="Verein", themen=f"{PA}|{DB}")
actor(
    "initiative-klostermansfeld-bleibt-bunt",
    "Initiative „Klostermansfeld bleibt bunt“",
    Z,
    KLO,
    typ="Initiative",
    themen=f"{RE}|{RA}",
)
actor("verein-lebendige-goldene-aue", "Lebendige Goldene Aue e.V.", Z, BER, art="Verein", themen=f"{PA}|{RE}")
actor("dorfgemeinschaft-edersleben", "Dorfgemeinschaft Edersleben e.V.", Z, EDE, art="Verein", themen=PA)
actor(
    "initiative-erinnerungsort-sinti-roma",
    "Initiative Erinnerungsort Sinti und Roma im Mansfelder Land",
    Z,
    EIS,
    typ="Initiative",
    sicht="netzwerk",
    themen=f"{AZ}|{RA}|{DB}",
    notiz="Arbeitet zu Antiziganismus; nicht Mitglied der Partnerschaft.",
)
actor("buergerinitiative-suesser-see", "Bürgerinitiative Süßer See", Z, SEE, typ="Initiative", themen=PA)
actor(
    "seniorenvertretung-sangerhausen", "Seniorenvertretung Sangerhausen", Z, SGH, art="Interessenvertretung", themen=PA
)
actor(
    "freundeskreis-fluechtlingshilfe-allstedt",
    "Freundeskreis Flüchtlingshilfe Allstedt",
    Z,
    ALL,
    typ="Initiative",
    themen=f"{RA}|{PA}",
)
actor("nachbarschaftshilfe-hettstedt-nord", "Nachbarschaftshilfe Hettstedt-Nord e.V.", Z, HET, art="Verein", themen=PA)
actor("landfrauen-wallhausen", "Landfrauenverein Wallhausen e.V.", Z, WAL, art="Verein")
actor(
    "foerderverein-grundschule-wallhausen",
    "Förderverein der Grundschule Wallhausen e.V.",
    Z,
    WAL,
    art="Verein",
    themen=DB,
)
actor("elterninitiative-blankenheim", "Elterninitiative Kita Sonnenschein Blankenheim", Z, BLA, typ="Initiative")
actor("netzwerk-nachbarschaft-wimmelburg", "Netzwerk Nachbarschaft Wimmelburg", Z, WIM, typ="Initiative", themen=PA)
actor("heimatverein-sylda", "Heimat- und Geschichtsverein Sylda e.V.", Z, ARN, art="Verein")

# --- Kirche/Religionsgemeinschaft -------------------------------------------------------
actor(
    "ev-kirchengemeinde-kelbra",
    "Evangelische Kirchengemeinde Kelbra",
    K,
    KEL,
    art="Kirchengemeinde",
    themen=f"{PA}|{RE}",
    notiz="Einziges Bindeglied zwischen den Akteuren der Goldenen Aue und dem übrigen Netzwerk.",
)
actor(
    "kirchspiel-hettstedt-wipper",
    "Evangelisches Kirchspiel Hettstedt-Wipper",
    K,
    HET,
    art="Kirchengemeinde",
    themen=f"{RE}|{AS}",
)
actor(
    "islamischer-kulturverein-eisleben",
    "Islamischer Kulturverein Eisleben e.V.",
    K,
    EIS,
    art="Religionsgemeinschaft",
    sicht="netzwerk",
    themen=f"{MF}|{RA}",
)
actor(
    "ev-kirchengemeinde-allstedt",
    "Evangelische Kirchengemeinde Allstedt",
    K,
    ALL,
    art="Kirchengemeinde",
    themen=f"{AS}|{DB}",
)
actor(
    "kath-gemeinde-st-barbara-helbra",
    "Katholische Gemeinde St. Barbara Helbra",
    K,
    HEL,
    art="Kirchengemeinde",
    themen=RA,
)
actor(
    "ev-kirchengemeinde-arnstein", "Evangelische Kirchengemeinde Arnstein-Sandersleben", K, ARN, art="Kirchengemeinde"
)
actor(
    "freikirche-rosenstadt", "Evangelisch-Freikirchliche Gemeinde Rosenstadt", K, SGH, art="Kirchengemeinde", themen=RA
)
actor(
    "kath-gemeinde-st-elisabeth-hettstedt",
    "Katholische Gemeinde St. Elisabeth Hettstedt",
    K,
    HET,
    art="Kirchengemeinde",
)

# --- Schule/Bildung ---------------------------------------------------------------------
actor(
    "sekundarschule-am-rosengarten",
    "Sekundarschule Am Rosengarten Sangerhausen",
    S,
    SGH,
    art="Schule",
    themen=f"{DB}|{HN}|{RA}",
)
actor(
    "berufsschulzentrum-kupferland", "Berufsschulzentrum Kupferland Eisleben", S, EIS, art="Schule", themen=f"{DB}|{RE}"
)
actor("grundschule-am-lindenberg-helbra", "Grundschule Am Lindenberg Helbra", S, HEL, art="Schule", themen=DB)
actor(
    "bildungszentrum-wipperaue",
    "Bildungszentrum Wipperaue Hettstedt",
    S,
    HET,
    art="Bildungsträger",
    themen=f"{DB}|{PA}",
)
actor(
    "gemeinschaftsschule-glueck-auf",
    "Gemeinschaftsschule „Glück auf“ Klostermansfeld",
    S,
    KLO,
    art="Schule",
    themen=f"{DB}|{HN}",
)
actor("foerderschule-blankenheim", "Förderschule Blankenheim", S, BLA, art="Schule", themen=DB)
actor("ev-grundschule-bornstedt", "Evangelische Grundschule Bornstedt", S, BOR, art="Schule", themen=f"{DB}|{PA}")
actor(
    "grundschule-wippertal-arnstein",
    'Grundschule "Wippertal" Arnstein',
    S,
    ARN,
    art="Schule",
    themen=DB,
    notiz='Name mit Anführungszeichen: "Wippertal" (Test für das Maskieren in CSV).',
)
actor("grundschule-wallhausen", "Grundschule Wallhausen", S, WAL, art="Schule", themen=DB)
actor("kupferstadt-gymnasium-hettstedt", "Kupferstadt-Gymnasium Hettstedt", S, HET, art="Schule", themen=f"{DB}|{HN}")
actor("sekundarschule-suedharz-rossla", "Sekundarschule Südharz Roßla", S, SUE, art="Schule", themen=DB)
actor("volkshochschule-rosenstadt", "Volkshochschule Rosenstadt", S, SGH, art="Bildungsträger", themen=DB)
actor("grundschule-ahlsdorf", "Grundschule Ahlsdorf", S, AHL, art="Schule")

# --- Wirtschaft (gap a: none of them is an active member) --------------------------------
actor(
    "kupferland-metallbau",
    "Kupferland Metallbau GmbH",
    W,
    HET,
    art="Unternehmen",
    notiz="Ausbildungsbetrieb; kooperiert mit dem Bildungszentrum Wipperaue (Mitglied).",
)
actor(
    "baeckerei-wenzel-toechter",
    "Bäckerei Wenzel & Töchter",
    W,
    ARN,
    art="Unternehmen",
    notiz="Name mit Ampersand (Test für das Maskieren).",
)
actor("agrargenossenschaft-goldene-aue", "Agrargenossenschaft Goldene Aue eG", W, WAL, art="Unternehmen")
actor(
    "helme-logistik",
    "Helme-Logistik GmbH",
    W,
    SGH,
    art="Unternehmen",
    notiz="Bis Ende 2023 Mitglied der Partnerschaft.",
)
actor("unternehmerverein-mansfelder-land", "Unternehmerverein Mansfelder Land e.V.", W, EIS, art="Verband")
actor("rosenstadt-tourismus", "Rosenstadt Tourismus GmbH", W, SGH, art="Unternehmen")
actor("gewerbeverein-sangerhausen", "Gewerbeverein Sangerhausen e.V.", W, SGH, art="Verband")

# --- Jugend -----------------------------------------------------------------------------
actor(
    "jugendnetzwerk-mansfelder-land",
    "Jugendnetzwerk Mansfelder Land e.V.",
    J,
    EIS,
    art="Verein",
    themen=f"{PA}|{HN}|{DB}",
    notiz="Begleitet das Jugendforum.",
)
actor("jugendclub-gonnatal", "Jugendclub Gonnatal", J, SGH, art="Jugendeinrichtung", themen=f"{PA}|{RE}")
actor(
    "jugendhaus-hettstedt",
    "Jugendhaus Hettstedt – Offene Jugendarbeit",
    J,
    HET,
    art="Jugendeinrichtung",
    themen=f"{PA}|{HN}",
)
actor("jugendtreff-stausee-kelbra", "Jugendtreff am Stausee Kelbra", J, KEL, art="Jugendeinrichtung", themen=PA)
actor("ev-jugend-suedharz", "Evangelische Jugend Südharz", J, SUE, art="Jugendverband", themen=f"{PA}|{DB}")
actor("jugendzentrum-wimmelburg", "Jugendzentrum Wimmelburg", J, WIM, art="Jugendeinrichtung", themen=PA)
actor("jugendfeuerwehr-hergisdorf", "Jugendfeuerwehr Hergisdorf", J, HER, art="Jugendverband", themen=PA)
actor(
    "jugendclub-alte-schmiede-arnstein",
    'Jugendclub "Alte Schmiede" Arnstein',
    J,
    ARN,
    art="Jugendeinrichtung",
    themen=PA,
)
actor("pfadfinderstamm-wipper", "Pfadfinderstamm Wipper", J, MAN, art="Jugendverband", themen=PA)
actor(
    "schuelervertretung-kupferstadt-gymnasium",
    "Schülervertretung des Kupferstadt-Gymnasiums",
    J,
    HET,
    typ="Initiative",
    themen=PA,
)
actor("jugendfeuerwehr-wallhausen", "Jugendfeuerwehr Wallhausen", J, WAL, art="Jugendverband")

# --- Sport ------------------------------------------------------------------------------
actor("sportjugend-mansfelder-land", "Sportjugend Mansfelder Land e.V.", SP, SGH, art="Verband", themen=f"{GP}|{RE}")
actor(
    "boxclub-kupferfaust-eisleben",
    "Boxclub Kupferfaust Eisleben e.V.",
    SP,
    EIS,
    art="Verein",
    themen=GP,
    notiz="Mitglied seit 2020, seit Frühjahr 2024 nicht mehr aktiv.",
)
actor("fv-blau-gelb-benndorf", "FV Blau-Gelb Benndorf e.V.", SP, BEN, art="Verein", themen=RA)
actor("sv-helmetal-wallhausen", "SV Helmetal Wallhausen 1921 e.V.", SP, WAL, art="Verein")
actor("radsportverein-rosenstadt", "Radsportverein Rosenstadt e.V.", SP, SGH, art="Verein")
actor("schachklub-turm-eisleben", "Schachklub Turm Eisleben e.V.", SP, EIS, art="Verein")
actor("wanderverein-suedharz", "Wanderverein Südharz e.V.", SP, SUE, art="Verein")
actor("kegelverein-allstedt", "Kegelverein Allstedt 1958 e.V.", SP, ALL, art="Verein")

# --- Kultur -----------------------------------------------------------------------------
actor("foerderverein-schloss-mansfeld", "Förderverein Schloß Mansfeld e.V.", KU, MAN, art="Verein", themen=f"{DB}|{AS}")
actor("heimatverein-bruecken-hackpfueffel", "Heimatverein Brücken-Hackpfüffel e.V.", KU, BRH, art="Verein", themen=PA)
actor("kulturwerkstatt-kupferspuren", "Kulturwerkstatt Kupferspuren e.V.", KU, HET, art="Verein", themen=f"{RA}|{AS}")
actor(
    "theaterverein-spielraum-eisleben",
    "Theaterverein Spielraum Eisleben e.V.",
    KU,
    EIS,
    art="Verein",
    themen=f"{RA}|{DB}",
)
actor("bibliotheksverein-gerbstedt", "Bibliotheksverein Gerbstedt e.V.", KU, GER, art="Verein", themen=f"{DB}|{VI}")
actor(
    "heimatverein-hergisdorf",
    "Heimatverein Hergisdorf e.V.",
    KU,
    HER,
    art="Verein",
    notiz="Im Juni 2025 beigetreten, bisher ohne Verbindung zu anderen Mitgliedern.",
)
actor("musikschule-rosenstadt", "Musikschule Rosenstadt e.V.", KU, SGH, art="Verein")
actor("bergmannsverein-helbra", "Bergmannsverein Glück Auf Helbra e.V.", KU, HEL, art="Verein")
actor("kunstverein-wipperkunst", "Kunstverein Wipperkunst Hettstedt e.V.", KU, HET, art="Verein", themen=RA)
actor("literaturkreis-lutherstadt", "Literaturkreis Lutherstadt e.V.", KU, EIS, art="Verein", themen=AS)

# --- Migrantenorganisation --------------------------------------------------------------
actor(
    "syrisch-deutscher-kulturverein",
    "Syrisch-Deutscher Kulturverein Sangerhausen e.V.",
    MO,
    SGH,
    art="Verein",
    themen=f"{RA}|{PA}|{MF}",
)
actor(
    "ukrainische-gemeinschaft-mansfelder-land",
    "Ukrainische Gemeinschaft Mansfelder Land e.V.",
    MO,
    EIS,
    art="Verein",
    themen=f"{PA}|{RA}",
)
actor(
    "afrikanisches-frauennetzwerk-eisleben",
    "Afrikanisches Frauennetzwerk Eisleben",
    MO,
    EIS,
    typ="Initiative",
    sicht="netzwerk",
    themen=f"{RA}|{AD}",
)
actor("vietnamesischer-verein-hettstedt", "Vietnamesischer Verein Hettstedt e.V.", MO, HET, art="Verein", themen=RA)
actor(
    "afghanischer-elternverein-eisleben",
    "Afghanischer Elternverein Eisleben",
    MO,
    EIS,
    typ="Initiative",
    sicht="netzwerk",
)
actor(
    "russischsprachige-elterninitiative-hettstedt",
    "Russischsprachige Elterninitiative Hettstedt",
    MO,
    HET,
    typ="Initiative",
    sicht="netzwerk",
)
actor(
    "tuerkisch-deutscher-freundeskreis",
    "Türkisch-Deutscher Freundeskreis Sangerhausen e.V.",
    MO,
    SGH,
    art="Verein",
    themen=RA,
)

# --- Polizei/Justiz ---------------------------------------------------------------------
actor(
    "polizeirevier-msh-praevention",
    "Polizeirevier Mansfeld-Südharz – Präventionsbereich",
    PJ,
    SGH,
    art="Behörde",
    themen=f"{RE}|{GP}|{HN}",
)
actor(
    "polizeistation-hettstedt", "Polizeistation Hettstedt – Regionalbereichsbeamte", PJ, HET, art="Behörde", themen=GP
)
actor(
    "bewaehrungshilfe-sangerhausen",
    "Sozialer Dienst der Justiz – Bewährungshilfe Sangerhausen",
    PJ,
    SGH,
    art="Behörde",
    themen=f"{AU}|{GP}",
)
actor(
    "polizeiinspektion-sued-staatsschutz",
    "Polizeiinspektion Süd – Fachkommissariat Staatsschutz",
    PJ,
    "",
    art="Behörde",
    sicht="netzwerk",
    themen=RE,
    notiz="Sitz außerhalb des Landkreises.",
)
actor("schiedsstelle-hettstedt", "Schiedsstelle der Stadt Hettstedt", PJ, HET, art="Schiedsstelle")

# --- Medien -----------------------------------------------------------------------------
actor("buergerradio-wipperwelle", "Bürgerradio Wipperwelle e.V.", ME, HET, art="Verein", themen=f"{HN}|{PA}")
actor(
    "mansfelder-stadtanzeiger",
    "Mansfelder Stadtanzeiger",
    ME,
    EIS,
    art="Zeitung",
    notiz="Bis Ende 2024 Mitglied der Partnerschaft.",
)
actor("lokalredaktion-suedharz-kurier", "Südharz-Kurier – Lokalredaktion Sangerhausen", ME, SGH, art="Zeitung")
actor("schuelerzeitung-querbeet", "Schülerzeitung Querbeet", ME, EIS, art="Schülerzeitung", themen=HN)
actor("kanal-kupferland-tv", "Kanal Kupferland TV", ME, EIS, art="Lokalfernsehen")

# --- Wissenschaft -----------------------------------------------------------------------
actor(
    "institut-laendliche-demokratie",
    "Institut für ländliche Demokratieforschung e.V.",
    WI,
    EIS,
    art="Forschungseinrichtung",
    themen=f"{RE}|{PA}|{VI}",
)
actor(
    "forschungsstelle-bergbaugeschichte",
    "Forschungsstelle Bergbaugeschichte Mansfeld",
    WI,
    MAN,
    art="Forschungseinrichtung",
)
actor(
    "evaluationsbuero-kompass",
    "Evaluationsbüro Kompass",
    WI,
    "",
    art="Unternehmen der Sozialforschung",
    notiz="Sitz: Halle (Saale); evaluiert die Partnerschaft.",
)

# --- Beratung (operators of advisory services) ------------------------------------------
actor(
    "demokratiewerk-msh",
    "Demokratiewerk Mitteldeutschland e.V. – Regionalbüro Mansfeld-Südharz",
    BE,
    EIS,
    art="Beratungsträger",
    themen=f"{RE}|{VI}|{SK}",
    kontakt=mail("demokratiewerk-msh"),
)
actor(
    "demokratiewerk-lsa",
    "Demokratiewerk Mitteldeutschland e.V. – Landesstelle Sachsen-Anhalt",
    BE,
    "",
    art="Beratungsträger",
    themen=f"{RE}|{VI}",
    notiz="Sitz: Magdeburg; Außenstellen in Halle, Stendal und Eisleben.",
)
actor(
    "solidaritaet-mitteldeutschland",
    "Solidarität Mitteldeutschland e.V.",
    BE,
    "",
    art="Beratungsträger",
    themen=f"{RE}|{RA}|{AS}",
    notiz="Sitz: Halle (Saale). Beratung für Betroffene rechter Gewalt.",
)
actor(
    "ausstiegswerk-ost", "Ausstiegswerk Ost e.V.", BE, "", art="Beratungsträger", themen=f"{AU}|{RE}", sicht="netzwerk"
)
actor("familienberatung-distanz", "Familienberatung Distanz e.V.", BE, "", art="Beratungsträger", themen=f"{AU}|{VI}")
actor(
    "antidiskriminierungsbuero-suedharz",
    "Antidiskriminierungsbüro Südharz e.V.",
    BE,
    SGH,
    art="Beratungsträger",
    themen=f"{AD}|{RA}|{QF}",
)
actor(
    "diakoniewerk-helme-unstrut",
    "Diakoniewerk Helme-Unstrut e.V.",
    BE,
    SGH,
    art="Wohlfahrtsverband",
    themen=f"{RA}|{PA}",
)
actor(
    "netzwerk-antiziganismus-melden",
    "Netzwerk Antiziganismus melden e.V.",
    BE,
    "",
    art="Beratungsträger",
    themen=f"{AZ}|{AD}",
    notiz="Bundesweite Meldestelle; Sitz: Berlin.",
)
actor("kommunalschutz-netzwerk", "Kommunalschutz-Netzwerk e.V.", BE, "", art="Beratungsträger", themen=f"{SK}|{HN}")
actor("jugendnetzcourage", "JugendNetzCourage e.V.", BE, "", art="Beratungsträger", themen=f"{HN}|{VI}")
actor(
    "thueringer-beratungsnetz-demokratie",
    "Thüringer Beratungsnetz Demokratie e.V.",
    BE,
    "",
    art="Beratungsträger",
    themen=f"{RE}|{RA}",
)
actor(
    "beratungsnetz-niedersachsen-harz",
    "Beratungsnetz Niedersachsen-Harz e.V.",
    BE,
    "",
    art="Beratungsträger",
    themen=RE,
)
actor("betroffenenhilfe-sachsen", "Betroffenenhilfe Sachsen e.V.", BE, "", art="Beratungsträger", themen=f"{RE}|{RA}")
actor(
    "beratungszentrum-lebenswege",
    "Beratungszentrum Lebenswege Eisleben e.V.",
    BE,
    EIS,
    art="Beratungsträger",
    themen=f"{PA}|{AD}",
)

# --- Persons (invented; visibility vertraulich or empty = default vertraulich) -----------
person(
    "person-katrin-albrecht",
    "Katrin Albrecht",
    Z,
    SGH,
    "Koordinatorin der Koordinierungs- und Fachstelle.",
    themen=f"{DB}|{PA}",
)
person(
    "person-tobias-reinhardt",
    "Tobias Reinhardt",
    Z,
    EIS,
    "Fachreferent der Koordinierungs- und Fachstelle.",
    themen=f"{RE}|{HN}",
)
person(
    "person-sandra-kuehn",
    "Sandra Kühn",
    V,
    SGH,
    "Sachbearbeiterin im Jugendamt, Ansprechpartnerin des federführenden Amtes.",
    sicht="",
)
person(
    "person-reinhard-vollmer",
    "Reinhard Vollmer",
    P,
    ALL,
    "Kreistagsmitglied, Vorsitzender des Bündnisses für Demokratie.",
    themen=PA,
)
person(
    "person-lea-hoffmann",
    "Lea Hoffmann",
    J,
    SGH,
    "Sprecherin des Jugendforums, Jugendvertreterin im Bündnis für Demokratie.",
    themen=f"{PA}|{HN}",
)
person(
    "person-jonas-brueckner",
    "Jonas Brückner",
    J,
    EIS,
    "Bis 2024 Sprecher des Jugendforums und Jugendvertreter im Begleitausschuss.",
)
person("person-mia-schroeter", "Mia Schröter", J, HET, "Mitglied des Jugendforums.", sicht="")
person("person-emil-kraus", "Emil Kraus", J, EIS, "Mitglied des Jugendforums.")
person("person-amira-haddad", "Amira Haddad", J, SGH, "Mitglied des Jugendforums.", themen=RA)
person("person-finn-lehmann", "Finn Lehmann", J, MAN, "Mitglied des Jugendforums.", sicht="")
person("person-zoe-wagner", "Zoë Wagner", J, SEE, "Seit 2025 Mitglied des Jugendforums.")
person(
    "person-ingrid-sommerfeld",
    "Ingrid Sommerfeld",
    Z,
    BER,
    "Ortschronistin in Berga, aktiv in der lokalen Allianz Goldene Aue.",
    themen=PA,
)
person(
    "person-helga-brandt",
    "Dr. Helga Brandt",
    WI,
    EIS,
    "Historikerin, Facharbeitskreis Erinnerung.",
    themen=f"{AS}|{RE}",
)
person("person-uwe-hartung", "Uwe Hartung", P, WAL, "Ortsbürgermeister.")
person("person-petra-lindner", "Petra Lindner", S, ARN, "Lehrerin.", sicht="")
person("person-holger-wenzel", "Holger Wenzel", W, ARN, "Bäckermeister, Inhaber der Bäckerei Wenzel & Töchter.")
person("person-nadine-grosse", "Nadine Große", ME, SGH, "Lokaljournalistin.")
person("person-matthias-koenig", "Matthias König", K, KEL, "Pfarrer im Kirchspiel Kelbra.")
person("person-yusuf-demir", "Dr. Yusuf Demir", K, EIS, "Vorstand im Islamischen Kulturverein.")
person("person-olga-petrenko", "Olga Petrenko", MO, EIS, "Sprachmittlerin.", sicht="")
person("person-sven-mueller-thal", "Sven Müller-Thal", SP, SGH, "Übungsleiter.")
person("person-claudia-weiss", "Claudia Weiß", J, SGH, "Schulsozialarbeiterin.")
person("person-ralf-jaenicke", "Ralf Jänicke", PJ, SGH, "Kontaktbereichsbeamter.")
person("person-henrike-sass", "Henrike Saß", WI, "", "Evaluatorin (Halle).")
person("person-gisela-stoeckel", "Gisela Stöckel", Z, WAL, "Vorsitzende des Landfrauenvereins.", sicht="")
person("person-timo-ansorge", "Timo Ansorge", J, ARN, "Leiter des Jugendclubs Alte Schmiede.")

# =========================================================================================
# Bodies (Gremien) of the Partnerschaft
# =========================================================================================
FA = el(
    "pfd-msh-federfuehrendes-amt",
    "Federführendes Amt der PfD Mansfeld-Südharz",
    "Gremium",
    art="federführendes Amt",
    sichtbarkeit="öffentlich",
)
KOFA = el(
    "pfd-msh-kofa",
    "Koordinierungs- und Fachstelle der PfD Mansfeld-Südharz",
    "Gremium",
    art="Koordinierungs- und Fachstelle",
    sichtbarkeit="öffentlich",
    kontakt="pfd@mansfelder-bildungswerk.example",
)
BA = el(
    "pfd-msh-begleitausschuss",
    "Begleitausschuss der PfD Mansfeld-Südharz (bis 2024)",
    "Gremium",
    art="Begleitausschuss",
    sichtbarkeit="öffentlich",
    notiz="Seit 1. Januar 2025 abgelöst durch das Bündnis für Demokratie.",
)
BFD = el(
    "pfd-msh-buendnis-fuer-demokratie",
    "Bündnis für Demokratie Mansfeld-Südharz",
    "Gremium",
    art="Bündnis für Demokratie",
    sichtbarkeit="öffentlich",
    notiz="Nachfolger des Begleitausschusses seit 2025.",
)
JF = el("pfd-msh-jugendforum", "Jugendforum Mansfeld-Südharz", "Gremium", art="Jugendforum", sichtbarkeit="öffentlich")

rel(FA, PFD, "Teil_von", seit="2015-01-01")
rel(KOFA, PFD, "Teil_von", seit="2015-01-01")
rel(BA, PFD, "Teil_von", seit="2015-01-01", bis="2024-12-31")
rel(BFD, PFD, "Teil_von", seit="2025-01-01")
rel(JF, PFD, "Teil_von", seit="2016-03-01")

# --- Facharbeitskreise (Arbeitskreis: no "art" column) ----------------------------------
AK1 = el(
    "ak-schule-und-demokratie",
    "Facharbeitskreis Schule und Demokratie",
    "Arbeitskreis",
    themen=f"{DB}|{HN}|{RA}",
    sichtbarkeit="netzwerk",
)
AK2 = el(
    "ak-erinnerung-und-antisemitismus",
    "Facharbeitskreis Erinnerung und Antisemitismus",
    "Arbeitskreis",
    themen=f"{AS}|{RE}",
    sichtbarkeit="netzwerk",
)
AK3 = el(
    "ak-teilhabe-und-vielfalt",
    "Facharbeitskreis Teilhabe und Vielfalt im ländlichen Raum",
    "Arbeitskreis",
    themen=f"{RA}|{PA}",
    sichtbarkeit="netzwerk",
)
rel(AK1, PFD, "Teil_von", seit="2019-02-01")
rel(AK2, PFD, "Teil_von", seit="2018-09-01")
rel(AK3, PFD, "Teil_von", seit="2020-11-01")

# =========================================================================================
# Membership in the Partnerschaft (MEMBER_OF pfd-msh): id -> (seit, bis, rolle)
# =========================================================================================
PFD_MEMBERS: dict[str, tuple[str, str, str]] = {
    # Verwaltung
    "lk-msh-jugendamt": ("2015-01-01", "", "federführendes Amt"),
    "stadt-sangerhausen-ordnungsamt": ("2015-06-01", "", ""),
    "lk-msh-integration": ("2016-04-01", "", ""),
    "stadt-eisleben-bks": ("2015-06-01", "", ""),
    "stadt-hettstedt-buergerdienste": ("2017-03-01", "", ""),
    "lk-msh-schulverwaltung": ("2018-01-15", "", ""),
    "gemeinde-suedharz-verwaltung": ("2019-09-01", "", ""),
    "stadt-mansfeld-verwaltung": ("2018-05-01", "", ""),
    "lk-msh-gleichstellung": ("2016-04-01", "", ""),
    "gemeinde-seegebiet-verwaltung": ("2021-02-01", "", ""),
    "stadt-allstedt-verwaltung": ("2020-06-01", "", ""),
    "person-sandra-kuehn": ("2019-01-01", "", ""),
    # Politik
    "kreistag-msh-bildungsausschuss": ("2015-06-01", "", ""),
    "stadtrat-eisleben-sozialausschuss": ("2019-07-01", "", ""),
    "stadtrat-gerbstedt": ("2022-04-01", "", ""),
    "person-reinhard-vollmer": ("2019-07-01", "", ""),
    # Zivilgesellschaft
    "verein-buntes-eisleben": ("2015-06-01", "", ""),
    "mansfelder-bildungswerk": ("2015-01-01", "", "Träger der Koordinierungs- und Fachstelle"),
    "initiative-weltoffenes-sangerhausen": ("2016-02-01", "", ""),
    "frauenzentrum-hettstedt": ("2017-03-01", "", ""),
    "mehrgenerationenhaus-helbra": ("2018-10-01", "", ""),
    "buergerbuendnis-gerbstedt": ("2020-01-15", "", ""),
    "sozialwerk-rosenstadt": ("2016-09-01", "", ""),
    "dorfverein-ahlsdorf": ("2021-05-01", "", ""),
    "buergerverein-benndorf": ("2019-05-01", "", ""),  # gap (h) dormant
    "verein-erinnerungskultur-mansfelder-land": ("2015-11-01", "", ""),
    "ehrenamtsnetzwerk-suedharz": ("2019-09-01", "", ""),
    "initiative-klostermansfeld-bleibt-bunt": ("2020-03-01", "", ""),
    "verein-lebendige-goldene-aue": ("2022-06-01", "", ""),  # cluster (f)
    "dorfgemeinschaft-edersleben": ("2022-06-01", "", ""),  # cluster (f)
    "person-katrin-albrecht": ("2017-01-01", "", ""),
    "person-tobias-reinhardt": ("2020-02-01", "", ""),
    "person-ingrid-sommerfeld": ("2022-06-01", "", ""),  # cluster (f)
    # Kirche/Religionsgemeinschaft
    "ev-kirchengemeinde-kelbra": ("2018-03-01", "", ""),  # broker (f)
    "kirchspiel-hettstedt-wipper": ("2016-01-01", "", ""),
    "islamischer-kulturverein-eisleben": ("2017-10-01", "", ""),
    "ev-kirchengemeinde-allstedt": ("2019-02-01", "", ""),
    "kath-gemeinde-st-barbara-helbra": ("2021-09-01", "", ""),
    # Schule/Bildung
    "sekundarschule-am-rosengarten": ("2016-08-01", "", ""),
    "berufsschulzentrum-kupferland": ("2017-08-01", "", ""),
    "grundschule-am-lindenberg-helbra": ("2019-08-01", "", ""),
    "bildungszentrum-wipperaue": ("2018-02-01", "", ""),
    "gemeinschaftsschule-glueck-auf": ("2020-08-01", "", ""),
    "foerderschule-blankenheim": ("2021-08-01", "", ""),
    "ev-grundschule-bornstedt": ("2022-08-01", "", ""),
    # Jugend
    "jugendnetzwerk-mansfelder-land": ("2015-06-01", "", ""),
    "jugendclub-gonnatal": ("2016-03-01", "", ""),
    "jugendhaus-hettstedt": ("2016-03-01", "", ""),
    "jugendtreff-stausee-kelbra": ("2022-06-01", "", ""),  # cluster (f)
    "ev-jugend-suedharz": ("2019-09-01", "", ""),
    "jugendzentrum-wimmelburg": ("2020-05-01", "", ""),
    "jugendfeuerwehr-hergisdorf": ("2021-06-01", "", ""),
    "person-lea-hoffmann": ("2022-03-01", "", ""),
    "person-jonas-brueckner": ("2019-03-01", "2024-12-31", ""),  # left
    "person-mia-schroeter": ("2023-03-01", "", ""),
    "person-emil-kraus": ("2023-03-01", "", ""),
    "person-amira-haddad": ("2024-02-01", "", ""),
    "person-finn-lehmann": ("2024-02-01", "", ""),
    "person-zoe-wagner": ("2025-02-01", "", ""),  # new in 2025
    # Sport
    "sportjugend-mansfelder-land": ("2016-05-01", "", ""),
    "boxclub-kupferfaust-eisleben": ("2020-09-01", "", ""),  # gap (h) dormant
    "fv-blau-gelb-benndorf": ("2021-03-01", "", ""),
    # Kultur
    "foerderverein-schloss-mansfeld": ("2017-05-01", "", ""),
    "heimatverein-bruecken-hackpfueffel": ("2022-06-01", "", ""),  # cluster (f)
    "kulturwerkstatt-kupferspuren": ("2018-04-01", "", ""),
    "theaterverein-spielraum-eisleben": ("2017-09-01", "", ""),
    "bibliotheksverein-gerbstedt": ("2021-01-01", "", ""),
    "heimatverein-hergisdorf": ("2025-06-01", "", ""),  # gap (g) isolated, new in 2025
    # Migrantenorganisation
    "syrisch-deutscher-kulturverein": ("2016-11-01", "", ""),
    "ukrainische-gemeinschaft-mansfelder-land": ("2022-09-01", "", ""),
    "afrikanisches-frauennetzwerk-eisleben": ("2025-01-15", "", ""),  # new in 2025
    "vietnamesischer-verein-hettstedt": ("2018-06-01", "2024-12-31", ""),  # left
    # Polizei/Justiz
    "polizeirevier-msh-praevention": ("2015-06-01", "", ""),
    "polizeistation-hettstedt": ("2019-04-01", "", ""),
    "bewaehrungshilfe-sangerhausen": ("2020-10-01", "", ""),
    # Medien
    "buergerradio-wipperwelle": ("2018-11-01", "", ""),
    "mansfelder-stadtanzeiger": ("2016-01-01", "2024-12-31", ""),  # left
    # Wissenschaft
    "institut-laendliche-demokratie": ("2019-10-01", "", ""),
    "person-helga-brandt": ("2018-09-01", "", ""),
    # Beratung
    "demokratiewerk-msh": ("2015-06-01", "", ""),
    "antidiskriminierungsbuero-suedharz": ("2019-03-01", "", ""),
    "diakoniewerk-helme-unstrut": ("2016-06-01", "", ""),
    # Wirtschaft: former member only (gap a)
    "helme-logistik": ("2019-03-01", "2023-12-31", ""),
}
for member, (seit, bis, rolle) in PFD_MEMBERS.items():
    rel(member, PFD, "Mitglied", rolle=rolle, seit=seit, bis=bis)

# --- Lokale Allianz Goldene Aue: the broker and its cluster ------------------------------
for member, rolle, seit in [
    ("ev-kirchengemeinde-kelbra", "Sprecherin", "2022-06-01"),
    ("verein-lebendige-goldene-aue", "Mitglied", "2022-06-01"),
    ("dorfgemeinschaft-edersleben", "Mitglied", "2022-06-01"),
    ("jugendtreff-stausee-kelbra", "Mitglied", "2022-06-01"),
    ("heimatverein-bruecken-hackpfueffel", "Mitglied", "2023-01-15"),
    ("person-ingrid-sommerfeld", "Mitglied", "2022-06-01"),
]:
    rel(member, LA, "Mitglied", rolle=rolle, seit=seit)

# --- Federführendes Amt, Koordinierungs- und Fachstelle ---------------------------------
rel("lk-msh-jugendamt", FA, "Mitglied", rolle="federführendes Amt", seit="2015-01-01")
rel("person-sandra-kuehn", FA, "Mitglied", rolle="Ansprechpartnerin", seit="2019-01-01")
rel("mansfelder-bildungswerk", KOFA, "Mitglied", rolle="Träger", seit="2015-01-01")
rel("person-katrin-albrecht", KOFA, "Mitglied", rolle="Koordination", seit="2017-01-01")
rel("person-tobias-reinhardt", KOFA, "Mitglied", rolle="Fachstelle", seit="2020-02-01")

# --- Begleitausschuss (until 2024-12-31): civil-society majority, two youth reps ----------
BA_SEIT, BA_BIS = "2020-03-01", "2024-12-31"
for member, rolle, stimm, seit in [
    ("lk-msh-jugendamt", "Mitglied", "ja", BA_SEIT),
    ("stadt-sangerhausen-ordnungsamt", "Mitglied", "ja", BA_SEIT),
    ("stadt-eisleben-bks", "Mitglied", "ja", BA_SEIT),
    ("kreistag-msh-bildungsausschuss", "Mitglied", "ja", BA_SEIT),
    ("polizeirevier-msh-praevention", "Mitglied", "ja", BA_SEIT),
    ("verein-buntes-eisleben", "Vorsitz", "ja", BA_SEIT),
    ("initiative-weltoffenes-sangerhausen", "stellv. Vorsitz", "ja", BA_SEIT),
    ("kirchspiel-hettstedt-wipper", "Mitglied", "ja", BA_SEIT),
    ("syrisch-deutscher-kulturverein", "Mitglied", "ja", BA_SEIT),
    ("frauenzentrum-hettstedt", "Mitglied", "ja", BA_SEIT),
    ("person-jonas-brueckner", "Jugendvertretung", "ja", BA_SEIT),
    ("person-lea-hoffmann", "Jugendvertretung", "ja", "2023-03-01"),
    ("person-katrin-albrecht", "Geschäftsführung", "nein", BA_SEIT),
    ("demokratiewerk-msh", "beratendes Mitglied", "nein", BA_SEIT),
]:
    rel(member, BA, "Mitglied", rolle=rolle, stimm=stimm, seit=seit, bis=BA_BIS)

# --- Bündnis für Demokratie (since 2025): gap (d) no civil-society majority,
#     gap (e) only one youth representative --------------------------------------------
BFD_SEIT = "2025-01-01"
for member, rolle, stimm in [
    ("lk-msh-jugendamt", "Mitglied", "ja"),
    ("stadt-sangerhausen-ordnungsamt", "Mitglied", "ja"),
    ("lk-msh-integration", "Mitglied", "ja"),
    ("stadt-eisleben-bks", "Mitglied", "ja"),
    ("stadt-hettstedt-buergerdienste", "Mitglied", "ja"),
    ("person-reinhard-vollmer", "Vorsitz", "ja"),
    ("kreistag-msh-bildungsausschuss", "Mitglied", "ja"),
    ("stadtrat-eisleben-sozialausschuss", "Mitglied", "ja"),
    ("polizeirevier-msh-praevention", "Mitglied", "ja"),
    ("verein-buntes-eisleben", "stellv. Vorsitz", "ja"),
    ("initiative-weltoffenes-sangerhausen", "Mitglied", "ja"),
    ("kirchspiel-hettstedt-wipper", "Mitglied", "ja"),
    ("sekundarschule-am-rosengarten", "Mitglied", "ja"),
    ("syrisch-deutscher-kulturverein", "Mitglied", "ja"),
    ("person-lea-hoffmann", "Jugendvertretung", "ja"),
    ("person-katrin-albrecht", "Geschäftsführung", "nein"),
    ("demokratiewerk-msh", "beratendes Mitglied", "nein"),
    ("lk-msh-gleichstellung", "beratendes Mitglied", "nein"),
    ("institut-laendliche-demokratie", "beratendes Mitglied", "nein"),
]:
    rel(member, BFD, "Mitglied", rolle=rolle, stimm=stimm, seit=BFD_SEIT)

# --- Jugendforum ------------------------------------------------------------------------
for member, rolle, seit, bis in [
    ("person-lea-hoffmann", "Sprecherin", "2022-03-01", ""),
    ("person-jonas-brueckner", "Sprecher", "2019-03-01", "2024-12-31"),
    ("person-mia-schroeter", "Mitglied", "2023-03-01", ""),
    ("person-emil-kraus", "Mitglied", "2023-03-01", ""),
    ("person-amira-haddad", "Mitglied", "2024-02-01", ""),
    ("person-finn-lehmann", "Mitglied", "2024-02-01", ""),
    ("person-zoe-wagner", "Mitglied", "2025-02-01", ""),
    ("jugendclub-gonnatal", "Mitglied", "2016-03-01", ""),
    ("jugendhaus-hettstedt", "Mitglied", "2016-03-01", ""),
    ("jugendnetzwerk-mansfelder-land", "Begleitung", "2016-03-01", ""),
]:
    rel(member, JF, "Mitglied", rolle=rolle, seit=seit, bis=bis)

# --- Facharbeitskreise ------------------------------------------------------------------
for member, rolle, seit in [
    ("sekundarschule-am-rosengarten", "Sprecherin", "2019-02-01"),
    ("berufsschulzentrum-kupferland", "Mitglied", "2019-02-01"),
    ("grundschule-am-lindenberg-helbra", "Mitglied", "2019-09-01"),
    ("bildungszentrum-wipperaue", "Mitglied", "2019-02-01"),
    ("gemeinschaftsschule-glueck-auf", "Mitglied", "2020-09-01"),
    ("foerderschule-blankenheim", "Mitglied", "2021-09-01"),
    ("ev-grundschule-bornstedt", "Mitglied", "2022-09-01"),
    ("lk-msh-schulverwaltung", "Mitglied", "2019-02-01"),
    ("jugendnetzwerk-mansfelder-land", "Mitglied", "2019-02-01"),
    ("demokratiewerk-msh", "Mitglied", "2019-02-01"),
    ("person-tobias-reinhardt", "Geschäftsführung", "2020-02-01"),
]:
    rel(member, AK1, "Mitglied", rolle=rolle, seit=seit)
for member, rolle, seit in [
    ("verein-erinnerungskultur-mansfelder-land", "Sprecher", "2018-09-01"),
    ("foerderverein-schloss-mansfeld", "Mitglied", "2018-09-01"),
    ("theaterverein-spielraum-eisleben", "Mitglied", "2018-09-01"),
    ("kulturwerkstatt-kupferspuren", "Mitglied", "2019-01-10"),
    ("ev-kirchengemeinde-allstedt", "Mitglied", "2019-03-01"),
    ("islamischer-kulturverein-eisleben", "Mitglied", "2020-01-20"),
    ("person-helga-brandt", "Mitglied", "2018-09-01"),
    ("bibliotheksverein-gerbstedt", "Mitglied", "2021-02-01"),
    ("stadt-mansfeld-verwaltung", "Mitglied", "2022-05-01"),
    ("institut-laendliche-demokratie", "Mitglied", "2024-10-01"),
]:
    rel(member, AK2, "Mitglied", rolle=rolle, seit=seit)
for member, rolle, seit in [
    ("syrisch-deutscher-kulturverein", "Sprecher", "2020-11-01"),
    ("ukrainische-gemeinschaft-mansfelder-land", "Mitglied", "2022-10-01"),
    ("afrikanisches-frauennetzwerk-eisleben", "Mitglied", "2025-02-01"),
    ("diakoniewerk-helme-unstrut", "Mitglied", "2020-11-01"),
    ("antidiskriminierungsbuero-suedharz", "Mitglied", "2020-11-01"),
    ("ehrenamtsnetzwerk-suedharz", "Mitglied", "2020-11-01"),
    ("mehrgenerationenhaus-helbra", "Mitglied", "2020-11-01"),
    ("buergerverein-benndorf", "Mitglied", "2021-01-01"),
    ("ev-kirchengemeinde-kelbra", "Mitglied", "2021-03-01"),
    ("lk-msh-integration", "Mitglied", "2020-11-01"),
    ("frauenzentrum-hettstedt", "Mitglied", "2021-06-01"),
    ("dorfverein-ahlsdorf", "Mitglied", "2021-06-01"),
    ("kath-gemeinde-st-barbara-helbra", "Mitglied", "2022-01-10"),
]:
    rel(member, AK3, "Mitglied", rolle=rolle, seit=seit)

# =========================================================================================
# Projects (Einzelmaßnahmen)
# =========================================================================================
AIF, JUF = "Aktions- und Initiativfonds", "Jugendfonds"
PROJECTS = [
    # id, name, fonds, budget, gemeinde, themen, seit, bis, leitet, partners
    (
        "projekt-zeitzeugen-cafe-mansfeld-2023",
        "Zeitzeugen-Café auf Schloß Mansfeld",
        AIF,
        "2200",
        MAN,
        f"{RE}|{DB}",
        "2023-04-01",
        "2023-10-31",
        "foerderverein-schloss-mansfeld",
        ["buergerverein-benndorf", "person-helga-brandt"],
    ),
    (
        "projekt-boxen-fuer-respekt-2023",
        "Boxen für Respekt",
        JUF,
        "1500",
        EIS,
        f"{GP}|{PA}",
        "2023-05-01",
        "2023-12-15",
        "sportjugend-mansfelder-land",
        ["boxclub-kupferfaust-eisleben", "jugendnetzwerk-mansfelder-land"],
    ),
    (
        "projekt-stolpersteine-digital-2024",
        "Stolpersteine digital – Erinnerung in Eisleben",
        AIF,
        "4800",
        EIS,
        f"{AS}|{RE}",
        "2024-03-01",
        "2024-11-30",
        "verein-erinnerungskultur-mansfelder-land",
        ["berufsschulzentrum-kupferland", "theaterverein-spielraum-eisleben"],
    ),
    (
        "projekt-interkulturelle-kochabende-2024",
        "Interkulturelle Kochabende Sangerhausen",
        AIF,
        "1800",
        SGH,
        f"{RA}|{PA}",
        "2024-05-15",
        "2024-12-31",
        "syrisch-deutscher-kulturverein",
        ["sozialwerk-rosenstadt", "ukrainische-gemeinschaft-mansfelder-land"],
    ),
    (
        "projekt-jugendforum-wochenende-2024",
        "Jugendforum-Wochenende 2024",
        JUF,
        "3000",
        SGH,
        f"{PA}|{DB}",
        "2024-06-01",
        "2024-06-30",
        "jugendnetzwerk-mansfelder-land",
        ["jugendclub-gonnatal", "jugendhaus-hettstedt", "person-lea-hoffmann", "person-jonas-brueckner"],
    ),
    (
        "projekt-hass-im-netz-medienworkshops-2025",
        "Hass im Netz? Nicht mit uns! – Medienworkshops",
        JUF,
        "2500",
        SGH,
        f"{HN}|{DB}",
        "2025-02-01",
        "2025-12-15",
        "jugendnetzwerk-mansfelder-land",
        ["sekundarschule-am-rosengarten", "buergerradio-wipperwelle", "jugendclub-gonnatal"],
    ),
    (
        "projekt-kupferspuren-theater-2025",
        "Kupferspuren – Theater gegen Vorurteile",
        AIF,
        "6000",
        HET,
        f"{RA}|{AS}",
        "2025-03-01",
        "2025-11-30",
        "kulturwerkstatt-kupferspuren",
        ["theaterverein-spielraum-eisleben", "bildungszentrum-wipperaue"],
    ),
    (
        "projekt-demokratiefest-goldene-aue-2025",
        "Demokratiefest Goldene Aue 2025",
        AIF,
        "3500",
        KEL,
        f"{PA}|{DB}",
        "2025-04-01",
        "2025-09-30",
        "verein-lebendige-goldene-aue",
        ["ev-kirchengemeinde-kelbra", "dorfgemeinschaft-edersleben", "heimatverein-bruecken-hackpfueffel"],
    ),
    (
        "projekt-demokratie-sommerschule-suedharz-2025",
        "Demokratie-Sommerschule Südharz",
        AIF,
        "3800",
        SUE,
        f"{DB}|{PA}",
        "2025-06-01",
        "2025-08-31",
        "ehrenamtsnetzwerk-suedharz",
        ["ev-jugend-suedharz", "gemeinde-suedharz-verwaltung"],
    ),
    (
        "projekt-fair-streiten-2026",
        "Fair streiten – Debattentraining an Schulen",
        AIF,
        "4200",
        KLO,
        DB,
        "2026-01-15",
        "2026-12-15",
        "mansfelder-bildungswerk",
        ["gemeinschaftsschule-glueck-auf", "grundschule-am-lindenberg-helbra", "foerderschule-blankenheim"],
    ),
    (
        "projekt-sprachcafe-hettstedt-2026",
        "Sprachcafé Hettstedt",
        AIF,
        "1600",
        HET,
        f"{PA}|{RA}",
        "2026-02-01",
        "2026-11-30",
        "frauenzentrum-hettstedt",
        ["afrikanisches-frauennetzwerk-eisleben", "nachbarschaftshilfe-hettstedt-nord"],
    ),
    (
        "projekt-stausee-treff-2026",
        "Stausee-Treff: Jugend gestaltet mit",
        JUF,
        "1200",
        KEL,
        PA,
        "2026-03-01",
        "2026-10-31",
        "jugendtreff-stausee-kelbra",
        ["person-ingrid-sommerfeld"],
    ),
    (
        "projekt-jugend-macht-radio-2026",
        "Jugend macht Radio",
        JUF,
        "2000",
        HET,
        f"{HN}|{PA}",
        "2026-04-01",
        "2026-09-30",
        "buergerradio-wipperwelle",
        ["jugendhaus-hettstedt", "person-finn-lehmann"],
    ),
]
for pid, name, fonds, budget, gemeinde, themen, seit, bis, leitet, partners in PROJECTS:
    el(pid, name, "Projekt", fonds=fonds, budget=budget, gemeinde=gemeinde, themen=themen, sichtbarkeit="öffentlich")
    rel(pid, PFD, "Teil_von", seit=seit, bis=bis)
    rel(pid, PFD, "gefördert_von", seit=seit, bis=bis)
    rel(leitet, pid, "leitet", seit=seit, bis=bis)
    for partner in partners:
        rel(partner, pid, "Partner", seit=seit, bis=bis)

# =========================================================================================
# Events
# =========================================================================================
EVENTS = [
    (
        "netzwerktreffen-ehrenamt-2024",
        "Netzwerktreffen Ehrenamt & Demokratie im ländlichen Raum",
        "Netzwerktreffen",
        "2024-03-05",
        HEL,
        PA,
        [
            "ehrenamtsnetzwerk-suedharz",
            "buergerverein-benndorf",
            "boxclub-kupferfaust-eisleben",
            "mehrgenerationenhaus-helbra",
            "dorfverein-ahlsdorf",
            "fv-blau-gelb-benndorf",
            "sportjugend-mansfelder-land",
            "mansfelder-bildungswerk",
            "person-katrin-albrecht",
            "seniorenvertretung-sangerhausen",
            "lk-msh-jugendamt",
            "ev-kirchengemeinde-kelbra",
        ],
    ),
    (
        "demokratiekonferenz-2024",
        "Demokratiekonferenz Mansfeld-Südharz 2024",
        "Demokratiekonferenz",
        "2024-09-14",
        SGH,
        f"{RE}|{PA}|{DB}",
        [
            "lk-msh-jugendamt",
            "stadt-sangerhausen-ordnungsamt",
            "lk-msh-integration",
            "stadt-eisleben-bks",
            "stadt-hettstedt-buergerdienste",
            "lk-msh-gleichstellung",
            "person-reinhard-vollmer",
            "kreistag-msh-bildungsausschuss",
            "verein-buntes-eisleben",
            "mansfelder-bildungswerk",
            "initiative-weltoffenes-sangerhausen",
            "frauenzentrum-hettstedt",
            "sozialwerk-rosenstadt",
            "verein-erinnerungskultur-mansfelder-land",
            "ehrenamtsnetzwerk-suedharz",
            "initiative-klostermansfeld-bleibt-bunt",
            "ev-kirchengemeinde-kelbra",
            "kirchspiel-hettstedt-wipper",
            "islamischer-kulturverein-eisleben",
            "sekundarschule-am-rosengarten",
            "berufsschulzentrum-kupferland",
            "bildungszentrum-wipperaue",
            "jugendnetzwerk-mansfelder-land",
            "jugendclub-gonnatal",
            "person-lea-hoffmann",
            "person-jonas-brueckner",
            "person-mia-schroeter",
            "sportjugend-mansfelder-land",
            "foerderverein-schloss-mansfeld",
            "theaterverein-spielraum-eisleben",
            "syrisch-deutscher-kulturverein",
            "ukrainische-gemeinschaft-mansfelder-land",
            "vietnamesischer-verein-hettstedt",
            "polizeirevier-msh-praevention",
            "bewaehrungshilfe-sangerhausen",
            "buergerradio-wipperwelle",
            "mansfelder-stadtanzeiger",
            "institut-laendliche-demokratie",
            "demokratiewerk-msh",
            "antidiskriminierungsbuero-suedharz",
            "diakoniewerk-helme-unstrut",
            "person-katrin-albrecht",
            "person-tobias-reinhardt",
            # guests (not members)
            "lokalredaktion-suedharz-kurier",
            "evaluationsbuero-kompass",
            "person-nadine-grosse",
            "solidaritaet-mitteldeutschland",
            "vg-goldene-aue-verwaltung",
            "stadtrat-hettstedt",
            "volkshochschule-rosenstadt",
        ],
    ),
    (
        "fachtag-hass-im-netz-2025",
        "Fachtag „Hass im Netz“: Schule & Jugendarbeit",
        "Fachtag",
        "2025-03-12",
        EIS,
        f"{HN}|{DB}",
        [
            "sekundarschule-am-rosengarten",
            "berufsschulzentrum-kupferland",
            "kupferstadt-gymnasium-hettstedt",
            "sekundarschule-suedharz-rossla",
            "jugendnetzwerk-mansfelder-land",
            "jugendclub-gonnatal",
            "jugendhaus-hettstedt",
            "polizeirevier-msh-praevention",
            "person-claudia-weiss",
            "jugendnetzcourage",
            "lk-msh-schulverwaltung",
            "schuelerzeitung-querbeet",
            "person-ralf-jaenicke",
            "buergerradio-wipperwelle",
            "person-mia-schroeter",
            "person-emil-kraus",
        ],
    ),
    (
        "demokratiekonferenz-2025",
        "Demokratiekonferenz Mansfeld-Südharz 2025",
        "Demokratiekonferenz",
        "2025-09-20",
        EIS,
        f"{RA}|{AS}|{PA}",
        [
            "lk-msh-jugendamt",
            "lk-msh-integration",
            "stadt-eisleben-bks",
            "stadt-mansfeld-verwaltung",
            "gemeinde-suedharz-verwaltung",
            "gemeinde-seegebiet-verwaltung",
            "stadt-allstedt-verwaltung",
            "person-sandra-kuehn",
            "stadtrat-eisleben-sozialausschuss",
            "stadtrat-gerbstedt",
            "verein-buntes-eisleben",
            "mansfelder-bildungswerk",
            "initiative-weltoffenes-sangerhausen",
            "mehrgenerationenhaus-helbra",
            "buergerbuendnis-gerbstedt",
            "dorfverein-ahlsdorf",
            "verein-erinnerungskultur-mansfelder-land",
            "ev-kirchengemeinde-kelbra",
            "ev-kirchengemeinde-allstedt",
            "kath-gemeinde-st-barbara-helbra",
            "islamischer-kulturverein-eisleben",
            "grundschule-am-lindenberg-helbra",
            "gemeinschaftsschule-glueck-auf",
            "foerderschule-blankenheim",
            "ev-grundschule-bornstedt",
            "jugendnetzwerk-mansfelder-land",
            "jugendhaus-hettstedt",
            "ev-jugend-suedharz",
            "jugendzentrum-wimmelburg",
            "jugendfeuerwehr-hergisdorf",
            "person-lea-hoffmann",
            "person-zoe-wagner",
            "person-amira-haddad",
            "person-emil-kraus",
            "fv-blau-gelb-benndorf",
            "kulturwerkstatt-kupferspuren",
            "bibliotheksverein-gerbstedt",
            "syrisch-deutscher-kulturverein",
            "afrikanisches-frauennetzwerk-eisleben",
            "polizeistation-hettstedt",
            "polizeirevier-msh-praevention",
            "buergerradio-wipperwelle",
            "person-helga-brandt",
            "demokratiewerk-msh",
            "diakoniewerk-helme-unstrut",
            "person-katrin-albrecht",
            # guests (not members)
            "initiative-erinnerungsort-sinti-roma",
            "lokalredaktion-suedharz-kurier",
            "kanal-kupferland-tv",
            "pfadfinderstamm-wipper",
            "grundschule-wallhausen",
            "jugendclub-alte-schmiede-arnstein",
        ],
    ),
    (
        "netzwerktreffen-beratung-2026",
        "Netzwerktreffen Beratungslandschaft 2026",
        "Netzwerktreffen",
        "2026-04-22",
        SGH,
        f"{RE}|{AD}",
        [
            "demokratiewerk-msh",
            "demokratiewerk-lsa",
            "solidaritaet-mitteldeutschland",
            "antidiskriminierungsbuero-suedharz",
            "diakoniewerk-helme-unstrut",
            "beratungszentrum-lebenswege",
            "lk-msh-jugendamt",
            "person-katrin-albrecht",
            "ausstiegswerk-ost",
            "familienberatung-distanz",
            "bewaehrungshilfe-sangerhausen",
        ],
    ),
    (
        "demokratiekonferenz-2026",
        "Demokratiekonferenz Mansfeld-Südharz 2026",
        "Demokratiekonferenz",
        "2026-09-19",
        HET,
        f"{HN}|{PA}|{RE}",
        [
            "stadt-hettstedt-buergerdienste",
            "lk-msh-jugendamt",
            "stadt-sangerhausen-ordnungsamt",
            "lk-msh-schulverwaltung",
            "person-reinhard-vollmer",
            "kreistag-msh-bildungsausschuss",
            "verein-buntes-eisleben",
            "mansfelder-bildungswerk",
            "frauenzentrum-hettstedt",
            "initiative-klostermansfeld-bleibt-bunt",
            "sozialwerk-rosenstadt",
            "ev-kirchengemeinde-kelbra",
            "kirchspiel-hettstedt-wipper",
            "sekundarschule-am-rosengarten",
            "bildungszentrum-wipperaue",
            "jugendnetzwerk-mansfelder-land",
            "jugendclub-gonnatal",
            "person-lea-hoffmann",
            "person-finn-lehmann",
            "person-mia-schroeter",
            "sportjugend-mansfelder-land",
            "theaterverein-spielraum-eisleben",
            "foerderverein-schloss-mansfeld",
            "ukrainische-gemeinschaft-mansfelder-land",
            "syrisch-deutscher-kulturverein",
            "polizeirevier-msh-praevention",
            "bewaehrungshilfe-sangerhausen",
            "buergerradio-wipperwelle",
            "institut-laendliche-demokratie",
            "antidiskriminierungsbuero-suedharz",
            "demokratiewerk-msh",
            "person-tobias-reinhardt",
            "person-katrin-albrecht",
            "lk-msh-gleichstellung",
            "berufsschulzentrum-kupferland",
            # guests (not members)
            "kupferstadt-gymnasium-hettstedt",
            "schuelervertretung-kupferstadt-gymnasium",
            "kunstverein-wipperkunst",
            "stadt-arnstein-verwaltung",
            "evaluationsbuero-kompass",
        ],
    ),
]
for eid, name, art, datum, gemeinde, themen, participants in EVENTS:
    el(eid, name, "Veranstaltung", art=art, datum=datum, gemeinde=gemeinde, themen=themen, sichtbarkeit="öffentlich")
    rel(eid, PFD, "Teil_von", seit=datum)
    for participant in participants:
        rel(participant, eid, "Teilnahme", seit=datum)

# =========================================================================================
# Advisory services (Beratungsangebote), their operators and referrals
# =========================================================================================
SERVICES = [
    dict(
        id="beratung-mobile-beratung-msh",
        name="Mobile Beratung Mansfeld-Südharz",
        art="Mobile Beratung",
        by="demokratiewerk-msh",
        gebiet=KREIS,
        gemeinde=EIS,
        themen=f"{RE}|{VI}|{SK}",
        zielgruppen="Kommunen|Vereine|Schulen|Fachkräfte|Amts- und Mandatsträger:innen",
        sprachen="de|en",
        kanaele="vor Ort|Telefon|E-Mail|Video",
        anonym="nein",
        kosten="kostenfrei",
        oeffnungszeiten="Mo–Fr 9–17 Uhr",
        barrierefreiheit="Termine vor Ort nach Absprache",
        krisenfaehig="nein",
        geprueft_am="2026-09-15",
        sichtbarkeit="öffentlich",
    ),
    dict(
        id="beratung-mobile-beratung-sachsen-anhalt",
        name="Mobile Beratung für Demokratie Sachsen-Anhalt",
        art="Mobile Beratung",
        by="demokratiewerk-lsa",
        gebiet="15",
        themen=f"{RE}|{VI}",
        zielgruppen="Kommunen|Vereine|Schulen|Fachkräfte",
        sprachen="de|en|ru",
        kanaele="vor Ort|Telefon|E-Mail|Video",
        anonym="nein",
        kosten="kostenfrei",
        oeffnungszeiten="Mo–Fr 9–16 Uhr",
        krisenfaehig="nein",
        geprueft_am="2026-03-02",
        sichtbarkeit="öffentlich",
    ),
    dict(
        id="beratung-opferberatung-sued",
        name="Opferberatung Süd – für Betroffene rechter, rassistischer und antisemitischer Gewalt",
        art="Opferberatung",
        by="solidaritaet-mitteldeutschland",
        gebiet="15085|15087|15088|15089",
        themen=f"{RE}|{RA}|{AS}",
        zielgruppen="Betroffene|Angehörige|Zeug:innen",
        sprachen="de|en|ar|ru|tr|fa",
        kanaele="vor Ort|Telefon|E-Mail|Chat",
        anonym="ja",
        kosten="kostenfrei",
        oeffnungszeiten="Mo–Do 10–18 Uhr, Notfallnummer rund um die Uhr",
        barrierefreiheit="rollstuhlgerecht",
        krisenfaehig="ja",
        geprueft_am="2025-06-10",
        sichtbarkeit="öffentlich",
    ),
    dict(
        id="beratung-ausstieg-ost",
        name="Ausstiegsberatung Ost",
        art="Ausstiegsberatung",
        by="ausstiegswerk-ost",
        gebiet="15|16",
        themen=f"{AU}|{RE}",
        zielgruppen="Betroffene|Angehörige|Fachkräfte",
        sprachen="de|ru",
        kanaele="Telefon|E-Mail|vor Ort|Chat",
        anonym="ja",
        kosten="kostenfrei",
        krisenfaehig="nein",
        geprueft_am="2024-11-04",
        sichtbarkeit="öffentlich",
    ),
    dict(
        id="beratung-distanzierung-angehoerige",
        name="Distanzierungs- und Angehörigenberatung Mitteldeutschland",
        art="Ausstiegsberatung",
        by="familienberatung-distanz",
        gebiet="14|15|16",
        themen=f"{AU}|{VI}|{RE}",
        zielgruppen="Angehörige|Eltern|Fachkräfte|Schulen",
        sprachen="de|en|tr|ar",
        kanaele="Telefon|Video|E-Mail",
        anonym="ja",
        kosten="kostenfrei",
        krisenfaehig="nein",
        geprueft_am="2026-02-20",
        sichtbarkeit="öffentlich",
    ),
    dict(
        id="beratung-antidiskriminierung-sangerhausen",
        name="Antidiskriminierungsberatung Sangerhausen und Goldene Aue",
        art="Antidiskriminierungsberatung",
        by="antidiskriminierungsbuero-suedharz",
        gemeinde=SGH,
        gebiet=f"{SGH}|{SUE}|{ALL}|{KEL}|{BER}|{EDE}|{BRH}|{WAL}",
        themen=f"{AD}|{RA}|{QF}",
        zielgruppen="Betroffene|Angehörige|Zeug:innen",
        sprachen="de|en|ar|tr|uk|easy",
        kanaele="vor Ort|Telefon|E-Mail|Formular",
        anonym="ja",
        kosten="kostenfrei",
        oeffnungszeiten="Di 14–18 Uhr, Do 9–13 Uhr",
        barrierefreiheit="rollstuhlgerecht, Leichte Sprache",
        krisenfaehig="nein",
        geprueft_am="2026-10-01",
        sichtbarkeit="öffentlich",
    ),
    dict(
        id="beratung-antidiskriminierung-eisleben-hettstedt",
        name="Antidiskriminierungs- und Migrationssprechstunde Eisleben/Hettstedt",
        art="Antidiskriminierungsberatung",
        by="diakoniewerk-helme-unstrut",
        gemeinde=EIS,
        gebiet=f"{EIS}|{HET}|{MAN}|{ARN}|{GER}|{SEE}|{HEL}|{WIM}",
        themen=f"{AD}|{RA}|{MF}",
        zielgruppen="Betroffene|Angehörige|Vereine",
        sprachen="de|ar|fa|ru|uk|ti",
        kanaele="vor Ort|Telefon",
        anonym="nein",
        kosten="kostenfrei",
        oeffnungszeiten="Mi 10–16 Uhr",
        krisenfaehig="nein",
        geprueft_am="2026-05-18",
        sichtbarkeit="öffentlich",
    ),
    dict(
        id="beratung-meldestelle-antiziganismus",
        name="Meldestelle Antiziganismus",
        art="Meldestelle",
        by="netzwerk-antiziganismus-melden",
        gebiet="DE",
        themen=f"{AZ}|{AD}",
        zielgruppen="Betroffene|Zeug:innen|Fachkräfte",
        sprachen="de|en|ro",
        kanaele="Formular|Telefon|E-Mail",
        anonym="ja",
        kosten="kostenfrei",
        krisenfaehig="nein",
        geprueft_am="2026-05-01",
        sichtbarkeit="öffentlich",
    ),
    dict(
        id="beratung-meldestelle-hass-im-netz",
        name="Meldestelle Hass im Netz",
        art="Meldestelle",
        by="jugendnetzcourage",
        gebiet="DE",
        themen=f"{HN}|{VI}",
        zielgruppen="Betroffene|Zeug:innen|Jugendliche",
        sprachen="de|en|tr|ar",
        kanaele="Formular|E-Mail",
        anonym="ja",
        kosten="kostenfrei",
        krisenfaehig="nein",
        geprueft_am="2026-07-12",
        sichtbarkeit="öffentlich",
    ),
    dict(
        id="beratung-online-jugend-hass-im-netz",
        name="Online-Beratung für Jugendliche bei Hass im Netz",
        art="Online-Beratung",
        by="jugendnetzcourage",
        gebiet="DE",
        themen=f"{HN}|{QF}",
        zielgruppen="Jugendliche|Eltern|Betroffene",
        sprachen="de|en|ar|tr|uk|ru",
        kanaele="Chat|E-Mail",
        anonym="ja",
        kosten="kostenfrei",
        oeffnungszeiten="täglich 16–22 Uhr",
        krisenfaehig="ja",
        geprueft_am="2025-08-30",
        sichtbarkeit="öffentlich",
    ),
    dict(
        id="beratung-kommunalschutz",
        name="Beratung für bedrohte kommunale Amts- und Mandatsträger:innen",
        art="Beratung für Amts- und Mandatsträger:innen",
        by="kommunalschutz-netzwerk",
        gebiet="DE",
        themen=f"{SK}|{HN}|{RE}",
        zielgruppen="Amts- und Mandatsträger:innen|Kommunen",
        sprachen="de|en",
        kanaele="Telefon|Video|E-Mail",
        anonym="nein",
        kosten="kostenfrei",
        oeffnungszeiten="rund um die Uhr (Krisentelefon)",
        krisenfaehig="ja",
        geprueft_am="2026-04-15",
        sichtbarkeit="öffentlich",
    ),
    dict(
        id="beratung-mobile-beratung-thueringen",
        name="Mobile Beratung Thüringen",
        art="Mobile Beratung",
        by="thueringer-beratungsnetz-demokratie",
        gebiet="16",
        themen=f"{RE}|{RA}",
        zielgruppen="Kommunen|Vereine|Schulen",
        sprachen="de",
        kanaele="vor Ort|Telefon|E-Mail",
        anonym="nein",
        kosten="kostenfrei",
        krisenfaehig="nein",
        geprueft_am="2026-01-10",
        sichtbarkeit="öffentlich",
    ),
    dict(
        id="beratung-opferberatung-thueringen",
        name="Opferberatung Thüringen",
        art="Opferberatung",
        by="thueringer-beratungsnetz-demokratie",
        gebiet="16",
        themen=f"{RE}|{RA}|{AS}",
        zielgruppen="Betroffene|Angehörige|Zeug:innen",
        sprachen="de|en|ar|ru",
        kanaele="vor Ort|Telefon|E-Mail",
        anonym="ja",
        kosten="kostenfrei",
        krisenfaehig="ja",
        geprueft_am="2024-09-01",
        sichtbarkeit="öffentlich",
    ),
    dict(
        id="beratung-mobile-beratung-niedersachsen",
        name="Mobile Beratung Niedersachsen – Region Harz",
        art="Mobile Beratung",
        by="beratungsnetz-niedersachsen-harz",
        gebiet="03",
        themen=RE,
        zielgruppen="Kommunen|Vereine|Schulen",
        sprachen="de|en|pl",
        kanaele="vor Ort|Telefon|E-Mail",
        anonym="nein",
        kosten="kostenfrei",
        krisenfaehig="nein",
        geprueft_am="2026-06-06",
        sichtbarkeit="öffentlich",
    ),
    dict(
        id="beratung-betroffenenberatung-sachsen",
        name="Betroffenenberatung Sachsen",
        art="Opferberatung",
        by="betroffenenhilfe-sachsen",
        gebiet="14",
        themen=f"{RE}|{RA}",
        zielgruppen="Betroffene|Angehörige|Zeug:innen",
        sprachen="de|en|ar|vi|uk",
        kanaele="vor Ort|Telefon|E-Mail|Chat",
        anonym="ja",
        kosten="kostenfrei",
        krisenfaehig="ja",
        geprueft_am="2026-08-08",
        sichtbarkeit="öffentlich",
    ),
    dict(
        id="beratung-schulen-rechte-vorfaelle-msh",
        name="Sprechstunde für Schulen bei rechtsextremen Vorfällen",
        art="Mobile Beratung",
        by="demokratiewerk-msh",
        gemeinde=EIS,
        gebiet=KREIS,
        themen=f"{RE}|{HN}",
        zielgruppen="Schulen|Fachkräfte|Eltern",
        sprachen="de",
        kanaele="Telefon|Video|vor Ort",
        anonym="nein",
        kosten="kostenfrei",
        oeffnungszeiten="Di 15–17 Uhr",
        krisenfaehig="nein",
        geprueft_am="2026-02-02",
        sichtbarkeit="netzwerk",
        notiz="Nur für Mitglieder des Netzwerks; Terminvergabe über die Koordinierungs- und Fachstelle.",
    ),
    dict(
        id="beratung-vereinsberatung-demokratie",
        name="Vereinsberatung: Schutz vor Unterwanderung",
        art="Mobile Beratung",
        by="demokratiewerk-lsa",
        gebiet="15",
        themen=f"{RE}|{VI}",
        zielgruppen="Vereine|Fachkräfte",
        sprachen="de",
        kanaele="Video|E-Mail",
        anonym="nein",
        kosten="kostenfrei",
        krisenfaehig="nein",
        geprueft_am="2023-12-01",
        sichtbarkeit="netzwerk",
        notiz="Angaben seit 2023 nicht geprüft; Kontakt: Landesstelle; Termine nach Vereinbarung.",
    ),
]
# How to reach each service: fictional but well-formed. Phone numbers are from the range the
# Bundesnetzagentur keeps free for media productions ("Drama Numbers", Mitteilung Nr. 148/2021,
# Amtsblatt 7/2021, S. 489: Berlin (0)30 23125 000 bis 999), so that a curious call reaches
# no one; e-mail and web addresses use example.org (RFC 2606); streets are invented, the
# postcodes are those of the Gemeinden's seats in the Gemeindeverzeichnis.
SEATS = {EIS: "06295 Lutherstadt Eisleben", SGH: "06526 Sangerhausen"}
ACCESS = {"rollstuhlgerecht": "barrierefrei", "rollstuhlgerecht, Leichte Sprache": "barrierefrei|Leichte Sprache"}
for number, service in enumerate(SERVICES):
    slug = str(service["id"]).removeprefix("beratung-")
    service.setdefault("telefon", f"030 23125 {100 + number}")
    service.setdefault("email", f"{slug}@example.org")
    service.setdefault("webseite", f"https://{slug}.example.org")
    if service.get("gemeinde") in SEATS:
        service.setdefault("adresse", f"Beispielstraße {number + 1}, {SEATS[str(service['gemeinde'])]}")
    if service.get("barrierefreiheit") in ACCESS:
        service.setdefault("zugang", ACCESS[str(service["barrierefreiheit"])])

for service in SERVICES:
    data = dict(service)
    sid, name, by = data.pop("id"), data.pop("name"), data.pop("by")
    el(sid, name, "Beratungsangebot", **data)
    rel(by, sid, "bietet_an", seit="2020-01-01" if by == "demokratiewerk-msh" else "")

# Referrals: local actors know and refer to services (the "warm path").
for von, nach, seit in [
    ("lk-msh-jugendamt", "beratung-mobile-beratung-msh", "2019-05-01"),
    ("lk-msh-jugendamt", "beratung-opferberatung-sued", "2020-02-01"),
    ("verein-buntes-eisleben", "beratung-opferberatung-sued", "2018-06-01"),
    ("verein-buntes-eisleben", "beratung-antidiskriminierung-eisleben-hettstedt", "2021-03-01"),
    ("polizeirevier-msh-praevention", "beratung-opferberatung-sued", "2019-01-01"),
    ("syrisch-deutscher-kulturverein", "beratung-antidiskriminierung-sangerhausen", "2020-05-01"),
    ("sekundarschule-am-rosengarten", "beratung-online-jugend-hass-im-netz", "2025-03-12"),
    ("sekundarschule-am-rosengarten", "beratung-meldestelle-hass-im-netz", "2025-03-12"),
    ("gemeinde-suedharz-verwaltung", "beratung-kommunalschutz", "2024-06-01"),
    ("stadt-hettstedt-buergerdienste", "beratung-kommunalschutz", "2024-10-01"),
    ("mansfelder-bildungswerk", "beratung-ausstieg-ost", "2021-09-01"),
    ("mansfelder-bildungswerk", "beratung-distanzierung-angehoerige", "2022-04-01"),
    ("bewaehrungshilfe-sangerhausen", "beratung-ausstieg-ost", "2021-01-01"),
    ("jugendnetzwerk-mansfelder-land", "beratung-meldestelle-hass-im-netz", "2023-05-01"),
    ("islamischer-kulturverein-eisleben", "beratung-antidiskriminierung-eisleben-hettstedt", "2022-02-01"),
    ("lk-msh-schulverwaltung", "beratung-schulen-rechte-vorfaelle-msh", "2024-09-01"),
    ("initiative-erinnerungsort-sinti-roma", "beratung-meldestelle-antiziganismus", "2023-06-01"),
    ("beratungszentrum-lebenswege", "beratung-opferberatung-sued", "2022-01-01"),
]:
    rel(von, nach, "verweist_an", seit=seit)

# =========================================================================================
# Cooperation ties (Kooperation: actor — actor)
# =========================================================================================
COOPERATIONS = [
    # -- core members among themselves
    ("lk-msh-jugendamt", "mansfelder-bildungswerk", "2015-01-01", "", "3"),
    ("lk-msh-jugendamt", "jugendnetzwerk-mansfelder-land", "2015-06-01", "", "2"),
    ("lk-msh-jugendamt", "demokratiewerk-msh", "2015-06-01", "", "2"),
    ("lk-msh-integration", "syrisch-deutscher-kulturverein", "2017-01-10", "", "2"),
    ("lk-msh-integration", "ukrainische-gemeinschaft-mansfelder-land", "2022-09-01", "", ""),
    ("lk-msh-integration", "diakoniewerk-helme-unstrut", "2016-06-01", "2024-06-30", ""),
    ("stadt-sangerhausen-ordnungsamt", "polizeirevier-msh-praevention", "2015-06-01", "", "2"),
    ("stadt-sangerhausen-ordnungsamt", "initiative-weltoffenes-sangerhausen", "2018-04-01", "", ""),
    ("stadt-eisleben-bks", "verein-buntes-eisleben", "2015-06-01", "", "2"),
    ("stadt-eisleben-bks", "theaterverein-spielraum-eisleben", "2018-01-01", "2023-12-31", ""),
    ("stadt-hettstedt-buergerdienste", "frauenzentrum-hettstedt", "2017-03-01", "", ""),
    ("stadt-hettstedt-buergerdienste", "jugendhaus-hettstedt", "2017-03-01", "", ""),
    ("stadt-mansfeld-verwaltung", "foerderverein-schloss-mansfeld", "2018-05-01", "", "2"),
    ("gemeinde-suedharz-verwaltung", "ehrenamtsnetzwerk-suedharz", "2019-09-01", "", ""),
    ("gemeinde-suedharz-verwaltung", "ev-jugend-suedharz", "2021-04-01", "", ""),
    ("gemeinde-seegebiet-verwaltung", "dorfverein-ahlsdorf", "2021-05-01", "", ""),
    ("stadt-allstedt-verwaltung", "ev-kirchengemeinde-allstedt", "2020-06-01", "", ""),
    ("lk-msh-schulverwaltung", "sekundarschule-am-rosengarten", "2018-01-15", "", ""),
    ("lk-msh-schulverwaltung", "gemeinschaftsschule-glueck-auf", "2020-08-01", "", ""),
    ("lk-msh-gleichstellung", "frauenzentrum-hettstedt", "2017-03-01", "2024-08-31", ""),
    ("kreistag-msh-bildungsausschuss", "person-reinhard-vollmer", "2019-07-01", "", ""),
    ("stadtrat-gerbstedt", "buergerbuendnis-gerbstedt", "2022-04-01", "", ""),
    ("stadtrat-gerbstedt", "bibliotheksverein-gerbstedt", "2022-04-01", "", ""),
    ("verein-buntes-eisleben", "verein-erinnerungskultur-mansfelder-land", "2016-01-01", "", "2"),
    ("verein-buntes-eisleben", "islamischer-kulturverein-eisleben", "2018-03-01", "", ""),
    ("verein-buntes-eisleben", "afrikanisches-frauennetzwerk-eisleben", "2024-11-01", "", ""),
    ("initiative-weltoffenes-sangerhausen", "syrisch-deutscher-kulturverein", "2016-11-01", "", "2"),
    ("initiative-weltoffenes-sangerhausen", "antidiskriminierungsbuero-suedharz", "2019-03-01", "", ""),
    ("sozialwerk-rosenstadt", "diakoniewerk-helme-unstrut", "2016-09-01", "", ""),
    ("mehrgenerationenhaus-helbra", "kath-gemeinde-st-barbara-helbra", "2021-09-01", "", ""),
    ("mehrgenerationenhaus-helbra", "grundschule-am-lindenberg-helbra", "2019-08-01", "", ""),
    ("initiative-klostermansfeld-bleibt-bunt", "gemeinschaftsschule-glueck-auf", "2020-08-01", "", ""),
    ("initiative-klostermansfeld-bleibt-bunt", "verein-buntes-eisleben", "2020-03-01", "2025-10-31", ""),
    ("ehrenamtsnetzwerk-suedharz", "ev-jugend-suedharz", "2019-09-01", "", ""),
    ("kirchspiel-hettstedt-wipper", "kulturwerkstatt-kupferspuren", "2018-04-01", "2025-03-31", ""),
    ("kirchspiel-hettstedt-wipper", "ev-kirchengemeinde-allstedt", "2019-02-01", "", ""),
    ("sekundarschule-am-rosengarten", "jugendclub-gonnatal", "2016-08-01", "", ""),
    ("berufsschulzentrum-kupferland", "verein-erinnerungskultur-mansfelder-land", "2019-01-01", "", ""),
    ("bildungszentrum-wipperaue", "jugendhaus-hettstedt", "2018-02-01", "", ""),
    ("foerderschule-blankenheim", "grundschule-am-lindenberg-helbra", "2021-08-01", "", ""),
    ("ev-grundschule-bornstedt", "ev-kirchengemeinde-allstedt", "2022-08-01", "", ""),
    ("ev-grundschule-bornstedt", "mansfelder-bildungswerk", "2024-09-01", "", ""),
    ("jugendnetzwerk-mansfelder-land", "jugendclub-gonnatal", "2016-03-01", "", "2"),
    ("jugendnetzwerk-mansfelder-land", "jugendzentrum-wimmelburg", "2020-05-01", "", ""),
    ("jugendzentrum-wimmelburg", "jugendfeuerwehr-hergisdorf", "2021-06-01", "", ""),
    ("jugendfeuerwehr-hergisdorf", "ev-jugend-suedharz", "2023-04-01", "", ""),
    ("sportjugend-mansfelder-land", "fv-blau-gelb-benndorf", "2021-03-01", "", ""),
    ("sportjugend-mansfelder-land", "polizeirevier-msh-praevention", "2017-02-01", "2024-12-31", ""),
    ("kulturwerkstatt-kupferspuren", "buergerradio-wipperwelle", "2019-05-01", "2025-06-30", ""),
    ("theaterverein-spielraum-eisleben", "verein-erinnerungskultur-mansfelder-land", "2018-09-01", "", ""),
    ("ukrainische-gemeinschaft-mansfelder-land", "diakoniewerk-helme-unstrut", "2022-09-01", "", ""),
    ("polizeistation-hettstedt", "jugendhaus-hettstedt", "2019-04-01", "", ""),
    ("bewaehrungshilfe-sangerhausen", "polizeirevier-msh-praevention", "2020-10-01", "", ""),
    ("institut-laendliche-demokratie", "mansfelder-bildungswerk", "2019-10-01", "", ""),
    ("person-helga-brandt", "verein-erinnerungskultur-mansfelder-land", "2018-09-01", "", ""),
    ("antidiskriminierungsbuero-suedharz", "diakoniewerk-helme-unstrut", "2019-03-01", "", ""),
    ("person-lea-hoffmann", "jugendclub-gonnatal", "2022-03-01", "", ""),
    ("person-zoe-wagner", "gemeinde-seegebiet-verwaltung", "2025-04-01", "", ""),
    ("afrikanisches-frauennetzwerk-eisleben", "frauenzentrum-hettstedt", "2024-10-01", "", ""),
    ("stadtrat-eisleben-sozialausschuss", "stadt-eisleben-bks", "2019-07-01", "", ""),
    ("dorfverein-ahlsdorf", "mehrgenerationenhaus-helbra", "2021-05-01", "", ""),
    # ended ties (so that the years differ)
    ("stadt-sangerhausen-ordnungsamt", "sozialwerk-rosenstadt", "2017-01-01", "2023-06-30", ""),
    ("buergerradio-wipperwelle", "mansfelder-stadtanzeiger", "2018-11-01", "2024-12-31", ""),
    ("frauenzentrum-hettstedt", "vietnamesischer-verein-hettstedt", "2018-06-01", "2024-12-31", ""),
    ("jugendclub-gonnatal", "jugendhaus-hettstedt", "2017-05-01", "2022-12-31", ""),
    # -- the broker (Ev. Kirchengemeinde Kelbra) to the rest
    ("ev-kirchengemeinde-kelbra", "diakoniewerk-helme-unstrut", "2018-03-01", "", "2"),
    ("ev-kirchengemeinde-kelbra", "kirchspiel-hettstedt-wipper", "2018-03-01", "", ""),
    ("ev-kirchengemeinde-kelbra", "ehrenamtsnetzwerk-suedharz", "2020-05-01", "", ""),
    ("ev-kirchengemeinde-kelbra", "vg-goldene-aue-verwaltung", "2019-01-01", "", ""),
    ("person-matthias-koenig", "ev-kirchengemeinde-kelbra", "2018-03-01", "", "3"),
    ("person-matthias-koenig", "kirchspiel-hettstedt-wipper", "2018-03-01", "", ""),
    # -- gap (f): the cluster, tied only among itself and to the broker
    ("ev-kirchengemeinde-kelbra", "verein-lebendige-goldene-aue", "2022-06-01", "", "2"),
    ("ev-kirchengemeinde-kelbra", "jugendtreff-stausee-kelbra", "2021-09-01", "", "2"),
    ("ev-kirchengemeinde-kelbra", "heimatverein-bruecken-hackpfueffel", "2023-02-01", "", ""),
    ("verein-lebendige-goldene-aue", "dorfgemeinschaft-edersleben", "2023-08-01", "", ""),
    ("verein-lebendige-goldene-aue", "person-ingrid-sommerfeld", "2022-06-01", "", ""),
    ("dorfgemeinschaft-edersleben", "heimatverein-bruecken-hackpfueffel", "2025-01-10", "", ""),
    ("jugendtreff-stausee-kelbra", "person-ingrid-sommerfeld", "2024-11-01", "", ""),
    ("dorfgemeinschaft-edersleben", "person-ingrid-sommerfeld", "2023-05-01", "", ""),
    ("ev-kirchengemeinde-kelbra", "person-ingrid-sommerfeld", "2022-06-01", "", ""),
    # -- gap (h): dormant members, only old ties
    ("buergerverein-benndorf", "dorfverein-ahlsdorf", "2021-04-01", "", ""),
    ("buergerverein-benndorf", "mehrgenerationenhaus-helbra", "2022-02-01", "", ""),
    ("buergerverein-benndorf", "fv-blau-gelb-benndorf", "2019-06-01", "", ""),
    ("boxclub-kupferfaust-eisleben", "sportjugend-mansfelder-land", "2020-05-01", "", ""),
    ("boxclub-kupferfaust-eisleben", "jugendnetzwerk-mansfelder-land", "2021-03-01", "", ""),
    ("boxclub-kupferfaust-eisleben", "polizeistation-hettstedt", "2022-01-15", "", ""),
    # -- gap (a): Wirtschaft, not members; Kupferland Metallbau cooperates with members
    ("kupferland-metallbau", "bildungszentrum-wipperaue", "2021-09-01", "", "2"),
    ("kupferland-metallbau", "jugendhaus-hettstedt", "2023-06-01", "", ""),
    ("kupferland-metallbau", "unternehmerverein-mansfelder-land", "2019-01-01", "", ""),
    ("unternehmerverein-mansfelder-land", "stadt-eisleben-bks", "2020-02-01", "", ""),
    ("unternehmerverein-mansfelder-land", "gewerbeverein-sangerhausen", "2018-01-01", "", ""),
    ("gewerbeverein-sangerhausen", "rosenstadt-tourismus", "2018-01-01", "", ""),
    ("rosenstadt-tourismus", "foerderverein-schloss-mansfeld", "2021-04-01", "", ""),
    ("helme-logistik", "sozialwerk-rosenstadt", "2019-03-01", "", ""),
    ("helme-logistik", "gewerbeverein-sangerhausen", "2017-01-01", "", ""),
    # -- gap (b): Arnstein, no member; its actors tie among themselves and to a few members
    ("stadt-arnstein-verwaltung", "lk-msh-jugendamt", "2019-01-01", "", ""),
    ("stadt-arnstein-verwaltung", "grundschule-wippertal-arnstein", "2018-01-01", "", ""),
    ("stadt-arnstein-verwaltung", "heimatverein-sylda", "2018-01-01", "", ""),
    ("stadt-arnstein-verwaltung", "person-timo-ansorge", "2020-01-01", "", ""),
    ("grundschule-wippertal-arnstein", "lk-msh-schulverwaltung", "2018-01-01", "", ""),
    ("grundschule-wippertal-arnstein", "person-petra-lindner", "2017-08-01", "", ""),
    ("grundschule-wippertal-arnstein", "baeckerei-wenzel-toechter", "2022-05-01", "", ""),
    ("person-petra-lindner", "jugendclub-alte-schmiede-arnstein", "2021-01-01", "", ""),
    ("jugendclub-alte-schmiede-arnstein", "jugendnetzwerk-mansfelder-land", "2020-03-01", "", ""),
    ("jugendclub-alte-schmiede-arnstein", "person-timo-ansorge", "2019-01-01", "", "3"),
    ("baeckerei-wenzel-toechter", "jugendclub-alte-schmiede-arnstein", "2021-06-01", "", ""),
    ("baeckerei-wenzel-toechter", "person-holger-wenzel", "2010-01-01", "", "3"),
    ("person-holger-wenzel", "heimatverein-sylda", "2015-01-01", "", ""),
    ("heimatverein-sylda", "ev-kirchengemeinde-arnstein", "2016-01-01", "", ""),
    ("ev-kirchengemeinde-arnstein", "kirchspiel-hettstedt-wipper", "2017-01-01", "", ""),
    # -- gap (b): Wallhausen, no member
    ("grundschule-wallhausen", "lk-msh-schulverwaltung", "2018-01-01", "", ""),
    ("grundschule-wallhausen", "foerderverein-grundschule-wallhausen", "2012-01-01", "", "2"),
    ("grundschule-wallhausen", "person-uwe-hartung", "2019-01-01", "", ""),
    ("sv-helmetal-wallhausen", "sportjugend-mansfelder-land", "2017-01-01", "", ""),
    ("sv-helmetal-wallhausen", "agrargenossenschaft-goldene-aue", "2016-01-01", "", ""),
    ("sv-helmetal-wallhausen", "jugendfeuerwehr-wallhausen", "2018-01-01", "", ""),
    ("agrargenossenschaft-goldene-aue", "landfrauen-wallhausen", "2015-01-01", "", ""),
    ("landfrauen-wallhausen", "person-gisela-stoeckel", "2014-01-01", "", "3"),
    ("person-gisela-stoeckel", "foerderverein-grundschule-wallhausen", "2016-01-01", "", ""),
    ("jugendfeuerwehr-wallhausen", "person-uwe-hartung", "2019-01-01", "", ""),
    ("jugendfeuerwehr-wallhausen", "jugendfeuerwehr-hergisdorf", "2022-05-01", "", ""),
    ("person-uwe-hartung", "kreistag-msh-bildungsausschuss", "2019-07-01", "", ""),
    # -- gap (c): the Antiziganismus initiative (not a member) and the way to it
    ("initiative-erinnerungsort-sinti-roma", "verein-buntes-eisleben", "2021-04-01", "", ""),
    ("initiative-erinnerungsort-sinti-roma", "netzwerk-antiziganismus-melden", "2022-03-01", "", ""),
    ("initiative-erinnerungsort-sinti-roma", "literaturkreis-lutherstadt", "2022-09-01", "", ""),
    ("netzwerk-antiziganismus-melden", "antidiskriminierungsbuero-suedharz", "2023-01-01", "", ""),
    # -- further non-members
    ("lk-msh-sozialamt", "lk-msh-jugendamt", "2015-01-01", "", ""),
    ("lk-msh-sozialamt", "diakoniewerk-helme-unstrut", "2016-01-01", "", ""),
    ("lk-msh-sozialamt", "beratungszentrum-lebenswege", "2018-01-01", "", ""),
    ("lk-msh-gesundheitsamt", "lk-msh-jugendamt", "2015-01-01", "", ""),
    ("lk-msh-gesundheitsamt", "lk-msh-sozialamt", "2015-01-01", "", ""),
    ("vg-goldene-aue-verwaltung", "lk-msh-jugendamt", "2016-01-01", "", ""),
    ("vg-mansfelder-grund-helbra", "gemeinderat-helbra", "2010-01-01", "", ""),
    ("vg-mansfelder-grund-helbra", "mehrgenerationenhaus-helbra", "2018-10-01", "", ""),
    ("vg-mansfelder-grund-helbra", "grundschule-am-lindenberg-helbra", "2015-01-01", "", ""),
    ("stadt-gerbstedt-verwaltung", "stadtrat-gerbstedt", "2010-01-01", "", ""),
    ("stadt-gerbstedt-verwaltung", "buergerbuendnis-gerbstedt", "2020-01-15", "", ""),
    ("gemeinderat-helbra", "kath-gemeinde-st-barbara-helbra", "2021-09-01", "", ""),
    ("ortschaftsrat-rossla", "gemeinde-suedharz-verwaltung", "2010-01-01", "", ""),
    ("ortschaftsrat-rossla", "ev-jugend-suedharz", "2020-01-01", "", ""),
    ("stadtrat-hettstedt", "stadt-hettstedt-buergerdienste", "2010-01-01", "", ""),
    ("stadtrat-hettstedt", "frauenzentrum-hettstedt", "2019-01-01", "", ""),
    ("buergerinitiative-suesser-see", "gemeinde-seegebiet-verwaltung", "2021-02-01", "", ""),
    ("buergerinitiative-suesser-see", "dorfverein-ahlsdorf", "2022-01-01", "", ""),
    ("seniorenvertretung-sangerhausen", "sozialwerk-rosenstadt", "2018-01-01", "", ""),
    ("freundeskreis-fluechtlingshilfe-allstedt", "stadt-allstedt-verwaltung", "2016-01-01", "", ""),
    ("freundeskreis-fluechtlingshilfe-allstedt", "ev-kirchengemeinde-allstedt", "2016-01-01", "", ""),
    ("freundeskreis-fluechtlingshilfe-allstedt", "syrisch-deutscher-kulturverein", "2016-11-01", "", ""),
    ("nachbarschaftshilfe-hettstedt-nord", "frauenzentrum-hettstedt", "2019-01-01", "", ""),
    ("nachbarschaftshilfe-hettstedt-nord", "stadt-hettstedt-buergerdienste", "2019-01-01", "", ""),
    ("elterninitiative-blankenheim", "foerderschule-blankenheim", "2021-08-01", "", ""),
    ("elterninitiative-blankenheim", "vg-mansfelder-grund-helbra", "2020-01-01", "", ""),
    ("netzwerk-nachbarschaft-wimmelburg", "jugendzentrum-wimmelburg", "2020-05-01", "", ""),
    ("netzwerk-nachbarschaft-wimmelburg", "vg-mansfelder-grund-helbra", "2020-05-01", "", ""),
    ("freikirche-rosenstadt", "initiative-weltoffenes-sangerhausen", "2017-01-01", "", ""),
    ("freikirche-rosenstadt", "sozialwerk-rosenstadt", "2017-01-01", "", ""),
    ("kath-gemeinde-st-elisabeth-hettstedt", "kirchspiel-hettstedt-wipper", "2012-01-01", "", "2"),
    ("kath-gemeinde-st-elisabeth-hettstedt", "nachbarschaftshilfe-hettstedt-nord", "2019-01-01", "", ""),
    ("kupferstadt-gymnasium-hettstedt", "bildungszentrum-wipperaue", "2018-02-01", "", ""),
    ("kupferstadt-gymnasium-hettstedt", "schuelervertretung-kupferstadt-gymnasium", "2015-01-01", "", "3"),
    ("schuelervertretung-kupferstadt-gymnasium", "jugendhaus-hettstedt", "2022-01-01", "", ""),
    ("sekundarschule-suedharz-rossla", "ev-jugend-suedharz", "2019-09-01", "", ""),
    ("sekundarschule-suedharz-rossla", "gemeinde-suedharz-verwaltung", "2019-09-01", "", ""),
    ("volkshochschule-rosenstadt", "mansfelder-bildungswerk", "2016-01-01", "", ""),
    ("grundschule-ahlsdorf", "dorfverein-ahlsdorf", "2021-05-01", "", ""),
    ("grundschule-ahlsdorf", "lk-msh-schulverwaltung", "2018-01-01", "", ""),
    ("pfadfinderstamm-wipper", "stadt-mansfeld-verwaltung", "2019-01-01", "", ""),
    ("pfadfinderstamm-wipper", "foerderverein-schloss-mansfeld", "2019-01-01", "", ""),
    ("radsportverein-rosenstadt", "sportjugend-mansfelder-land", "2016-05-01", "", ""),
    ("radsportverein-rosenstadt", "person-sven-mueller-thal", "2014-01-01", "", "2"),
    ("person-sven-mueller-thal", "sportjugend-mansfelder-land", "2018-01-01", "", ""),
    ("radsportverein-rosenstadt", "jugendclub-gonnatal", "2019-04-01", "", ""),
    ("schachklub-turm-eisleben", "jugendnetzwerk-mansfelder-land", "2020-01-01", "", ""),
    ("schachklub-turm-eisleben", "berufsschulzentrum-kupferland", "2021-01-01", "", ""),
    ("wanderverein-suedharz", "ehrenamtsnetzwerk-suedharz", "2019-09-01", "", ""),
    ("wanderverein-suedharz", "gemeinde-suedharz-verwaltung", "2019-09-01", "", ""),
    ("kegelverein-allstedt", "stadt-allstedt-verwaltung", "2020-06-01", "", ""),
    ("kegelverein-allstedt", "freundeskreis-fluechtlingshilfe-allstedt", "2021-01-01", "", ""),
    ("musikschule-rosenstadt", "sekundarschule-am-rosengarten", "2016-08-01", "", ""),
    ("musikschule-rosenstadt", "jugendclub-gonnatal", "2017-01-01", "", ""),
    ("bergmannsverein-helbra", "mehrgenerationenhaus-helbra", "2018-10-01", "", ""),
    ("bergmannsverein-helbra", "forschungsstelle-bergbaugeschichte", "2015-01-01", "", ""),
    ("forschungsstelle-bergbaugeschichte", "foerderverein-schloss-mansfeld", "2017-05-01", "", ""),
    ("kunstverein-wipperkunst", "kulturwerkstatt-kupferspuren", "2018-04-01", "", ""),
    ("literaturkreis-lutherstadt", "theaterverein-spielraum-eisleben", "2019-01-01", "", ""),
    ("afghanischer-elternverein-eisleben", "beratungszentrum-lebenswege", "2022-01-01", "", ""),
    ("afghanischer-elternverein-eisleben", "berufsschulzentrum-kupferland", "2022-08-01", "", ""),
    ("russischsprachige-elterninitiative-hettstedt", "person-olga-petrenko", "2021-01-01", "", ""),
    ("russischsprachige-elterninitiative-hettstedt", "jugendhaus-hettstedt", "2021-01-01", "", ""),
    ("person-olga-petrenko", "ukrainische-gemeinschaft-mansfelder-land", "2022-09-01", "", ""),
    ("tuerkisch-deutscher-freundeskreis", "syrisch-deutscher-kulturverein", "2017-01-01", "", ""),
    ("tuerkisch-deutscher-freundeskreis", "initiative-weltoffenes-sangerhausen", "2017-01-01", "", ""),
    ("polizeiinspektion-sued-staatsschutz", "polizeirevier-msh-praevention", "2015-01-01", "", ""),
    ("polizeiinspektion-sued-staatsschutz", "demokratiewerk-lsa", "2017-01-01", "", ""),
    ("schiedsstelle-hettstedt", "stadt-hettstedt-buergerdienste", "2015-01-01", "", ""),
    ("schiedsstelle-hettstedt", "nachbarschaftshilfe-hettstedt-nord", "2019-01-01", "", ""),
    ("lokalredaktion-suedharz-kurier", "person-nadine-grosse", "2016-01-01", "", "3"),
    ("schuelerzeitung-querbeet", "berufsschulzentrum-kupferland", "2019-01-01", "", ""),
    ("kanal-kupferland-tv", "buergerradio-wipperwelle", "2020-01-01", "", ""),
    ("evaluationsbuero-kompass", "mansfelder-bildungswerk", "2020-01-01", "", ""),
    ("evaluationsbuero-kompass", "person-henrike-sass", "2020-01-01", "", ""),
    ("person-henrike-sass", "institut-laendliche-demokratie", "2020-01-01", "", ""),
    ("demokratiewerk-lsa", "demokratiewerk-msh", "2015-06-01", "", "3"),
    ("demokratiewerk-lsa", "thueringer-beratungsnetz-demokratie", "2017-01-01", "", ""),
    ("demokratiewerk-lsa", "beratungsnetz-niedersachsen-harz", "2018-01-01", "", ""),
    ("solidaritaet-mitteldeutschland", "verein-buntes-eisleben", "2016-01-01", "", "2"),
    ("solidaritaet-mitteldeutschland", "betroffenenhilfe-sachsen", "2016-01-01", "", ""),
    ("ausstiegswerk-ost", "familienberatung-distanz", "2019-01-01", "", ""),
    ("ausstiegswerk-ost", "bewaehrungshilfe-sangerhausen", "2021-01-01", "", ""),
    ("familienberatung-distanz", "mansfelder-bildungswerk", "2022-04-01", "", ""),
    ("beratungszentrum-lebenswege", "person-yusuf-demir", "2021-01-01", "", ""),
    ("person-yusuf-demir", "islamischer-kulturverein-eisleben", "2017-10-01", "", "3"),
    ("kommunalschutz-netzwerk", "gemeinde-suedharz-verwaltung", "2024-06-01", "", ""),
    ("kommunalschutz-netzwerk", "stadt-hettstedt-buergerdienste", "2024-03-01", "", ""),
    ("jugendnetzcourage", "jugendnetzwerk-mansfelder-land", "2023-05-01", "", ""),
    ("thueringer-beratungsnetz-demokratie", "betroffenenhilfe-sachsen", "2018-01-01", "", ""),
    ("beratungsnetz-niedersachsen-harz", "thueringer-beratungsnetz-demokratie", "2019-01-01", "", ""),
    ("person-claudia-weiss", "sekundarschule-am-rosengarten", "2019-08-01", "", ""),
    ("person-claudia-weiss", "jugendclub-gonnatal", "2019-08-01", "", ""),
    ("person-ralf-jaenicke", "polizeirevier-msh-praevention", "2016-01-01", "", ""),
    # -- further ties that keep the network of earlier years free of accidental cut points
    ("buergerbuendnis-gerbstedt", "verein-buntes-eisleben", "2020-02-01", "", ""),
    ("kunstverein-wipperkunst", "kupferstadt-gymnasium-hettstedt", "2019-03-01", "", ""),
    ("person-sandra-kuehn", "person-katrin-albrecht", "2019-01-01", "", ""),
    ("kanal-kupferland-tv", "stadt-eisleben-bks", "2020-06-01", "", ""),
    ("jugendnetzcourage", "sekundarschule-am-rosengarten", "2023-09-01", "", ""),
    ("person-ralf-jaenicke", "stadt-sangerhausen-ordnungsamt", "2018-01-01", "", ""),
    ("stadtrat-eisleben-sozialausschuss", "verein-buntes-eisleben", "2019-07-01", "", ""),
    ("schuelerzeitung-querbeet", "jugendnetzwerk-mansfelder-land", "2020-01-01", "", ""),
    ("gemeinde-seegebiet-verwaltung", "lk-msh-jugendamt", "2021-02-01", "", ""),
    ("lk-msh-gleichstellung", "lk-msh-integration", "2016-04-01", "", ""),
    ("vietnamesischer-verein-hettstedt", "syrisch-deutscher-kulturverein", "2019-01-01", "2024-12-31", ""),
    ("person-reinhard-vollmer", "stadt-allstedt-verwaltung", "2020-06-01", "", ""),
    ("mansfelder-stadtanzeiger", "verein-erinnerungskultur-mansfelder-land", "2017-01-01", "2024-12-31", ""),
    ("buergerradio-wipperwelle", "jugendhaus-hettstedt", "2019-01-01", "", ""),
    ("volkshochschule-rosenstadt", "lk-msh-integration", "2019-01-01", "", ""),
    ("institut-laendliche-demokratie", "verein-erinnerungskultur-mansfelder-land", "2020-01-01", "", ""),
    ("lokalredaktion-suedharz-kurier", "initiative-weltoffenes-sangerhausen", "2019-01-01", "", ""),
    ("person-nadine-grosse", "initiative-weltoffenes-sangerhausen", "2019-01-01", "", ""),
    ("person-nadine-grosse", "sozialwerk-rosenstadt", "2020-01-01", "", ""),
    ("bewaehrungshilfe-sangerhausen", "lk-msh-jugendamt", "2020-10-01", "", ""),
]
for von, nach, seit, bis, gewicht in COOPERATIONS:
    rel(von, nach, "Kooperation", seit=seit, bis=bis, gewicht=gewicht)


# =========================================================================================
# The Partnerschaft's strategy (Leitziele → Mittlerziele → Handlungsziele), after the
# Mansfeld-Südharz cascade in the seeds, in its own words; measurable Handlungsziele carry
# a `pruefung` (see graph/rules.py). The 2025 goals report gives every Handlungsziel a status.
# Nothing here is an actor tie: bodies take part in their own Sitzungen, events and projects
# `dient` goals, so the designed gaps of LUECKEN.md stay exactly as they are.
# =========================================================================================
AEMTER = el(
    "pfd-msh-aemternetzwerk",
    "Ämternetzwerk des Bündnisses für Demokratie",
    "Gremium",
    art="Ämternetzwerk",
    sichtbarkeit="öffentlich",
    notiz="Die Ämter der Kreisverwaltung und der Städte, die auch im Bündnis für Demokratie sitzen.",
)
rel(AEMTER, PFD, "Teil_von", seit=BFD_SEIT)
for member in [
    "lk-msh-jugendamt",
    "stadt-sangerhausen-ordnungsamt",
    "lk-msh-integration",
    "stadt-eisleben-bks",
    "stadt-hettstedt-buergerdienste",
    "lk-msh-gleichstellung",
]:
    rel(member, AEMTER, "Mitglied", seit=BFD_SEIT)

# Sitzungen of the Bündnis für Demokratie (the body takes part; no actor ties added).
for day in ["2025-02-18", "2025-06-24", "2025-11-11", "2026-03-10"]:
    sid = el(
        f"sitzung-bfd-{day}",
        f"Sitzung des Bündnisses für Demokratie am {day[8:10]}.{day[5:7]}.{day[:4]}",
        "Veranstaltung",
        art="Sitzung",
        datum=day,
        gemeinde=SGH,
        sichtbarkeit="netzwerk",
    )
    rel(sid, PFD, "Teil_von", seit=day)
    rel(BFD, sid, "Teilnahme", seit=day)

# Regionalkonferenzen in four of the Gemeinden in 2025 (the goal asks for six).
REGIONAL = [
    ("2025-02-20", ALL, "Allstedt", "allstedt"),
    ("2025-04-08", HET, "Hettstedt", "hettstedt"),
    ("2025-05-27", SGH, "Sangerhausen", "sangerhausen"),
    ("2025-10-14", SUE, "Südharz", "suedharz"),
]
for day, gemeinde, ort, slug in REGIONAL:
    rid = el(
        f"regionalkonferenz-{slug}-2025",
        f"Regionalkonferenz {ort} 2025",
        "Veranstaltung",
        art="Regionalkonferenz",
        datum=day,
        gemeinde=gemeinde,
        themen=PA,
        sichtbarkeit="öffentlich",
    )
    rel(rid, PFD, "Teil_von", seit=day)
el(
    "interkulturelle-woche-2025",
    "Interkulturelle Woche Mansfeld-Südharz 2025",
    "Veranstaltung",
    art="Interkulturelle Woche",
    datum="2025-09-26",
    gemeinde=SGH,
    themen=f"{RA}|{PA}",
    sichtbarkeit="öffentlich",
)
rel("interkulturelle-woche-2025", PFD, "Teil_von", seit="2025-09-26")

GOAL_START, GOAL_END = "2025-01-01", "2029-12-31"


def goal(id: str, ebene: str, name: str, text: str, ziel_von: str = "", pruefung: str = "") -> str:
    return el(
        f"ziel-{id}",
        name,
        ebene,
        ebene=ebene,
        ziel_von=f"ziel-{ziel_von}" if ziel_von else "",
        buendnis=PFD,
        zieltext=text,
        gilt_ab=GOAL_START,
        gilt_bis=GOAL_END,
        pruefung=pruefung,
        sichtbarkeit="öffentlich",
    )


goal(
    "lz-1",
    "Leitziel",
    "Vernetzung, Partizipation und verstetigte regionale Strukturen",
    "Demokratische Akteure im Landkreis sind vernetzt und beteiligt; regionale Strukturen und Konzepte "
    "für Demokratie und Toleranz werden weiterentwickelt und verstetigt.",
)
goal(
    "lz-2",
    "Leitziel",
    "Engagement der Menschen im Landkreis",
    "Die Mehrheit der Menschen im Landkreis Mansfeld-Südharz engagiert sich aktiv, vernetzt und "
    "verantwortungsvoll für Demokratie und Toleranz in ihrem Umfeld, unterstützt von Behörden, Ämtern und Politik.",
)
goal(
    "lz-3",
    "Leitziel",
    "Reaktionsfähigkeit auf Konflikte im Sozialraum",
    "Die Reaktionsfähigkeit auf sozialräumliche Konfliktlagen wird gefördert und professionalisiert.",
)
goal(
    "mz-1",
    "Mittlerziel",
    "Rahmenbedingungen für Vernetzung und Partizipation",
    "Koordinierungs- und Fachstelle und federführendes Amt schaffen die Rahmenbedingungen für Vernetzung "
    "und Partizipation.",
    "lz-1",
)
goal(
    "hz-1-1",
    "Handlungsziel",
    "Das Bündnis für Demokratie tagt und trägt die Demokratiekonferenz mit",
    "Das Bündnis für Demokratie tagt bedarfsorientiert, mindestens dreimal im Jahr, und bringt sich in "
    "die Strategie ein. Seine Mitglieder nehmen an der Demokratiekonferenz im ersten Halbjahr teil und "
    "wirken als Multiplikator:innen.",
    "mz-1",
    f"sitzungen(gremium={BFD}, mindestens=3); teilnahme(gremium={BFD}, art=Demokratiekonferenz, halbjahr=1, anteil=50)",
)
goal(
    "hz-1-2",
    "Handlungsziel",
    "Demokratiekonferenz als Impulsgeberin",
    "Eine Demokratiekonferenz im Jahr entwickelt Impulse und Konzepte für demokratiefördernde Netzwerke im Landkreis.",
    "mz-1",
    "veranstaltungen(art=Demokratiekonferenz, mindestens=1)",
)
goal(
    "hz-1-3",
    "Handlungsziel",
    "Jugendforum entscheidet mit",
    "Kinder und Jugendliche haben ein eigenes Forum, begleitet vom Kreis-Kinder- und Jugendring. Es sitzt "
    "mit zwei jugendlichen Vertreter:innen im Bündnis für Demokratie und trägt mindestens drei eigene Projekte.",
    "mz-1",
    f"jugendsitze(gremium={BFD}, mindestens=2); projekte(gremium={JF}, mindestens=3)",
)
goal(
    "mz-2",
    "Mittlerziel",
    "Begegnung und interkulturelle Kompetenz",
    "Im Rahmen der Gemeinwesenarbeit wird der Austausch zwischen Einheimischen, Migrant:innen und "
    "Geflüchteten gefördert; Begegnung und Qualifizierung schaffen interkulturelle Kompetenz in Verwaltung, "
    "Institutionen und Zivilgesellschaft.",
    "lz-2",
)
goal(
    "hz-2-1",
    "Handlungsziel",
    "Orte und Anlässe der Begegnung",
    "Angebote zu Begegnung und Austausch werden aktiv unterbreitet; kommunale Veranstaltungen, Feste und "
    "die Interkulturelle Woche werden für Begegnung genutzt.",
    "mz-2",
    "veranstaltungen(art=Interkulturelle Woche, mindestens=1)",
)
goal(
    "hz-2-2",
    "Handlungsziel",
    "Migrant:innen in bestehenden Strukturen",
    "Geflüchtete Menschen und Migrant:innen werden in Vereine und öffentliche Häuser einbezogen; "
    "Migrantenorganisationen wirken in mindestens zwei Projekten im Jahr mit.",
    "mz-2",
    "sektor_in_projekten(sektor=Migrantenorganisation, mindestens=2)",
)
goal(
    "hz-2-3",
    "Handlungsziel",
    "Lernanlässe in Schulen und Unternehmen",
    "Schulen, Wirtschaft und Vereine schaffen Lernanlässe zu Vielfalt und Interkulturalität; Demokratiebildung "
    "für Auszubildende in Unternehmen rückt in den Fokus.",
    "mz-2",
    "sektor_in_projekten(sektor=Schule/Bildung, thema=Demokratiebildung, mindestens=2); "
    "sektor_in_projekten(sektor=Wirtschaft, thema=Demokratiebildung)",
)
goal(
    "mz-3",
    "Mittlerziel",
    "Bündnisarbeit und Beratung bei Konfliktlagen",
    "Die Reaktionsfähigkeit bei sozialräumlichen Konfliktlagen wächst durch Zusammenarbeit mit externen "
    "Fachleuten und stetige Bündnisarbeit.",
    "lz-3",
)
goal(
    "hz-3-1",
    "Handlungsziel",
    "Fachtag mit dem Bündnis für Demokratie",
    "Bündnismitglieder werden beraten und qualifiziert; unter Beteiligung der Mitglieder des Bündnisses für "
    "Demokratie findet im ersten Halbjahr ein Fachtag statt.",
    "mz-3",
    f"teilnahme(gremium={BFD}, art=Fachtag, halbjahr=1, anteil=25)",
)
goal(
    "hz-3-2",
    "Handlungsziel",
    "Bündnisse und Ehrenamtliche unterstützen",
    "Bündnisse für Menschenfreundlichkeit und aktive Ehrenamtliche werden in ihrem Engagement unterstützt.",
    "mz-3",
)
goal(
    "hz-3-3",
    "Handlungsziel",
    "Regionalkonferenzen in den Gemeinden",
    "Für die sozialraumorientierte Vernetzung finden in möglichst vielen Gemeinden des Landkreises "
    "Regionalkonferenzen statt, im Jahr in mindestens sechs.",
    "mz-3",
    "gemeinden_mit_veranstaltung(art=Regionalkonferenz, mindestens=6)",
)
goal(
    "hz-3-4",
    "Handlungsziel",
    "Unternehmen gegen Ressentiments",
    "Wirtschaftsunternehmen werden im ersten Halbjahr angeregt, sich mit Ressentiments gegenüber Geflüchteten "
    "und gruppenbezogener Menschenfeindlichkeit auseinanderzusetzen.",
    "mz-3",
    "sektor_in_projekten(sektor=Wirtschaft, thema=Rassismus, halbjahr=1)",
)
# What serves which Handlungsziel (hz-2-2 and hz-3-4: nothing yet, the report names them).
for source, target in [
    (BFD, "hz-1-1"),
    ("sitzung-bfd-2025-02-18", "hz-1-1"),
    ("sitzung-bfd-2025-06-24", "hz-1-1"),
    ("sitzung-bfd-2025-11-11", "hz-1-1"),
    ("demokratiekonferenz-2025", "hz-1-2"),
    (JF, "hz-1-3"),
    ("projekt-hass-im-netz-medienworkshops-2025", "hz-1-3"),
    ("interkulturelle-woche-2025", "hz-2-1"),
    ("projekt-kupferspuren-theater-2025", "hz-2-1"),
    ("projekt-demokratie-sommerschule-suedharz-2025", "hz-2-3"),
    ("fachtag-hass-im-netz-2025", "hz-3-1"),
    ("ak-teilhabe-und-vielfalt", "hz-3-2"),
    ("projekt-demokratiefest-goldene-aue-2025", "hz-3-2"),
    *((f"regionalkonferenz-{slug}-2025", "hz-3-3") for *_, slug in REGIONAL),
]:
    rel(source, f"ziel-{target}", "dient")

# --- Lokale Allianz Goldene Aue: a Stadtkümmerer in Kelbra, none yet in Berga -----------
person(
    "person-malte-grunert",
    "Malte Grunert",
    Z,
    KEL,
    "Demokratischer Stadtkümmerer in Kelbra (seit 2025).",
)
rel("person-malte-grunert", LA, "Mitglied", rolle="Demokratischer Stadtkümmerer", seit="2025-03-01")


# =========================================================================================
def write(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, delimiter=";", lineterminator="\n", extrasaction="raise")
        writer.writeheader()
        for row in rows:
            writer.writerow({column: row.get(column, "") for column in columns})


def main() -> None:
    ids = [row["id"] for row in elements]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise SystemExit(f"doppelte Kennungen: {duplicates}")
    known = set(ids)
    dangling = sorted({r[end] for r in relations for end in ("von", "nach") if r[end] not in known})
    if dangling:
        raise SystemExit(f"unbekannte Kennungen in Beziehungen: {dangling}")
    write(HERE / "elemente.csv", ELEMENT_COLUMNS, elements)
    write(HERE / "beziehungen.csv", RELATION_COLUMNS, relations)
    print(f"elemente.csv: {len(elements)} Zeilen, beziehungen.csv: {len(relations)} Zeilen")


if __name__ == "__main__":
    main()
