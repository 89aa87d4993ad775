// When the content script reads the page (a classic script, run just before
// content.js, which takes `globalThis.storydiffSettle`; tests/js loads it in a
// vm with a fake clock). Plain logic over injected callbacks, no DOM.
//
// Why not "the load event, and a moment later" (what it was): `load` waits for
// every image and ad frame, often seconds after the article's text is in the
// page, and the text of a page that fills itself in from a script after that
// moment was never read. Now:
// - the page is read once its text has stopped changing for QUIET_MS (most
//   pages: at once, their text came with the HTML), if it looks like an
//   article by then;
// - LATEST_AFTER_LOAD_MS after `load` it is read whatever it looks like (the
//   old moment; the content script decides "not an article" there, as before);
// - a page whose text changes later, up to REREAD_WINDOW_MS after `load`, is
//   looked at again once quiet: not read yet and now an article, it is read;
//   read already and its text grew or shrank by REREAD_CHANGE or more, it is
//   read again (at most MAX_REREADS times; content.js marks such a read as a
//   re-read, and the background takes a text that only grew from the version
//   this visit stored as that version, filled in, not as a new revision).
(() => {
  'use strict';

  const QUIET_MS = 150;
  const LATEST_AFTER_LOAD_MS = 400;
  const REREAD_WINDOW_MS = 10_000;
  const REREAD_CHANGE = 0.15;
  const MAX_REREADS = 2;

  /**
   * clock: {now(), setTimeout(fn, ms), clearTimeout(id)}.
   * looksLikeArticle(): the cheap check, true when the page may be an article.
   * textSize(): how much text the page holds now (any measure that grows with it).
   * read(): reads and sends the page (it decides "not an article" itself).
   * Returns {start({loaded}), loaded(), changed()}: call start once the
   * script runs (loaded: whether `load` has fired), loaded() on `load`,
   * changed() on any change of the page's nodes or text (false: stop watching).
   */
  function createSettle({ clock, looksLikeArticle, textSize, read }) {
    let loadedAt = null;
    let readSize = null;   // the text's size when it was last read, or null before the first read
    let rereads = 0;
    let finalDone = false;
    let quietTimer = null;
    let finalTimer = null;

    const withinWindow = () => loadedAt === null || clock.now() - loadedAt < REREAD_WINDOW_MS;

    function doRead() {
      readSize = textSize();
      read();
    }

    function grewOrShrank() {
      const size = textSize();
      return Math.abs(size - readSize) >= REREAD_CHANGE * Math.max(1, readSize);
    }

    // The page has been quiet for QUIET_MS.
    function onQuiet() {
      quietTimer = null;
      if (readSize === null) {
        if (looksLikeArticle()) doRead();
      } else if (rereads < MAX_REREADS && grewOrShrank()) {
        rereads += 1;
        doRead();
      }
    }

    // LATEST_AFTER_LOAD_MS after `load`: read now if not yet, else see whether the text changed.
    function onFinal() {
      finalTimer = null;
      finalDone = true;
      if (readSize === null) {
        clock.clearTimeout(quietTimer);
        quietTimer = null;
        doRead();
      } else {
        onQuiet();
      }
    }

    function armQuiet() {
      clock.clearTimeout(quietTimer);
      quietTimer = clock.setTimeout(onQuiet, QUIET_MS);
    }

    function loaded() {
      if (loadedAt !== null) return;
      loadedAt = clock.now();
      finalTimer = clock.setTimeout(onFinal, LATEST_AFTER_LOAD_MS);
    }

    function start({ loaded: alreadyLoaded }) {
      clock.clearTimeout(quietTimer);
      clock.clearTimeout(finalTimer);
      loadedAt = null;
      readSize = null;
      rereads = 0;
      finalDone = false;
      armQuiet();
      if (alreadyLoaded) loaded();
    }

    /** A change of the page; returns false once no later change can matter (stop watching). */
    function changed() {
      const unread = readSize === null;
      const mayRead = unread || rereads < MAX_REREADS;
      // Before the final moment any change waits for quiet again; after it,
      // only within the window, and only while a read may still come of it.
      if ((unread && !finalDone) || (mayRead && withinWindow())) {
        armQuiet();
        return true;
      }
      return false;
    }

    return { start, loaded, changed };
  }

  globalThis.storydiffSettle = Object.freeze({
    createSettle, QUIET_MS, LATEST_AFTER_LOAD_MS, REREAD_WINDOW_MS, REREAD_CHANGE, MAX_REREADS,
  });
})();
