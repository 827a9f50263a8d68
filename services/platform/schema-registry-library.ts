/**
 * The parts of @confluentinc/schemaregistry live-risk uses, from the library's own files. Its index
 * also loads the Avro and Protobuf serdes, the CEL and JSONata rule engines and the AWS, Azure, GCP
 * and Vault KMS drivers, which took two seconds of every process's start-up and every test file's.
 * Import the registry client and serdes from here, never from the package's index.
 */
export { RestError } from '@confluentinc/schemaregistry/dist/rest-error';
export { RestService } from '@confluentinc/schemaregistry/dist/rest-service';
export { Compatibility, SchemaRegistryClient, type Client, type SchemaInfo } from '@confluentinc/schemaregistry/dist/schemaregistry-client';
export { JSON_TYPE, JsonDeserializer, JsonSerializer } from '@confluentinc/schemaregistry/dist/serde/json';
export { SerdeType, SerializationError } from '@confluentinc/schemaregistry/dist/serde/serde';
