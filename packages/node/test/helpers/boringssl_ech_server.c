// An Encrypted Client Hello server (RFC 9849) on BoringSSL (Debian's android-libboringssl, the
// TLS library of Chrome's ECH), the client's independent peer:
//   boringssl_ech_server CHAIN.pem KEY.pem PUBLIC_NAME [p256-only] [early-data]
// At start it makes two DHKEM(X25519) keys with BoringSSL's own HPKE and ECHConfig encoder: one it
// holds (config id 1, its retry config) and one it throws away (config id 2). It prints
//   config BASE64   the ECHConfigList it decrypts (what a DNS HTTPS record would publish)
//   stale BASE64    an ECHConfigList for the key it does not hold (a rotated-out config)
//   port N          once listening on 127.0.0.1 (a port the system chooses)
// then for each connection, after the handshake, one line
//   conn ech=0|1 sni=NAME resumed=0|1 early=0|1
// (SSL_ech_accepted, the name of the hello it answered, session reuse, 0-RTT taken), or, when
// the handshake fails, "failed ech=0|1 sni=NAME reason=BORINGSSL_REASON"; then it reads one
// request, answers "hello from boringssl ech NAME" and sends close_notify. `p256-only` limits
// its groups to P-256 so a client that leads with X25519 gets a HelloRetryRequest; `early-data`
// takes 0-RTT. Session tickets are on (BoringSSL's default). Built by
// interop-ech-boringssl.test.ts; stopped by its PID.
#include "boringssl_server.h"

#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <openssl/base64.h>
#include <openssl/hpke.h>
#include <openssl/mem.h>

/** Prints "LABEL BASE64" for the ECHConfigList holding the one config `config`. */
static int print_list(const char *label, const uint8_t *config, size_t len) {
  uint8_t list[1024];
  if (len + 2 > sizeof list) return 0;
  list[0] = (uint8_t)(len >> 8);
  list[1] = (uint8_t)len;
  memcpy(list + 2, config, len);
  uint8_t b64[2048];
  size_t n = EVP_EncodeBlock(b64, list, len + 2);
  printf("%s %.*s\n", label, (int)n, b64);
  return 1;
}

/** A new X25519 ECH key and its ECHConfig (config id `id`, maximum_name_length 32). */
static int make_config(uint8_t id, const char *public_name, EVP_HPKE_KEY *key, uint8_t **config, size_t *len) {
  return EVP_HPKE_KEY_generate(key, EVP_hpke_x25519_hkdf_sha256()) &&
         SSL_marshal_ech_config(config, len, id, key, public_name, 32);
}

/**
 * With 0-RTT taken, SSL_accept returns before the client's EndOfEarlyData and Finished, and
 * SSL_shutdown would then send nothing. SSL_read runs the rest of the handshake; on a
 * nonblocking socket it then finds no application data and says WANT_READ.
 */
static void finish_handshake(SSL *ssl, int fd) {
  int flags = fcntl(fd, F_GETFL);
  fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  while (SSL_in_init(ssl)) {
    char byte;
    int r = SSL_read(ssl, &byte, 1);
    struct pollfd p = {fd, POLLIN, 0};
    if (r > 0 || SSL_get_error(ssl, r) != SSL_ERROR_WANT_READ || !SSL_in_init(ssl) || poll(&p, 1, 10000) != 1) break;
  }
  fcntl(fd, F_SETFL, flags);
}

/** The handshake, the "conn" or "failed" line, one request and its answer, close_notify. */
static void answer(SSL *ssl, int fd) {
  if (SSL_accept(ssl) == 1) {
    const char *sni = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
    printf("conn ech=%d sni=%s resumed=%d early=%d\n", SSL_ech_accepted(ssl), sni == NULL ? "-" : sni, SSL_session_reused(ssl), SSL_early_data_accepted(ssl));
    fflush(stdout);
    char request[4096];
    int n = SSL_read(ssl, request, sizeof request - 1);
    if (n > 0) {
      char page[512];
      snprintf(page, sizeof page, "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nhello from boringssl ech %s\n", sni == NULL ? "-" : sni);
      SSL_write(ssl, page, (int)strlen(page));
    }
    finish_handshake(ssl, fd);
    SSL_shutdown(ssl);
  } else {
    // A client that rejects the handshake says why in its alert (ech_required after a rejected ECH).
    const char *sni = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
    const char *reason = ERR_reason_error_string(ERR_peek_last_error());
    printf("failed ech=%d sni=%s reason=%s\n", SSL_ech_accepted(ssl), sni == NULL ? "-" : sni, reason == NULL ? "-" : reason);
    fflush(stdout);
    ERR_clear_error();
  }
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: %s CHAIN.pem KEY.pem PUBLIC_NAME [p256-only] [early-data]\n", argv[0]);
    return 2;
  }
  SSL_CTX *ctx = tls13_server_context(argv[1], argv[2]);
  if (ctx == NULL) return 1;
  for (int i = 4; i < argc; i++) {
    if (strcmp(argv[i], "p256-only") == 0) {
      if (!SSL_CTX_set1_curves_list(ctx, "P-256")) return 1;
    } else if (strcmp(argv[i], "early-data") == 0) {
      SSL_CTX_set_early_data_enabled(ctx, 1);
    } else {
      fprintf(stderr, "unknown option %s\n", argv[i]);
      return 2;
    }
  }
  EVP_HPKE_KEY *held = EVP_HPKE_KEY_new(), *stale = EVP_HPKE_KEY_new();
  uint8_t *held_config = NULL, *stale_config = NULL;
  size_t held_len = 0, stale_len = 0;
  SSL_ECH_KEYS *keys = SSL_ECH_KEYS_new();
  if (held == NULL || stale == NULL || keys == NULL ||
      !make_config(1, argv[3], held, &held_config, &held_len) || !make_config(2, argv[3], stale, &stale_config, &stale_len) ||
      !SSL_ECH_KEYS_add(keys, 1, held_config, held_len, held) || !SSL_CTX_set1_ech_keys(ctx, keys) ||
      !print_list("config", held_config, held_len) || !print_list("stale", stale_config, stale_len)) {
    ERR_print_errors_fp(stderr);
    return 1;
  }
  int listener = listen_on_loopback();
  if (listener < 0) return 1;
  serve_forever(ctx, listener, answer);
}
