export { Health, type PartHealth, type PartState } from './health';
export { LiveRiskMetrics, type MetricsRuntime } from './metrics';
export { startOpsServer, type OpsServer } from './ops-server';
