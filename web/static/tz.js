// tz.js: offers the time zone the browser reports when a page shows
// event times in another one, and fills it in on the time zone settings
// page. It only adds to the page: without it, "Change time zone" and
// ?tz= do the same.
(function () {
  'use strict';
  var guess = '';
  try { guess = Intl.DateTimeFormat().resolvedOptions().timeZone || ''; } catch (e) { return; }
  if (!guess || guess === 'Etc/Unknown') return;
  var shown = guess.replace(/_/g, ' ');

  Array.prototype.forEach.call(document.querySelectorAll('.tz-note'), function (note) {
    var offer = note.querySelector('.tz-offer');
    if (!offer || note.getAttribute('data-tz') === guess) return;
    offer.querySelector('.tz-guess').textContent = shown;
    var here = note.getAttribute('data-here') || location.pathname;
    offer.querySelector('.tz-show').href = here + (here.indexOf('?') < 0 ? '?' : '&') + 'tz=' + encodeURIComponent(guess);
    var value = offer.querySelector('.tz-value');
    if (value) value.value = guess;
    offer.hidden = false;
  });

  var fill = document.querySelector('.tz-fill');
  var field = document.getElementById('time_zone');
  if (fill && field) {
    var b = fill.querySelector('button');
    b.textContent = 'Use my device\u2019s time zone (' + shown + ')';
    b.addEventListener('click', function () { field.value = guess; field.focus(); });
    fill.hidden = false;
  }
})();
