"""French geography: chambers, régions, départements, communes, postcodes and distances."""
from app.geo.chambers import CHAMBERS, Chamber, chamber_for_departement, get_chamber

__all__ = ["CHAMBERS", "Chamber", "chamber_for_departement", "get_chamber"]
