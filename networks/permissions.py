"""Who may see a network and its content. The forums ask here about network-owned categories."""

from typing import Any

from networks.models import Network, NetworkMembership, NetworkRole, Visibility


def network_role(user: Any, network: Network) -> str | None:
    if not user.is_authenticated:
        return None
    return NetworkMembership.objects.filter(network=network, user=user).values_list("role", flat=True).first()


def is_network_member(user: Any, network: Network) -> bool:
    return network_role(user, network) is not None


def is_network_moderator(user: Any, network: Network) -> bool:
    return network_role(user, network) in (NetworkRole.OWNER, NetworkRole.MODERATOR)


def can_see_network_content(user: Any, network: Network) -> bool:
    if network.visibility == Visibility.PUBLIC:
        return True
    return bool(user.is_authenticated and (user.is_staff or is_network_member(user, network)))
