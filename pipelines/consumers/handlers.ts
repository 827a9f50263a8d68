import { consumerRegistry, type ConsumerName, type ProjectionConsumerName } from '../../services/consumers';
import { encompassHandler } from '../../services/encompass/encompass-handler';
import { matcherHandler } from '../../services/matcher/matcher-handler';
import type { BatchHandler, ConsumerDeps, ConsumerObserver } from '../../services/platform/offset-consumer';
import type { Runtime } from '../../services/platform/runtime';
import { projectionHandler, projections, type ProjectionName } from '../../services/projector';
import { urgentHandler } from '../../services/urgent/urgent-handler';

/**
 * The handler of each consumer in the registry (services/consumers). The switch is exhaustive, and
 * the projections' names must be exactly the registry's projections, so a consumer added to one and
 * not the other fails to compile.
 */
const sameNames: [ProjectionName, ProjectionConsumerName] extends [ProjectionConsumerName, ProjectionName] ? true : never = true;
void sameNames;

export function handlerFor(runtime: Runtime, name: ConsumerName): BatchHandler {
  const all = projections(runtime.topics);
  switch (name) {
    case 'matcher':
      return matcherHandler(runtime);
    case 'encompass':
      return encompassHandler(runtime);
    case 'cohort':
      return projectionHandler(runtime, all.cohort);
    case 'reviews':
      return projectionHandler(runtime, all.reviews);
    case 'matches':
      return projectionHandler(runtime, all.matches);
    case 'dead-letters':
      return projectionHandler(runtime, all['dead-letters']);
    case 'digests':
      return projectionHandler(runtime, all.digests);
    case 'acknowledgements':
      return projectionHandler(runtime, all.acknowledgements);
    case 'criteria-approvals':
      return projectionHandler(runtime, all['criteria-approvals']);
    case 'urgent':
      return urgentHandler(runtime);
    case 'urgent-alerts':
      return projectionHandler(runtime, all['urgent-alerts']);
    case 'encompass-notifications':
      return projectionHandler(runtime, all['encompass-notifications']);
    case 'sharing-decisions':
      return projectionHandler(runtime, all['sharing-decisions']);
  }
}

export function consumerDepsOf(runtime: Runtime, observer?: ConsumerObserver): ConsumerDeps {
  return {
    kafka: runtime.kafka,
    db: runtime.db,
    databaseUrl: runtime.config.databaseUrl,
    clusterId: runtime.kafkaClusterId,
    log: runtime.log,
    groupPrefix: runtime.config.topicPrefix,
    observer,
  };
}

export const describeConsumer = (name: ConsumerName): string => `${name} (${consumerRegistry[name].kind}: ${consumerRegistry[name].description})`;
