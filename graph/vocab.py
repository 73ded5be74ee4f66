"""Controlled vocabularies: codes in English, labels in German.

Every vocabulary maps a stable code (used in the store, the API and JSON) to the
German label users see and type. :func:`parse` accepts a code, the German label or
an English alias, case- and whitespace-insensitively, so that imports from office
files work with whatever spelling the coordinator used.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from .text import fold


class NodeKind(StrEnum):
    ACTOR = "actor"
    ALLIANCE = "alliance"
    BODY = "body"
    WORKING_GROUP = "working_group"
    PROJECT = "project"
    EVENT = "event"
    ADVISORY_SERVICE = "advisory_service"
    GOAL = "goal"


class ActorForm(StrEnum):
    ORGANISATION = "organisation"
    PERSON = "person"
    INITIATIVE = "initiative"


class RelationType(StrEnum):
    MEMBER_OF = "MEMBER_OF"
    COOPERATES_WITH = "COOPERATES_WITH"
    LEADS = "LEADS"
    PARTNER_IN = "PARTNER_IN"
    FUNDED_BY = "FUNDED_BY"
    PART_OF = "PART_OF"
    PARTICIPATED_IN = "PARTICIPATED_IN"
    OFFERS = "OFFERS"
    REFERS_TO = "REFERS_TO"
    SERVES = "SERVES"


class GoalLevel(StrEnum):
    """The three tiers of a PfD strategy: Leitziel → Mittlerziel → Handlungsziel."""

    GUIDING = "guiding"
    INTERMEDIATE = "intermediate"
    ACTION = "action"


class Visibility(StrEnum):
    PUBLIC = "public"
    NETWORK = "network"
    RESTRICTED = "restricted"


# The CSV column ``typ`` names both the node kind and, for actors, their form.
ELEMENT_TYPES: dict[str, str] = {
    "organisation": "Organisation",
    "person": "Person",
    "initiative": "Initiative",
    "alliance": "Bündnis",
    "body": "Gremium",
    "working_group": "Arbeitskreis",
    "project": "Projekt",
    "event": "Veranstaltung",
    "advisory_service": "Beratungsangebot",
    "goal": "Ziel",
}
ELEMENT_TYPE_ALIASES: dict[str, str] = {
    "organization": "organisation",
    "actor": "organisation",
    "akteur": "organisation",
    "group": "initiative",
    "gruppe": "initiative",
    "allianz": "alliance",
    "netzwerk": "alliance",
    "committee": "body",
    "gremium": "body",
    "facharbeitskreis": "working_group",
    "workinggroup": "working_group",
    "working group": "working_group",
    "einzelmaßnahme": "project",
    "maßnahme": "project",
    "veranstaltung": "event",
    "advisory service": "advisory_service",
    "advisoryservice": "advisory_service",
    "beratung": "advisory_service",
    "beratungsstelle": "advisory_service",
    "leitziel": "goal",
    "mittlerziel": "goal",
    "handlungsziel": "goal",
}

RELATION_TYPES: dict[str, str] = {
    "MEMBER_OF": "Mitglied",
    "COOPERATES_WITH": "Kooperation",
    "LEADS": "leitet",
    "PARTNER_IN": "Partner",
    "FUNDED_BY": "gefördert_von",
    "PART_OF": "Teil_von",
    "PARTICIPATED_IN": "Teilnahme",
    "OFFERS": "bietet_an",
    "REFERS_TO": "verweist_an",
    "SERVES": "dient",
}
RELATION_TYPE_ALIASES: dict[str, str] = {
    "mitglied_in": "MEMBER_OF",
    "mitgliedschaft": "MEMBER_OF",
    "member": "MEMBER_OF",
    "kooperiert_mit": "COOPERATES_WITH",
    "cooperation": "COOPERATES_WITH",
    "partner_in": "PARTNER_IN",
    "gefördert von": "FUNDED_BY",
    "gefoerdert_von": "FUNDED_BY",
    "teil von": "PART_OF",
    "teilnahme_an": "PARTICIPATED_IN",
    "teilgenommen": "PARTICIPATED_IN",
    "bietet an": "OFFERS",
    "verweist an": "REFERS_TO",
    "dient_ziel": "SERVES",
    "dient ziel": "SERVES",
    "serves": "SERVES",
}

GOAL_LEVELS: dict[str, str] = {
    "guiding": "Leitziel",
    "intermediate": "Mittlerziel",
    "action": "Handlungsziel",
}
GOAL_LEVEL_ALIASES: dict[str, str] = {
    "leitziele": "guiding",
    "mittlerziele": "intermediate",
    "handlungsziele": "action",
}

VISIBILITIES: dict[str, str] = {
    "public": "öffentlich",
    "network": "netzwerk",
    "restricted": "vertraulich",
}
VISIBILITY_ALIASES: dict[str, str] = {
    "oeffentlich": "public",
    "intern": "network",
    "eingeschränkt": "restricted",
    "privat": "restricted",
}

SECTORS: dict[str, str] = {
    "administration": "Verwaltung",
    "politics": "Politik",
    "civil_society": "Zivilgesellschaft",
    "education": "Schule/Bildung",
    "religion": "Kirche/Religionsgemeinschaft",
    "business": "Wirtschaft",
    "youth": "Jugend",
    "sports": "Sport",
    "culture": "Kultur",
    "migrant_organisation": "Migrantenorganisation",
    "police_justice": "Polizei/Justiz",
    "media": "Medien",
    "science": "Wissenschaft",
    "counselling": "Beratung",
}
SECTOR_ALIASES: dict[str, str] = {
    "schule": "education",
    "bildung": "education",
    "kirche": "religion",
    "religionsgemeinschaft": "religion",
    "verein": "civil_society",
    "initiative": "civil_society",
    "verband": "civil_society",
    "polizei": "police_justice",
    "justiz": "police_justice",
    "migration": "migrant_organisation",
    "migrantenselbstorganisation": "migrant_organisation",
    "migrantinnenorganisation": "migrant_organisation",
    "police": "police_justice",
    "justice": "police_justice",
    "schools": "education",
    "church": "religion",
    "economy": "business",
    "sport": "sports",
}

TOPICS: dict[str, str] = {
    "right_wing_extremism": "Rechtsextremismus",
    "left_wing_extremism": "Linker Extremismus",
    "religious_extremism": "religiös begründeter Extremismus",
    "antisemitism": "Antisemitismus",
    "racism": "Rassismus",
    "antigypsyism": "Antiziganismus",
    "anti_muslim_racism": "Islam- und Muslimfeindlichkeit",
    "queerphobia": "Homosexuellen- und Transfeindlichkeit",
    "democracy_education": "Demokratiebildung",
    "participation": "Partizipation",
    "online_hate": "Hass im Netz",
    "conspiracy_ideologies": "Verschwörungsideologien",
    "discrimination": "Antidiskriminierung",
    "violence_prevention": "Gewaltprävention",
    "exit_support": "Ausstieg und Distanzierung",
    "threatened_officials": "Schutz kommunaler Amts- und Mandatsträger:innen",
}
TOPIC_ALIASES: dict[str, str] = {
    "rechtsextremismus": "right_wing_extremism",
    "linksextremismus": "left_wing_extremism",
    "islamismus": "religious_extremism",
    "religiöser extremismus": "religious_extremism",
    "muslimfeindlichkeit": "anti_muslim_racism",
    "islamfeindlichkeit": "anti_muslim_racism",
    "queerfeindlichkeit": "queerphobia",
    "homophobie": "queerphobia",
    "transfeindlichkeit": "queerphobia",
    "politische bildung": "democracy_education",
    "hate speech": "online_hate",
    "verschwörungsmythen": "conspiracy_ideologies",
    "diskriminierung": "discrimination",
    "ausstieg": "exit_support",
    "distanzierung": "exit_support",
    "bedrohung von amtsträger:innen": "threatened_officials",
}

FUNDS: dict[str, str] = {
    "action_fund": "Aktions- und Initiativfonds",
    "youth_fund": "Jugendfonds",
    "other": "sonstige Förderung",
}
FUND_ALIASES: dict[str, str] = {
    "aktionsfonds": "action_fund",
    "initiativfonds": "action_fund",
    "aif": "action_fund",
    "sonstige": "other",
    "andere": "other",
}

TARGET_GROUPS: dict[str, str] = {
    "affected": "Betroffene",
    "relatives": "Angehörige",
    "witnesses": "Zeug:innen",
    "professionals": "Fachkräfte",
    "municipalities": "Kommunen",
    "officials": "Amts- und Mandatsträger:innen",
    "schools": "Schulen",
    "youth": "Jugendliche",
    "parents": "Eltern",
    "associations": "Vereine",
}
TARGET_GROUP_ALIASES: dict[str, str] = {
    "zeugen": "witnesses",
    "zeuginnen": "witnesses",
    "amtsträger:innen": "officials",
    "amtsträger": "officials",
    "mandatsträger:innen": "officials",
    "kommunalpolitik": "officials",
    "jugend": "youth",
}

CHANNELS: dict[str, str] = {
    "in_person": "vor Ort",
    "phone": "Telefon",
    "video": "Video",
    "chat": "Chat",
    "form": "Formular",
    "email": "E-Mail",
    "outreach": "aufsuchend",
}
CHANNEL_ALIASES: dict[str, str] = {"vor-ort": "in_person", "mail": "email", "telefonisch": "phone"}

# What makes a service reachable for people with disabilities.
ACCESS: dict[str, str] = {
    "barrier_free": "barrierefrei",
    "sign_language": "Gebärdensprache",
    "easy_language": "Leichte Sprache",
}
ACCESS_ALIASES: dict[str, str] = {
    "rollstuhlgerecht": "barrier_free",
    "stufenlos": "barrier_free",
    "dgs": "sign_language",
    "gebaerdensprachdolmetschung": "sign_language",
    "einfache sprache": "easy_language",
}

# Languages as ISO 639-1 codes, labelled in German.
LANGUAGES: dict[str, str] = {
    "de": "Deutsch",
    "en": "Englisch",
    "ar": "Arabisch",
    "tr": "Türkisch",
    "ru": "Russisch",
    "uk": "Ukrainisch",
    "fa": "Persisch",
    "fr": "Französisch",
    "pl": "Polnisch",
    "ro": "Rumänisch",
    "ku": "Kurdisch",
    "vi": "Vietnamesisch",
    "es": "Spanisch",
    "ti": "Tigrinya",
    "ps": "Paschtu",
    "dgs": "Deutsche Gebärdensprache",
    "easy": "Leichte Sprache",
}
LANGUAGE_ALIASES: dict[str, str] = {
    "german": "de",
    "english": "en",
    "arabic": "ar",
    "turkish": "tr",
    "russian": "ru",
    "ukrainian": "uk",
    "farsi": "fa",
    "dari": "fa",
    "gebärdensprache": "dgs",
    "leichte sprache": "easy",
}


class Vocabulary:
    """A controlled vocabulary: code → German label, with tolerant parsing."""

    def __init__(self, name: str, labels: Mapping[str, str], aliases: Mapping[str, str] | None = None):
        self.name = name
        self.labels = dict(labels)
        self._lookup: dict[str, str] = {}
        spellings = [(s, code) for code, label in self.labels.items() for s in (code, label)]
        for spelling, code in [*spellings, *(aliases or {}).items()]:
            # Two codes folding alike would make one unreachable: a mistake in this module.
            assert self._lookup.get(fold(spelling), code) == code, f"{name}: „{spelling}“ ist mehrdeutig"
            self._lookup[fold(spelling)] = code

    def parse(self, value: str) -> str | None:
        """Return the code for a code, label or alias; ``None`` if unknown."""
        return self._lookup.get(fold(value))

    def label(self, code: str) -> str:
        return self.labels.get(code, code)

    def allowed(self) -> str:
        """The German labels, for error messages."""
        return ", ".join(self.labels.values())

    def __contains__(self, code: object) -> bool:
        return code in self.labels


ELEMENT_TYPE = Vocabulary("typ", ELEMENT_TYPES, ELEMENT_TYPE_ALIASES)
RELATION_TYPE = Vocabulary("typ", RELATION_TYPES, RELATION_TYPE_ALIASES)
GOAL_LEVEL = Vocabulary("ebene", GOAL_LEVELS, GOAL_LEVEL_ALIASES)
VISIBILITY = Vocabulary("sichtbarkeit", VISIBILITIES, VISIBILITY_ALIASES)
SECTOR = Vocabulary("sektor", SECTORS, SECTOR_ALIASES)
TOPIC = Vocabulary("themen", TOPICS, TOPIC_ALIASES)
FUND = Vocabulary("fonds", FUNDS, FUND_ALIASES)
TARGET_GROUP = Vocabulary("zielgruppen", TARGET_GROUPS, TARGET_GROUP_ALIASES)
CHANNEL = Vocabulary("kanaele", CHANNELS, CHANNEL_ALIASES)
LANGUAGE = Vocabulary("sprachen", LANGUAGES, LANGUAGE_ALIASES)
ACCESSIBILITY = Vocabulary("zugang", ACCESS, ACCESS_ALIASES)
