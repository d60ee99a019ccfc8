from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    """Remember the language a member signed up in; account e-mails go out in the recipient's language."""

    def save_user(self, request, user, form, commit=True):
        user.preferred_language = translation.get_language() or user.preferred_language
        return super().save_user(request, user, form, commit=commit)

    def send_mail(self, template_prefix, email, context):
        user = context.get("user")
        language = getattr(user, "preferred_language", None) or translation.get_language()
        with translation.override(language):
            return super().send_mail(template_prefix, email, context)
