// live.js: the live room as it happens. It reads the room's stream of
// Server-Sent Events to add new messages and take hidden ones away, and
// sends the form and the moderators' Hide buttons without leaving the
// page. Without it the room works by posting the form and reloading.
(function () {
  'use strict';
  var log = document.getElementById('messages');
  var list = document.getElementById('message-list');
  if (!log || !list || !window.EventSource || !window.fetch || !window.URLSearchParams) return;
  var status = document.getElementById('live-status');
  var empty = document.getElementById('no-messages');
  var form = document.getElementById('live-form');
  var errorBox = document.getElementById('live-error');
  var topic = document.getElementById('topic');
  var qSection = document.getElementById('questions');
  var qList = document.getElementById('question-list');
  var nextQ = document.getElementById('next-q');
  var topicChosen = false;

  function say(text) { status.textContent = text; }
  function post(url, data) {
    return fetch(url, { method: 'POST', credentials: 'same-origin', body: data,
      headers: { 'X-Requested-With': 'live.js', 'Content-Type': 'application/x-www-form-urlencoded' } });
  }

  var es = new EventSource(log.getAttribute('data-stream') + '?after=' + encodeURIComponent(log.getAttribute('data-last') || '0'));
  say('New messages appear below as they are posted.');
  es.addEventListener('open', function () { say('Connected: new messages appear below as they are posted.'); });
  es.addEventListener('error', function () {
    say(es.readyState === EventSource.CLOSED ? 'The live connection closed. Reload the page to see new messages.' : 'Reconnecting\u2026');
  });
  es.addEventListener('message', function (ev) {
    var d = JSON.parse(ev.data);
    if (document.getElementById('m' + d.id)) return;
    list.insertAdjacentHTML('beforeend', d.html);
    if (empty) empty.hidden = true;
    if (d.kind === 'question') addQuestion(d.number, d.text);
  });
  es.addEventListener('hide', function (ev) {
    var el = document.getElementById('m' + JSON.parse(ev.data).id);
    if (el) el.parentNode.removeChild(el);
  });
  es.addEventListener('end', function () {
    es.close();
    say('This chat has ended. Thank you for joining! The transcript will be on the event page.');
    if (form) form.querySelector('button[type=submit]').disabled = true;
  });

  // A new question joins the list and the "About" choices, and becomes
  // the choice unless the member picked one.
  function addQuestion(n, text) {
    if (qList) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = '#q' + n;
      a.textContent = 'Q' + n;
      li.appendChild(a);
      li.appendChild(document.createTextNode(': ' + text));
      qList.appendChild(li);
      if (qSection) qSection.hidden = false;
    }
    if (topic) {
      var o = document.createElement('option');
      o.value = String(n);
      o.textContent = 'Q' + n + ': ' + text;
      topic.appendChild(o);
      if (!topicChosen) topic.value = String(n);
    }
    if (nextQ) nextQ.textContent = 'Q' + (n + 1);
  }

  if (topic) topic.addEventListener('change', function () { topicChosen = true; });

  if (form) {
    form.addEventListener('submit', function (ev) {
      // "Send anyway" goes the ordinary way, after the server's check.
      if (ev.submitter && ev.submitter.name === 'publish_anyway') return;
      ev.preventDefault();
      var button = form.querySelector('button[type=submit]');
      button.disabled = true;
      post(form.action.split('#')[0], new URLSearchParams(new FormData(form)).toString()).then(function (r) {
        if (r.status === 201) {
          form.elements.body.value = '';
          if (form.elements.question) form.elements.question.checked = false;
          errorBox.hidden = true;
          return;
        }
        return r.json().then(function (d) {
          // The privacy guard's findings are shown by the server's page.
          if (d.findings && d.findings.length) { form.submit(); return; }
          errorBox.textContent = d.message || 'Your message was not sent. Please try again.';
          errorBox.hidden = false;
        });
      }).catch(function () {
        errorBox.textContent = 'Your message was not sent: the connection failed. Your text is still here; please try again.';
        errorBox.hidden = false;
      }).then(function () { button.disabled = false; });
    });
  }

  // Moderators' Hide buttons.
  list.addEventListener('submit', function (ev) {
    var f = ev.target;
    if (!f.classList || !f.classList.contains('hide-form')) return;
    ev.preventDefault();
    post(f.action, '').then(function (r) {
      if (r.status === 204) {
        var li = f.closest('li');
        if (li) li.parentNode.removeChild(li);
      } else {
        f.submit();
      }
    });
  });
})();
