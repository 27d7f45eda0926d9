/** Flux's leader-election flag names. */
export const LeaderElectionFlags = {
  enable: 'enable-leader-election',
  leaseDuration: 'leader-election-lease-duration',
  renewDeadline: 'leader-election-renew-deadline',
  retryPeriod: 'leader-election-retry-period',
} as const;

/** Flux's leader-election defaults: election off; lease 35 s, renew deadline 30 s, retry every 5 s. */
export const LeaderElectionDefaults = {
  enable: false,
  leaseDurationMs: 35_000,
  renewDeadlineMs: 30_000,
  retryPeriodMs: 5_000,
} as const;

/** The Lease name Flux uses for a controller: `<controller>-leader-election`. */
export function leaseName(controller: string): string {
  return `${controller}-leader-election`;
}
