// The floor plan editor: drag a table to place it. The plan is 1000 x 600 units; on
// release the table's new place is posted to its form's address, as the form would.
const PLAN_WIDTH = 1000;
const PLAN_HEIGHT = 600;

function csrfToken() {
  const input = document.querySelector('input[name="csrf_token"]');
  return input ? input.value : "";
}

function place(table, x, y) {
  table.style.left = `${x / 10}%`;
  table.style.top = `${y / 6}%`;
  table.dataset.x = String(x);
  table.dataset.y = String(y);
}

function drag(table) {
  const plan = table.parentElement;
  table.addEventListener("pointerdown", (down) => {
    down.preventDefault();
    table.setPointerCapture(down.pointerId);
    const box = plan.getBoundingClientRect();
    const startX = Number(table.dataset.x);
    const startY = Number(table.dataset.y);
    const scaleX = PLAN_WIDTH / box.width;
    const scaleY = PLAN_HEIGHT / box.height;
    let x = startX;
    let y = startY;
    const move = (event) => {
      x = Math.max(0, Math.round(startX + (event.clientX - down.clientX) * scaleX));
      y = Math.max(0, Math.round(startY + (event.clientY - down.clientY) * scaleY));
      place(table, x, y);
    };
    const up = async () => {
      table.removeEventListener("pointermove", move);
      table.removeEventListener("pointerup", up);
      if (x === startX && y === startY) return;
      const body = new URLSearchParams({ csrf_token: csrfToken(), x: String(x), y: String(y) });
      const answer = await fetch(table.dataset.action, { method: "POST", body, credentials: "same-origin" });
      if (!answer.ok) place(table, startX, startY);
      // The forms below the plan show the new place after a reload.
      window.location.reload();
    };
    table.addEventListener("pointermove", move);
    table.addEventListener("pointerup", up);
  });
}

document.querySelectorAll(".restaurant-table").forEach(drag);
