"""Resolvers for ``make bench`` (bench/pages.py). Django is imported only when they run."""


def product_list_with_facets(language: str = "zh-hans"):
    def resolve() -> str:
        from django.urls import reverse
        from django.utils import translation

        with translation.override(language):
            return reverse("catalog:product_list") + "?type=non_invasive&modality=eeg"

    resolve.description = f"catalogue list, filtered by two facets ({language})"
    return resolve


def first_product(language: str = "zh-hans"):
    def resolve() -> str | None:
        from django.utils import translation

        from catalog.models import Product

        product = Product.objects.public().order_by("pk").first()
        if product is None:
            return None
        with translation.override(language):
            return product.get_absolute_url()

    resolve.description = f"first public product ({language})"
    return resolve
