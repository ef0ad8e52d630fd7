"""Accounts: the user model, sign-up and e-mail verification, profiles, API tokens."""
