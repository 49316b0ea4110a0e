from core import Manifest, Module, hookimpl
from core.crm.models import Account
from core.crm.schemas import AccountSchema

manifest = Manifest(name="dupe", label="Dupe", version="0.1")


@hookimpl
def register_modules():
    return [Module(name="accounts", label="Accounts again", singular="Account", model=Account, schema=AccountSchema)]
