"""Background jobs and their visible progress."""
