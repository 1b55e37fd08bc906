// The modal dialog (quantity, weight, discounts with a manager's approval) and the
// numeric pads. A <dialog> keeps the focus inside and closes on Escape.

import { t } from "./i18n.js";

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
