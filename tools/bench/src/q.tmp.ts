import { createSolveTimeModel, learned, DEFAULT_LIMITS } from '@capkit/core';
import { timesFor } from '../../../packages/core/src/policies/hazard.ts';
import { mulberry32 } from '../../../packages/core/src/mulberry32.ts';
const SLOW = 'ReCaptchaV2TaskProxyLess', FAST = 'AntiTurnstileTaskProxyLess';
const ln = (r: () => number, med: number, sig: number) => { const u = r() || 1e-9, v = r(); return Math.min(45000, Math.max(1000, med * Math.exp(sig * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)))); };
const drawOf = (type: string, r: () => number) => type === SLOW ? ln(r, 15000, 0.3) : ln(r, 3000, 0.5);
function run(seed: number, share?: number) {
  const rand = mulberry32(seed);
  const model = createSolveTimeModel();
  for (let round = 0; round < 4; round++) {
    const policy = learned({ model });
    for (let i = 0; i < 75; i++) {
      const type = (round * 75 + i) % 2 === 0 ? SLOW : FAST;
      const plan = policy.planFor(type, DEFAULT_LIMITS);
      const s = drawOf(type, rand); let prev = 0; let t = 0;
      for (const pt of plan.times) { t = pt; if (pt >= s) break; prev = pt; }
      while (t < s) { prev = t; t += 3000; }
      model.observe(type, { pendingAtMs: prev, readyAtMs: t });
    }
  }
  const policy = learned({ model, objective: 'median' });
  const plans = { [SLOW]: policy.planFor(SLOW, DEFAULT_LIMITS), [FAST]: policy.planFor(FAST, DEFAULT_LIMITS) };
  const r2 = mulberry32(seed * 7 + 1);
  const N = 40000; let q = 0; const lats: number[] = [];
  for (let i = 0; i < N; i++) { const type = i % 2 === 0 ? SLOW : FAST; const s = drawOf(type, r2); const times = timesFor(plans[type]!, { taskId: `t${seed}-${i}`, createdAt: 0 }); let k = 0, t = 0; for (const pt of times) { k++; t = pt; if (pt >= s) break; } while (t < s) { t += 3000; k++; } q += k; lats.push(t - s); }
  lats.sort((a, b) => a - b);
  return { q: q / N, med: lats[N / 2]!, p45: lats[Math.floor(N * 0.45)]!, p55: lats[Math.floor(N * 0.55)]!, bound: plans[SLOW]!.medianLatencyMs! };
}
for (let k = 0; k < 12; k++) { const r = run(2000 + k); console.log(k, r.q.toFixed(2), Math.round(r.med), Math.round(r.p45), Math.round(r.p55), Math.round(r.bound)); }
