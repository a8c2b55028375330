// Light progressive enhancement: every page works without it.
document.addEventListener('DOMContentLoaded', function () {
  document.querySelectorAll('[data-copy]').forEach(function (button) {
    if (!navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener('click', function () {
      var input = document.getElementById(button.getAttribute('data-copy'));
      navigator.clipboard.writeText(input.value).then(function () { button.textContent = 'Copied'; });
    });
  });
  var invalid = document.querySelector('[aria-invalid=true]');
  if (invalid) { invalid.focus(); }
});
