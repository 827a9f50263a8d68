import { loadConfig } from './config';
import { LiveRiskError } from './errors';

describe('configuration', () => {
  it('defaults to the local stack on loopback', () => {
    const config = loadConfig({});
    expect(config.kafkaBrokers).toEqual(['127.0.0.1:9092']);
    expect(config.schemaRegistryUrl).toBe('http://127.0.0.1:8081/apis/ccompat/v7');
    expect(config.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/live_risk');
  });

  it('names the variable that is wrong and what it should look like', () => {
    let caught: unknown;
    try {
      loadConfig({ KAFKA_BROKERS: 'localhost' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(LiveRiskError);
    expect((caught as LiveRiskError).code).toBe('CONFIG_INVALID');
    expect((caught as Error).message).toMatch(/KAFKA_BROKERS.*host:port/);
  });
});
