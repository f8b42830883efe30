/** The wire format: handshake messages, extensions, alerts and codepoints. */
export * from './alert.js';
export * from './certificate.js';
export * from './certificate_request.js';
export * from './certificate_verify.js';
export * from './client_hello.js';
export * from './encrypted_extensions.js';
export * from './enums.js';
export * from './ext_bodies.js';
export * from './extension.js';
export * from './finished.js';
export * from './handshake.js';
export * from './key_update.js';
export * from './new_session_ticket.js';
export * from './server_hello.js';
