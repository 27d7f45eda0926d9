import type { PrinterColumn } from './kind-definition.ts';

/**
 * The printer columns Flux's CRDs share (`kubectl get` output): the object's age and its Ready
 * condition's status and message.
 */

/** `AGE`, from the creation timestamp. */
export const AgeColumn: PrinterColumn = {
  jsonPath: '.metadata.creationTimestamp',
  name: 'Age',
  type: 'date',
};

/** `READY` and `STATUS`: the Ready condition's status and message. */
export const ReadyColumns: PrinterColumn[] = [
  { jsonPath: '.status.conditions[?(@.type=="Ready")].status', name: 'Ready', type: 'string' },
  { jsonPath: '.status.conditions[?(@.type=="Ready")].message', name: 'Status', type: 'string' },
];
