"""Finance services: the connector interface, the embedded ``local`` finance application and
the ``zoho`` HTTP client. See docs/sync.md for the record shapes they exchange."""
