"""The demo plus a second alliance, its accounts and tokens: what the authorisation tests share.

Alliance A is the demo's ``pfd-msh``; alliance B (``pfd-harz``, invented here, not in the
demo) has its own network-only and confidential elements, persons with and without
consent, and one tie to A. One demo person gets a recorded consent, so that "a person
with consent" exists in A too. Accounts: an admin, a coordinator of each alliance and a
member of A, each with a personal API token and a password.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from buendnisatlas.demo import DEMO_ALLIANCE, DEMO_DIR
from buendnisatlas.graph.accounts import ApiToken, User
from buendnisatlas.graph.credentials import hash_password, new_token
from buendnisatlas.graph.model import Actor, Alliance, Body, Consent, Relation
from buendnisatlas.graph.regions import reference_regions
from buendnisatlas.graph.sqlite_store import SqliteStore
from buendnisatlas.importers.canonical import import_canonical

A, B = DEMO_ALLIANCE, "pfd-harz"
PASSWORD = "Ein-langes-Testpasswort-2026"
ROLES = ("admin", "coord_a", "coord_b", "member_a")
EMAILS = {
    "admin": "admin@landkreis.example.org",
    "coord_a": "koordination@pfd-msh.example.org",
    "coord_b": "koordination@pfd-harz.example.org",
    "member_a": "mitglied@pfd-msh.example.org",
}

# B's elements by how visible they are (names unique across the demo, so a leak is findable)
B_NETWORK = ["pfd-harz", "harz-ba", "harz-verein"]
B_RESTRICTED = ["harz-geheim", "harz-berta"]
B_CONSENTED = "harz-carla"  # a person marked network, with consent
B_PUBLIC = "harz-heimat"
UNAFFILIATED_RESTRICTED = "land-geheim"  # belongs to no alliance, confidential
A_CONSENTED = "person-katrin-albrecht"  # a demo person given a consent and the marking network


@dataclass
class Access:
    db: Path
    tokens: dict[str, str]  # role → plain token


def build(db: Path) -> Access:
    with SqliteStore(db) as store:
        store.upsert_regions(reference_regions())
        import_canonical(store, [DEMO_DIR])
        consent = Consent(given_by="Katrin Albrecht", given_at=date(2025, 3, 1), purpose="Netzwerkkarte der PfD")
        store.update_node(A_CONSENTED, visibility="network", **_consent_fields(consent))
        for node in [
            Alliance(id="pfd-harz", name="Partnerschaft für Demokratie Harzvorland", area=["15085"]),
            Body(id="harz-ba", name="Begleitausschuss Harzvorland", note="Tagt ab 2026 im Rathaus Ballenstedt."),
            Actor(
                id="harz-verein",
                name="Bürgerverein Vorharz Intern e. V.",
                sector="civil_society",
                note="Kassenprüfung 2025 noch offen, Vorstand angefragt.",
            ),
            # public, with an internal note: the note stays with B's coordinators
            Actor(
                id="harz-heimat",
                name="Heimatbund Vorharz",
                sector="culture",
                visibility="public",
                note="Vorsitzender will zurücktreten, bitte vertraulich behandeln.",
            ),
            Actor(id="harz-geheim", name="Schutzraum Vorharz gGmbH", sector="counselling", visibility="restricted"),
            Actor(id="harz-berta", name="Berta Vorharzperson", form="person", contact="berta.vorharz@example.org"),
            Actor(
                id="harz-carla",
                name="Carla Einwilligungsperson",
                form="person",
                visibility="network",
                consent=Consent(
                    given_by="Carla Einwilligungsperson", given_at=date(2025, 5, 2), purpose="Mitgliederliste"
                ),
            ),
            Actor(
                id="land-geheim", name="Landesstelle Verschlusssache", sector="administration", visibility="restricted"
            ),
        ]:
            store.add_node(node)
        for source, type_, target in [
            ("harz-ba", "PART_OF", "pfd-harz"),
            ("harz-verein", "MEMBER_OF", "pfd-harz"),
            ("harz-heimat", "MEMBER_OF", "pfd-harz"),
            ("harz-geheim", "MEMBER_OF", "pfd-harz"),
            ("harz-berta", "MEMBER_OF", "harz-ba"),
            ("harz-carla", "MEMBER_OF", "pfd-harz"),
            ("harz-verein", "COOPERATES_WITH", "harz-geheim"),
            ("harz-heimat", "COOPERATES_WITH", "harz-verein"),
        ]:
            store.add_relation(Relation(source=source, target=target, type=type_))
        tokens = {}
        for role, email in EMAILS.items():
            kind, alliances = {
                "admin": ("admin", []),
                "coord_a": ("coordinator", [A]),
                "coord_b": ("coordinator", [B]),
                "member_a": ("member", [A]),
            }[role]
            store.add_user(
                User(email=email, name=role, role=kind, alliances=alliances, password_hash=hash_password(PASSWORD))
            )
            plain, hashed = new_token()
            store.add_token(ApiToken(id=f"tok-{role.replace('_', '-')}", email=email, name="Tests", token_hash=hashed))
            tokens[role] = plain
    return Access(db, tokens)


def _consent_fields(consent: Consent) -> dict[str, object]:
    return {
        "consent_given_by": consent.given_by,
        "consent_given_at": consent.given_at,
        "consent_purpose": consent.purpose,
    }
