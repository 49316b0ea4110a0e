"""What a user reads when a field is left empty or is too long: "Choose a vendor.", "Enter a
name.", "At most 100 characters." Every module's schema (the plugins' too) gets these through
:class:`core.schemas.RecordSchema`, in the form beside the field and in the API's 422, instead
of marshmallow's "Missing data for required field." or "Length must be between 1 and 100."."""
from __future__ import annotations

from flask_babel import gettext as _, lazy_gettext
from marshmallow import ValidationError, fields, validate

#: marshmallow's own texts, replaced where a field did not choose its own
DEFAULT_TEXTS = {fields.Field.default_error_messages["required"], fields.Field.default_error_messages["null"]}


def lower(label: str) -> str:
    """A label inside a sentence: ``"Expense Report"`` -> ``"expense report"``; an abbreviation
    keeps its capitals (``"SKU"``)."""
    return " ".join(word if len(word) > 1 and word.isupper() else word.lower() for word in str(label).split())


def noun(label: str) -> str:
    """``"Vendor"`` -> ``"a vendor"``, ``"Expense report"`` -> ``"an expense report"``."""
    label = lower(label)
    return ("an " if label[:1].lower() in "aeiou" and label else "a ") + label


class Thing:
    """What a field asks for, written when shown: "a vendor" in English; in another language
    the field named by its label ("le champ « Fournisseur »"), since an article agreeing with
    the noun cannot be made from the English one."""

    def __init__(self, label: str):
        self.label = str(label)

    def __str__(self) -> str:
        from flask_babel import get_locale, gettext
        if str(get_locale() or "en").startswith("en"):
            return noun(self.label)
        return gettext("the field “%(label)s”", label=gettext(self.label))


def choose(label: str):
    """``"Choose a vendor."``, translated when shown."""
    return lazy_gettext("Choose %(thing)s.", thing=Thing(label))


def enter(label: str):
    """``"Enter a name."``, translated when shown."""
    return lazy_gettext("Enter %(thing)s.", thing=Thing(label))


def is_choice(field) -> bool:
    """A value picked from a list: another record, or one of the field's choices."""
    from .schemas import RecordIdField
    validators = field.validators if isinstance(field.validators, (list, tuple)) else [field.validators]
    return (isinstance(field, RecordIdField) or field.metadata.get("widget") == "reference"
            or bool(field.metadata.get("choices")) or any(isinstance(v, validate.OneOf) for v in validators))


class TextLength(validate.Length):
    """A text of at most ``max`` characters ("At most 100 characters."); ``required``: not empty
    either ("Enter a name."). A :class:`marshmallow.validate.Length`, so the OpenAPI document
    still states the bounds."""

    def __init__(self, label: str, max: int | None, required: bool = False):
        super().__init__(min=1 if required else None, max=max)
        self.label = label

    def __call__(self, value):
        if self.min and len(value) < self.min:
            raise ValidationError(str(enter(self.label)))
        if self.max is not None and len(value) > self.max:
            raise ValidationError(_("At most %(max)s characters.", max=self.max))
        return value


def worded(schema_cls, name: str, field) -> None:
    """Give ``field`` (a copy bound to one instance of ``schema_cls``) the words of :func:`words`,
    worked out once per class and field (a schema is made for every request)."""
    if field.dump_only:
        return
    cache = schema_cls.__dict__.get("_field_words")
    if cache is None:
        cache = {}
        setattr(schema_cls, "_field_words", cache)
    source = (field.error_messages, field.validators)  # a bound copy shares them with the declared field
    known = cache.get(name)
    if known is None or known[0] is not source[0] or known[1] is not source[1]:
        words(name, field)
        known = cache[name] = (*source, field.error_messages, field.validators)
    field.error_messages, field.validators = known[2], known[3]


def words(name: str, field) -> None:
    """Give ``field`` the words above, unless it chose its own: missing or null -> "Choose a ..." /
    "Enter a ..."; a text's bounds -> :class:`TextLength`."""
    label = field.metadata.get("label") or name.replace("_", " ").capitalize()
    if isinstance(field, fields.List):
        if field.error_messages.get("required") in DEFAULT_TEXTS and is_choice(field.inner):
            field.error_messages = {**field.error_messages,
                                    "required": lazy_gettext("Choose %(things)s.", things=lower(label))}
        return
    if isinstance(field, (fields.Nested, fields.Boolean, fields.Dict)):
        return
    missing = choose(label) if is_choice(field) else enter(label)
    messages = {key: missing for key in ("required", "null") if field.error_messages.get(key) in DEFAULT_TEXTS}
    if messages:
        field.error_messages = {**field.error_messages, **messages}
    if isinstance(field, fields.String):
        validators = []
        for v in field.validators:
            if type(v) is validate.Length and v.error is None and v.equal is None and (v.min or 0) <= 1:
                v = TextLength(label, v.max, required=bool(v.min))
            validators.append(v)
        field.validators = validators
