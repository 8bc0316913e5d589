"""Admin for involvement requests; registered as the models arrive."""
