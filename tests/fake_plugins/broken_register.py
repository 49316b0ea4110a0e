from core import Manifest, hookimpl

manifest = Manifest(name="broken_register", label="Broken", version="0.1")


@hookimpl
def register_tabs():
    raise ValueError("cannot declare tabs")
