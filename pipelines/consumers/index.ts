export { catchUp } from './catch-up';
export { followConsumers, type FollowOptions } from './follow';
export { consumerDepsOf, describeConsumer, handlerFor } from './handlers';
export { catchUpOrder, digestInputs, type ConsumerName } from '../../services/consumers';
