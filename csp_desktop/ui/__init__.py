"""The Qt user interface. The only package that imports PySide6.

Process-wide settings (the garbage collector, and what was removed) live in
`ui/runtime.py`, each with the measurement that justifies it.
"""
