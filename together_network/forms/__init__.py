"""Together network forms, a module per concept (the same names as services/)."""
