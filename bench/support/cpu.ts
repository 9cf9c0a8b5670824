// CPU used by this process (server + SFU + bench driver) and by Chromium (this process's children: the browser and all
// its descendants), from /proc: to show how much of the 2 cores a measurement took.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function statOf(pid: number): { ppid: number; ticks: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // fields[0] is state (field 3); ppid is field 4, utime 14, stime 15.
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

/** CPU milliseconds used so far by `root` and its descendants. */
function treeCpuMs(root: number): number {
  const all = new Map<number, { ppid: number; ticks: number }>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const s = statOf(pid);
    if (s !== null) all.set(pid, s);
  }
  const inTree = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, s] of all)
      if (!inTree.has(pid) && inTree.has(s.ppid)) {
        inTree.add(pid);
        grew = true;
      }
  }
  let ticks = 0;
  for (const pid of inTree) ticks += all.get(pid)?.ticks ?? 0;
  return (ticks * 1000) / TICKS_PER_SECOND;
}

export interface CpuMeter {
  /** Percent of one core used since the meter started: [this process, Chromium]. */
  read(): { node: number; chromium: number };
}

/** Chromium is this process's child (Playwright launches it): its CPU is our process tree's minus our own. */
const childrenCpuMs = (): number =>
  treeCpuMs(process.pid) - ((statOf(process.pid)?.ticks ?? 0) * 1000) / TICKS_PER_SECOND;

export function cpuMeter(): CpuMeter {
  const t0 = performance.now();
  const node0 = process.cpuUsage();
  const chromium0 = childrenCpuMs();
  return {
    read() {
      const elapsed = performance.now() - t0;
      const node = process.cpuUsage(node0);
      const chromium = childrenCpuMs() - chromium0;
      return { node: ((node.user + node.system) / 1000 / elapsed) * 100, chromium: (chromium / elapsed) * 100 };
    },
  };
}
