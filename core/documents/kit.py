"""What an app reuses to offer documents for customers (Books, Invoice): tables and schemas,
sync, status moves, related lists, PDF, e-mail and the customer statement (docs/documents.md)."""
from .customer import (
    CUSTOMER_REFERENCES, DOCUMENT_STATUSES, STATUS_LABELS, CustomerDocumentModel, CustomerDocumentSchema,
    customer_document_module, document_status, draft_only,
)
from .convert import Conversion
from .items import DocumentItemSchema, items_module, items_report_index
from .moves import StatusMoves, move_to
from .printing import (
    DOCUMENT_BODY, DOCUMENT_PDF, DOCUMENT_SUBJECT, attach_pdf_option, document_email_template,
    document_pdf_attachment, document_pdf_template, document_recipients, document_title, mark_sent_after_email,
    module_of,
)
from .related import (
    PARENT_FIELDS, document_columns, document_page_indexes, document_related_list, newest_rows,
    parent_params,
)
from .statement import STATEMENT_PDF, CustomerStatement
from .sync import DocumentSync, plain_number

__all__ = [
    "Conversion", "CUSTOMER_REFERENCES", "CustomerDocumentModel", "CustomerDocumentSchema", "CustomerStatement",
    "DocumentItemSchema", "DOCUMENT_BODY", "items_report_index", "DOCUMENT_PDF", "DOCUMENT_STATUSES", "DOCUMENT_SUBJECT", "DocumentSync", "PARENT_FIELDS",
    "STATEMENT_PDF", "STATUS_LABELS", "StatusMoves", "attach_pdf_option", "customer_document_module",
    "document_columns",
    "document_email_template", "document_page_indexes", "document_pdf_attachment", "document_pdf_template",
    "document_recipients", "document_related_list", "document_status", "document_title", "draft_only",
    "items_module", "mark_sent_after_email", "module_of", "move_to", "newest_rows", "parent_params", "plain_number",
]
