import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StallingError } from '../../../runtime/reconcile/index.ts';
import type { ImageUpdateAutomationObject } from '../env.ts';
import { commitMessage } from './message.ts';

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
