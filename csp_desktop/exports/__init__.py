"""Writers and readers of files: interchange JSON, Word and Excel. No Qt, no rules.

Restricted-content decisions come from `csp_desktop.services.publication`; modules here
only render what they are handed (or read files back into plain data).
"""
