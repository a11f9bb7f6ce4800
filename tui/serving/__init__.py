"""Serving the app to visitors: `--serve`, the web."""
