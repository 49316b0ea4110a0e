"""A contact's contact persons (contacts.yml ``contact_persons``): each has a
``contact_person_id``; one is primary, and the contact's ``email`` and ``phone`` are the primary
person's. Kept as JSON on the contact row (read with it, no query per contact).

- ``contact_persons`` in a payload: an entry with a ``contact_person_id`` changes that person (an
  unknown id is refused); one without adds a person. ``is_primary_contact: true`` makes it the
  primary one; persons not named are kept. The first person is primary when none is said.
- Top-level ``email`` / ``phone`` (the embedded application's own convention, which
  ``LocalFinance``'s Python API keeps; finance-serve drops them, as Zoho does) set the primary
  person's, adding one when there is none and a value is given.
"""
from __future__ import annotations

import json
import secrets

from . import validate as v
from .models import Contact

#: the fields of a person kept (the other documented ones are ignored)
FIELDS = (("first_name", 100), ("last_name", 100), ("email", 100), ("phone", 50), ("mobile", 50))


def load(contact: Contact) -> list[dict]:
    try:
        people = json.loads(contact.contact_persons or "[]")
    except ValueError:
        return []
    return [p for p in people if isinstance(p, dict)] if isinstance(people, list) else []


def primary(people: list[dict]) -> dict | None:
    return next((p for p in people if p.get("is_primary_contact")), people[0] if people else None)


def _next_id(organization_id: str) -> str:
    """A new person id: a random 18-digit number, as long as Zoho's ids. Persons are addressed
    within their contact, and a bulk create of thousands of contacts asks the database nothing
    for them (a counter row per person made ``create_many`` of 8,000 contacts 2.7x slower)."""
    return str(secrets.randbelow(9 * 10**17) + 10**17)


def _blank() -> dict:
    return {"contact_person_id": None, **{name: "" for name, _ in FIELDS}, "is_primary_contact": False}


def apply_persons(contact: Contact, payload: dict) -> None:
    """Write a payload's persons (and top-level email/phone) onto ``contact`` (module doc)."""
    people = load(contact)
    entries = payload.get("contact_persons")
    if entries is not None and not isinstance(entries, list):
        raise v.reject("Invalid value passed for contact_persons")
    made_primary = None
    for index, entry in enumerate(entries or ()):
        where = f"contact_persons[{index}]"
        if not isinstance(entry, dict):
            raise v.reject(f"Invalid value passed for {where}")
        wanted = entry.get("contact_person_id")
        if wanted not in (None, ""):
            person = next((p for p in people if p["contact_person_id"] == str(wanted)), None)
            if person is None:
                raise v.reject(f"Invalid value passed for {where}.contact_person_id: "
                               f"contact person {wanted} does not exist")
        else:
            person = {**_blank(), "contact_person_id": _next_id(contact.organization_id)}
            people.append(person)
        for name, size in FIELDS:
            value = v.text(entry, name, max_length=size)
            if value is not None:
                person[name] = value
        if v.boolean(entry, "is_primary_contact"):
            made_primary = person
    if made_primary is not None:
        for person in people:
            person["is_primary_contact"] = person is made_primary
    for name in ("email", "phone"):  # LocalFinance's own top-level fields: the primary person's
        value = v.text(payload, name)
        if value is None:
            continue
        if not people and value:
            people.append({**_blank(), "contact_person_id": _next_id(contact.organization_id)})
        if people:
            primary(people)[name] = value
        else:
            setattr(contact, name, value)
    if people:
        if not any(p["is_primary_contact"] for p in people):
            people[0]["is_primary_contact"] = True
        main = primary(people)
        contact.email, contact.phone = main["email"], main["phone"]
    contact.contact_persons = json.dumps(people)


def persons_dict(contact: Contact) -> dict:
    """``contact_persons`` and ``primary_contact_id`` as Zoho answers them."""
    people = load(contact)
    main = primary(people)
    return {"contact_persons": people, "primary_contact_id": main["contact_person_id"] if main else ""}
