// The whole wire format for the codec tests: the shipped client side (src/msgs) and the server side
// (server_codecs.ts) that only tests use.
export * from '../../src/msgs/alert.js';
export * from '../../src/msgs/cert_request_bodies.js';
export * from '../../src/msgs/certificate.js';
export * from '../../src/msgs/certificate_request.js';
export * from '../../src/msgs/certificate_verify.js';
export * from '../../src/msgs/client_hello.js';
export * from '../../src/msgs/encrypted_extensions.js';
export * from '../../src/msgs/enums.js';
export * from '../../src/msgs/ext_bodies.js';
export * from '../../src/msgs/extension.js';
export * from '../../src/msgs/finished.js';
export * from '../../src/msgs/handshake.js';
export * from '../../src/msgs/key_update.js';
export * from '../../src/msgs/new_session_ticket.js';
export * from '../../src/msgs/server_hello.js';
export * from './server_codecs.js';
export * from '../../src/msgs/compressed_certificate.js';
