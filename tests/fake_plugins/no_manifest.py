"""A module that forgot its manifest."""
