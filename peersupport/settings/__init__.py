"""Settings split by environment: base (always true), local, test and production."""
