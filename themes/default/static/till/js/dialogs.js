// The modal dialogs (quantity, weight, discounts with a manager's approval; the dialogs of
// plugin actions) and the numeric pads. A <dialog> keeps the focus inside and closes on Escape.

import { NetworkError } from "./api.js";
import { decimals, parseMoney, t } from "./i18n.js";

const $ = (id) => document.getElementById(id);

/** Fill every .pad[data-pad] with digit buttons that type into their input. */
export function buildPads(root = document) {
  for (const pad of root.querySelectorAll(".pad[data-pad]")) {
    if (pad.childElementCount) continue;
    const keys = ["7", "8", "9", "4", "5", "6", "1", "2", "3", pad.dataset.decimal ? "." : "00", "0", "⌫"];
    for (const key of keys) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = key;
      button.tabIndex = -1; // the keyboard types into the field directly
      if (key === "⌫") button.setAttribute("aria-label", t("clear"));
      // A tap must not take the focus from the field being typed (the manager's PIN).
      button.addEventListener("mousedown", (event) => event.preventDefault());
      button.addEventListener("click", () => press(pad, key));
      pad.append(button);
    }
  }
}

/** A pad's key typed where the focus is (a field of the pad's form or dialog), else into
 * the pad's own field: over the selection, so that the first key replaces a pre-filled,
 * selected value (a quantity of 1 becomes 6, not 16). */
function press(pad, key) {
  const focused = document.activeElement;
  const home = pad.closest("form, dialog, section");
  const input = focused?.matches("input:not([type=radio]):not([type=checkbox])") && home?.contains(focused) ? focused : $(pad.dataset.pad);
  let start = input.selectionStart ?? input.value.length;
  const end = input.selectionEnd ?? start;
  if (key === "⌫" && start === end) start = Math.max(0, start - 1);
  const typed = key === "⌫" ? "" : key;
  input.value = input.value.slice(0, start) + typed + input.value.slice(end);
  input.focus();
  input.setSelectionRange?.(start + typed.length, start + typed.length);
  input.dispatchEvent(new Event("input", { bubbles: true }));
}

/**
 * Ask for a value. options: {title, label, value, kind (show percent/amount choice),
 * approval (show the manager fields), managers: [{id, full_name}], validate(values) -> error
 * text or a promise of it}. Resolves {value, kind, manager, pin} or null when cancelled.
 */
export function ask(options) {
  const dialog = $("dialog");
  $("dialog-title").textContent = options.title;
  $("dialog-label").textContent = options.label;
  $("dialog-input").value = options.value ?? "";
  $("dialog-kind").hidden = !options.kind;
  $("dialog-error").textContent = "";
  $("dialog-pin").value = "";
  const approval = $("dialog-approval");
  const showApproval = (legend) => {
    approval.hidden = false;
    $("dialog-approval-legend").textContent = legend;
    const select = $("dialog-manager");
    select.replaceChildren(
      ...(options.managers ?? []).map((m) => new Option(m.full_name, m.id)),
    );
  };
  approval.hidden = true;
  return new Promise((resolve) => {
    const form = $("dialog-form");
    const values = () => ({
      value: $("dialog-input").value,
      kind: form.elements.kind.value,
      manager: approval.hidden ? null : Number($("dialog-manager").value),
      pin: approval.hidden ? null : $("dialog-pin").value,
      showApproval,
    });
    const onSubmit = async (event) => {
      event.preventDefault();
      const error = options.validate ? await options.validate(values()) : null;
      if (error) {
        $("dialog-error").textContent = error;
        (approval.hidden ? $("dialog-input") : $("dialog-pin")).focus();
        return;
      }
      finish(values());
    };
    const onClose = () => finish(null);
    function finish(result) {
      form.removeEventListener("submit", onSubmit);
      $("dialog-cancel").removeEventListener("click", onCancel);
      dialog.removeEventListener("close", onClose);
      if (dialog.open) dialog.close();
      resolve(result);
    }
    const onCancel = () => finish(null);
    $("dialog-cancel").addEventListener("click", onCancel);
    form.addEventListener("submit", onSubmit);
    dialog.addEventListener("close", onClose);
    dialog.showModal();
    $("dialog-input").focus();
    $("dialog-input").select();
  });
}

// -- plugin actions' dialogs: till.dialog, till.confirm, till.choose ---------------------
// The page's #till-dialog, refilled for each call; calls wait their turn. A plugin's texts
// are shown as given (textContent, never markup); the till's own come from t().

let queue = Promise.resolve();

function node(tag, props, ...children) {
  const element = Object.assign(document.createElement(tag), props);
  element.append(...children.filter(Boolean));
  return element;
}

/** A field's {value} as returned (money in minor units, numeric as digits) or {error}. */
function read(field, input) {
  const text = field.type === "password" ? input.value : input.value.trim();
  const name = { field: field.label ?? field.name };
  if (!text) return field.required ? { error: t("dialog_required", name) } : { value: field.type === "money" ? null : "" };
  const value = field.type === "money" ? parseMoney(text) : text;
  if (value == null) return { error: t("dialog_not_amount", name) };
  if (field.type === "numeric" && !/^\d+$/.test(text)) return { error: t("dialog_digits_only", name) };
  return { value };
}

function open({ title, message, fields = [], items, ok, cancel, validate }, confirming) {
  const dialog = $("till-dialog");
  const form = $("till-dialog-form");
  const error = $("till-dialog-error");
  $("till-dialog-title").textContent = title ?? "";
  $("till-dialog-ok").textContent = ok ?? t("ok");
  $("till-dialog-ok").hidden = Boolean(items);
  $("till-dialog-cancel").textContent = cancel ?? t("cancel");
  error.textContent = "";
  const pad = node("div", { className: "pad" });
  const inputs = fields.map((field, i) => {
    const money = field.type === "money";
    const value = money && typeof field.value === "number" ? (field.value / 10 ** decimals).toFixed(decimals) : field.value ?? "";
    const input = node("input", { id: `till-dialog-${i}`, type: field.type === "password" ? "password" : "text", value, placeholder: field.placeholder ?? "", required: Boolean(field.required), autocomplete: "off", spellcheck: false });
    if (field.max_length) input.maxLength = field.max_length;
    if (money || field.type === "numeric") {
      input.inputMode = money ? "decimal" : "numeric";
      // The numeric pad goes under the field being typed, with a decimal key for money.
      input.onfocus = () => {
        if (pad.dataset.pad === input.id) return;
        if (pad.dataset.decimal !== (money ? "1" : "")) pad.replaceChildren();
        Object.assign(pad.dataset, { pad: input.id, decimal: money ? "1" : "" });
        input.after(pad);
        buildPads(dialog);
        pad.scrollIntoView({ block: "nearest" });
      };
    }
    return input;
  });
  return new Promise((resolve) => {
    let done = false;
    let busy = false;
    const finish = (result) => {
      if (done) return;
      done = true;
      if (dialog.open) dialog.close();
      resolve(result);
    };
    const fail = (text, input) => {
      error.textContent = text;
      input?.setAttribute("aria-invalid", "true");
      if (input) input.focus();
      else if (!dialog.contains(document.activeElement)) (inputs[0] ?? $("till-dialog-ok")).focus();
    };
    const list = items && node("ul", { className: "till-dialog-items", onkeydown: (event) => {
      // The arrows move through the choices; Enter picks the one in focus.
      const move = { ArrowDown: 1, ArrowUp: -1 }[event.key];
      const all = [...list.querySelectorAll("button")];
      if (move && all.length) {
        event.preventDefault();
        all[(all.indexOf(document.activeElement) + move + all.length) % all.length].focus();
      }
    } }, ...items.map((item) => node("li", {}, node("button", { type: "button", onclick: () => finish(item.value) },
      node("span", { textContent: item.label ?? String(item.value) }), item.detail && node("small", { textContent: item.detail })))));
    $("till-dialog-body").replaceChildren(
      ...(message ? [node("p", { id: "till-dialog-message", className: "till-dialog-message", textContent: message })] : []),
      ...inputs.flatMap((input, i) => [node("label", { htmlFor: input.id, textContent: fields[i].label ?? fields[i].name }), input]),
      ...(list ? [list] : []),
    );
    form.onsubmit = async (event) => {
      event.preventDefault();
      if (done || busy) return;
      if (confirming) return finish(true);
      const values = {};
      for (const [i, field] of fields.entries()) {
        const answer = read(field, inputs[i]);
        if (answer.error) return fail(answer.error, inputs[i]);
        values[field.name] = answer.value;
      }
      busy = true; // a second Enter waits for validate's answer
      let problem = null;
      try {
        problem = await validate?.({ ...values });
      } catch (thrown) {
        problem = thrown instanceof NetworkError ? t("offline_action") : thrown?.message ?? String(thrown);
      }
      busy = false;
      if (done) return;
      if (problem) fail(String(problem));
      else finish(values);
    };
    form.oninput = (event) => {
      error.textContent = ""; // typing again: the last error no longer applies
      event.target.removeAttribute("aria-invalid");
    };
    $("till-dialog-cancel").onclick = () => finish(null);
    dialog.oncancel = (event) => {
      event.preventDefault(); // Escape
      finish(null);
    };
    // Any other close (the till locking) cancels too. The event comes late: once this call
    // is answered, the next one may be open already, and is not closed.
    dialog.onclose = () => dialog.open || finish(null);
    inputs.find((input) => input.onfocus)?.onfocus();
    dialog.showModal();
    const first = inputs[0] ?? list?.querySelector("button") ?? $(confirming ? "till-dialog-ok" : "till-dialog-cancel");
    first.focus();
    inputs[0]?.select();
  }).then((result) => (confirming ? result === true : result));
}

function queued(options, confirming = false) {
  const result = queue.then(() => open(options, confirming));
  queue = result.catch(() => {});
  return result;
}

/** till.dialog({title, message, fields: [{name, label, type, value, required, placeholder,
 * max_length}],
 * ok, cancel, validate}): {name: value} once valid, null when cancelled. */
export const tillDialog = (options) => queued({ ...options, items: null });

/** till.confirm({title, message, ok, cancel}): true for OK, false otherwise. */
export const tillConfirm = ({ title, message, ok, cancel } = {}) => queued({ title, message, ok, cancel }, true);

/** till.choose({title, message, items: [{label, value, detail}], cancel}): the value of the
 * item chosen, null when cancelled. */
export const tillChoose = ({ title, message, items = [], cancel } = {}) => queued({ title, message, items, cancel });

/** Close every open dialog as cancelled (the till locks: nothing stays open over it). */
export function closeDialogs() {
  for (const dialog of document.querySelectorAll("dialog[open]")) dialog.close();
}
