// Memory and CPU of a set of processes with their children, read from /proc (Linux): tsflux is one
// Node process that runs `git` children, Flux is one process per controller; both are measured
// the same way, as the sum over each root and every process below it.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux architecture Node runs on

interface Stat {
  pid: number;
  ppid: number;
  /** utime + stime of the process itself, in ticks */
  own: number;
  /** cutime + cstime: the children it has waited for, in ticks */
  reaped: number;
}

function readStat(pid: number): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name (field 2) may hold spaces and parentheses: fields restart after the last ')'
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return {
      pid,
      ppid: Number(f[1]),
      own: Number(f[11]) + Number(f[12]),
      reaped: Number(f[13]) + Number(f[14]),
    };
  } catch {
    return undefined; // exited between the listing and the read
  }
}

/** Rss and Pss of a process in KiB; Pss shares each page among the processes mapping it. */
function memoryKiB(pid: number): { rss: number; pss: number } {
  try {
    const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    return {
      rss: Number(/^Rss:\s+(\d+)/m.exec(text)?.[1] ?? 0),
      pss: Number(/^Pss:\s+(\d+)/m.exec(text)?.[1] ?? 0),
    };
  } catch {
    return { rss: 0, pss: 0 };
  }
}

/** Every live process at or below the roots. */
function tree(roots: number[]): Stat[] {
  const all = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map((d) => readStat(Number(d)))
    .filter((s): s is Stat => s !== undefined);
  const children = new Map<number, Stat[]>();
  for (const s of all) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  const out: Stat[] = [];
  const queue = all.filter((s) => roots.includes(s.pid));
  while (queue.length) {
    const s = queue.shift() as Stat;
    out.push(s);
    queue.push(...(children.get(s.pid) ?? []));
  }
  return out;
}

/** Memory in MiB: the sum of resident sets, and the sum of proportional sets. */
export interface Memory {
  rss: number;
  /**
   * Shared pages split among the processes mapping them: a git binary's text run twenty times
   * counts once, but so does Node's text shared with unrelated Node processes on the machine, so
   * PSS depends on what else runs; ratios use RSS, which overstates the children (conservative).
   */
  pss: number;
}

/** Memory of the roots and all their live descendants. */
export function treeMemory(roots: number[]): Memory {
  const m = tree(roots).map((s) => memoryKiB(s.pid));
  return { rss: m.reduce((a, x) => a + x.rss, 0) / 1024, pss: m.reduce((a, x) => a + x.pss, 0) / 1024 };
}

/**
 * CPU seconds spent so far by the roots, the children they reaped and the descendants still
 * running; the difference of two readings is what a run cost, children included.
 */
export function treeCpuSeconds(roots: number[]): number {
  // a reaped process is gone from the tree, so counting every process's reaped children as well as
  // its own time counts each tick once
  const ticks = tree(roots).reduce((sum, s) => sum + s.own + s.reaped, 0);
  return ticks / TICKS_PER_SECOND;
}

/** Samples {@link treeMemory} every `everyMs` and keeps the peaks, until `stop()`. */
export function peakMemory(roots: () => number[], everyMs = 250): { peak(): Memory; stop(): void } {
  const peak: Memory = { rss: 0, pss: 0 };
  const timer = setInterval(() => {
    const m = treeMemory(roots());
    peak.rss = Math.max(peak.rss, m.rss);
    peak.pss = Math.max(peak.pss, m.pss);
  }, everyMs);
  return { peak: () => ({ ...peak }), stop: () => clearInterval(timer) };
}

/** Seconds runnable but waiting for a CPU, from {@link treeRunQueue}. */
export interface RunQueue {
  /** summed over every live thread of the tree */
  threads: number;
  /** the roots' main threads only: for Node, the event loop, where all of tsflux's work runs */
  main: number;
}

/**
 * Seconds the threads of the tree spent runnable but waiting for a CPU (the run queue's delay,
 * from /proc/<pid>/task/<tid>/schedstat): on a machine shared with other work, what the tool lost
 * to the load rather than to its own waits.
 */
export function treeRunQueue(roots: number[]): RunQueue {
  const out: RunQueue = { threads: 0, main: 0 };
  for (const s of tree(roots)) {
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${s.pid}/task`);
    } catch {
      continue; // exited
    }
    for (const tid of tasks) {
      try {
        const wait = Number(readFileSync(`/proc/${s.pid}/task/${tid}/schedstat`, 'utf8').split(' ')[1]) / 1e9;
        out.threads += wait;
        if (roots.includes(s.pid) && Number(tid) === s.pid) out.main += wait;
      } catch {
        // the thread ended between the listing and the read
      }
    }
  }
  return out;
}
