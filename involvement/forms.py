"""Forms for involvement requests."""
