"""Names of channel-layer groups, kept in one place so senders and the consumer agree."""


def user_group(user_id: int) -> str:
    return f"user-{user_id}"
