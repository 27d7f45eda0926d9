import type { Condition } from '../../api/meta/index.ts';

export type { Condition };

/** An object whose status carries conditions: every Flux kind. */
export interface Conditioned {
  metadata?: { generation?: number; [k: string]: unknown };
  status?: { conditions?: Condition[]; observedGeneration?: number; [k: string]: unknown };
}
