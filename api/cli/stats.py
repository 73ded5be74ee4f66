"""``buendnisatlas stats``: what a store holds, counted (its own module: it starts without the importers)."""

from __future__ import annotations

from buendnisatlas.api.cli import Context, cli, pass_context
from buendnisatlas.api.cli.output import emit, format_options, table
from buendnisatlas.graph import vocab
from buendnisatlas.graph.model import KIND_LABELS
from buendnisatlas.graph.vocab import NodeKind


@cli.command()
@format_options
@pass_context
def stats(ctx: Context, as_json: bool, as_csv: bool) -> None:
    """Zählt die Elemente nach Art und Sektor und die Beziehungen nach Typ."""
    from buendnisatlas.services.data import store_stats

    s = store_stats(ctx.view)
    kinds = {KIND_LABELS[NodeKind(k)]: n for k, n in s.nodes_by_kind.items()}
    sectors = {vocab.SECTOR.label(k) if k else "(ohne Sektor)": n for k, n in s.actors_by_sector.items()}
    relation_types = {vocab.RELATION_TYPE.label(k): n for k, n in s.relations_by_type.items()}
    data = {
        "store": ctx.url,
        "nodes_by_kind": s.nodes_by_kind,
        "actors_by_form": s.actors_by_form,
        "actors_by_sector": s.actors_by_sector,
        "relations_by_type": s.relations_by_type,
        "regions": s.regions,
    }
    rows = (
        [{"gruppe": "Art", "wert": k, "anzahl": n} for k, n in kinds.items()]
        + [{"gruppe": "Sektor", "wert": k, "anzahl": n} for k, n in sectors.items()]
        + [{"gruppe": "Beziehung", "wert": k, "anzahl": n} for k, n in relation_types.items()]
    )

    def text() -> str:
        if not s.nodes_by_kind:
            return f"Der Speicher {ctx.url} ist leer. Mit „buendnisatlas demo“ das Demo-Netzwerk laden."
        parts = [
            f"Speicher: {ctx.url}",
            table(sorted(kinds.items()), ["Art", "Anzahl"]),
            table(sorted(sectors.items()), ["Sektor (Akteure)", "Anzahl"]),
            table(sorted(relation_types.items()), ["Beziehung", "Anzahl"]),
            f"Gebiete: {s.regions}",
        ]
        return "\n\n".join(parts)

    emit(data, rows, as_json, as_csv, text)
