"""The till's text reads at a counter: every piece of text on its screens meets WCAG 2.1
AA contrast against what is drawn behind it (4.5:1, 3:1 for large text), and a control
reached with the keyboard shows where the focus is."""

from __future__ import annotations

import pytest

from .till import PENNE, SPREAD, open_till, scan

pytestmark = pytest.mark.browser

#: For each element showing text of its own: its colour against the first opaque
#: background of it or an ancestor, as WCAG computes luminance. Disabled controls are
#: exempt (WCAG 1.4.3), as is text the page hides.
LOW_CONTRAST = """() => {
  const channel = (c) => {
    c /= 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const rgba = (text) => (text.match(/[\\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const mix = (top, bottom) => {
    const a = top[3] ?? 1;
    return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a));
  };
  const background = (element) => {
    const layers = [];
    for (let node = element; node; node = node.parentElement) {
      const colour = rgba(getComputedStyle(node).backgroundColor);
      if (colour.length >= 3 && (colour[3] ?? 1) > 0) layers.push(colour);
      if ((colour[3] ?? 0) === 1 || colour.length === 3) break;
    }
    return layers.reverse().reduce((under, layer) => mix(layer, under), [255, 255, 255]);
  };
  const found = [];
  for (const element of document.querySelectorAll("body *")) {
    const own = [...element.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || !element.getClientRects().length) continue;
    const style = getComputedStyle(element);
    if (style.visibility === "hidden" || Number(style.opacity) === 0) continue;
    if (element.closest("[disabled], [aria-disabled='true'], [hidden]")) continue;
    const fore = rgba(style.color);
    const back = background(element);
    const text = mix(fore, back);
    const [hi, lo] = [luminance(text), luminance(back)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) {
      const name = `${element.tagName.toLowerCase()}#${element.id}.${element.className}`;
      const words = element.textContent.trim().slice(0, 30);
      found.push(`${name}: "${words}" ${ratio.toFixed(2)}`);
    }
  }
  return found;
}"""


def _readable(page) -> None:
    found = page.evaluate(LOW_CONTRAST)
    assert not found, found


def test_the_sell_and_pay_screens_meet_aa_contrast(page, till_server):
    open_till(page, till_server)
    scan(page, SPREAD[0])
    scan(page, PENNE[0])
    _readable(page)
    page.keyboard.press("F9")
    page.locator("#screen-pay").wait_for(state="visible")
    _readable(page)


def test_the_sign_in_screen_meets_aa_contrast(page, till_server):
    till_server.ensure_open()
    page.goto("/till/")
    page.locator("#signin-pin").wait_for(state="attached")
    _readable(page)


def test_the_keyboard_focus_is_visible(page, till_server):
    """A control reached with Tab draws a focus ring (an outline or a shadow)."""
    open_till(page, till_server)
    scan(page, SPREAD[0])
    page.keyboard.press("F9")
    page.locator("#screen-pay").wait_for(state="visible")
    page.keyboard.press("Tab")
    ring = page.evaluate(
        """() => {
          const style = getComputedStyle(document.activeElement);
          return {tag: document.activeElement.tagName, outline: style.outlineStyle,
                  width: parseFloat(style.outlineWidth), shadow: style.boxShadow};
        }"""
    )
    assert ring["tag"] in ("BUTTON", "INPUT", "A"), ring
    assert (ring["outline"] != "none" and ring["width"] >= 2) or ring["shadow"] != "none", ring


def test_the_check_finds_faint_text(page, till_server):
    """The check is not blind: grey on white (2.3:1) and white on yellow are found, black
    on white and large text at 3.5:1 are not."""
    page.goto("/till/display")
    page.evaluate(
        """() => document.body.insertAdjacentHTML("beforeend", `
          <p id="faint" style="color:#aaa;background:#fff">faint</p>
          <p id="glare" style="color:#fff;background:#ff0">glare</p>
          <p id="fine" style="color:#000;background:#fff">fine</p>
          <p id="big" style="color:#888;background:#fff;font-size:30px">big</p>`)"""
    )
    found = " ".join(page.evaluate(LOW_CONTRAST))
    assert "p#faint" in found and "p#glare" in found
    assert "p#fine" not in found and "p#big" not in found
