"""Products get a creation token (one product per "add a product" form) and HTML descriptions.

Descriptions were plain text; they become sanitised HTML (``portal.richtext``). Existing
text is escaped and split into paragraphs on blank lines, as the page showed it. The
conversion is written out here rather than imported, so this migration keeps doing what
it did if ``portal.richtext`` changes. Revisions keep their plain text: the ``rich_text``
filter and the form convert plain text the same way when they meet it.
"""

import re

from django.conf import settings
from django.db import migrations, models
from django.utils.html import escape

TAG = re.compile(r"</?(?:p|br|strong|em|b|i|ul|ol|li|a|h3|blockquote)\b[^>]*>", re.IGNORECASE)


def _paragraphs(text):
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text or TAG.search(text):
        return text
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text) if block.strip()]
    return "".join("<p>%s</p>" % escape(block).replace("\n", "<br>") for block in blocks)


def descriptions_to_html(apps, schema_editor):
    Product = apps.get_model("catalog", "Product")
    for product in Product.objects.only("pk", "description_zh", "description_en").iterator(chunk_size=500):
        zh, en = _paragraphs(product.description_zh), _paragraphs(product.description_en)
        if (zh, en) != (product.description_zh, product.description_en):
            Product.objects.filter(pk=product.pk).update(description_zh=zh, description_en=en)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0005_catalogue_sort_indexes"),
        ("portal", "0003_organisation_identity_constraints"),
        ("wagtailcore", "0098_apitoken"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="product",
            name="creation_token",
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.AddConstraint(
            model_name="product",
            constraint=models.UniqueConstraint(
                fields=("organisation", "creation_token"), name="catalog_product_unique_creation_token"
            ),
        ),
        migrations.RunPython(descriptions_to_html, migrations.RunPython.noop, elidable=True),
    ]
