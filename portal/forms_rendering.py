"""One way to render every form on the site: errors next to the field, linked with aria-describedby.

A bilingual record's fields come in pairs, ``<name>_zh`` and ``<name>_en`` (``portal.i18n.Bilingual``):
their inputs say which language they hold (``lang``), so that on a Chinese page a screen reader
reads the English field's text in English, and the browser checks its spelling as English.
"""

from django.forms import widgets
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting

#: The language of a field's text, by the suffix of its name.
FIELD_LANGUAGES = {"_zh": "zh-Hans", "_en": "en"}


def field_language(name: str) -> str | None:
    return next((language for suffix, language in FIELD_LANGUAGES.items() if name.endswith(suffix)), None)


def _holds_text(widget) -> bool:
    return isinstance(widget, widgets.Textarea) or getattr(widget, "input_type", None) in {"text", "search"}


class PortalBoundField(BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        language = field_language(self.name)
        if language and _holds_text(widget or self.field.widget):
            attrs.setdefault("lang", language)
        return attrs


class PortalFormRenderer(TemplatesSetting):
    form_template_name = "components/forms/form.html"
    field_template_name = "components/forms/field.html"
    bound_field_class = PortalBoundField
