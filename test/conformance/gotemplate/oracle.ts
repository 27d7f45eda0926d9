import { join } from 'node:path';
import { askJsonLines, goOracle } from '../../support/go-oracle.ts';

/** One case as the oracle reads it. */
export interface OracleCase {
  name: string;
  template: string;
  data?: unknown;
  options?: { missingkey?: string; funcs?: 'none'; delims?: [string, string] };
}

/** The oracle's verdict on a case: the output, or Go's error text. */
export interface OracleResult {
  name: string;
  output?: string;
  error?: string;
}

const moduleDir = join(import.meta.dirname, '../../../scripts/gotemplate-oracle');

/** Builds (once, cached by a hash of its sources) the Go text/template + Sprig oracle; returns its path. */
export function oracleBinary(): Promise<string> {
  return goOracle(moduleDir, 'gotemplate-oracle');
}

/** Renders all cases with the real Go text/template in one process. */
export async function runOracle(cases: OracleCase[]): Promise<Map<string, OracleResult>> {
  const results = new Map<string, OracleResult>();
  for (const r of await askJsonLines<OracleResult>(await oracleBinary(), cases)) results.set(r.name, r);
  return results;
}
