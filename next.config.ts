import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';
import { IMPORT_MAX_BYTES } from './lib/ops/import-limit';
import { ACTION_BODY_LIMIT } from './lib/web/action-limit';

const withNextIntl = createNextIntlPlugin('./i18n/request.ts');

const nextConfig: NextConfig = {
  // PGlite ships WASM and data files that must be loaded from node_modules, not bundled.
  serverExternalPackages: ['@electric-sql/pglite', 'pino'],
  poweredByHeader: false,
  experimental: {
    // Next buffers a body that goes through proxy.ts and cuts it here without an error. The
    // import's route is left out of the proxy; one byte over the import's limit still means
    // no body a route accepts can be cut short, should it ever be proxied again.
    proxyClientMaxBodySize: IMPORT_MAX_BYTES + 1,
    // proxy.ts refuses a larger action body with 413, before Next would (with a 500).
    serverActions: { bodySizeLimit: ACTION_BODY_LIMIT },
  },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'same-origin' },
          {
            key: 'Permissions-Policy',
            value: 'camera=(), microphone=(), geolocation=(), otp-credentials=(self)',
          },
          // Browsers ignore it over plain HTTP (http://localhost stays usable); behind TLS it pins HTTPS.
          ...(process.env.NODE_ENV === 'production'
            ? [{ key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' }]
            : []),
        ],
      },
      ...['/api/:path*', '/console/import/run'].map((source) => ({
        // The route handlers skip proxy.ts (no nonce): they answer JSON, redirects and streams,
        // and Auth.js's few plain pages (sign-out, error) run no script either.
        source,
        headers: [
          {
            key: 'Content-Security-Policy',
            value:
              "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
          },
        ],
      })),
    ];
  },
};

export default withNextIntl(nextConfig);
