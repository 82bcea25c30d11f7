"""Command-line handlers: parse nothing, call services, print results. One module per area."""
