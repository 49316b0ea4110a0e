from core import Manifest, hookimpl

manifest = Manifest(name="needs_sample", label="Needs sample", version="0.1", depends=("sample",))


@hookimpl
def demo_records(tenant, records, users):
    from tests.fake_plugins import sample
    sample.DEMO.append("needs_sample")  # after the sample's own (docs/hooks.md, demo_records)
