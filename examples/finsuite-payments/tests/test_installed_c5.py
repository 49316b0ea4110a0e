"""C5: Payments is a third-party plugin installed with pip: ``finsuite plugins`` lists it with
its origin, an organisation enables it (after Books, which it depends on) and only that one has
it, and it keeps the plugin contract (``finsuite check-plugin``). The real command, run as a
subprocess on a new SQLite database."""
import json
import os
import subprocess
import sys
from importlib.metadata import entry_points

INSTALLED = any(e.name == "payments" for e in entry_points(group="finsuite.plugins"))


def test_c5_finsuite_lists_the_plugin_and_enables_it_for_one_organisation(tmp_path):
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("FINSUITE_")},
           "FINSUITE_INSTANCE": str(tmp_path / "instance"), "FINSUITE_SECRET_KEY": "payments-test",
           "FINSUITE_DATABASE_URL": f"sqlite:///{tmp_path / 'site.db'}",
           **({} if INSTALLED else {"FINSUITE_PLUGINS": json.dumps(["finsuite_payments"])})}

    def finsuite(*args) -> str:
        done = subprocess.run([sys.executable, "-m", "core.cli", *args], env=env, capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    finsuite("init-db")
    finsuite("create-tenant", "acme", "--name", "Acme", "--apps", "books")
    finsuite("create-tenant", "globex", "--name", "Globex", "--apps", "books")
    finsuite("create-tenant", "initech", "--name", "Initech", "--apps", "invoice")
    [row] = [line.split() for line in finsuite("plugins").splitlines() if line.startswith("payments ")]
    assert row == ["payments", "Payments", "0.1.0", "books",
                   *(["finsuite-payments", "0.1.0"] if INSTALLED else ["PLUGINS", "finsuite_payments"])]
    assert finsuite("enable-app", "--tenant", "acme", "payments").strip() == "payments enabled for tenant acme"
    enabled = {slug: [line.split()[-1] for line in finsuite("plugins", "--tenant", slug).splitlines()
                      if line.startswith("payments ")] for slug in ("acme", "globex")}
    assert enabled == {"acme": ["yes"], "globex": ["no"]}
    refused = subprocess.run([sys.executable, "-m", "core.cli", "enable-app", "--tenant", "initech", "payments"],
                             env=env, capture_output=True, text=True, timeout=120)
    assert refused.returncode != 0 and "Payments needs books enabled first" in refused.stderr
    assert finsuite("check-plugin", "payments").strip() == "payments: no problems"
