import { PrognosError } from '@prognos/core';
import type { FastifyError, FastifyInstance } from 'fastify';

/** Maps every failure to the one error catalog: { code, message } with the catalog's HTTP status. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | PrognosError, req, reply) => {
    if (err instanceof PrognosError) return reply.status(err.status).send(err.toJSON());
    const fe = err as FastifyError;
    let pe: PrognosError;
    if (fe.validation) {
      const where = fe.validationContext ?? 'request';
      pe = new PrognosError('BAD_REQUEST', [`${where}${fe.message.replace(/^\w+/, '')}`]);
    } else if (
      fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
      err instanceof SyntaxError
    ) {
      pe = new PrognosError('MALFORMED_BODY', [fe.message]);
    } else if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      pe = new PrognosError('BODY_TOO_LARGE', [`${app.initialConfig.bodyLimit} bytes`]);
    } else if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      pe = new PrognosError('UNSUPPORTED_MEDIA_TYPE', [req.headers['content-type'] ?? '(none)']);
    } else if (fe.statusCode && fe.statusCode < 500) {
      pe = new PrognosError('BAD_REQUEST', [fe.message]);
    } else {
      req.log.error({ err }, 'request failed');
      pe = new PrognosError('INTERNAL', ['see the server log']);
    }
    return reply.status(pe.status).send(pe.toJSON());
  });
  app.setNotFoundHandler((req, reply) => {
    const pe = new PrognosError('NOT_FOUND', [`${req.method} ${req.url.split('?')[0]}`]);
    reply.status(404).send(pe.toJSON());
  });
}
