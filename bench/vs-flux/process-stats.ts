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

/** Rss, Pss and private (Uss) memory of a process in KiB, from smaps_rollup. */
function memoryKiB(pid: number): { rss: number; pss: number; uss: number } {
  try {
    const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0);
    return { rss: field('Rss'), pss: field('Pss'), uss: field('Private_Clean') + field('Private_Dirty') };
  } catch {
    return { rss: 0, pss: 0, uss: 0 };
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

/** Memory of a process tree in MiB. */
export interface Memory {
  /**
   * The roots' resident sets plus what each descendant holds privately: twenty `git` children
   * share their binary's text and libraries with one another and the rest of the machine, so
   * summing their resident sets would count those pages twenty times. This is the figure compared.
   */
  rss: number;
  /** Every process's resident set summed, shared pages counted once per process (an upper bound). */
  rssSum: number;
  /**
   * Shared pages split among all the processes mapping them, on the whole machine: Node's text is
   * shared with unrelated Node processes, so this depends on what else runs.
   */
  pss: number;
}

/** Memory of the roots and all their live descendants. */
export function treeMemory(roots: number[]): Memory {
  const out: Memory = { rss: 0, rssSum: 0, pss: 0 };
  for (const s of tree(roots)) {
    const m = memoryKiB(s.pid);
    out.rss += (roots.includes(s.pid) ? m.rss : m.uss) / 1024;
    out.rssSum += m.rss / 1024;
    out.pss += m.pss / 1024;
  }
  return out;
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
  const peak: Memory = { rss: 0, rssSum: 0, pss: 0 };
  const timer = setInterval(() => {
    const m = treeMemory(roots());
    peak.rss = Math.max(peak.rss, m.rss);
    peak.rssSum = Math.max(peak.rssSum, m.rssSum);
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
