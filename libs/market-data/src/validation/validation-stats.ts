/** What a provider's row validation has let through and dropped since it started. */
export interface ValidationStatsSnapshot {
  /** Upstream rows that passed validation. */
  readonly acceptedRows: number;
  /** Upstream rows dropped, by reason (the reason texts are stable). */
  readonly droppedRows: Readonly<Record<string, number>>;
}

/** Running counters of one provider's row validation (for metrics and health). */
export class ValidationStats {
  private accepted = 0;
  private readonly dropped = new Map<string, number>();

  record(acceptedRows: number, droppedByReason: ReadonlyMap<string, number>): void {
    this.accepted += acceptedRows;
    for (const [reason, count] of droppedByReason) {
      this.dropped.set(reason, (this.dropped.get(reason) ?? 0) + count);
    }
  }

  snapshot(): ValidationStatsSnapshot {
    return { acceptedRows: this.accepted, droppedRows: Object.fromEntries(this.dropped) };
  }
}
