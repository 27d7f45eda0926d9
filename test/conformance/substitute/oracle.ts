import { join } from 'node:path';
import { askJsonLines, goOracle } from '../../support/go-oracle.ts';

/** One case for the oracle: a text template, or an object run through Flux's whole pipeline. */
export interface SubstituteCase {
  name: string;
  text?: string;
  object?: unknown;
  vars: Record<string, string>;
  strict: boolean;
}

/** The oracle's verdict: the expanded text, the substituted object, or the Go error text. */
export interface SubstituteVerdict {
  name: string;
  output?: string;
  object?: unknown;
  error?: string;
}

const moduleDir = join(import.meta.dirname, '../../../scripts/envsubst-oracle');

/** Builds (once, cached by a hash of its sources) the fluxcd/pkg/envsubst oracle. */
export function envsubstOracle(): Promise<string> {
  return goOracle(moduleDir, 'envsubst-oracle');
}

/** Runs all cases through the real library in one process. */
export async function runEnvsubstOracle(cases: SubstituteCase[]): Promise<Map<string, SubstituteVerdict>> {
  const verdicts = await askJsonLines<SubstituteVerdict>(await envsubstOracle(), cases);
  const out = new Map<string, SubstituteVerdict>();
  for (const v of verdicts) out.set(v.name, v);
  return out;
}
