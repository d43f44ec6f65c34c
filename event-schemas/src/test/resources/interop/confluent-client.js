// Serializes or deserializes one Avro record with Confluent's own JavaScript client.
//   node confluent-client.js read  <registry-url> <topic> <payload-hex>   -> prints the record as JSON
//   node confluent-client.js write <registry-url> <topic>  (stdin: {"schema": "...", "message": {...}})
//                                                          -> registers the schema, prints the payload as hex
const {
  SchemaRegistryClient,
  SerdeType,
  AvroSerializer,
  AvroDeserializer,
  TopicNameStrategy,
} = require('@confluentinc/schemaregistry');

// Subjects are named after the topic, as Vigil and its contract name them. Left to itself the client
// first asks the registry for the topic's subject "associations", an endpoint Apicurio does not
// implement and that sometimes went unanswered for 45 s here: a test of the wire format must not
// hang on it.
const SERDE_CONFIG = { subjectNameStrategy: TopicNameStrategy };

async function read(client, topic, hex) {
  const deserializer = new AvroDeserializer(client, SerdeType.VALUE, { ...SERDE_CONFIG });
  const record = await deserializer.deserialize(topic, Buffer.from(hex, 'hex'));
  process.stdout.write(JSON.stringify(record));
}

async function write(client, topic, input) {
  const { schema, message } = JSON.parse(input);
  await client.register(topic + '-value', { schemaType: 'AVRO', schema });
  const serializer = new AvroSerializer(client, SerdeType.VALUE, { ...SERDE_CONFIG, useLatestVersion: true });
  const payload = await serializer.serialize(topic, message);
  process.stdout.write(payload.toString('hex'));
}

async function main() {
  const [mode, url, topic, hex] = process.argv.slice(2);
  // A request that gets no answer fails with an error to read instead of hanging the test.
  const client = new SchemaRegistryClient({ baseURLs: [url], createAxiosDefaults: { timeout: 45000 } });
  if (mode === 'read') {
    await read(client, topic, hex);
  } else if (mode === 'write') {
    const chunks = [];
    for await (const chunk of process.stdin) {
      chunks.push(chunk);
    }
    await write(client, topic, Buffer.concat(chunks).toString('utf8'));
  } else {
    throw new Error(`unknown mode '${mode}': use read or write`);
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
