"""Forums: categories, topics, posts, reactions, polls, moderation (see the forums issue)."""
