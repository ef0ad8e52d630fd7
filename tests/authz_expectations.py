"""The authorisation matrix: what each persona must get from every route, for each way of filling it.

tests/test_route_crawl.py requests every URL pattern (GET and POST) and every API operation, as each persona
of tests/route_objects.py, against the objects of the same world (each POST, PUT, PATCH and DELETE is rolled
back after it), and compares every answer with this table. A route or variant missing here fails the test,
and so does an entry for one that no longer exists.

A row is six answers, in the order of PERSONAS:

    anonymous  outsider  member  moderator  owner  staff

An answer is an exact status code, or "login" for a redirect to the sign-in page. Pages answer anonymous
visitors with "login" where an account is needed, the API with 401. Missing and not-yours-to-see answer the
same 404; 403 is for something the persona may see but not do. A POST (or API write) carries an empty form,
or the body of API_BODIES in the crawl: 200 with a form re-rendered, 400 or 422 for refused input and 302
after a change are "allowed"; "login", 401, 403 and 404 are "refused".

A rule is a row, or a dict from variant to row (helpers below fill the usual variants). For pages, `page()`
gives the GET rule and the POST rule.

To add a route: add its parameters to PAGE_PARAMS or API_PARAMS in the crawl, then an entry here with the
answers the product should give (work them out from the app's permissions.py, not from a test run), and run
`pytest tests/test_route_crawl.py`: each difference is listed with the answer the code gave.
"""

from typing import Any

from tests.route_objects import PERSONAS

LOGIN = "login"
ANSWERS = {LOGIN, "200", "201", "204", "302", "400", "401", "403", "404", "405", "422"}

# Rows used across the site.
EVERYONE = "200 200 200 200 200 200"
SIGNED_IN = "login 200 200 200 200 200"
SIGNED_OUT = "200 302 302 302 302 302"  # sign-in and sign-up send a signed-in person on
NOT_FOUND = "404 404 404 404 404 404"
POST_ONLY = "login 405 405 405 405 405"  # a GET of an action that needs an account
POST_ONLY_OPEN = "405 405 405 405 405 405"
DONE_SIGNED_IN = "login 302 302 302 302 302"  # an action on the persona's own things
STAFF_ONLY = "login 403 403 403 403 200"
API_SIGNED_IN = "401 200 200 200 200 200"
API_INVALID = "401 422 422 422 422 422"  # a create whose body is refused (its permission is signing in)


def same(answer: str) -> str:
    return " ".join([answer] * len(PERSONAS))


def nets(public: str, private: str | None = None, hidden: str | None = None) -> dict[str, str]:
    """The public, private and hidden networks' objects; private defaults to public, hidden to private."""
    private = private or public
    return {"public": public, "private": private, "hidden": hidden or private}


def forum(site: str, network: str, *, private: str | None = None) -> dict[str, str]:
    """A site-wide category's objects, and those of the public and hidden networks' categories (members only),
    with the private network's where the crawl asks for it."""
    rule = {"site": site, "public": network, "hidden": network}
    if private is not None:
        rule["private"] = private
    return rule


def library(site: str, network: str, draft: str, *, hidden: str | None = None) -> dict[str, str]:
    """A site-wide practice, one in the private and one in the hidden network, and a draft of each."""
    return {
        "site": site,
        "private": network,
        "hidden": hidden or network,
        "site_draft": draft,
        "private_draft": draft,
        "hidden_draft": draft,
    }


def guides(site: str, network: str) -> dict[str, str]:
    return {"site": site, "private": network, "hidden": network}


def conversations(network: str, personal: str, *, group: str | None = None) -> dict[str, str]:
    """The three networks' conversations, the group conversation and the direct one."""
    return {
        "public": network,
        "private": network,
        "hidden": network,
        "group": group or personal,
        "direct": personal,
    }


def tools(cashflow: str, marketing: str | None = None, plans: str | None = None) -> dict[str, str]:
    return {"cashflow": cashflow, "marketing": marketing or cashflow, "plans": plans or cashflow}


def page(get: Any, post: Any) -> dict[str, Any]:
    return {"GET": get, "POST": post}


# Networks: a public one's content is everyone's; a private one's existence is public and its content for
# members; a hidden one is a 404 to whoever is not a member. Owners and moderators run them; site staff
# may do whatever they do.
NET_CONTENT = nets(EVERYONE, "404 404 200 200 200 200")
NET_MODERATE = nets("login 403 403 200 200 200", hidden="login 404 403 200 200 200")
NET_MODERATE_DONE = nets("login 403 403 302 302 302", hidden="login 404 403 302 302 302")
NET_ACT = nets(DONE_SIGNED_IN, hidden="login 404 302 302 302 302")  # join, leave: answered on the page
API_NET_MODERATE = nets("401 403 403 200 200 200", hidden="401 404 403 200 200 200")
# Board posts (the owner's, in each network): the author and the network's moderators edit them.
POST_EDIT = nets("login 403 403 200 200 200", "login 404 403 200 200 200")
POST_DONE = nets("login 403 403 302 302 302", "login 404 403 302 302 302")

# Forums: the site category reads for everyone, the network categories for the network's members; the
# moderator persona moderates all three, the owner the two network ones (as the network's owner).
FORUM_READ = forum(EVERYONE, "404 404 200 200 200 200", private="404 404 200 200 200 200")
FORUM_MODERATE = forum("login 403 403 200 403 200", "login 404 403 200 200 200")


def forum_moderate_post(answer: str) -> dict[str, str]:
    """A moderation POST with an empty form: `answer` for the moderators (302 done, 400 refused input)."""
    return forum(f"login 403 403 {answer} 403 {answer}", f"login 404 403 {answer} {answer} {answer}")


def forum_signed_in(answer: str) -> dict[str, str]:
    """An action any reader with an account may take."""
    everyone, readers = (
        f"{answer} {answer} {answer} {answer} {answer}",
        f"{answer} {answer} {answer} {answer}",
    )
    return forum(f"login {everyone}", f"login 404 {readers}")


def forum_readers_first(answer: str) -> dict[str, str]:
    """Follow / mute views look the object up before asking for an account: 404 to whoever cannot read it."""
    everyone, readers = (
        f"{answer} {answer} {answer} {answer} {answer}",
        f"{answer} {answer} {answer} {answer}",
    )
    return forum(f"login {everyone}", f"404 404 {readers}")


# The library: the owner persona wrote every practice; staff are library editors; the moderators review
# their network's submitted practices; drafts are their authors' alone.
LIB_READ = library(EVERYONE, "404 404 200 200 200 200", "404 404 404 404 200 404")
LIB_AUTHOR_EDIT = library(
    "login 403 403 403 200 200", "login 404 403 403 200 200", "login 404 404 404 200 404"
)
LIB_REACT_PAGE = library(
    "login 400 400 400 400 400", "login 404 400 400 400 400", "login 404 404 404 400 404"
)
LIB_ENDORSE_PAGE = library(DONE_SIGNED_IN, "login 404 302 302 302 302", "login 404 404 404 403 404")
LIB_REVIEW = library("login 403 403 403 403 403", "login 404 403 403 403 403", "login 404 404 404 403 404")
LIB_SUBMIT = library("login 403 403 403 403 403", "login 404 403 403 403 403", "login 404 404 404 302 404")
LIB_ACTION_GET = library(POST_ONLY, POST_ONLY, POST_ONLY)
API_LIB_READ = library(EVERYONE, "404 404 200 200 200 200", "404 404 404 404 200 404")
API_LIB_REACT = library("401 201 201 201 201 201", "401 404 201 201 201 201", "401 404 404 404 403 404")
# Guides: the site-wide one is an editor's unpublished guide (staff); each network's is its owner's
# unpublished guide, which its moderators may see and edit too.
GUIDE_READ = guides("404 404 404 404 404 200", "404 404 404 200 200 404")
GUIDE_EDIT = guides("login 404 404 404 404 200", "login 404 404 200 200 404")


def guide_post(answer: str) -> dict[str, str]:
    return guides(f"login 404 404 404 404 {answer}", f"login 404 404 {answer} {answer} 404")


# Toolbox: the owner persona's tools; the business plan is shared with the member persona to read.
TOOL_OWNER = "login 404 404 404 200 404"
PLAN_READ = "login 404 200 404 200 404"


def tool_owner_post(answer: str) -> str:
    return f"login 404 404 404 {answer} 404"


# Organisation: the owner persona owns it, the member persona belongs to it; staff manage every organisation.
ORG_MANAGE = "login 403 403 403 200 200"
ORG_MANAGE_DONE = "login 403 403 403 302 302"
API_ORG_MANAGE = "401 403 403 403 200 200"

# Messaging: a network's conversation belongs to the network's members (staff are not members); the group
# (the owner administers it) and the direct conversation to their participants.
CONV_READ = conversations("login 404 200 200 200 404", PLAN_READ)


def conv_post(network: str, personal: str, group: str | None = None) -> dict[str, str]:
    return conversations(network, personal, group=group)


def api_conv(answer: str) -> dict[str, str]:
    return conversations(f"401 404 {answer} {answer} {answer} 404", f"401 404 {answer} 404 {answer} 404")


PAGES: dict[str, dict[str, Any]] = {
    "healthz": page(EVERYONE, EVERYONE),
    "api:openapi-json": page(EVERYONE, EVERYONE),
    "api:openapi-view": page(EVERYONE, EVERYONE),
    "api:api-root": page(NOT_FOUND, NOT_FOUND),
    # community
    "community:home": page(EVERYONE, EVERYONE),
    "community:dashboard": page(SIGNED_IN, SIGNED_IN),
    "community:notifications": page(SIGNED_IN, SIGNED_IN),
    # Marks only the persona's own notification: for everyone else it changes nothing.
    "community:notification_read": page(POST_ONLY, DONE_SIGNED_IN),
    "community:notifications_read_all": page(POST_ONLY, DONE_SIGNED_IN),
    "community:set_language": page(POST_ONLY_OPEN, same("302")),
    "search:index": page(EVERYONE, EVERYONE),
    # accounts
    "accounts:signup": page(SIGNED_OUT, SIGNED_OUT),
    "accounts:verify": page(EVERYONE, same("400")),
    "accounts:login": page(SIGNED_OUT, SIGNED_OUT),
    "accounts:logout": page(POST_ONLY_OPEN, same("302")),
    "accounts:password_change": page(SIGNED_IN, SIGNED_IN),
    "accounts:password_change_done": page(SIGNED_IN, POST_ONLY),
    "accounts:password_reset": page(EVERYONE, EVERYONE),
    "accounts:password_reset_done": page(EVERYONE, POST_ONLY_OPEN),
    # The member persona's reset link: it opens the form for the member; anyone else is sent on.
    "accounts:password_reset_confirm": page(
        {"valid": "302 302 200 302 302 302", "bad_token": EVERYONE},
        {"valid": "302 302 200 302 302 302", "bad_token": EVERYONE},
    ),
    "accounts:password_reset_complete": page(EVERYONE, POST_ONLY_OPEN),
    "accounts:profile_edit": page(SIGNED_IN, SIGNED_IN),
    "accounts:profile": page(SIGNED_IN, SIGNED_IN),
    "accounts:deactivate": page(SIGNED_IN, SIGNED_IN),
    "accounts:data": page(SIGNED_IN, SIGNED_IN),
    "accounts:data_export": page(POST_ONLY, SIGNED_IN),
    "accounts:delete": page(SIGNED_IN, SIGNED_IN),
    "accounts:tokens": page(SIGNED_IN, SIGNED_IN),
    # The owner's token: only the owner's own tokens can be revoked, anyone else's request changes nothing.
    "accounts:token_revoke": page(POST_ONLY, DONE_SIGNED_IN),
    # organisations
    "organisations:directory": page(EVERYONE, EVERYONE),
    "organisations:create": page(SIGNED_IN, SIGNED_IN),
    "organisations:invitation_accept": page(
        {"valid": EVERYONE, "bad_token": NOT_FOUND},
        {"valid": SIGNED_IN, "bad_token": NOT_FOUND},
    ),
    "organisations:detail": page(EVERYONE, EVERYONE),
    "organisations:edit": page(ORG_MANAGE, ORG_MANAGE),
    "organisations:verify": page(POST_ONLY, "login 403 403 403 403 302"),
    # Members see the member list; inviting (its POST) is for the owners and administrators.
    "organisations:members": page("login 403 200 403 200 200", ORG_MANAGE),
    "organisations:member_role": page(POST_ONLY, ORG_MANAGE_DONE),
    "organisations:member_remove": page(POST_ONLY, ORG_MANAGE_DONE),
    # Leaving is for members; the last owner is told why not (on the page it is sent back to).
    "organisations:leave": page(POST_ONLY, "login 403 302 403 302 403"),
    "organisations:invitation_cancel": page(POST_ONLY, ORG_MANAGE_DONE),
    "organisations:offering_create": page(ORG_MANAGE, ORG_MANAGE),
    "organisations:offering_edit": page(ORG_MANAGE, ORG_MANAGE),
    "organisations:offering_delete": page(POST_ONLY, ORG_MANAGE_DONE),
    "organisations:offering_photo_add": page(ORG_MANAGE, "login 403 403 403 400 400"),
    "organisations:offering_photo_delete": page(POST_ONLY, ORG_MANAGE_DONE),
    "organisations:inquire": page(POST_ONLY_OPEN, same("400")),
    # Inquiries are answered by the organisation's members; site staff do not read them.
    "organisations:inquiries": page("login 403 200 403 200 403", "login 403 200 403 200 403"),
    "organisations:inquiry_status": page(POST_ONLY, "login 403 400 403 400 403"),
    # toolbox
    "toolbox:index": page(SIGNED_IN, SIGNED_IN),
    "toolbox:plan_create": page(SIGNED_IN, SIGNED_IN),
    "toolbox:plan_detail": page(PLAN_READ, PLAN_READ),
    "toolbox:plan_section": page(
        {"summary": POST_ONLY, "nonsense": POST_ONLY},
        {"summary": "login 404 403 404 302 404", "nonsense": "login 404 404 404 404 404"},
    ),
    "toolbox:plan_print": page(PLAN_READ, PLAN_READ),
    "toolbox:plan_markdown": page(PLAN_READ, PLAN_READ),
    "toolbox:cashflow_create": page(SIGNED_IN, SIGNED_IN),
    "toolbox:cashflow_detail": page(TOOL_OWNER, TOOL_OWNER),
    "toolbox:cashflow_settings": page(TOOL_OWNER, TOOL_OWNER),
    "toolbox:cashflow_line_create": page(TOOL_OWNER, TOOL_OWNER),
    "toolbox:cashflow_line_edit": page(TOOL_OWNER, TOOL_OWNER),
    "toolbox:cashflow_line_delete": page(POST_ONLY, tool_owner_post("302")),
    "toolbox:cashflow_export": page(TOOL_OWNER, TOOL_OWNER),
    "toolbox:cashflow_import": page(TOOL_OWNER, TOOL_OWNER),
    "toolbox:marketing_create": page(SIGNED_IN, SIGNED_IN),
    "toolbox:marketing_detail": page(TOOL_OWNER, TOOL_OWNER),
    "toolbox:marketing_edit": page(TOOL_OWNER, TOOL_OWNER),
    "toolbox:marketing_action_create": page(TOOL_OWNER, TOOL_OWNER),
    "toolbox:marketing_action_edit": page(TOOL_OWNER, TOOL_OWNER),
    "toolbox:marketing_action_delete": page(POST_ONLY, tool_owner_post("302")),
    # Sharing is the editors' business: the member reads the shared plan but may not share it on.
    "toolbox:sharing": page(
        {**tools(TOOL_OWNER, plans="login 404 403 404 200 404"), "nonsense": "login 404 404 404 404 404"},
        {**tools(TOOL_OWNER, plans="login 404 403 404 200 404"), "nonsense": "login 404 404 404 404 404"},
    ),
    "toolbox:share_remove": page(POST_ONLY, "login 404 403 404 302 404"),
    "toolbox:delete": page(
        tools(POST_ONLY), tools(tool_owner_post("302"), plans="login 404 403 404 302 404")
    ),
    # library
    "library:index": page(EVERYONE, EVERYONE),
    "library:export_json": page(EVERYONE, EVERYONE),
    "library:export_csv": page(EVERYONE, EVERYONE),
    "library:create": page(SIGNED_IN, SIGNED_IN),
    "library:mine": page(SIGNED_IN, SIGNED_IN),
    "library:review_queue": page(SIGNED_IN, SIGNED_IN),
    "library:attachment": page(
        guides(EVERYONE, "404 404 200 200 200 200"), guides(EVERYONE, "404 404 200 200 200 200")
    ),
    "library:guides": page(EVERYONE, EVERYONE),
    "library:guide_create": page(STAFF_ONLY, STAFF_ONLY),
    "library:guide": page(GUIDE_READ, GUIDE_READ),
    "library:guide_print": page(GUIDE_READ, GUIDE_READ),
    "library:guide_edit": page(GUIDE_EDIT, GUIDE_EDIT),
    "library:guide_chapter_add": page(guides(POST_ONLY, POST_ONLY), guide_post("400")),
    "library:guide_practice_add": page(guides(POST_ONLY, POST_ONLY), guide_post("400")),
    "library:guide_item_move": page(guides(POST_ONLY, POST_ONLY), guide_post("302")),
    "library:guide_item_remove": page(guides(POST_ONLY, POST_ONLY), guide_post("302")),
    "library:detail": page(LIB_READ, LIB_READ),
    "library:edit": page(LIB_AUTHOR_EDIT, LIB_AUTHOR_EDIT),
    "library:submit": page(LIB_ACTION_GET, LIB_SUBMIT),
    # Nobody reviews these: the published ones and the drafts are not waiting for review.
    "library:review": page(LIB_REVIEW, LIB_REVIEW),
    "library:history": page(LIB_READ, LIB_READ),
    # The diff needs the two versions in its query string: without them it is not found.
    "library:diff": page(library(NOT_FOUND, NOT_FOUND, NOT_FOUND), library(NOT_FOUND, NOT_FOUND, NOT_FOUND)),
    "library:comment": page(LIB_ACTION_GET, LIB_REACT_PAGE),
    "library:endorse": page(LIB_ACTION_GET, LIB_ENDORSE_PAGE),
    "library:adopt": page(LIB_ACTION_GET, LIB_REACT_PAGE),
    "library:attachment_add": page(
        LIB_ACTION_GET,
        library("login 403 403 403 400 400", "login 404 403 403 400 400", "login 404 404 404 400 404"),
    ),
    "library:attachment_delete": page(
        guides(POST_ONLY, POST_ONLY),
        guides("login 403 403 403 302 302", "login 404 403 403 302 302"),
    ),
    # forums
    "forums:index": page(EVERYONE, EVERYONE),
    "forums:search": page(EVERYONE, EVERYONE),
    "forums:mark_all_read": page(POST_ONLY, DONE_SIGNED_IN),
    "forums:category": page(FORUM_READ, FORUM_READ),
    "forums:topic_new": page(forum_signed_in("200"), forum_signed_in("200")),
    "forums:topic": page(FORUM_READ, FORUM_READ),
    "forums:reply": page(forum_signed_in("302"), forum_signed_in("400")),
    # The category is no Q&A category: nobody accepts answers in it.
    "forums:accept_answer": page(forum(POST_ONLY, POST_ONLY), forum_signed_in("400")),
    # A post's address sends the reader to its place in the topic.
    "forums:post": page(
        forum(same("302"), "404 404 302 302 302 302"), forum(same("302"), "404 404 302 302 302 302")
    ),
    # The member persona wrote the reply: the author and the moderators edit and delete it.
    "forums:post_edit": page(
        forum("login 403 200 200 403 200", "login 404 200 200 200 200"),
        forum("login 403 200 200 403 200", "login 404 200 200 200 200"),
    ),
    "forums:post_delete": page(
        forum(POST_ONLY, POST_ONLY), forum("login 403 302 302 403 302", "login 404 302 302 302 302")
    ),
    "forums:post_revisions": page(
        forum(EVERYONE, "404 404 200 200 200 200"), forum(EVERYONE, "404 404 200 200 200 200")
    ),
    "forums:react": page(forum(POST_ONLY, POST_ONLY), forum_signed_in("400")),
    # The member persona wrote the topic: its author and the moderators add polls and export the results.
    "forums:poll_create": page(
        forum("login 403 302 302 403 302", "login 404 302 302 302 302"),
        forum("login 403 302 302 403 302", "login 404 302 302 302 302"),
    ),
    "forums:poll_vote": page(forum(POST_ONLY_OPEN, POST_ONLY_OPEN), forum_readers_first("302")),
    "forums:poll_csv": page(
        forum("403 403 200 200 403 200", "404 404 200 200 200 200"),
        forum("403 403 200 200 403 200", "404 404 200 200 200 200"),
    ),
    "forums:topic_watch": page(forum(POST_ONLY_OPEN, POST_ONLY_OPEN), forum_readers_first("302")),
    "forums:topic_mute": page(forum(POST_ONLY_OPEN, POST_ONLY_OPEN), forum_readers_first("302")),
    "forums:topic_unsubscribe": page(forum(POST_ONLY_OPEN, POST_ONLY_OPEN), forum_readers_first("302")),
    "forums:category_watch": page(forum(POST_ONLY_OPEN, POST_ONLY_OPEN), forum_readers_first("302")),
    "forums:category_unwatch": page(forum(POST_ONLY_OPEN, POST_ONLY_OPEN), forum_readers_first("302")),
    # Any moderator of a category the persona moderates (staff: all of them) works on the queue.
    "forums:moderation_queue": page("login 403 403 200 200 200", "login 403 403 200 200 200"),
    "forums:moderation_log": page("login 403 403 200 200 200", "login 403 403 200 200 200"),
    # Moderation: pinning and locking need no input; hiding and moving need a reason or a target; a topic
    # that is not pinned, locked or hidden cannot be unpinned, unlocked or restored.
    "forums:topic_pin": page(FORUM_MODERATE, forum_moderate_post("302")),
    "forums:topic_unpin": page(FORUM_MODERATE, forum_moderate_post("400")),
    "forums:topic_lock": page(FORUM_MODERATE, forum_moderate_post("302")),
    "forums:topic_unlock": page(FORUM_MODERATE, forum_moderate_post("400")),
    "forums:topic_move": page(FORUM_MODERATE, forum_moderate_post("400")),
    "forums:topic_hide": page(FORUM_MODERATE, forum_moderate_post("400")),
    "forums:topic_restore": page(FORUM_MODERATE, forum_moderate_post("400")),
    "forums:post_hide": page(FORUM_MODERATE, forum_moderate_post("400")),
    "forums:post_restore": page(FORUM_MODERATE, forum_moderate_post("400")),
    "forums:post_flags_dismiss": page(FORUM_MODERATE, forum_moderate_post("302")),
    # Anyone who reads the post may flag it, except its author (the member persona).
    "forums:post_flag": page(
        forum("login 200 403 200 200 200", "login 404 403 200 200 200"),
        forum("login 400 403 400 400 400", "login 404 403 400 400 400"),
    ),
    "forums:member_suspend": page(FORUM_MODERATE, forum_moderate_post("400")),
    "forums:suspension_lift": page(FORUM_MODERATE, forum_moderate_post("302")),
    # networks
    "networks:index": page(EVERYONE, EVERYONE),
    "networks:create": page(SIGNED_IN, SIGNED_IN),
    "networks:board": page(EVERYONE, EVERYONE),
    "networks:post_create": page(SIGNED_IN, SIGNED_IN),
    "networks:post_detail": page(NET_CONTENT, NET_CONTENT),
    "networks:post_edit": page(POST_EDIT, POST_EDIT),
    "networks:post_close": page(nets(POST_ONLY), POST_DONE),
    # Interest is answered on the post's page (the member already said so; the owner wrote it).
    "networks:interest": page(nets(POST_ONLY), nets(DONE_SIGNED_IN, "login 404 302 302 302 302")),
    # Proposing from a post: its author, an administrator of its organisation (both the owner), and staff.
    "networks:partnership_propose": page(
        nets(POST_ONLY), nets("login 403 403 403 302 302", "login 404 403 403 302 302")
    ),
    # The partnerships are proposed, not yet confirmed: their parties' members and the network's moderators.
    "networks:partnership_detail": page(nets("404 404 200 200 200 200"), nets("404 404 200 200 200 200")),
    # A valid invitation token shows the invitation, whatever the network; accepting needs an account.
    "networks:invitation_accept": page(nets(EVERYONE), nets("login 400 400 400 400 400")),
    "networks:site_indicators": page(STAFF_ONLY, STAFF_ONLY),
    "networks:site_indicators_csv": page(STAFF_ONLY, STAFF_ONLY),
    "networks:detail": page(
        nets(EVERYONE, hidden="404 404 200 200 200 200"), nets(EVERYONE, hidden="404 404 200 200 200 200")
    ),
    "networks:edit": page(NET_MODERATE, NET_MODERATE),
    "networks:members": page(NET_CONTENT, NET_CONTENT),
    "networks:join": page(nets(POST_ONLY), NET_ACT),
    "networks:request_join": page(nets(POST_ONLY), NET_ACT),
    "networks:leave": page(nets(POST_ONLY), NET_ACT),
    "networks:requests": page(NET_MODERATE, NET_MODERATE),
    "networks:invite": page(NET_MODERATE, NET_MODERATE),
    "networks:organisation_add": page(nets(POST_ONLY), NET_ACT),
    "networks:network_board": page(NET_CONTENT, NET_CONTENT),
    "networks:partnerships": page(NET_CONTENT, NET_CONTENT),
    "networks:indicators": page(NET_MODERATE, NET_MODERATE),
    "networks:indicators_csv": page(NET_MODERATE, NET_MODERATE),
    "networks:request_approve": page(nets(POST_ONLY), NET_MODERATE_DONE),
    "networks:request_refuse": page(nets(POST_ONLY), NET_MODERATE_DONE),
    "networks:invitation_cancel": page(nets(POST_ONLY), NET_MODERATE_DONE),
    "networks:member_role": page(nets(POST_ONLY), NET_MODERATE_DONE),
    "networks:member_remove": page(nets(POST_ONLY), NET_MODERATE_DONE),
    "networks:ban_lift": page(nets(POST_ONLY), NET_MODERATE_DONE),
    "networks:organisation_remove": page(nets(POST_ONLY), NET_MODERATE_DONE),
    # messaging pages
    "messaging:index": page(SIGNED_IN, SIGNED_IN),
    "messaging:requests": page(SIGNED_IN, SIGNED_IN),
    # The request is the member persona's to answer; a network conversation is no request (sent back).
    "messaging:request_accept": page(
        {"request": POST_ONLY, "hidden": POST_ONLY},
        {"request": "login 404 302 404 404 404", "hidden": "login 404 302 302 302 404"},
    ),
    "messaging:request_refuse": page(
        {"request": POST_ONLY, "hidden": POST_ONLY},
        {"request": "login 404 302 404 404 404", "hidden": "login 404 302 302 302 404"},
    ),
    "messaging:direct": page(POST_ONLY, DONE_SIGNED_IN),
    "messaging:group_new": page(SIGNED_IN, "login 400 400 400 400 400"),
    "messaging:conversation": page(
        CONV_READ, conv_post("login 404 400 400 400 404", "login 404 400 404 400 404")
    ),
    "messaging:send": page(
        conv_post(POST_ONLY, POST_ONLY), conv_post("login 404 400 400 400 404", "login 404 400 404 400 404")
    ),
    "messaging:read": page(
        conv_post(POST_ONLY, POST_ONLY), conv_post("login 404 400 400 400 404", "login 404 400 404 400 404")
    ),
    "messaging:mute": page(
        conv_post(POST_ONLY, POST_ONLY), conv_post("login 404 400 400 400 404", "login 404 400 404 400 404")
    ),
    # Leaving a network's conversation is leaving the network: the page says so and sends the member back.
    "messaging:leave": page(
        conv_post(POST_ONLY, POST_ONLY), conv_post("login 404 302 302 302 404", "login 404 302 404 302 404")
    ),
    # Only a group has a member list, managed by its administrators (the owner).
    "messaging:members": page(
        conv_post("login 404 404 404 404 404", "login 404 404 404 404 404", group=PLAN_READ),
        conv_post("login 404 404 404 404 404", "login 404 404 404 404 404", group=PLAN_READ),
    ),
    "messaging:members_add": page(
        conv_post(POST_ONLY, POST_ONLY),
        conv_post(
            "login 404 404 404 404 404", "login 404 404 404 404 404", group="login 404 403 404 400 404"
        ),
    ),
    "messaging:rename": page(
        conv_post(POST_ONLY, POST_ONLY),
        conv_post(
            "login 404 404 404 404 404", "login 404 404 404 404 404", group="login 404 403 404 400 404"
        ),
    ),
    "messaging:member_remove": page(
        conv_post(POST_ONLY, POST_ONLY),
        conv_post(
            "login 404 404 404 404 404", "login 404 404 404 404 404", group="login 404 403 404 302 404"
        ),
    ),
    # The member persona wrote every message: only the author changes one.
    "messaging:message_edit": page(
        conv_post("login 404 200 403 403 404", "login 404 200 404 403 404"),
        conv_post("login 404 400 403 403 404", "login 404 400 404 403 404"),
    ),
    "messaging:message_delete": page(
        conv_post(POST_ONLY, POST_ONLY),
        conv_post("login 404 302 403 403 404", "login 404 302 404 403 404"),
    ),
    "messaging:message_react": page(
        conv_post(POST_ONLY, POST_ONLY),
        conv_post("login 404 302 302 302 404", "login 404 302 404 302 404"),
    ),
    "messaging:attachment": page(
        {"direct": PLAN_READ, "hidden": "login 404 200 200 200 404"},
        {"direct": PLAN_READ, "hidden": "login 404 200 200 200 404"},
    ),
    "messaging:blocks": page(SIGNED_IN, SIGNED_IN),
    "messaging:block": page(POST_ONLY, DONE_SIGNED_IN),
    "messaging:block_remove": page(POST_ONLY, DONE_SIGNED_IN),
    "messaging:settings": page(SIGNED_IN, DONE_SIGNED_IN),
}

API: dict[str, Any] = {
    # accounts and organisations
    "GET /api/v1/me": API_SIGNED_IN,
    "GET /api/v1/me/export": API_SIGNED_IN,
    "GET /api/v1/organisations": EVERYONE,
    "POST /api/v1/organisations": API_INVALID,
    "GET /api/v1/organisations/{slug}": EVERYONE,
    "PATCH /api/v1/organisations/{slug}": API_ORG_MANAGE,
    "GET /api/v1/organisations/{slug}/offerings": EVERYONE,
    "POST /api/v1/organisations/{slug}/offerings": "401 403 403 403 201 201",
    "PATCH /api/v1/organisations/{slug}/offerings/{offering_id}": API_ORG_MANAGE,
    "DELETE /api/v1/organisations/{slug}/offerings/{offering_id}": "401 403 403 403 204 204",
    "GET /api/v1/organisations/{slug}/inquiries": "401 403 200 403 200 403",
    "POST /api/v1/organisations/{slug}/inquiries": same("201"),
    # library
    "GET /api/v1/library/practices": EVERYONE,
    "POST /api/v1/library/practices": API_INVALID,
    "GET /api/v1/library/export": EVERYONE,
    "GET /api/v1/library/practices/{slug}": API_LIB_READ,
    "PATCH /api/v1/library/practices/{slug}": library(
        "401 403 403 403 200 200", "401 404 403 403 200 200", "401 404 404 404 200 404"
    ),
    "POST /api/v1/library/practices/{slug}/submit": library(
        "401 403 403 403 403 403", "401 404 403 403 403 403", "401 404 404 404 200 404"
    ),
    "POST /api/v1/library/practices/{slug}/review": library(
        "401 403 403 403 403 403", "401 404 403 403 403 403", "401 404 404 404 403 404"
    ),
    "POST /api/v1/library/practices/{slug}/comments": API_LIB_REACT,
    # Endorsing one's own practice (the owner wrote them all) is refused input.
    "POST /api/v1/library/practices/{slug}/endorse": library(
        "401 200 200 200 422 200", "401 404 200 200 422 200", "401 404 404 404 403 404"
    ),
    "POST /api/v1/library/practices/{slug}/adoptions": API_LIB_REACT,
    # networks
    "GET /api/v1/networks": EVERYONE,
    "POST /api/v1/networks": API_INVALID,
    "GET /api/v1/networks/{slug}": nets(EVERYONE, hidden="404 404 200 200 200 200"),
    "PATCH /api/v1/networks/{slug}": API_NET_MODERATE,
    "GET /api/v1/networks/{slug}/members": NET_CONTENT,
    # The networks take requests, not direct joins.
    "POST /api/v1/networks/{slug}/join": nets("401 403 403 403 403 403", hidden="401 404 403 403 403 403"),
    # The last owner may not leave; staff are no members.
    "POST /api/v1/networks/{slug}/leave": nets("401 422 204 204 422 422", hidden="401 404 204 204 422 422"),
    "PATCH /api/v1/networks/{slug}/members/{membership_id}": API_NET_MODERATE,
    "DELETE /api/v1/networks/{slug}/members/{membership_id}": nets(
        "401 403 403 204 204 204", hidden="401 404 403 204 204 204"
    ),
    "GET /api/v1/networks/{slug}/join-requests": API_NET_MODERATE,
    # Members need not ask; staff may (the hidden network included: they see it).
    "POST /api/v1/networks/{slug}/join-requests": nets(
        "401 201 422 422 422 201", hidden="401 404 422 422 422 201"
    ),
    "POST /api/v1/networks/{slug}/join-requests/{request_id}/{decision}": API_NET_MODERATE,
    "GET /api/v1/networks/{slug}/invitations": API_NET_MODERATE,
    "POST /api/v1/networks/{slug}/invitations": nets(
        "401 403 403 201 201 201", hidden="401 404 403 201 201 201"
    ),
    # A token that is not the persona's invitation (they are sent to other addresses) is refused input.
    "POST /api/v1/network-invitations/{token}/accept": nets(API_INVALID),
    "GET /api/v1/partnership-posts": EVERYONE,
    "POST /api/v1/partnership-posts": API_INVALID,
    "GET /api/v1/partnership-posts/{post_id}": NET_CONTENT,
    # Interests are for the post's author (the owner) and staff; the member has already said so.
    "GET /api/v1/partnership-posts/{post_id}/interests": nets(
        "401 403 403 403 200 200", "401 404 403 403 200 200"
    ),
    "POST /api/v1/partnership-posts/{post_id}/interests": nets(
        "401 201 422 201 403 201", "401 404 422 201 403 201"
    ),
    "GET /api/v1/partnerships": EVERYONE,
    "POST /api/v1/partnerships": API_INVALID,
    "GET /api/v1/partnerships/{partnership_id}": nets("404 404 200 200 200 200"),
    # The parties' members (the member persona belongs to one) and the network's moderators.
    "PATCH /api/v1/partnerships/{partnership_id}": nets("401 404 200 200 200 200"),
    # forums
    "GET /api/v1/forums/categories": EVERYONE,
    "GET /api/v1/forums/categories/{slug}/topics": FORUM_READ,
    "POST /api/v1/forums/categories/{slug}/topics": forum(
        "401 201 201 201 201 201", "401 404 201 201 201 201", private="401 404 201 201 201 201"
    ),
    "GET /api/v1/forums/topics/{topic_id}": FORUM_READ,
    "GET /api/v1/forums/topics/{topic_id}/posts": forum(EVERYONE, "404 404 200 200 200 200"),
    "POST /api/v1/forums/topics/{topic_id}/posts": forum(
        "401 201 201 201 201 201", "401 404 201 201 201 201"
    ),
    "PATCH /api/v1/forums/posts/{post_id}": forum("401 403 200 200 403 200", "401 404 200 200 200 200"),
    "DELETE /api/v1/forums/posts/{post_id}": forum("401 403 204 204 403 204", "401 404 204 204 204 204"),
    "PUT /api/v1/forums/posts/{post_id}/reactions": forum(
        "401 200 200 200 200 200", "401 404 200 200 200 200"
    ),
    "DELETE /api/v1/forums/posts/{post_id}/reactions/{kind}": forum(
        "401 200 200 200 200 200", "401 404 200 200 200 200"
    ),
    "PUT /api/v1/forums/topics/{topic_id}/accepted-answer": forum(
        "401 403 403 403 403 403", "401 404 403 403 403 403"
    ),
    "GET /api/v1/forums/topics/{topic_id}/poll": forum(EVERYONE, "404 404 200 200 200 200"),
    "PUT /api/v1/forums/topics/{topic_id}/poll/vote": forum(
        "401 200 200 200 200 200", "401 404 200 200 200 200"
    ),
    "POST /api/v1/forums/posts/{post_id}/flags": forum("401 201 403 201 201 201", "401 404 403 201 201 201"),
    "GET /api/v1/search": EVERYONE,
    # toolbox
    "GET /api/v1/toolbox/plans": API_SIGNED_IN,
    "GET /api/v1/toolbox/plans/{plan_id}": "401 404 200 404 200 404",
    "PATCH /api/v1/toolbox/plans/{plan_id}": "401 404 403 404 200 404",
    "GET /api/v1/toolbox/cashflows": API_SIGNED_IN,
    "GET /api/v1/toolbox/cashflows/{projection_id}": "401 404 404 404 200 404",
    "PATCH /api/v1/toolbox/cashflows/{projection_id}": "401 404 404 404 200 404",
    "GET /api/v1/toolbox/cashflows/{projection_id}/result": "401 404 404 404 200 404",
    "GET /api/v1/toolbox/marketing": API_SIGNED_IN,
    "GET /api/v1/toolbox/marketing/{plan_id}": "401 404 404 404 200 404",
    "PATCH /api/v1/toolbox/marketing/{plan_id}": "401 404 404 404 200 404",
    # messaging
    "GET /api/v1/messaging/conversations": API_SIGNED_IN,
    "GET /api/v1/messaging/conversations/{conversation_id}": api_conv("200"),
    "PATCH /api/v1/messaging/conversations/{conversation_id}": conversations(
        "401 404 403 403 403 404", "401 404 403 404 403 404", group="401 404 403 404 200 404"
    ),
    "POST /api/v1/messaging/direct": API_INVALID,
    "POST /api/v1/messaging/groups": API_INVALID,
    "POST /api/v1/messaging/conversations/{conversation_id}/members": conversations(
        "401 404 403 403 403 404", "401 404 403 404 403 404", group="401 404 403 404 201 404"
    ),
    "DELETE /api/v1/messaging/conversations/{conversation_id}/members/{user_id}": conversations(
        "401 404 403 403 403 404", "401 404 403 404 403 404", group="401 404 403 404 204 404"
    ),
    # A network's conversation is left by leaving the network; a direct one cannot be left.
    "POST /api/v1/messaging/conversations/{conversation_id}/leave": conversations(
        "401 404 422 422 422 404", "401 404 422 404 422 404", group="401 404 204 404 204 404"
    ),
    "POST /api/v1/messaging/conversations/{conversation_id}/read": api_conv("200"),
    "PUT /api/v1/messaging/conversations/{conversation_id}/mute": api_conv("200"),
    "GET /api/v1/messaging/conversations/{conversation_id}/messages": api_conv("200"),
    "POST /api/v1/messaging/conversations/{conversation_id}/messages": api_conv("201"),
    "GET /api/v1/messaging/conversations/{conversation_id}/catch-up": api_conv("200"),
    "PATCH /api/v1/messaging/messages/{message_id}": conversations(
        "401 404 200 403 403 404", "401 404 200 404 403 404"
    ),
    "DELETE /api/v1/messaging/messages/{message_id}": conversations(
        "401 404 200 403 403 404", "401 404 200 404 403 404"
    ),
    "POST /api/v1/messaging/messages/{message_id}/reactions": api_conv("200"),
    "GET /api/v1/messaging/requests": API_SIGNED_IN,
    "POST /api/v1/messaging/requests/{conversation_id}/accept": {
        "request": "401 404 200 404 404 404",
        "hidden": "401 404 422 422 422 404",
    },
    "POST /api/v1/messaging/requests/{conversation_id}/refuse": {
        "request": "401 404 204 404 404 404",
        "hidden": "401 404 422 422 422 404",
    },
    "GET /api/v1/messaging/blocks": API_SIGNED_IN,
    "POST /api/v1/messaging/blocks": API_INVALID,
    "DELETE /api/v1/messaging/blocks/{user_id}": "401 204 204 204 204 204",
    "GET /api/v1/messaging/settings": API_SIGNED_IN,
    "PUT /api/v1/messaging/settings": API_INVALID,
}


def _cells() -> dict[str, str]:
    """The table as one row per cell name: "GET name [variant]" for pages, "METHOD path [variant]" for the API
    (the crawl's Request.cell), with "*" standing for every variant of a rule that is one row."""
    cells: dict[str, str] = {}
    for name, methods in PAGES.items():
        for method, rule in methods.items():
            _add(cells, f"{method} {name}", rule)
    for operation, rule in API.items():
        _add(cells, operation, rule)
    return cells


def _add(cells: dict[str, str], route: str, rule: Any) -> None:
    if isinstance(rule, str):
        cells[f"{route} [*]"] = rule
    else:
        for variant, answers in rule.items():
            cells[f"{route} [{variant}]"] = answers


CELLS = _cells()


def _key(cell: str) -> str:
    if cell in CELLS:
        return cell
    route = cell.rsplit(" [", 1)[0] if cell.endswith("]") else cell
    return f"{route} [*]"


def expected(cell: str, persona: str) -> str:
    """The declared answer for one request (Request.cell) as one persona; "missing" if there is none."""
    answers = CELLS.get(_key(cell))
    if answers is None:
        return "missing"
    return answers.split()[PERSONAS.index(persona)]


def check_table(requested: set[str]) -> list[str]:
    """What is wrong with the table against the cells the crawl requests: missing and stale entries, rows
    that are not six known answers."""
    problems = [f"no entry for {cell}" for cell in sorted(requested) if _key(cell) not in CELLS]
    used = {_key(cell) for cell in requested}
    stale = sorted(set(CELLS) - used)
    problems += [f"entry for a route or variant that does not exist: {key}" for key in stale]
    for key, answers in sorted(CELLS.items()):
        tokens = answers.split()
        if len(tokens) != len(PERSONAS) or not set(tokens) <= ANSWERS:
            problems.append(f"{key}: {answers!r} is not {len(PERSONAS)} answers out of {sorted(ANSWERS)}")
    return problems
