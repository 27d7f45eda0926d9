import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { StallingError } from '../../../runtime/reconcile/index.ts';
import type { ImageUpdateAutomationObject } from '../env.ts';
import { commitMessage } from './message.ts';
import { updateFiles } from './update-files.ts';

const automation = (messageTemplate: string) =>
  ({
    metadata: { namespace: 'apps', name: 'auto' },
    spec: { git: { commit: { author: { email: 'bot@example.invalid' }, messageTemplate } } },
  }) as unknown as ImageUpdateAutomationObject;
const noChanges = { changes: [], fileChanges: {} };

test("the commit message renders Flux template data, with sprig's hermetic functions only", () => {
  assert.equal(
    commitMessage(
      automation(
        'auto {{ .AutomationObject }} {{ .AutomationObject.Name | upper }} {{ "a,b" | splitList "," | join "+" }}',
      ),
      noChanges,
    ),
    'auto apps/auto AUTO a+b',
  );
  assert.throws(() => commitMessage(automation('{{ now }}'), noChanges), /function "now" not defined/);
});

test("templates that cannot render stall in Flux's words", () => {
  const refused = (template: string, reason: string, message: string) =>
    assert.throws(
      () => commitMessage(automation(template), noChanges),
      (e: unknown) => e instanceof StallingError && e.reason === reason && e.message.startsWith(message),
      template,
    );
  refused(
    '{{ .Updated }}',
    'RemovedTemplateField',
    "template uses removed '.Updated' field. Please use '.Changed' instead.",
  );
  refused(
    '{{ .Changed ',
    'UpdateFailed',
    'failed to update source: unable to create commit message template from spec: ',
  );
  refused(
    '{{ template "missing" }}',
    'UpdateFailed',
    'failed to update source: failed to run template from spec: ',
  );
});

test('.Changed.Objects and .Changed.FileChanges are keyed by the changed object, as in Flux', async () => {
  const root = await mkdtemp(join(tmpdir(), 'tsflux-message-'));
  try {
    const marker = '# {"$imagepolicy": "flux:app"}';
    await writeFile(
      join(root, 'b.yaml'),
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: web, namespace: prod}',
        `image: reg.example/app:v1 ${marker}`,
        '---',
        'apiVersion: batch/v1',
        'kind: CronJob',
        'metadata: {name: job, namespace: prod}',
        `image: reg.example/app:v0 ${marker}`,
        '',
      ].join('\n'),
    );
    await writeFile(
      join(root, 'a.yaml'),
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: dev}\nimage: reg.example/app:v1 ${marker}\n`,
    );
    const result = await updateFiles(root, undefined, (p) =>
      p === 'flux:app' ? { name: 'reg.example/app', tag: 'v2' } : undefined,
    );
    const render = (template: string) => commitMessage(automation(template), result);
    // keys sort field by field: apiVersion, kind, name, namespace
    assert.equal(
      render(
        '{{ range $resource, $changes := .Changed.Objects }}- {{ $resource.Kind }}/{{ $resource.Namespace }}/{{ $resource.Name }} ({{ $resource.APIVersion }}):{{ range $changes }} {{ .OldValue }} -> {{ .NewValue }}{{ end }}\n{{ end }}',
      ),
      [
        '- Deployment/dev/api (apps/v1): reg.example/app:v1 -> reg.example/app:v2',
        '- Deployment/prod/web (apps/v1): reg.example/app:v1 -> reg.example/app:v2',
        '- CronJob/prod/job (batch/v1): reg.example/app:v0 -> reg.example/app:v2',
        '',
      ].join('\n'),
    );
    assert.equal(
      render(
        '{{ len .Changed.Objects }} {{ range $file, $objects := .Changed.FileChanges }}{{ $file }} {{ $objects }};{{ end }}',
      ),
      '3 a.yaml map[{{{apps/v1 Deployment} {api dev}}}:[{reg.example/app:v1 reg.example/app:v2 flux:app}]];' +
        'b.yaml map[{{{apps/v1 Deployment} {web prod}}}:[{reg.example/app:v1 reg.example/app:v2 flux:app}]' +
        ' {{{batch/v1 CronJob} {job prod}}}:[{reg.example/app:v0 reg.example/app:v2 flux:app}]];',
    );
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
