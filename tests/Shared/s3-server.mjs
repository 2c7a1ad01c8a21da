// A real S3-compatible server for tests (see S3Server.cs): the npm package s3rver, listening on 127.0.0.1 with its
// data in a folder of its own, the buckets named on the command line created before it answers. It prints
// {"listening":PORT} on stdout once ready. Requests must be signed with its access key "S3RVER" (an unknown key is
// refused with 403 InvalidAccessKeyId); s3rver does not recompute Signature V4 itself.
// It exits when stdin closes, so it never outlives the test process that started it, and on SIGTERM.
//
// Usage: node tests/Shared/s3-server.mjs DIRECTORY BUCKET [BUCKET...]
import S3rver from 's3rver';

const [directory, ...buckets] = process.argv.slice(2);
if (!directory || buckets.length === 0) {
  process.stderr.write('usage: s3-server.mjs DIRECTORY BUCKET [BUCKET...]\n');
  process.exit(2);
}

const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory,
  resetOnClose: true,
  vhostBuckets: false,
  configureBuckets: buckets.map((name) => ({ name, configs: [] })),
});

const { port } = await server.run();
process.stdout.write(JSON.stringify({ listening: port }) + '\n');

let closing = false;
async function stop() {
  if (closing) return;
  closing = true;
  try {
    await server.close();
  } finally {
    process.exit(0);
  }
}
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
