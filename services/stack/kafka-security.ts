import type { Config } from '../platform/config';
import { LiveRiskError } from '../platform/errors';
import { principalOf, readSecretFile } from '../platform/kafka-credentials';

/**
 * The authentication half of the stack's server.properties.
 *
 * - CLIENT, the only listener clients reach: SASL/SCRAM-SHA-512, over TLS (SASL_SSL) when
 *   KAFKA_SECURITY_PROTOCOL says so (the default for any broker address that is not loopback),
 *   with the council's own key store (KAFKA_SSL_KEYSTORE_FILE). It is also the inter-broker
 *   listener, where the broker logs in as the administrator.
 * - CONTROLLER, the KRaft quorum listener: SCRAM cannot work there (its credentials live in the
 *   metadata log the controller is the keeper of), so it is SASL PLAIN with one static user, the
 *   administrator, whose password is regenerated on every start. Without it the broker would reach
 *   its controller as ANONYMOUS, and ANONYMOUS would have to be a super user: anyone who could
 *   open the port would be one too.
 * - The recovery login, also on CLIENT: SASL PLAIN for the administrator alone, with a password
 *   regenerated on every start and kept only in server.properties and the state dir (both 0600).
 *   SCRAM credentials live in the metadata log, so when the broker's ever stop matching the
 *   password files nobody could log in to set them again (AlterUserScramCredentials goes through a
 *   broker, never the controller listener): this login can, and `stack up` uses it for exactly
 *   that (kafka-recovery.ts). It is a static JAAS user, so nothing in the metadata log can lose it.
 * - StandardAuthorizer, deny by default; the administrator is the only super user.
 */
export type BrokerSecrets = Readonly<{ admin: string; controller: string; recovery: string }>;

const keystoreType = (file: string): string => {
  const lower = file.toLowerCase();
  if (lower.endsWith('.jks')) return 'JKS';
  if (lower.endsWith('.pem')) return 'PEM';
  return 'PKCS12';
};

function tlsProperties(config: Config): string[] {
  const { keystore, caFile } = config.kafkaSecurity;
  if (!keystore) {
    throw new LiveRiskError('CONFIG_INVALID', 'KAFKA_SECURITY_PROTOCOL is sasl_ssl, but the broker has no certificate: KAFKA_SSL_KEYSTORE_FILE is not set', {
      hint: 'set KAFKA_SSL_KEYSTORE_FILE to the broker key store (.p12, .jks, or a .pem with key and chain) and KAFKA_SSL_KEYSTORE_PASSWORD_FILE (see README, "TLS with the council\'s certificates")',
    });
  }
  const type = keystoreType(keystore.file);
  const password = keystore.passwordFile ? readSecretFile(keystore.passwordFile) : undefined;
  return [
    `listener.name.client.ssl.keystore.location=${keystore.file}`,
    `listener.name.client.ssl.keystore.type=${type}`,
    // A PEM key store has no store password, only the (optional) password of its encrypted key.
    ...(password === undefined ? [] : type === 'PEM' ? [`listener.name.client.ssl.key.password=${password}`] : [`listener.name.client.ssl.keystore.password=${password}`]),
    // The broker is its own inter-broker client, so it must trust its own certificate's CA.
    ...(caFile ? [`listener.name.client.ssl.truststore.location=${caFile}`, 'listener.name.client.ssl.truststore.type=PEM'] : []),
  ];
}

export function brokerSecurityProperties(config: Config, broker: string, controller: string, secrets: BrokerSecrets): string {
  const admin = principalOf('admin');
  const clientProtocol = config.kafkaSecurity.protocol === 'sasl_ssl' ? 'SASL_SSL' : 'SASL_PLAINTEXT';
  return [
    `listeners=CLIENT://${broker},CONTROLLER://${controller}`,
    `advertised.listeners=CLIENT://${broker}`,
    `listener.security.protocol.map=CLIENT:${clientProtocol},CONTROLLER:SASL_PLAINTEXT`,
    'inter.broker.listener.name=CLIENT',
    'listener.name.client.sasl.enabled.mechanisms=SCRAM-SHA-512,PLAIN',
    'sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512',
    `listener.name.client.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${admin}" password="${secrets.admin}";`,
    `listener.name.client.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_${admin}="${secrets.recovery}";`,
    'listener.name.controller.sasl.enabled.mechanisms=PLAIN',
    'sasl.mechanism.controller.protocol=PLAIN',
    `listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="${admin}" password="${secrets.controller}" user_${admin}="${secrets.controller}";`,
    ...(clientProtocol === 'SASL_SSL' ? tlsProperties(config) : []),
    '',
    '# Deny by default: a principal may do only what an ACL grants it (services/kafka-access/grants.ts).',
    'authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    'allow.everyone.if.no.acl.found=false',
    `super.users=User:${admin}`,
  ].join('\n');
}
