/** Edit distance (insertions, deletions, substitutions), case-insensitive: `websiteurl` is 0 from `websiteURL`. */
function distance(a: string, b: string): number {
  const left = a.toLowerCase();
  const right = b.toLowerCase();
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let i = 1; i <= left.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= right.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (left[i - 1] === right[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[right.length] ?? 0;
}

/**
 * The closest of `candidates` to `input`, when it is close enough to be a slip (a third of its length in
 * edits, at least two): `ReCaptchaV2TaskProxyless` → `ReCaptchaV2TaskProxyLess`, `websiteUrl` → `websiteURL`.
 * An input that is the start of candidates (`AntiTurnstileTask`, `ImageToText`) gets the shortest of them.
 */
export function closestMatch(input: string, candidates: Iterable<string>): string | undefined {
  const allowed = Math.max(2, Math.floor(input.length / 3));
  const list = [...candidates];
  const lower = input.toLowerCase();
  const extended = list.filter((candidate) => lower.length >= 4 && candidate.toLowerCase().startsWith(lower));
  if (extended.length > 0) return extended.sort((a, b) => a.length - b.length)[0];
  let best: { candidate: string; edits: number } | undefined;
  for (const candidate of list) {
    const edits = distance(input, candidate);
    if (edits <= allowed && (best === undefined || edits < best.edits)) best = { candidate, edits };
  }
  return best?.candidate;
}

/** ` (did you mean websiteURL?)`, or nothing when no candidate is close. */
export function didYouMean(input: string, candidates: Iterable<string>): string {
  const match = closestMatch(input, candidates);
  return match === undefined ? '' : ` (did you mean ${match}?)`;
}
