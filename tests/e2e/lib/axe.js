// axe-core (npm devDependency) over an extension page, in light or dark.
// The pages' CSP allows no inline script, so axe's source is evaluated through
// the automation protocol (which the CSP does not govern). Dark: the pages'
// own `prefers-color-scheme: dark` rules applied unconditionally, the same in
// both browsers (Firefox over BiDi has no media emulation).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Applies the page's dark-scheme rules (style sheets and <style> alike) as if the system were dark. */
export function forceDark(page) {
  return page.evaluate(() => {
    const rules = [];
    for (const sheet of document.styleSheets) {
      for (const rule of sheet.cssRules) {
        if (rule.media && /prefers-color-scheme:\s*dark/.test(rule.conditionText ?? rule.media.mediaText)) {
          for (const inner of rule.cssRules) rules.push(inner.cssText);
        }
      }
    }
    const style = document.createElement('style');
    style.textContent = `:root { color-scheme: dark; }\n${rules.join('\n')}`;
    document.head.append(style);
    return rules.length;
  });
}

/** axe's serious and critical violations on the page: [{id, impact, help, targets}]. */
export async function seriousViolations(page) {
  if (!(await page.evaluate(() => typeof globalThis.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
