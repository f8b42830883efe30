// A TLS 1.3 server on BoringSSL (Debian's android-libboringssl) that compresses its Certificate
// (RFC 8879) with the algorithms named on the command line, in its preference order:
//   boringssl_compress_server CHAIN.pem KEY.pem zlib|brotli [zlib|brotli]
// It listens on 127.0.0.1 only, on a port the system chooses, prints "port N" once listening,
// then for each connection: the handshake, one read, an HTTP/1.0 answer, close_notify. Every
// compression it performs is printed as "compressed ALG IN OUT" (bytes before and after), so the
// test can tell from the server's side too that the chain went out compressed. Built by
// interop-cert-compression.test.ts; stopped by its PID.
#include "boringssl_server.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <brotli/encode.h>
#include <openssl/bytestring.h>
#include <zlib.h>

static int zlib_compress(SSL *ssl, CBB *out, const uint8_t *in, size_t in_len) {
  (void)ssl;
  uLongf len = compressBound(in_len);
  uint8_t *buf;
  if (!CBB_reserve(out, &buf, len) || compress2(buf, &len, in, in_len, 9) != Z_OK || !CBB_did_write(out, len)) return 0;
  printf("compressed zlib %zu %lu\n", in_len, (unsigned long)len);
  fflush(stdout);
  return 1;
}

static int brotli_compress(SSL *ssl, CBB *out, const uint8_t *in, size_t in_len) {
  (void)ssl;
  size_t len = BrotliEncoderMaxCompressedSize(in_len);
  uint8_t *buf;
  if (len == 0 || !CBB_reserve(out, &buf, len)) return 0;
  if (!BrotliEncoderCompress(BROTLI_DEFAULT_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC, in_len, in, &len, buf) || !CBB_did_write(out, len)) return 0;
  printf("compressed brotli %zu %zu\n", in_len, len);
  fflush(stdout);
  return 1;
}

/** The handshake, one read, an HTTP/1.0 answer, close_notify. */
static void answer(SSL *ssl, int fd) {
  (void)fd;
  if (SSL_accept(ssl) == 1) {
    char request[4096];
    if (SSL_read(ssl, request, sizeof request) > 0) {
      const char *page = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nhello from boringssl\n";
      SSL_write(ssl, page, (int)strlen(page));
    }
    SSL_shutdown(ssl);
  } else {
    ERR_print_errors_fp(stderr);
  }
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: %s CHAIN.pem KEY.pem zlib|brotli [zlib|brotli]\n", argv[0]);
    return 2;
  }
  SSL_CTX *ctx = tls13_server_context(argv[1], argv[2]);
  if (ctx == NULL) return 1;
  for (int i = 3; i < argc; i++) {
    int ok = strcmp(argv[i], "zlib") == 0 ? SSL_CTX_add_cert_compression_alg(ctx, TLSEXT_cert_compression_zlib, zlib_compress, NULL)
           : strcmp(argv[i], "brotli") == 0 ? SSL_CTX_add_cert_compression_alg(ctx, TLSEXT_cert_compression_brotli, brotli_compress, NULL)
           : 0;
    if (!ok) {
      fprintf(stderr, "cannot register compression algorithm %s\n", argv[i]);
      return 2;
    }
  }
  int listener = listen_on_loopback();
  if (listener < 0) return 1;
  serve_forever(ctx, listener, answer);
}
