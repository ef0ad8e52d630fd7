"""Thin views for the library: browse and export, a practice's page and its actions, writing and review,
history and differences, attachments, and methodological guides (with a printable page)."""

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.forms import form_error
from community.library import permissions, selectors, services
from community.library.export import practice_record, to_csv
from community.library.forms import (
    AdoptionForm,
    AttachmentForm,
    ChapterForm,
    CommentForm,
    GuideForm,
    GuidePracticeForm,
    LibraryFilterForm,
    PracticeForm,
    ReviewForm,
)
from community.library.models import Attachment, GuideItem, PracticeVersion, Status
from community.library.versions import MEMBERS_ONLY_FIELDS, diff_snapshots

PAGE_SIZE = 20


def _filters(request: HttpRequest) -> tuple[LibraryFilterForm, selectors.PracticeFilters]:
    form = LibraryFilterForm(request.GET or None)
    form.is_valid()  # an invalid filter is shown with its error; the valid ones still apply
    data = getattr(form, "cleaned_data", {})
    return form, selectors.PracticeFilters(
        q=data.get("q", ""),
        country=data.get("country", ""),
        sector=data.get("sector", ""),
        training_area=data.get("training_area", ""),
        target_group=data.get("target_group", ""),
        tag=data.get("tag", ""),
        language=data.get("language", ""),
    )


def index(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    page = Paginator(selectors.practice_list(request.user, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "library/index.html", context)


def _export_records(request: HttpRequest) -> list[dict[str, Any]]:
    _form, filters = _filters(request)
    base_url = request.build_absolute_uri("/").rstrip("/")
    return [practice_record(p, base_url) for p in selectors.export_rows(request.user, filters)]


def export_json(request: HttpRequest) -> HttpResponse:
    body = json.dumps({"practices": _export_records(request)}, ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="minga-practices.json"'
    return response


def export_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(to_csv(_export_records(request)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="minga-practices.csv"'
    return response


@login_required
def create(request: HttpRequest) -> HttpResponse:
    try:
        permissions.check_can_create(request.user)
    except PermissionDenied as error:  # say why, on the library page
        messages.error(request, str(error))
        return redirect("library:index")
    form = PracticeForm(request.POST or None, networks=selectors.network_choices(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            practice = services.practice_create(author=request.user, **form.service_data())
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Draft saved. Add attachments, then submit it for review."))
            return redirect(practice)
    return render(request, "library/practice_form.html", {"form": form})


@login_required
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    practice = permissions.get_practice_for_user(request.user, slug)
    permissions.check_can_edit(request.user, practice)
    form = PracticeForm(
        request.POST or None, instance=practice, networks=selectors.network_choices(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.practice_update(practice=practice, actor=request.user, **form.service_data())
        except ValidationError as error:
            form_error(form, error)
        else:
            if practice.status == Status.PUBLISHED:
                messages.success(request, _("Saved as version %(number)s.") % {"number": practice.version})
            else:
                messages.success(request, _("Changes saved."))
            return redirect(practice)
    context = {"form": form, "practice": practice, "attachment_form": AttachmentForm()}
    return render(request, "library/practice_form.html", context)


def _detail_context(request: HttpRequest, slug: str, **forms: Any) -> dict[str, Any]:
    practice = selectors.practice_for_page(request.user, slug)
    user = request.user
    published = practice.status == Status.PUBLISHED
    return {
        "practice": practice,
        "related": selectors.related_practices(user, practice) if published else [],
        "can_edit": permissions.can_edit(user, practice)
        and (practice.status != Status.SUBMITTED or permissions.is_library_editor(user)),
        "is_author": permissions.is_author(user, practice),
        "can_review": practice.status == Status.SUBMITTED and permissions.can_review(user, practice),
        "endorsed": published and selectors.is_endorsed_by(user, practice),
        "comment_form": CommentForm(),
        "adoption_form": AdoptionForm(user=user) if published and user.is_authenticated else None,
        **forms,
    }


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "library/practice_detail.html", _detail_context(request, slug))


def _detail_with_errors(request: HttpRequest, slug: str, **forms: Any) -> HttpResponse:
    """The practice page again, with the invalid form in place of the empty one: what was typed stays."""
    return render(
        request, "library/practice_detail.html", _detail_context(request, slug, **forms), status=400
    )


@login_required
@require_POST
def submit(request: HttpRequest, slug: str) -> HttpResponse:
    practice = permissions.get_practice_for_user(request.user, slug)
    services.practice_submit(practice=practice, actor=request.user)
    messages.success(request, _("Submitted. A reviewer will publish it or return it with comments."))
    return redirect(practice)


@login_required
def review(request: HttpRequest, slug: str) -> HttpResponse:
    practice = permissions.get_practice_for_user(request.user, slug)
    permissions.check_can_review(request.user, practice)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision, comment = form.cleaned_data["decision"], form.cleaned_data["comment"]
        try:
            if decision == "publish":
                services.practice_publish(practice=practice, reviewer=request.user, comment=comment)
                messages.success(request, _("Published."))
            else:
                services.practice_return(practice=practice, reviewer=request.user, comment=comment)
                messages.success(request, _("Returned to the authors with your comments."))
        except ValidationError as error:
            form_error(form, error)
        else:
            return redirect(practice)
    status = 400 if request.method == "POST" else 200
    return render(request, "library/review.html", {"practice": practice, "form": form}, status=status)


def history(request: HttpRequest, slug: str) -> HttpResponse:
    practice = permissions.get_practice_for_user(request.user, slug)
    versions = practice.versions.select_related("created_by").defer("snapshot")
    return render(request, "library/history.html", {"practice": practice, "versions": versions})


def diff(request: HttpRequest, slug: str) -> HttpResponse:
    practice = permissions.get_practice_for_user(request.user, slug)
    try:
        old_number, new_number = int(request.GET.get("from", "")), int(request.GET.get("to", ""))
    except ValueError as exc:
        raise Http404 from exc
    old = get_object_or_404(PracticeVersion, practice=practice, number=old_number)
    new = get_object_or_404(PracticeVersion, practice=practice, number=new_number)
    context = {
        "practice": practice,
        "old": old,
        "new": new,
        "changes": diff_snapshots(
            old.snapshot,
            new.snapshot,
            leave_out=() if request.user.is_authenticated else MEMBERS_ONLY_FIELDS,
        ),
    }
    return render(request, "library/diff.html", context)


@login_required
@require_POST
def comment(request: HttpRequest, slug: str) -> HttpResponse:
    practice = permissions.get_practice_for_user(request.user, slug)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            created = services.comment_create(
                practice=practice, author=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Comment added."))
            return redirect(f"{practice.get_absolute_url()}#comment-{created.pk}")
    return _detail_with_errors(request, slug, comment_form=form)


@login_required
@require_POST
def endorse(request: HttpRequest, slug: str) -> HttpResponse:
    practice = permissions.get_practice_for_user(request.user, slug)
    try:
        endorsed = services.endorsement_toggle(practice=practice, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Marked as useful.") if endorsed else _("Mark removed."))
    return redirect(practice)


@login_required
@require_POST
def adopt(request: HttpRequest, slug: str) -> HttpResponse:
    practice = permissions.get_practice_for_user(request.user, slug)
    form = AdoptionForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.adoption_create(practice=practice, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Thank you: your experience is shown under the practice."))
            return redirect(f"{practice.get_absolute_url()}#adoptions")
    return _detail_with_errors(request, slug, adoption_form=form)


@login_required
@require_POST
def attachment_add(request: HttpRequest, slug: str) -> HttpResponse:
    practice = permissions.get_practice_for_user(request.user, slug)
    permissions.check_can_edit(request.user, practice)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(practice=practice, actor=request.user, upload=form.cleaned_data["file"])
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("File attached."))
            return redirect("library:edit", slug=practice.slug)
    context = {
        "form": PracticeForm(instance=practice, networks=selectors.network_choices(request.user)),
        "practice": practice,
        "attachment_form": form,
    }
    return render(request, "library/practice_form.html", context, status=400)


@login_required
@require_POST
def attachment_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    practice = permissions.get_practice_for_user(request.user, slug)
    attachment = get_object_or_404(Attachment, pk=pk, practice=practice)
    services.attachment_delete(attachment=attachment, actor=request.user)
    messages.success(request, _("File removed."))
    return redirect("library:edit", slug=practice.slug)


def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = permissions.get_attachment_for_user(request.user, pk)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    practices = selectors.practices_by(request.user)
    return render(request, "library/mine.html", {"practices": practices})


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    return render(request, "library/review_queue.html", {"practices": selectors.review_queue(request.user)})


# Guides.


def guide_list(request: HttpRequest) -> HttpResponse:
    can_create = permissions.is_library_editor(request.user)
    return render(
        request,
        "library/guide_list.html",
        {"guides": selectors.guide_list(request.user), "can_create": can_create},
    )


@login_required
def guide_create(request: HttpRequest) -> HttpResponse:
    permissions.check_can_create_guide(request.user)
    form = GuideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        published = data.pop("is_published", False)
        try:
            guide = services.guide_create(author=request.user, **data)
            if published:
                services.guide_update(guide=guide, actor=request.user, is_published=True)
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Guide created. Now add chapters and practices."))
            return redirect("library:guide_edit", slug=guide.slug)
    return render(request, "library/guide_form.html", {"form": form})


def guide_detail(request: HttpRequest, slug: str) -> HttpResponse:
    guide = permissions.get_guide_for_user(request.user, slug)
    context = {
        "guide": guide,
        "items": selectors.guide_items(request.user, guide),
        "can_edit": permissions.can_edit_guide(request.user, guide),
    }
    return render(request, "library/guide_detail.html", context)


def guide_print(request: HttpRequest, slug: str) -> HttpResponse:
    guide = permissions.get_guide_for_user(request.user, slug)
    return render(
        request,
        "library/guide_print.html",
        {"guide": guide, "items": selectors.guide_items(request.user, guide)},
    )


@login_required
def guide_edit(request: HttpRequest, slug: str) -> HttpResponse:
    guide = permissions.get_guide_for_user(request.user, slug)
    permissions.check_can_edit_guide(request.user, guide)
    form = GuideForm(request.POST or None, instance=guide)
    if request.method == "POST" and form.is_valid():
        try:
            services.guide_update(guide=guide, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("library:guide_edit", slug=guide.slug)
    return _guide_edit_page(request, guide, form=form)


def _guide_edit_page(request: HttpRequest, guide: Any, status: int = 200, **forms: Any) -> HttpResponse:
    context = {
        "guide": guide,
        "items": list(guide.items.select_related("practice")),
        "form": GuideForm(instance=guide),
        "chapter_form": ChapterForm(),
        "practice_form": GuidePracticeForm(),
        **forms,
    }
    return render(request, "library/guide_edit.html", context, status=status)


@login_required
@require_POST
def guide_chapter_add(request: HttpRequest, slug: str) -> HttpResponse:
    guide = permissions.get_guide_for_user(request.user, slug)
    form = ChapterForm(request.POST)
    if form.is_valid():
        try:
            services.guide_chapter_add(guide=guide, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Chapter added."))
            return redirect("library:guide_edit", slug=guide.slug)
    return _guide_edit_page(request, guide, status=400, chapter_form=form)


@login_required
@require_POST
def guide_practice_add(request: HttpRequest, slug: str) -> HttpResponse:
    guide = permissions.get_guide_for_user(request.user, slug)
    form = GuidePracticeForm(request.POST)
    if form.is_valid():
        practice = (
            permissions.published_practices(request.user).filter(slug=form.cleaned_data["practice"]).first()
        )
        if practice is None:
            form.add_error("practice", _("No published practice has this address name."))
        else:
            try:
                services.guide_practice_add(guide=guide, actor=request.user, practice=practice)
            except ValidationError as error:
                form_error(form, error)
            else:
                messages.success(request, _("Practice added."))
                return redirect("library:guide_edit", slug=guide.slug)
    return _guide_edit_page(request, guide, status=400, practice_form=form)


@login_required
@require_POST
def guide_item_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    guide = permissions.get_guide_for_user(request.user, slug)
    item = get_object_or_404(GuideItem, pk=pk, guide=guide)
    services.guide_item_move(item=item, actor=request.user, up=request.POST.get("direction") == "up")
    return redirect("library:guide_edit", slug=guide.slug)


@login_required
@require_POST
def guide_item_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    guide = permissions.get_guide_for_user(request.user, slug)
    item = get_object_or_404(GuideItem, pk=pk, guide=guide)
    services.guide_item_remove(item=item, actor=request.user)
    messages.success(request, _("Removed from the guide."))
    return redirect("library:guide_edit", slug=guide.slug)
