"""The CQI cycle: templates as data, county schedules, deadlines, submissions, reminders."""
