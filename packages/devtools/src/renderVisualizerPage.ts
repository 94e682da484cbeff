import { visualizerClient, type VisualizerClientConfig } from './visualizerClient.js';
import { visualizerStyles } from './visualizerStyles.js';

/** Inputs of {@link renderVisualizerPage}. */
export interface VisualizerPageOptions {
  title: string;
  /** A fresh random value per response: the page's Content-Security-Policy allows only tagged inline code. */
  nonce: string;
  config: VisualizerClientConfig;
}

/**
 * The whole visualizer as one self-contained HTML document: inline CSS, inline script, no external
 * request but the page's own event stream.
 */
export function renderVisualizerPage({ title, nonce, config }: VisualizerPageOptions): string {
  const machine = escapeHtml(config.layout.machineId);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="dark">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">${visualizerStyles}</style>
</head>
<body>
<header class="topbar">
  <div class="brand">
    <svg class="logo" viewBox="0 0 32 32" aria-hidden="true"><rect x="2" y="2" width="28" height="28" rx="8"/><path d="M7 17h5l3-6 3 10 2-4h5"/></svg>
    <div><div class="brand-name">${escapeHtml(title)}</div><div class="brand-sub">machine <code>${machine}</code> · live from the client's inspect events</div></div>
  </div>
  <div class="stats">
    <div class="stat stat-running"><span id="stat-running">0</span><label>running</label></div>
    <div class="stat stat-success"><span id="stat-success">0</span><label>solved</label></div>
    <div class="stat stat-failure"><span id="stat-failure">0</span><label>failed</label></div>
    <div id="connection" class="connection" data-state="connecting"><span class="pulse"></span><span>connecting…</span></div>
  </div>
</header>
<main>
  <section class="card diagram-card">
    <div class="card-head">
      <h2>Lifecycle</h2>
      <div class="legend">
        <span class="legend-item kind-event">event</span><span class="legend-item kind-after">after (delay)</span>
        <span class="legend-item kind-always">always</span><span class="legend-item kind-done">actor done</span>
        <span class="legend-item kind-error">actor error</span><span class="legend-item guard-sample">[guard]</span>
      </div>
    </div>
    <div class="diagram-scroll"><svg id="diagram" role="img" aria-label="State diagram of ${machine}"></svg></div>
    <div id="any-state" class="any-state"></div>
  </section>
  <section class="card tasks-card">
    <div class="card-head"><h2>Tasks</h2><span class="hint">hover a task to find it on the diagram</span></div>
    <div id="task-list" class="task-list"></div>
    <div id="empty" class="empty">
      <div class="empty-icon">◌</div>
      <div>No tasks yet. Pass <code>inspect: connectVisualizer(url)</code> (from any process) or <code>visualizer.inspect</code> to <code>createClient()</code> and start solving.</div>
    </div>
  </section>
</main>
<script nonce="${nonce}">${KEEP_NAMES_SHIM}(${visualizerClient.toString()})(${jsonForScript(config)});</script>
</body>
</html>
`;
}

/**
 * The client function is sent as its own source text. Transpilers that keep function names (esbuild
 * with `keepNames`, as used by tsx) wrap inner functions in a module-level `__name` helper that
 * would not exist in the page; this identity shim stands in for it.
 */
const KEEP_NAMES_SHIM = 'var __name = (target) => target;\n';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** JSON that cannot close the script element or start an HTML comment. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
