"""Past minutes brought in from files: readers (.txt, .docx, .pdf), the minutes parser
and the converter to the interchange document. No Qt and no SQLAlchemy here: the use
case `usecases/import_minutes.py` writes what these recognise through the services."""
