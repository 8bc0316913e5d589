"""Background jobs for the workforce (training and supervision reminders come here)."""
