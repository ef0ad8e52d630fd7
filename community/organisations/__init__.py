"""Organisations: their members and invitations, the directory, the showcase, offerings and inquiries."""
