/**
 * How busy the machine was while a part of the bench ran: the CPU that processes other than the
 * bench's own (this process and its descendants: the app servers, PostgreSQL, Chromium) used,
 * from /proc, and the 1-minute load average. Ratios against a floor measured in the same run
 * survive a shared machine; absolute rates and latencies do not.
 */
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

const TICKS = Number(execSync('getconf CLK_TCK').toString().trim()) || 100;

/** Busy jiffies of the whole machine (all CPUs). */
function machineBusy(): number {
  const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1);
  const [user, nice, system, , , irq, softirq, steal] = cpu.map(Number);
  return user! + nice! + system! + irq! + softirq! + (steal ?? 0);
}

/** CPU jiffies of this process and its descendants, reaped children included. */
function ownBusy(): number {
  const parents = new Map<number, number[]>();
  const times = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(fields[1]);
      // utime, stime, cutime, cstime (fields 14–17 of stat; 12–15 after the command)
      times.set(
        Number(entry),
        fields
          .slice(11, 15)
          .map(Number)
          .reduce((a, b) => a + b, 0),
      );
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone
    }
  }
  let total = 0;
  const queue = [process.pid];
  while (queue.length) {
    const pid = queue.shift()!;
    total += times.get(pid) ?? 0;
    queue.push(...(parents.get(pid) ?? []));
  }
  return total;
}

export interface MachineState {
  /** Cores' worth of CPU used by other processes (of os.cpus().length). */
  others: number;
  /** Cores' worth used by the bench, its servers and PostgreSQL. */
  own: number;
  loadMin: number;
  loadMax: number;
}

/** Starts watching; `stop()` tells what the machine did meanwhile. */
export function watchMachine() {
  const t0 = Date.now();
  const busy0 = machineBusy();
  const own0 = ownBusy();
  const loads = [os.loadavg()[0]!];
  const timer = setInterval(() => loads.push(os.loadavg()[0]!), 5000);
  return {
    stop(): MachineState {
      clearInterval(timer);
      loads.push(os.loadavg()[0]!);
      const seconds = (Date.now() - t0) / 1000;
      const own = Math.max(0, ownBusy() - own0) / TICKS / seconds;
      const all = (machineBusy() - busy0) / TICKS / seconds;
      return {
        own,
        others: Math.max(0, all - own),
        loadMin: Math.min(...loads),
        loadMax: Math.max(...loads),
      };
    },
  };
}

export const describeMachine = (m: MachineState) =>
  `other processes used ${m.others.toFixed(2)} of the ${os.cpus().length} cores (the bench, its servers and PostgreSQL ${m.own.toFixed(2)}), 1-minute load average ${m.loadMin.toFixed(1)}–${m.loadMax.toFixed(1)}`;

/** Resident memory of the largest process of a tree, in bytes (/proc of each). */
function largestRss(rootPattern: string): number {
  const list = (command: string) => execSync(command).toString().split(/\s+/).filter(Boolean);
  const roots = list(`pgrep -f "${rootPattern}" || true`);
  const all = new Set(roots);
  const queue = [...roots];
  while (queue.length) {
    for (const c of list(`pgrep -P ${queue.shift()} || true`)) {
      if (!all.has(c)) queue.push(c);
      all.add(c);
    }
  }
  let largest = 0;
  for (const pid of all) {
    try {
      const kb = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      largest = Math.max(largest, Number(kb ?? 0) * 1024);
    } catch {
      // gone
    }
  }
  return largest;
}

/** Samples the process tree started by `rootPattern` every 100 ms; `stop()` tells its peak RSS. */
export function watchPeakRss(rootPattern: string) {
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, largestRss(rootPattern))), 100);
  return {
    stop(): number {
      clearInterval(timer);
      return peak;
    },
  };
}
