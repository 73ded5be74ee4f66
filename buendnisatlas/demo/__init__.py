"""The demo network: a fictional Partnerschaft für Demokratie in the real Landkreis Mansfeld-Südharz.

Its CSV files are in the canonical import format and double as the template users copy;
``LUECKEN.md`` lists the gaps built into it on purpose.
"""

from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent
DEMO_ALLIANCE = "pfd-msh"
