// A real SMTP server for tests (see SmtpSink.cs): listens on 127.0.0.1, accepts anyone without TLS or auth, and
// prints one JSON line per event on stdout: {"listening":PORT} once, then one line per message it received.
// Recipients whose local part starts with "fail-" get a temporary 451 and "reject-" a permanent 550 at RCPT TO,
// so tests can prove how the sender tells a retry from a give-up.
// It exits when stdin closes, so it never outlives the test process that started it, and on SIGTERM.
//
// Usage: node tests/Shared/smtp-sink.mjs [port]   (0 or nothing: any free port)
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';

const port = Number.parseInt(process.argv[2] ?? '0', 10) || 0;

function emit(value) {
  process.stdout.write(JSON.stringify(value) + '\n');
}

function smtpError(code, message) {
  const err = new Error(message);
  err.responseCode = code;
  return err;
}

// The content type of each MIME part in order, depth first ("multipart/alternative", "text/plain", "text/html"):
// mailparser gives the decoded text and html but not the shape of the message, which is what tests check here.
function partTypes(raw) {
  const types = [];
  const walk = (part) => {
    const split = part.search(/\r?\n\r?\n/);
    const head = (split < 0 ? part : part.slice(0, split)).replace(/\r?\n[ \t]+/g, ' ');
    const body = split < 0 ? '' : part.slice(split).replace(/^\r?\n\r?\n/, '');
    const contentType = /^content-type:\s*([^;\s]+)(.*)$/im.exec(head);
    const type = contentType ? contentType[1].toLowerCase() : 'text/plain';
    types.push(type);
    if (!type.startsWith('multipart/')) return;
    const boundary = /boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType[2]);
    if (!boundary) return;
    const delimiter = '--' + (boundary[1] ?? boundary[2]);
    const pieces = body.split(delimiter);
    // pieces[0] is the preamble; the piece that starts with "--" is the end of the multipart and what follows it.
    for (const piece of pieces.slice(1)) {
      if (piece.startsWith('--')) break;
      walk(piece.replace(/^[ \t]*\r?\n/, ''));
    }
  };
  walk(raw);
  return types;
}

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  banner: 'Wasl test SMTP sink',
  onRcptTo(address, session, callback) {
    const local = address.address.split('@')[0].toLowerCase();
    if (local.startsWith('fail-')) return callback(smtpError(451, `4.3.0 ${address.address}: try again later (test)`));
    if (local.startsWith('reject-')) return callback(smtpError(550, `5.1.1 ${address.address}: no such mailbox (test)`));
    return callback();
  },
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('error', callback);
    stream.on('end', async () => {
      try {
        const raw = Buffer.concat(chunks);
        const mail = await simpleParser(raw);
        const contentType = mail.headers.get('content-type');
        emit({
          from: mail.from?.value?.[0]?.address ?? null,
          fromName: mail.from?.value?.[0]?.name ?? null,
          envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: mail.subject ?? null,
          text: mail.text ?? null,
          html: typeof mail.html === 'string' ? mail.html : null,
          messageId: mail.messageId ?? null,
          contentType: contentType?.value ?? null,
          parts: partTypes(raw.toString('latin1')),
        });
        callback(null, 'Queued (test sink)');
      } catch (err) {
        process.stderr.write(`smtp-sink: could not parse a message: ${err?.stack ?? err}\n`);
        callback(smtpError(451, '4.3.0 The test sink could not parse the message'));
      }
    });
  },
});

server.on('error', (err) => process.stderr.write(`smtp-sink: ${err?.stack ?? err}\n`));

function stop() {
  server.close(() => process.exit(0));
  // Open connections keep close() waiting; the test is over, so do not wait for them.
  setTimeout(() => process.exit(0), 1000).unref();
}

process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();

server.listen(port, '127.0.0.1', () => emit({ listening: server.server.address().port }));
