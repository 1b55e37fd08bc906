// Strings, settings and money formatting for the till's scripts. The strings come from
// the page (core/till/strings.py, translated by gettext on the server).

/** What the page gives its scripts (core/till/views.py boot_data). */
export const boot = JSON.parse(document.getElementById("till-boot").textContent);

export const settings = boot.settings;

/** The register's pricing settings over the shop's: with several shops, each may price
 * with or without tax and round cash its own way (the server's register answer, kept for
 * offline starts with the register). */
export function useRegisterPricing(register) {
  if (register?.pricing) Object.assign(settings, register.pricing);
}
/** The cashier's language: the strings' and the numbers' (the store's before boot had it). */
export const locale = boot.locale || settings.locale;
export const actions = boot.actions;

const LANGUAGE_TRIED = "comptoir-till-language";

/** A cashier whose language (their own, else the browser's) is not the page's gets the
 * page in theirs: it is served again (the server writes it in the signed-in user's
 * language), once, while the server is reachable; offline, at the next call once it is
 * back. The session and the cart (localStorage) survive the reload. True when the page is
 * being reloaded. */
export function speakCashiersLanguage(user, online) {
  const wanted = user?.language || boot.default_locale;
  if (!wanted || wanted === locale) {
    sessionStorage.removeItem(LANGUAGE_TRIED);
    return false;
  }
  // The same switch asked before and the page still in its old language (a cached copy
  // served offline): no second reload, no loop.
  const attempt = `${wanted}:${locale}`;
  if (!online || sessionStorage.getItem(LANGUAGE_TRIED) === attempt) return false;
  sessionStorage.setItem(LANGUAGE_TRIED, attempt);
  location.reload();
  return true;
}

/** The translated string of key, with %(name)s placeholders filled from params. */
export function t(key, params = {}) {
  const text = boot.strings[key] ?? key;
  return text.replace(/%\((\w+)\)s/g, (_, name) => String(params[name] ?? "")).replace(/%%/g, "%");
}

const formatter = new Intl.NumberFormat(locale, {
  style: "currency",
  currency: settings.currency,
});
export const decimals = formatter.resolvedOptions().maximumFractionDigits;

/** 1250 -> "€12.50" (in the cashier's language, the store's currency). */
export function money(minor) {
  return formatter.format(minor / 10 ** decimals);
}

/** "12.5" or "12,50" typed by a cashier -> 1250 minor units; null when unreadable. */
export function parseMoney(text) {
  const clean = String(text ?? "").trim().replace(",", ".");
  const match = /^(\d*)(?:\.(\d*))?$/.exec(clean);
  if (!clean || !match || (match[1] === "" && !match[2])) return null;
  const fraction = (match[2] || "").padEnd(decimals, "0");
  if (fraction.length > decimals) return null;
  return Number(match[1] || "0") * 10 ** decimals + Number(fraction || "0");
}

/** Same, for a quantity with up to 3 decimals: "0,452" -> "0.452"; null if unreadable. */
export function parseQuantity(text) {
  const clean = String(text ?? "").trim().replace(",", ".");
  if (!/^\d*(\.\d{0,3})?$/.test(clean) || !/[1-9]/.test(clean)) return null;
  return clean.replace(/^\./, "0.").replace(/\.$/, "");
}

export function formatQuantity(quantity) {
  return String(quantity).includes(".") ? String(quantity).replace(/0+$/, "").replace(/\.$/, "") : String(quantity);
}

export function time(iso) {
  return new Date(iso).toLocaleTimeString(locale);
}
