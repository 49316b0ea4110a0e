from core import Manifest

manifest = Manifest(name="needs_sample", label="Needs sample", version="0.1", depends=("sample",))
