export * from './registry';
export { resetConsumer } from './reset';
