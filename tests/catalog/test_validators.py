import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from catalog.validators import validate_application_fields, validate_functions, validate_registration_number
from catalog.vocabulary import RegulatoryClass
from tests.catalog.factories import ProductFactory


@pytest.mark.parametrize(
    "number",
    ["国械注准20233120123", "国械注进20222070001", "沪械注准20242090456", "粤械注准20212210789"],
)
def test_registration_number_accepts_nmpa_and_provincial_formats(number):
    validate_registration_number(number)


@pytest.mark.parametrize(
    "number",
    [
        "",
        "国械注准2023312012",  # one digit short
        "国械注准202331201234",  # one digit too many
        "国械注准20231120123",  # class I devices are filed, not registered
        "国械备20230123",
        "沪械注准 20242090456",
        "XX械注准20242090456",
        "国械注准19993120123",
    ],
)
def test_registration_number_refuses_malformed_numbers(number):
    with pytest.raises(ValidationError):
        validate_registration_number(number)


def test_registration_number_error_is_translated():
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as info:
            validate_registration_number("12345")
        # The message is lazy: read it while Chinese is still active.
        assert "注册证" in info.value.messages[0]


@pytest.mark.django_db
def test_registration_number_class_must_match_regulatory_class():
    product = ProductFactory.build(regulatory_class=RegulatoryClass.CLASS_II, registration_number="国械注准20233120123")
    with pytest.raises(ValidationError) as info:
        product.clean()
    assert "registration_number" in info.value.message_dict


@pytest.mark.django_db
def test_medical_device_needs_a_number_and_non_medical_has_none():
    with pytest.raises(ValidationError):
        ProductFactory.build(regulatory_class=RegulatoryClass.CLASS_III, registration_number="").clean()
    with pytest.raises(ValidationError):
        ProductFactory.build(registration_number="沪械注准20242090456").clean()
    ProductFactory.build(regulatory_class=RegulatoryClass.CLASS_II, registration_number="沪械注准20242090456").clean()


def test_choice_lists_refuse_unknown_and_repeated_values():
    validate_functions(["motor_control", "speech"])
    validate_application_fields([])
    with pytest.raises(ValidationError):
        validate_functions(["mind_reading"])
    with pytest.raises(ValidationError):
        validate_application_fields(["education", "education"])
    with pytest.raises(ValidationError):
        validate_functions("motor_control")
