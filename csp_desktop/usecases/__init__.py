"""Workflows shared by the window and the command line (no Qt, no argparse)."""
