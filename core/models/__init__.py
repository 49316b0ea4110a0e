"""The core's tables. CRM tables live in :mod:`core.crm.models`; plugins bring their own."""
from .auth import ApiToken, LoginFailure, Profile, User, UserSession, hash_secret
from .base import CENT, BaseModel, MoneyField, QuantityField, Tenant, TenantModel, money_sum, to_money, utcnow
from .mail import EmailLog
from .saved import Dashboard, JsonField, SavedReport, SavedView
from .system import AuditLog, IdempotencyKey, SchemaMigration, TenantPlugin, TenantSetting

CORE_TABLES = [Tenant, Profile, User, UserSession, ApiToken, TenantPlugin, SchemaMigration, AuditLog]

__all__ = [
    "ApiToken", "AuditLog", "BaseModel", "CENT", "CORE_TABLES", "Dashboard", "EmailLog", "JsonField", "SavedReport",
    "SavedView", "IdempotencyKey", "LoginFailure", "MoneyField", "Profile",
    "QuantityField", "SchemaMigration", "Tenant", "TenantModel", "TenantPlugin", "TenantSetting", "User", "UserSession",
    "hash_secret", "money_sum", "to_money", "utcnow",
]
