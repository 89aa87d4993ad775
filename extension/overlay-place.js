// Where the overlay may draw over a page (a content script, run before
// content.js in the same isolated world, which the page's scripts cannot see):
// the page's own furniture (a fixed or sticky header, a sidebar) is found by
// hit-testing, and the overlay is never drawn over it; a marker between two
// sentences of one paragraph is placed where it covers no word.
// In: DOM ranges and rects of the text. Out: rects and places, in viewport
// CSS pixels. Reads layout only; changes nothing in the page.
(() => {
  'use strict';

  if (globalThis.storydiffPlace) return;

  // Elements that flow inside a line: a sentence's block is the nearest ancestor that is none of these.
  const INLINE = /^(inline|contents|ruby)/;
  // A marker's size when it shows a single sign ("+"); wider with a count.
  const MARKER_SIZE = 18;

  /** The range's client rects, without the empty and zero-width ones some browsers report at line ends. */
  function boxRects(range) {
    return [...range.getClientRects()].filter((rect) => rect.width > 0.5 && rect.height > 0.5);
  }

  function blockAround(node) {
    let element = node?.nodeType === Node.ELEMENT_NODE ? node : node?.parentElement;
    while (element?.parentElement && INLINE.test(getComputedStyle(element).display)) element = element.parentElement;
    return element ?? null;
  }

  /**
   * The piece of the page's furniture an element belongs to: its nearest
   * fixed, sticky or absolutely placed ancestor (the header, not the link in
   * it), else the element itself.
   */
  function furnitureOf(element) {
    for (let at = element; at && at !== document.body && at !== document.documentElement; at = at.parentElement) {
      if (/^(fixed|sticky|absolute)$/.test(getComputedStyle(at).position)) return at;
    }
    return element;
  }

  /**
   * The rect of what the page draws of its own over the point, or null: what
   * the page shows there (hit-testing, which the overlay lets through) is
   * neither the text's element, inside it, nor around it. Off screen counts
   * as free. `overlayHost` is the overlay's own element, never counted.
   */
  function coverAt(px, py, container, overlayHost) {
    if (px < 0 || py < 0 || px >= innerWidth || py >= innerHeight) return null;
    const element = container?.nodeType === Node.ELEMENT_NODE ? container : container?.parentElement;
    const hit = document.elementFromPoint(px, py);
    if (!hit || !element || hit === overlayHost) return null;
    if (hit === element || element.contains(hit) || hit.contains(element)) return null;
    return furnitureOf(hit).getBoundingClientRect();
  }

  /**
   * The part of a highlight's box the page draws nothing over: a header
   * (fixed or sticky) over its top edge and a bar over its bottom edge are
   * clipped off, so not a pixel of the overlay lies on them; null when the
   * page covers the box's middle (or all of it).
   */
  function visiblePart(rect, container, overlayHost) {
    const x = rect.left + rect.width / 2;
    let top = rect.top;
    let bottom = rect.bottom;
    const overTop = coverAt(x, top + 0.5, container, overlayHost);
    if (overTop) top = Math.max(top, overTop.bottom);
    const overBottom = coverAt(x, bottom - 0.5, container, overlayHost);
    if (overBottom) bottom = Math.min(bottom, overBottom.top);
    if (bottom - top < 1 || coverAt(x, (top + bottom) / 2, container, overlayHost)) return null;
    return { left: rect.left, top, width: rect.width, height: bottom - top };
  }

  /** Whether any of a place's probe points is under the page's furniture. */
  function placeCovered(place, container, overlayHost) {
    // A thin bar between two words: its middle; a marker: its four corners, a pixel in.
    const points = place.gap
      ? [[place.left + place.width / 2, place.top + place.height / 2]]
      : [[place.left + 1, place.top + 1], [place.left + place.width - 1, place.top + 1],
        [place.left + 1, place.top + place.height - 1], [place.left + place.width - 1, place.top + place.height - 1]];
    return points.some(([px, py]) => coverAt(px, py, container, overlayHost) !== null);
  }

  /** The box of the first visible character after `range` in `block`, or null at the block's end. */
  function nextCharacterRect(range, block) {
    const rest = document.createRange();
    rest.setStart(range.endContainer, range.endOffset);
    rest.setEnd(block, block.childNodes.length);
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!rest.intersectsNode(node)) continue;
      const start = node === rest.startContainer ? rest.startOffset : 0;
      const skip = node.data.slice(start).search(/\S/);
      if (skip === -1) continue;
      const char = document.createRange();
      char.setStart(node, start + skip);
      char.setEnd(node, start + skip + 1);
      const rect = boxRects(char)[0];
      if (rect) return rect;
    }
    return null;
  }

  /**
   * Where a marker of `width` may go, best first, for the sentence whose last
   * line is `rect` (its first, `atStart`, for what is missing before the
   * first sentence). Right after the sentence when nothing follows it on its
   * line; otherwise beside the line in the right or left margin, and where
   * the text fills the width, a thin bar in the space before the next word:
   * never over a word.
   */
  function markerPlaces(range, rect, width, atStart) {
    const size = { width, height: MARKER_SIZE };
    const middle = rect.top + rect.height / 2 - MARKER_SIZE / 2;
    const block = blockAround(atStart ? range.startContainer : range.endContainer);
    const box = block?.getBoundingClientRect();
    const viewWidth = document.documentElement.clientWidth;
    const margins = box ? [
      ...(box.right + 4 + width <= viewWidth ? [{ left: box.right + 4, top: middle, ...size }] : []),
      ...(box.left - 4 - width >= 0 ? [{ left: box.left - 4 - width, top: middle, ...size }] : []),
    ] : [];
    if (atStart) return [...(rect.left - 4 - width >= 0 ? [{ left: rect.left - 4 - width, top: middle, ...size }] : []), ...margins];
    const next = block ? nextCharacterRect(range, block) : null;
    if (!next || next.top >= rect.bottom - 1) return [{ left: rect.right + 2, top: middle, ...size }, ...margins];
    const gap = next.left - rect.right;
    return [...margins, ...(gap >= 2 ? [{ left: rect.right + 0.5, top: rect.top, width: gap - 1, height: rect.height, gap: true }] : [])];
  }

  /**
   * Where the page's sign (read and compared) may go: at the article's
   * top-right, beside the first line of its first paragraph in the right
   * margin, else in the left one; nowhere without a margin (over the text it
   * would hide words; the toolbar button says the same).
   */
  function signPlaces(range, width, height) {
    const first = boxRects(range)[0];
    const box = blockAround(range.startContainer)?.getBoundingClientRect();
    if (!first || !box) return [];
    const top = first.top + first.height / 2 - height / 2;
    const viewWidth = document.documentElement.clientWidth;
    return [
      ...(box.right + 8 + width <= viewWidth ? [{ left: box.right + 8, top, width, height }] : []),
      ...(box.left - 8 - width >= 0 ? [{ left: box.left - 8 - width, top, width, height }] : []),
    ];
  }

  Object.defineProperty(globalThis, 'storydiffPlace', {
    value: Object.freeze({ INLINE, boxRects, blockAround, coverAt, visiblePart, placeCovered, markerPlaces, signPlaces }),
  });
})();
