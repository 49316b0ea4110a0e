from core import Manifest

manifest = Manifest(name="orphan", label="Orphan", version="0.1", depends=("not-installed",))
