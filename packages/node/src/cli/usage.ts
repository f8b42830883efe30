/** The usage text: the complete CLI reference (README copies it). Plain text, no engine import. */

/**
 * The CLI's deadline for TCP connect plus handshake when --timeout is not given (and, for `get`,
 * the longest silence of the server after it): a server that accepts and never answers ends the
 * command (exit 4, one line) instead of hanging it. The API has no default.
 *
 * @example
 * new TlsSocket({ host, port, timeout: DEFAULT_TIMEOUT_MS });
 */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Default of --max-redirs, as curl's. @example if (hops > DEFAULT_MAX_REDIRS) fail(); */
export const DEFAULT_MAX_REDIRS = 10;

/** The usage text. @example process.stdout.write(`${USAGE}\n`); */
export const USAGE = `usage:
  puretls get <https-url> [options]       HTTP/1.1 request; the response body to stdout (curl)
  puretls connect <host:port> [options]   stdin to the connection, the connection to stdout (s_client)
  puretls --help | help                   this text
  puretls --version                       puretls <version>

TLS options (get and connect):
  --ca FILE             trust the PEM certificates in FILE (repeatable; default: Node's root store)
  --servername NAME     SNI and the name to verify (default: the URL's or target's host)
  --alpn P1,P2          ALPN protocols to offer (get: http/1.1 only; default for get: http/1.1)
  --groups G1,G2        key exchange groups: X25519MLKEM768, SecP256r1MLKEM768, x25519, p256, p384 (the
                        first gets a key share, and the first classical one too after a hybrid;
                        default: all but SecP256r1MLKEM768)
  --suites S1,S2        cipher suites: TLS_AES_128_GCM_SHA256 (aes128), TLS_AES_256_GCM_SHA384 (aes256),
                        TLS_CHACHA20_POLY1305_SHA256 (chacha20)
  --cert-compression A1,A2
                        certificate compression (RFC 8879) to offer: brotli, zlib (default
                        brotli,zlib), or none; the server may then send its chain compressed
  --crypto node|noble   the crypto provider: node:crypto (OpenSSL, the default) or noble (pure JS)
  --timeout MS          deadline for TCP connect plus handshake (default ${DEFAULT_TIMEOUT_MS}); for get
                        also the longest silence of the server afterwards
  --resolve HOST:PORT:ADDR[,ADDR]
                        connect to ADDR instead of looking HOST up, for HOST:PORT only (curl's;
                        repeatable; [v6] brackets allowed); SNI and verification stay on HOST
  --connect-to HOST1:PORT1:HOST2:PORT2
                        connect to HOST2:PORT2 instead of HOST1:PORT1 (curl's; an empty field
                        matches any / keeps the original; repeatable, the first match wins);
                        SNI and verification stay on HOST1
  --keylogfile FILE     append the traffic secrets to FILE (NSS key log format, for Wireshark;
                        created with mode 0600); also -keylogfile
  --sess-in FILE        resume the session in FILE (one --sess-out wrote; a file that is not one is
                        a usage error); expired, or for another server name, it is not offered and
                        the handshake is a full one (-v says which); also -sess_in
  --sess-out FILE       write each session ticket the server sends to FILE, the newest last, as
                        s_client does (created with mode 0600: it holds the session's secret);
                        also -sess_out
  --export LABEL:LEN    connect: once connected, print LEN bytes of keying material exported with
                        LABEL and no context (RFC 9846 §7.5; as s_server -keymatexport), in hex, to
                        stderr (repeatable)
  --ech LIST            Encrypted Client Hello (RFC 9849) with the server's ECHConfigList: base64
                        (a DNS HTTPS record's ech= value) or @FILE (its bytes); the real server
                        name and ALPN go encrypted, the wire names the config's public name; a
                        rejection fails (exit 3) and prints the server's retry configs
  --ech-dns             Encrypted Client Hello with the ECHConfigList of the name's DNS HTTPS record
                        (RFC 9460 and 9848; _PORT._https.NAME for ports but 443), asked of the
                        system's resolvers; the record's TargetName and port, if any, are where
                        TCP goes. No record with ech, or no DNS answer, fails (exit 4): never a
                        connection without ECH. -v says where the config came from
  --dns-server ADDR     with --ech-dns (implied): ask ADDR (ip, ip:port, [v6]:port) over UDP,
                        TCP after a truncated answer (repeatable, tried in order)
  --ech-doh URL         as --ech-dns, the lookup over DNS-over-HTTPS (RFC 8484) to URL, its
                        certificate verified as the server's (--ca)
  --ech-retry           with --ech or --ech-dns: after a rejection with retry configs, connect
                        once more with them
  --cert FILE           our certificate chain (PEM, leaf first) for a server that asks for one
                        (mTLS); with --key; also -cert
  --key FILE            its private key (PEM: PKCS#8, encrypted PKCS#8, SEC 1 or PKCS#1); also -key
  --pass SPEC           the key's passphrase, as openssl takes it: pass:TEXT, env:VAR or file:PATH
                        (its first line); also -pass
  --dangerously-accept-any-certificate
                        do not verify the server's certificate at all (a warning is printed);
                        anyone on the path can then read and change the connection
  --status              the OCSP response the server stapled (status_request is always offered),
                        as verified, to stderr: good (its dates), none stapled, or why it was
                        refused (revoked, expired, wrong signer, must-staple leaf without one;
                        the command then fails with exit 2); also -status
  --brief               a short summary (protocol, suite, group, peer certificate, verification)
                        to stderr, like s_client -brief; also -brief
  -v, --verbose         the handshake (version, suite, group, HRR, ALPN, chain, verification,
                        timings) to stderr; for get also the request and response heads (> and <)
  --trace               each record, handshake message, alert and CCS, in and out, decoded, to
                        stderr (like s_client -msg; no secrets)

get options (curl's names):
  -X, --request METHOD  the request method (default GET; POST with -d)
  -H, --header 'N: v'   add a request header, or replace a default one (Host, User-Agent, Accept);
                        'N:' removes a default header, 'N;' sends it empty (repeatable)
  -d, --data DATA       send DATA as the body (POST, Content-Type application/x-www-form-urlencoded
                        unless -H gives one); @FILE reads FILE (CR and LF removed, as curl does),
                        @- reads stdin; repeated -d are joined with &
  --data-binary DATA    as -d, but @FILE is sent byte for byte
  -I, --head            a HEAD request; the response head to stdout
  -i, --include         the response status line and headers to stdout before the body
  -o, --output FILE     write the body to FILE instead of stdout (- is stdout)
  -L, --location        follow redirects (301, 302, 303, 307, 308) to https: URLs; a relative
                        Location is resolved against the URL; 303, and 301/302 after POST, become GET
  --max-redirs N        with -L, at most N redirects (default ${DEFAULT_MAX_REDIRS})
  -f, --fail            an HTTP status of 400 or more: nothing of the body written, exit 5
  -w, --write-out FMT   after the transfer, write FMT to stdout with %{variable} replaced and \\n, \\r,
                        \\t escapes: http_code, http_version, num_redirects, url_effective,
                        content_type, remote_ip, remote_port, local_ip, local_port, size_download,
                        size_header, size_request, speed_download, ssl_verify_result, time_namelookup,
                        time_connect, time_appconnect, time_pretransfer, time_starttransfer,
                        time_redirect, time_total (seconds since the command started), exitcode
  -s, --silent          no warnings and no error messages (the exit status still says what
                        happened; the --dangerously-accept-any-certificate warning stays)
  -S, --show-error      with -s, still print the error message

connect options (openssl s_client's, with one dash too):
  --showcerts           the server's chain as sent, in PEM, to stdout before any data; also -showcerts
  --reconnect           connect, then reconnect 5 times, each resuming with the newest ticket of
                        the connection before; one line per handshake to stderr: full handshake or
                        resumed, and its time in ms; no data is sent but --early-data's; also
                        -reconnect
  --early-data FILE     with --sess-in: send FILE's bytes as 0-RTT early data, before the handshake
                        completes, then stdin; stderr says whether the server accepted them (if it
                        refused them, they are resent after the handshake, or the command fails
                        when the server agreed on another ALPN protocol). With --reconnect
                        (--sess-in optional): send them as 0-RTT on each connection whose session
                        allows it (each reconnection; the first too with --sess-in), each line
                        ending with early data: accepted, rejected or not sent. An attacker can
                        replay 0-RTT data: send only what is safe to repeat; also -early_data
  -connect HOST:PORT, -CAfile FILE, -servername NAME, -alpn P1,P2, -groups G1:G2,
  -ciphersuites S1:S2   the s_client spellings of the target and of --ca, --servername, --alpn,
                        --groups and --suites

environment:
  SSLKEYLOGFILE=FILE    as --keylogfile FILE (the option wins)

exit status:
  0  success
  1  usage mistake, or a local file (--ca, -o, --keylogfile, -d @FILE, --sess-in, --sess-out,
     --early-data) or stdout that cannot be read or written
  2  certificate verification failed
  3  other TLS failure (handshake failure, alert, a TCP close without close_notify in connect,
     early data refused under another ALPN protocol)
  4  network error or timeout (DNS, connection refused, --timeout)
  5  get --fail: the HTTP status was 400 or more
  6  get: the response was cut short (a Content-Length or chunked body, or the head, incomplete)
  7  get: a body delimited by the connection's close ended without close_notify (delivered,
     with a warning: it may be truncated, RFC 9112 §9.8)
  8  get: the response is not valid HTTP/1.x or exceeds the bounds (64 KiB of head, 100 fields)
  9  get -L: too many redirects, or a redirect to a URL that is not https:`;
