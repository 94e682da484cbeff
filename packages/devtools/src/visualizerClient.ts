import type { DiagramLayout, LayoutNode } from './layoutGraph.js';
import type { LayoutEdge } from './routeEdges.js';
import type { TaskRecord } from './toTaskRecord.js';

/** What the page script is started with (serialized into the page as JSON). */
export interface VisualizerClientConfig {
  layout: DiagramLayout;
  /** Final states that mean success (drawn green); other final states are drawn red. */
  successStates: string[];
  eventsUrl: string;
  compoundHeader: number;
}

/**
 * The visualizer page's script. It runs in the browser, not in Node: the server embeds
 * `(${visualizerClient})(config)` into the page, so this function must stay self-contained — no
 * imports used at run time, no closures over module scope. Keeping it here means it is type-checked
 * with the rest of the package.
 *
 * It draws the diagram from the precomputed layout, listens to the server-sent events, highlights
 * the states tasks are in and keeps one card per task with its queries and time left.
 */
export function visualizerClient(config: VisualizerClientConfig): void {
  const SVG = 'http://www.w3.org/2000/svg';
  const PALETTE = [
    '#38bdf8',
    '#a78bfa',
    '#f472b6',
    '#34d399',
    '#fbbf24',
    '#fb7185',
    '#22d3ee',
    '#c084fc',
    '#4ade80',
    '#f97316',
  ];
  const { layout } = config;
  const success = new Set(config.successStates);
  const finals = new Set(layout.nodes.filter((n) => n.type === 'final').map((n) => n.id));

  type Live = TaskRecord & { receivedAt: number; firstRemainingMs: number | null; color: string; order: number };
  const tasks = new Map<string, Live>();
  let arrivals = 0;
  let focus: string | undefined;

  function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, parent?: Element) {
    const element = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
    parent?.appendChild(element);
    return element;
  }

  function html<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string, parent?: Element) {
    const element = document.createElement(tag);
    if (className) element.className = className;
    if (text !== undefined) element.textContent = text;
    parent?.appendChild(element);
    return element;
  }

  function byId<T extends Element>(id: string): T {
    const element = document.getElementById(id);
    if (!element) throw new Error(`visualizer: #${id} missing`);
    return element as unknown as T;
  }

  // ---------------------------------------------------------------- diagram
  const diagram = byId<SVGSVGElement>('diagram');
  const nodeElements = new Map<string, SVGGElement>();
  const overlay = (): SVGGElement => byId<SVGGElement>('overlay');

  function drawDiagram(): void {
    diagram.setAttribute('viewBox', `0 0 ${layout.width} ${layout.height}`);
    // Drawn at its natural size, never scaled down (its labels would shrink below legibility):
    // the card scrolls sideways when the screen is narrower than the diagram.
    diagram.style.width = `${layout.width}px`;
    diagram.style.minWidth = `${layout.width}px`;
    drawDefs();
    const compounds = svg('g', { class: 'layer-compounds' }, diagram);
    const edges = svg('g', { class: 'layer-edges' }, diagram);
    const atomics = svg('g', { class: 'layer-states' }, diagram);
    const labels = svg('g', { class: 'layer-labels' }, diagram);
    svg('g', { id: 'overlay', class: 'layer-overlay' }, diagram);
    const sorted = [...layout.nodes].sort((a, b) => a.depth - b.depth);
    for (const node of sorted)
      drawNode(node, node.type === 'compound' || node.type === 'parallel' ? compounds : atomics);
    for (const edge of layout.edges) drawEdge(edge, edges, labels);
    for (const marker of layout.initials) {
      svg('circle', { class: 'initial-dot', cx: marker.x, cy: marker.y, r: 5 }, edges);
      svg(
        'path',
        {
          class: 'edge kind-event initial-arrow',
          d: `M${marker.x + 5},${marker.y} L${marker.toX},${marker.y}`,
          'marker-end': 'url(#arrow-initial)',
        },
        edges,
      );
    }
    fitLabels(labels);
    drawAnyState();
  }

  function drawDefs(): void {
    const defs = svg('defs', {}, diagram);
    for (const kind of ['event', 'after', 'always', 'done', 'error', 'snapshot', 'state-done', 'mixed', 'initial']) {
      const marker = svg(
        'marker',
        {
          id: `arrow-${kind}`,
          viewBox: '0 0 10 10',
          refX: 9,
          refY: 5,
          markerWidth: 7,
          markerHeight: 7,
          orient: 'auto-start-reverse',
        },
        defs,
      );
      svg('path', { d: 'M0,0 L10,5 L0,10 z', class: `arrowhead kind-${kind}` }, marker);
    }
    const glow = svg('filter', { id: 'glow', x: '-30%', y: '-30%', width: '160%', height: '160%' }, defs);
    svg('feGaussianBlur', { stdDeviation: 5, result: 'blur' }, glow);
    const merge = svg('feMerge', {}, glow);
    svg('feMergeNode', { in: 'blur' }, merge);
    svg('feMergeNode', { in: 'SourceGraphic' }, merge);
  }

  function drawNode(node: LayoutNode, parent: SVGGElement): void {
    const g = svg('g', { class: `state type-${node.type}`, 'data-state': node.id }, parent);
    nodeElements.set(node.id, g);
    const title = svg('title', {}, g);
    title.textContent = node.id;
    if (node.type === 'compound' || node.type === 'parallel') {
      svg('rect', { class: 'box', x: node.x, y: node.y, width: node.width, height: node.height, rx: 14 }, g);
      const name = svg(
        'text',
        { class: 'compound-name', x: node.x + 14, y: node.y + config.compoundHeader / 2 + 5 },
        g,
      );
      name.textContent = node.type === 'parallel' ? `${node.key}  ∥` : node.key;
      return;
    }
    if (node.type === 'history') {
      svg('rect', { class: 'box', x: node.x, y: node.y, width: node.width, height: node.height, rx: 21 }, g);
      const name = svg('text', { class: 'state-name', x: node.x + node.width / 2, y: node.y + node.height / 2 + 5 }, g);
      name.textContent = `H · ${node.key}`;
      return;
    }
    svg('rect', { class: 'box', x: node.x, y: node.y, width: node.width, height: node.height, rx: 10 }, g);
    if (node.type === 'final')
      svg(
        'rect',
        { class: 'final-ring', x: node.x + 4, y: node.y + 4, width: node.width - 8, height: node.height - 8, rx: 7 },
        g,
      );
    const name = svg('text', { class: 'state-name', x: node.x + node.width / 2, y: node.y + 26 }, g);
    name.textContent = node.key;
    const lines = [
      ...(node.invokes.length ? [{ text: `invoke ${node.invokes.join(', ')}`, cls: 'inner-invoke' }] : []),
      ...node.selfLines.map((l) => ({
        text: `↻ ${l.trigger}${l.guard ? ` [${l.guard}]` : ''}`,
        cls: `inner-self kind-${l.kind}`,
      })),
    ];
    lines.forEach((line, i) => {
      const text = svg('text', { class: `inner ${line.cls}`, x: node.x + node.width / 2, y: node.y + 44 + i * 16 }, g);
      text.textContent = line.text;
    });
  }

  function drawEdge(edge: LayoutEdge, parent: SVGGElement, labels: SVGGElement): void {
    svg(
      'path',
      {
        class: `edge kind-${edge.kind}${edge.back ? ' back' : ''}`,
        d: edge.d,
        'marker-end': `url(#arrow-${edge.kind})`,
        'data-edge': edge.id,
      },
      parent,
    );
    const g = svg(
      'g',
      { class: `edge-label kind-${edge.kind}`, transform: `translate(${edge.label.x},${edge.label.y})` },
      labels,
    );
    svg(
      'rect',
      {
        x: -edge.label.width / 2,
        y: -edge.label.height / 2,
        width: edge.label.width,
        height: edge.label.height,
        rx: 6,
      },
      g,
    );
    const text = svg('text', { y: -edge.label.height / 2 + 14 }, g);
    edge.label.lines.forEach((line, i) => {
      const trigger = svg('tspan', { x: 0, dy: i === 0 ? 0 : 15, class: `trigger kind-${line.kind}` }, text);
      trigger.textContent = line.trigger;
      if (line.guard) {
        const guard = svg('tspan', { class: 'guard' }, text);
        guard.textContent = ` [${line.guard}]`;
      }
    });
  }

  /** The server estimates label widths; the browser knows them. Fit each label's backdrop. */
  function fitLabels(labels: SVGGElement): void {
    for (const g of Array.from(labels.children)) {
      const rect = g.querySelector('rect');
      const text = g.querySelector('text');
      if (!rect || !text) continue;
      const box = text.getBBox();
      if (box.width === 0) continue;
      rect.setAttribute('x', String(box.x - 7));
      rect.setAttribute('width', String(box.width + 14));
    }
  }

  function drawAnyState(): void {
    const list = byId<HTMLElement>('any-state');
    if (layout.anyState.length === 0) return;
    html('span', 'any-title', 'In any state', list);
    for (const entry of layout.anyState) {
      const item = html('span', 'any-item', undefined, list);
      html('code', '', entry.lines.map((l) => (l.guard ? `${l.trigger} [${l.guard}]` : l.trigger)).join(' | '), item);
      html('span', 'any-arrow', '→', item);
      html('code', 'any-target', entry.target, item);
    }
  }

  // ---------------------------------------------------------------- highlighting
  function statesOf(record: TaskRecord): string[] {
    const all = new Set<string>();
    for (const leaf of record.state) {
      const parts = leaf.split('.');
      parts.forEach((_, i) => all.add(parts.slice(0, i + 1).join('.')));
    }
    return [...all];
  }

  function outcome(record: TaskRecord): 'running' | 'success' | 'failure' | 'stopped' {
    if (record.status === 'active') return 'running';
    if (record.status === 'stopped') return 'stopped';
    if (record.status === 'error') return 'failure';
    return record.state.some((s) => success.has(s)) ? 'success' : 'failure';
  }

  function highlight(): void {
    const occupants = new Map<string, Live[]>();
    for (const task of tasks.values()) {
      for (const id of statesOf(task)) occupants.set(id, [...(occupants.get(id) ?? []), task]);
    }
    for (const [id, g] of nodeElements) {
      const here = occupants.get(id) ?? [];
      const running = here.filter((t) => t.status === 'active');
      const leaf = here.filter((t) => t.state.includes(id));
      g.classList.toggle(
        'is-active',
        running.some((t) => t.state.includes(id)),
      );
      g.classList.toggle('is-active-parent', running.length > 0 && !running.some((t) => t.state.includes(id)));
      g.classList.toggle('is-settled-success', finals.has(id) && leaf.some((t) => outcome(t) === 'success'));
      g.classList.toggle(
        'is-settled-failure',
        finals.has(id) && leaf.some((t) => outcome(t) !== 'success' && t.status !== 'active'),
      );
      g.classList.toggle('is-focus', focus !== undefined && here.some((t) => t.id === focus));
    }
    diagram.classList.toggle('has-focus', focus !== undefined);
    drawOccupants(occupants);
  }

  /** Coloured dots (one per running task) along the bottom of each state, and a count badge. */
  function drawOccupants(occupants: Map<string, Live[]>): void {
    const layer = overlay();
    layer.replaceChildren();
    for (const node of layout.nodes) {
      if (node.type === 'compound' || node.type === 'parallel') continue;
      const here = (occupants.get(node.id) ?? []).filter((t) => t.state.includes(node.id));
      const [first] = here;
      if (!first) continue;
      const shown = here.slice(0, 8);
      shown.forEach((task, i) => {
        const dot = svg(
          'circle',
          { class: 'task-dot', cx: node.x + 12 + i * 11, cy: node.y + node.height - 9, r: 4, 'data-task-dot': task.id },
          layer,
        );
        dot.setAttribute('fill', task.color);
      });
      if (here.length > shown.length) {
        const more = svg(
          'text',
          { class: 'more', x: node.x + 12 + shown.length * 11, y: node.y + node.height - 5 },
          layer,
        );
        more.textContent = `+${here.length - shown.length}`;
      }
      const badge = svg(
        'g',
        {
          class: `badge outcome-${here.every((t) => t.status === 'active') ? 'running' : outcome(first)}`,
          transform: `translate(${node.x + node.width - 4},${node.y + 4})`,
        },
        layer,
      );
      svg('circle', { r: 10 }, badge);
      const count = svg('text', { y: 4 }, badge);
      count.textContent = String(here.length);
    }
  }

  // ---------------------------------------------------------------- task cards
  const list = byId<HTMLElement>('task-list');
  const cards = new Map<string, { root: HTMLElement; update: (task: Live) => void }>();

  function card(task: Live) {
    const root = html('article', 'task');
    root.dataset.task = task.id;
    root.style.setProperty('--task-color', task.color);
    const head = html('header', 'task-head', undefined, root);
    html('span', 'swatch', undefined, head);
    const type = html('span', 'task-type', undefined, head);
    const ids = html('div', 'task-ids', undefined, root);
    const pill = html('span', 'pill', undefined, ids);
    const taskId = html('code', 'task-id', undefined, ids);
    const errorCode = html('code', 'task-error', undefined, root);
    const metrics = html('div', 'metrics', undefined, root);
    const queries = metric(metrics, 'Queries');
    const time = metric(metrics, 'Time left');
    root.addEventListener('mouseenter', () => setFocus(task.id));
    root.addEventListener('mouseleave', () => setFocus(undefined));
    const update = (t: Live) => {
      const result = outcome(t);
      root.className = `task outcome-${result}`;
      type.textContent = t.type;
      pill.textContent =
        t.status === 'active'
          ? t.state.map((s) => s.split('.').join(' › ')).join(' · ')
          : `${result === 'success' ? '✓' : result === 'stopped' ? '■' : '✕'} ${t.state.join(' · ') || t.status}`;
      taskId.textContent = t.taskId ? `taskId ${t.taskId}` : `key ${t.key ?? t.id}`;
      errorCode.textContent = t.errorCode ?? '';
      errorCode.hidden = t.errorCode === undefined;
      taskId.title = t.taskId ? `local key ${t.key ?? '-'}` : 'waiting for createTask';
      queries.value.textContent = t.maxQueries ? `${t.queries} / ${t.maxQueries}` : String(t.queries);
      queries.fill.style.width = `${t.maxQueries ? Math.min(100, (100 * t.queries) / t.maxQueries) : 0}%`;
      queries.fill.classList.toggle('warn', t.maxQueries > 0 && t.queries / t.maxQueries > 0.8);
      tick(t, time);
    };
    return { root, update, time };
  }

  function metric(parent: HTMLElement, label: string) {
    const row = html('div', 'metric', undefined, parent);
    html('span', 'metric-label', label, row);
    const bar = html('div', 'bar', undefined, row);
    const fill = html('i', '', undefined, bar);
    const value = html('span', 'metric-value', undefined, row);
    return { value, fill };
  }

  const timers = new Map<string, { value: HTMLElement; fill: HTMLElement }>();

  function remainingOf(task: Live): number | null {
    if (task.remainingMs === null) return null;
    if (task.status !== 'active') return task.remainingMs;
    return Math.max(0, task.remainingMs - (Date.now() - task.receivedAt));
  }

  function tick(task: Live, time: { value: HTMLElement; fill: HTMLElement }): void {
    const left = remainingOf(task);
    time.value.textContent = left === null ? '—' : task.status === 'active' ? formatDuration(left) : 'finished';
    const total = task.firstRemainingMs;
    const running = task.status === 'active';
    time.fill.style.width = `${running && left !== null && total ? Math.min(100, (100 * left) / total) : 0}%`;
    time.fill.classList.toggle('warn', running && left !== null && total !== null && left < total * 0.2);
  }

  function formatDuration(ms: number): string {
    const seconds = Math.ceil(ms / 1000);
    return seconds >= 60 ? `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}` : `${seconds} s`;
  }

  function setFocus(id: string | undefined): void {
    focus = id;
    highlight();
  }

  function render(): void {
    // Creation order, always: a card never jumps when its task settles.
    const sorted = [...tasks.values()].sort((a, b) => a.order - b.order);
    for (const [id, entry] of cards) {
      if (!tasks.has(id)) {
        entry.root.remove();
        cards.delete(id);
        timers.delete(id);
      }
    }
    for (const task of sorted) {
      let entry = cards.get(task.id);
      if (!entry) {
        const made = card(task);
        timers.set(task.id, made.time);
        entry = { root: made.root, update: made.update };
        cards.set(task.id, entry);
      }
      entry.update(task);
      list.appendChild(entry.root);
    }
    const running = sorted.filter((t) => t.status === 'active').length;
    const succeeded = sorted.filter((t) => outcome(t) === 'success').length;
    byId<HTMLElement>('stat-running').textContent = String(running);
    byId<HTMLElement>('stat-success').textContent = String(succeeded);
    byId<HTMLElement>('stat-failure').textContent = String(sorted.length - running - succeeded);
    byId<HTMLElement>('empty').hidden = sorted.length > 0;
    highlight();
  }

  function upsert(record: TaskRecord): void {
    const known = tasks.get(record.id);
    const color = known?.color ?? PALETTE[arrivals % PALETTE.length] ?? '#38bdf8';
    tasks.set(record.id, {
      ...record,
      receivedAt: Date.now(),
      firstRemainingMs: known?.firstRemainingMs ?? record.remainingMs,
      color,
      order: known?.order ?? arrivals++,
    });
  }

  // ---------------------------------------------------------------- live updates
  function connect(): void {
    const status = byId<HTMLElement>('connection');
    const source = new EventSource(config.eventsUrl);
    source.addEventListener('open', () => {
      status.dataset.state = 'live';
      if (status.lastElementChild) status.lastElementChild.textContent = 'live';
    });
    source.addEventListener('error', () => {
      status.dataset.state = 'offline';
      if (status.lastElementChild) status.lastElementChild.textContent = 'reconnecting…';
    });
    source.addEventListener('tasks', (event) => {
      const { tasks: records } = JSON.parse((event as MessageEvent<string>).data) as { tasks: TaskRecord[] };
      tasks.clear();
      records.forEach(upsert);
      render();
      document.body.dataset.ready = 'true';
    });
    source.addEventListener('task', (event) => {
      upsert(JSON.parse((event as MessageEvent<string>).data) as TaskRecord);
      render();
    });
    source.addEventListener('remove', (event) => {
      tasks.delete((JSON.parse((event as MessageEvent<string>).data) as { id: string }).id);
      render();
    });
  }

  drawDiagram();
  render();
  connect();
  setInterval(() => {
    for (const [id, time] of timers) {
      const task = tasks.get(id);
      if (task?.status === 'active') tick(task, time);
    }
  }, 250);
}
