from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

from portal.files import validate_upload
from portal.models import Invitation
from portal.permissions import can, visible_to


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's refusal on the form: beside its field where the form has one, above
    the form otherwise."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    # The organisations come from the invitation's own field: the portal knows no directory.
    organisation = Invitation._meta.get_field("organisation").formfield(
        label=_("Organisation"), required=False
    )
    membership_role = forms.ChoiceField(label=_("Role"), choices=Invitation.MembershipRole.choices)
    can_edit_directory = forms.BooleanField(
        label=_("May edit the organisation's directory entries"), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = visible_to(
            user, field.queryset.select_related("territory"), action="portal.invite"
        )
        field.required = not can(user, "portal.invite_outside_organisations")


class InvitationAcceptForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, invitation, **kwargs):
        self.invitation = invitation
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            from portal.models import User

            candidate = User(
                email=self.invitation.email,
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            try:
                password_validation.validate_password(p1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class DocumentForm(BaseDocumentForm):
    """The back office's document form, with the portal's size and kind limits."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            validate_upload(upload)
        return upload


class AccountEraseForm(forms.Form):
    """Erasing cannot be undone: the administrator types the account's e-mail address."""

    confirmation = forms.CharField(
        label=_("Type the account's e-mail address to confirm"), max_length=254
    )

    def __init__(self, *args, account, **kwargs):
        super().__init__(*args, **kwargs)
        self.account = account

    def clean_confirmation(self):
        value = self.cleaned_data["confirmation"].strip()
        if value.lower() != self.account.email.lower():
            raise ValidationError(_("This is not the account's e-mail address."))
        return value
