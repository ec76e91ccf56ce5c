import { appendFileSync } from 'node:fs';
import { basename } from 'node:path';

/** Where `figure` appends its JSON lines; set by bench/run-all.ts (unset: nothing is written). */
export const FIGURES_FILE_ENV = 'BENCH_FIGURES_FILE';

export interface Figure {
  benchmark: string;
  figure: string;
  value: number;
  unit: string;
}

const benchmark = basename(process.argv[1] ?? 'unknown').replace(/\.[cm]?[jt]s$/, '');

/**
 * Records one headline figure of the running benchmark (its console output stays as it is) as a
 * JSON line in the file named by BENCH_FIGURES_FILE, for `npm run bench` to put in bench/RESULTS.md.
 */
export function figure(name: string, value: number, unit: string): void {
  const file = process.env[FIGURES_FILE_ENV];
  if (!file || !Number.isFinite(value)) return;
  const line: Figure = { benchmark, figure: name, value, unit };
  appendFileSync(file, `${JSON.stringify(line)}\n`);
}
