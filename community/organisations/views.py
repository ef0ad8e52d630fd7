"""Thin views: directory, showcase page, organisation management, offerings, invitations, inquiries."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from community.forms import form_error
from community.http import AuthedRequest
from community.organisations import permissions, selectors, services
from community.organisations.forms import (
    DirectoryFilterForm,
    InquiryForm,
    InquiryStatusForm,
    InvitationForm,
    OfferingForm,
    OrganisationForm,
    PhotoForm,
    RoleForm,
)
from community.organisations.models import Inquiry, Invitation, Membership, Offering, OfferingPhoto, Role
from community.ratelimit import ratelimit

PAGE_SIZE = 20


# One URL, two bodies (page or fragment): caches must tell them apart.
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None)
    form.is_valid()  # an invalid filter is shown with its error; the valid ones still apply
    filters = getattr(form, "cleaned_data", {})
    organisations = selectors.directory_list(
        q=filters.get("q", ""),
        kind=filters.get("kind", ""),
        sector=filters.get("sector", ""),
        country=filters.get("country", ""),
        women_led=True if filters.get("women_led") else None,
    )
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    htmx = getattr(request, "htmx", None)  # set by django_htmx's middleware
    # htmx restoring a page missing from its history cache swaps the whole body: send the whole page.
    partial_page = bool(htmx and not htmx.history_restore_request)
    template = "organisations/directory_results.html" if partial_page else "organisations/directory.html"
    return render(request, template, context)


@login_required
def create(request: AuthedRequest) -> HttpResponse:
    if not request.user.email_verified:
        messages.error(request, _("Confirm your e-mail address before creating an organisation."))
        return redirect("community:dashboard")
    form = OrganisationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        logo = data.pop("logo", None) or None
        try:
            organisation = services.organisation_create(creator=request.user, logo=logo, **data)
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Your organisation is created. Now add what you offer."))
            return redirect(organisation)
    return render(request, "organisations/form.html", {"form": form})


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_get(slug=slug)
    membership = permissions.membership_of(request.user, organisation)
    manage = permissions.can_manage(request.user, organisation)
    context = {
        "organisation": organisation,
        "offerings": selectors.showcase_offerings(organisation, include_hidden=manage),
        "membership": membership,
        "can_manage": manage,
        "can_verify": permissions.can_verify(request.user),
        "show_contact": permissions.can_see_contact(
            request.user, organisation, is_member=membership is not None
        ),
        "inquiry_form": InquiryForm(
            organisation=organisation,
            initial={
                "name": getattr(request.user, "display_name", ""),
                "email": getattr(request.user, "email", ""),
            },
        ),
    }
    return render(request, "organisations/detail.html", context)


@login_required
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_get(slug=slug)
    permissions.check_can_manage(request.user, organisation)
    form = OrganisationForm(request.POST or None, request.FILES or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        logo = data.pop("logo", None)
        try:
            services.organisation_update(
                organisation=organisation,
                actor=request.user,
                logo=logo if logo and hasattr(logo, "content_type") else None,
                **data,
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(organisation)
    return render(request, "organisations/form.html", {"form": form, "organisation": organisation})


@login_required
@require_POST
def verify(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_get(slug=slug)
    verified = request.POST.get("verified") == "1"
    services.organisation_set_verified(organisation=organisation, actor=request.user, verified=verified)
    messages.success(request, _("Verified badge given.") if verified else _("Verified badge removed."))
    return redirect(organisation)


@login_required
def members(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_get(slug=slug)
    permissions.check_is_member(request.user, organisation) if not request.user.is_staff else None
    manage = permissions.can_manage(request.user, organisation)
    form = InvitationForm(request.POST or None)
    if request.method == "POST":
        permissions.check_can_manage(request.user, organisation)
        if form.is_valid():
            try:
                services.invitation_create(
                    organisation=organisation,
                    actor=request.user,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                )
            except ValidationError as error:
                form_error(form, error)
            else:
                messages.success(
                    request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]}
                )
                return redirect("organisations:members", slug=slug)
    context = {
        "organisation": organisation,
        "memberships": selectors.members_of(organisation),
        "invitations": selectors.pending_invitations(organisation) if manage else [],
        "form": form,
        "role_choices": Role.choices,
        "can_manage": manage,
    }
    return render(request, "organisations/members.html", context)


@login_required
@require_POST
def member_role(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = selectors.organisation_get(slug=slug)
    permissions.check_can_manage(request.user, organisation)
    membership = get_object_or_404(Membership, pk=pk, organisation=organisation)
    form = RoleForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose owner, administrator or member."))
        services.membership_set_role(
            organisation=organisation,
            actor=request.user,
            membership=membership,
            role=form.cleaned_data["role"],
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Role changed."))
    return redirect("organisations:members", slug=slug)


@login_required
@require_POST
def member_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = selectors.organisation_get(slug=slug)
    permissions.check_can_manage(request.user, organisation)
    membership = get_object_or_404(Membership, pk=pk, organisation=organisation)
    try:
        services.membership_remove(organisation=organisation, actor=request.user, membership=membership)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Member removed."))
    return redirect("organisations:members", slug=slug)


@login_required
@require_POST
def leave(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_get(slug=slug)
    try:
        services.membership_leave(organisation=organisation, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("organisations:members", slug=slug)
    messages.success(request, _("You have left %(name)s.") % {"name": organisation.name})
    return redirect("community:dashboard")


@login_required
@require_POST
def invitation_cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = selectors.organisation_get(slug=slug)
    invitation = get_object_or_404(Invitation, pk=pk, organisation=organisation)
    services.invitation_cancel(invitation=invitation, actor=request.user)
    messages.success(request, _("Invitation cancelled."))
    return redirect("organisations:members", slug=slug)


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.invitation_find(token=token)
    except ValidationError as error:
        return render(request, "organisations/invitation.html", {"error": error.messages[0]}, status=404)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{request.build_absolute_uri('/accounts/login/')}?next={request.path}")
        try:
            services.invitation_accept(token=token, user=request.user)
        except ValidationError as error:
            return render(
                request,
                "organisations/invitation.html",
                {"invitation": invitation, "error": error.messages[0]},
            )
        messages.success(request, _("Welcome to %(name)s.") % {"name": invitation.organisation.name})
        return redirect(invitation.organisation)
    return render(request, "organisations/invitation.html", {"invitation": invitation})


def _managed_offering(request: HttpRequest, slug: str, pk: int) -> Offering:
    organisation = selectors.organisation_get(slug=slug)
    permissions.check_can_manage(request.user, organisation)
    return get_object_or_404(Offering, pk=pk, organisation=organisation)


@login_required
def offering_create(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_get(slug=slug)
    permissions.check_can_manage(request.user, organisation)
    form = OfferingForm(request.POST or None, initial={"currency": "USD"})
    if request.method == "POST" and form.is_valid():
        try:
            offering = services.offering_create(
                organisation=organisation, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Offering added. You can add photos now."))
            return redirect("organisations:offering_edit", slug=slug, pk=offering.pk)
    return render(request, "organisations/offering_form.html", {"form": form, "organisation": organisation})


@login_required
def offering_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    offering = _managed_offering(request, slug, pk)
    form = OfferingForm(request.POST or None, instance=offering)
    if request.method == "POST" and form.is_valid():
        try:
            services.offering_update(offering=offering, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(offering.organisation)
    context = {
        "form": form,
        "organisation": offering.organisation,
        "offering": offering,
        "photo_form": PhotoForm(),
        "photos": offering.photos.all(),
    }
    return render(request, "organisations/offering_form.html", context)


@login_required
@require_POST
def offering_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    offering = _managed_offering(request, slug, pk)
    services.offering_delete(offering=offering, actor=request.user)
    messages.success(request, _("Offering deleted."))
    return redirect("organisations:detail", slug=slug)


@login_required
def offering_photo_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    offering = _managed_offering(request, slug, pk)
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.offering_photo_add(
                offering=offering,
                actor=request.user,
                image=form.cleaned_data["image"],
                caption=form.cleaned_data["caption"],
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Photo added."))
            return redirect("organisations:offering_edit", slug=slug, pk=pk)
    context = {
        "form": OfferingForm(instance=offering),
        "organisation": offering.organisation,
        "offering": offering,
        "photo_form": form,
        "photos": offering.photos.all(),
    }
    return render(
        request, "organisations/offering_form.html", context, status=400 if request.method == "POST" else 200
    )


@login_required
@require_POST
def offering_photo_delete(request: HttpRequest, slug: str, pk: int, photo_pk: int) -> HttpResponse:
    offering = _managed_offering(request, slug, pk)
    photo = get_object_or_404(OfferingPhoto, pk=photo_pk, offering=offering)
    services.offering_photo_delete(photo=photo, actor=request.user)
    messages.success(request, _("Photo removed."))
    return redirect("organisations:offering_edit", slug=slug, pk=pk)


@require_POST
@ratelimit(key="inquiry", rate="10/h")
def inquire(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_get(slug=slug)
    form = InquiryForm(request.POST, organisation=organisation)
    if form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("website", None)
        offering = data.pop("offering", None)
        try:
            inquiry = services.inquiry_create(
                organisation=organisation, requester=request.user, offering=offering, **data
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            return render(
                request, "organisations/inquiry_sent.html", {"organisation": organisation, "inquiry": inquiry}
            )
    membership = permissions.membership_of(request.user, organisation)
    manage = permissions.can_manage(request.user, organisation)
    context = {
        "organisation": organisation,
        "offerings": selectors.showcase_offerings(organisation, include_hidden=manage),
        "membership": membership,
        "can_manage": manage,
        "can_verify": permissions.can_verify(request.user),
        "show_contact": permissions.can_see_contact(
            request.user, organisation, is_member=membership is not None
        ),
        "inquiry_form": form,
    }
    return render(request, "organisations/detail.html", context, status=400)


@login_required
def inquiries(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_get(slug=slug)
    permissions.check_is_member(request.user, organisation)
    page = Paginator(selectors.inquiries_of(organisation), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "organisations/inquiries.html",
        {
            "organisation": organisation,
            "page": page,
            "status_choices": Inquiry._meta.get_field("status").choices,
        },
    )


@login_required
@require_POST
def inquiry_status(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = selectors.organisation_get(slug=slug)
    permissions.check_is_member(request.user, organisation)
    inquiry = get_object_or_404(Inquiry, pk=pk, organisation=organisation)
    form = InquiryStatusForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Unknown status."))
    services.inquiry_set_status(inquiry=inquiry, actor=request.user, status=form.cleaned_data["status"])
    messages.success(request, _("Status changed."))
    return redirect("organisations:inquiries", slug=slug)
