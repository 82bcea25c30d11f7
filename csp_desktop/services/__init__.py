"""Use cases and rules: meetings, minutes, actions, bodies, people. No Qt below this line.

Services are plain functions taking a SQLAlchemy ``Session`` (and a ``clock`` where time
or the user matters). They ``flush()`` but never ``commit()``: the caller owns the
transaction. Reads meant for views and exports return frozen dataclasses.
"""
