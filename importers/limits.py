"""Caps on import files, checked before a parser reads them (zip bombs, endless tables).

An ``.xlsx`` is a ZIP archive: its directory states every member's packed and unpacked size,
so a workbook that would unpack to gigabytes is refused from the directory alone, before
openpyxl inflates a byte. Tables longer than :data:`MAX_ROWS` rows are refused as well.

===================  ==========================================================
``MAX_UNPACKED``     500 MB unpacked in all (a 1,000,000-row workbook is ~150 MB)
``MAX_RATIO``        a member may unpack to at most 200× its packed size
``MAX_MEMBERS``      10,000 files in the archive
``MAX_ROWS``         1,000,000 rows per table (CSV file or sheet)
===================  ==========================================================
"""

from __future__ import annotations

import zipfile
from pathlib import Path

MB = 1024 * 1024
MAX_UNPACKED = 500 * MB
MAX_RATIO = 200
MAX_MEMBERS = 10_000
MAX_ROWS = 1_000_000
_SMALL = 1 * MB  # tiny members (styles, relationships) compress extremely well and are harmless


def zip_problem(path: Path) -> str | None:
    """Why the ZIP archive at ``path`` is not unpacked, in German; ``None`` if it may be.

    A file that is no ZIP archive at all is left to the parser, which says so in its words.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if len(members) > MAX_MEMBERS:
        return f"Die Datei enthält {len(members):,} Teile (erlaubt: {MAX_MEMBERS:,})".replace(",", ".")
    total = sum(m.file_size for m in members)
    if total > MAX_UNPACKED:
        return (
            f"Die Datei würde entpackt {total // MB:,} MB groß (erlaubt: {MAX_UNPACKED // MB} MB); "
            "bitte in kleinere Dateien teilen".replace(",", ".")
        )
    for member in members:
        if member.file_size > _SMALL and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            return (
                f"„{member.filename}“ ist ungewöhnlich stark gepackt ({member.compress_size:,} Byte → "
                f"{member.file_size // MB:,} MB); so eine Datei wird nicht entpackt".replace(",", ".")
            )
    return None


def too_many_rows(count: int) -> str | None:
    """The German message if a table has more rows than allowed.

    >>> too_many_rows(10), too_many_rows(MAX_ROWS + 1)
    (None, 'mehr als 1.000.000 Zeilen: bitte in kleinere Dateien teilen')
    """
    if count <= MAX_ROWS:
        return None
    return f"mehr als {MAX_ROWS:,} Zeilen: bitte in kleinere Dateien teilen".replace(",", ".")
