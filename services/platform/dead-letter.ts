import type { DeadLetterReason, DeadLettered } from '../contracts';
import { stableId } from './ids';
import type { ConsumedMessage } from './offset-consumer';
import type { OutboxMessage } from './outbox';

/** The dead-letter record for a rejected message: its original bytes, where it was, and why. */
export function deadLetterFor(
  message: ConsumedMessage,
  rejection: { reasonCode: DeadLetterReason; reason: string },
  deadLetteredAt: string,
): DeadLettered {
  return {
    type: 'dead-letter',
    deadLetterId: stableId('dl', message.topic, message.partition, message.offset),
    source: { topic: message.topic, partition: message.partition, offset: message.offset },
    key: message.key ? message.key.toString('base64') : null,
    value: message.value ? message.value.toString('base64') : null,
    reasonCode: rejection.reasonCode,
    reason: rejection.reason,
    deadLetteredAt,
  };
}

export function deadLetterOutboxMessage(deadLetterTopic: string, record: DeadLettered): OutboxMessage {
  return { topic: deadLetterTopic, key: record.source.topic, payload: record };
}
