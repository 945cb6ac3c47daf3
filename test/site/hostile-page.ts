// Pages that attack the overlay itself (issue 17): they pre-claim its tag, clobber the globals its
// scripts looked up, and listen for what Heatlens says to the page. Each is the landing page (so the
// sample data's hot spots apply) plus one script file, never inline. test/e2e/hostile-page.test.ts.

/** Path → the extra <head> tags that make the landing page hostile. */
export const overlayAttackPages: Readonly<Record<string, { headExtra: string }>> = {
  // Defines <heatlens-overlay> first and keeps each instance's ElementInternals (and so a closed root).
  '/hostile/overlay-thief': { headExtra: '<script src="/assets/overlay-thief.js"></script>' },
  // Defines <heatlens-overlay> with shadow DOM disabled: attachShadow on it throws.
  '/hostile/no-shadow-tag': { headExtra: '<script src="/assets/no-shadow-tag.js"></script>' },
  // Named elements that appear as globals in the content script's world too.
  '/hostile/clobber-injected': { headExtra: '<script src="/assets/clobber.js"></script>' },
  '/hostile/clobber-browser': { headExtra: '<script src="/assets/clobber.js"></script>' },
  '/hostile/clobber-review': { headExtra: '<script src="/assets/clobber.js"></script>' },
};

/**
 * Every `message` event the page receives, kept as text (`window.__heard`); and a `heatlens-overlay`
 * class whose constructor keeps `attachInternals()`, so `window.__overlayThief.roots()` returns any
 * shadow root Heatlens attached to an element of that name, and `clickIn(selector)` clicks inside it
 * as a script can (`element.click()`).
 */
export const OVERLAY_THIEF_SCRIPT = `(() => {
  'use strict';
  window.__heard = [];
  window.addEventListener('message', (event) => {
    let text;
    try { text = JSON.stringify(event.data); } catch (error) { text = String(event.data); }
    window.__heard.push(text);
  }, true);
  const internals = [];
  customElements.define('heatlens-overlay', class extends HTMLElement {
    constructor() {
      super();
      internals.push(this.attachInternals());
    }
  });
  const roots = () => internals.map((entry) => entry.shadowRoot).filter(Boolean);
  window.__overlayThief = {
    created: () => internals.length,
    roots: () => roots().length,
    clickIn: (selector) => {
      const target = roots().map((root) => root.querySelector(selector)).find(Boolean);
      if (!target) return false;
      target.click();
      return true;
    },
  };
})();
`;

export const NO_SHADOW_TAG_SCRIPT = `(() => {
  'use strict';
  customElements.define('heatlens-overlay', class extends HTMLElement {
    static disabledFeatures = ['shadow'];
  });
})();
`;

/** By path: one named element that shadows a global Heatlens' scripts used to read. */
export const CLOBBER_SCRIPT = `(() => {
  'use strict';
  const markup = {
    '/hostile/clobber-injected': '<div id="__heatlensInjected"></div>',
    // With an id on the input, browser.runtime.id looks set: webextension-polyfill would take the form as the API.
    '/hostile/clobber-browser': '<form id="browser"><input name="runtime" id="clobbered"></form>',
    '/hostile/clobber-review': '<img name="__heatlensReviewModule" alt="">',
  }[location.pathname];
  const holder = document.createElement('div');
  holder.hidden = true;
  holder.innerHTML = markup;
  document.documentElement.append(holder);
})();
`;

/** The script routes these pages need. */
export const overlayAttackScripts: Readonly<Record<string, string>> = {
  '/assets/overlay-thief.js': OVERLAY_THIEF_SCRIPT,
  '/assets/no-shadow-tag.js': NO_SHADOW_TAG_SCRIPT,
  '/assets/clobber.js': CLOBBER_SCRIPT,
};
