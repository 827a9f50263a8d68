import { Counter, type Registry } from 'prom-client';
import type { Agency } from '../contracts';
import type { EventOutcome } from './accept';

/** The ingest API's counters, on the process's ops /metrics. Labels carry agencies and outcomes, never ids. */
export class IngestMetrics {
  private readonly events: Counter<'agency' | 'outcome'>;
  private readonly republished: Counter<'agency'>;
  private readonly responses: Counter<'status'>;

  constructor(registry: Registry) {
    this.events = new Counter({ name: 'live_risk_ingest_events_total', help: 'Events sent to the ingest API, per agency and outcome (accepted, duplicate, conflict, invalid, withheld)', labelNames: ['agency', 'outcome'], registers: [registry] });
    this.republished = new Counter({ name: 'live_risk_ingest_republished_total', help: 'Events published again because an earlier publication was never confirmed (a crash between Kafka’s ack and PostgreSQL); the copy is identical', labelNames: ['agency'], registers: [registry] });
    this.responses = new Counter({ name: 'live_risk_ingest_responses_total', help: 'Ingest API responses by status class', labelNames: ['status'], registers: [registry] });
  }

  outcomes(agency: Agency, outcomes: readonly EventOutcome[]): void {
    for (const outcome of outcomes) {
      this.events.inc({ agency, outcome: outcome.outcome });
      if (outcome.outcome === 'accepted' && outcome.republished) this.republished.inc({ agency });
    }
  }

  response(status: number): void {
    this.responses.inc({ status: `${Math.floor(status / 100)}xx` });
  }
}
