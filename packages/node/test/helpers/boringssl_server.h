// What the BoringSSL test servers share (boringssl_compress_server.c, boringssl_ech_server.c):
// a TLS 1.3-only context with the fixture chain and key, a listener on 127.0.0.1 at a port the
// system chooses, announced as "port N" once listening (the tests wait for that line), and the
// accept loop.
#ifndef PURETLS_BORINGSSL_SERVER_H
#define PURETLS_BORINGSSL_SERVER_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

/** A TLS 1.3-only server context presenting CHAIN.pem with KEY.pem; NULL (errors printed) on failure. */
static SSL_CTX *tls13_server_context(const char *chain, const char *key) {
  signal(SIGPIPE, SIG_IGN);
  SSL_CTX *ctx = SSL_CTX_new(TLS_method());
  if (ctx == NULL || !SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION) ||
      !SSL_CTX_use_certificate_chain_file(ctx, chain) || !SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM)) {
    ERR_print_errors_fp(stderr);
    return NULL;
  }
  return ctx;
}

/** Listens on 127.0.0.1 (never another interface) and prints "port N"; -1 on failure. */
static int listen_on_loopback(void) {
  int listener = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t addr_len = sizeof addr;
  if (listener < 0 || bind(listener, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(listener, 16) != 0 ||
      getsockname(listener, (struct sockaddr *)&addr, &addr_len) != 0) {
    perror("listen");
    return -1;
  }
  printf("port %d\n", ntohs(addr.sin_port));
  fflush(stdout);
  return listener;
}

/** Serves one connection at a time, forever: `answer` runs the handshake and the exchange on it. */
static void serve_forever(SSL_CTX *ctx, int listener, void (*answer)(SSL *ssl, int fd)) {
  for (;;) {
    int fd = accept(listener, NULL, NULL);
    if (fd < 0) continue;
    SSL *ssl = SSL_new(ctx);
    SSL_set_fd(ssl, fd);
    answer(ssl, fd);
    SSL_free(ssl);
    close(fd);
  }
}

#endif
