// Atrium (issue 12): runs the WebAuthn ceremony of a hosted page. A form with data-webauthn="create" or "get" carries
// the options (binary values in base64url) in data-webauthn-options; the answer is posted back, as JSON in the form
// field "response", in the JSON form of a PublicKeyCredential (binary values in base64url).
(function () {
  'use strict';
  function fromB64u(s) {
    var b = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((s.length + 3) % 4));
    var a = new Uint8Array(b.length);
    for (var i = 0; i < b.length; i++) { a[i] = b.charCodeAt(i); }
    return a.buffer;
  }
  function toB64u(buf) {
    var a = new Uint8Array(buf), s = '';
    for (var i = 0; i < a.length; i++) { s += String.fromCharCode(a[i]); }
    return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
  function descriptors(list) {
    return (list || []).map(function (d) { return { type: d.type, id: fromB64u(d.id), transports: d.transports }; });
  }
  function createOptions(o) {
    o.challenge = fromB64u(o.challenge);
    o.user.id = fromB64u(o.user.id);
    o.excludeCredentials = descriptors(o.excludeCredentials);
    return { publicKey: o };
  }
  function getOptions(o) {
    o.challenge = fromB64u(o.challenge);
    o.allowCredentials = descriptors(o.allowCredentials);
    return { publicKey: o };
  }
  function answer(c) {
    var r = c.response, out = { id: c.id, rawId: toB64u(c.rawId), type: c.type,
      authenticatorAttachment: c.authenticatorAttachment || null,
      clientExtensionResults: c.getClientExtensionResults ? c.getClientExtensionResults() : {}, response: {
        clientDataJSON: toB64u(r.clientDataJSON) } };
    if (r.attestationObject) {
      out.response.attestationObject = toB64u(r.attestationObject);
      out.response.transports = r.getTransports ? r.getTransports() : [];
    } else {
      out.response.authenticatorData = toB64u(r.authenticatorData);
      out.response.signature = toB64u(r.signature);
      out.response.userHandle = r.userHandle ? toB64u(r.userHandle) : null;
    }
    return JSON.stringify(out);
  }
  function start(form, event) {
    if (event) { event.preventDefault(); }
    var mode = form.getAttribute('data-webauthn');
    var options = JSON.parse(form.getAttribute('data-webauthn-options'));
    var error = document.querySelector('[data-webauthn-error]');
    if (!window.PublicKeyCredential) {
      if (error) { error.textContent = 'This browser cannot use security keys or passkeys.'; error.hidden = false; }
      return;
    }
    var call = mode === 'create' ? navigator.credentials.create(createOptions(options))
      : navigator.credentials.get(getOptions(options));
    call.then(function (c) {
      form.querySelector('input[name=response]').value = answer(c);
      form.submit();
    }, function (e) {
      if (error) { error.textContent = 'The authenticator did not answer (' + e.name + '). Try again.'; error.hidden = false; }
    });
  }
  document.addEventListener('DOMContentLoaded', function () {
    var forms = document.querySelectorAll('form[data-webauthn]');
    for (var i = 0; i < forms.length; i++) {
      (function (form) { form.addEventListener('submit', function (e) { start(form, e); }); })(forms[i]);
    }
  });
})();
