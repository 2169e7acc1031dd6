"""clusters-maghreb: regenerate the IPEMED study 'Clusters au Maghreb' (2019) from its sources."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
