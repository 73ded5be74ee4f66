"""Reference data shipped with the package, and where it comes from.

The names of the built-in Gemeindeverzeichnis live here, not in :mod:`..regions`, so that
``buendnisatlas --version`` can name them without importing the place matcher.
"""

GEBIETSSTAND = "31.12.2020"
SOURCE = f"Gemeindeverzeichnis des Statistischen Bundesamtes, Gebietsstand {GEBIETSSTAND}"
ATTRIBUTION = "© Statistisches Bundesamt (Destatis), Gemeindeverzeichnis-Informationssystem GV-ISys"
LICENCE = "Datenlizenz Deutschland – Namensnennung – Version 2.0 (dl-de/by-2-0)"
