"""Validators of the incubator's JSON lists (module-level functions: migrations name them)."""

from catalog.vocabulary import ApplicationField, BCIType, ProductFunction
from incubator.vocabulary import Need, PlatformService, Region, StartupStage
from portal.listing.choices import validate_choice_list
from portal.vocabulary import Indication


def validate_bci_types(value) -> None:
    validate_choice_list(value, BCIType)


def validate_functions(value) -> None:
    validate_choice_list(value, ProductFunction)


def validate_indications(value) -> None:
    validate_choice_list(value, Indication)


def validate_application_fields(value) -> None:
    validate_choice_list(value, ApplicationField)


def validate_needs(value) -> None:
    validate_choice_list(value, Need)


def validate_stages(value) -> None:
    validate_choice_list(value, StartupStage)


def validate_regions(value) -> None:
    validate_choice_list(value, Region)


def validate_services(value) -> None:
    validate_choice_list(value, PlatformService)
