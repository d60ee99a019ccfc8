"""StreamField blocks shared by the portal's pages (and later apps' pages)."""

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from portal import menus


class RichTextBlock(blocks.RichTextBlock):
    """Wagtail's rich text block, its form field the portal's (``portal.rich_text_editor.RichTextEditorField``):
    a value its editor cannot read is a translated error on the block, not a server error.

    Migrations name Wagtail's class (``DECONSTRUCT_ALIASES``): the stored value is the same.
    """

    @cached_property
    def field(self):
        # Imported when a form is made, as Wagtail's RichTextBlock does: its admin is not loaded with the models.
        from wagtail.admin.rich_text import get_rich_text_editor_widget

        from portal.rich_text_editor import RichTextEditorField

        return RichTextEditorField(
            widget=get_rich_text_editor_widget(self.editor, features=self.features), **self.field_options
        )


#: Wagtail writes a block into migrations by its class's path, unless its module names another here.
DECONSTRUCT_ALIASES = {RichTextBlock: "wagtail.blocks.RichTextBlock"}


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"))
    text = RichTextBlock(label=_("text"), features=["bold", "italic", "link"])

    class Meta:
        icon = "info-circle"
        label = _("Callout")
        template = "components/blocks/callout.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "components/blocks/image.html"


class SectionLinkBlock(blocks.StructBlock):
    """A home-page card leading to one of the portal's sections."""

    title = blocks.CharBlock(label=_("title"))
    text = blocks.TextBlock(label=_("text"))
    page = blocks.PageChooserBlock(label=_("page"), required=False)
    url = blocks.CharBlock(label=_("or a URL path"), required=False, help_text=_("For example /zh-hans/search/"))
    icon = blocks.ChoiceBlock(
        label=_("icon"),
        choices=[
            ("catalogue", _("Catalogue")),
            ("cases", _("Cases")),
            ("competition", _("Competition")),
            ("incubator", _("Incubator")),
            ("search", _("Search")),
            ("news", _("News")),
        ],
    )
    lists = blocks.MultipleChoiceBlock(
        label=_("lists"),
        choices=menus.list_choices,
        required=False,
        help_text=_("The portal's lists this card also links to, such as the product list and the editions."),
    )

    class Meta:
        icon = "link"
        label = _("Section link")


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(label=_("Heading"), form_classname="title", template="components/blocks/heading.html")
    paragraph = RichTextBlock(
        label=_("Paragraph"),
        features=["h3", "h4", "bold", "italic", "link", "ol", "ul", "document-link", "hr"],
    )
    image = ImageBlock()
    callout = CalloutBlock()
    embed = EmbedBlock(label=_("Video or other embed"), max_width=960)
    table = blocks.StructBlock(
        [
            ("caption", blocks.CharBlock(label=_("caption"), required=False)),
            ("rows", blocks.ListBlock(blocks.ListBlock(blocks.CharBlock(required=False)), label=_("rows"))),
        ],
        label=_("Table"),
        icon="table",
        template="components/blocks/table.html",
    )
