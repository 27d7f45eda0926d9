import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import {
  decrypt,
  decryptFileIfEncrypted,
  decryptResource,
  keysFromSecretData,
  type SopsFormat,
  type SopsKeys,
} from '../../../src/engines/sops/index.ts';
import { haveGo } from '../../../src/toolchain/index.ts';
import { run, type SopsOracle, sopsOracle } from './oracle.ts';

// Every expected cleartext below is what the real `sops -d` prints for a file the real `sops`
// encrypted with keys from the real age-keygen and gpg.

const skip = haveGo() ? false : 'the Go toolchain is not installed: cannot build the sops oracle';
const haveGpg = (process.env.PATH ?? '').split(':').some((p) => p !== '' && existsSync(join(p, 'gpg')));
const skipPgp = skip || (haveGpg ? false : 'gpg is not installed: cannot make an OpenPGP key for the oracle');

let oracle: SopsOracle;
let dir: string;
let gnupg: string;
let ageRecipient: string;
let otherAgeRecipient: string;
let pqRecipient: string;
let ageKeyText: string;
let pgpFingerprint: string;
let keys: SopsKeys;
let wrongKeys: SopsKeys;

async function must(
  bin: string,
  args: string[],
  env: Record<string, string> = {},
  input?: string,
): Promise<Buffer> {
  const r = await run(bin, args, { env: { GNUPGHOME: gnupg, ...env }, cwd: dir, input });
  if (r.code !== 0) throw new Error(`${bin} ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

async function newAgeKey(name: string, pq = false): Promise<{ text: string; recipient: string }> {
  const file = join(dir, name);
  await must(oracle.ageKeygen, [...(pq ? ['-pq'] : []), '-o', file]);
  const text = readFileSync(file, 'utf8');
  const recipient = /public key: (age1[0-9a-z]+)/.exec(text)?.[1];
  assert.ok(recipient, 'age-keygen wrote no public key comment');
  return { text, recipient };
}

before(async () => {
  if (skip) return;
  oracle = await sopsOracle();
  dir = mkdtempSync(join(tmpdir(), 'tsflux-sops-'));
  gnupg = join(dir, 'gnupg');
  mkdirSync(gnupg, { mode: 0o700 });
  const main = await newAgeKey('main.agekey');
  const other = await newAgeKey('other.agekey');
  ageKeyText = main.text;
  ageRecipient = main.recipient;
  otherAgeRecipient = other.recipient;
  const pq = await newAgeKey('pq.agekey', true);
  pqRecipient = pq.recipient;
  writeFileSync(join(dir, 'oracle.agekey'), `${main.text}\n${pq.text}`);
  let armored = '';
  if (haveGpg) {
    await must('gpg', [
      '--batch',
      '--passphrase',
      '',
      '--quick-gen-key',
      'tsflux test <test@tsflux.invalid>',
      'default',
      'default',
      'never',
    ]);
    const listing = (await must('gpg', ['--batch', '--list-secret-keys', '--with-colons'])).toString();
    pgpFingerprint = /^fpr:+([0-9A-F]{40}):/m.exec(listing)?.[1] as string;
    assert.ok(pgpFingerprint);
    armored = (await must('gpg', ['--batch', '--armor', '--export-secret-keys', pgpFingerprint])).toString();
  }
  keys = await keysFromSecretData({
    'pq.agekey': pq.text,
    'identity.agekey': `# a comment\n\n${ageKeyText}`,
    ...(armored ? { 'private.asc': armored } : {}),
  });
  wrongKeys = await keysFromSecretData({ 'other.agekey': other.text });
});

after(async () => {
  if (!dir) return;
  // stop the gpg-agent that gpg started for the temporary home before removing it
  if (haveGpg)
    await run('gpgconf', ['--kill', 'gpg-agent'], { env: { GNUPGHOME: gnupg } }).catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

interface Case {
  name: string;
  format: SopsFormat;
  content: string | Buffer;
  args?: string[];
  recipients?: 'age' | 'pgp' | 'both-age' | 'pq';
  outputFormat?: SopsFormat;
  /** Extra creation-rule fields for a .sops.yaml (settings the CLI has no flag for). */
  config?: string;
  /** A whole creation rule for .sops.yaml; MAIN and OTHER stand for the two age recipients. */
  rule?: string;
}

const yamlDoc = `# top comment
apiVersion: v1
kind: Secret
metadata:
    name: db # inline
    labels:
        app: web
stringData:
    password: s3cr3t!
    multi: |
        line one
        line two
    quoted: "yes"
    empty: ""
    colon: "a: b"
    unicode: héllo ✓
count: 42
big: 9007199254740993
ratio: 0.25
enabled: true
nothing: null
list:
    - one
    - 2
    - nested: map
      other: value
    - - inner
public_unencrypted: visible
`;

const cases: Case[] = [
  { name: 'yaml with every scalar type', format: 'yaml', content: yamlDoc },
  {
    name: 'yaml secret with encrypted_regex',
    format: 'yaml',
    content: yamlDoc,
    args: ['--encrypted-regex', '^(data|stringData)$'],
  },
  {
    name: 'yaml with unencrypted_regex',
    format: 'yaml',
    content: yamlDoc,
    args: ['--unencrypted-regex', '^(kind|apiVersion|metadata)$'],
  },
  {
    name: 'yaml with encrypted_suffix',
    format: 'yaml',
    content: 'a_secret: one\nplain: two\n',
    args: ['--encrypted-suffix', '_secret'],
  },
  {
    name: 'yaml mac_only_encrypted',
    format: 'yaml',
    content: yamlDoc,
    config: 'encrypted_regex: ^stringData$\n    mac_only_encrypted: true',
  },
  {
    name: 'yaml with encrypted_comment_regex',
    format: 'yaml',
    content: '# keep\na: 1\n# sops:enc\nb: two\nc: three\n',
    config: 'encrypted_comment_regex: sops:enc',
  },
  {
    name: 'yaml with unencrypted_comment_regex',
    format: 'yaml',
    content: 'a: 1\n# sops:plain\nb: two\nc: three\n',
    config: 'unencrypted_comment_regex: sops:plain',
  },
  {
    name: 'yaml scalars that need quoting or blocks',
    format: 'yaml',
    content: [
      'long: ' + 'word '.repeat(30).trim(),
      'special: "@at"',
      'hash: "a #b"',
      'lead: " spaced"',
      'trail: "spaced "',
      'dash: "- x"',
      'star: "*x"',
      'colonend: "x:"',
      'tab: "a\tb"',
      'quote: "it\'s"',
      'dq: \'say "hi"\'',
      'keepnl: |+',
      '    kept',
      '',
      'leadsp: "  indented\nnext"',
      'trailsp: "line \nnext"',
      'neg: -7',
      'exp: 1.0e+10',
      'small: 0.000001',
      'tilde: "~"',
      'numstr: "0x1F"',
      'datestr: "2024-01-02"',
      'yes_str: "on"',
      'emptymap: {}',
      'emptylist: []',
      '"quoted key": v',
      '"123": numeric key',
      'deep:',
      '    a:',
      '        b:',
      '            - c: d',
      '              e:',
      '                  - f',
      '',
    ].join('\n'),
  },
  {
    name: 'yaml comments in lists and maps',
    format: 'yaml',
    content:
      'a:\n    # before x\n    - x # after x\n    # before y\n    - y\n    # end of list\nb: 1 # trailing b\n# end of file\n',
  },
  {
    name: 'yaml split across Shamir key groups',
    format: 'yaml',
    content: 'secret: shared\nn: 7\n',
    rule: 'shamir_threshold: 2\n    key_groups:\n      - age: [MAIN]\n      - age: [OTHER]\n      - age: [MAIN]',
  },
  {
    name: 'yaml timestamps',
    format: 'yaml',
    content:
      'date: 2024-01-02\nd_unencrypted: 2024-1-2\nts: 2001-12-14t21:59:43.10-05:00\nutc: 2020-02-03T04:05:06.500Z\nspaced: 2020-02-03 04:05:06\nq: "2024-01-02"\n',
  },
  {
    name: 'yaml timestamps to json',
    format: 'yaml',
    content: 'date: 2024-01-02\nplain_unencrypted: 2024-01-02\n',
    outputFormat: 'json',
  },
  {
    name: 'yaml numbers to dotenv',
    format: 'yaml',
    content: 'F: 2.0\nG: 1.5\nH: 1e+21\nI: 7\nB: true\n',
    outputFormat: 'dotenv',
  },
  {
    name: 'yaml number spellings',
    format: 'yaml',
    content:
      ['hex', 'oct', 'old_oct', 'under', 'bin', 'plus', 'dot', 'inf', 'nan', 'exp', 'neg0']
        .map((k, i) =>
          [
            `${k}: ${['0x1F', '0o17', '0777', '1_000', '0b101', '+5', '.5', '-.inf', '.NaN', '6.02e23', '-0'][i]}`,
            `${k}_unencrypted: ${['0x1F', '0o17', '0777', '1_000', '0b101', '+5', '.5', '-.inf', '.NaN', '6.02e23', '-0'][i]}`,
          ].join('\n'),
        )
        .join('\n') +
      '\nbools: [True, FALSE, yes, off]\nbools_unencrypted: [True, FALSE, yes, off]\nnulls_unencrypted: [~, Null, NULL, null]\n',
  },
  { name: 'yaml multi-document', format: 'yaml', content: 'a: 1\nb: two\n---\nc: three\nd:\n    - x\n' },
  {
    name: 'yaml for a post-quantum age recipient',
    format: 'yaml',
    content: 'k: v\nn: 1\n',
    recipients: 'pq',
  },
  { name: 'yaml decrypted with pgp', format: 'yaml', content: yamlDoc, recipients: 'pgp' },
  { name: 'yaml, our age key second', format: 'yaml', content: 'k: v\n', recipients: 'both-age' },
  {
    name: 'json',
    format: 'json',
    content:
      '{"z": "last-first", "a": {"n": 1, "f": 1.5, "big": 12345678901234567, "t": false, "nil": null, "arr": [1, "two", {"x": "<&>"}], "e": {}}, "10": "numeric key"}',
  },
  { name: 'json to yaml', format: 'json', content: '{"b": "x", "a": [1, 2]}', outputFormat: 'yaml' },
  { name: 'yaml to json', format: 'yaml', content: 'b: x\na:\n    - 1\n    - 2.5\n', outputFormat: 'json' },
  {
    name: 'dotenv',
    format: 'dotenv',
    content: '# settings\nUSER=admin\nPASSWORD=p@ss=word\nMULTI=a\\nb\nEMPTY=\n',
  },
  {
    name: 'ini',
    format: 'ini',
    content:
      'top = 1\n[db]\n; about user\nuser = admin\npassword = p w\nlong_key_name: x\n\n[empty]\n\n[other]\nk=v\n',
  },
  {
    name: 'yaml to ini',
    format: 'yaml',
    content: 'db:\n    user: admin\n    port: 5432\n    ratio: 2.0\nx:\n    k: v\n',
    outputFormat: 'ini',
  },
  { name: 'binary text', format: 'binary', content: 'just some text\nwith lines\n' },
  // every byte value, in an order that includes sequences that are not valid UTF-8
  {
    name: 'binary bytes',
    format: 'binary',
    content: Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37) & 0xff)),
  },
];

async function encrypt(c: Case, path: string): Promise<Buffer> {
  const recipients =
    c.recipients === 'pgp'
      ? ['--pgp', pgpFingerprint]
      : c.recipients === 'pq'
        ? ['--age', pqRecipient]
        : c.recipients === 'both-age'
          ? ['--age', `${otherAgeRecipient},${ageRecipient}`]
          : ['--age', ageRecipient];
  const config: string[] = [];
  if (c.rule) {
    const file = `${path}.sops.yaml`;
    const rule = c.rule.replaceAll('MAIN', ageRecipient).replaceAll('OTHER', otherAgeRecipient);
    writeFileSync(file, `creation_rules:\n  - ${rule}\n`);
    config.push('--config', file);
  } else if (c.config) {
    const file = `${path}.sops.yaml`;
    writeFileSync(file, `creation_rules:\n  - age: ${ageRecipient}\n    ${c.config}\n`);
    config.push('--config', file);
  }
  return must(oracle.sops, [
    ...config,
    'encrypt',
    ...(c.config || c.rule ? [] : recipients),
    ...(c.args ?? []),
    '--input-type',
    c.format,
    '--output-type',
    c.format,
    path,
  ]);
}

async function sopsDecrypt(
  path: string,
  format: SopsFormat,
  output?: SopsFormat,
): Promise<{ code: number; stdout: Buffer }> {
  const args = ['decrypt', '--input-type', format, '--output-type', output ?? format, path];
  return run(oracle.sops, args, {
    env: { GNUPGHOME: gnupg, SOPS_AGE_KEY_FILE: join(dir, 'oracle.agekey') },
    cwd: dir,
  });
}

for (const [i, c] of cases.entries()) {
  test(`sops ${c.name}: decrypts to exactly what sops -d prints`, {
    skip: c.recipients === 'pgp' ? skipPgp : skip,
  }, async () => {
    const plain = join(dir, `case-${i}.${c.format}`);
    writeFileSync(plain, c.content);
    const encrypted = await encrypt(c, plain);
    const encPath = join(dir, `case-${i}.enc`);
    writeFileSync(encPath, encrypted);
    const want = await sopsDecrypt(encPath, c.format, c.outputFormat);
    assert.equal(want.code, 0, 'sops -d failed');
    const got = await decrypt(encrypted, { format: c.format, outputFormat: c.outputFormat, keys });
    assert.equal(Buffer.from(got).toString('latin1'), want.stdout.toString('latin1'));
  });
}

test('sops: a changed cleartext value fails the MAC check, as in sops', { skip }, async () => {
  const plain = join(dir, 'tamper.yaml');
  writeFileSync(plain, 'secret: value\nnote_unencrypted: original\n');
  const encrypted = (await encrypt({ name: 't', format: 'yaml', content: '' }, plain)).toString();
  const tampered = encrypted.replace('note_unencrypted: original', 'note_unencrypted: changed');
  assert.notEqual(tampered, encrypted);
  const path = join(dir, 'tampered.yaml');
  writeFileSync(path, tampered);
  const real = await sopsDecrypt(path, 'yaml');
  assert.notEqual(real.code, 0, 'the real sops accepted a tampered file');
  await assert.rejects(
    decrypt(tampered, { format: 'yaml', keys }),
    (e: Error) => /failed to verify sops data integrity/.test(e.message) && !e.message.includes('value'),
  );
  // the kustomize-controller skips the MAC check
  const lax = Buffer.from(await decrypt(tampered, { format: 'yaml', keys, checkMac: false })).toString();
  assert.equal(lax, 'secret: value\nnote_unencrypted: changed\n');
});

test('sops: a changed ciphertext fails authentication, as in sops', { skip }, async () => {
  const plain = join(dir, 'tamper2.json');
  writeFileSync(plain, '{"secret": "value-that-is-long-enough"}');
  const encrypted = (await encrypt({ name: 't', format: 'json', content: '' }, plain)).toString();
  const tampered = encrypted.replace(
    /"secret": "ENC\[AES256_GCM,data:(.)/,
    (m, ch: string) => m.slice(0, -1) + (ch === 'A' ? 'B' : 'A'),
  );
  assert.notEqual(tampered, encrypted);
  const path = join(dir, 'tampered.json');
  writeFileSync(path, tampered);
  assert.notEqual((await sopsDecrypt(path, 'json')).code, 0);
  await assert.rejects(
    decrypt(tampered, { format: 'json', keys }),
    (e: Error) => /error decrypting sops tree/.test(e.message) && !e.message.includes('value-that'),
  );
});

test('sops: a file for another key fails without leaking anything', { skip }, async () => {
  const plain = join(dir, 'wrong.yaml');
  writeFileSync(plain, 'secret: hidden-value\n');
  const encrypted = await encrypt({ name: 'w', format: 'yaml', content: '' }, plain);
  await assert.rejects(decrypt(encrypted, { format: 'yaml', keys: wrongKeys }), (e: Error) => {
    const leak = ['hidden-value', 'AGE-SECRET-KEY'].some((s) => e.message.includes(s));
    return /cannot get sops data key/.test(e.message) && !leak;
  });
});

test('sops: decryptResource decrypts an encrypted Secret as the kustomize-controller does', {
  skip,
}, async () => {
  const secret =
    'apiVersion: v1\nkind: Secret\nmetadata:\n    name: db\n    namespace: apps\ntype: Opaque\nstringData:\n    password: s3cr3t\n    port: "5432"\ndata:\n    token: dG9rZW4=\n';
  const plain = join(dir, 'secret.yaml');
  writeFileSync(plain, secret);
  const encrypted = await encrypt(
    { name: 's', format: 'yaml', content: '', args: ['--encrypted-regex', '^(data|stringData)$'] },
    plain,
  );
  writeFileSync(join(dir, 'secret.enc.yaml'), encrypted);
  const want = await sopsDecrypt(join(dir, 'secret.enc.yaml'), 'yaml');
  assert.equal(want.code, 0);
  const obj = parseYaml(encrypted.toString()) as Record<string, unknown>;
  assert.ok(obj.sops, 'the encrypted Secret carries sops metadata');
  const got = await decryptResource(obj, keys);
  assert.deepEqual(got, parseYaml(want.stdout.toString()));
  assert.equal(
    await decryptResource(
      {
        ...obj,
        metadata: { name: 'db', annotations: { 'kustomize.toolkit.fluxcd.io/decrypt': 'Disabled' } },
      },
      keys,
    ),
    undefined,
  );
});

test('sops: decryptResource decrypts sops files inside Secret data entries', { skip }, async () => {
  const envPath = join(dir, 'gen.env');
  writeFileSync(envPath, 'USER=admin\nPASS=secret\n');
  const encEnv = await encrypt({ name: 'e', format: 'dotenv', content: '' }, envPath);
  const jsonPath = join(dir, 'gen.json');
  writeFileSync(jsonPath, '{"auths": {"registry.local": {"auth": "dXNlcjpwYXNz"}}}');
  const encJson = await encrypt({ name: 'j', format: 'json', content: '' }, jsonPath);
  writeFileSync(join(dir, 'gen.enc.env'), encEnv);
  writeFileSync(join(dir, 'gen.enc.json'), encJson);
  const wantEnv = await sopsDecrypt(join(dir, 'gen.enc.env'), 'dotenv');
  const wantJson = await sopsDecrypt(join(dir, 'gen.enc.json'), 'json');
  const obj = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'generated', namespace: 'apps' },
    data: {
      'app.env': encEnv.toString('base64'),
      '.dockerconfigjson': encJson.toString('base64'),
      plain: Buffer.from('not encrypted').toString('base64'),
    },
  };
  const got = (await decryptResource(obj, keys)) as { data: Record<string, string> };
  assert.equal(Buffer.from(got.data['app.env'] as string, 'base64').toString(), wantEnv.stdout.toString());
  assert.equal(
    Buffer.from(got.data['.dockerconfigjson'] as string, 'base64').toString(),
    wantJson.stdout.toString(),
  );
  assert.equal(got.data.plain, obj.data.plain);
  await assert.rejects(decryptResource(obj, wrongKeys), (e: Error) =>
    e.message.startsWith("failed to decrypt and format 'apps/generated' Secret field '"),
  );
});

test('sops: decryptFileIfEncrypted decrypts generator sources in place and leaves plain files', {
  skip,
}, async () => {
  const path = join(dir, 'source.yaml');
  writeFileSync(path, 'user: admin\npass: hunter2\n');
  const encrypted = await encrypt({ name: 'f', format: 'yaml', content: '' }, path);
  writeFileSync(join(dir, 'source.enc.yaml'), encrypted);
  const want = await sopsDecrypt(join(dir, 'source.enc.yaml'), 'yaml');
  const got = await decryptFileIfEncrypted(encrypted, 'yaml', keys);
  assert.equal(Buffer.from(got as Uint8Array).toString(), want.stdout.toString());
  assert.equal(await decryptFileIfEncrypted(Buffer.from('user: admin\n'), 'yaml', keys), undefined);
  // a YAML file is only decrypted when read as YAML: the dotenv marker is absent
  assert.equal(await decryptFileIfEncrypted(encrypted, 'dotenv', keys), undefined);
});

test('sops: Shamir groups below the threshold do not yield the data key', { skip }, async () => {
  const path = join(dir, 'shamir.yaml');
  writeFileSync(path, 'secret: shared\n');
  const rule = 'shamir_threshold: 2\n    key_groups:\n      - age: [MAIN]\n      - age: [OTHER]';
  const encrypted = await encrypt({ name: 's', format: 'yaml', content: '', rule }, path);
  assert.match(encrypted.toString(), /key_groups:/);
  // the other key opens one group of two
  await assert.rejects(
    decrypt(encrypted, { format: 'yaml', keys: wrongKeys }),
    /only 1 of the 2 key groups needed/,
  );
  const both = await keysFromSecretData({
    'a.agekey': ageKeyText,
    'b.agekey': readFileSync(join(dir, 'other.agekey'), 'utf8'),
  });
  assert.equal(
    Buffer.from(await decrypt(encrypted, { format: 'yaml', keys: both })).toString(),
    'secret: shared\n',
  );
});
