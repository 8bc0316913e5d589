"""Background jobs for involvement (notification delivery, reminders)."""
