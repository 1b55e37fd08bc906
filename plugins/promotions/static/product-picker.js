// The promotion form's product picker: search the catalog as one types, add a product
// with a click or Enter, remove it with its ✕. The chosen products are posted as
// product_ids, which the page turns into the API's list.
const picker = document.querySelector(".product-picker");
const search = picker.querySelector("#product-search");
const results = picker.querySelector(".results");
const chosen = picker.querySelector(".chosen");
const template = document.querySelector("#chosen-item");
let pending = null;

function chosenIds() {
  return new Set([...chosen.querySelectorAll("input[name=product_ids]")].map((input) => input.value));
}

function add(product) {
  if (chosenIds().has(String(product.id))) return;
  const item = template.content.firstElementChild.cloneNode(true);
  item.dataset.id = product.id;
  item.querySelector("input").value = product.id;
  item.querySelector(".name").textContent = product.name;
  item.querySelector(".sku").textContent = product.sku || "";
  item.querySelector(".remove").setAttribute("aria-label", `✕ ${product.name}`);
  chosen.append(item);
}

function show(products) {
  results.replaceChildren();
  const taken = chosenIds();
  for (const product of products) {
    const option = document.createElement("li");
    option.setAttribute("role", "option");
    option.tabIndex = 0;
    option.dataset.id = product.id;
    option.textContent = product.sku ? `${product.name} — ${product.sku}` : product.name;
    if (taken.has(String(product.id))) option.setAttribute("aria-selected", "true");
    const pick = () => {
      add(product);
      option.setAttribute("aria-selected", "true");
      search.focus();
    };
    option.addEventListener("click", pick);
    option.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        pick();
      }
    });
    results.append(option);
  }
}

async function find(text) {
  const url = `${picker.dataset.searchUrl}?q=${encodeURIComponent(text)}&limit=20`;
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) return [];
  const body = await response.json();
  return Array.isArray(body) ? body : body.items || [];
}

search.addEventListener("input", () => {
  clearTimeout(pending);
  const text = search.value.trim();
  if (text.length < 2) {
    results.replaceChildren();
    return;
  }
  pending = setTimeout(async () => show(await find(text)), 200);
});

search.addEventListener("keydown", (event) => {
  // Enter in the search box picks the first result instead of sending the form.
  if (event.key === "Enter") {
    event.preventDefault();
    const first = results.querySelector("li");
    if (first) first.click();
  }
});

chosen.addEventListener("click", (event) => {
  const button = event.target.closest(".remove");
  if (button) button.closest("li").remove();
});
