/** One task passing through a {@link createStartOrderGate}. */
export interface GateSlot {
  state: 'running' | 'done' | 'dropped';
  sample?: [number, number] | undefined;
}

/** Releases solve observations in the order their tasks started. */
export interface StartOrderGate {
  /** A task started: it holds back the observations of every task started after it until it ends. */
  start(): GateSlot;
  /** The task ended: with its observation (solved), or without (failed, cancelled). */
  finish(slot: GateSlot, sample?: [number, number]): void;
  /** Tasks started and not yet released. */
  readonly size: number;
}

/**
 * Hands observations to `release` in the order their tasks started, each once every task started
 * before it has ended. In a batch the fast tasks finish first; learning from completions as they
 * come would over-weight them until the slow ones end. Start order does not depend on the solve
 * time, so the released stream is unbiased, only delayed (by at most a task's lifetime). At most
 * `capacity` tasks wait; past that the oldest running one is given up (its observation is lost).
 */
export function createStartOrderGate(release: (sample: [number, number]) => void, capacity: number): StartOrderGate {
  const queue: GateSlot[] = [];
  const drain = () => {
    for (let slot = queue[0]; slot && slot.state !== 'running'; slot = queue[0]) {
      queue.shift();
      if (slot.state === 'done' && slot.sample) release(slot.sample);
    }
  };
  return {
    start() {
      const oldest = queue.length >= capacity ? queue.shift() : undefined;
      if (oldest) {
        oldest.state = 'dropped';
        drain();
      }
      const slot: GateSlot = { state: 'running' };
      queue.push(slot);
      return slot;
    },
    finish(slot, sample) {
      if (slot.state !== 'running') return;
      slot.state = sample ? 'done' : 'dropped';
      slot.sample = sample;
      drain();
    },
    get size() {
      return queue.length;
    },
  };
}
