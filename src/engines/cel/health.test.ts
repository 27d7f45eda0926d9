import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileHealthChecks } from './health.ts';

const check = {
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  current: "status.conditions.exists(c, c.type == 'Ready' && c.status == 'True')",
  inProgress: "status.conditions.exists(c, c.type == 'Ready' && c.reason == 'Scaling')",
  failed: "status.conditions.exists(c, c.type == 'Ready' && c.status == 'False' && c.reason == 'Broken')",
};
const widget = (conditions?: unknown[], observedGeneration = 1) => ({
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  metadata: { name: 'w', generation: 1 },
  status: conditions ? { observedGeneration, conditions } : { observedGeneration },
});
const ready = (status: string, reason = 'Any') => [{ type: 'Ready', status, reason }];

test('CEL health: current, failed and inProgress in that precedence; unknown fields keep waiting', () => {
  const checks = compileHealthChecks([check]);
  const status = (o: ReturnType<typeof widget>) => checks.statusOf(o)?.status;
  assert.equal(status(widget(ready('True'))), 'Current');
  assert.deepEqual(checks.statusOf(widget(ready('False', 'Broken'))), {
    status: 'Failed',
    message: `health check expression '${check.failed}' is true`,
  });
  // inProgress wins over a current that also holds
  assert.deepEqual(checks.statusOf(widget(ready('True', 'Scaling'))), {
    status: 'InProgress',
    message: `health check expression '${check.inProgress}' is true`,
  });
  assert.deepEqual(checks.statusOf(widget(ready('False', 'Wait'))), {
    status: 'InProgress',
    message: `waiting for '${check.current}'`,
  });
  // status.conditions does not exist yet: keep waiting, never an error
  assert.equal(status(widget()), 'InProgress');
  assert.deepEqual(checks.statusOf(widget(ready('True'), 0)), {
    status: 'InProgress',
    message: 'generation not observed yet',
  });
});

test('CEL health: checks apply by apiVersion and kind (any kind when unset), else undefined', () => {
  const checks = compileHealthChecks([check]);
  assert.equal(checks.statusOf({ ...widget(ready('True')), apiVersion: 'example.com/v2' }), undefined);
  assert.equal(checks.statusOf({ ...widget(ready('True')), kind: 'Gadget' }), undefined);
  const anyKind = compileHealthChecks([{ apiVersion: 'example.com/v1', current: 'true' }]);
  assert.equal(anyKind.statusOf({ ...widget(), kind: 'Gadget' })?.status, 'Current');
  assert.equal(compileHealthChecks(undefined).statusOf(widget()), undefined);
});

test('CEL health: an expression that does not parse is refused up front, naming it', () => {
  assert.throws(
    () => compileHealthChecks([{ ...check, failed: 'status.(' }]),
    (e: Error) => {
      assert.match(
        e.message,
        /^failed to parse health check expression 'status\.\(' for example\.com\/v1\/Widget: /,
      );
      assert.doesNotMatch(e.message, /\n/);
      return true;
    },
  );
});
