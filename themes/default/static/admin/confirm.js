// Forms marked data-confirm (the confirm_button macro) ask before they are sent. A file,
// not an inline script: the Content-Security-Policy lets scripts come from the server only.
document.addEventListener("submit", function (event) {
  var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) event.preventDefault();
});
