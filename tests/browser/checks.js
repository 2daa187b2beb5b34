// What checks.py asks the page: each function takes one argument and returns plain data.

// A short, readable name for an element: up to three levels, stopping at an id.
function describe(el) {
  const parts = [];
  for (let e = el; e && e !== document.body && parts.length < 3; e = e.parentElement) {
    let part = e.tagName.toLowerCase();
    if (e.id) part += "#" + e.id;
    const classes = [...e.classList].slice(0, 2);
    if (classes.length) part += "." + classes.join(".");
    parts.unshift(part);
    if (e.id) break;
  }
  return parts.join(" > ");
}

function shown(el) {
  return el.checkVisibility({ visibilityProperty: true });
}

// The document's width, and the outermost elements sticking out of the viewport on the
// side it scrolls to (the end of the line: right, or left in Arabic).
function overflow(width) {
  const scrollWidth = document.documentElement.scrollWidth;
  if (scrollWidth <= width) return { scrollWidth, culprits: [] };
  const rtl = getComputedStyle(document.documentElement).direction === "rtl";
  const out = (box) => box.width > 0 && (rtl ? box.left < -0.5 : box.right > width + 0.5);
  const culprits = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (!out(box)) continue;
    const parent = el.parentElement;
    if (parent !== document.body && out(parent.getBoundingClientRect())) continue;
    let clipped = false; // inside a box that scrolls or clips on its own
    for (let a = parent; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== "visible") {
        clipped = true;
        break;
      }
    }
    if (clipped) continue;
    culprits.push(`${describe(el)} (${Math.round(box.left)}..${Math.round(box.right)} px)`);
    if (culprits.length === 5) break;
  }
  return { scrollWidth, culprits };
}

// Text wrapping over `lines` lines or more in a block narrower than `minimum` px.
function narrowText({ minimum, lines: most }) {
  const clipped = (el) => {
    for (let e = el; e && e !== document.body; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.clipPath !== "none" || (style.clip && style.clip !== "auto")) return true;
    }
    return false;
  };
  const lineCount = (rects) => {
    let count = 0;
    let bottom = -Infinity;
    for (const r of rects.sort((a, b) => a.top - b.top)) {
      if ((r.top + r.bottom) / 2 > bottom) {
        count += 1;
        bottom = r.bottom;
      } else bottom = Math.max(bottom, r.bottom);
    }
    return count;
  };
  const found = [];
  const seen = new Set();
  const range = document.createRange();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.data.trim();
    if (!text) continue;
    const el = node.parentElement;
    if (el.closest("script, style, template, noscript, svg, select, textarea")) continue;
    range.selectNodeContents(node);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
    if (rects.length < most) continue;
    let box = el; // the block the text is laid out in
    while (box.parentElement && /^(inline|contents)$/.test(getComputedStyle(box).display)) {
      box = box.parentElement;
    }
    if (seen.has(box)) continue;
    const style = getComputedStyle(box);
    const width = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (width >= minimum) continue;
    const count = lineCount(rects);
    if (count < most || clipped(el) || !shown(el)) continue;
    seen.add(box);
    found.push({ where: describe(box), text: text.slice(0, 40), lines: count, width: Math.round(width) });
  }
  return found;
}

// The text a reader of the page's language gets: rendered text and the labels read aloud
// or shown in fields, outside elements marked as another language (the language switcher
// names each language in itself).
function texts(language) {
  const ours = (el) => {
    const marked = el.closest("[lang]");
    return !marked || marked.lang.split("-")[0] === language;
  };
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!node.data.trim() || el.closest("script, style, template, noscript")) continue;
    if (ours(el) && shown(el.closest("select") || el)) found.push(node.data);
  }
  const labelled = "[aria-label], [placeholder], [alt], [title]";
  for (const el of document.body.querySelectorAll(labelled)) {
    if (!ours(el)) continue;
    for (const name of ["aria-label", "placeholder", "alt", "title"]) {
      const value = el.getAttribute(name);
      if (value && value.trim()) found.push(value);
    }
  }
  return found;
}

// Each [what, selector] control of the site's header: the first of its elements a person
// sees, brought into view as a browser does before a click; null when a click reaches
// it, else "missing", "hidden" or why a click would miss it.
function controls(list) {
  const banner = [...document.querySelectorAll('header, [role="banner"]')].find(
    (h) =>
      h.getAttribute("role") === "banner" ||
      !h.parentElement.closest("article, aside, main, nav, section"),
  );
  const big = (el) => {
    const box = el.getBoundingClientRect();
    return box.width >= 1 && box.height >= 1;
  };
  return list.map(([what, selector]) => {
    const all = banner ? [...banner.querySelectorAll(selector)] : [];
    if (!all.length) return [what, "missing"];
    const el = all.find((e) => e.checkVisibility({ visibilityProperty: true, opacityProperty: true }) && big(e));
    if (!el) return [what, "hidden"];
    el.scrollIntoView({ block: "nearest", inline: "nearest" });
    const box = el.getBoundingClientRect();
    const x = box.left + box.width / 2;
    const y = box.top + box.height / 2;
    if (x < 0 || x > innerWidth || y < 0 || y > innerHeight) {
      return [what, `outside the viewport (${Math.round(box.left)}..${Math.round(box.right)} px)`];
    }
    const hit = document.elementFromPoint(x, y);
    if (hit && (hit === el || el.contains(hit))) return [what, null];
    return [what, `covered by ${hit ? describe(hit) : "nothing"} at its centre`];
  });
}

// Resolves once the page has drawn twice and its finite animations (transitions) ended.
function settle() {
  return new Promise((done) =>
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        const running = document
          .getAnimations()
          .filter((a) => a.playState === "running" && Number.isFinite(a.effect?.getComputedTiming().endTime));
        const ended = Promise.all(running.map((a) => a.finished));
        Promise.race([ended, new Promise((later) => setTimeout(later, 1000))]).then(done, done);
      }),
    ),
  );
}
