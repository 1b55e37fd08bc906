// The floor plan at the till: each room's tables drawn where the back office placed them,
// in their shape, coloured by state (free, seated, ordered, waiting for the bill) with the
// time the party has sat. The plan is scaled to fit the screen (the zoom buttons make it
// bigger, the plan then scrolls); every table stays at least touch-sized. Touching a table
// answers it. Built with the DOM (no markup from data) and styled through element.style,
// which the till's content security policy allows.

const PLAN_WIDTH = 1000; // plan units, as the back office's editor draws them
const PLAN_HEIGHT = 600;
const TOUCH = 56; // px: the smallest table a finger hits surely
const ZOOMS = [1, 1.5, 2];

// Background and border of each state; the word is always written too (colour is a hint).
const COLOURS = {
  free: ["#dff5e1", "#2e7d32"],
  seated: ["#dbe8fb", "#1e5fb4"],
  ordering: ["#fde8c8", "#a05a00"],
  bill: ["#f9d0d0", "#b3261e"],
};

function node(tag, props = {}, style = {}, ...children) {
  const element = Object.assign(document.createElement(tag), props);
  Object.assign(element.style, style);
  element.append(...children.filter(Boolean));
  return element;
}

/** The plan's extent: the editor's 1000 x 600, or more when a table lies beyond it. */
function extent(tables) {
  let width = PLAN_WIDTH;
  let height = PLAN_HEIGHT;
  for (const table of tables) {
    width = Math.max(width, table.x + table.width);
    height = Math.max(height, table.y + table.height);
  }
  return { width, height };
}

// The table's name in the largest size (up to 1.15rem) at which its longest word fits
// the table's width: a bold letter is about 0.62 em wide, a round table's text line about
// three quarters of its width. Longer names then wrap at their spaces instead of being cut.
function nameSize(name, width, round) {
  const room = (round ? width * 0.75 : width) - 10;
  const longest = Math.max(1, ...name.split(/\s+/).map((word) => word.length));
  const rem = room / (longest * 0.62 * 16);
  return `${Math.max(0.7, Math.min(1.15, rem)).toFixed(2)}rem`;
}

function tableButton(till, table, words, scale, pick) {
  const [background, border] = COLOURS[table.state] ?? COLOURS.free;
  const width = Math.max(TOUCH, table.width * scale);
  const detail = [words.state(table.state)];
  if (table.state !== "free") detail.push(till.t("restaurant.seated_for", { minutes: Math.floor((table.seated_seconds ?? 0) / 60) }));
  const button = node(
    "button",
    {
      type: "button",
      className: `restaurant-plan-table state-${table.state}`,
      onclick: () => pick(table),
    },
    {
      position: "absolute",
      left: `${table.x * scale}px`,
      top: `${table.y * scale}px`,
      width: `${width}px`,
      height: `${Math.max(TOUCH, table.height * scale)}px`,
      borderRadius: table.shape === "round" ? "50%" : "8px",
      border: `3px solid ${border}`,
      background,
      color: "#111",
      padding: "2px",
      display: "flex",
      flexDirection: "column",
      alignItems: "center",
      justifyContent: "center",
      lineHeight: "1.1",
      overflow: "hidden",
      minWidth: "0",
      minHeight: "0",
    },
    node(
      "strong",
      { textContent: table.name },
      { fontSize: nameSize(table.name, width, table.shape === "round"), textAlign: "center", overflowWrap: "anywhere" },
    ),
    node("small", { textContent: detail.join(" · ") }, { fontSize: ".8rem" }),
  );
  button.dataset.table = String(table.id);
  button.dataset.state = table.state;
  button.setAttribute("aria-label", `${till.t("restaurant.table", { name: table.name })}: ${detail.join(", ")}`);
  return button;
}

/**
 * Show the rooms and let the waiter touch a table. Resolves the table (as
 * GET /restaurant/floor answers it), "list" when the waiter asked for the list, or null.
 */
export function pickOnPlan(till, rooms, words) {
  return new Promise((resolve) => {
    let room = rooms[0];
    let zoom = 0;
    const plan = node("div", { className: "restaurant-plan" }, { position: "relative", margin: "0 auto", border: "1px solid #bbb", background: "#fafafa" });
    const scroller = node(
      "div",
      {},
      { flex: "1 1 auto", minHeight: "0", overflow: "auto", touchAction: "pan-x pan-y" },
      plan,
    );
    const tabs = node("div", { className: "restaurant-rooms", role: "tablist" }, { display: "flex", gap: ".4em", flexWrap: "wrap" });
    const dialog = node(
      "dialog",
      { className: "restaurant-floor" },
      { maxWidth: "none", width: "96vw", height: "94dvh", padding: ".6em", display: "flex", flexDirection: "column", gap: ".4em" },
    );
    const finish = (answer) => {
      window.removeEventListener("resize", draw);
      if (dialog.open) dialog.close();
      dialog.remove();
      resolve(answer);
    };
    const zoomButton = (step, text, label) => {
      const button = node("button", { type: "button", textContent: text, onclick: () => ((zoom = Math.max(0, Math.min(ZOOMS.length - 1, zoom + step))), draw()) });
      button.setAttribute("aria-label", label);
      return button;
    };
    const bigger = zoomButton(1, "+", till.t("restaurant.zoom_in"));
    const smaller = zoomButton(-1, "−", till.t("restaurant.zoom_out"));
    const header = node(
      "div",
      {},
      { display: "flex", alignItems: "center", gap: ".4em", flexWrap: "wrap" },
      node("h2", { textContent: till.t("restaurant.tables") }, { margin: "0 .4em 0 0", flex: "none" }),
      tabs,
      node("span", {}, { flex: "1" }),
      smaller,
      bigger,
      node("button", { type: "button", textContent: till.t("restaurant.as_list"), onclick: () => finish("list") }),
      node("button", { type: "button", textContent: till.t("cancel"), onclick: () => finish(null) }),
    );

    function draw() {
      const tables = room?.tables ?? [];
      const size = extent(tables);
      // Fit the room in the space the dialog leaves it, then zoom.
      const box = scroller.getBoundingClientRect();
      const fit = Math.min((box.width - 4) / size.width, (box.height - 4) / size.height);
      const scale = Math.max(0.2, fit) * ZOOMS[zoom];
      Object.assign(plan.style, { width: `${size.width * scale}px`, height: `${size.height * scale}px` });
      plan.replaceChildren(...tables.map((table) => tableButton(till, table, words, scale, finish)));
      tabs.replaceChildren(
        ...rooms.map((each) => {
          const tab = node("button", { type: "button", role: "tab", textContent: each.name, onclick: () => ((room = each), draw()) });
          tab.setAttribute("aria-selected", String(each === room));
          if (each === room) tab.className = "primary";
          return tab;
        }),
      );
      smaller.disabled = zoom === 0;
      bigger.disabled = zoom === ZOOMS.length - 1;
    }

    dialog.append(header, scroller);
    dialog.addEventListener("cancel", (event) => {
      event.preventDefault(); // Escape
      finish(null);
    });
    document.body.append(dialog);
    dialog.showModal();
    window.addEventListener("resize", draw);
    draw();
  });
}
