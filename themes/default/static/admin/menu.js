// The menu scrolls on its own when it is taller than the window: bring the current page's
// entry to its middle, so that a page far down the menu (Settings, a plugin's heading)
// does not open with its entry hidden below the window. Only the menu scrolls, not the
// page (scrollIntoView would move the window as well).
(function () {
  var current = document.querySelector('.menu a[aria-current="page"]');
  var menu = current && current.closest(".menu-sections");
  if (!menu) return;
  var top = current.getBoundingClientRect().top - menu.getBoundingClientRect().top + menu.scrollTop;
  menu.scrollTop = top - (menu.clientHeight - current.offsetHeight) / 2;
})();
