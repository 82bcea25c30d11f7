"""CSP Desktop: run a Community Safety Partnership's meetings offline."""

__version__ = "0.1.0"
APP_NAME = "CSP Desktop"
