/* articast read-along player: highlights the sentence being read, seeks
 * on a click, keeps the place and the speed, and takes keys. Written for
 * articast; the page works without it (the audio has its own controls and
 * the chapter list is plain links). */
(function () {
  "use strict";
  var audio = document.getElementById("audio");
  var data = document.getElementById("clips");
  if (!audio || !data) return;
  var clips = JSON.parse(data.textContent); /* [[id, begin ms, end ms], ...] */
  var spans = clips.map(function (c) { return document.getElementById("s" + c[0]); });
  var key = "articast:" + (document.documentElement.getAttribute("data-edition") || location.pathname);
  var current = -1, saved = 0, restored = false, moved = false;
  var bar = document.querySelector(".player");
  var speed = document.getElementById("speed");
  var shortcuts = document.getElementById("shortcuts");
  var status = document.getElementById("status");

  function store(name, value) {
    try { localStorage.setItem(key + ":" + name, String(value)); } catch (e) { /* storage off */ }
  }
  function load(name) {
    try { return localStorage.getItem(key + ":" + name); } catch (e) { return null; }
  }

  /* the clip at time t (ms): the last whose begin is at or before t */
  function find(t) {
    var lo = 0, hi = clips.length - 1, k = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (clips[mid][1] <= t) { k = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return k;
  }

  /* in view and not under the player, when the player stays on top */
  function visible(el) {
    var r = el.getBoundingClientRect();
    var top = bar && getComputedStyle(bar).position === "sticky" ? bar.getBoundingClientRect().bottom : 0;
    return r.top >= top && r.bottom <= (window.innerHeight || document.documentElement.clientHeight);
  }

  function reveal(k) {
    if (k < 0 || !spans[k] || visible(spans[k])) return;
    var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    spans[k].scrollIntoView({ block: "center", behavior: still ? "auto" : "smooth" });
  }

  function highlight(k) {
    if (k === current) return;
    if (current >= 0 && spans[current]) {
      spans[current].classList.remove("current");
      spans[current].removeAttribute("aria-current");
    }
    current = k;
    if (k >= 0 && spans[k]) {
      spans[k].classList.add("current");
      spans[k].setAttribute("aria-current", "true");
      if (!audio.paused) reveal(k);
    }
  }

  function update() {
    var t = audio.currentTime * 1000;
    highlight(find(t));
    /* the place is kept once the one kept before is back */
    if (restored && (Math.abs(audio.currentTime - saved) >= 2 || audio.paused)) {
      saved = audio.currentTime;
      store("time", audio.currentTime.toFixed(2));
    }
  }

  function seek(k, play) {
    if (k < 0 || k >= clips.length) return;
    moved = true;
    audio.currentTime = clips[k][1] / 1000 + 0.001;
    highlight(k);
    reveal(k);
    update();
    if (play && audio.paused) audio.play().catch(function () {});
  }

  function say(text) {
    if (status) status.textContent = text;
  }

  function setSpeed(v) {
    var x = parseFloat(v);
    if (!(x >= 0.5 && x <= 3)) return;
    audio.playbackRate = x;
    audio.defaultPlaybackRate = x;
    if (speed) speed.value = String(x);
    store("speed", x);
  }

  function step(d) {
    var k = current < 0 ? find(audio.currentTime * 1000) : current;
    seek(Math.max(0, Math.min(clips.length - 1, k + d)), false);
  }

  /* the first sentence of the section d sections away from the current one */
  var sections = Array.prototype.slice.call(document.querySelectorAll("#text section"));
  function section(d) {
    var k = current < 0 ? Math.max(0, find(audio.currentTime * 1000)) : current;
    var here = spans[k] ? sections.indexOf(spans[k].closest("section")) : -1;
    if (here < 0) return;
    /* sections without a sentence are passed over */
    for (var i = here + d; i >= 0 && i < sections.length; i += d) {
      for (var j = 0; j < spans.length; j++) {
        if (sections[i].contains(spans[j])) {
          seek(j, false);
          say((sections[i].querySelector("h1, h2") || sections[i]).textContent);
          return;
        }
      }
    }
  }

  function faster(d) {
    if (!speed) return;
    var i = speed.selectedIndex + d;
    if (i < 0 || i >= speed.options.length) return;
    setSpeed(speed.options[i].value);
    say("Speed " + speed.options[i].text);
  }

  var animating = false;
  function frame() {
    update();
    if (!audio.paused) requestAnimationFrame(frame); else animating = false;
  }

  audio.addEventListener("timeupdate", update);
  audio.addEventListener("seeked", update);
  audio.addEventListener("play", function () {
    if (!animating) { animating = true; requestAnimationFrame(frame); }
  });
  audio.addEventListener("pause", update);
  /* the kept place, unless the listener already moved */
  function restore() {
    var t = parseFloat(load("time"));
    if (restored) return;
    restored = true;
    if (t > 0 && t < audio.duration && !moved) audio.currentTime = t;
    setSpeed(load("speed") || (speed ? speed.value : 1));
  }
  audio.addEventListener("loadedmetadata", restore);
  if (audio.readyState >= 1) restore();

  /* a click on a sentence plays from it; selecting text does not seek */
  document.getElementById("text").addEventListener("click", function (ev) {
    var el = ev.target.closest ? ev.target.closest("span[id^='s']") : null;
    if (!el || (window.getSelection && String(window.getSelection()).length)) return;
    for (var k = 0; k < spans.length; k++) {
      if (spans[k] === el) { seek(k, !audio.paused); return; }
    }
  });

  /* the chapter list seeks as well as jumping to the heading */
  document.querySelectorAll("#chapters a[data-begin]").forEach(function (a) {
    a.addEventListener("click", function () {
      moved = true;
      audio.currentTime = parseFloat(a.getAttribute("data-begin")) / 1000 + 0.001;
      update();
    });
  });

  var back = document.getElementById("back"), play = document.getElementById("play"), next = document.getElementById("next");
  var prevsec = document.getElementById("prevsec"), nextsec = document.getElementById("nextsec");
  if (back) back.addEventListener("click", function () { step(-1); });
  if (next) next.addEventListener("click", function () { step(1); });
  if (prevsec) prevsec.addEventListener("click", function () { section(-1); });
  if (nextsec) nextsec.addEventListener("click", function () { section(1); });
  if (play) {
    play.addEventListener("click", function () {
      if (audio.paused) audio.play().catch(function () {}); else audio.pause();
    });
    audio.addEventListener("play", function () { play.textContent = "Pause"; });
    audio.addEventListener("pause", function () { play.textContent = "Play"; });
  }
  if (speed) speed.addEventListener("change", function () { setSpeed(speed.value); });
  if (shortcuts) {
    shortcuts.checked = load("keys") !== "off";
    shortcuts.addEventListener("change", function () { store("keys", shortcuts.checked ? "on" : "off"); });
  }

  /* keys: k play or pause, j and l the sentence before and after, [ and ]
   * the section before and after, < and > slower and faster; off with the
   * checkbox (WCAG 2.1.4), and never while typing or with a modifier held */
  document.addEventListener("keydown", function (ev) {
    var t = ev.target, tag = t && t.tagName;
    if (shortcuts && !shortcuts.checked) return;
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || (t && t.isContentEditable)) return;
    var done = true;
    switch (ev.key) {
    case "k": if (audio.paused) audio.play().catch(function () {}); else audio.pause(); break;
    case "j": step(-1); break;
    case "l": step(1); break;
    case "[": section(-1); break;
    case "]": section(1); break;
    case "<": faster(-1); break;
    case ">": faster(1); break;
    default: done = false;
    }
    if (done) ev.preventDefault();
  });

  /* a jump to a heading or the text lands below the player when it stays on top */
  function padding() {
    var sticky = bar && getComputedStyle(bar).position === "sticky";
    document.documentElement.style.scrollPaddingTop = sticky ? (bar.offsetHeight + 16) + "px" : "";
  }
  window.addEventListener("resize", padding);

  /* the buttons and keys need this script: shown only with it */
  ["controls", "keys"].forEach(function (id) {
    var el = document.getElementById(id);
    if (el) el.hidden = false;
  });
  document.documentElement.classList.add("js");
  padding();
  update();
})();
