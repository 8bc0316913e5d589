"""Admin for the Together network's records; registered as the models arrive."""
