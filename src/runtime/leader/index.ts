export { LeaderElector, type LeaderElectorOptions } from './elector.ts';
export { type Lease, microTime } from './lease.ts';
export { LeaderElectionDefaults, LeaderElectionFlags, leaseName } from './options.ts';
