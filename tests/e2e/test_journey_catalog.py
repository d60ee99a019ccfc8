"""An enterprise editor lists a product in a real browser; staff approve it; the public sees it.

Dashboard → My products → add (Chinese and English side by side, with a photo: a fake "PNG"
is refused beside its field with everything else kept, then the real photo) → save → submit for review;
the alliance approves (through the service, as the admin's approve button does); the product
appears in the Chinese and English catalogues, and the edit made after approval waits for review
while the approved version stays public.
"""

import io
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import expect

from .support import log_in, no_event_loop
from .test_accessibility import describe, run_axe

NAME_ZH = "睡眠监测脑电眼罩"
NAME_EN = "Sleep-monitoring EEG eye mask"
PHOTO_ALT_ZH = "佩戴脑电眼罩的正面照片"
PHOTO_ALT_EN = "Front view of the EEG eye mask being worn"


def _photo() -> dict:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (1200, 800), (40, 90, 160)).save(out, format="JPEG")
    return {"name": "mask.jpg", "mimeType": "image/jpeg", "buffer": out.getvalue()}


def _serve_media(page) -> None:
    """Serve uploaded files as the production proxy does (the test server serves no media)."""
    from django.conf import settings

    root = Path(settings.MEDIA_ROOT).resolve()

    def handle(route):
        relative = unquote(urlsplit(route.request.url).path).removeprefix(settings.MEDIA_URL)
        file = (root / relative).resolve()
        if root in file.parents and file.is_file():
            route.fulfill(path=str(file))
        else:
            route.fulfill(status=404)

    page.route("**/media/**", handle)


@pytest.fixture
def enterprise_editor(site_data):
    from tests.factories import DEFAULT_PASSWORD, MembershipFactory, OrganisationFactory, StaffFactory

    organisation = OrganisationFactory(name_zh="眠泽科技有限公司", name_en="Mianze Tech", slug="mianze")
    user = MembershipFactory(organisation=organisation, role="editor").user
    user.raw_password = DEFAULT_PASSWORD
    user.staff = StaffFactory()
    return user


def test_editor_lists_a_product_and_it_is_public_once_approved(enterprise_editor, page):
    from catalog import services
    from catalog.models import Product

    server_errors = []
    page.on("response", lambda r: server_errors.append(f"{r.status} {r.url}") if r.status >= 500 else None)

    log_in(page, enterprise_editor.email, enterprise_editor.raw_password, language="zh-hans")
    page.goto("/zh-hans/dashboard/")
    page.get_by_role("link", name="产品", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("我的产品")
    page.get_by_role("link", name=re.compile("添加产品")).click()

    main = page.get_by_role("main")
    main.get_by_label("中文名称").fill(NAME_ZH)
    main.get_by_label("英文名称").fill(NAME_EN)
    main.get_by_label("摘要（中文）").fill("干电极脑电眼罩，整夜监测睡眠分期。")
    main.get_by_label("摘要（英文）").fill("A dry-electrode EEG eye mask that stages sleep overnight.")
    # The description's editor: a formatting toolbar over an editable region (the textarea is hidden).
    description = main.get_by_role("textbox", name="中文简介")
    description.click()
    description.type("整夜佩戴，")
    toolbar = main.get_by_role("toolbar").first
    toolbar.get_by_role("button", name="加粗").click()
    expect(toolbar.get_by_role("button", name="加粗")).to_have_attribute("aria-pressed", "true")
    description.type("自动分期")
    toolbar.get_by_role("button", name="加粗").click()
    description.press("Enter")
    toolbar.get_by_role("button", name="项目符号列表").click()
    description.type("睡眠报告")
    form_audit = run_axe(page)  # the form with its editor and toolbar in use
    assert not form_audit["violations"], describe("product-form-zh", page.url, form_audit)
    main.get_by_label("信号模态").select_option("eeg")
    main.get_by_label("电极类型").select_option("dry")
    main.get_by_label("注意力与状态监测").check()
    main.get_by_label("智能生活").check()
    main.get_by_label("通道数").fill("4")
    # A script disguised as a photo is refused next to its field; everything typed is kept.
    disguised = {"name": "photo.png", "mimeType": "image/png", "buffer": b"<?php system($_GET['c']); ?>"}
    main.locator('input[name="images-0-file"]').set_input_files(disguised)
    main.locator('input[name="images-0-alt_zh"]').fill(PHOTO_ALT_ZH)
    main.locator('input[name="images-0-alt_en"]').fill(PHOTO_ALT_EN)
    main.get_by_role("button", name="保存").click()
    refused = "不接受包含标记（SVG、HTML 或脚本）的图片"
    # Beside its field, and in the error box at the top, as a link to the field.
    expect(main.locator("li").filter(has_text=refused).filter(has_not=page.locator("a")).first).to_be_visible()
    expect(main.locator(".form-errors").get_by_role("link", name=re.compile(refused))).to_be_visible()
    expect(main.get_by_label("中文名称")).to_have_value(NAME_ZH)
    expect(main.locator('input[name="images-0-alt_zh"]')).to_have_value(PHOTO_ALT_ZH)
    main.locator('input[name="images-0-file"]').set_input_files(_photo())  # only the file is chosen again
    main.get_by_role("button", name="保存").click()
    expect(page.get_by_text("产品已保存为草稿")).to_be_visible()

    page.get_by_role("button", name="提交审核", exact=True).click()
    expect(page.get_by_text("产品已提交，联盟将进行审核。")).to_be_visible()

    # Not public while it waits (the newest first: where it would be once public).
    page.goto("/zh-hans/products/?sort=newest")
    expect(page.get_by_role("main")).not_to_contain_text(NAME_ZH)

    with no_event_loop():
        product = Product.objects.get(name_zh=NAME_ZH)
        services.approve(staff=enterprise_editor.staff, product=product)

    _serve_media(page)
    # The newest first: by name (pinyin order) it is on a later page of the demo's catalogue.
    page.goto("/zh-hans/products/?sort=newest")
    page.get_by_role("link", name=NAME_ZH).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(NAME_ZH)
    expect(page.get_by_role("main")).to_contain_text("干电极")
    prose = page.locator(".prose").first
    expect(prose.locator("strong")).to_have_text("自动分期")
    expect(prose.get_by_role("listitem")).to_have_text("睡眠报告")
    photo = page.get_by_role("img", name=PHOTO_ALT_ZH)
    expect(photo).to_be_visible()
    assert photo.evaluate("img => img.complete && img.naturalWidth > 0")  # a rendition really loaded
    assert photo.evaluate("img => img.currentSrc").endswith(".webp")
    page.goto(f"/en/products/{product.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(NAME_EN)
    expect(page.get_by_role("img", name=PHOTO_ALT_EN)).to_be_visible()

    # An edit after approval waits for review; the approved version stays public.
    page.goto(f"/zh-hans/dashboard/products/{product.pk}/edit/")
    page.get_by_role("main").get_by_label("中文名称").fill("睡眠监测脑电眼罩二代")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_text("在联盟审核通过之前，公开展示的仍是已发布的版本")).to_be_visible()
    page.goto(f"/zh-hans/products/{product.pk}/")
    expect(page.get_by_role("heading", level=1)).not_to_contain_text("二代")

    assert server_errors == []
