"""Forms for the Together network."""
