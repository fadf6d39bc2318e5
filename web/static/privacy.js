// privacy.js: the privacy guard while a member types. Under each field
// marked data-privacy it shows, in a polite live region, what could
// identify someone, with a button to replace each finding. It only adds
// to the page: without it, "Check for private details" does the same on
// the server, and every post is checked again when it is sent.
(function () {
  'use strict';
  var fields = document.querySelectorAll('[data-privacy]');
  if (!fields.length || !window.fetch || !Array.from) return;

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  Array.prototype.forEach.call(fields, function (field) {
    var out = el('div', '', 'privacy-live');
    out.id = field.id + '-privacy';
    out.setAttribute('aria-live', 'polite');
    field.insertAdjacentElement('afterend', out);
    var timer = 0, seq = 0, shown = '';

    function check() {
      var text = field.value, mine = ++seq;
      if (!text.trim()) { show([], ''); return; }
      fetch('/api/v1/privacy/scan', {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ text: text })
      }).then(function (r) { return r.ok ? r.json() : null; })
        .then(function (d) { if (d && mine === seq && field.value === text) show(d.findings || [], d.summary); })
        .catch(function () { /* the server checks again on send */ });
    }

    // show redraws the region only when the findings change, so that a
    // screen reader hears each change once, not every pause in typing.
    function show(findings, summary) {
      var key = findings.map(function (f) { return f.start + ':' + f.end + ':' + f.type; }).join(',');
      if (key === shown) return;
      var had = shown !== '';
      shown = key;
      out.textContent = '';
      if (!findings.length) {
        if (had) out.appendChild(el('p', 'No private details found so far.'));
        return;
      }
      out.appendChild(el('p', summary + '.'));
      var ul = el('ul');
      findings.forEach(function (f) {
        var li = el('li');
        li.appendChild(document.createTextNode(f.label + ': '));
        li.appendChild(el('mark', f.text));
        var b = el('button', 'Replace with ' + f.placeholder, 'secondary');
        b.type = 'button';
        b.addEventListener('click', function () { replace(f); });
        li.appendChild(b);
        ul.appendChild(li);
      });
      out.appendChild(ul);
    }

    // replace swaps one finding for its placeholder. Offsets count code
    // points; a finding the member has since changed is checked again.
    function replace(f) {
      var cps = Array.from(field.value);
      if (cps.slice(f.start, f.end).join('') === f.text) {
        cps.splice(f.start, f.end - f.start, f.placeholder);
        field.value = cps.join('');
      }
      field.focus();
      check();
    }

    field.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(check, 700);
    });
    // After a server check the findings are listed below the form already.
    if (field.value.trim() && !document.getElementById('privacy')) check();
  });
})();
