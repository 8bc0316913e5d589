"""Background jobs for the Together network (consent reviews, claim notices)."""
