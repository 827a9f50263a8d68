import { loadConfig } from './config';
import { kafkaClientSecurity, kafkaLogin, roleSecretFile } from './kafka-credentials';

describe('Kafka authentication settings', () => {
  it('authenticate on loopback without TLS, and use TLS as soon as a broker is elsewhere', () => {
    expect(loadConfig({}).kafkaSecurity.protocol).toBe('sasl_plaintext');
    expect(loadConfig({ KAFKA_BROKERS: '127.0.0.1:9092,localhost:9093' }).kafkaSecurity.protocol).toBe('sasl_plaintext');
    expect(loadConfig({ KAFKA_BROKERS: 'kafka.council.example:9093' }).kafkaSecurity.protocol).toBe('sasl_ssl');
    expect(loadConfig({ KAFKA_BROKERS: 'kafka:9092', KAFKA_SECURITY_PROTOCOL: 'sasl_plaintext' }).kafkaSecurity.protocol).toBe('sasl_plaintext');
    expect(() => loadConfig({ KAFKA_SECURITY_PROTOCOL: 'SSL' })).toThrow(/KAFKA_SECURITY_PROTOCOL: expected sasl_ssl/);
  });

  it('take a user name and a password file together or not at all', () => {
    expect(() => loadConfig({ KAFKA_SASL_USERNAME: 'live-risk-consumers' })).toThrow(/KAFKA_SASL_PASSWORD_FILE: set KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD_FILE together/);
    expect(loadConfig({ KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD_FILE: '/run/secrets/u' }).kafkaSecurity.credentials).toEqual({ username: 'u', passwordFile: '/run/secrets/u' });
  });

  it('without explicit credentials, each role logs in as its own principal with the password file in the state dir', () => {
    const config = loadConfig({ LIVE_RISK_STATE_DIR: '/srv/live-risk' });
    expect(roleSecretFile(config, 'consumers')).toBe('/srv/live-risk/kafka-credentials/live-risk-consumers.password');
    expect(() => kafkaLogin(config, 'consumers')).toThrow(/cannot read the Kafka password file \/srv\/live-risk\/kafka-credentials\/live-risk-consumers.password/);
  });

  it('give kafkajs SCRAM-SHA-512, with TLS only for sasl_ssl, and nothing for a plaintext broker', () => {
    const login = { username: 'agency-police', password: 's' };
    expect(kafkaClientSecurity(loadConfig({}), login)).toEqual({ sasl: { mechanism: 'scram-sha-512', username: 'agency-police', password: 's' } });
    expect(kafkaClientSecurity(loadConfig({ KAFKA_BROKERS: 'kafka.council.example:9093' }), login)).toEqual({ sasl: { mechanism: 'scram-sha-512', username: 'agency-police', password: 's' }, ssl: true });
    expect(kafkaClientSecurity(loadConfig({ KAFKA_SECURITY_PROTOCOL: 'plaintext' }), () => {
      throw new Error('no credentials are read for a plaintext broker');
    })).toEqual({});
  });
});
