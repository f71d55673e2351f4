"""Forms of the core app, and the mixin that shows a service's refusal on any app's form."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from jomcase.errors import RuleViolation


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password",
        "inactive": "This account is not active. Ask your administrator",
    }

    username = forms.CharField(
        label="Username", error_messages={"required": "Enter your username"}, max_length=150
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput,
        error_messages={"required": "Enter your password"},
    )


class ServiceErrorsMixin:
    """Show a service's refusal on the form: each message on its field, or above the form.

    ``service_fields`` maps a field name the service uses to the form's own (``None`` puts the
    message in the error summary only).
    """

    service_fields: dict[str, str | None] = {}

    def _target(self, name: str | None) -> str | None:
        name = self.service_fields.get(name, name)
        return name if name in self.fields else None

    def add_service_errors(self, error: ValidationError | RuleViolation) -> None:
        if isinstance(error, RuleViolation):
            self.add_error(self._target(error.field), error.detail)
            return
        if not hasattr(error, "error_dict"):
            for message in error.messages:
                self.add_error(None, message)
            return
        for name, messages in error.message_dict.items():
            target = self._target(name)
            for message in messages:
                if target and target in self.errors and message in self.errors[target]:
                    continue
                self.add_error(target, message)
