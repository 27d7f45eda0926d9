// The Masterminds/semver Go oracle (./oracle): built once per source hash, asked in one process
// with one JSON request per line.
import { join } from 'node:path';
import { askJsonLines, goOracle } from '../../support/go-oracle.ts';

const moduleDir = join(import.meta.dirname, 'oracle');

/** A version text as the three parsers read it: Go's error text, or String() and Original(). */
export interface ParseAnswer {
  error?: string;
  string?: string;
  original?: string;
}

/** A chart index entry as the oracle reads it. */
export interface ChartEntry {
  version: string;
  created?: string;
}

/** One request to the oracle (see the header of oracle/main.go). */
export type OracleRequest =
  | { op: 'version'; text: string }
  | { op: 'check'; constraint: string; versions: string[] }
  | { op: 'sort'; versions: string[] }
  | { op: 'tag'; constraint: string; tags: string[] }
  | { op: 'chart'; constraint: string; entries: ChartEntry[] };

/** The oracle's answers, by operation. */
export interface OracleAnswers {
  version: { loose: ParseAnswer; strict: ParseAnswer; flux: ParseAnswer };
  check: { error?: string; checks?: (boolean | null)[] };
  sort: { sorted: string[] | null };
  tag: { tag?: string; error?: string };
  chart: { flux?: string; fluxError?: string; helm?: string; helmError?: string };
}

/** Asks the oracle every request of one operation, in one process; answers in request order. */
export async function askOracle<Op extends OracleRequest['op']>(
  requests: Extract<OracleRequest, { op: Op }>[],
): Promise<OracleAnswers[Op][]> {
  const answers = await askJsonLines<OracleAnswers[Op]>(await goOracle(moduleDir, 'semver-oracle'), requests);
  if (answers.length !== requests.length)
    throw new Error(`the oracle answered ${answers.length} of ${requests.length} requests`);
  return answers;
}
