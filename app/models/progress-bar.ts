/**
 * A download progress bar: redrawn in place on a terminal (percent, MB, speed, ETA); on a pipe or a log
 * file it prints a plain line every 10 % instead, so journald and CI logs stay readable.
 */
import type { DownloadProgress } from './download.js';

export interface ProgressBar {
  update(p: DownloadProgress): void;
  /** Ends the bar with a last line (the bar's own on a TTY, `message` when given). */
  done(message?: string): void;
}

interface Sink {
  write(s: string): unknown;
  isTTY?: boolean | undefined;
  columns?: number | undefined;
}

const MB = 1_000_000;

function mb(bytes: number): string {
  return (bytes / MB).toFixed(1);
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${pad(m)}:${pad(s % 60)}`;
}

/** `label  42.0%  123.4/456.7 MB  5.2 MB/s  ETA 01:04` (no bar). */
export function describeProgress(label: string, p: DownloadProgress): string {
  const pct = p.total > 0 ? (100 * p.received) / p.total : 0;
  const eta = p.bytesPerSec > 0 ? (p.total - p.received) / p.bytesPerSec : Number.NaN;
  return `${label}  ${pct.toFixed(1).padStart(5)}%  ${mb(p.received)}/${mb(p.total)} MB  ${mb(p.bytesPerSec)} MB/s  ETA ${duration(eta)}`;
}

/** The same with a `[#####.....]` bar sized to the terminal width. */
export function renderBar(label: string, p: DownloadProgress, columns: number): string {
  const text = describeProgress(label, p);
  const room = columns - text.length - 4;
  if (room < 10) return text.slice(0, Math.max(0, columns - 1));
  const width = Math.min(40, room);
  const filled = p.total > 0 ? Math.min(width, Math.floor((width * p.received) / p.total)) : 0;
  return `${text}  [${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

export function createProgressBar(label: string, sink: Sink = process.stderr): ProgressBar {
  const tty = sink.isTTY === true;
  let last: DownloadProgress | undefined;
  let lastDraw = 0;
  let lastDecile = -1;
  return {
    update(p) {
      last = p;
      if (tty) {
        const now = Date.now();
        if (now - lastDraw < 100 && p.received < p.total) return;
        lastDraw = now;
        sink.write(`\r${renderBar(label, p, sink.columns ?? 80)}\x1b[K`);
        return;
      }
      const decile = p.total > 0 ? Math.floor((10 * p.received) / p.total) : 0;
      if (decile === lastDecile) return;
      lastDecile = decile;
      sink.write(`${describeProgress(label, p)}\n`);
    },
    done(message) {
      if (tty) {
        if (last) sink.write(`\r${renderBar(label, last, sink.columns ?? 80)}\x1b[K\n`);
        if (message) sink.write(`${message}\n`);
        return;
      }
      if (message) sink.write(`${message}\n`);
    },
  };
}
