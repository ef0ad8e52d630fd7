"""Community: members, organisations, directory and showcase, notifications, and what they share."""
