"""Reading what Teams exports after a call: the transcript (.vtt, .docx) and the
attendance list (.csv). Pure text rules: no Qt, no database."""
