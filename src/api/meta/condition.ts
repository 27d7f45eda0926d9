/**
 * The status condition schema every Flux kind uses.
 */
import Type from 'typebox';
import { StringEnum } from './schema-helpers.ts';

/** A status condition (metav1.Condition): type, status, reason, message and transition time. */
export const Condition = Type.Object({
  lastTransitionTime: Type.String({ format: 'date-time' }),
  message: Type.String({ maxLength: 32768 }),
  observedGeneration: Type.Optional(Type.Integer({ format: 'int64', minimum: 0 })),
  reason: Type.String({ maxLength: 1024, minLength: 1, pattern: '^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$' }),
  status: StringEnum(['True', 'False', 'Unknown']),
  type: Type.String({
    maxLength: 316,
    pattern:
      '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$',
  }),
});
/** Condition, as TypeScript. */
export type Condition = Type.Static<typeof Condition>;
