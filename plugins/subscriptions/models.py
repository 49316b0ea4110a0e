"""Subscriptions' tables: the subscriptions made in the CRM and the invoices the finance
application bills for them (pulled in, read-only)."""
from __future__ import annotations

import peewee

from core import N_, Invalid, MoneyField, QuantityField, TenantModel, gettext, line_amounts

#: interval unit -> (an interval of 1, of several: ``%(count)s`` is always 2 or more)
UNITS = {"months": (N_("Monthly"), N_("Every %(count)s months")),
         "years": (N_("Yearly"), N_("Every %(count)s years")),
         "weeks": (N_("Weekly"), N_("Every %(count)s weeks")),
         "days": (N_("Daily"), N_("Every %(count)s days"))}


def problems(account_id, contact_id, starts_at, ends_at) -> dict[str, list[str]]:
    """What is wrong with a subscription as a whole: no customer, an end before its start."""
    errors: dict[str, list[str]] = {}
    if not account_id and not contact_id:
        errors["account_id"] = [gettext("Choose an account or a contact.")]
    if starts_at and ends_at and ends_at < starts_at:
        errors["ends_at"] = [gettext("The end date cannot be before the start date.")]
    return errors


class Subscription(TenantModel):
    """A customer's subscription to a plan. The number, status and next billing date are the
    finance application's (set when it answers; until then the status is the expected one)."""

    number = peewee.CharField(max_length=50, default="")
    account_id = peewee.IntegerField(null=True)
    contact_id = peewee.IntegerField(null=True)
    plan_code = peewee.CharField(max_length=100)
    plan_name = peewee.CharField(max_length=300, default="")
    quantity = QuantityField(default=1)
    price = MoneyField(default=0)
    interval = peewee.IntegerField(default=1)
    interval_unit = peewee.CharField(max_length=10, default="months")
    starts_at = peewee.DateField()
    ends_at = peewee.DateField(null=True)
    trial_days = peewee.IntegerField(null=True)
    next_billing_at = peewee.DateField(null=True)
    status = peewee.CharField(max_length=20, default="live")

    class Meta:
        table_name = "subscriptions_subscription"
        indexes = ((("tenant", "account_id", "starts_at", "id"), False),
                   (("tenant", "contact_id", "starts_at", "id"), False),
                   (("tenant", "starts_at", "id"), False), (("tenant", "status"), False))

    @property
    def amount(self):
        """What one billing period costs: quantity x price, rounded as the finance application does."""
        return line_amounts(self.quantity or 0, self.price or 0).amount

    @property
    def billing_interval(self) -> str:
        """``Monthly``, ``Every 3 months`` ..., in the reader's language."""
        unit = self.interval_unit
        if unit not in UNITS:  # not one of ours (the form offers only those): as it is stored
            return f"Every {unit}" if self.interval == 1 else f"Every {self.interval} {unit}"
        one, several = UNITS[self.interval_unit]
        return gettext(one) if self.interval == 1 else gettext(several, count=self.interval)

    def save(self, *args, **kwargs):
        """Refuses a subscription without a customer or ending before it starts (whatever the
        path: a partial API update cannot leave one behind); a new one with trial days starts in
        trial, as the finance application will say."""
        errors = problems(self.account_id, self.contact_id, self.starts_at, self.ends_at)
        if errors:
            raise Invalid(errors)
        if self.id is None and self.trial_days:
            self.status = "trial"
        return super().save(*args, **kwargs)


class SubscriptionInvoice(TenantModel):
    """An invoice the finance application made when it billed one of our subscriptions."""

    subscription_id = peewee.IntegerField()
    account_id = peewee.IntegerField(null=True)
    contact_id = peewee.IntegerField(null=True)
    number = peewee.CharField(max_length=50, default="")
    date = peewee.DateField(null=True)
    due_date = peewee.DateField(null=True)
    status = peewee.CharField(max_length=30, default="sent")
    total = MoneyField(default=0)
    balance = MoneyField(default=0)

    class Meta:
        table_name = "subscriptions_invoice"
        indexes = ((("tenant", "subscription_id", "date", "id"), False), (("tenant", "date", "id"), False),
                   (("tenant", "account_id"), False), (("tenant", "contact_id"), False))


TABLES = [Subscription, SubscriptionInvoice]
