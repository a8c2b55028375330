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
  // the login preview follows the branding fields as they are typed
  document.querySelectorAll('[data-preview]').forEach(function (preview) {
    var form = document.querySelector('form[data-form="' + preview.getAttribute('data-preview') + '"]');
    if (!form) { return; }
    var color = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;
    var logo = preview.querySelector('[data-preview-logo]');
    var initial = preview.querySelector('[data-preview-initial]');
    var title = preview.querySelector('[data-preview-title]');
    var value = function (name) {
      var field = form.elements.namedItem(name);
      return field ? field.value.trim() : '';
    };
    var update = function () {
      var primary = value('branding.colors.primary');
      var background = value('branding.colors.page_background');
      if (color.test(primary)) { preview.style.setProperty('--p-brand', primary); }
      if (color.test(background)) { preview.style.setProperty('--p-bg', background); }
      var shown = value('display_name') || value('name');
      if (shown) {
        title.textContent = shown;
        initial.textContent = shown.charAt(0).toUpperCase();
      }
      var url = value('branding.logo_url');
      var usable = url.indexOf('https://') === 0;
      if (usable && logo.getAttribute('src') !== url) { logo.setAttribute('src', url); }
      logo.hidden = !usable;
      initial.hidden = usable;
    };
    form.addEventListener('input', update);
    form.addEventListener('change', update);
  });
  var invalid = document.querySelector('[aria-invalid=true]');
  if (invalid) { invalid.focus(); }
});

// E-mail previews (issue 13): the message's HTML travels as the text of a hidden textarea and is shown
// in a sandboxed frame (no scripts, no access to the dashboard's origin).
(function () {
  var show = function () {
    document.querySelectorAll('iframe[data-email-frame]').forEach(function (frame) {
      var source = frame.parentElement.querySelector('textarea[data-email-html]');
      if (source) {
        frame.srcdoc = source.value;
      }
    });
  };
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', show);
  } else {
    show();
  }
})();
