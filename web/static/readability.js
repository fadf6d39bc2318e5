// readability.js: the reading level of a post while it is written. It is
// web/../readability's Flesch–Kincaid grade, the same algorithm and the
// same words as the server's (readability/readability.go; its tests hold
// the reference table), shown under the text in a polite live region that
// changes only when the level or the nudge changes, so that a screen
// reader hears it once, not at every pause. Without JavaScript, "Check
// for private details" shows the same line, computed by the server.
(function () {
  'use strict';
  var field = document.querySelector('form.compose textarea[name="body"]');
  if (!field || !window.Array || !''.trim) return;
  var MIN_WORDS = 20, NUDGE = 8;

  function isVowel(c) { return 'aeiouyáéíóúàèìòùäëïöü'.indexOf(c) >= 0; }

  function syllables(w) {
    var rs = Array.from(w), n = rs.length;
    if (n <= 3) return 1;
    if (rs[n - 1] === 'e' && !(rs[n - 2] === 'l' && !isVowel(rs[n - 3]))) {
      rs = rs.slice(0, n - 1);
    } else if (rs[n - 2] === 'e' && rs[n - 1] === 'd' && rs[n - 3] !== 't' && rs[n - 3] !== 'd') {
      rs = rs.slice(0, n - 2);
    } else if (rs[n - 2] === 'e' && rs[n - 1] === 's' && 'sxzhc'.indexOf(rs[n - 3]) < 0) {
      rs = rs.slice(0, n - 2);
    }
    var count = 0, inVowels = false;
    rs.forEach(function (c, i) {
      var v = isVowel(c);
      if (c === 'y' && i === 0) v = false;
      if (v && !inVowels) count++;
      inVowels = v;
    });
    return Math.max(1, count);
  }

  function measure(text) {
    text = text.replace(/```[\s\S]*?```/g, ' ')
      .replace(/`[^`\n]*`/g, ' ')
      .replace(/!?\[([^\]\n]*)\]\([^)\n]*\)/g, '$1')
      .replace(/\b(?:https?:\/\/|www\.)\S+/gi, ' ')
      .replace(/^[ \t]*(?:>[ \t]?|[-*+•][ \t]+|\d+[.)][ \t]+|#{1,6}[ \t]+)+/gm, '');
    var words = 0, sentences = 0, syl = 0;
    text.split('\n').forEach(function (line) {
      var pending = false;
      line.split(/\s+/).forEach(function (tok) {
        if (!tok) return;
        var w = tok.toLowerCase().replace(/['’]/g, '').replace(/[^\p{L}]/gu, '');
        if (w) { words++; syl += syllables(w); pending = true; }
        if (pending && /[.!?]$/.test(tok.replace(/["')\]”’*_]+$/, ''))) { sentences++; pending = false; }
      });
      if (pending) sentences++;
    });
    if (!words) return null;
    return { words: words, grade: 0.39 * words / sentences + 11.8 * syl / words - 15.59 };
  }

  function message(m) {
    if (!m || m.words < MIN_WORDS) return '';
    var level = Math.max(1, Math.round(m.grade));
    if (level > NUDGE) {
      return 'Reading level: about grade ' + level + '. Many readers find this hard. Shorter sentences and everyday words help more people understand you.';
    }
    return 'Reading level: about grade ' + level + '. Easy to read for most people.';
  }

  var out = document.getElementById('body-readability');
  if (!out) {
    out = document.createElement('p');
    out.id = 'body-readability';
    out.className = 'readability';
    field.insertAdjacentElement('afterend', out);
  }
  out.setAttribute('aria-live', 'polite');
  var timer = 0;
  function update() {
    var text = message(measure(field.value));
    if (text && text !== out.textContent) {
      out.textContent = text;
      out.classList.toggle('hard', text.indexOf('Many readers') >= 0);
    }
  }
  field.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(update, 700);
  });
  update();
}());
