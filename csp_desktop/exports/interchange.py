"""The interchange format's file halves, under the name callers used before the split.

Writing is `exports.interchange_writer` (from `services.interchange_data`'s frozen
meeting), reading is `exports.interchange_reader`; new code imports those directly.
"""

from csp_desktop.exports.interchange_reader import parse_document, validate_document
from csp_desktop.exports.interchange_writer import FORMAT, VERSION, Document, dumps, to_document

__all__ = [
    "FORMAT",
    "VERSION",
    "Document",
    "dumps",
    "parse_document",
    "to_document",
    "validate_document",
]
