// Findings the reader dismissed as "not useful", remembered for that story.
// Node-testable (no browser API); the store keeps the records, the background
// applies them to each report before the page, the badge and the panel see it.
//
// A dismissal: {id, kind, texts, story, at}
//   kind   the finding's kind
//   texts  what the finding says, normalised: for `missing`, each version's
//          own wording (the finding comes back with another outlet's wording
//          added, and stays dismissed); for the other kinds, the text in the
//          current article
//   story  the ids of the versions compared when it was dismissed (the
//          current article's and the others'): it applies only to a report
//          that compares at least one of them, so a dismissed "Mr. Fox
//          wrote." stays in other stories
//   at     when (ms since the epoch)

/** How many dismissals are kept at most: the oldest go first past this. */
export const MAX_DISMISSALS = 5000;
/** How long a text is kept of a finding (its start is enough to know it again). */
const TEXT_CHARS = 500;

/** A text as compared: case, spacing and outer punctuation do not count. */
export function normalise(text) {
  return String(text ?? '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, '')
    .slice(0, TEXT_CHARS);
}

/** What identifies a finding for dismissal: the texts it says, normalised, never empty ones. */
export function textsOf(finding) {
  const raw = finding?.kind === 'missing'
    ? [finding.there, ...(finding.wordings ?? []).map((wording) => wording?.text)]
    : [finding?.here];
  return [...new Set(raw.map(normalise).filter(Boolean))];
}

/** The ids a report compares: the current article's and every other version's. */
export function storyOf(report) {
  const ids = [report?.current?.id, ...(report?.versions ?? []).map((version) => version?.id)];
  return [...new Set(ids.filter((id) => typeof id === 'string'))];
}

/** A new dismissal of `finding` in `report`, or null when the finding says nothing to know it by. */
export function dismissalOf(finding, report, { id, at = Date.now() }) {
  const texts = textsOf(finding);
  const story = storyOf(report);
  if (!texts.length || !story.length || typeof finding?.kind !== 'string') return null;
  return { id, kind: finding.kind, texts, story, at };
}

/** Whether `dismissal` is about `finding` (the same kind, a text in common). */
export function dismisses(dismissal, finding) {
  if (dismissal?.kind !== finding?.kind) return false;
  const texts = new Set(dismissal.texts ?? []);
  return textsOf(finding).some((text) => texts.has(text));
}

/**
 * The report without its dismissed findings, and those findings beside it
 * (each with the id of the dismissal that hides it, for the panel's undo).
 * `dismissals` are those of the report's story (the store finds them by id).
 */
export function withoutDismissed(report, dismissals) {
  if (!report?.findings?.length || !dismissals?.length) return { report, dismissed: [] };
  const story = new Set(storyOf(report));
  const relevant = dismissals.filter((dismissal) => isDismissal(dismissal) && dismissal.story.some((id) => story.has(id)));
  const findings = [];
  const dismissed = [];
  for (const finding of report.findings) {
    const by = relevant.find((dismissal) => dismisses(dismissal, finding));
    if (by) dismissed.push({ dismissal: by.id, finding });
    else findings.push(finding);
  }
  return { report: dismissed.length ? { ...report, findings } : report, dismissed };
}

/** Whether a record read back from the store (or sent by a page of ours) has the shape of a dismissal. */
export function isDismissal(record) {
  const strings = (list) => Array.isArray(list) && list.length > 0 && list.length <= 1000 && list.every((item) => typeof item === 'string');
  return typeof record?.id === 'string' && typeof record.kind === 'string' && strings(record.texts) && strings(record.story)
    && Number.isFinite(record.at);
}
