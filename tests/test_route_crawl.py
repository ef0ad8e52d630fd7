"""Safety net over every route: each URL pattern and each API operation, as each persona, gives the answer
tests/authz_expectations.py declares for it (the authorisation matrix) and never 5xx; hidden things answer
like missing ones; a GET never writes; every HTML page carries a Content-Security-Policy and no inline code
it would refuse; and a new route cannot go unnoticed.

The routes come from the resolver and from the OpenAPI schema, not from a hand-kept list: PAGE_PARAMS and
API_PARAMS only say how to fill each route's parameters (with the objects of tests/route_objects.py), and
a route that has no entry there fails the test.

A parameter value is a reference name from `World.refs`, or a literal written "=value". `each()` expands a
template such as {"slug": "{v}_network"} into one Case per variant (public, private, hidden...); the variant
names the case in the expectation table. A route with more than one case names each.
"""

from __future__ import annotations

import copy
import json
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests import authz_expectations as expectations
from tests.authz_expectations import LOGIN
from tests.inline_code import inline_code
from tests.route_objects import PERSONAS, build_world

NETS = ("public", "private", "hidden")
FORUMS = ("site", "public", "hidden")
LIBRARY = (("site", ""), ("private", "private_"), ("hidden", "hidden_"))
TOOL_KINDS = (("plans", "plan"), ("cashflow", "cashflow"), ("marketing", "marketing"))
NONE: list[Case | dict[str, str]] = [{}]

# Resolver namespaces (and unnamed patterns) that are not this project's pages. The API's own operations
# are crawled from the OpenAPI schema instead, by path and method.
SKIPPED_NAMESPACES = {"admin"}
API_DOC_ROUTES = {"api:openapi-json", "api:openapi-view", "api:api-root"}
# An invitation token is a bearer secret: whoever holds a valid one is an invitee, who may know the hidden
# network exists (docs/architecture.md, "Who sees what"). It is probed with a wrong token instead.
BEARER_SECRETS = {"hidden_net_invitation_token"}
# Pages a member of the hidden network must see (200): proof that the hidden objects the 404-alike check
# probes are real, reachable things and not typos in the parameter table.
MEMBERS_SEE = {
    ("networks:detail", "hidden"),
    ("forums:topic", "hidden"),
    ("forums:category", "hidden"),
    ("library:detail", "hidden"),
    ("messaging:conversation", "hidden"),
    ("GET /api/v1/networks/{slug}", "hidden"),
    ("GET /api/v1/forums/topics/{topic_id}", "hidden"),
    ("GET /api/v1/messaging/conversations/{conversation_id}", "hidden"),
    ("GET /api/v1/messaging/conversations/{conversation_id}/messages", "hidden"),
}
MISSING_INT = 987_654_321
MISSING_STR = "no-such-thing-404"


@dataclass(frozen=True)
class Case:
    """One way of filling a route's parameters; `variant` names it in tests/authz_expectations.py."""

    params: dict[str, str]
    variant: str = ""


def each(template: dict[str, str], variants, label: str = "{v}") -> list[Case]:
    """One case per variant; a variant is a name, or (name, the text that goes into the template)."""
    pairs = [variant if isinstance(variant, tuple) else (variant, variant) for variant in variants]
    return [
        Case({key: value.format(v=text) for key, value in template.items()}, label.format(v=name))
        for name, text in pairs
    ]


def tools(template: dict[str, str]) -> list[Case]:
    return [
        Case({key: value.format(kind=kind, ref=ref) for key, value in template.items()}, kind)
        for kind, ref in TOOL_KINDS
    ]


def cases_of(entry: list[Case | dict[str, str]]) -> list[Case]:
    return [case if isinstance(case, Case) else Case(case) for case in entry]


NET = {"slug": "{v}_network"}
LIB_PRACTICE = each({"slug": "{v}practice"}, LIBRARY) + each(
    {"slug": "{v}draft_practice"}, LIBRARY, "{v}_draft"
)
LIB_GUIDE = {"slug": "{v}guide"}
ORG = [{"slug": "org"}]
MSG_KINDS = (*NETS, "group", "direct")
MSG_CONVERSATION = each({"pk": "{v}_conversation"}, MSG_KINDS)
MSG_MESSAGE = each({"pk": "{v}_message"}, MSG_KINDS)

PAGE_PARAMS: dict[str, list[Case | dict[str, str]]] = {
    "healthz": NONE,
    "api:openapi-json": NONE,
    "api:openapi-view": NONE,
    "api:api-root": NONE,
    # community
    "community:home": NONE,
    "community:dashboard": NONE,
    "community:notifications": NONE,
    "community:notification_read": [{"pk": "notification"}],
    "community:notifications_read_all": NONE,
    "community:set_language": NONE,
    "search:index": NONE,
    # accounts
    "accounts:signup": NONE,
    "accounts:verify": [{"token": "bad_token"}],
    "accounts:login": NONE,
    "accounts:logout": NONE,
    "accounts:password_change": NONE,
    "accounts:password_change_done": NONE,
    "accounts:password_reset": NONE,
    "accounts:password_reset_done": NONE,
    "accounts:password_reset_confirm": [
        Case({"uidb64": "member_uidb64", "token": "reset_token"}, "valid"),
        Case({"uidb64": "member_uidb64", "token": "bad_token"}, "bad_token"),
    ],
    "accounts:password_reset_complete": NONE,
    "accounts:profile_edit": NONE,
    "accounts:profile": [{"pk": "member_user"}],
    "accounts:deactivate": NONE,
    "accounts:data": NONE,
    "accounts:data_export": NONE,
    "accounts:delete": NONE,
    "accounts:tokens": NONE,
    "accounts:token_revoke": [{"pk": "token"}],
    # organisations
    "organisations:directory": NONE,
    "organisations:create": NONE,
    "organisations:invitation_accept": [
        Case({"token": "org_invitation_token"}, "valid"),
        Case({"token": "bad_token"}, "bad_token"),
    ],
    "organisations:detail": ORG,
    "organisations:edit": ORG,
    "organisations:verify": ORG,
    "organisations:members": ORG,
    "organisations:member_role": [{"slug": "org", "pk": "org_membership"}],
    "organisations:member_remove": [{"slug": "org", "pk": "org_membership"}],
    "organisations:leave": ORG,
    "organisations:invitation_cancel": [{"slug": "org", "pk": "org_invitation"}],
    "organisations:offering_create": ORG,
    "organisations:offering_edit": [{"slug": "org", "pk": "offering"}],
    "organisations:offering_delete": [{"slug": "org", "pk": "offering"}],
    "organisations:offering_photo_add": [{"slug": "org", "pk": "offering"}],
    "organisations:offering_photo_delete": [{"slug": "org", "pk": "offering", "photo_pk": "offering_photo"}],
    "organisations:inquire": ORG,
    "organisations:inquiries": ORG,
    "organisations:inquiry_status": [{"slug": "org", "pk": "inquiry"}],
    # toolbox
    "toolbox:index": NONE,
    "toolbox:plan_create": NONE,
    "toolbox:plan_detail": [{"pk": "plan"}],
    "toolbox:plan_section": [
        Case({"pk": "plan", "section": "=summary"}, "summary"),
        Case({"pk": "plan", "section": "=nonsense"}, "nonsense"),
    ],
    "toolbox:plan_print": [{"pk": "plan"}],
    "toolbox:plan_markdown": [{"pk": "plan"}],
    "toolbox:cashflow_create": NONE,
    "toolbox:cashflow_detail": [{"pk": "cashflow"}],
    "toolbox:cashflow_settings": [{"pk": "cashflow"}],
    "toolbox:cashflow_line_create": [{"pk": "cashflow"}],
    "toolbox:cashflow_line_edit": [{"pk": "cashflow", "line_pk": "cashflow_line"}],
    "toolbox:cashflow_line_delete": [{"pk": "cashflow", "line_pk": "cashflow_line"}],
    "toolbox:cashflow_export": [{"pk": "cashflow"}],
    "toolbox:cashflow_import": [{"pk": "cashflow"}],
    "toolbox:marketing_create": NONE,
    "toolbox:marketing_detail": [{"pk": "marketing"}],
    "toolbox:marketing_edit": [{"pk": "marketing"}],
    "toolbox:marketing_action_create": [{"pk": "marketing"}],
    "toolbox:marketing_action_edit": [{"pk": "marketing", "action_pk": "marketing_action"}],
    "toolbox:marketing_action_delete": [{"pk": "marketing", "action_pk": "marketing_action"}],
    "toolbox:sharing": [
        *tools({"kind": "={kind}", "pk": "{ref}"}),
        Case({"kind": "=nonsense", "pk": "plan"}, "nonsense"),
    ],
    "toolbox:share_remove": [{"kind": "=plans", "pk": "plan", "share_pk": "plan_share"}],
    "toolbox:delete": tools({"kind": "={kind}", "pk": "{ref}"}),
    # library
    "library:index": NONE,
    "library:export_json": NONE,
    "library:export_csv": NONE,
    "library:create": NONE,
    "library:mine": NONE,
    "library:review_queue": NONE,
    "library:attachment": each({"pk": "{v}attachment"}, LIBRARY),
    "library:guides": NONE,
    "library:guide_create": NONE,
    "library:guide": each(LIB_GUIDE, LIBRARY),
    "library:guide_print": each(LIB_GUIDE, LIBRARY),
    "library:guide_edit": each(LIB_GUIDE, LIBRARY),
    "library:guide_chapter_add": each(LIB_GUIDE, LIBRARY),
    "library:guide_practice_add": each(LIB_GUIDE, LIBRARY),
    "library:guide_item_move": each({"slug": "{v}guide", "pk": "{v}guide_item"}, LIBRARY),
    "library:guide_item_remove": each({"slug": "{v}guide", "pk": "{v}guide_item"}, LIBRARY),
    "library:detail": LIB_PRACTICE,
    "library:edit": LIB_PRACTICE,
    "library:submit": LIB_PRACTICE,
    "library:review": LIB_PRACTICE,
    "library:history": LIB_PRACTICE,
    "library:diff": LIB_PRACTICE,
    "library:comment": LIB_PRACTICE,
    "library:endorse": LIB_PRACTICE,
    "library:adopt": LIB_PRACTICE,
    "library:attachment_add": LIB_PRACTICE,
    "library:attachment_delete": each({"slug": "{v}attachment_practice", "pk": "{v}attachment"}, LIBRARY),
    # forums
    "forums:index": NONE,
    "forums:search": NONE,
    "forums:mark_all_read": NONE,
    "forums:category": each({"slug": "{v}_category"}, (*FORUMS, "private")),
    "forums:topic_new": each({"slug": "{v}_category"}, FORUMS),
    "forums:topic": each({"pk": "{v}_topic"}, (*FORUMS, "private")),
    "forums:reply": each({"pk": "{v}_topic"}, FORUMS),
    "forums:accept_answer": each({"pk": "{v}_topic"}, FORUMS),
    "forums:post": each({"pk": "{v}_post"}, FORUMS),
    "forums:post_edit": each({"pk": "{v}_post"}, FORUMS),
    "forums:post_delete": each({"pk": "{v}_post"}, FORUMS),
    "forums:post_revisions": each({"pk": "{v}_post"}, FORUMS),
    "forums:react": each({"pk": "{v}_post"}, FORUMS),
    "forums:poll_create": each({"topic_pk": "{v}_topic"}, FORUMS),
    "forums:poll_vote": each({"pk": "{v}_poll"}, FORUMS),
    "forums:poll_csv": each({"pk": "{v}_poll"}, FORUMS),
    "forums:topic_watch": each({"pk": "{v}_topic"}, FORUMS),
    "forums:topic_mute": each({"pk": "{v}_topic"}, FORUMS),
    "forums:topic_unsubscribe": each({"pk": "{v}_topic"}, FORUMS),
    "forums:category_watch": each({"slug": "{v}_category"}, FORUMS),
    "forums:category_unwatch": each({"slug": "{v}_category"}, FORUMS),
    "forums:moderation_queue": NONE,
    "forums:moderation_log": NONE,
    **{
        f"forums:topic_{action}": each({"pk": "{v}_topic"}, FORUMS)
        for action in ("pin", "unpin", "lock", "unlock", "move", "hide", "restore")
    },
    "forums:post_hide": each({"pk": "{v}_flagged_post"}, FORUMS),
    "forums:post_restore": each({"pk": "{v}_flagged_post"}, FORUMS),
    "forums:post_flags_dismiss": each({"pk": "{v}_flagged_post"}, FORUMS),
    "forums:post_flag": each({"pk": "{v}_post"}, FORUMS),
    "forums:member_suspend": each({"slug": "{v}_category", "user_pk": "member_user"}, FORUMS),
    "forums:suspension_lift": each({"pk": "{v}_suspension"}, FORUMS),
    # networks
    "networks:index": NONE,
    "networks:create": NONE,
    "networks:board": NONE,
    "networks:post_create": NONE,
    "networks:post_detail": each({"pk": "{v}_board_post"}, NETS),
    "networks:post_edit": each({"pk": "{v}_board_post"}, NETS),
    "networks:post_close": each({"pk": "{v}_board_post"}, NETS),
    "networks:interest": each({"pk": "{v}_board_post"}, NETS),
    "networks:partnership_propose": each({"pk": "{v}_board_post", "interest_pk": "{v}_interest"}, NETS),
    "networks:partnership_detail": each({"pk": "{v}_partnership"}, NETS),
    "networks:invitation_accept": each({"token": "{v}_net_invitation_token"}, NETS),
    "networks:site_indicators": NONE,
    "networks:site_indicators_csv": NONE,
    **{
        f"networks:{name}": each(NET, NETS)
        for name in (
            "detail",
            "edit",
            "members",
            "join",
            "request_join",
            "leave",
            "requests",
            "invite",
            "organisation_add",
            "network_board",
            "partnerships",
            "indicators",
            "indicators_csv",
        )
    },
    "networks:request_approve": each({"slug": "{v}_network", "pk": "{v}_join_request"}, NETS),
    "networks:request_refuse": each({"slug": "{v}_network", "pk": "{v}_join_request"}, NETS),
    "networks:invitation_cancel": each({"slug": "{v}_network", "pk": "{v}_net_invitation"}, NETS),
    "networks:member_role": each({"slug": "{v}_network", "pk": "{v}_membership"}, NETS),
    "networks:member_remove": each({"slug": "{v}_network", "pk": "{v}_membership"}, NETS),
    "networks:ban_lift": each({"slug": "{v}_network", "pk": "{v}_ban"}, NETS),
    "networks:organisation_remove": each({"slug": "{v}_network", "pk": "{v}_org_link"}, NETS),
    # messaging pages
    "messaging:index": NONE,
    "messaging:requests": NONE,
    "messaging:request_accept": each({"pk": "{v}_conversation"}, ("request", "hidden")),
    "messaging:request_refuse": each({"pk": "{v}_conversation"}, ("request", "hidden")),
    "messaging:direct": [{"user_id": "member_user"}],
    "messaging:group_new": NONE,
    **{
        f"messaging:{name}": MSG_CONVERSATION
        for name in ("conversation", "send", "read", "mute", "leave", "members", "members_add", "rename")
    },
    "messaging:member_remove": each({"pk": "{v}_conversation", "user_id": "member_user"}, MSG_KINDS),
    "messaging:message_edit": MSG_MESSAGE,
    "messaging:message_delete": MSG_MESSAGE,
    "messaging:message_react": MSG_MESSAGE,
    "messaging:attachment": each({"pk": "{v}_message_attachment"}, ("direct", "hidden")),
    "messaging:blocks": NONE,
    "messaging:block": [{"user_id": "blocked_user"}],
    "messaging:block_remove": [{"user_id": "blocked_user"}],
    "messaging:settings": NONE,
}

API_NET = each({"slug": "{v}_network"}, NETS)
API_PRACTICE = LIB_PRACTICE
CONVERSATIONS = (*NETS, "group", "direct")
API_CONVERSATION = each({"conversation_id": "{v}_conversation"}, CONVERSATIONS)
API_MESSAGE = each({"message_id": "{v}_message"}, CONVERSATIONS)
API_REQUEST = each({"conversation_id": "{v}_conversation"}, ("request", "hidden"))
API_PARAMS: dict[str, list[Case | dict[str, str]]] = {
    "/api/v1/me": NONE,
    "/api/v1/me/export": NONE,
    "/api/v1/organisations": NONE,
    "/api/v1/organisations/{slug}": ORG,
    "/api/v1/organisations/{slug}/offerings": ORG,
    "/api/v1/organisations/{slug}/offerings/{offering_id}": [{"slug": "org", "offering_id": "offering"}],
    "/api/v1/organisations/{slug}/inquiries": ORG,
    "/api/v1/library/practices": NONE,
    "/api/v1/library/export": NONE,
    "/api/v1/library/practices/{slug}": API_PRACTICE,
    "/api/v1/library/practices/{slug}/submit": API_PRACTICE,
    "/api/v1/library/practices/{slug}/review": API_PRACTICE,
    "/api/v1/library/practices/{slug}/comments": API_PRACTICE,
    "/api/v1/library/practices/{slug}/endorse": API_PRACTICE,
    "/api/v1/library/practices/{slug}/adoptions": API_PRACTICE,
    "/api/v1/networks": NONE,
    "/api/v1/networks/{slug}": API_NET,
    "/api/v1/networks/{slug}/members": API_NET,
    "/api/v1/networks/{slug}/join": API_NET,
    "/api/v1/networks/{slug}/leave": API_NET,
    "/api/v1/networks/{slug}/members/{membership_id}": each(
        {"slug": "{v}_network", "membership_id": "{v}_membership"}, NETS
    ),
    "/api/v1/networks/{slug}/join-requests": API_NET,
    "/api/v1/networks/{slug}/join-requests/{request_id}/{decision}": each(
        {"slug": "{v}_network", "request_id": "{v}_join_request", "decision": "=approve"}, NETS
    ),
    "/api/v1/networks/{slug}/invitations": API_NET,
    "/api/v1/network-invitations/{token}/accept": each({"token": "{v}_net_invitation_token"}, NETS),
    "/api/v1/partnership-posts": NONE,
    "/api/v1/partnership-posts/{post_id}": each({"post_id": "{v}_board_post"}, NETS),
    "/api/v1/partnership-posts/{post_id}/interests": each({"post_id": "{v}_board_post"}, NETS),
    "/api/v1/partnerships": NONE,
    "/api/v1/partnerships/{partnership_id}": each({"partnership_id": "{v}_partnership"}, NETS),
    "/api/v1/forums/categories": NONE,
    "/api/v1/forums/categories/{slug}/topics": each({"slug": "{v}_category"}, (*FORUMS, "private")),
    "/api/v1/forums/topics/{topic_id}": each({"topic_id": "{v}_topic"}, (*FORUMS, "private")),
    "/api/v1/forums/topics/{topic_id}/posts": each({"topic_id": "{v}_topic"}, FORUMS),
    "/api/v1/forums/posts/{post_id}": each({"post_id": "{v}_post"}, FORUMS),
    "/api/v1/forums/posts/{post_id}/reactions": each({"post_id": "{v}_post"}, FORUMS),
    "/api/v1/forums/posts/{post_id}/reactions/{kind}": each({"post_id": "{v}_post", "kind": "=like"}, FORUMS),
    "/api/v1/forums/topics/{topic_id}/accepted-answer": each({"topic_id": "{v}_topic"}, FORUMS),
    "/api/v1/forums/topics/{topic_id}/poll": each({"topic_id": "{v}_topic"}, FORUMS),
    "/api/v1/forums/topics/{topic_id}/poll/vote": each({"topic_id": "{v}_topic"}, FORUMS),
    "/api/v1/forums/posts/{post_id}/flags": each({"post_id": "{v}_post"}, FORUMS),
    "/api/v1/search": NONE,
    "/api/v1/toolbox/plans": NONE,
    "/api/v1/toolbox/plans/{plan_id}": [{"plan_id": "plan"}],
    "/api/v1/toolbox/cashflows": NONE,
    "/api/v1/toolbox/cashflows/{projection_id}": [{"projection_id": "cashflow"}],
    "/api/v1/toolbox/cashflows/{projection_id}/result": [{"projection_id": "cashflow"}],
    "/api/v1/toolbox/marketing": NONE,
    "/api/v1/toolbox/marketing/{plan_id}": [{"plan_id": "marketing"}],
    "/api/v1/messaging/conversations": NONE,
    "/api/v1/messaging/conversations/{conversation_id}": API_CONVERSATION,
    "/api/v1/messaging/direct": NONE,
    "/api/v1/messaging/groups": NONE,
    "/api/v1/messaging/conversations/{conversation_id}/members": API_CONVERSATION,
    "/api/v1/messaging/conversations/{conversation_id}/members/{user_id}": each(
        {"conversation_id": "{v}_conversation", "user_id": "member_user"}, CONVERSATIONS
    ),
    "/api/v1/messaging/conversations/{conversation_id}/leave": API_CONVERSATION,
    "/api/v1/messaging/conversations/{conversation_id}/read": API_CONVERSATION,
    "/api/v1/messaging/conversations/{conversation_id}/mute": API_CONVERSATION,
    "/api/v1/messaging/conversations/{conversation_id}/messages": API_CONVERSATION,
    "/api/v1/messaging/conversations/{conversation_id}/catch-up": API_CONVERSATION,
    "/api/v1/messaging/messages/{message_id}": API_MESSAGE,
    "/api/v1/messaging/messages/{message_id}/reactions": API_MESSAGE,
    "/api/v1/messaging/requests": NONE,
    "/api/v1/messaging/requests/{conversation_id}/accept": API_REQUEST,
    "/api/v1/messaging/requests/{conversation_id}/refuse": API_REQUEST,
    "/api/v1/messaging/blocks": NONE,
    "/api/v1/messaging/blocks/{user_id}": [{"user_id": "blocked_user"}],
    "/api/v1/messaging/settings": NONE,
}

# A body for the API operations that validate it before they ask who is asking: with one that is valid, the
# answer shows what the persona may do, where an empty body would give every persona the same 422. A value
# "@name" is the reference `name` of World.refs, after "{v}" in it is replaced by the case's variant.
API_BODIES: dict[str, dict[str, Any]] = {
    "PATCH /api/v1/forums/posts/{post_id}": {"body": "Una corrección."},
    "POST /api/v1/forums/categories/{slug}/topics": {"title": "Un tema nuevo", "body": "Texto del tema."},
    "POST /api/v1/forums/topics/{topic_id}/posts": {"body": "Otra respuesta."},
    "POST /api/v1/forums/posts/{post_id}/flags": {"reason": "spam"},
    "PUT /api/v1/forums/posts/{post_id}/reactions": {"kind": "thanks"},
    "PUT /api/v1/forums/topics/{topic_id}/accepted-answer": {"post": "@{v}_post"},
    "PUT /api/v1/forums/topics/{topic_id}/poll/vote": {"options": ["@{v}_poll_option"]},
    "POST /api/v1/library/practices/{slug}/adoptions": {"context": "Lo usamos en Loja."},
    "POST /api/v1/library/practices/{slug}/comments": {"body": "Muy útil."},
    "POST /api/v1/library/practices/{slug}/review": {"decision": "publish"},
    "PATCH /api/v1/messaging/conversations/{conversation_id}": {"title": "Otro nombre"},
    "POST /api/v1/messaging/conversations/{conversation_id}/members": {"user_id": "@spare_user"},
    "POST /api/v1/messaging/conversations/{conversation_id}/messages": {
        "client_id": "3f1c2a9e-5b7d-4c8e-9a6f-0d2b4e6a8c10",
        "body": "Hola a todos",
    },
    "POST /api/v1/messaging/conversations/{conversation_id}/read": {"up_to": "@{v}_message"},
    "PUT /api/v1/messaging/conversations/{conversation_id}/mute": {"muted": True},
    "PATCH /api/v1/messaging/messages/{message_id}": {"body": "Corregido"},
    "POST /api/v1/messaging/messages/{message_id}/reactions": {"reaction": "heart"},
    "PATCH /api/v1/networks/{slug}/members/{membership_id}": {"role": "moderator"},
    "POST /api/v1/networks/{slug}/invitations": {"email": "nueva@example.org"},
    "POST /api/v1/organisations/{slug}/offerings": {"name": "Ruta del café"},
    "POST /api/v1/organisations/{slug}/inquiries": {
        "name": "Ana",
        "email": "ana@example.org",
        "message": "¿Tienen sitio en julio?",
    },
}
# The query string of GET operations with a required parameter, for the same reason.
API_QUERIES = {
    "GET /api/v1/messaging/conversations/{conversation_id}/catch-up": "after=0",
    "GET /api/v1/search": "q=hotel",
}

# Tables a GET may write to by design, left out of the "a GET changes nothing" snapshot:
GET_WRITE_EXCLUSIONS = {
    "forums.topicreadstate",  # reading a topic records how far the member has read
    "forums.forumreadmark",  # the first forum visit sets the member's "everything before is read" mark
    "networks.networkvisitmonth",  # the network page counts visits per month for the indicators
    "sessions.session",  # force_login and the messages framework write sessions
    "axes.accessattempt",  # django-axes records login attempts (a GET of the login page does not)
    "axes.accessfailurelog",
    "axes.accesslog",
}

# Routes whose GET writes by design, with the only tables it may change. They run after the snapshot of all
# the other GETs, each with its own snapshot, so a table allowed here stays checked for every other route.
GET_WRITE_ROUTES = {
    # Viewing the newest page of a network conversation records the read position, and a network member's
    # first visit creates their per-member state row for it (messaging.services.read_mark).
    "messaging:conversation": {"messaging.participant"},
}

# Real bugs this crawl found in application code; each entry must still fail (strict), or the test fails.
# check: "5xx" | "hidden" | "get-writes"; route: URL name, "METHOD /api/path", or model label for get-writes.
KNOWN_BUGS: list[dict[str, str]] = []

# Each POST, PUT, PATCH and DELETE runs in a savepoint that is rolled back after it (and the client's cookies
# are put back), so every cell of the expectation table is the answer in the same world: one request's
# change (a leave, a delete, a sign-out) never decides another's answer. GETs are not rolled back: the
# "a GET changes nothing" snapshot needs their writes to be there.


@dataclass(frozen=True)
class Request:
    route: str  # URL name, or "METHOD /api/v1/path"
    method: str
    case: Case
    api: bool

    def url(self, refs: dict[str, Any], *, missing: bool = False) -> str:
        values = {key: value_of(ref, refs, missing=missing) for key, ref in self.case.params.items()}
        if not self.api:
            return reverse(self.route, kwargs=values)
        path = self.route.split(" ", 1)[1]
        for key, value in values.items():
            path = path.replace("{" + key + "}", str(value))
        query = API_QUERIES.get(self.route)
        return f"{path}?{query}" if query else path

    def body(self, refs: dict[str, Any]) -> str:
        def resolve(value: Any) -> Any:
            if isinstance(value, list):
                return [resolve(item) for item in value]
            if isinstance(value, str) and value.startswith("@"):
                return refs[value[1:].format(v=self.case.variant)]
            return value

        return json.dumps({key: resolve(value) for key, value in API_BODIES.get(self.route, {}).items()})

    @property
    def hidden(self) -> bool:
        return any(_probed(ref) for ref in self.case.params.values())

    @property
    def cell(self) -> str:
        """How the expectation table and the failure messages name this request."""
        name = self.route if self.api else f"{self.method} {self.route}"
        return f"{name} [{self.case.variant}]" if self.case.variant else name


def _probed(ref: str) -> bool:
    return "hidden" in ref and not ref.startswith("=") and ref not in BEARER_SECRETS


def value_of(ref: str, refs: dict[str, Any], *, missing: bool) -> Any:
    if ref.startswith("="):
        return ref[1:]
    value = refs[ref]
    if missing and _probed(ref):
        return MISSING_INT if isinstance(value, int) else MISSING_STR
    return value


def page_routes() -> list[tuple[str, str]]:
    """(name, pattern) of every named URL pattern, namespaces included; admin and media left out."""
    found: list[tuple[str, str]] = []

    def walk(patterns, namespace: str | None, prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in SKIPPED_NAMESPACES:
                    continue
                inner = ":".join(filter(None, [namespace, pattern.namespace])) or None
                walk(pattern.url_patterns, inner, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                text = prefix + str(pattern.pattern)
                if text.lstrip("^").startswith((settings.STATIC_URL.strip("/"), "media/", "^media/")):
                    continue
                name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
                if namespace == "api" and name not in API_DOC_ROUTES:
                    continue  # the API's operations come from the OpenAPI schema
                found.append((name or f"<unnamed {text}>", text))

    walk(get_resolver().url_patterns, None, "")
    return found


def api_operations() -> list[tuple[str, str]]:
    """(METHOD, path) of every operation in the published OpenAPI schema."""
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    return [(method.upper(), path) for path, ops in schema["paths"].items() for method in ops]


def requests_to_make() -> tuple[list[Request], list[str]]:
    requests: list[Request] = []
    uncovered: list[str] = []
    for name, text in page_routes():
        if name not in PAGE_PARAMS:
            uncovered.append(f"page {name} ({text})")
            continue
        for case in cases_of(PAGE_PARAMS[name]):
            requests.append(Request(name, "GET", case, api=False))
            requests.append(Request(name, "POST", case, api=False))
    for method, path in api_operations():
        if path not in API_PARAMS:
            uncovered.append(f"api {method} {path}")
            continue
        for case in cases_of(API_PARAMS[path]):
            requests.append(Request(f"{method} {path}", method, case, api=True))
    return requests, sorted(set(uncovered))


def row_counts() -> dict[str, int]:
    return {
        model._meta.label_lower: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.label_lower not in GET_WRITE_EXCLUSIONS
    }


def where(exc: BaseException) -> str:
    """The innermost frame of the project's own code (not the virtualenv) that the exception went through."""
    root = str(Path(settings.BASE_DIR))
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith(root)]
    frames = [f for f in frames if "/.venv/" not in f.filename] or frames
    if not frames:
        return ""
    frame = frames[-1]
    return f" at {Path(frame.filename).relative_to(root)}:{frame.lineno}"


def answer_of(response: Any) -> str:
    """The status code, or "login" for a redirect to the sign-in page (what anonymous visitors get)."""
    redirect = response.status_code in (301, 302, 303, 307, 308)
    if redirect and urlsplit(response["Location"]).path == reverse(settings.LOGIN_URL):
        return LOGIN
    return str(response.status_code)


def send(client: Client, request: Request, url: str, body: str = "{}") -> tuple[str, str, list[str]]:
    """(answer, error, what the Content-Security-Policy refuses); an unsafe method's change is undone."""
    cookies = copy.deepcopy(client.cookies)
    try:
        with transaction.atomic():
            try:
                if request.method == "GET":
                    response = client.get(url)
                elif request.api:
                    response = client.generic(request.method, url, body, content_type="application/json")
                else:
                    response = client.post(url, {})
            finally:
                if request.method != "GET":
                    transaction.set_rollback(True)
    except Exception as exc:  # every unhandled exception is a 500 to report
        return "500", f"{type(exc).__name__}: {str(exc)[:160]}{where(exc)}", []
    finally:
        if request.method != "GET":
            client.cookies = cookies
    return answer_of(response), "", refused_by_policy(response)


def refused_by_policy(response: Any) -> list[str]:
    """What an HTML page carries that its Content-Security-Policy refuses (or a missing policy)."""
    if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
        return []
    problems = inline_code(response.content.decode(response.charset or "utf-8", errors="replace"))
    if "Content-Security-Policy" not in response:
        problems.append("no Content-Security-Policy header")
    return problems


def client_for(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def known_bug(check: str, persona: str, method: str, route: str) -> dict[str, str] | None:
    for bug in KNOWN_BUGS:
        if (bug["check"], bug["persona"], bug["method"], bug["route"]) == (check, persona, method, route):
            return bug
    return None


def test_every_route_has_an_entry_in_the_parameter_table(db):
    _requests, uncovered = requests_to_make()
    assert not uncovered, "new route without an entry in PAGE_PARAMS / API_PARAMS:\n" + "\n".join(uncovered)
    stale = sorted(set(PAGE_PARAMS) - {name for name, _ in page_routes()})
    stale += sorted(set(API_PARAMS) - {path for _, path in api_operations()})
    assert not stale, "entries for routes that no longer exist:\n" + "\n".join(stale)
    for route, entry in {**PAGE_PARAMS, **API_PARAMS}.items():
        variants = [case.variant for case in cases_of(entry)]
        assert len(set(variants)) == len(variants), f"{route}: two cases share a variant name: {variants}"


def test_every_route_has_an_entry_in_the_expectation_table(db):
    """Every route and variant the crawl requests has a declared answer for each persona, and every entry
    of the table still names a route and variant that exist."""
    requests, _uncovered = requests_to_make()
    problems = expectations.check_table({request.cell for request in requests})
    assert not problems, f"{len(problems)} problems in tests/authz_expectations.py:\n" + "\n".join(problems)


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_route_as_persona(db, persona):
    world = build_world()
    refs = world.refs
    requests, _uncovered = requests_to_make()
    client = client_for(world.users[persona])
    probe_hidden = persona in ("anonymous", "outsider")
    failures: list[tuple[str, str, str, str, str]] = []  # (check, method, route, url, detail)
    mismatches: list[str] = []
    answers: dict[tuple[str, str], str] = {}  # (route, variant) -> answer to its GET

    def run(request: Request) -> None:
        url = request.url(refs)
        body = request.body(refs)
        got, error, refused = send(client, request, url, body)
        if request.method == "GET":
            answers[(request.route, request.case.variant)] = got
        if got.startswith("5"):
            failures.append(("5xx", request.method, request.route, url, f"{got} {error}".strip()))
        for problem in refused:
            failures.append(("csp", request.method, request.route, url, problem))
        expected = expectations.expected(request.cell, persona)
        if got != expected and not known_bug("authz", persona, request.method, request.route):
            mismatches.append(f"{request.cell} {url}: expected {expected}, got {got}")
        elif got != expected:
            failures.append(("authz", request.method, request.route, url, f"expected {expected}, got {got}"))
        if probe_hidden and request.hidden:
            missing_url = request.url(refs, missing=True)
            missing, _error, _refused = send(client, request, missing_url, body)
            if got != missing:
                detail = f"hidden object {got} but missing one {missing} ({missing_url})"
                failures.append(("hidden", request.method, request.route, url, detail))

    gets = [r for r in requests if r.method == "GET" and r.route not in GET_WRITE_ROUTES]
    batches = [(gets, set[str]())]
    for route, allowed in sorted(GET_WRITE_ROUTES.items()):
        batches.append(([r for r in requests if r.method == "GET" and r.route == route], allowed))
    for batch, allowed in batches:
        before = row_counts()
        for request in batch:
            run(request)
        after = row_counts()
        for label in sorted(before):
            if label not in allowed and before[label] != after[label]:
                detail = f"{before[label]} rows before the GETs, {after[label]} after"
                failures.append(("get-writes", "GET", label, "", detail))

    for request in requests:
        if request.method != "GET":
            run(request)

    if persona in ("member", "moderator", "owner"):
        for route, variant in sorted(MEMBERS_SEE):
            got = answers[(route, variant)]
            assert got == "200", f"{persona} should see {route} [{variant}], got {got}"

    unexpected, expected = [], set()
    for check, method, route, url, detail in failures:
        bug = known_bug(check, persona, method, route)
        if bug is None:
            unexpected.append(f"[{check}] {persona} {method} {route} {url}: {detail}")
        else:
            expected.add(bug["reason"])
    fixed = [
        f"[{b['check']}] {b['persona']} {b['method']} {b['route']}: {b['reason']}"
        for b in KNOWN_BUGS
        if b["persona"] == persona and b["reason"] not in expected
    ]
    report = []
    if mismatches:
        report += [f"{len(mismatches)} answers differ from tests/authz_expectations.py:", *mismatches]
    if unexpected:
        report += [f"{len(unexpected)} other failures:", *unexpected]
    assert not report, f"as {persona}:\n" + "\n".join(report)
    assert not fixed, "known bugs that no longer happen (remove them from KNOWN_BUGS):\n" + "\n".join(fixed)
    if expected:
        pytest.xfail("known bugs: " + "; ".join(sorted(expected)))
