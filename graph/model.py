"""The domain model: typed, validated nodes and relations of the alliance graph.

Every model validates on construction, so an invalid object cannot exist: unknown
vocabulary codes, malformed ids or AGS keys and a relation ending before it starts
all raise :class:`pydantic.ValidationError`.
"""

from __future__ import annotations

import datetime as dt
import re
from datetime import date, datetime
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationInfo,
    model_validator,
)

from . import vocab
from .rules import parse_checks
from .vocab import ActorForm, GoalLevel, NodeKind, RelationType, Visibility

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:\-]{0,127}$"
AGS_PATTERN = re.compile(r"^(\d{2}|\d{3}|\d{5}|\d{8}|\d{9}|\d{12})$")
COUNTRY_AGS = "DE"


def _vocab_code(vocabulary: vocab.Vocabulary) -> Any:
    def check(value: str) -> str:
        code = vocabulary.parse(value)
        if code is None:
            raise ValueError(f"unbekannter Wert „{value}“ für {vocabulary.name}; erlaubt: {vocabulary.allowed()}")
        return code

    # The schema names the codes; the labels ("Rechtsextremismus") are accepted as well.
    return [AfterValidator(check), Field(json_schema_extra={"enum": list(vocabulary.labels)})]


def _check_ags(value: str) -> str:
    value = value.strip()
    if value.upper() == COUNTRY_AGS:
        return COUNTRY_AGS
    if not AGS_PATTERN.match(value):
        raise ValueError(
            f"„{value}“ ist kein gültiger Gemeindeschlüssel "
            "(AGS: 2, 3, 5 oder 8 Ziffern, 9 für einen Gemeindeverband, oder DE)"
        )
    return value


_GEMEINDE_AGS = re.compile(r"\d{8}")  # compiled once: every actor of a large import is checked


def _check_gemeinde_ags(value: str) -> str:
    if not _GEMEINDE_AGS.fullmatch(value):
        raise ValueError(f"„{value}“ ist kein 8-stelliger Gemeindeschlüssel")
    return value


NodeId = Annotated[str, Field(pattern=ID_PATTERN)]
# The patterns in json_schema_extra document the rule in the OpenAPI schema; the validators check
# it (with German messages) and accept a little more (a key typed with spaces, "de").
AGS = Annotated[
    str,
    AfterValidator(_check_ags),
    Field(json_schema_extra={"pattern": r"^(\d{2}|\d{3}|\d{5}|\d{8}|\d{9}|\d{12}|DE)$"}),
]
GemeindeAGS = Annotated[str, AfterValidator(_check_gemeinde_ags), Field(json_schema_extra={"pattern": r"^\d{8}$"})]
Sector = Annotated[str, *_vocab_code(vocab.SECTOR)]
Topic = Annotated[str, *_vocab_code(vocab.TOPIC)]
Fund = Annotated[str, *_vocab_code(vocab.FUND)]
TargetGroup = Annotated[str, *_vocab_code(vocab.TARGET_GROUP)]
Channel = Annotated[str, *_vocab_code(vocab.CHANNEL)]
Language = Annotated[str, *_vocab_code(vocab.LANGUAGE)]
Access = Annotated[str, *_vocab_code(vocab.ACCESSIBILITY)]

# Contact formats a referral can hand on: a phone number as Germans write it (digits, spaces,
# "/", "-", parentheses, a leading "+"), an e-mail address, a web address.
_PHONE = re.compile(r"^\+?[0-9][0-9 ()/\-–]{4,28}[0-9]$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_URL = re.compile(r"^https?://[a-z0-9.-]+\.[a-z]{2,}(:\d+)?([/?#]\S*)?$", re.IGNORECASE)
_BARE_DOMAIN = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}([/?#]\S*)?$", re.IGNORECASE)


def _check_phone(value: str) -> str:
    value = " ".join(value.split())
    if not _PHONE.match(value) or sum(c.isdigit() for c in value) < 6:
        raise ValueError(f"„{value}“ ist keine Telefonnummer (erwartet z. B. 030 23125 123 oder +49 30 23125123)")
    return value


def _check_email(value: str) -> str:
    value = value.strip().removeprefix("mailto:")
    if not _EMAIL.match(value):
        raise ValueError(f"„{value}“ ist keine E-Mail-Adresse (erwartet z. B. beratung@example.org)")
    return value


def _check_url(value: str, info: ValidationInfo) -> str:
    value = value.strip()
    if info.context and info.context.get("stored"):
        return value  # written before web addresses were checked: readable, and checked when changed
    if _BARE_DOMAIN.match(value):  # "www.example.org", "beratung.example.org/kontakt"
        value = "https://" + value
    if not _URL.match(value):
        raise ValueError(f"„{value}“ ist keine Webadresse (erwartet z. B. https://beratung.example.org)")
    return value


_ISO_DAY = re.compile(r"^\s*\d{4}-\d{2}-\d{2}")


def _no_timestamp(value: Any) -> Any:
    # pydantic reads 0 or "0" as 1970-01-01 (seconds since the epoch): nobody means that by a date.
    if isinstance(value, int | float) or (isinstance(value, str) and not _ISO_DAY.match(value)):
        raise ValueError(f"„{value}“ ist kein Datum (erwartet JJJJ-MM-TT, z. B. 2025-12-31)")
    return value


Day = Annotated[dt.date, BeforeValidator(_no_timestamp)]

# Length limits of free text, here so that every door (CLI, import, REST, pages) shares them.
NAME_MAX = 300
TEXT_MAX = 2_000
NOTE_MAX = 10_000

Phone = Annotated[
    str,
    Field(max_length=40, json_schema_extra={"pattern": _PHONE.pattern}),
    AfterValidator(_check_phone),
]
Email = Annotated[
    str,
    Field(max_length=254, json_schema_extra={"pattern": _EMAIL.pattern}),
    AfterValidator(_check_email),
]
Url = Annotated[
    str,
    Field(
        max_length=TEXT_MAX,
        json_schema_extra={"pattern": r"^https?://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(:\d+)?([/?#]\S*)?$"},
    ),
    AfterValidator(_check_url),
]
# Unicode White_Space, which the model strips (spelled out: \\s means other things in other regex engines).
_NOT_ONLY_SPACE = "[^\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
# Not only spaces (the model strips them): the schema says so for those who generate requests.
Name = Annotated[str, Field(min_length=1, max_length=NAME_MAX, json_schema_extra={"pattern": _NOT_ONLY_SPACE})]
Label = Annotated[str, Field(max_length=NAME_MAX)]  # subtype, role, cost: a few words
Text = Annotated[str, Field(max_length=TEXT_MAX)]  # contact, address, opening hours: a few lines
Note = Annotated[str, Field(max_length=NOTE_MAX)]  # working notes, goal wordings: a page


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, validate_assignment=True)


class Node(_Model):
    """Attributes every node has."""

    kind: NodeKind
    id: NodeId
    name: Name
    visibility: Visibility = Visibility.NETWORK
    contact: Text | None = None
    website: Text | None = None
    note: Note | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    # Set by the store: 1 when created, one more with every change (optimistic concurrency).
    version: int | None = None

    # Fields that are bookkeeping, not data: graph views, files and change detection skip them.
    BOOKKEEPING: ClassVar[frozenset[str]] = frozenset({"created_at", "updated_at", "version"})

    def data(self) -> dict[str, Any]:
        """The node's attributes without bookkeeping, JSON-safe except for dates."""
        return self.model_dump(exclude=set(self.BOOKKEEPING))

    @property
    def is_person(self) -> bool:
        return False


class Consent(_Model):
    """A person's consent to being shown beyond the coordinators (DSGVO Art. 6 (1) a, Art. 7).

    Who gave it (the person, or e.g. a legal guardian), on which day, and for what purpose.
    """

    given_by: Name
    given_at: Day
    purpose: Name


class Actor(Node):
    """An organisation, initiative or person.

    A person's consent is kept in three flat fields (stores and tables hold no nested
    records); :attr:`consent` reads them as one :class:`Consent`, and ``consent=`` sets them.
    """

    kind: Literal[NodeKind.ACTOR] = NodeKind.ACTOR
    form: ActorForm = ActorForm.ORGANISATION
    subtype: Label | None = None
    sector: Sector | None = None
    ags: GemeindeAGS | None = None
    topics: list[Topic] = Field(default_factory=list)
    consent_given_by: Name | None = None
    consent_given_at: Day | None = None
    consent_purpose: Name | None = None

    @model_validator(mode="before")
    @classmethod
    def _consent_as_fields(cls, data: Any) -> Any:
        if isinstance(data, dict) and "consent" in data:
            data = dict(data)
            consent = data.pop("consent")
            if consent is not None:
                consent = Consent.model_validate(consent)
            data["consent_given_by"] = consent.given_by if consent else None
            data["consent_given_at"] = consent.given_at if consent else None
            data["consent_purpose"] = consent.purpose if consent else None
        return data

    @model_validator(mode="after")
    def _consent_complete_and_of_a_person(self) -> Actor:
        given = [self.consent_given_by, self.consent_given_at, self.consent_purpose]
        if any(v is not None for v in given):
            if self.form != ActorForm.PERSON:
                raise ValueError("Eine Einwilligung gibt es nur für Personen")
            if any(v is None for v in given):
                raise ValueError("Zur Einwilligung gehören von wem, am (Datum) und Zweck – es fehlt eine Angabe")
        return self

    @property
    def consent(self) -> Consent | None:
        if self.consent_given_at is None or self.consent_given_by is None or self.consent_purpose is None:
            return None
        return Consent(given_by=self.consent_given_by, given_at=self.consent_given_at, purpose=self.consent_purpose)

    @model_validator(mode="before")
    @classmethod
    def _persons_are_restricted_by_default(cls, data: Any) -> Any:
        if (
            isinstance(data, dict)
            and data.get("form") in (ActorForm.PERSON, "person")
            and data.get("visibility") is None
        ):
            data = {**data, "visibility": Visibility.RESTRICTED}
        return data

    @property
    def is_person(self) -> bool:
        return self.form == ActorForm.PERSON


class Alliance(Node):
    """A Partnerschaft für Demokratie, Bündnis, lokale Allianz or Netzwerk."""

    kind: Literal[NodeKind.ALLIANCE] = NodeKind.ALLIANCE
    subtype: Label | None = None
    area: list[AGS] = Field(default_factory=list)
    topics: list[Topic] = Field(default_factory=list)


class Body(Node):
    """A Gremium of an alliance (Begleitausschuss, Jugendforum, …)."""

    kind: Literal[NodeKind.BODY] = NodeKind.BODY
    subtype: Label | None = None


class WorkingGroup(Node):
    """A Facharbeitskreis."""

    kind: Literal[NodeKind.WORKING_GROUP] = NodeKind.WORKING_GROUP
    topics: list[Topic] = Field(default_factory=list)


class Project(Node):
    """An Einzelmaßnahme with its fund."""

    kind: Literal[NodeKind.PROJECT] = NodeKind.PROJECT
    fund: Fund | None = None
    budget: float | None = Field(default=None, ge=0)
    topics: list[Topic] = Field(default_factory=list)
    ags: GemeindeAGS | None = None


class Event(Node):
    """A Demokratiekonferenz, Regionalkonferenz, Fachtag or Netzwerktreffen."""

    kind: Literal[NodeKind.EVENT] = NodeKind.EVENT
    subtype: Label | None = None
    date: Day | None = None
    ags: GemeindeAGS | None = None
    topics: list[Topic] = Field(default_factory=list)


class AdvisoryService(Node):
    """A Beratungsangebot: an offer of an actor, for a covered area."""

    kind: Literal[NodeKind.ADVISORY_SERVICE] = NodeKind.ADVISORY_SERVICE
    subtype: Label | None = None
    topics: list[Topic] = Field(default_factory=list)
    target_groups: list[TargetGroup] = Field(default_factory=list)
    languages: list[Language] = Field(default_factory=list)
    channels: list[Channel] = Field(default_factory=list)
    area: list[AGS] = Field(default_factory=list)
    ags: GemeindeAGS | None = None
    anonymous: bool | None = None
    cost: Label | None = None
    address: Text | None = None
    phone: Phone | None = None
    email: Email | None = None
    website: Url | None = None
    opening_hours: Text | None = None
    access: list[Access] = Field(default_factory=list)
    accessibility: Text | None = None
    crisis: bool | None = None
    verified_on: Day | None = None

    @property
    def reachable(self) -> bool:
        """Whether a person can be handed a way to reach the service (phone, e-mail, web or address)."""
        return bool(self.phone or self.email or self.website or self.address or self.contact)


def _check_rules(value: str | None) -> str | None:
    # Normalised, so that a rule typed with other spacing is the same data in every store.
    return None if value is None else parse_checks(value).text or None


class Goal(Node):
    """A Leitziel, Mittlerziel or Handlungsziel of an alliance's strategy.

    ``name`` is the short title, ``wording`` the goal as the strategy words it,
    ``parent_goal`` the goal one level up, ``checks`` the measurable rules from
    :mod:`~buendnisatlas.graph.rules`, ``valid_from``/``valid_until`` its period. Projects,
    events, bodies and working groups ``SERVE`` a goal. The field names are distinctive on
    purpose: they are also the English column names, and peers' files use ``level``,
    ``parent``, ``start``, ``end`` or ``text`` for other things.

    >>> goal = Goal(id="hz1", name="BA tagt", goal_level="Handlungsziel", checks="sitzungen(gremium=ba,mindestens=3)")
    >>> goal.goal_level, goal.checks
    ('action', 'sitzungen(gremium=ba, mindestens=3)')
    """

    kind: Literal[NodeKind.GOAL] = NodeKind.GOAL
    goal_level: Annotated[str, *_vocab_code(vocab.GOAL_LEVEL)] = GoalLevel.ACTION
    wording: Note | None = None
    parent_goal: NodeId | None = None
    alliance: NodeId | None = None
    valid_from: Day | None = None
    valid_until: Day | None = None
    checks: Annotated[Text | None, AfterValidator(_check_rules)] = None

    @model_validator(mode="after")
    def _end_not_before_start(self) -> Goal:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValueError(
                f"„gilt bis“ ({self.valid_until:%d.%m.%Y}) liegt vor „gilt ab“ ({self.valid_from:%d.%m.%Y})"
            )
        if self.parent_goal == self.id:
            raise ValueError("ein Ziel kann nicht sein eigenes Oberziel sein")
        return self


AnyNode = Annotated[
    Actor | Alliance | Body | WorkingGroup | Project | Event | AdvisoryService | Goal,
    Field(discriminator="kind"),
]
NODE_CLASSES: dict[NodeKind, type[Node]] = {
    cls.model_fields["kind"].default: cls
    for cls in (Actor, Alliance, Body, WorkingGroup, Project, Event, AdvisoryService, Goal)
}
_NODE_ADAPTER: TypeAdapter[Node] = TypeAdapter(AnyNode)

# Fields holding lists, which stores keep as JSON arrays and filters match by membership.
LIST_FIELDS = frozenset({"topics", "area", "target_groups", "languages", "channels", "access"})


def node_from_dict(data: dict[str, Any], stored: bool = False) -> Node:
    """Build the right node class from a dict with a ``kind`` key.

    ``stored``: the data comes from a store, where older versions kept fields checked less
    strictly (a service's web address); they are read as they are.
    """
    return _NODE_ADAPTER.validate_python(data, context={"stored": True} if stored else None)


class Relation(_Model):
    """A typed, dated tie between two nodes.

    A relation is identified by ``(source, type, target, since)``: the same actor may
    join the same committee twice, in different years.
    """

    source: NodeId
    target: NodeId
    type: RelationType
    role: Label | None = None
    voting: bool | None = None
    since: Day | None = None
    until: Day | None = None
    weight: float = Field(default=1.0, gt=0, allow_inf_nan=False)
    # Set by the store, as a node's; bookkeeping like it (Node.BOOKKEEPING), not part of the tie.
    version: int | None = None

    @model_validator(mode="after")
    def _until_not_before_since(self) -> Relation:
        if self.since and self.until and self.until < self.since:
            raise ValueError(f"Ende ({self.until:%d.%m.%Y}) liegt vor dem Beginn ({self.since:%d.%m.%Y})")
        return self

    @property
    def key(self) -> str:
        return relation_key(self.source, self.type, self.target, self.since)

    def data(self) -> dict[str, Any]:
        """The tie's fields without the store's version: what change detection compares."""
        return self.model_dump(exclude={"version"})

    def active_at(self, at: date | None) -> bool:
        """Whether the relation holds on ``at`` (``None``: today and ever after)."""
        if at is None:
            return self.until is None or self.until >= date.today()
        return (self.since is None or self.since <= at) and (self.until is None or self.until >= at)


def relation_key(source: str, type: RelationType | str, target: str, since: date | None) -> str:
    code = type if isinstance(type, RelationType) else RelationType(type)
    # A StrEnum formats as its value; bulk imports call this once per relation, twice.
    return f"{source}|{code}|{target}|{since.isoformat() if since else ''}"


# Which node kinds a relation may connect; "person"/"organisation"/"initiative" are all actors.
ALLOWED_ENDPOINTS: dict[RelationType, tuple[frozenset[NodeKind], frozenset[NodeKind]]] = {
    RelationType.MEMBER_OF: (
        frozenset({NodeKind.ACTOR}),
        frozenset({NodeKind.ALLIANCE, NodeKind.BODY, NodeKind.WORKING_GROUP}),
    ),
    RelationType.COOPERATES_WITH: (frozenset({NodeKind.ACTOR}), frozenset({NodeKind.ACTOR})),
    RelationType.LEADS: (frozenset({NodeKind.ACTOR}), frozenset({NodeKind.PROJECT})),
    RelationType.PARTNER_IN: (frozenset({NodeKind.ACTOR}), frozenset({NodeKind.PROJECT})),
    RelationType.FUNDED_BY: (frozenset({NodeKind.PROJECT}), frozenset({NodeKind.ACTOR, NodeKind.ALLIANCE})),
    RelationType.PART_OF: (
        frozenset({NodeKind.BODY, NodeKind.WORKING_GROUP, NodeKind.PROJECT, NodeKind.EVENT}),
        frozenset({NodeKind.ALLIANCE}),
    ),
    # A body or working group "takes part" in its own meetings (a Sitzung of the Begleitausschuss).
    RelationType.PARTICIPATED_IN: (
        frozenset({NodeKind.ACTOR, NodeKind.BODY, NodeKind.WORKING_GROUP}),
        frozenset({NodeKind.EVENT}),
    ),
    RelationType.OFFERS: (frozenset({NodeKind.ACTOR}), frozenset({NodeKind.ADVISORY_SERVICE})),
    RelationType.REFERS_TO: (frozenset({NodeKind.ACTOR}), frozenset({NodeKind.ADVISORY_SERVICE})),
    RelationType.SERVES: (
        frozenset({NodeKind.PROJECT, NodeKind.EVENT, NodeKind.BODY, NodeKind.WORKING_GROUP}),
        frozenset({NodeKind.GOAL}),
    ),
}

KIND_LABELS: dict[NodeKind, str] = {
    NodeKind.ACTOR: "Akteur",
    NodeKind.ALLIANCE: "Bündnis",
    NodeKind.BODY: "Gremium",
    NodeKind.WORKING_GROUP: "Arbeitskreis",
    NodeKind.PROJECT: "Projekt",
    NodeKind.EVENT: "Veranstaltung",
    NodeKind.ADVISORY_SERVICE: "Beratungsangebot",
    NodeKind.GOAL: "Ziel",
}


def endpoint_problem(type: RelationType, source_kind: NodeKind, target_kind: NodeKind) -> str | None:
    """A German message if ``type`` may not connect these kinds, else ``None``."""
    sources, targets = ALLOWED_ENDPOINTS[type]
    label = vocab.RELATION_TYPE.label(type)
    if source_kind not in sources:
        allowed = ", ".join(KIND_LABELS[k] for k in sorted(sources))
        return f"„{label}“ geht von {allowed} aus, nicht von {KIND_LABELS[source_kind]}"
    if target_kind not in targets:
        allowed = ", ".join(KIND_LABELS[k] for k in sorted(targets))
        return f"„{label}“ zeigt auf {allowed}, nicht auf {KIND_LABELS[target_kind]}"
    return None


REGION_LEVELS: dict[int, str] = {2: "Land", 3: "Regierungsbezirk", 5: "Kreis", 8: "Gemeinde", 9: "Gemeindeverband"}
RegionLevel = Literal["Staat", "Land", "Regierungsbezirk", "Kreis", "Gemeindeverband", "Gemeinde"]


class Region(_Model):
    """A Land, Regierungsbezirk, Kreis, Gemeindeverband or Gemeinde, keyed by its official key.

    ``name`` is the everyday name ("Lutherstadt Eisleben"), ``official_name`` Destatis'
    ("Eisleben, Lutherstadt") where it differs; ``designation`` says what the place is
    (Landkreis, Amt, Verbandsgemeinde, Stadt …); a Gemeinde's ``association`` is the
    9-digit key of its Gemeindeverband. Population, area and the seat's postcode and
    coordinates come from the Gemeindeverzeichnis.
    """

    ags: AGS
    name: Name
    level: RegionLevel | None = None
    designation: str | None = None
    official_name: str | None = None
    association: Annotated[str, Field(pattern=r"^\d{9}$")] | None = None
    population: int | None = Field(default=None, ge=0)
    area_km2: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    postcode: Annotated[str, Field(pattern=r"^\d{5}$")] | None = None
    longitude: float | None = Field(default=None, ge=-180, le=180)
    latitude: float | None = Field(default=None, ge=-90, le=90)

    @model_validator(mode="before")
    @classmethod
    def _level_from_key(cls, data: Any) -> Any:
        # Before validation, not by assignment after it: assigning re-validates the whole
        # model (validate_assignment), which made reading 12,000 regions take a second.
        if not isinstance(data, dict) or not isinstance(data.get("ags"), str):
            return data
        ags = _check_ags(data["ags"])
        expected = "Staat" if ags == COUNTRY_AGS else REGION_LEVELS.get(len(ags))
        level = data.get("level")
        if level is None:
            return {**data, "level": expected}
        if expected and level != expected:
            raise ValueError(f"Ebene „{level}“ passt nicht zum Schlüssel {ags} ({expected})")
        return data


def ags_contains(area_ags: str, place_ags: str) -> bool:
    """Whether the area keyed ``area_ags`` contains the place keyed ``place_ags``.

    >>> ags_contains("15087", "15087370"), ags_contains("DE", "01001000"), ags_contains("15", "16055000")
    (True, True, False)
    """
    return area_ags == COUNTRY_AGS or place_ags.startswith(area_ags)


def normalize_ags(value: str) -> str:
    """Keep only the digits of a key typed with spaces or dots (``15 0 87 370``)."""
    value = value.strip()
    return COUNTRY_AGS if value.upper() == COUNTRY_AGS else _AGS_SEPARATORS.sub("", value)


_AGS_SEPARATORS = re.compile(r"[\s.]")
