"""Catalogue factories. ``PublishedProductFactory`` goes through the real publish path."""

import factory

from catalog.models import Product
from catalog.vocabulary import BCIType, ElectrodeType, ModerationStatus, RegulatoryClass, SignalModality
from tests.factories import OrganisationFactory


class ProductFactory(factory.django.DjangoModelFactory):
    """A draft (never published) product."""

    class Meta:
        model = Product
        # save_revision() and publish() save what they change.
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    name_zh = factory.Sequence(lambda n: f"脑电头环{n}")
    name_en = factory.Sequence(lambda n: f"EEG headband {n}")
    model_number = factory.Sequence(lambda n: f"NB-{n}")
    summary_zh = "干电极脑电头环，用于专注度监测。"
    summary_en = "A dry-electrode EEG headband for attention monitoring."
    bci_type = BCIType.NON_INVASIVE
    signal_modality = SignalModality.EEG
    electrode_type = ElectrodeType.DRY
    functions = factory.LazyFunction(lambda: ["state_monitoring"])
    application_fields = factory.LazyFunction(lambda: ["education"])
    regulatory_class = RegulatoryClass.NON_MEDICAL
    channels = 8
    sampling_rate_hz = 250
    wireless = True
    live = False

    @factory.post_generation
    def revision(obj, create, extracted, **kwargs):
        if create:
            obj.save_revision()


class PublishedProductFactory(ProductFactory):
    """A product whose latest revision is published, as staff approval leaves it."""

    moderation_status = ModerationStatus.APPROVED

    @factory.post_generation
    def publish(obj, create, extracted, **kwargs):
        if create:
            obj.latest_revision.publish(skip_permission_checks=True)
            obj.refresh_from_db()
