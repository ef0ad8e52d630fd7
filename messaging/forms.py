"""Forms of the messaging pages: the composer, editing, groups and their members, settings; and the people
a member may choose for a group (those they already know through an organisation, a network or a
conversation, never a search over every account)."""

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from community.organisations.models import Membership
from messaging.models import Block, ConversationKind, Participant, Reaction, RequestState
from messaging.permissions import MAX_GROUP_SIZE
from messaging.services import MAX_ATTACHMENTS, MAX_BODY_CHARS
from networks.models import Network, NetworkBan, NetworkMembership, NetworkOrganisation
from networks.permissions import member_q

# A network may have thousands of members: the picker lists this many and asks for a name beyond.
PEOPLE_SHOWN = 100


def choosable_people(user: Any, *, q: str = "") -> QuerySet[Any]:
    """Active people the member shares an organisation or a network with, or already has a direct or group
    conversation with; never someone who has blocked them (the services would leave them out anyway)."""
    person = OuterRef("pk")
    my_organisations = Membership.objects.filter(user=user).values("organisation_id")
    my_networks = Network.objects.filter(member_q(user)).values("pk")
    my_conversations = (
        Participant.objects.filter(
            user=user, conversation__kind__in=[ConversationKind.DIRECT, ConversationKind.GROUP]
        )
        .exclude(state=RequestState.REFUSED)
        .values("conversation_id")
    )
    shares_organisation = Exists(Membership.objects.filter(user=person, organisation_id__in=my_organisations))
    # Network members as networks.permissions.member_q counts them: personally or through an enrolled
    # organisation, and not banned from that network.
    not_banned = ~Exists(NetworkBan.objects.filter(network=OuterRef("network"), user=OuterRef(person)))
    shares_network = Exists(
        NetworkMembership.objects.filter(user=person, network__in=my_networks).filter(not_banned)
    ) | Exists(
        NetworkOrganisation.objects.filter(
            network__in=my_networks, organisation__memberships__user=person
        ).filter(not_banned)
    )
    talks_with = Exists(
        Participant.objects.filter(user=person, conversation_id__in=my_conversations).exclude(
            state=RequestState.REFUSED
        )
    )
    blocked_me = Exists(Block.objects.filter(blocker=person, blocked=user))
    people = (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(pk=user.pk)
        .filter(Q(shares_organisation) | Q(shares_network) | Q(talks_with))
        .exclude(blocked_me)
    )
    q = " ".join(q.split())
    if q:
        people = people.filter(display_name__icontains=q)
    return people.order_by("display_name", "pk")


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); the services check each one by content."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class MessageForm(forms.Form):
    # The services say what is wrong with the text (empty, too long), so both the page and the socket
    # give the same answer; maxlength only helps the browser.
    body = forms.CharField(
        label=_("Message"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_BODY_CHARS}),
    )
    # A new one with every blank form: a second submit of the same form finds the stored message.
    client_id = forms.UUIDField(required=False, widget=forms.HiddenInput)
    reply_to = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Added here: a class attribute named "files" would hide the form's own uploaded files.
        self.fields["files"] = MultipleFileField(
            label=_("Attach files"),
            required=False,
            help_text=_("Up to %(max)s files: PDF, images, .docx, .xlsx or .pptx, 10 MB each.")
            % {"max": MAX_ATTACHMENTS},
        )


class MessageEditForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": MAX_BODY_CHARS}),
    )


class ReactionForm(forms.Form):
    reaction = forms.ChoiceField(choices=Reaction.choices)


class PeopleField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class GroupForm(forms.Form):
    title = forms.CharField(label=_("Name of the group"), max_length=120)
    members = PeopleField(label=_("People"), queryset=get_user_model().objects.none(), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Checked against everyone the member may choose, not only the names listed on the page.
        self.fields["members"].queryset = choosable_people(user)  # type: ignore[attr-defined]

    def clean_members(self) -> list[Any]:
        members = list(self.cleaned_data["members"])
        if len(members) + 1 > MAX_GROUP_SIZE:
            raise forms.ValidationError(
                _("A group has at most %(max)s people, you included."), params={"max": MAX_GROUP_SIZE}
            )
        return members


class MembersAddForm(forms.Form):
    members = PeopleField(label=_("People to add"), queryset=get_user_model().objects.none())

    def __init__(self, *args: Any, user: Any, conversation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = choosable_people(user).exclude(  # type: ignore[attr-defined]
            conversation_participations__conversation=conversation
        )


class RenameForm(forms.Form):
    title = forms.CharField(label=_("Name of the group"), max_length=120)


class MessagingSettingsForm(forms.Form):
    send_read_receipts = forms.BooleanField(
        label=_("Let others see when I have read their messages"), required=False
    )
