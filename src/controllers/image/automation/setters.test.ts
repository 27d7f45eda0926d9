import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import type { ImageRef } from '../../../api/image/v1/index.ts';
import { Template } from '../../../engines/gotemplate/index.ts';
import { applySetters, findMarkedScalar, parseMarker } from './setters.ts';

const policies: Record<string, ImageRef> = {
  'flux:app': { name: 'reg.example/team/app', tag: 'v2.1.0' },
  'flux:numeric': { name: 'reg.example/num', tag: '1.10' },
  'flux:digested': { name: 'reg.example/d', tag: 'v1', digest: 'sha256:abc' },
};
const lookup = (p: string) => policies[p];

test('a full marker sets name:tag; comments, the leading --- and indentation stay', () => {
  const text = [
    '---',
    '# a comment kyaml would move',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: app   # trailing comment',
    '          image: reg.example/team/app:v1.0.0 # {"$imagepolicy": "flux:app"}',
    '',
  ].join('\n');
  const got = applySetters(text, lookup);
  assert.equal(got.text, text.replace('app:v1.0.0', 'app:v2.1.0'));
  assert.deepEqual(
    got.changes.map((c) => ({ ...c, line: c.line })),
    [
      {
        line: 10,
        OldValue: 'reg.example/team/app:v1.0.0',
        NewValue: 'reg.example/team/app:v2.1.0',
        Setter: 'flux:app',
      },
    ],
  );
});

test(':tag and :name markers set their part; quoting style and CRLF are kept', () => {
  const text = [
    'images:\r',
    '- newName: \'reg.example/old\' # {"$imagepolicy": "flux:app:name"}\r',
    '  newTag: "v1.0.0"  # {"$imagepolicy": "flux:app:tag"}\r',
    '',
  ].join('\n');
  const got = applySetters(text, lookup);
  assert.equal(
    got.text,
    [
      'images:\r',
      '- newName: \'reg.example/team/app\' # {"$imagepolicy": "flux:app:name"}\r',
      '  newTag: "v2.1.0"  # {"$imagepolicy": "flux:app:tag"}\r',
      '',
    ].join('\n'),
  );
  assert.deepEqual(
    got.changes.map((c) => c.Setter),
    ['flux:app:name', 'flux:app:tag'],
  );
});

test('a plain scalar is quoted only when the new value would not read back as a string', () => {
  const got = applySetters('tag: v1 # {"$imagepolicy": "flux:numeric:tag"}\n', lookup);
  assert.equal(got.text, 'tag: "1.10" # {"$imagepolicy": "flux:numeric:tag"}\n');
  assert.equal(parseAllDocuments(got.text)[0].toJS().tag, '1.10');
});

test('a change prints as Go prints the Change struct in a commit message template', () => {
  const got = applySetters('a: x # {"$imagepolicy": "flux:app:tag"}\n', lookup);
  const message = new Template('m')
    .parse('{{ range .Changes }}{{ . }}{{ end }}')
    .execute({ Changes: got.changes });
  assert.equal(message, '{x v2.1.0 flux:app:tag}');
});

test('a digest, when the policy has one, is appended to the full reference and set by :digest', () => {
  const got = applySetters(
    'a: x # {"$imagepolicy": "flux:digested"}\nb: y # {"$imagepolicy": "flux:digested:digest"}\nc: z # {"$imagepolicy": "flux:app:digest"}\n',
    lookup,
  );
  assert.equal(
    got.text,
    'a: reg.example/d:v1@sha256:abc # {"$imagepolicy": "flux:digested"}\nb: sha256:abc # {"$imagepolicy": "flux:digested:digest"}\nc: z # {"$imagepolicy": "flux:app:digest"}\n',
  );
});

test('markers inside a top-level sequence, after an anchor or a tag, are set', () => {
  const text = [
    '- reg.example/team/app:v1 # {"$imagepolicy": "flux:app"}',
    '- image: &img reg.example/team/app:v1 # {"$imagepolicy": "flux:app"}',
    '- !!str reg.example/team/app:v1 # {"$imagepolicy": "flux:app"}',
    '',
  ].join('\n');
  const got = applySetters(text, lookup);
  assert.equal(got.text, text.replaceAll('app:v1 ', 'app:v2.1.0 '));
  assert.equal(got.changes.length, 3);
});

test('no change: equal values, unknown policies, flow values, aliases and malformed markers', () => {
  const text = [
    'a: reg.example/team/app:v2.1.0 # {"$imagepolicy": "flux:app"}',
    'b: x:1 # {"$imagepolicy": "flux:unknown"}',
    'c: [x, y] # {"$imagepolicy": "flux:app"}',
    'd: *anchor # {"$imagepolicy": "flux:app"}',
    'e: x:1 # {"$imagepolicy": "app"}',
    'f: x:1 # {"$imagepolicy": "flux:app:other"}',
    'g: x:1 # {$imagepolicy: flux:app}',
    'h: "x:1 # {\\"$imagepolicy\\": \\"flux:app\\"}"',
    '# i: x:1 # {"$imagepolicy": "flux:app"}',
    '',
  ].join('\n');
  const got = applySetters(text, lookup);
  assert.equal(got.text, text);
  assert.deepEqual(got.changes, []);
});

test('parseMarker and findMarkedScalar read the setter and the scalar span', () => {
  assert.deepEqual(parseMarker(' {"$imagepolicy": "ns:p:tag"}'), {
    policy: 'ns:p',
    part: 'tag',
    setter: 'ns:p:tag',
  });
  assert.equal(parseMarker(' {"$imagepolicy": ":p"}'), undefined);
  const line = '  "key": \'v\'  # {"$imagepolicy": "ns:p"}';
  const span = findMarkedScalar(line);
  assert.equal(span && line.slice(span.start, span.end), "'v'");
  assert.equal(findMarkedScalar('key: # {"$imagepolicy": "ns:p"}'), undefined);
});

// --- property test: generated YAML -------------------------------------------------------------

/** A small seeded generator (mulberry32), so a failure names a seed that reproduces it. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (n: number) => Math.floor(next() * n),
    chance: (p: number) => next() < p,
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)],
  };
}

type Rand = ReturnType<typeof random>;
type Path = (string | number)[];

interface Generated {
  lines: string[];
  /** Per marked line: its index, the bytes before and after the scalar, the path and setter. */
  marks: { index: number; before: string; after: string; path: Path; setter: string; part: string }[];
  docs: unknown[];
}

const PARTS = ['', ':tag', ':name'] as const;

function generate(r: Rand): Generated {
  const out: Generated = { lines: [], marks: [], docs: [] };
  const anchors: { name: string; value: string }[] = [];
  let counter = 0;
  const scalarText = (value: string) => {
    const style = r.pick(['plain', 'single', 'double'] as const);
    return style === 'plain' ? value : style === 'single' ? `'${value}'` : JSON.stringify(value);
  };
  const maybeComment = (indent: string) => {
    if (r.chance(0.2)) out.lines.push(`${indent}# note ${counter++}: {"not": "a marker"}`);
  };
  // a scalar entry: `prefix` is what comes before the value (`key: ` or `- `)
  const scalar = (prefix: string, path: Path): unknown => {
    const value = `reg.example/img${counter++}:v1.${r.int(9)}.0`;
    if (r.chance(0.45)) {
      const setter = `flux:${r.pick(['app', 'numeric', 'unknown'])}${r.pick(PARTS)}`;
      const anchor = r.chance(0.2) ? `&m${counter++} ` : '';
      const before = `${prefix}${anchor}`;
      const after = `${' '.repeat(1 + r.int(3))}# {"$imagepolicy": "${setter}"}`;
      out.marks.push({
        index: out.lines.length,
        before,
        after,
        path,
        setter,
        part: setter.split(':')[2] ?? '',
      });
      out.lines.push(`${before}${scalarText(value)}${after}`);
      return value;
    }
    if (anchors.length && r.chance(0.15)) {
      const a = r.pick(anchors);
      out.lines.push(`${prefix}*${a.name}`);
      return a.value;
    }
    if (r.chance(0.2)) {
      const name = `a${counter++}`;
      anchors.push({ name, value });
      out.lines.push(`${prefix}&${name} ${scalarText(value)}${r.chance(0.5) ? ' # anchored' : ''}`);
      return value;
    }
    out.lines.push(`${prefix}${scalarText(value)}`);
    return value;
  };
  const flow = (prefix: string): unknown => {
    if (r.chance(0.5)) {
      out.lines.push(`${prefix}{a: x${counter}, b: [1, "two"], c: 'q'} # flow`);
      return { a: `x${counter++}`, b: [1, 'two'], c: 'q' };
    }
    out.lines.push(`${prefix}[x${counter}, {k: v}]`);
    return [`x${counter++}`, { k: 'v' }];
  };
  const mapping = (
    indent: number,
    depth: number,
    path: Path,
    firstPrefix?: string,
  ): Record<string, unknown> => {
    const obj: Record<string, unknown> = {};
    const n = 1 + r.int(4);
    for (let i = 0; i < n; i++) {
      const pad = i === 0 && firstPrefix !== undefined ? firstPrefix : ' '.repeat(indent);
      if (i > 0 || firstPrefix === undefined) maybeComment(' '.repeat(indent));
      const key = `k${counter++}`;
      const keyText = r.chance(0.2) ? `"${key}"` : key;
      const kind = depth < 3 ? r.int(5) : r.int(2);
      if (kind <= 1) obj[key] = scalar(`${pad}${keyText}: `, [...path, key]);
      else if (kind === 2) obj[key] = flow(`${pad}${keyText}: `);
      else if (kind === 3) {
        out.lines.push(`${pad}${keyText}:${r.chance(0.3) ? ' # nested' : ''}`);
        obj[key] = mapping(indent + 2, depth + 1, [...path, key]);
      } else {
        out.lines.push(`${pad}${keyText}:`);
        obj[key] = sequence(indent + r.int(2) * 2, depth + 1, [...path, key]);
      }
    }
    return obj;
  };
  const sequence = (indent: number, depth: number, path: Path): unknown[] => {
    const items: unknown[] = [];
    const n = 1 + r.int(3);
    for (let i = 0; i < n; i++) {
      const pad = ' '.repeat(indent);
      if (depth < 3 && r.chance(0.4)) items.push(mapping(indent + 2, depth + 1, [...path, i], `${pad}- `));
      else items.push(scalar(`${pad}- `, [...path, i]));
    }
    return items;
  };
  const docs = 1 + r.int(3);
  if (r.chance(0.5)) out.lines.push('---');
  for (let d = 0; d < docs; d++) {
    if (d > 0) out.lines.push(r.chance(0.5) ? '---' : '--- # next');
    anchors.length = 0; // anchors are per document
    maybeComment('');
    out.docs.push(r.chance(0.25) ? sequence(0, 1, [d]) : mapping(0, 0, [d]));
  }
  return out;
}

function expectedValue(setter: string, old: unknown): unknown {
  const [ns, name, part] = setter.split(':');
  const ref = policies[`${ns}:${name}`];
  if (!ref) return old;
  return part === 'tag' ? ref.tag : part === 'name' ? ref.name : `${ref.name}:${ref.tag}`;
}

function setPath(docs: unknown[], path: Path, value: unknown) {
  let node = docs as unknown as Record<string | number, unknown>;
  for (const p of path.slice(0, -1)) node = node[p] as Record<string | number, unknown>;
  node[path[path.length - 1]] = value;
}

test('generated YAML: untouched bytes stay equal and the result parses to the expected tree', () => {
  for (let seed = 1; seed <= 400; seed++) {
    const r = random(seed);
    const g = generate(r);
    const eol = r.chance(0.3) ? '\r\n' : '\n';
    const text = g.lines.join(eol) + (r.chance(0.8) ? eol : '');
    const parsedBefore = parseAllDocuments(text).map((d) => d.toJS());
    assert.deepEqual(parsedBefore, g.docs, `seed ${seed}: the generator's own tree`);

    const got = applySetters(text, lookup);
    const before = text.split('\n');
    const after = got.text.split('\n');
    assert.equal(after.length, before.length, `seed ${seed}: line count`);
    const marked = new Map(g.marks.map((m) => [m.index, m]));
    for (let i = 0; i < before.length; i++) {
      const m = marked.get(i);
      if (!m) {
        assert.equal(after[i], before[i], `seed ${seed}: unmarked line ${i + 1} changed`);
        continue;
      }
      const cr = eol === '\r\n' && i < before.length - 1 ? '\r' : '';
      assert.ok(after[i].startsWith(m.before), `seed ${seed}: bytes before the scalar, line ${i + 1}`);
      assert.ok(after[i].endsWith(m.after + cr), `seed ${seed}: bytes after the scalar, line ${i + 1}`);
    }
    const expected = structuredClone(g.docs);
    let changed = 0;
    for (const m of g.marks) {
      let old: unknown = expected;
      for (const p of m.path) old = (old as Record<string | number, unknown>)[p];
      const value = expectedValue(m.setter, old);
      if (value !== old) changed++;
      setPath(expected, m.path, value);
    }
    assert.deepEqual(
      parseAllDocuments(got.text).map((d) => d.toJS()),
      expected,
      `seed ${seed}: parsed result`,
    );
    assert.equal(got.changes.length, changed, `seed ${seed}: changes`);
  }
});
