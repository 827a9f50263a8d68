import { Partitioners, type Producer } from 'kafkajs';
import { addAgency, rotateAgency } from '../../services/agencies';
import { agencies } from '../../services/contracts';
import type { Config } from '../../services/platform/config';
import { LiveRiskError } from '../../services/platform/errors';
import { createKafka } from '../../services/platform/kafka';

/**
 * The demo's synthetic agencies publish as agencies do: each under its own Kafka credential, which
 * may write its own topic and nothing else (`live-risk agency add`). The secrets live only in this
 * process's memory; a second demo run rotates them, since no copy was kept to reuse.
 */
type DemoAgency = (typeof agencies)[number];

export type AgencyProducers = Readonly<{ producerOf(agency: DemoAgency): Producer; close(): Promise<void> }>;

export async function openAgencyProducers(config: Config, say: (line: string) => void): Promise<AgencyProducers> {
  const producers = new Map<DemoAgency, Producer>();
  const close = async () => {
    for (const producer of producers.values()) await producer.disconnect().catch(() => undefined);
  };
  try {
    for (const agency of agencies) {
      const name = `demo-${agency}`;
      const credentials = await addAgency(config, name, [agency]).catch((error: unknown) => {
        if (error instanceof LiveRiskError && error.code === 'INPUT_INVALID') return rotateAgency(config, name);
        throw error;
      });
      const producer = createKafka(config, `live-risk-demo-${agency}`, credentials.kafka).producer({
        allowAutoTopicCreation: false,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      producers.set(agency, producer);
    }
    say(`synthetic agencies publish as Kafka users ${[...producers.keys()].map((agency) => `${config.topicPrefix}agency-demo-${agency}`).join(', ')}, each allowed its own topic only`);
  } catch (error) {
    await close();
    throw error;
  }
  return {
    producerOf: (agency) => {
      const producer = producers.get(agency);
      if (!producer) throw new LiveRiskError('INTERNAL', `no producer for ${agency}`);
      return producer;
    },
    close,
  };
}
