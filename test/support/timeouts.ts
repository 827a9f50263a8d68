// Integration tests wait on real brokers and consumer-group joins; these are ceilings, not targets.
jest.setTimeout(180_000);
