"""The `regkb` command: sits above the core (kb) and the web front end (webapp)."""
