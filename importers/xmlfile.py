"""Reading the XML of peers' graph files (GEXF, GraphML) safely, with line numbers and German errors.

Parsing goes through :mod:`defusedxml`, so a file with entity definitions (billion
laughs, external entities) is refused instead of expanded. Every element remembers the
line it starts on (attribute :data:`LINE`), so that a problem names the place in the file,
and tags are reduced to their local names: Gephi, Gephi Lite, graphology and yEd write
the same elements under different namespaces (``http://gexf.net/1.3``,
``http://www.gexf.net/1.2draft``, even ``http:///www.gexf.net/1.1draft/viz``).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import defusedxml
import defusedxml.ElementTree as DET

from .canonical import ImportFailed, Problem

LINE = "\0line"
"""Attribute key under which each element keeps its line number (no XML name can contain NUL)."""

# Expat's messages, by their start, in German.
_EXPAT_GERMAN = {
    "not well-formed": "ungültiges Zeichen oder Tag",
    "mismatched tag": "schließendes Tag passt nicht zum öffnenden",
    "unclosed token": "nicht abgeschlossenes Tag",
    "no element found": "die Datei endet, bevor das Dokument abgeschlossen ist",
    "junk after document element": "Text nach dem Ende des Dokuments",
    "undefined entity": "unbekannte Entität (&…;)",
    "unbound prefix": "Namensraum-Präfix ohne Deklaration",
    "duplicate attribute": "ein Attribut kommt doppelt vor",
    "syntax error": "Syntaxfehler",
    "xml declaration not at start": "die XML-Deklaration steht nicht am Anfang",
    "unknown encoding": "unbekannte Zeichenkodierung",
    "encoding specified in XML declaration is incorrect": "die angegebene Zeichenkodierung stimmt nicht",
}


class _LineBuilder(ET.TreeBuilder):
    def __init__(self) -> None:
        super().__init__()
        self.parser: Any = None

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        local = {k.rpartition("}")[2]: v for k, v in attrs.items()}
        local[LINE] = str(self.parser.CurrentLineNumber)
        return super().start(tag.rpartition("}")[2], local)


def parse_xml(path: Path, what: str) -> ET.Element:
    """The root element of an XML file; what cannot be read becomes a German :class:`Problem` with its line.

    ``what`` names the format for the messages (``"GEXF"``).
    """
    builder = _LineBuilder()
    parser = DET.DefusedXMLParser(target=builder, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    builder.parser = parser.parser
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 16):
                parser.feed(chunk)
        root: ET.Element = parser.close()
    except ET.ParseError as exc:
        line, column = getattr(exc, "position", (None, None))
        english = str(exc).split(":")[0].strip()
        german = next((g for e, g in _EXPAT_GERMAN.items() if english.startswith(e)), "Fehler im XML")
        message = f"keine lesbare {what}-Datei: {german} (Spalte {column})"
        raise ImportFailed([Problem(path.name, line, None, None, message)]) from exc
    except (defusedxml.EntitiesForbidden, defusedxml.ExternalReferenceForbidden, defusedxml.DTDForbidden) as exc:
        message = f"die {what}-Datei definiert Entitäten; solche Dateien werden aus Sicherheitsgründen nicht gelesen"
        raise ImportFailed([Problem(path.name, builder.parser.CurrentLineNumber, None, None, message)]) from exc
    except OSError as exc:
        raise ImportFailed([Problem(path.name, None, None, None, f"Datei nicht lesbar: {exc.strerror}")]) from exc
    except UnicodeError as exc:
        raise ImportFailed([Problem(path.name, None, None, None, "Zeichenkodierung nicht lesbar")]) from exc
    return root


def line_of(element: ET.Element) -> int | None:
    line = element.get(LINE)
    return int(line) if line else None


def children(element: ET.Element, tag: str) -> list[ET.Element]:
    return [child for child in element if child.tag == tag]


def text_of(element: ET.Element) -> str:
    """All text inside an element (CDATA included), stripped."""
    return "".join(element.itertext()).strip()
