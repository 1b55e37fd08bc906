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
      button.addEventListener("click", () => {
        const input = $(pad.dataset.pad);
        input.value = key === "⌫" ? input.value.slice(0, -1) : input.value + key;
        input.dispatchEvent(new Event("input", { bubbles: true }));
        input.focus();
      });
      pad.append(button);
    }
  }
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

// -- dialogs for plugin actions: till.dialog, till.confirm, till.choose -------------------
// One <dialog> built here, filled for each call. Calls wait for each other: a second
// dialog opens once the first is answered. Texts a plugin gives are shown as given
// (textContent, never markup); the till's own come from the string table.

let queue = Promise.resolve();

function node(tag, props = {}, ...children) {
  const element = Object.assign(document.createElement(tag), props);
  element.append(...children.filter((child) => child != null && child !== ""));
  return element;
}

function minorToText(value) {
  return typeof value === "number" ? (value / 10 ** decimals).toFixed(decimals) : String(value ?? "");
}

/** A field's value as returned, or {error}: money in minor units, numeric as digits. */
function readField(field, input) {
  const text = field.type === "password" ? input.value : input.value.trim();
  const label = field.label ?? field.name;
  if (text === "") {
    if (field.required) return { error: t("dialog_required", { field: label }) };
    return { value: field.type === "money" ? null : "" };
  }
  if (field.type === "money") {
    const amount = parseMoney(text);
    return amount == null ? { error: t("dialog_not_amount", { field: label }) } : { value: amount };
  }
  if (field.type === "numeric" && !/^\d+$/.test(text)) return { error: t("dialog_digits_only", { field: label }) };
  return { value: text };
}

/** Fill the dialog for one call and resolve with what onSubmit or a choice gives, or null. */
function open({ title, message, fields = [], items = null, ok, cancel, validate }, confirming = false) {
  let dialog = $("till-dialog");
  if (!dialog) {
    dialog = node("dialog", { id: "till-dialog", className: "till-dialog" });
    dialog.setAttribute("aria-labelledby", "till-dialog-title");
    document.body.append(dialog);
  }
  const error = node("p", { className: "error", id: "till-dialog-error", role: "alert" });
  const body = node("div", { className: "till-dialog-body" });
  if (message) body.append(node("p", { className: "till-dialog-message", id: "till-dialog-message", textContent: message }));
  dialog.toggleAttribute("aria-describedby", false);
  if (message) dialog.setAttribute("aria-describedby", "till-dialog-message");

  const inputs = fields.map((field, i) => {
    const input = node("input", {
      id: `till-dialog-field-${i}`,
      name: field.name,
      type: field.type === "password" ? "password" : "text",
      value: field.type === "money" ? minorToText(field.value) : String(field.value ?? ""),
      placeholder: field.placeholder ?? "",
      required: Boolean(field.required),
      autocomplete: "off",
      spellcheck: false,
    });
    if (field.type === "numeric" || field.type === "money") input.inputMode = field.type === "money" ? "decimal" : "numeric";
    body.append(node("label", { htmlFor: input.id, textContent: field.label ?? field.name }), input);
    return input;
  });
  // One numeric pad, under the numeric or money field last focused, typing into it.
  const padded = inputs.filter((input) => input.inputMode);
  const pad = padded.length ? node("div", { className: "pad" }) : null;
  const aim = (input) => {
    const decimal = fields[inputs.indexOf(input)].type === "money" ? "1" : "";
    if (pad.dataset.pad === input.id) return;
    pad.dataset.pad = input.id;
    input.after(pad);
    if ((pad.dataset.decimal ?? "") !== decimal) pad.replaceChildren();
    if (decimal) pad.dataset.decimal = decimal;
    else delete pad.dataset.decimal;
    buildPads(dialog);
    if (dialog.open) pad.scrollIntoView({ block: "nearest" }); // the keys under the field
  };

  let list = null;
  if (items) {
    list = node("ul", { className: "till-dialog-items" });
    list.setAttribute("aria-label", title ?? "");
    body.append(list);
  }

  const buttons = node("div", { className: "row till-dialog-buttons" });
  const cancelButton = node("button", { type: "button", className: "cancel", textContent: cancel ?? t("cancel") });
  buttons.append(cancelButton);
  const okButton = items ? null : node("button", { type: "submit", className: "primary", textContent: ok ?? t("ok") });
  if (okButton) buttons.append(okButton);
  const form = node("form", { method: "dialog", noValidate: true, autocomplete: "off" },
    node("h2", { id: "till-dialog-title", textContent: title ?? "" }), body, error, buttons);
  dialog.replaceChildren(form);

  return new Promise((resolve) => {
    let done = false;
    const finish = (result) => {
      if (done) return;
      done = true;
      if (dialog.open) dialog.close();
      resolve(result);
    };
    const fail = (text, input = null) => {
      error.textContent = text;
      for (const each of inputs) each.removeAttribute("aria-invalid");
      input?.setAttribute("aria-invalid", "true");
      if (input) input.focus();
      else if (!dialog.contains(document.activeElement)) (inputs[0] ?? okButton).focus();
    };
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (done || form.getAttribute("aria-busy") === "true") return;
      if (confirming) return finish(true);
      const values = {};
      for (const [i, field] of fields.entries()) {
        const read = readField(field, inputs[i]);
        if (read.error) return fail(read.error, inputs[i]);
        values[field.name] = read.value;
      }
      if (validate) {
        form.setAttribute("aria-busy", "true"); // a second Enter waits for this answer
        let problem;
        try {
          problem = await validate({ ...values });
        } catch (thrown) {
          problem = thrown instanceof NetworkError ? t("offline_action") : (thrown?.message ?? String(thrown));
        }
        form.removeAttribute("aria-busy");
        if (done) return;
        if (problem) return fail(String(problem));
      }
      finish(values);
    });
    for (const [i, item] of (items ?? []).entries()) {
      const button = node("button", { type: "button", onclick: () => finish(item.value) },
        node("span", { textContent: item.label ?? String(item.value) }),
        item.detail ? node("small", { textContent: item.detail }) : null);
      button.dataset.item = String(i);
      list.append(node("li", {}, button));
    }
    list?.addEventListener("keydown", (event) => {
      // Arrows move through the choices; Enter or Space picks the focused one.
      const move = { ArrowDown: 1, ArrowUp: -1 }[event.key];
      if (!move) return;
      event.preventDefault();
      const all = [...list.querySelectorAll("button")];
      all[(all.indexOf(document.activeElement) + move + all.length) % all.length]?.focus();
    });
    cancelButton.addEventListener("click", () => finish(null));
    // Escape: the dialog's cancel event; any other close (the till locking) is a cancel too.
    dialog.oncancel = (event) => {
      event.preventDefault();
      finish(null);
    };
    // A close event arrives after the fact: once this call is answered the next one may
    // already be open, and its dialog is not closed.
    dialog.onclose = () => dialog.open || finish(null);
    form.addEventListener("input", (event) => {
      // Typing again: the last error no longer applies.
      error.textContent = "";
      event.target.removeAttribute("aria-invalid");
    });
    form.addEventListener("focusin", (event) => {
      if (pad && padded.includes(event.target)) aim(event.target);
    });
    if (pad) aim(padded[0]);
    dialog.showModal();
    const first = inputs[0] ?? list?.querySelector("button") ?? okButton ?? cancelButton;
    first.focus();
    if (inputs[0]) inputs[0].select();
  }).then((result) => (confirming ? result === true : result));
}

function queued(run) {
  const result = queue.then(run);
  queue = result.catch(() => {});
  return result;
}

/** till.dialog({title, message, fields: [{name, label, type, value, required, placeholder}],
 * ok, cancel, validate}): {name: value} once submitted and valid, null when cancelled. */
export function tillDialog(options = {}) {
  return queued(() => open({ ...options, items: null }));
}

/** till.confirm({title, message, ok, cancel}): true for OK, false otherwise. */
export function tillConfirm(options = {}) {
  return queued(() => open({ title: options.title, message: options.message, ok: options.ok, cancel: options.cancel }, true));
}

/** till.choose({title, message, items: [{label, value, detail}], cancel}): the value chosen,
 * null when cancelled. */
export function tillChoose(options = {}) {
  return queued(() => open({ title: options.title, message: options.message, items: options.items ?? [], cancel: options.cancel }));
}

/** Close every open dialog as cancelled (the till locks: nothing stays open over it). */
export function closeDialogs() {
  for (const dialog of document.querySelectorAll("dialog[open]")) dialog.close();
}
