/** The visualizer page's stylesheet (inline: the page loads nothing from anywhere). */
export const visualizerStyles = /* css */ `
:root {
  --bg: #0b1020; --panel: #111830; --panel-2: #151d38; --line: #26304f; --line-2: #334066;
  --text: #e6e9f5; --muted: #8a93b5; --faint: #5b6488;
  --accent: #7c9cff; --accent-2: #38bdf8; --success: #34d399; --failure: #fb7185; --warn: #fbbf24;
  --k-event: #9aa7d8; --k-after: #fbbf24; --k-always: #c084fc; --k-done: #34d399; --k-error: #fb7185; --k-mixed: #9aa7d8;
  --guard: #c4b5fd;
  --sans: ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  --mono: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace;
}
* { box-sizing: border-box; }
html, body { margin: 0; background: radial-gradient(1200px 600px at 10% -10%, #1a2550 0%, transparent 60%), var(--bg); color: var(--text); font: 14px/1.45 var(--sans); min-height: 100%; }
code { font-family: var(--mono); font-size: 12px; color: #c7d2fe; background: rgba(124,156,255,.12); padding: 1px 6px; border-radius: 6px; }
.topbar { display: flex; align-items: center; justify-content: space-between; gap: 24px; padding: 18px 28px; border-bottom: 1px solid var(--line); background: rgba(11,16,32,.7); backdrop-filter: blur(8px); position: sticky; top: 0; z-index: 2; }
.brand { display: flex; align-items: center; gap: 14px; }
.logo { width: 36px; height: 36px; }
.logo rect { fill: #1e2a5a; stroke: var(--accent); stroke-width: 1.5; }
.logo path { fill: none; stroke: var(--accent-2); stroke-width: 2.2; stroke-linecap: round; stroke-linejoin: round; }
.brand-name { font-weight: 700; font-size: 17px; letter-spacing: .2px; }
.brand-sub { color: var(--muted); font-size: 12.5px; }
.stats { display: flex; align-items: center; gap: 10px; }
.stat { min-width: 84px; padding: 6px 12px; border: 1px solid var(--line); border-radius: 12px; background: var(--panel); text-align: center; }
.stat span { display: block; font-size: 20px; font-weight: 700; font-variant-numeric: tabular-nums; }
.stat label { color: var(--muted); font-size: 11px; text-transform: uppercase; letter-spacing: .8px; }
.stat-running span { color: var(--accent-2); } .stat-success span { color: var(--success); } .stat-failure span { color: var(--failure); }
.connection { display: flex; align-items: center; gap: 8px; margin-left: 6px; padding: 8px 12px; border-radius: 999px; border: 1px solid var(--line); color: var(--muted); font-size: 12.5px; }
.connection .pulse { width: 9px; height: 9px; border-radius: 50%; background: var(--faint); }
.connection[data-state="live"] { color: var(--success); border-color: rgba(52,211,153,.35); }
.connection[data-state="live"] .pulse { background: var(--success); box-shadow: 0 0 0 0 rgba(52,211,153,.6); animation: ping 1.8s infinite; }
.connection[data-state="offline"] { color: var(--warn); } .connection[data-state="offline"] .pulse { background: var(--warn); }
@keyframes ping { 0% { box-shadow: 0 0 0 0 rgba(52,211,153,.55); } 80%,100% { box-shadow: 0 0 0 9px rgba(52,211,153,0); } }
main { padding: 22px 28px 40px; display: grid; gap: 22px; }
.card { background: linear-gradient(180deg, var(--panel-2), var(--panel)); border: 1px solid var(--line); border-radius: 18px; box-shadow: 0 20px 50px -30px rgba(0,0,0,.8); overflow: hidden; }
.card-head { display: flex; align-items: baseline; justify-content: space-between; gap: 16px; padding: 16px 20px 6px; flex-wrap: wrap; }
.card-head h2 { margin: 0; font-size: 13px; font-weight: 700; letter-spacing: 1.2px; text-transform: uppercase; color: var(--muted); }
.hint { color: var(--faint); font-size: 12px; }
.legend { display: flex; gap: 14px; flex-wrap: wrap; font-size: 12px; color: var(--muted); }
.legend-item::before { content: ""; display: inline-block; width: 18px; height: 0; margin-right: 6px; vertical-align: middle; border-top: 2px solid currentColor; }
.legend-item.kind-event { color: var(--k-event); } .legend-item.kind-after { color: var(--k-after); } .legend-item.kind-after::before { border-top-style: dashed; }
.legend-item.kind-always { color: var(--k-always); } .legend-item.kind-always::before { border-top-style: dotted; }
.legend-item.kind-done { color: var(--k-done); } .legend-item.kind-error { color: var(--k-error); }
.legend-item.guard-sample { color: var(--guard); font-style: italic; } .legend-item.guard-sample::before { display: none; }
.diagram-scroll { overflow: auto; padding: 6px 12px 10px; }
#diagram { display: block; height: auto; margin: 0 auto; font-family: var(--sans); }
.any-state { display: flex; flex-wrap: wrap; align-items: center; gap: 10px; padding: 0 20px 16px; color: var(--muted); font-size: 12.5px; }
.any-state:empty { display: none; }
.any-title { text-transform: uppercase; letter-spacing: .8px; font-size: 11px; color: var(--faint); }
.any-item { display: inline-flex; gap: 6px; align-items: center; }
.any-arrow { color: var(--faint); }

/* diagram */
.state .box { fill: #18213f; stroke: var(--line-2); stroke-width: 1.4; transition: fill .25s, stroke .25s; }
.state.type-compound > .box, .state.type-parallel > .box { fill: rgba(124,156,255,.04); stroke: #2c3760; stroke-dasharray: 5 4; }
.state.type-final .final-ring { fill: none; stroke: var(--line-2); stroke-width: 1.1; }
.state-name { fill: var(--text); font-size: 13px; font-weight: 650; text-anchor: middle; }
.compound-name { fill: var(--muted); font-size: 12px; font-weight: 700; letter-spacing: .6px; text-transform: uppercase; }
.inner { fill: var(--muted); font-size: 11px; text-anchor: middle; font-family: var(--mono); }
.inner-invoke { fill: #93a4d8; }
.state.is-active > .box { fill: #1d3a7a; stroke: var(--accent-2); stroke-width: 2.2; filter: url(#glow); animation: breathe 1.6s ease-in-out infinite; }
.state.is-active .state-name { fill: #fff; }
.state.is-active .inner { fill: #cfe8ff; }
.state.is-active-parent > .box { stroke: rgba(56,189,248,.55); stroke-dasharray: none; fill: rgba(56,189,248,.05); }
.state.is-active-parent .compound-name { fill: var(--accent-2); }
.state.is-settled-success > .box { fill: rgba(52,211,153,.14); stroke: var(--success); }
.state.is-settled-success .final-ring { stroke: var(--success); }
.state.is-settled-failure > .box { fill: rgba(251,113,133,.12); stroke: var(--failure); }
.state.is-settled-failure .final-ring { stroke: var(--failure); }
#diagram.has-focus .state:not(.is-focus) { opacity: .45; }
#diagram.has-focus .state.is-focus > .box { stroke: #fff; stroke-width: 2.6; }
@keyframes breathe { 0%,100% { stroke-opacity: 1; } 50% { stroke-opacity: .55; } }
.edge { fill: none; stroke-width: 1.6; stroke: var(--k-event); opacity: .85; }
.edge.kind-after { stroke: var(--k-after); stroke-dasharray: 6 4; }
.edge.kind-always { stroke: var(--k-always); stroke-dasharray: 2 4; }
.edge.kind-done, .edge.kind-state-done, .edge.kind-snapshot { stroke: var(--k-done); }
.edge.kind-error { stroke: var(--k-error); }
.edge.initial-arrow { stroke: var(--text); opacity: .9; }
.initial-dot { fill: var(--text); }
.arrowhead { fill: var(--k-event); }
.arrowhead.kind-after { fill: var(--k-after); } .arrowhead.kind-always { fill: var(--k-always); }
.arrowhead.kind-done, .arrowhead.kind-state-done, .arrowhead.kind-snapshot { fill: var(--k-done); }
.arrowhead.kind-error { fill: var(--k-error); } .arrowhead.kind-initial { fill: var(--text); }
.edge-label rect { fill: #0e1530; stroke: #243056; stroke-width: 1; }
.edge-label text { font-size: 11px; text-anchor: middle; font-family: var(--mono); }
.trigger { fill: var(--k-event); font-weight: 600; }
.trigger.kind-after { fill: var(--k-after); } .trigger.kind-always { fill: var(--k-always); }
.trigger.kind-done, .trigger.kind-state-done, .trigger.kind-snapshot { fill: var(--k-done); }
.trigger.kind-error { fill: var(--k-error); }
.guard { fill: var(--guard); font-style: italic; font-weight: 400; }
.task-dot { stroke: #0b1020; stroke-width: 1.5; }
.more { fill: var(--muted); font-size: 10px; }
.badge circle { fill: var(--accent-2); stroke: #0b1020; stroke-width: 2; }
.badge.outcome-success circle { fill: var(--success); } .badge.outcome-failure circle, .badge.outcome-stopped circle { fill: var(--failure); }
.badge text { fill: #0b1020; font-size: 11px; font-weight: 800; text-anchor: middle; }

/* tasks */
.task-list { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 14px; padding: 8px 20px 20px; }
.task { position: relative; padding: 14px 16px 14px 18px; border-radius: 14px; border: 1px solid var(--line); background: #121a35; transition: transform .15s, border-color .15s; }
.task::before { content: ""; position: absolute; left: 0; top: 12px; bottom: 12px; width: 4px; border-radius: 0 4px 4px 0; background: var(--task-color); }
.task:hover { transform: translateY(-1px); border-color: var(--task-color); }
.task-head { display: flex; align-items: center; gap: 8px; }
.swatch { width: 10px; height: 10px; border-radius: 50%; background: var(--task-color); box-shadow: 0 0 10px var(--task-color); flex: none; }
.task-type { font-weight: 650; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.pill { flex: none; font-size: 11.5px; font-family: var(--mono); padding: 2px 9px; border-radius: 999px; background: rgba(56,189,248,.13); color: var(--accent-2); border: 1px solid rgba(56,189,248,.3); }
.task.outcome-success .pill { background: rgba(52,211,153,.12); color: var(--success); border-color: rgba(52,211,153,.35); }
.task.outcome-failure .pill, .task.outcome-stopped .pill { background: rgba(251,113,133,.12); color: var(--failure); border-color: rgba(251,113,133,.35); }
.task.outcome-success, .task.outcome-failure, .task.outcome-stopped { opacity: .82; }
.task-ids { display: flex; align-items: center; gap: 8px; margin: 9px 0 12px; min-width: 0; }
.task-id { min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; vertical-align: bottom; color: var(--muted); background: rgba(255,255,255,.04); }
.task-error { display: inline-block; margin: -4px 0 10px; color: var(--failure); background: rgba(251,113,133,.12); }
.task-error[hidden] { display: none; }
.metrics { display: grid; gap: 7px; }
.metric { display: grid; grid-template-columns: 68px 1fr auto; align-items: center; gap: 10px; font-size: 12px; }
.metric-label { color: var(--muted); }
.metric-value { min-width: 64px; white-space: nowrap; text-align: right; font-family: var(--mono); font-variant-numeric: tabular-nums; }
.bar { height: 6px; border-radius: 99px; background: #1d2547; overflow: hidden; }
.bar i { display: block; height: 100%; width: 0; border-radius: 99px; background: linear-gradient(90deg, var(--accent), var(--accent-2)); transition: width .3s; }
.bar i.warn { background: linear-gradient(90deg, var(--warn), var(--failure)); }
.empty { display: flex; align-items: center; gap: 14px; margin: 4px 20px 22px; padding: 18px; border: 1px dashed var(--line-2); border-radius: 14px; color: var(--muted); }
.empty[hidden] { display: none; }
.empty-icon { font-size: 26px; color: var(--faint); animation: spin 3s linear infinite; }
@keyframes spin { to { transform: rotate(360deg); } }
@media (prefers-reduced-motion: reduce) { *, *::before { animation: none !important; transition: none !important; } }
`;
