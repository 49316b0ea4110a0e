"""A plugin written for a later plugin interface than this finsuite's (C5)."""
from core import Manifest

manifest = Manifest(name="toonew", label="Too new", version="3.0", requires="finsuite>=2,<3")
