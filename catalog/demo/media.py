"""Demo pictures for ``manage.py load_demo``: one generated image per published demo product.

The pictures are drawn here (a stylised head with electrode positions, in a colour per
signal modality), so no file is shipped or fetched. They go through the same path as a
member's upload (``portal.uploads.clean_image`` → ``catalog.media.storage.store_image``) and are
published with the product, as if staff had approved them. Idempotent: a product that
already has an image is left alone.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from catalog.media import renditions, storage
from catalog.models import Product, ProductImage
from portal.demo.registry import DemoContext
from portal.uploads import clean_image

COLOURS = {
    "eeg": (18, 80, 154),
    "fnirs": (0, 105, 92),
    "emg_hybrid": (91, 42, 134),
    "ultrasound": (122, 77, 0),
}
DEFAULT_COLOUR = (12, 58, 112)
SIZE = (1200, 900)


def picture_bytes(product: Product) -> io.BytesIO:
    """A JPEG: a head outline seen from above with the product's electrode positions."""
    colour = COLOURS.get(product.signal_modality, DEFAULT_COLOUR)
    picture = Image.new("RGB", SIZE, (244, 247, 251))
    draw = ImageDraw.Draw(picture)
    width, height = SIZE
    head = (width * 0.3, height * 0.12, width * 0.7, height * 0.88)
    draw.ellipse(head, outline=colour, width=14)
    draw.polygon(
        [(width * 0.47, height * 0.13), (width * 0.5, height * 0.05), (width * 0.53, height * 0.13)], fill=colour
    )
    channels = min(max(product.channels or 8, 4), 64)
    columns = 8
    for index in range(channels):
        row, column = divmod(index, columns)
        x = head[0] + (column + 1) * (head[2] - head[0]) / (columns + 1)
        y = head[1] + (row + 1) * (head[3] - head[1]) / (channels // columns + 2)
        draw.ellipse((x - 14, y - 14, x + 14, y + 14), fill=colour)
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=85)
    out.name = f"{product.model_number or 'product'}.jpg"
    return out


def add_picture(product: Product) -> bool:
    """Give a published ``product`` without images its demo picture; ``False`` when it has one."""
    if ProductImage.objects.filter(product=product).exists():
        return False
    clean = clean_image(picture_bytes(product))
    image = storage.store_image(clean, title=product.name_zh, actor=None)
    alt_zh = f"{product.name_zh}示意图：电极分布"
    alt_en = f"Illustration of {product.name_en or product.name_zh}: electrode layout"
    product.images = [ProductImage(image=image, alt_zh=alt_zh, alt_en=alt_en, sort_order=0)]
    product.save()
    product.save_revision().publish(skip_permission_checks=True)
    renditions.schedule(product)
    return True


#: How many published demo products get a picture (the catalogue's first pages, by name):
#: enough to show the gallery and the list, few enough to keep ``load_demo`` quick.
PICTURED = 24


def load(context: DemoContext) -> None:
    for product in Product.objects.filter(live=True).order_by("name_zh", "pk")[:PICTURED]:
        context.record("product image", add_picture(product))
