export * from './code-lists';
export * from './primitives';
export * from './agency-events';
export * from './cohort-events';
export * from './derived-events';
export * from './acknowledgement-events';
export * from './topics';
