"""Networks and clusters: membership, roles, partnership board, indicators (see the networks issue)."""
