"""German messages for pydantic's validation errors: one wording for every door.

Our own validators already raise German ``ValueError`` texts; pydantic's built-in checks
(length, type, pattern, range, …) speak English. :func:`german_message` turns either into
the sentence a person reads, from the error's ``type`` and ``ctx`` — never pydantic's text.

>>> from pydantic import BaseModel, Field, ValidationError
>>> class Thing(BaseModel):
...     name: str = Field(max_length=3)
>>> try:
...     Thing(name="Bündnis")
... except ValidationError as exc:
...     german_message(exc.errors()[0])
'zu lang: höchstens 3 Zeichen erlaubt (hier 7)'
>>> german_message({"type": "missing", "loc": ("name",), "msg": "Field required"})
'Angabe fehlt'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

ID_RULE = "ungültige Kennung: nur Buchstaben, Ziffern, „.“, „_“, „-“ und „:“, höchstens 128 Zeichen"

# By pydantic error type; ``{…}`` are filled from the error's ``ctx`` (and ``length``).
_MESSAGES: dict[str, str] = {
    "missing": "Angabe fehlt",
    "extra_forbidden": "unbekanntes Feld",
    "string_too_short": "zu kurz: mindestens {min_length} Zeichen (ohne Leerzeichen am Rand)",
    "string_too_long": "zu lang: höchstens {max_length} Zeichen erlaubt (hier {length})",
    "too_short": "zu wenige Einträge: mindestens {min_length}",
    "too_long": "zu viele Einträge: höchstens {max_length} erlaubt",
    "string_type": "erwartet einen Text",
    "string_unicode": "erwartet einen Text in gültigem Unicode",
    "string_pattern_mismatch": "ungültiges Format",
    "int_type": "erwartet eine ganze Zahl",
    "int_parsing": "erwartet eine ganze Zahl",
    "int_from_float": "erwartet eine ganze Zahl, keine Kommazahl",
    "float_type": "erwartet eine Zahl",
    "float_parsing": "erwartet eine Zahl",
    "finite_number": "erwartet eine endliche Zahl",
    "bool_type": "erwartet ja oder nein (true/false)",
    "bool_parsing": "erwartet ja oder nein (true/false)",
    "greater_than": "muss größer als {gt} sein",
    "greater_than_equal": "muss mindestens {ge} sein",
    "less_than": "muss kleiner als {lt} sein",
    "less_than_equal": "darf höchstens {le} sein",
    "date_type": "erwartet ein Datum (JJJJ-MM-TT)",
    "date_parsing": "erwartet ein Datum (JJJJ-MM-TT)",
    "date_from_datetime_parsing": "erwartet ein Datum (JJJJ-MM-TT)",
    "date_from_datetime_inexact": "erwartet ein Datum ohne Uhrzeit (JJJJ-MM-TT)",
    "datetime_type": "erwartet Datum und Uhrzeit (JJJJ-MM-TTThh:mm:ss)",
    "datetime_parsing": "erwartet Datum und Uhrzeit (JJJJ-MM-TTThh:mm:ss)",
    "datetime_from_date_parsing": "erwartet Datum und Uhrzeit (JJJJ-MM-TTThh:mm:ss)",
    "list_type": "erwartet eine Liste",
    "dict_type": "erwartet ein Objekt",
    "model_type": "erwartet ein Objekt",
    "model_attributes_type": "erwartet ein Objekt",
    "json_invalid": "kein gültiges JSON",
    "json_type": "kein gültiges JSON",
    "enum": "unbekannter Wert; erlaubt: {expected}",
    "literal_error": "unbekannter Wert; erlaubt: {expected}",
    "union_tag_invalid": "unbekannte Art; erlaubt: {expected_tags}",
    "union_tag_not_found": "die Art (kind) fehlt",
    "none_required": "hier ist kein Wert erlaubt",
    "recursion_loop": "zu tief verschachtelt",
}


def german_message(error: Mapping[str, Any]) -> str:
    """The German sentence for one entry of ``ValidationError.errors()``."""
    kind = str(error.get("type", ""))
    if kind in ("value_error", "assertion_error"):
        # Our validators' own German text, without pydantic's prefix.
        return str(error.get("msg", "")).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if kind == "string_pattern_mismatch" and "A-Za-z0-9._:" in str((error.get("ctx") or {}).get("pattern", "")):
        return ID_RULE
    template = _MESSAGES.get(kind)
    if template is None:
        return "ungültiger Wert"
    values: dict[str, Any] = {str(k): v for k, v in (error.get("ctx") or {}).items()}
    given = error.get("input")
    values.setdefault("length", len(given) if isinstance(given, str | list) else "?")
    for key in ("expected", "expected_tags"):
        if isinstance(values.get(key), str):  # "'a', 'b' or 'c'" → "a, b oder c"
            values[key] = values[key].replace("'", "").replace(" or ", " oder ")
    try:
        return template.format(**values)
    except (KeyError, IndexError):
        return template.split(":")[0]


def field_path(loc: tuple[int | str, ...] | list[int | str]) -> str:
    """``("body", "topics", 0)`` → ``"topics.0"``; where a request's value was found is left off.

    >>> field_path(("body", "name")), field_path(("query", "at")), field_path(("name",))
    ('name', 'at', 'name')
    """
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header", "cookie"):
        parts = parts[1:]
    return ".".join(parts)
