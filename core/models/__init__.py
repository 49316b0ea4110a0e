"""The core's tables. CRM tables live in :mod:`core.crm.models`; plugins bring their own."""
from .auth import ApiToken, Profile, User, UserSession, hash_secret
from .base import CENT, BaseModel, MoneyField, Tenant, TenantModel, money_sum, to_money, utcnow
from .system import AuditLog, SchemaMigration, TenantPlugin

CORE_TABLES = [Tenant, Profile, User, UserSession, ApiToken, TenantPlugin, SchemaMigration, AuditLog]

__all__ = [
    "ApiToken", "AuditLog", "BaseModel", "CENT", "CORE_TABLES", "MoneyField", "Profile",
    "SchemaMigration", "Tenant", "TenantModel", "TenantPlugin", "User", "UserSession",
    "hash_secret", "money_sum", "to_money", "utcnow",
]
