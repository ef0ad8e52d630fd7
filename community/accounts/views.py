"""Thin views for sign-up, verification, sign-in, profiles, deactivation, your data, deletion, tokens."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.accounts import export, selectors, services
from community.accounts.forms import (
    ApiTokenForm,
    DeactivateForm,
    DeleteAccountForm,
    LoginForm,
    ProfileForm,
    SignupForm,
)
from community.http import AuthedRequest
from community.ratelimit import ratelimit


@ratelimit(key="signup", rate="10/h", methods=["POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("community:dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.user_signup(
                email=data["email"],
                password=data["password1"],
                display_name=data["display_name"],
                preferred_language=data["preferred_language"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return render(request, "accounts/signup_done.html", {"email": data["email"]})
    return render(request, "accounts/signup.html", {"form": form})


def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button, POST verifies: mail scanners that open links must not verify for the user."""
    if request.method == "POST":
        try:
            services.email_verify(token=token)
        except ValidationError as error:
            return render(request, "accounts/verify.html", {"error": error.messages[0]}, status=400)
        messages.success(request, _("Your e-mail address is confirmed. You can sign in now."))
        return redirect("accounts:login")
    return render(request, "accounts/verify.html", {"token": token})


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@login_required
def profile_edit(request: AuthedRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(request.POST or None, request.FILES or None, instance=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        avatar = data.pop("avatar", None)
        skills = data.pop("skills")
        try:
            services.user_update_profile(
                user=user,
                skills=skills,
                avatar=avatar if avatar and hasattr(avatar, "content_type") else None,
                **data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("accounts:profile", pk=user.pk)
    return render(request, "accounts/profile_edit.html", {"form": form})


@login_required
def profile(request: HttpRequest, pk: int) -> HttpResponse:
    member = selectors.profile_get(pk=pk)
    return render(request, "accounts/profile.html", {"member": member})


@login_required
def deactivate(request: AuthedRequest) -> HttpResponse:
    form = DeactivateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.user_deactivate(user=request.user)
        logout(request)
        messages.info(request, _("Your account is deactivated. Write to the site staff to restore it."))
        return redirect("community:home")
    return render(request, "accounts/deactivate.html", {"form": form})


@login_required
def data(request: AuthedRequest) -> HttpResponse:
    return render(request, "accounts/data.html")


@login_required
@require_POST
@ratelimit(key=export.EXPORT_BUCKET, rate=export.EXPORT_RATE)
def data_export(request: AuthedRequest) -> StreamingHttpResponse:
    return export.zip_response(request.user)


@login_required
@ratelimit(key="account-delete", rate="10/h", methods=["POST"])
def delete_account(request: AuthedRequest) -> HttpResponse:
    """POST with the password deletes the account (community/accounts/erasure.py says what that means)."""
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_delete(user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            logout(request)
            messages.info(
                request, _("Your account is deleted. What you wrote stays, shown as by a former member.")
            )
            return redirect("community:home")
    hand_over = selectors.ownerships_to_hand_over(request.user)
    return render(request, "accounts/delete.html", {"form": form, "hand_over": hand_over})


@login_required
def api_tokens(request: AuthedRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_token = services.api_token_create(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            form = ApiTokenForm()
    tokens = selectors.api_tokens_for(request.user)
    return render(request, "accounts/tokens.html", {"form": form, "tokens": tokens, "new_token": new_token})


@login_required
@require_POST
def api_token_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        services.api_token_revoke(user=request.user, token_id=pk)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The token is revoked; programs using it can no longer sign in."))
    return redirect("accounts:tokens")


password_change = auth_views.PasswordChangeView.as_view(
    template_name="accounts/password_change.html", success_url=reverse_lazy("accounts:password_change_done")
)
password_change_done = auth_views.PasswordChangeDoneView.as_view(
    template_name="accounts/password_change_done.html"
)
password_reset = ratelimit(key="password-reset", rate="5/h", methods=["POST"])(
    auth_views.PasswordResetView.as_view(
        template_name="accounts/password_reset.html",
        email_template_name="accounts/email/password_reset.txt",
        subject_template_name="accounts/email/password_reset_subject.txt",
        success_url=reverse_lazy("accounts:password_reset_done"),
    )
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)
