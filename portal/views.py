from allauth.account.utils import perform_login
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal import selectors, services
from portal.dashboard import panels_for
from portal.follows import follow_target, unfollow_token_read
from portal.forms import AccountEraseForm, InvitationAcceptForm, InvitationForm, add_service_errors
from portal.models import Invitation, User
from portal.permissions import ensure, requires_mfa, roles_of, visible_to
from portal.personal_data import account_erase, account_is_erased, personal_data_json
from portal.selectors import invitation_list_for
from portal.services import invitation_accept, invitation_create


@login_required
def dashboard(request):
    ensure(request.user, "portal.dashboard")
    return render(
        request,
        "portal/dashboard.html",
        {"panels": panels_for(request), "roles": roles_of(request.user)},
    )


@login_required
def profile(request):
    user = request.user
    organisations = user.memberships.select_related("organisation")
    return render(
        request,
        "portal/profile.html",
        {
            "roles": roles_of(user),
            "memberships": organisations,
            "mfa_enabled": is_mfa_enabled(user),
            "mfa_required": requires_mfa(user),
        },
    )


def _personal_data_download(user) -> HttpResponse:
    response = HttpResponse(personal_data_json(user), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="tablee-donnees-{user.pk}.json"'
    return response


@login_required
@require_http_methods(["GET"])
def personal_data_download(request):
    """Everything the portal holds about me, as one JSON file."""
    return _personal_data_download(request.user)


def _erasable_account(request, pk):
    ensure(request.user, "portal.account.erase")
    return get_object_or_404(
        visible_to(request.user, User.objects.all(), action="portal.account.erase"), pk=pk
    )


@require_http_methods(["GET"])
def account_personal_data(request, pk):
    """The back office: an administrator exports a person's data at their request."""
    return _personal_data_download(_erasable_account(request, pk))


@require_http_methods(["GET", "POST"])
def account_erase_view(request, pk):
    """The back office: an administrator erases an account at the person's request, after
    confirming by typing its e-mail address."""
    account = _erasable_account(request, pk)
    form = AccountEraseForm(request.POST or None, account=account)
    if request.method == "POST" and form.is_valid():
        account_erase(actor=request.user, user=account)
        messages.success(request, _("The account was erased."))
        return redirect("wagtailusers_users:index")
    return TemplateResponse(
        request,
        "portal/admin/account_erase.html",
        {"account": account, "form": form, "erased": account_is_erased(account)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def invitation_list(request):
    ensure(request.user, "portal.invite")
    form = InvitationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invitation_create(invited_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": invitation.email}
            )
            return redirect("portal:invitations")
    return render(
        request,
        "portal/invitations.html",
        {"form": form, "invitations": invitation_list_for(request.user)[:100]},
    )


@require_http_methods(["GET", "POST"])
def invitation_accept_view(request, token):
    invitation = Invitation.objects.filter(token=token).select_related("organisation").first()
    if invitation is None or not invitation.is_usable:
        return render(request, "portal/invitation_invalid.html", status=410)
    form = InvitationAcceptForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept(
                token=token,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Welcome to Tablée! Your account is ready."))
            return perform_login(request, user, redirect_url="/mon-espace/")
    return render(
        request, "portal/invitation_accept.html", {"form": form, "invitation": invitation}
    )


def sign_in_elsewhere(request):
    """The back office's and Wagtail's own login forms would skip the second factor and the
    rate limits: they send to the portal's sign-in page instead, keeping a local `next`."""
    url = reverse("account_login")
    next_url = request.GET.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        url = f"{url}?{urlencode({'next': next_url})}"
    return redirect(url)


def password_reset_elsewhere(request):
    return redirect("account_reset_password")


# --- following and the notification centre ---------------------------------------------------


@login_required
@require_GET
def notification_centre(request):
    """What happened to what one follows, newest first; unread ones stand out."""
    page = Paginator(selectors.follow_notifications_for(request.user), 30).get_page(
        request.GET.get("page")
    )
    follows = Paginator(selectors.follows_of(request.user), 30).get_page(request.GET.get("suivis"))
    return render(
        request,
        "portal/notifications.html",
        {
            "page": page,
            "notifications": selectors.follow_notifications_described(page.object_list),
            "follows_page": follows,
            "follows": selectors.follows_described(follows.object_list),
        },
    )


@login_required
@require_POST
def notifications_read(request):
    """Mark one notification read and open its object, or mark them all read."""
    one = request.POST.get("notification")
    if one:
        if not one.isdigit():
            raise Http404
        notification = get_object_or_404(
            selectors.follow_notifications_for(request.user), pk=int(one)
        )
        services.follow_notification_mark_read(user=request.user, notification=notification)
        target = notification.target
        return redirect(target.get_absolute_url() if target else "portal:notifications")
    services.follow_notification_mark_read(user=request.user)
    messages.success(request, _("Every notification is marked as read."))
    return redirect("portal:notifications")


@require_http_methods(["GET", "POST"])
def unfollow(request, token):
    """The link of every follower's e-mail, without signing in: a confirmation page (a mail
    scanner opening the link changes nothing), then one POST; used again, it says it is done."""
    try:
        follow_id = unfollow_token_read(token)
    except signing.BadSignature:
        raise Http404 from None
    if request.method == "POST":
        changed = services.follow_stop_by_link(follow_id=follow_id)
        return render(request, "portal/unfollow.html", {"follow": None, "changed": changed})
    return render(
        request,
        "portal/unfollow.html",
        {"follow": selectors.follow_named_by_link(follow_id), "changed": False},
    )


@login_required
@require_POST
def follow(request):
    """Follow, or stop following, an object one sees."""
    label, object_id = request.POST.get("target_type", ""), request.POST.get("target_id", "")
    app_label, _dot, model = label.partition(".")
    if not object_id.isdigit():
        raise Http404
    content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
    target = follow_target(request.user, content_type, int(object_id)) if content_type else None
    if target is None:
        raise Http404
    following = request.POST.get("follow") == "1"
    services.follow_set(user=request.user, target=target, following=following)
    if following:
        messages.success(request, _("You follow it: what happens to it is in your notifications."))
    else:
        messages.success(request, _("You no longer follow it."))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = target.get_absolute_url()
    return redirect(back)
