import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';

/** A conformance case as written in the YAML files under cases/. */
export interface ConformanceCase {
  /** Unique id: `<file path without .yaml>/<name>`. */
  id: string;
  template: string;
  data?: unknown;
  /** `missingkey`; `funcs: none` renders without Sprig (for builtins Sprig shadows); `delims: [l, r]`. */
  options?: { missingkey?: string; funcs?: 'none'; delims?: [string, string] };
  /** `exact` (default): output or error must equal the oracle's; `shape`: output must match `pattern`. */
  check: 'exact' | 'shape';
  pattern?: string;
}

const casesDir = join(import.meta.dirname, 'cases');

function yamlFiles(dir: string, knownFailing = false): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...yamlFiles(p, knownFailing));
    else if (/\.ya?ml$/.test(e.name) && /^known-failing\.ya?ml$/.test(e.name) === knownFailing) out.push(p);
  }
  return out.sort();
}

/** Known-failing lists kept by folder owners: `known-failing.yaml` files mapping case id to reason. */
export function loadKnownFailingFiles(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const file of yamlFiles(casesDir, true)) Object.assign(out, parse(readFileSync(file, 'utf8')) ?? {});
  return out;
}

/**
 * Loads every case file under cases/ (recursively; other helpers add their own folders). A file is
 * a list of cases or a mapping with a `cases` list; an `output` field given with `check: shape` is
 * taken as the pattern. Expected results always come from the oracle, never from the file.
 */
export function loadCases(): ConformanceCase[] {
  const all: ConformanceCase[] = [];
  for (const file of yamlFiles(casesDir)) {
    const doc = parse(readFileSync(file, 'utf8'));
    const list = (Array.isArray(doc) ? doc : (doc?.cases ?? [])) as Record<string, any>[];
    const prefix = relative(casesDir, file).replace(/\.ya?ml$/, '');
    for (const c of list) {
      all.push({
        id: `${prefix}/${c.name}`,
        template: String(c.template),
        data: c.data,
        options: c.options,
        check: c.check === 'shape' ? 'shape' : 'exact',
        pattern: c.pattern ?? (c.check === 'shape' ? c.output : undefined),
      });
    }
  }
  return all;
}
